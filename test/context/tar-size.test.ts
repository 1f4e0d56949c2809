import { describe, expect, test } from 'vitest';
import { canSplitUstarPath, paxRecordLength, tarEntryBytes, TAR_TRAILER } from '../../src/context/tar-size.js';

const MTIME = 1_700_000_000;

describe('tar entry sizes (spec §8.1 verified sizes)', () => {
  test.for([
    // [name, size, expected bytes of the whole one-entry stream]
    ['café.txt', 0, 2560],
    ['a'.repeat(101), 0, 2560],
    ['d'.repeat(150) + '/' + 'f'.repeat(49), 0, 1536],
    ['Dockerfile', 22, 2048],
  ] as const)('%s (%i bytes) → %i', ([name, size, expected]) => {
    expect(tarEntryBytes({ name, linkname: '', size, mtimeSeconds: MTIME }) + TAR_TRAILER).toBe(expected);
  });

  test('sizes of 8 GiB and more need a PAX size record', () => {
    expect(tarEntryBytes({ name: 'big', linkname: '', size: 8 * 1024 ** 3 - 1, mtimeSeconds: MTIME })).toBe(
      512 + 8 * 1024 ** 3,
    );
    expect(tarEntryBytes({ name: 'big', linkname: '', size: 8 * 1024 ** 3, mtimeSeconds: MTIME })).toBe(
      1024 + 512 + 8 * 1024 ** 3,
    );
  });

  test('mtimes outside the octal field need a PAX mtime record', () => {
    expect(tarEntryBytes({ name: 'old', linkname: '', size: 0, mtimeSeconds: -1 })).toBe(1536);
    expect(tarEntryBytes({ name: 'new', linkname: '', size: 0, mtimeSeconds: 8 ** 11 })).toBe(1536);
    expect(tarEntryBytes({ name: 'ok', linkname: '', size: 0, mtimeSeconds: 0 })).toBe(512);
  });

  test('long or non-ASCII link targets need a PAX linkpath record', () => {
    expect(tarEntryBytes({ name: 'l', linkname: 'x'.repeat(100), size: 0, mtimeSeconds: MTIME })).toBe(512);
    expect(tarEntryBytes({ name: 'l', linkname: 'x'.repeat(101), size: 0, mtimeSeconds: MTIME })).toBe(1536);
    expect(tarEntryBytes({ name: 'l', linkname: 'é', size: 0, mtimeSeconds: MTIME })).toBe(1536);
  });
});

describe('splitUSTARPath', () => {
  test.for([
    ['a'.repeat(100), false],
    ['a'.repeat(101), false],
    ['p'.repeat(155) + '/' + 'n'.repeat(100), true],
    ['p'.repeat(156) + '/' + 'n'.repeat(10), false],
    ['p'.repeat(10) + '/' + 'n'.repeat(101), false],
    ['/' + 'n'.repeat(100), false],
    ['p'.repeat(60) + '/' + 'q'.repeat(60) + '/', true],
  ] as const)('%s → %s', ([name, ok]) => {
    expect(canSplitUstarPath(name)).toBe(ok);
  });
});

describe('PAX record length counts its own digits', () => {
  test.for([
    ['path', 1, 9], // "9 path=x\n"
    ['path', 90, 99],
    ['path', 91, 101], // 2 → 3 digits
  ] as const)('%s=%i bytes → %i', ([key, value, expected]) => {
    expect(paxRecordLength(key, value)).toBe(expected);
  });
});
