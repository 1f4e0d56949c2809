// Issue 15, recreated from scratch: output written through a planted link, lost output, `pack`
// on a full disk, on unreadable, vanishing and shrinking files, on a context the classic builder
// refuses, and interrupted by signals; `fix --write` and the ignore file's mode and owner.
// Every case: one line on stderr, a documented exit code, no temporary file left behind.
// The bin runs as a real process where the process is the subject (its stdout on /dev/full or a
// closed pipe, signals, a file size limit, dropped privileges); output files and `fix --write`
// go through run(argv, io) in-process, the same code without the cost of starting Node.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { makeTree, tempDir } from '../helpers/make-tree.js';
import { BIN, runBin } from '../helpers/run-bin.js';
import { runCli } from '../helpers/run-cli.js';

const GiB = 1024 ** 3;
const isRoot = process.getuid?.() === 0;

/** Runs the bin with stdout on an open file (/dev/full, /dev/null). */
function runToFile(
  args: readonly string[],
  stdoutPath: string,
): { code: number | null; signal: NodeJS.Signals | null; stderr: string } {
  const fd = fs.openSync(stdoutPath, 'w');
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      stdio: ['ignore', fd, 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
      timeout: 120_000,
    });
    return { code: r.status, signal: r.signal, stderr: r.stderr.toString('utf8') };
  } finally {
    fs.closeSync(fd);
  }
}

/** Runs a shell line; returns its stdout (the bin's exit status is echoed by the line). */
function sh(line: string): { stdout: string; stderr: string } {
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', line], {
    env: { PATH: process.env.PATH ?? '', BIN },
    timeout: 120_000,
  });
  return { stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

function oneLine(stderr: string): void {
  expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |internal error/);
}

function temporaries(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'));
}

/** A context whose `ls` listing is far larger than a pipe's 64 KiB buffer. */
function longListing(): string {
  const spec: Record<string, string> = {};
  for (let i = 0; i < 2000; i++) spec[`${'long-name-'.repeat(8)}${String(i).padStart(6, '0')}`] = 'x';
  return makeTree(spec);
}

/**
 * Starts `pack` on a context whose first file is a large sparse file, waits until pack has it
 * open, runs `act`, and resolves with how the process ended.
 */
async function duringPack(
  args: readonly string[],
  bigFile: string,
  act: (pid: number) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH ?? '' },
  });
  const err: Buffer[] = [];
  child.stderr.on('data', (b: Buffer) => err.push(b));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const fdDir = `/proc/${child.pid}/fd`;
  let acted = false;
  for (let i = 0; i < 6000 && !acted && child.exitCode === null; i++) {
    let open = false;
    try {
      open = fs.readdirSync(fdDir).some((fd) => {
        try {
          return fs.readlinkSync(path.join(fdDir, fd)) === bigFile;
        } catch {
          return false;
        }
      });
    } catch {
      // not started yet, or gone
    }
    if (open) {
      act(child.pid!);
      acted = true;
    } else {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  const end = await ended;
  expect(acted, 'pack opened the big file').toBe(true);
  return { ...end, stderr: Buffer.concat(err).toString('utf8') };
}

describe('output written through a planted link', () => {
  test('pack -o: a symlink planted at the output name is replaced, its target untouched', async () => {
    const ctx = makeTree({ a: 'hello' });
    const out = tempDir();
    const victim = path.join(tempDir(), 'victim');
    fs.writeFileSync(victim, 'precious');
    fs.symlinkSync(victim, path.join(out, 'ctx.tar'));
    const r = await runCli(['pack', ctx, '-o', path.join(out, 'ctx.tar')]);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.lstatSync(path.join(out, 'ctx.tar')).isFile()).toBe(true);
    expect(temporaries(out)).toEqual([]);
  });

  test('report -o: the same for a report file', async () => {
    const ctx = makeTree({ a: 'hello' });
    const out = tempDir();
    const victim = path.join(tempDir(), 'victim');
    fs.writeFileSync(victim, 'precious');
    fs.symlinkSync(victim, path.join(out, 'report.json'));
    const r = await runCli([ctx, '--format', 'json', '-o', path.join(out, 'report.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')).summary.files).toBe(1);
  });
});

describe('lost output', () => {
  test.for([
    ['ls', ['ls']],
    ['report --format json', ['--format', 'json']],
    ['report (table)', []],
    ['why', ['why', '--context']],
    ['pack', ['pack']],
  ] as const)('%s > /dev/full: exit 2, one line', ([, args]) => {
    const ctx = makeTree({ Dockerfile: 'FROM scratch\n', a: 'hello' });
    const argv = args[0] === 'why' ? ['why', '--context', ctx, 'a'] : [...args, ctx];
    const r = runToFile(argv, '/dev/full');
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/cannot write standard output: ENOSPC/);
  });

  test('ls | head: the closed pipe ends the run quietly with 0', () => {
    const ctx = longListing();
    const r = sh(`node "$BIN" ls '${ctx}' | head -n 1 >/dev/null; echo "status=\${PIPESTATUS[0]}"`);
    expect(r.stdout).toBe('status=0\n');
    expect(r.stderr).toBe('');
  });

  test('pack | head -c: the same for a tar on stdout', () => {
    const ctx = makeTree({ big: { sparse: 256 * 1024 * 1024 } });
    const r = sh(`node "$BIN" pack '${ctx}' | head -c 1000 >/dev/null; echo "status=\${PIPESTATUS[0]}"`);
    expect(r.stdout).toBe('status=0\n');
    expect(r.stderr).toBe('');
  });
});

describe('pack error paths', () => {
  test('a full disk (file size limit): exit 2, one line naming the output, no temporary file', () => {
    const ctx = makeTree({ big: { size: 4 * 1024 * 1024 } });
    const out = tempDir();
    const r = sh(`ulimit -f 1000; node "$BIN" pack '${ctx}' -o '${out}/ctx.tar'; echo "status=$?"`);
    expect(r.stdout).toBe('status=2\n');
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/pack: cannot write .*ctx\.tar: EFBIG/);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('an unreadable file: exit 2, one line naming it, no temporary file', () => {
    const ctx = makeTree({ a: 'fine', locked: { content: 'secret', mode: 0o000 } });
    const out = tempDir();
    fs.chmodSync(out, 0o777);
    const r = runBin(['pack', ctx, '-o', path.join(out, 'ctx.tar')], { unprivileged: true });
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/pack: cannot read locked: permission denied/);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('an unreadable directory the classic builder would send: refused before anything is written', () => {
    const ctx = makeTree({ a: 'fine', locked: { dir: { inside: 'x' } } });
    fs.chmodSync(path.join(ctx, 'locked'), 0o000);
    const r = runBin(['pack', ctx], { unprivileged: true });
    fs.chmodSync(path.join(ctx, 'locked'), 0o755);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/pack: cannot read locked\/ \(EACCES\); docker build refuses this context/);
    expect(r.stdoutBytes.length).toBe(0);
  });

  test('an excluded unreadable directory is no reason to refuse', () => {
    const ctx = makeTree({ a: 'fine', '.dockerignore': 'locked\n', locked: { dir: { inside: 'x' } } });
    fs.chmodSync(path.join(ctx, 'locked'), 0o000);
    const r = runBin(['pack', ctx], { unprivileged: true });
    fs.chmodSync(path.join(ctx, 'locked'), 0o755);
    expect(r.code, r.stderr).toBe(0);
  });

  test('a file truncated while pack reads it: exit 2 naming the file (Docker: "missed writing")', async () => {
    const ctx = makeTree({ 'a-big': { sparse: 8 * GiB - 1 }, 'b-next': 'x' });
    const out = tempDir();
    const big = path.join(ctx, 'a-big');
    const r = await duringPack(['pack', ctx, '-o', path.join(out, 'ctx.tar')], big, () => fs.truncateSync(big, 0));
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/pack: cannot read a-big: it shrank while it was read/);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('a file that vanishes before pack reaches it: exit 2 naming the file', async () => {
    // To stdout (/dev/null): pack reads all of a-big before it reaches b-next.
    const ctx = makeTree({ 'a-big': { sparse: GiB / 4 }, 'b-next': 'x' });
    const r = await duringPack(['pack', ctx], path.join(ctx, 'a-big'), () => fs.rmSync(path.join(ctx, 'b-next')));
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/pack: cannot read b-next: it vanished/);
  });

  test.for(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    'interrupted by %s: the process ends by the signal and leaves no file',
    async (signal) => {
      const ctx = makeTree({ 'a-big': { sparse: 8 * GiB - 1 } });
      const out = tempDir();
      const r = await duringPack(['pack', ctx, '-o', path.join(out, 'ctx.tar')], path.join(ctx, 'a-big'), (pid) =>
        process.kill(pid, signal),
      );
      expect(r.signal).toBe(signal);
      expect(fs.readdirSync(out)).toEqual([]);
    },
  );
});

describe('fix --write keeps the ignore file as it was, or refuses', () => {
  const project = () =>
    makeTree({
      Dockerfile: 'FROM python:3.12\nCOPY app.py /app/\n',
      'app.py': 'print(1)\n',
      '.dockerignore': '# ours\n',
      '.venv/pyvenv.cfg': 'home = /usr/bin\n',
    });

  test('a read-only ignore file: exit 2, one line, unchanged', async () => {
    const dir = project();
    const ignore = path.join(dir, '.dockerignore');
    fs.chmodSync(ignore, 0o444);
    const r = await runCli(['fix', dir, '--write']);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/fix: cannot write .*read-only \(mode 0444\)/);
    expect(fs.readFileSync(ignore, 'utf8')).toBe('# ours\n');
    expect(fs.statSync(ignore).mode & 0o7777).toBe(0o444);
  });

  test('mode 0640 stays 0640', async () => {
    const dir = project();
    const ignore = path.join(dir, '.dockerignore');
    fs.chmodSync(ignore, 0o640);
    const r = await runCli(['fix', dir, '--write']);
    expect(r.code, r.stderr).toBeLessThan(2);
    expect(fs.readFileSync(ignore, 'utf8')).toMatch(/\.venv/);
    expect(fs.statSync(ignore).mode & 0o7777).toBe(0o640);
  });

  test.skipIf(!isRoot)("another user's ignore file stays theirs", async () => {
    const dir = project();
    const ignore = path.join(dir, '.dockerignore');
    fs.chownSync(ignore, 4321, 4321);
    const r = await runCli(['fix', dir, '--write']);
    expect(r.code, r.stderr).toBeLessThan(2);
    expect(fs.readFileSync(ignore, 'utf8')).toMatch(/\.venv/);
    expect(fs.statSync(ignore).uid).toBe(4321);
    execFileSync('chown', ['0:0', ignore]);
  });
});
