// The one way buildctx writes files: a random, exclusively created temporary file, checked
// writes, rename; nothing written through a planted link, nothing left behind on failure.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { FsError } from '../../src/fs/file-system.js';
import { openOutputFile, removePendingOutputs, writeOutputFile } from '../../src/fs/safe-output.js';
import { tempDir } from '../helpers/make-tree.js';

const isRoot = process.getuid?.() === 0;

function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'));
}

describe('writeOutputFile', () => {
  test('links planted at every name an older version would have used are neither followed nor left as the result', () => {
    const dir = tempDir();
    const victim = path.join(tempDir(), 'victim');
    fs.writeFileSync(victim, 'precious');
    const target = path.join(dir, 'out.json');
    // Predictable names: FILE.<pid>.tmp for a range of pids, and the target itself as a link.
    for (let pid = process.pid - 5; pid <= process.pid + 5; pid++) fs.symlinkSync(victim, `${target}.${pid}.tmp`);
    fs.symlinkSync(victim, target);
    writeOutputFile(target, 'new content');
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.lstatSync(target).isFile()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('new content');
    expect(leftovers(dir).filter((n) => !n.startsWith('out.json.'))).toEqual([]);
  });

  test('a failed rename removes the temporary file and names the errno', () => {
    const dir = tempDir();
    const target = path.join(dir, 'a-directory');
    fs.mkdirSync(path.join(target, 'inside'), { recursive: true });
    expect(() => writeOutputFile(target, 'x')).toThrow(FsError);
    expect(leftovers(dir)).toEqual([]);
  });

  test('a missing directory is an FsError, nothing created', () => {
    const dir = tempDir();
    expect(() => writeOutputFile(path.join(dir, 'no/such/dir/out'), 'x')).toThrow(/ENOENT/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('keepMetadata keeps the mode of the file it replaces', () => {
    const file = path.join(tempDir(), '.dockerignore');
    fs.writeFileSync(file, 'old\n');
    fs.chmodSync(file, 0o640);
    writeOutputFile(file, 'new\n', { keepMetadata: true });
    expect(fs.statSync(file).mode & 0o7777).toBe(0o640);
    expect(fs.readFileSync(file, 'utf8')).toBe('new\n');
  });

  test.skipIf(!isRoot)("keepMetadata keeps another user's ownership (as root)", () => {
    const file = path.join(tempDir(), '.dockerignore');
    fs.writeFileSync(file, 'old\n');
    fs.chownSync(file, 4321, 4322);
    writeOutputFile(file, 'new\n', { keepMetadata: true });
    const st = fs.statSync(file);
    expect([st.uid, st.gid]).toEqual([4321, 4322]);
  });

  test('keepMetadata refuses a read-only file and leaves it as it was', () => {
    const dir = tempDir();
    const file = path.join(dir, '.dockerignore');
    fs.writeFileSync(file, 'old\n');
    fs.chmodSync(file, 0o444);
    expect(() => writeOutputFile(file, 'new\n', { keepMetadata: true })).toThrow(/read-only \(mode 0444\)/);
    expect(fs.readFileSync(file, 'utf8')).toBe('old\n');
    expect(fs.statSync(file).mode & 0o7777).toBe(0o444);
    expect(leftovers(dir)).toEqual([]);
  });

  test('keepMetadata refuses a symlink instead of replacing the link with a file', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'real'), 'old\n');
    fs.symlinkSync('real', path.join(dir, '.dockerignore'));
    expect(() => writeOutputFile(path.join(dir, '.dockerignore'), 'new\n', { keepMetadata: true })).toThrow(
      /symbolic link/,
    );
    expect(fs.lstatSync(path.join(dir, '.dockerignore')).isSymbolicLink()).toBe(true);
  });
});

describe('openOutputFile', () => {
  test('nothing is visible at the target before commit; abort leaves nothing', () => {
    const dir = tempDir();
    const target = path.join(dir, 'context.tar');
    const out = openOutputFile(target);
    out.write(new Uint8Array(1000));
    expect(fs.existsSync(target)).toBe(false);
    expect(leftovers(dir)).toHaveLength(1);
    out.abort();
    out.abort();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('removePendingOutputs (the signal handlers) removes what was not committed', () => {
    const dir = tempDir();
    const a = openOutputFile(path.join(dir, 'a'));
    const b = openOutputFile(path.join(dir, 'b'));
    b.write('done');
    b.commit();
    a.write('partial');
    removePendingOutputs();
    expect(fs.readdirSync(dir)).toEqual(['b']);
    a.abort();
  });

  test('the temporary name is not predictable: two outputs for one target never share it', () => {
    const dir = tempDir();
    const one = openOutputFile(path.join(dir, 'x'));
    const two = openOutputFile(path.join(dir, 'x'));
    expect(leftovers(dir)).toHaveLength(2);
    for (const name of leftovers(dir)) expect(name).toMatch(/^\.x\.[0-9a-f]{24}\.tmp$/);
    one.abort();
    two.abort();
  });
});

describe('streams are written in place, never replaced by a file', () => {
  test('a FIFO gets the data and stays a FIFO', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // A reader first, so that opening the FIFO for writing does not wait.
    const reader = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      writeOutputFile(fifo, 'through the pipe');
      const buf = Buffer.alloc(64);
      const n = fs.readSync(reader, buf, 0, buf.length, null);
      expect(buf.subarray(0, n).toString('utf8')).toBe('through the pipe');
    } finally {
      fs.closeSync(reader);
    }
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });

  test('a name under /dev that does not exist is an error, and nothing is created there', () => {
    const name = `/dev/buildctx-test-${process.pid}-missing`;
    try {
      expect(() => writeOutputFile(name, 'x')).toThrow(FsError);
      expect(fs.existsSync(name)).toBe(false);
      expect(fs.readdirSync('/dev').filter((n) => n.includes(`buildctx-test-${process.pid}`))).toEqual([]);
    } finally {
      fs.rmSync(name, { force: true });
      for (const n of fs.readdirSync('/dev').filter((x) => x.includes(`buildctx-test-${process.pid}`)))
        fs.rmSync(path.join('/dev', n), { force: true });
    }
  });

  test.skipIf(!fs.existsSync('/dev/shm'))('/dev/shm is a file system like any other: a new file there is made', () => {
    const dir = fs.mkdtempSync('/dev/shm/buildctx-test-out-');
    try {
      writeOutputFile(path.join(dir, 'r.json'), '{}');
      expect(fs.lstatSync(path.join(dir, 'r.json')).isFile()).toBe(true);
      expect(leftovers(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // Device nodes need CAP_MKNOD: made in a temporary directory, never the machine's own /dev/null.
  test.skipIf(!isRoot)('a character device, named or through a link, stays what it is (as root)', () => {
    const dir = tempDir();
    const dev = path.join(dir, 'null');
    execFileSync('mknod', [dev, 'c', '1', '3']);
    fs.symlinkSync(dev, path.join(dir, 'link'));
    writeOutputFile(dev, 'gone');
    writeOutputFile(path.join(dir, 'link'), 'gone too');
    expect(fs.lstatSync(dev).isCharacterDevice()).toBe(true);
    expect(fs.lstatSync(path.join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });

  test.skipIf(!isRoot)('a block device is refused (as root)', () => {
    const dir = tempDir();
    const dev = path.join(dir, 'disk');
    execFileSync('mknod', [dev, 'b', '7', '200']);
    expect(() => writeOutputFile(dev, 'x')).toThrow(/block device/);
    expect(fs.lstatSync(dev).isBlockDevice()).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });
});
