// `why` takes paths as `git check-ignore` does: absolute inside the context, relative to the
// working directory, raw bytes and base64 for non-UTF-8 names; exit codes 0 / 1 (--exit-code) / 2.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/io.js';
import { makeTree, tempDir, writeRawName } from '../helpers/make-tree.js';
import { BIN } from '../helpers/run-bin.js';

function memoryIo(cwd: string, stdin: Uint8Array | null = null): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const text = (c: string | Uint8Array) => (typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
  return {
    stdout: { write: (c) => out.push(text(c)) },
    stderr: { write: (c) => err.push(text(c)) },
    readStdin: () => Promise.resolve(stdin),
    stdinIsTTY: stdin === null,
    env: {},
    cwd,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

async function why(cwd: string, args: string[], stdin: Uint8Array | null = null) {
  const io = memoryIo(cwd, stdin);
  const code = await run(['why', ...args], io);
  return { code, stdout: io.out(), stderr: io.err(), json: () => JSON.parse(io.out()) as Record<string, unknown>[] };
}

const project = () =>
  makeTree({
    '.dockerignore': 'logs\ntmp\n!/tmp/.gitkeep\n',
    'src/app.py': 'x\n',
    'logs/a.log': 'l\n',
    'tmp/.gitkeep': '',
    'tmp/cache.bin': 'c',
  });

describe('why: which paths it takes', () => {
  test.for([
    ['relative to the working directory at the context root', '.', 'src/app.py'],
    ['relative to the working directory inside the context', 'src', 'app.py'],
    ['a ./ prefix and ../ that stays inside', 'src', './../src/app.py'],
  ] as const)('%s', async ([, sub, given]) => {
    const dir = project();
    const r = await why(path.join(dir, sub), ['-C', dir, '--json', given]);
    expect(r.code).toBe(0);
    expect(r.json()[0]).toMatchObject({ path: 'src/app.py', sent: true, exists: true });
  });

  test('an absolute path inside the context, also through a symlinked parent', async () => {
    const dir = project();
    const link = path.join(tempDir(), 'ctx-link');
    fs.symlinkSync(dir, link);
    const r = await why('/', ['-C', dir, '--json', path.join(dir, 'logs/a.log'), path.join(link, 'src/app.py')]);
    expect(r.code).toBe(0);
    expect(r.json().map((x) => [x.path, x.sent])).toEqual([
      ['logs/a.log', false],
      ['src/app.py', true],
    ]);
  });

  test('from outside the context, a relative path is relative to the context (as git -C)', async () => {
    const dir = project();
    const r = await why(tempDir(), ['-C', dir, '--json', 'logs/a.log']);
    expect(r.json()[0]).toMatchObject({ path: 'logs/a.log', sent: false });
  });

  test.for([
    ['an absolute path outside', '/etc/passwd'],
    ['a relative path that leaves it', '../x'],
    ['the context root itself', '.'],
  ] as const)('%s is exit 2 with one line', async ([, given]) => {
    const dir = project();
    const r = await why(dir, ['-C', dir, given]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  test('--stdin reads raw bytes, one a line or NUL-terminated with -z', async () => {
    const dir = project();
    writeRawName(dir, Buffer.from([0x66, 0xff, 0x6f]));
    const lines = await why(dir, ['--stdin', '--json'], Buffer.from('src/app.py\nlogs/a.log\n'));
    expect(lines.json().map((x) => x.sent)).toEqual([true, false]);
    const raw = await why(dir, ['--stdin', '-z', '--json'], Buffer.from([0x66, 0xff, 0x6f, 0]));
    expect(raw.json()[0]).toMatchObject({
      exists: true,
      sent: true,
      pathBase64: Buffer.from([0x66, 0xff, 0x6f]).toString('base64'),
    });
  });

  test('--base64 takes the pathBase64 that ls --json prints', async () => {
    const dir = project();
    const name = Buffer.from([0x6c, 0x6f, 0x67, 0x73, 0x2f, 0xe9, 0x2e, 0x6c, 0x6f, 0x67]); // logs/\xe9.log
    writeRawName(path.join(dir, 'logs'), name.subarray(5));
    const r = await why(dir, ['--json', '--base64', name.toString('base64')]);
    expect(r.json()[0]).toMatchObject({ exists: true, sent: false, via: 'logs', pathBase64: name.toString('base64') });
    expect((await why(dir, ['--base64', 'not base64!'])).code).toBe(2);
  });
});

describe('why: verdicts and exit codes', () => {
  test('a directory sent as the parent of a re-included file is sent, as ls lists it', async () => {
    const dir = project();
    const r = await why(dir, ['--json', 'tmp', 'tmp/cache.bin', 'logs']);
    expect(r.json().map((x) => [x.path, x.sent, x.sentAsParentOf])).toEqual([
      ['tmp', true, 'tmp/.gitkeep'],
      ['tmp/cache.bin', false, null],
      ['logs', false, null],
    ]);
    const text = await why(dir, ['tmp']);
    expect(text.stdout).toMatch(/^sent\s+tmp\s+\.dockerignore:2:tmp — sent only as the parent of tmp\/\.gitkeep/);
  });

  test('exit 0 once every path is answered; --exit-code makes an excluded path exit 1', async () => {
    const dir = project();
    expect((await why(dir, ['logs/a.log'])).code).toBe(0);
    expect((await why(dir, ['--exit-code', 'src/app.py', 'tmp'])).code).toBe(0);
    expect((await why(dir, ['--exit-code', 'src/app.py', 'logs/a.log'])).code).toBe(1);
  });

  // Fuzz case 1581 (seed 1): patternmatcher compiles a pattern when a path first reaches it, and
  // `\i` is no RE2 escape, so Docker fails the build at that match; `why` was an internal error.
  test('a pattern that fails to compile when a path reaches it: one line naming the line, exit 2', async () => {
    const dir = makeTree({ '.dockerignore': 'ok\n.g\\it\n', 'app.py': 'x\n' });
    const r = await why(dir, ['app.py']);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'buildctx: .dockerignore:2: invalid pattern ".g\\\\it": syntax error in pattern (docker build refuses this ignore file)\n',
    ]);
  });
});

test('the real bin names a non-UTF-8 argument by its bytes', () => {
  const dir = project();
  writeRawName(dir, Buffer.from([0x66, 0xff, 0x6f]));
  // printf puts the raw byte into argv; Node alone would see U+FFFD.
  const r = spawnSync('sh', ['-c', `exec "$0" "$1" why --json "$(printf 'f\\377o')"`, process.execPath, BIN], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
  });
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout.toString('utf8'))[0]).toMatchObject({
    exists: true,
    sent: true,
    pathBase64: Buffer.from([0x66, 0xff, 0x6f]).toString('base64'),
  });
});
