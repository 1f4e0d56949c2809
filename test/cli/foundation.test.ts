// The real bin on real trees: report, ls, why, limits, errors and exit codes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { makeSocket, makeTree, tempDir, writeRawName } from '../helpers/make-tree.js';
import { runBin } from '../helpers/run-bin.js';
import { runCli } from '../helpers/run-cli.js';

const pythonProject = () =>
  makeTree({
    Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\n',
    '.dockerignore': '**/__pycache__\n.git\nnode_modules\n!node_modules/keep\n',
    'app.py': 'print(1)\n',
    'requirements.txt': 'flask==3.0.0\n',
    'src/__pycache__/a.cpython-312.pyc': { size: 700 },
    'src/a.py': 'x = 1\n',
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/objects/ab/cdef': { size: 5000 },
    'node_modules/keep/index.js': '1',
    'node_modules/other/index.js': { size: 3000 },
  });

describe('report', () => {
  test('JSON report carries the documented summary', async () => {
    const dir = pythonProject();
    const r = await runCli([dir, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.ignoreFile).toBe('.dockerignore');
    expect(report.summary).toMatchObject({
      files: 6,
      dirs: 3,
      excludedFiles: 4,
      excludedBytes: 5000 + 21 + 700 + 3000,
    });
    expect(report.summary.bytes).toBe(
      ['Dockerfile', '.dockerignore', 'app.py', 'requirements.txt', 'src/a.py', 'node_modules/keep/index.js'].reduce(
        (n, f) => n + fs.statSync(path.join(dir, f)).size,
        0,
      ),
    );
    // node_modules holds nothing but node_modules/keep: only the deeper one is listed.
    expect(report.largestDirs.map((d: { path: string }) => d.path).sort()).toEqual(['node_modules/keep', 'src']);
    // COPY . /app requests the whole eligible context.
    expect(report.summary).toMatchObject({
      referencedFiles: 6,
      referencedBytes: report.summary.bytes,
      uncopiedFiles: 0,
    });
    expect(report.summary.transferBytes).toBeGreaterThan(report.summary.bytes);
    // The re-included node_modules/keep is a node_modules tree sent to the daemon; the tag
    // without a digest is the only other remark.
    expect(report.findings.map((f: { check: string; severity: string }) => [f.check, f.severity])).toEqual([
      ['host-environment', 'warning'],
      ['unpinned-base-image', 'info'],
    ]);
    expect(report.limits).toEqual([]);
  });

  test('table report shows totals and what the ignore file saved', async () => {
    const r = await runCli([pythonProject(), '--no-color']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Sends {6}6 files, [0-9.]+k?B, all requested by the Dockerfile \(≈ [0-9.]+k?B cold; classic tar [0-9.]+k?B\)$/m,
    );
    expect(r.stdout).toMatch(/^Kept out {3}4 files, 8.721kB \([0-9.]+%\) by \.dockerignore$/m);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  test('--quiet prints the findings and the verdict; --verbose the full totals; both is a usage error', async () => {
    const dir = pythonProject();
    const quiet = await runCli([dir, '--quiet', '--no-color']);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toBe(
      'warning  host-environment  node_modules  Host environment in the build context\ninfo     unpinned-base-image  Dockerfile:1  Base image without a fixed version\n\nPasses: no finding at or above --fail-on error\n',
    );
    expect((await runCli([dir, '-v', '--no-color'])).stdout).toMatch(
      /eligible \(ignore file applied\)\s*│\s*6\s*│\s*3/,
    );
    const both = await runCli([dir, '-q', '-v']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('buildctx: report: give --quiet or --verbose, not both\n');
  });

  test('--max-size exceeded: names the limit, the measured value and the biggest contributors, exits 1', async () => {
    const dir = makeTree({ 'big/a.bin': { size: 4000 }, 'small.txt': 'x', 'mid/b.bin': { size: 2000 } });
    const r = await runCli([dir, '--max-size', '5kB', '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Limit {6}--max-size 5kB exceeded: measured 6.001kB; biggest: big 4kB, mid 2kB/m);
    expect(r.stdout.indexOf('big')).toBeLessThan(r.stdout.indexOf('mid'));
    const json = JSON.parse((await runCli([dir, '--max-size', '5kB', '--format', 'json'])).stdout);
    expect(json.limits[0]).toMatchObject({ limit: 'max-size', max: 5000, actual: 6001, exceeded: true });
    expect(json.limits[0].contributors.map((c: { path: string }) => c.path)).toEqual(['big', 'mid', 'small.txt']);
  });

  test('--max-files within the limit exits 0', async () => {
    const dir = makeTree({ a: '1', b: '2' });
    expect((await runCli([dir, '--max-files', '2'])).code).toBe(0);
    expect((await runCli([dir, '--max-files', '1'])).code).toBe(1);
  });
});

describe('ls', () => {
  test('lists sent paths in byte order with directories marked', async () => {
    const dir = pythonProject();
    const r = await runCli(['ls', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      '.dockerignore',
      'Dockerfile',
      'app.py',
      'node_modules/',
      'node_modules/keep/',
      'node_modules/keep/index.js',
      'requirements.txt',
      'src/',
      'src/a.py',
    ]);
  });

  test('--excluded lists excluded roots; --json gives type and size', async () => {
    const dir = pythonProject();
    expect((await runCli(['ls', dir, '--excluded'])).stdout.split('\n').filter(Boolean)).toEqual([
      '.git/',
      'node_modules/other/',
      'src/__pycache__/',
    ]);
    const rows = JSON.parse((await runCli(['ls', dir, '--excluded', '--json'])).stdout);
    expect(rows).toContainEqual({ path: '.git', type: 'dir', size: 5021, files: 2 });
    const sent = JSON.parse((await runCli(['ls', dir, '--json'])).stdout);
    expect(sent).toContainEqual({ path: 'src', type: 'dir', size: 0 });
    expect(sent).toContainEqual({ path: 'app.py', type: 'file', size: 9 });
  });

  test('-z and JSON keep newlines and invalid UTF-8 in names lossless', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'line\nbreak'), 'x');
    writeRawName(dir, Buffer.from([0x66, 0xff, 0x6f]));
    fs.writeFileSync(path.join(dir, 'back\\slash'), 'x');
    const z = await runCli(['ls', dir, '-z']);
    const names = z.stdoutBytes.toString('latin1').split('\0').filter(Boolean);
    expect(names).toEqual(['back\\slash', 'f\xffo', 'line\nbreak']);
    const rows = JSON.parse((await runCli(['ls', dir, '--json'])).stdout);
    expect(rows.map((r: { path: string }) => r.path)).toEqual(['back\\slash', 'f\udcffo', 'line\nbreak']);
    expect(Buffer.from(rows[1].pathBase64, 'base64')).toEqual(Buffer.from([0x66, 0xff, 0x6f]));
    const text = (await runCli(['ls', dir])).stdout;
    expect(text).toBe('"back\\\\slash"\n"f\\377o"\n"line\\nbreak"\n');
  });

  test('a listing longer than one output chunk (64 KiB) arrives whole and in order, as text and with -z', async () => {
    const dir = tempDir();
    const names = Array.from({ length: 3000 }, (_, i) => `file-${String(i).padStart(5, '0')}-${'x'.repeat(40)}`);
    for (const n of names) fs.writeFileSync(path.join(dir, n), '');
    const text = (await runCli(['ls', dir])).stdout;
    expect(text.length).toBeGreaterThan(2 * 64 * 1024);
    expect(text).toBe(names.map((n) => n + '\n').join(''));
    const z = await runCli(['ls', dir, '-z']);
    expect(z.stdoutBytes.toString('latin1')).toBe(names.map((n) => n + '\0').join(''));
  });

  test('FIFOs and sockets are listed, never opened; symlinks are listed, never followed', async () => {
    const dir = makeTree({ fifo: { fifo: true }, out: { symlink: '/etc' }, loop: { symlink: 'loop' } });
    await makeSocket(path.join(dir, 'sock'));
    const rows = JSON.parse((await runCli(['ls', dir, '--json'])).stdout);
    expect(rows).toEqual([
      { path: 'fifo', type: 'other', size: 0 },
      { path: 'loop', type: 'symlink', size: 0 },
      { path: 'out', type: 'symlink', size: 0 },
      { path: 'sock', type: 'other', size: 0 },
    ]);
  });
});

describe('why', () => {
  test('names the deciding line, the parent it matched through, and pruning', async () => {
    const dir = pythonProject();
    const r = await runCli([
      'why',
      '-C',
      dir,
      'node_modules/other/index.js',
      'node_modules/keep/index.js',
      'app.py',
      '.git/HEAD',
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^excluded\s+node_modules\/other\/index.js\s+\.dockerignore:3:node_modules \(matches the parent node_modules\/\)/,
    );
    expect(lines[1]).toMatch(
      /^sent\s+node_modules\/keep\/index.js\s+\.dockerignore:4:!node_modules\/keep \(matches the parent node_modules\/keep\/\)/,
    );
    expect(lines[2]).toMatch(/^sent\s+app.py\s+no rule matched/);
    expect(lines[3]).toMatch(/the walker never enters \.git\//);
    const json = JSON.parse((await runCli(['why', '-C', dir, '--json', 'node_modules/other/index.js'])).stdout);
    expect(json[0]).toMatchObject({
      path: 'node_modules/other/index.js',
      sent: false,
      rule: { line: 3, pattern: 'node_modules', exception: false },
      via: 'node_modules',
      prunedAt: 'node_modules/other',
    });
  });

  test('a pattern repeated after an exception: sent, but it arrives empty (spec W37)', async () => {
    const dir = makeTree({
      '.dockerignore': 'node_modules\n!node_modules/keep\nnode_modules\n',
      'node_modules/keep/k': 'k',
    });
    const json = JSON.parse((await runCli(['why', '-C', dir, '--json', 'node_modules/keep/k'])).stdout);
    expect(json[0]).toMatchObject({ sent: true, arrivesEmpty: true, rule: { line: 2 } });
  });

  test('a path outside the context is a usage error', async () => {
    const r = await runCli(['why', '-C', makeTree({ a: '1' }), '../etc/passwd']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not inside the context/);
  });
});

describe('unreadable directories', () => {
  const tree = (ignore: string) => {
    const dir = makeTree({ '.dockerignore': ignore, 'locked/secret.txt': 'x', 'open.txt': 'y' });
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    return dir;
  };

  test('not excluded: an error finding naming the directory (Docker fails the build), exit 1', () => {
    const r = runBin([tree(''), '--format', 'json'], { unprivileged: true });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toEqual([
      expect.objectContaining({ check: 'unreadable-directory', severity: 'error', path: 'locked' }),
    ]);
  });

  test('excluded: Docker skips it and so do we', () => {
    const r = runBin([tree('locked\n'), '--format', 'json'], { unprivileged: true });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });
});

describe('errors: one line on stderr, exit 2', () => {
  test.for([
    ['missing context', (d: string) => [path.join(d, 'nope')], /context ".*nope" does not exist/],
    ['context is a file', (d: string) => [path.join(d, 'file')], /is not a directory/],
    ['unknown option', (d: string) => [d, '--bogus'], /Unknown option '--bogus'/],
    ['bad format', (d: string) => [d, '--format', 'xml'], /--format must be one of/],
    ['bad size', (d: string) => [d, '--max-size', 'lots'], /--max-size: "lots" is not a size/],
    ['missing -f', (d: string) => [d, '-f', path.join(d, 'Nope.Dockerfile')], /Dockerfile ".*" does not exist/],
  ] as const)('%s', async ([, argsOf, message]) => {
    const dir = makeTree({ file: 'x' });
    const r = await runCli(argsOf(dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test.for([
    ['[\n', 'syntax error in pattern'],
    ['!\n', 'illegal exclusion pattern: "!"'],
    ['foo\\q\n', 'syntax error in pattern'],
    ['bin\\\n', 'syntax error in pattern'],
  ])('invalid ignore file %j is refused like Docker refuses it', async ([ignore, message]) => {
    const dir = makeTree({ '.dockerignore': ignore!, a: '1' });
    for (const args of [[dir], ['ls', dir]]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toMatch(/\.dockerignore:1/);
    }
  });
});

describe('ls guard options', () => {
  test('--max-files and --max-size fail after listing, naming the limit and the biggest contributors', async () => {
    const dir = makeTree({ 'big/a.bin': { size: 3000 }, 'big/b.bin': { size: 3000 }, 'c.txt': 'x' });
    const files = await runCli(['ls', dir, '--max-files', '2']);
    expect(files.code).toBe(1);
    expect(files.stdout.split('\n').filter(Boolean)).toHaveLength(4);
    expect(files.stderr).toMatch(/--max-files 2 exceeded: measured 3; biggest: big \(2\), c.txt \(1\)/);
    const size = await runCli(['ls', dir, '--max-size', '5kB', '--format', 'json']);
    expect(size.code).toBe(1);
    expect(size.stderr).toMatch(/--max-size 5kB exceeded: measured 6.001kB; biggest: big \(6kB\)/);
    expect((await runCli(['ls', dir, '--max-files', '3'])).code).toBe(0);
  });
});
