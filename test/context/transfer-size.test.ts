// BuildKit's `transferring context: N` for a cold build (spec §8.2): protobuf sizes of the fsutil
// packets the receiver gets. Vectors: the spec's worked example (verified there with the real wire
// types), the empty context, and one vector per Stat field and packet rule.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  computeTransferBytes,
  dataPacketsBytes,
  goFileMode,
  statMessageBytes,
  varintLength,
} from '../../src/context/transfer-size.js';
import type { ContextEntry } from '../../src/types.js';

/** 2026-01-01T00:00:00Z: UnixNano needs 9 varint bytes, like every current date. */
const NOW_MS = Date.UTC(2026, 0, 1);

const file = (path: string, size: number, extra: Partial<ContextEntry> = {}): ContextEntry => ({
  path,
  type: 'file',
  size,
  mode: 0o100644,
  mtimeMs: NOW_MS,
  ...extra,
});
const dir = (path: string): ContextEntry => ({ path, type: 'dir', size: 0, mode: 0o040755, mtimeMs: NOW_MS });

describe('varint lengths', () => {
  test.for([
    [0, 1],
    [127, 1],
    [128, 2],
    [0o644, 2],
    [2 ** 31 + 0o755, 5],
    [2 ** 27 + 0o777, 4],
    [1_767_225_600_000_000_000n, 9],
    [-1, 10],
  ] as const)('%s → %d bytes', ([value, bytes]) => {
    expect(varintLength(value)).toBe(bytes);
  });
});

describe('Go file modes (os.FileMode as fsutil sends it)', () => {
  test.for([
    ['regular 0644', { type: 'file', mode: 0o100644 }, 0o644],
    ['directory 0755', { type: 'dir', mode: 0o040755 }, 2 ** 31 + 0o755],
    ['symlink 0777', { type: 'symlink', mode: 0o120777 }, 2 ** 27 + 0o777],
    ['setuid executable', { type: 'file', mode: 0o104755 }, 2 ** 23 + 0o755],
    ['sticky directory', { type: 'dir', mode: 0o041777 }, 2 ** 31 + 2 ** 20 + 0o777],
    ['FIFO', { type: 'other', special: 'fifo', mode: 0o010644 }, 2 ** 25 + 0o644],
    ['character device', { type: 'other', special: 'char-device', mode: 0o020666 }, 2 ** 26 + 2 ** 21 + 0o666],
    // stat.go clears ModeSocket: a socket travels as a regular file.
    ['socket', { type: 'other', special: 'socket', mode: 0o140755 }, 0o755],
  ] as const)('%s', ([, entry, mode]) => {
    expect(goFileMode(entry as Pick<ContextEntry, 'type' | 'mode' | 'special'>)).toBe(mode);
  });
});

describe('the spec’s vectors', () => {
  test('empty context: the FIN packet only, 2 bytes (Docker prints "transferring context: 2B")', () => {
    expect(computeTransferBytes([])).toBe(2);
  });

  test('worked example: Dockerfile (22 B) + a.txt (5 B) = 98 bytes', () => {
    const entries = [file('Dockerfile', 22), file('a.txt', 5)];
    // Stats 27 and 22 bytes inside STAT packets of 29 and 24.
    expect(statMessageBytes(entries[0]!, null)).toBe(27);
    expect(statMessageBytes(entries[1]!, null)).toBe(22);
    // DATA for entry 0: 24 + EOF 2; for entry 1: 9 + EOF 4 (the ID field adds 2).
    expect(dataPacketsBytes(0, 22)).toBe(26 + 2);
    expect(dataPacketsBytes(1, 5)).toBe(11 + 4);
    expect(computeTransferBytes(entries)).toBe(98);
  });
});

describe('packet rules', () => {
  test('a directory: STAT only, with the 5-byte mode and no size', () => {
    // path 1+1+3, mode 1+5, modTime 1+9 = 21; packet 1+1+21.
    expect(computeTransferBytes([dir('src')])).toBe(23 + 2);
  });

  test('a symlink: size is the target length, the target is the linkname, no data', () => {
    const link: ContextEntry = {
      path: 'l',
      type: 'symlink',
      size: 0,
      mode: 0o120777,
      mtimeMs: NOW_MS,
      linkTarget: 'target',
    };
    // path 3, mode 1+4, size 2, modTime 10, linkname 1+1+6 = 28; packet 30.
    expect(statMessageBytes(link, null)).toBe(28);
    expect(computeTransferBytes([link])).toBe(30 + 2);
  });

  test('data comes in 32 KiB chunks', () => {
    // 70000 bytes = 32768 + 32768 + 4464; each chunk 2 + 1 + varint(len) + len at index 0, then EOF.
    expect(dataPacketsBytes(0, 70_000)).toBe(2 * (2 + 1 + 3) + (2 + 1 + 2) + 70_000 + 2);
  });

  test('an empty file gets only the EOF packet; its Stat has no size field', () => {
    const empty = file('e', 0);
    expect(statMessageBytes(empty, null)).toBe(3 + 3 + 10);
    expect(computeTransferBytes([empty])).toBe(18 + 2 + 2);
  });

  test('a second hard link is a link to the first path: size 0 and no data', () => {
    const a = file('a', 100, { ino: 7 });
    const b = file('b', 100, { ino: 7 });
    const linked = statMessageBytes(b, 'a');
    expect(linked).toBe(3 + 3 + 10 + 3);
    expect(computeTransferBytes([a, b])).toBe(computeTransferBytes([a]) + 2 + linked);
  });

  test('a socket is requested like an empty regular file', () => {
    const sock: ContextEntry = {
      path: 's',
      type: 'other',
      special: 'socket',
      size: 0,
      mode: 0o140755,
      mtimeMs: NOW_MS,
    };
    expect(computeTransferBytes([sock])).toBe(2 + 16 + 2 + 2);
  });

  test('a FIFO gets no data', () => {
    const fifo: ContextEntry = { path: 'p', type: 'other', special: 'fifo', size: 0, mode: 0o010644, mtimeMs: NOW_MS };
    expect(computeTransferBytes([fifo])).toBe(2 + 3 + 5 + 10 + 2);
  });

  test('entry indexes count directories: a file after a directory has ID 1', () => {
    const d = dir('d');
    const f = file('d/f', 1);
    expect(computeTransferBytes([d, f])).toBe(
      computeTransferBytes([d]) + 2 + statMessageBytes(f, null) + dataPacketsBytes(1, 1),
    );
  });

  test('a modification time before 1970 takes 10 bytes (negative int64)', () => {
    expect(statMessageBytes(file('x', 1, { mtimeMs: -1000 }), null)).toBe(3 + 3 + 2 + 11);
  });
});

describe('the modification time field', () => {
  /** Stat.modTime's bytes, exactly: UnixNano as a BigInt, omitted when zero, 10 varint bytes when negative. */
  const exactModTimeField = (mtimeMs: number): number => {
    const whole = Math.trunc(mtimeMs);
    let ns = BigInt(whole) * 1_000_000n + BigInt(Math.round((mtimeMs - whole) * 1_000_000));
    if (ns === 0n) return 0;
    if (ns < 0n) return 1 + 10;
    let n = 1;
    while (ns >= 0x80n) {
      ns >>= 7n;
      n++;
    }
    return 1 + n;
  };
  const withoutTime = statMessageBytes(file('a', 1, { mtimeMs: 0 }), null);
  // The edges of the 9-byte range, in milliseconds, and the float neighbours of each.
  const edges = [2 ** 56 / 1e6, 2 ** 63 / 1e6].flatMap((m) => [m, m * (1 - 1e-3), m * (1 + 1e-3), m - 1e-6, m + 1e-6]);

  test('agrees with the exact BigInt computation for any time, at the 9-byte range edges too', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: -1e13, max: 1e13, noNaN: true }),
          fc.integer({ min: 0, max: 2 ** 42 }),
          fc.constantFrom(0, -0, 1, -1, 0.000001, NOW_MS, ...edges),
        ),
        (mtimeMs) => {
          expect(statMessageBytes(file('a', 1, { mtimeMs }), null) - withoutTime).toBe(exactModTimeField(mtimeMs));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
