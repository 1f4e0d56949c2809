// FileSystem.readNames: the names readDir lists, without a Dirent per name (the report's walk
// lstat's every entry, so it reads names only). Same names, escapes and identity checks.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { nodeFileSystem } from '../../src/fs/node-fs.js';
import { MemoryFileSystem } from '../../src/fs/memory-fs.js';
import { FsError } from '../../src/fs/file-system.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tree(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'buildctx-names-')));
  made.push(dir);
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'plain.txt'), '');
  fs.writeFileSync(path.join(dir, 'ünïcödé-😀'), '');
  // A name that is not UTF-8: readdir decodes it to U+FFFD, readNames escapes its bytes.
  fs.writeFileSync(Buffer.concat([Buffer.from(dir + '/bad-'), Buffer.from([0xff, 0xfe])]), '');
  fs.symlinkSync('/etc', path.join(dir, 'link'));
  return dir;
}

const sorted = (names: string[]): string[] => [...names].sort();

test('the names readDir lists, escaped bytes included, by path and through the identity check', () => {
  const dir = tree();
  const self = nodeFileSystem.lstat(dir)!;
  const byPath = nodeFileSystem.readNames!(dir);
  expect(sorted(byPath)).toEqual(sorted(nodeFileSystem.readDir(dir).map((d) => d.name)));
  expect(byPath).toHaveLength(5);
  expect(byPath.some((n) => n.includes('\uFFFD'))).toBe(false);
  expect(sorted(nodeFileSystem.readNames!(dir, { self, parent: null }))).toEqual(sorted(byPath));
});

test('a directory that is no longer the one lstat-ed reads as gone (ENOENT), as readDir does', () => {
  const dir = tree();
  const sub = path.join(dir, 'sub');
  const self = nodeFileSystem.lstat(sub)!;
  const parent = nodeFileSystem.lstat(dir)!;
  fs.renameSync(sub, `${sub}.old`);
  fs.mkdirSync(sub); // same name, another inode (the old one still exists)
  for (const read of [
    () => nodeFileSystem.readNames!(sub, { self, parent }),
    () => nodeFileSystem.readDir(sub, { self, parent }),
  ]) {
    expect(read).toThrow(FsError);
    try {
      read();
    } catch (error) {
      expect((error as FsError).code).toBe('ENOENT');
    }
  }
});

test('the in-memory file system lists the same names through readDir', () => {
  const mem = new MemoryFileSystem([
    { path: 'a.txt', type: 'file' },
    { path: 'd/b.txt', type: 'file' },
  ]);
  expect(sorted(mem.readNames('/ctx'))).toEqual(['a.txt', 'd']);
  expect(sorted(mem.readNames('/ctx'))).toEqual(sorted(mem.readDir('/ctx').map((d) => d.name)));
});

test('a large directory (read in batches) lists the same entries and types, escaped bytes included', () => {
  const dir = tree();
  const big = path.join(dir, 'big');
  fs.mkdirSync(big);
  const names = Array.from({ length: 4000 }, (_, i) => `entry-${String(i).padStart(5, '0')}`);
  for (const n of names.slice(0, 3990)) fs.writeFileSync(path.join(big, n), '');
  for (const n of names.slice(3990, 3995)) fs.mkdirSync(path.join(big, n));
  for (const n of names.slice(3995)) fs.symlinkSync('/etc', path.join(big, n));
  fs.writeFileSync(Buffer.concat([Buffer.from(big + '/raw-'), Buffer.from([0xff])]), '');
  // Large enough to be read in batches on ext4 and tmpfs (st_size ≥ 64 KiB).
  expect(fs.statSync(big).size).toBeGreaterThanOrEqual(64 * 1024);
  const self = nodeFileSystem.lstat(big)!;
  const parent = nodeFileSystem.lstat(dir)!;
  const byPath = nodeFileSystem.readDir(big); // read whole: no size known
  const inBatches = nodeFileSystem.readDir(big, { self, parent });
  const key = (d: { name: string; type: string }): string => `${d.name} ${d.type}`;
  expect(inBatches.map(key).sort()).toEqual(byPath.map(key).sort());
  expect(inBatches).toHaveLength(4001);
  expect(inBatches.filter((d) => d.type === 'dir')).toHaveLength(5);
  expect(inBatches.filter((d) => d.type === 'symlink')).toHaveLength(5);
  expect(inBatches.some((d) => d.name === 'raw-\udcff')).toBe(true);
  const handle = nodeFileSystem.openDir!(big, { self, parent })!;
  try {
    expect(handle.entries.map(key).sort()).toEqual(byPath.map(key).sort());
  } finally {
    handle.close();
  }
});
