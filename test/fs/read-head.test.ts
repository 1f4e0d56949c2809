// Bounded reads: only regular files, never a symlink, never blocking on a FIFO, always closed.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HEAD_BYTES, MAX_BYTES_PER_FILE, openRegularFile, readHead, withRegularFile } from '../../src/fs/read-head.js';
import { sniffBytes } from '../../src/sniff/sniff.js';
import { FIXTURE_DIR } from '../sniff/fixtures.js';

let dir: string;
const at = (name: string) => join(dir, name);

function openFds(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

beforeAll(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'buildctx-read-head-'));
  fs.writeFileSync(at('small.txt'), 'hello\n');
  fs.writeFileSync(at('big.bin'), Buffer.alloc(MAX_BYTES_PER_FILE + 4096, 0xab));
  fs.writeFileSync(at('empty'), '');
  fs.symlinkSync('small.txt', at('link'));
  fs.symlinkSync('missing', at('dangling'));
  fs.mkdirSync(at('subdir'));
  execFileSync('mkfifo', [at('fifo')]);
  fs.writeFileSync(at('secret'), 'x');
  fs.chmodSync(at('secret'), 0o000);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('readHead', () => {
  test('reads at most maxBytes and reports fstat size and mode', () => {
    const r = readHead(at('big.bin'));
    if (!r.ok) throw new Error(r.reason);
    expect([r.head.length, r.size, r.mode & 0o170000]).toEqual([HEAD_BYTES, MAX_BYTES_PER_FILE + 4096, 0o100000]);
    const small = readHead(at('small.txt'), 100);
    expect(small.ok && Buffer.from(small.head).toString()).toBe('hello\n');
  });

  test('caps maxBytes at MAX_BYTES_PER_FILE', () => {
    const r = readHead(at('big.bin'), 10 * MAX_BYTES_PER_FILE);
    expect(r.ok && r.head.length).toBe(MAX_BYTES_PER_FILE);
  });

  test('an empty file gives an empty head', () => {
    const r = readHead(at('empty'));
    expect(r.ok && [r.head.length, r.size]).toEqual([0, 0]);
  });

  test.for([
    ['link', 'symlink', 'ELOOP'],
    ['dangling', 'symlink', 'ELOOP'],
    ['missing', 'not-found', 'ENOENT'],
    ['small.txt/below', 'not-found', 'ENOTDIR'],
    ['subdir', 'not-regular', 'ENOTREG'],
    ['fifo', 'not-regular', 'ENOTREG'],
  ] as const)('%s is unreadable: %s', ([name, reason, code]) => {
    expect(readHead(at(name))).toEqual({ ok: false, reason, code });
  });

  test.skipIf(process.getuid?.() === 0)('a file without read permission is unreadable', () => {
    expect(readHead(at('secret'))).toEqual({ ok: false, reason: 'permission-denied', code: 'EACCES' });
  });

  test('takes raw path bytes', () => {
    const raw = Buffer.concat([Buffer.from(at('raw-')), Buffer.from([0xff])]);
    fs.writeFileSync(raw, 'bytes');
    const r = readHead(raw);
    expect(r.ok && Buffer.from(r.head).toString()).toBe('bytes');
  });

  test('never leaves a descriptor open', () => {
    const before = openFds();
    for (const name of ['small.txt', 'big.bin', 'link', 'fifo', 'subdir', 'missing']) readHead(at(name));
    expect(() =>
      withRegularFile(at('small.txt'), () => {
        throw new Error('the callback fails');
      }),
    ).toThrow('the callback fails');
    expect(openFds()).toBe(before);
  });
});

describe('openRegularFile', () => {
  test('readAt reads positionally, clips at the end, and refuses beyond the budget', () => {
    const f = openRegularFile(at('big.bin'), 8192);
    if (!f.ok) throw new Error(f.reason);
    try {
      expect(f.readAt(100, 10)?.length).toBe(10);
      expect(f.readAt(f.size - 4, 100)?.length).toBe(4);
      expect(f.readAt(f.size + 10, 100)?.length).toBe(0);
      expect(f.readAt(-1, 4)).toBeNull();
      expect(f.readAt(0, 9000)).toBeNull(); // over the 8 KiB budget
      expect(f.readAt(0, 8000)?.length).toBe(8000);
      expect(f.readAt(0, 200)).toBeNull(); // 14 + 8000 + 200 > 8192
      expect(f.bytesRead).toBe(8014);
    } finally {
      f.close();
    }
    expect(f.readAt(0, 1)).toBeNull();
  });

  test('feeds the sniffer: head plus positional reads', () => {
    const sniffed = withRegularFile(join(FIXTURE_DIR, 'exe-x86_64-glibc-real'), (f) =>
      sniffBytes(f.readAt(0, HEAD_BYTES) ?? new Uint8Array(0), f.size, f.readAt),
    );
    expect(sniffed).toMatchObject({ format: 'elf', minGlibc: '2.34', libc: 'glibc', isComplete: true });
  });
});
