// One real process per command: the bin starts, parses, writes to real streams and exits with the
// documented status. Everything else about the commands is tested in-process (runCli).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checks } from '../../src/analyze/registry.js';
import { makeTree, tempDir } from '../helpers/make-tree.js';
import { runBin } from '../helpers/run-bin.js';

function project(): string {
  return makeTree({
    Dockerfile: 'FROM python:3.12-slim\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\n',
    '.dockerignore': '.git\n',
    'app.py': 'print("hi")\n',
    '.git/HEAD': 'ref: refs/heads/main\n',
  });
}

describe('the real bin, once per command', () => {
  test('report (default command): JSON on stdout, exit 0', () => {
    const r = runBin([project(), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ files: 3 });
  });

  test('ls: one sent path per line', () => {
    const r = runBin(['ls', project()]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['.dockerignore', 'Dockerfile', 'app.py']);
  });

  test('why: the deciding line', () => {
    const r = runBin(['why', '-C', project(), '--json', '.git/HEAD']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ path: '.git/HEAD', sent: false });
  });

  test('pack: a tar on stdout', () => {
    const r = runBin(['pack', project(), '-o', '-'], {});
    expect(r.code).toBe(0);
    // ustar magic of the first header
    expect(r.stdoutBytes.subarray(257, 262).toString('latin1')).toBe('ustar');
  });

  test('fix: a plan as JSON, nothing to change', () => {
    const r = runBin(['fix', project(), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toBeTypeOf('object');
  });

  test('scan: every build below the root', () => {
    const root = tempDir();
    fs.cpSync(project(), path.join(root, 'svc'), { recursive: true });
    const r = runBin(['scan', '--all', root, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain('svc');
  });

  test('diagnose: reads the error from stdin', () => {
    const r = runBin(['diagnose', project(), '-'], { input: 'ImportError: /app/x.so: invalid ELF header\n' });
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toBe('');
  });

  test('help and --version', () => {
    expect(runBin(['help']).stdout).toContain('Usage:');
    expect(runBin(['--version']).stdout).toMatch(/^buildctx \d+\.\d+\.\d+/);
  });

  test('a usage error: one line on stderr, exit 2', () => {
    const r = runBin([project(), '--no-such-option']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('--list-checks names every registered check', () => {
    const r = runBin(['--list-checks', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain(checks[0]!.meta.id);
  });
});
