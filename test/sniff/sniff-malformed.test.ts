// Malformed and hostile input: every reader must answer, never throw, never over-read.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { describeSniffed, sniffBytes } from '../../src/sniff/sniff.js';
import type { ElfMalformed } from '../../src/sniff/sniffed.js';
import { as, FIXTURE_NAMES, fixtureBytes, readAtOf } from './fixtures.js';

const PT_INTERP = 3;
const PT_DYNAMIC = 2;
const DT_STRTAB = 5;

/** A copy of a 64-bit little-endian ELF fixture with `patch` applied. */
function patchedElf(name: string, patch: (view: DataView, bytes: Uint8Array) => void): Uint8Array {
  const bytes = new Uint8Array(fixtureBytes(name));
  patch(new DataView(bytes.buffer), bytes);
  return bytes;
}

/** Offset of the first program header of `type` in a 64-bit LE ELF. */
function phdrOffset(view: DataView, type: number): number {
  const phoff = Number(view.getBigUint64(32, true));
  const phnum = view.getUint16(56, true);
  for (let i = 0; i < phnum; i++) if (view.getUint32(phoff + i * 56, true) === type) return phoff + i * 56;
  throw new Error(`no program header of type ${type}`);
}

/** File offset of the `wanted` entry (DT_STRTAB unless told) in the dynamic section of a 64-bit LE ELF. */
function strtabEntry(view: DataView, wanted = DT_STRTAB): number {
  const dyn = Number(view.getBigUint64(phdrOffset(view, PT_DYNAMIC) + 8, true));
  for (let o = dyn; ; o += 16) {
    const tag = view.getBigUint64(o, true);
    if (tag === 0n) throw new Error(`no dynamic entry ${wanted}`);
    if (tag === BigInt(wanted)) return o;
  }
}

function sniffAll(bytes: Uint8Array, size = bytes.length) {
  return sniffBytes(bytes.subarray(0, 4096), size, readAtOf(bytes));
}

const BASE = 'exe-x86_64-musl'; // 64-bit LE PIE with PT_INTERP and PT_DYNAMIC inside the head

describe('malformed ELF headers', () => {
  const cases: [label: string, patch: (v: DataView, b: Uint8Array) => void, expected: ElfMalformed][] = [
    ['e_phoff beyond 2^53', (v) => v.setBigUint64(32, 1n << 63n, true), 'offset-too-large'],
    ['e_phoff past the end', (v, b) => v.setBigUint64(32, BigInt(b.length + 8), true), 'program-headers-out-of-bounds'],
    ['e_phnum 0xffff', (v) => v.setUint16(56, 0xffff, true), 'too-many-program-headers'],
    ['e_phentsize 55', (v) => v.setUint16(54, 55, true), 'bad-phentsize'],
    [
      'PT_INTERP offset past the end',
      (v) => v.setBigUint64(phdrOffset(v, PT_INTERP) + 8, 0xfffffff0n, true),
      'interp-out-of-bounds',
    ],
    [
      'PT_INTERP offset beyond 2^53',
      (v) => v.setBigUint64(phdrOffset(v, PT_INTERP) + 8, 1n << 60n, true),
      'offset-too-large',
    ],
    [
      'PT_DYNAMIC size past the end',
      (v) => v.setBigUint64(phdrOffset(v, PT_DYNAMIC) + 32, 1n << 40n, true),
      'dynamic-out-of-bounds',
    ],
    [
      'DT_STRTAB outside every PT_LOAD',
      (v) => v.setBigUint64(strtabEntry(v) + 8, 0x7fff0000n, true),
      'string-table-unmapped',
    ],
    ['EI_CLASS 7', (_v, b) => void (b[4] = 7), 'bad-class'],
    ['EI_DATA 0', (_v, b) => void (b[5] = 0), 'bad-data-encoding'],
  ];
  test.for(cases)('%s', ([, patch, expected]) => {
    const e = as(sniffAll(patchedElf(BASE, patch)), 'elf');
    expect(e.malformed).toBe(expected);
    expect(typeof describeSniffed(e)).toBe('string');
  });

  test.for([4, 5, 6, 16, 20, 52, 63])('a %i-byte ELF is a truncated header', (n) => {
    const bytes = fixtureBytes(BASE).subarray(0, n);
    const e = as(sniffAll(bytes), 'elf');
    expect(e.malformed).toBe('truncated-header');
    expect(e.platform).toBe(n >= 20 ? 'linux/amd64' : null);
  });

  test('a file cut after the program headers keeps what it had', () => {
    const whole = fixtureBytes('exe-x86_64-glibc-real');
    const e = as(sniffAll(whole.subarray(0, 1024)), 'elf');
    expect([e.malformed, e.interp, e.arch]).toEqual(['dynamic-out-of-bounds', '/lib64/ld-linux-x86-64.so.2', 'amd64']);
  });

  test('a readAt that fails leaves the result incomplete, not malformed', () => {
    const whole = fixtureBytes('exe-x86_64-glibc-real');
    const e = as(
      sniffBytes(whole.subarray(0, 4096), whole.length, () => null),
      'elf',
    );
    expect([e.isComplete, e.malformed, e.needed, e.minGlibc]).toEqual([false, null, [], null]);
  });

  // A pre-N-API addon's ABI is read only when its struct node_module is found for sure.
  test.for([
    ['DT_RELASZ over the relocation limit', (v: DataView) => v.setBigUint64(strtabEntry(v, 8) + 8, 1n << 24n, true)],
    ['DT_RELAENT not the size of an Elf64_Rela', (v: DataView) => v.setBigUint64(strtabEntry(v, 9) + 8, 16n, true)],
    [
      'nm_modname not an identifier',
      (_v: DataView, b: Uint8Array) => void (b[Buffer.from(b).indexOf('\0legacy\0') + 1] = 0x2d),
    ],
  ] as const)('a legacy addon with %s keeps its ABI unknown', ([, patch]) => {
    const name = 'extra/addon-legacy-nm72-rela.node';
    expect(as(sniffAll(fixtureBytes(name)), 'elf').nodeAddon).toMatchObject({ moduleVersion: 72 });
    const e = as(sniffAll(patchedElf(name, patch)), 'elf');
    expect([e.nodeAddon, e.malformed]).toEqual([{ kind: 'legacy' }, null]);
  });

  test('a version-needs chain pointing outside its table is reported', () => {
    // exe-x86_64-glibc-real: patch vn_aux of the first Elf_Verneed to a huge offset.
    const bytes = new Uint8Array(fixtureBytes('exe-x86_64-glibc-real'));
    const view = new DataView(bytes.buffer);
    const verneed = /* .gnu.version_r */ findVerneed(bytes);
    view.setUint32(verneed + 8, 0x7fffffff, true);
    const e = as(sniffAll(bytes), 'elf');
    expect([e.malformed, e.versionNeeds]).toEqual(['version-needs-malformed', []]);
  });
});

/** Offset of the Elf_Verneed for libc.so.6 in the real glibc fixture (found via its vn_version 1 + cnt 2). */
function findVerneed(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer);
  for (let o = 0; o + 16 <= bytes.length; o += 4) {
    if (view.getUint16(o, true) === 1 && view.getUint16(o + 2, true) === 2 && view.getUint32(o + 8, true) === 16) {
      // vna_hash of GLIBC_2.2.5 (0x09691a75) follows.
      if (view.getUint32(o + 16, true) === 0x09691a75) return o;
    }
  }
  throw new Error('Elf_Verneed not found');
}

describe('Mach-O, universal and PE edge cases', () => {
  test('a truncated thin Mach-O header', () => {
    const m = as(sniffAll(fixtureBytes('macho-arm64.dylib').subarray(0, 20)), 'macho');
    expect([m.malformed, m.arch, m.fileType]).toEqual(['truncated-header', 'arm64', 'dylib']);
  });

  test('a fat header claiming a million slices is neither universal nor Java', () => {
    const bytes = new Uint8Array(4096);
    new DataView(bytes.buffer).setUint32(0, 0xcafebabe);
    new DataView(bytes.buffer).setUint32(4, 1_000_000);
    expect(sniffAll(bytes).format).toBe('unknown');
  });

  test('a universal binary cut short is malformed, not something else', () => {
    const whole = fixtureBytes('macho-universal.dylib');
    const fat = as(sniffAll(whole.subarray(0, 20000)), 'macho-universal');
    expect(fat.malformed).toBe('slice-out-of-bounds');
    expect(fat.slices.map((s) => s.arch)).toEqual(['x86_64', 'arm64']);
  });

  test('a fat header whose slice has an unknown CPU type is not universal', () => {
    const bytes = new Uint8Array(fixtureBytes('macho-universal.dylib'));
    new DataView(bytes.buffer).setUint32(8, 0x12345678);
    expect(sniffAll(bytes).format).toBe('unknown');
  });

  test('a fat_arch_64 offset beyond 2^53', () => {
    const bytes = new Uint8Array(fixtureBytes('extra/macho-universal64.dylib'));
    new DataView(bytes.buffer).setBigUint64(8 + 32 + 8, 1n << 62n);
    expect(as(sniffAll(bytes), 'macho-universal').malformed).toBe('offset-too-large');
  });

  test.for([0xffffffff, 0x7ffffff0, 0])('MZ with e_lfanew %i and no PE header is DOS', (lfanew) => {
    const bytes = new Uint8Array(fixtureBytes('pe-x64.dll'));
    new DataView(bytes.buffer).setUint32(0x3c, lfanew, true);
    expect(sniffAll(bytes).format).toBe('dos');
  });

  test('a PE whose optional header is cut off', () => {
    const pe = as(sniffAll(fixtureBytes('pe-x64.dll').subarray(0, 0xa0)), 'pe');
    expect([pe.machine, pe.malformed]).toEqual([0x8664, 'truncated-optional-header']);
  });

  test('MZ shorter than a DOS header is not an executable', () => {
    expect(sniffAll(new TextEncoder().encode('MZ this is just text\n')).format).toBe('unknown');
  });
});

describe('arbitrary bytes', () => {
  const check = (bytes: Uint8Array, size: number) => {
    const s = sniffBytes(bytes.subarray(0, 4096), size, readAtOf(bytes));
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(typeof describeSniffed(s)).toBe('string');
  };

  test('sniffBytes never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6000 }), fc.nat(10_000), (bytes, extra) =>
        check(bytes, bytes.length + extra),
      ),
      { numRuns: 2000, seed: 3001 },
    );
  });

  test('sniffBytes never throws on random bytes behind each magic', () => {
    const magics = [
      [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0],
      [0x7f, 0x45, 0x4c, 0x46, 1, 2, 1, 0],
      [0xcf, 0xfa, 0xed, 0xfe],
      [0xfe, 0xed, 0xfa, 0xce],
      [0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2],
      [0xca, 0xfe, 0xba, 0xbf, 0, 0, 0, 1],
      [0x4d, 0x5a],
      [0x00, 0x61, 0x73, 0x6d],
      [0xa7, 0x0d, 0x0d, 0x0a],
      [0x23, 0x21],
      [0xef, 0xbb, 0xbf, 0x23, 0x21],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 4200 }), (magic, rest) => {
        const bytes = new Uint8Array([...magic, ...rest]);
        check(bytes, bytes.length);
      }),
      { numRuns: 3000, seed: 3002 },
    );
  });

  test('sniffBytes never throws on fixtures with random bytes overwritten', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURE_NAMES),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 }),
        fc.nat(200),
        (name, edits, cut) => {
          const bytes = new Uint8Array(fixtureBytes(name));
          // Aim the edits at the headers, where the offsets live.
          const span = Math.min(bytes.length, 1024);
          for (const [at, value] of edits) bytes[at % span] = value;
          const kept = bytes.subarray(0, Math.max(0, bytes.length - cut));
          check(kept, kept.length);
        },
      ),
      { numRuns: 3000, seed: 3003 },
    );
  });
});
