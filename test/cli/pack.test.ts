// `pack` writes the classic builder's tar: same length as the report's tarBytes, readable by
// tar(1), and extracting it gives back exactly the files the classic builder sends.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { makeTree, tempDir, writeRawName } from '../helpers/make-tree.js';
import { runCli } from '../helpers/run-cli.js';

async function packAndCheck(dir: string, extraArgs: string[] = []): Promise<{ tarFile: string; listing: string[] }> {
  const tarFile = path.join(tempDir(), 'context.tar');
  const r = await runCli(['pack', dir, '-o', tarFile, ...extraArgs]);
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse((await runCli([dir, '--format', 'json', ...extraArgs])).stdout);
  expect(fs.statSync(tarFile).size).toBe(report.summary.tarBytes);
  const listing = execFileSync('tar', ['--quoting-style=literal', '-tf', tarFile], { encoding: 'latin1' })
    .split('\n')
    .filter(Boolean);
  return { tarFile, listing };
}

describe('pack', () => {
  test('a plain project: length equals tarBytes, the forced Dockerfile and .dockerignore are in', async () => {
    const dir = makeTree({
      Dockerfile: 'FROM scratch\nCOPY . /\n',
      '.dockerignore': 'Dockerfile\n.dockerignore\nsecret\n',
      'app/main.py': 'print(1)\n',
      secret: 'nope',
    });
    const { listing } = await packAndCheck(dir);
    expect(listing).toEqual(['.dockerignore', 'Dockerfile', 'app/', 'app/main.py']);
  });

  test('names and links that need PAX headers, hard links, old mtimes and non-UTF-8 names', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'café.txt'), 'x');
    fs.mkdirSync(path.join(dir, 'd'.repeat(150)));
    fs.writeFileSync(path.join(dir, 'd'.repeat(150), 'f'.repeat(49)), 'y');
    fs.writeFileSync(path.join(dir, 'a'.repeat(120)), 'z');
    fs.symlinkSync('t'.repeat(120), path.join(dir, 'longlink'));
    fs.writeFileSync(path.join(dir, 'h1'), 'hard');
    fs.linkSync(path.join(dir, 'h1'), path.join(dir, 'h2'));
    fs.writeFileSync(path.join(dir, 'old'), 'old');
    fs.utimesSync(path.join(dir, 'old'), new Date('1960-01-01T00:00:00Z'), new Date('1960-01-01T00:00:00Z'));
    writeRawName(dir, Buffer.from('bad\xffname', 'latin1'));
    const { tarFile, listing } = await packAndCheck(dir);
    expect(listing).toContain(Buffer.from('café.txt').toString('latin1'));
    expect(listing).toContain('bad\xffname');
    const out = tempDir();
    execFileSync('tar', ['-xf', tarFile, '-C', out]);
    expect(fs.readFileSync(path.join(out, 'd'.repeat(150), 'f'.repeat(49)), 'utf8')).toBe('y');
    expect(fs.readlinkSync(path.join(out, 'longlink'))).toBe('t'.repeat(120));
    expect(fs.statSync(path.join(out, 'h2')).ino).toBe(fs.statSync(path.join(out, 'h1')).ino);
    expect(fs.statSync(path.join(out, 'old')).mtime.toISOString()).toBe('1960-01-01T00:00:00.000Z');
    expect(fs.readFileSync(Buffer.from(path.join(out, 'bad\xffname'), 'latin1'), 'utf8')).toBe('x');
  });

  test('a Dockerfile outside the context is injected as .dockerfile.<random>, as docker/cli does', async () => {
    const outside = makeTree({ 'build.Dockerfile': 'FROM scratch\n' });
    const dir = makeTree({ 'a.txt': 'a' });
    const { listing } = await packAndCheck(dir, ['-f', path.join(outside, 'build.Dockerfile')]);
    expect(listing).toHaveLength(3);
    expect(listing[0]).toBe('a.txt');
    expect(listing[1]).toMatch(/^\.dockerfile\.[0-9a-f]{20}$/);
    expect(listing[2]).toBe('.dockerignore');
  });

  test('an unwritable -o path is an operational error (exit 2)', async () => {
    const r = await runCli(['pack', makeTree({ a: '1' }), '-o', '/nonexistent-dir/x.tar']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pack: cannot write/);
  });

  test('writes to stdout when piped', async () => {
    const dir = makeTree({ a: '1' });
    const r = await runCli(['pack', dir]);
    expect(r.code).toBe(0);
    expect(r.stdoutBytes.length).toBe(JSON.parse((await runCli([dir, '--format', 'json'])).stdout).summary.tarBytes);
  });
});
