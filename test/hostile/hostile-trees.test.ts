// Hostile trees, made at test time, through the CLI. The cases test/cli/foundation.test.ts
// already covers (FIFOs and sockets in `ls`, unreadable directories, names with newlines and
// invalid UTF-8 in `ls`, a missing context or one that is a file for the report) are not repeated.
// Expected tar sizes were checked against Docker's own code (the oracle's `tar` command, Docker
// 20.10's classic builder) when these tests were written.
// In-process (runCli) except where the walk must run while the test changes the tree: a real
// process (startBin). A long synchronous walk cannot starve vitest's messages (test/runner.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { loadContext } from '../../src/context/load-context.js';
import { Pattern } from '../../src/context/matcher.js';
import { nodeFileSystem } from '../../src/fs/node-fs.js';
import { makeDeepChain, makeSocket, makeTree, tempDir, writeRawName } from '../helpers/make-tree.js';
import { startBin } from '../helpers/run-bin.js';
import { runCli } from '../helpers/run-cli.js';
import type { FileSize, Report } from '../../src/types.js';

const GiB = 1024 ** 3;

/** The JSON report as printed: a name that is not UTF-8 carries its raw bytes in pathBase64. */
type ReportJson = Pick<Report, 'summary' | 'findings'> & { largestFiles: (FileSize & { pathBase64?: string })[] };

async function report(
  dir: string,
  extra: readonly string[] = [],
): Promise<{ code: number; json: ReportJson; stderr: string }> {
  const r = await runCli([dir, '--format', 'json', ...extra]);
  return { code: r.code, json: JSON.parse(r.stdout) as ReportJson, stderr: r.stderr };
}

describe('huge sparse file', () => {
  test('10 GiB: content bytes exact, tar gets a PAX size record', async () => {
    const dir = makeTree({ Dockerfile: 'FROM scratch\n', 'big.bin': { sparse: 10 * GiB } });
    const { code, json } = await report(dir);
    expect(code).toBe(0);
    expect(json.summary.bytes).toBe(10 * GiB + 13);
    // Dockerfile 512 + 512; big.bin: PAX header 512 + its "20 size=10737418240\n" record padded
    // to 512, the header 512 and 10 GiB of content; two zero blocks. Oracle: 10737421824.
    expect(json.summary.tarBytes).toBe(10 * GiB + 1024 + 1536 + 1024);
    expect(json.summary.tarBytes).toBe(10737421824);
    expect(json.largestFiles[0]).toEqual({ path: 'big.bin', bytes: 10 * GiB });
  });
});

describe('hard links', () => {
  test('the classic tar stores later links as headers only', async () => {
    const dir = makeTree({
      a: { size: 1000 },
      b: { hardlink: 'a' },
      'sub/c': { hardlink: 'a' },
      solo: { size: 700 },
    });
    const { code, json } = await report(dir);
    expect(code).toBe(0);
    expect(json.summary).toMatchObject({ files: 4, dirs: 1, bytes: 3700 });
    // a 512 + 1024, b 512 (TypeLink), solo 512 + 1024, sub/ 512, sub/c 512 (TypeLink), trailer 1024.
    // Were links stored as files it would be 512 + 1024 more each. Oracle: 5632.
    expect(json.summary.tarBytes).toBe(5632);
  });
});

describe('symlinks are never followed', () => {
  test('loops, links out of the context and to directories are listed as links and add no bytes', async () => {
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'huge.bin'), '');
    fs.truncateSync(path.join(outside, 'huge.bin'), 2 * GiB);
    makeTree({ 'secret/passwords.txt': 'hunter2\n' }, outside);
    const dir = makeTree({
      loop: { symlink: 'loop' },
      a: { symlink: 'b' },
      b: { symlink: 'a' },
      out: { symlink: path.join(outside, 'huge.bin') },
      outdir: { symlink: path.join(outside, 'secret') },
      up: { symlink: '..' },
      root: { symlink: '/' },
      'real.txt': 'hi\n',
    });
    const { code, json } = await report(dir);
    expect(code).toBe(0);
    expect(json.summary).toMatchObject({ files: 8, dirs: 0, bytes: 3, symlinks: 7 });
    // Seven link headers (a target over 100 bytes adds a PAX linkpath record), real.txt 512 + 512,
    // the trailer. Nothing of the 2 GiB file or the outside directory is counted.
    const linkHeaders = [path.join(outside, 'huge.bin'), path.join(outside, 'secret')].map((t) =>
      Buffer.byteLength(t) > 100 ? 1536 : 512,
    );
    expect(json.summary.tarBytes).toBe(5 * 512 + linkHeaders[0]! + linkHeaders[1]! + 1024 + 1024);
    const rows = JSON.parse((await runCli(['ls', dir, '--json'])).stdout) as { path: string; type: string }[];
    expect(rows.map((r) => `${r.type} ${r.path}`)).toEqual([
      'symlink a',
      'symlink b',
      'symlink loop',
      'symlink out',
      'symlink outdir',
      'file real.txt',
      'symlink root',
      'symlink up',
    ]);
  });
});

describe('special files in the report', () => {
  test('a FIFO is a header in the classic tar, a socket is left out of it (archive/tar cannot write sockets)', async () => {
    const dir = makeTree({ fifo: { fifo: true }, 'a.txt': 'a' });
    await makeSocket(path.join(dir, 'sock'));
    const { code, json } = await report(dir);
    expect(code).toBe(0);
    expect(json.summary).toMatchObject({ files: 3, specialFiles: 2, bytes: 1 });
    // a.txt 512 + 512, fifo 512, no socket, trailer 1024.
    expect(json.summary.tarBytes).toBe(2560);
  });
});

describe('names as bytes', () => {
  test('the report carries invalid UTF-8 names escaped, with their raw bytes in pathBase64', async () => {
    const dir = tempDir();
    writeRawName(dir, Buffer.from([0x62, 0x69, 0x67, 0xfe]), 'x'.repeat(5000));
    fs.writeFileSync(path.join(dir, 'tab\tand\nnewline'), 'x'.repeat(4000));
    const { json } = await report(dir);
    expect(json.largestFiles.map((f) => f.path)).toEqual(['big\udcfe', 'tab\tand\nnewline']);
    expect(Buffer.from(json.largestFiles[0]!.pathBase64!, 'base64')).toEqual(Buffer.from([0x62, 0x69, 0x67, 0xfe]));
    expect(json.largestFiles[1]!.pathBase64).toBeUndefined();
    // A non-UTF-8 name needs a PAX path record: (512 + 512 + 512 + 5120) + (512 + 4096) + 1024. Oracle: 12288.
    expect(json.summary.tarBytes).toBe(12288);
  });
});

describe('5,000 directories deep', () => {
  const DEPTH = 5000;
  // One chain for the three tests (made once: 5,000 mkdirs, and as many to remove); the last test
  // adds the ignore file that excludes it.
  let dir = '';
  beforeAll(async () => {
    dir = tempDir();
    await makeDeepChain(dir, DEPTH);
  });

  test('ls lists the chain as far as a path can reach (PATH_MAX), without a stack overflow', async () => {
    const r = await runCli(['ls', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    // Each level adds "d/" (2 bytes); a directory is read while its absolute path is shorter than 4096 bytes.
    const readable = Math.floor((4095 - dir.length) / 2);
    expect(lines.length).toBe(readable + 1);
    expect(lines.at(-1)).toBe('d/'.repeat(readable + 1));
  });

  test('the report names the entry Docker fails on (file name too long) and exits 1', async () => {
    const r = await runCli([dir, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/RangeError|call stack|\n\s+at /);
    const json = JSON.parse(r.stdout) as ReportJson;
    expect(json.findings).toHaveLength(1);
    const finding = json.findings[0]!;
    expect(finding).toMatchObject({ check: 'unreadable-directory', severity: 'error', data: { code: 'ENAMETOOLONG' } });
    // The first path that reaches PATH_MAX: (dir + "/" + path).length >= 4096.
    expect(dir.length + 1 + finding.path.length).toBeGreaterThanOrEqual(4096);
    expect(dir.length + 1 + finding.path.length - 2).toBeLessThan(4096);
    expect(json.summary.dirs).toBe(finding.path.split('/').length - 1);
  });

  test('excluded, the chain is neither read nor reported', async () => {
    fs.writeFileSync(path.join(dir, '.dockerignore'), 'd\n');
    const { code, json } = await report(dir);
    expect(code).toBe(0);
    expect(json.findings).toEqual([]);
    expect(json.summary).toMatchObject({ files: 1, dirs: 0 });
  });
});

describe('an ignore file with 10,000 patterns', () => {
  test('completes, the last line still decides, and each path tries only the patterns that can match it', async () => {
    const spec: Record<string, string> = { Dockerfile: 'FROM scratch\n' };
    for (let i = 0; i < 300; i++) spec[`pkg${i % 30}/mod${i}/file${i}.txt`] = String(i);
    const lines: string[] = [];
    for (let i = 0; i < 9_998; i++) lines.push(i % 3 === 0 ? `pkg*/mod${i}/**` : `**/never-${i}.tmp`);
    // The last two lines decide for mod7: excluded, then re-included.
    lines.push('pkg7/mod7', '!pkg7/mod7/file7.txt');
    spec['.dockerignore'] = lines.join('\n') + '\n';
    const dir = makeTree(spec);
    const { code, json } = await report(dir);
    expect(code).toBe(0);
    // mod0, mod3, … mod297 (100 directories, one file each) are excluded by "pkg*/modN/**".
    expect(json.summary.excludedFiles).toBe(100);
    expect(json.summary.files).toBe(2 + 200);
    const sent = (await runCli(['ls', dir])).stdout.split('\n');
    expect(sent).toContain('pkg7/mod7/file7.txt');
    expect(sent).not.toContain('pkg0/mod0/file0.txt');

    // The work is bounded by the patterns that can match, not by all of them: the walk tries a
    // pattern on a path far fewer times than once per pattern per entry (about 6.3 million).
    const tries = vi.spyOn(Pattern.prototype, 'match');
    try {
      const ctx = loadContext({
        fs: nodeFileSystem,
        cwd: dir,
        classic: false,
        measureExcluded: true,
        stat: true,
        readLinks: false,
      });
      const walked = ctx.entries.length + ctx.excluded.length;
      expect(walked).toBeGreaterThan(300);
      expect(tries.mock.calls.length).toBeLessThan(walked * 10);
    } finally {
      tries.mockRestore();
    }
  });
});

describe('degenerate contexts', () => {
  test('an empty context: nothing sent, the tar is its two zero blocks', async () => {
    const dir = tempDir();
    const { code, json } = await report(dir);
    expect(code).toBe(0);
    expect(json.summary).toMatchObject({
      files: 0,
      dirs: 0,
      bytes: 0,
      tarBytes: 1024,
      excludedFiles: 0,
      excludedBytes: 0,
      symlinks: 0,
      specialFiles: 0,
    });
    const ls = await runCli(['ls', dir]);
    expect(ls).toMatchObject({ code: 0, stdout: '' });
  });

  test.for([
    ['ls: missing', (d: string) => ['ls', path.join(d, 'nope')], /context ".*nope" does not exist/],
    ['ls: a file', (d: string) => ['ls', path.join(d, 'file')], /is not a directory/],
    ['report: a dangling symlink', (d: string) => [path.join(d, 'dangling')], /context ".*dangling" does not exist/],
    ['ls: a dangling symlink', (d: string) => ['ls', path.join(d, 'dangling')], /context ".*dangling" does not exist/],
    ['report: a symlink to a file', (d: string) => [path.join(d, 'tofile')], /is not a directory/],
  ] as const)('%s: exit 2, one line', async ([, argsOf, message]) => {
    const dir = makeTree({ file: 'x', dangling: { symlink: 'nowhere' }, tofile: { symlink: 'file' } });
    const r = await runCli(argsOf(dir));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('large excluded trees', () => {
  test('counted exactly when the counting is spread over threads', async () => {
    // More excluded entries than the walk counts inline (MEASURE_INLINE_ENTRIES, 8,192), so the
    // background measurer takes part: 10,000 files in 201 directories.
    const spec: Record<string, string | { size: number }> = { '.dockerignore': 'node_modules\n', 'app.js': 'x' };
    let bytes = 0;
    for (let p = 0; p < 100; p++) {
      for (let f = 0; f < 100; f++) {
        const size = (p * 7 + f * 13) % 50;
        spec[`node_modules/p${p}/lib/f${f}.js`] = { size };
        bytes += size;
      }
    }
    const dir = makeTree(spec);
    const { code, json } = await report(dir);
    expect(code).toBe(0);
    expect(json.summary).toMatchObject({ files: 2, excludedFiles: 10_000, excludedBytes: bytes });
  });
});

describe('files deleted during the walk', () => {
  test('entries that vanish are skipped, never an error', async () => {
    // One real race (each of the two it once ran cost seconds of CPU); the races themselves are
    // made deterministic with an in-memory file system in vanishing-entries.test.ts.
    // Written asynchronously, a directory at a time: 10,000 synchronous writes can block the test
    // worker for a minute on a loaded machine.
    const dir = tempDir();
    for (let d = 0; d < 200; d++) {
      const sub = path.join(dir, `d${String(d).padStart(3, '0')}`);
      await fs.promises.mkdir(sub);
      await Promise.all(Array.from({ length: 50 }, (_, f) => fs.promises.writeFile(path.join(sub, `f${f}`), 'x')));
    }
    const running = startBin([dir, '--format', 'json']);
    // Delete from the end of the walk order backwards while the walk runs.
    for (let d = 199; d >= 0; d--) fs.rmSync(path.join(dir, `d${String(d).padStart(3, '0')}`), { recursive: true });
    const r = await running;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as ReportJson;
    expect(json.findings).toEqual([]);
    expect(json.summary.files).toBeLessThanOrEqual(10_000);
  });
});
