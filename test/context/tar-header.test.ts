// The header encoder and the size model must agree on every layout (USTAR, USTAR with a prefix
// split, PAX with path/linkpath/size/mtime records), and the fields must be formatted as Go's
// archive/tar formats them. Byte equality with Docker's own stream: pack-golden.test.ts.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { deviceNumbers, encodeTarHeader, type TarHeader } from '../../src/context/tar-header.js';
import { TAR_BLOCK, tarEntryBytes } from '../../src/context/tar-size.js';

const base: TarHeader = {
  name: 'f',
  linkname: '',
  size: 3,
  mtimeSeconds: 1_700_000_000,
  hardLink: false,
  typeflag: '0',
  mode: 0o644,
  devmajor: 0,
  devminor: 0,
};

function field(block: Buffer, offset: number, width: number): string {
  return block.subarray(offset, offset + width).toString('latin1');
}

describe('Go archive/tar field formatting', () => {
  test('numbers are zero-padded octal ending in NUL; the checksum is six digits, NUL, space', () => {
    const h = encodeTarHeader({ ...base, mode: 0 });
    expect(h.length).toBe(TAR_BLOCK);
    expect(field(h, 100, 8)).toBe('0000000\0');
    expect(field(h, 108, 8)).toBe('0000000\0');
    expect(field(h, 124, 12)).toBe('00000000003\0');
    expect(field(h, 136, 12)).toBe('14524770400\0');
    expect(field(h, 148, 8)).toMatch(/^[0-7]{6}\0 $/);
    expect(field(h, 257, 8)).toBe('ustar\x0000');
    expect(field(h, 329, 16)).toBe('0000000\x000000000\0');
  });

  test('devices carry their numbers; Linux dev_t splits major and minor', () => {
    expect(deviceNumbers(0x10300)).toEqual([259, 0]);
    expect(deviceNumbers(Number((259n << 8n) | 255n | ((0xfffn << 12n) << 8n)))).toEqual([259, 255 | (0xfff << 8)]);
    const h = encodeTarHeader({ ...base, typeflag: '4', size: 0, devmajor: 259, devminor: 1048575 });
    expect(field(h, 329, 8)).toBe('0000403\0');
    expect(field(h, 337, 8)).toBe('3777777\0');
  });

  test('a directory that needs PAX gets an extended header named dir/PaxHeaders.0, made ASCII', () => {
    // path.Split("a/é/") = ("a/é/", ""), Join → "a/é/PaxHeaders.0", toASCII drops the é.
    const h = encodeTarHeader({ ...base, name: 'a/é/', typeflag: '5', size: 0 });
    expect(h.length).toBe(3 * TAR_BLOCK);
    expect(field(h, 0, 20).replace(/\0+$/, '')).toBe('a//PaxHeaders.0');
    expect(field(h, 156, 1)).toBe('x');
    expect(h.subarray(TAR_BLOCK, TAR_BLOCK + 15).toString('utf8')).toBe('14 path=a/é/\n\0');
  });
});

describe('encoder and size model agree', () => {
  const segment = fc.stringMatching(/^[a-zé\uDCFF]{1,60}$/);
  const name = fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('/'));
  test('for any name, link target, size and mtime', () => {
    fc.assert(
      fc.property(
        name,
        fc.option(name, { nil: '' }),
        fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2000 }), fc.constant(8 ** 11), fc.constant(8 ** 11 - 1)),
        fc.oneof(fc.integer({ min: -1e10, max: 1e12 }), fc.constant(8 ** 11), fc.constant(8 ** 11 - 1)),
        (n, link, size, mtime) => {
          const h: TarHeader = {
            ...base,
            name: n,
            linkname: link,
            size,
            mtimeSeconds: mtime,
            typeflag: link === '' ? '0' : '2',
          };
          const header = encodeTarHeader(h);
          expect(header.length % TAR_BLOCK).toBe(0);
          expect(header.length + Math.ceil(h.size / TAR_BLOCK) * TAR_BLOCK).toBe(tarEntryBytes(h));
        },
      ),
      { seed: 15, numRuns: 400 },
    );
  });
});
