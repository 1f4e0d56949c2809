// Every fixture against binaries.md Appendix A (and our extra cases), and against file(1).
import { describe, expect, test } from 'vitest';
import { describeSniffed } from '../../src/sniff/sniff.js';
import type { Sniffed } from '../../src/sniff/sniffed.js';
import { as, FIXTURE_NAMES, fileOutput, sniffFixture } from './fixtures.js';

interface ElfRow {
  name: string;
  bits: 32 | 64;
  endian: 'le' | 'be';
  arch: string | null;
  platform: string | null;
  unsupported?: string;
  type: 'shared-object' | 'pie-executable' | 'executable';
  interp: string | null;
  needed: string[];
  minGlibc: string | null;
  libc: 'glibc' | 'musl' | 'static' | 'undetermined';
}

// binaries.md Appendix A ("libc=none (no libc dependency)" is our `undetermined`), then extra/.
const ELF_ROWS: ElfRow[] = [
  {
    name: 'elf-aarch64-linux-gnu.so',
    bits: 64,
    endian: 'le',
    arch: 'arm64',
    platform: 'linux/arm64',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'elf-armv7-linux-gnueabihf.so',
    bits: 32,
    endian: 'le',
    arch: 'arm',
    platform: 'linux/arm/v7',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'elf-i686-linux-gnu.so',
    bits: 32,
    endian: 'le',
    arch: '386',
    platform: 'linux/386',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'elf-loongarch64-linux-gnu.so',
    bits: 64,
    endian: 'le',
    arch: 'loong64',
    platform: 'linux/loong64',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'elf-powerpc64le-linux-gnu.so',
    bits: 64,
    endian: 'le',
    arch: 'ppc64le',
    platform: 'linux/ppc64le',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'elf-riscv64-linux-gnu.so',
    bits: 64,
    endian: 'le',
    arch: 'riscv64',
    platform: 'linux/riscv64',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'elf-s390x-linux-gnu.so',
    bits: 64,
    endian: 'be',
    arch: 's390x',
    platform: 'linux/s390x',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'elf-x86_64-linux-gnu.so',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'exe-aarch64-glibc',
    bits: 64,
    endian: 'le',
    arch: 'arm64',
    platform: 'linux/arm64',
    type: 'pie-executable',
    interp: '/lib/ld-linux-aarch64.so.1',
    needed: ['libc.so.6'],
    minGlibc: null,
    libc: 'glibc',
  },
  {
    name: 'exe-aarch64-musl',
    bits: 64,
    endian: 'le',
    arch: 'arm64',
    platform: 'linux/arm64',
    type: 'pie-executable',
    interp: '/lib/ld-musl-aarch64.so.1',
    needed: ['libc.musl-aarch64.so.1'],
    minGlibc: null,
    libc: 'musl',
  },
  {
    name: 'exe-x86_64-glibc',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'pie-executable',
    interp: '/lib64/ld-linux-x86-64.so.2',
    needed: ['libc.so.6'],
    minGlibc: null,
    libc: 'glibc',
  },
  {
    name: 'exe-x86_64-glibc-real',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'pie-executable',
    interp: '/lib64/ld-linux-x86-64.so.2',
    needed: ['libc.so.6'],
    minGlibc: '2.34',
    libc: 'glibc',
  },
  {
    name: 'exe-x86_64-musl',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'pie-executable',
    interp: '/lib/ld-musl-x86_64.so.1',
    needed: ['libc.musl-x86_64.so.1'],
    minGlibc: null,
    libc: 'musl',
  },
  {
    name: 'exe-x86_64-musl-real',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'pie-executable',
    interp: '/lib/ld-musl-x86_64.so.1',
    needed: ['libc.so'],
    minGlibc: null,
    libc: 'musl',
  },
  {
    name: 'exe-x86_64-needs-glibc-2.99',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'pie-executable',
    interp: '/lib64/ld-linux-x86-64.so.2',
    needed: ['libc.so.6'],
    minGlibc: '2.99',
    libc: 'glibc',
  },
  {
    name: 'so-x86_64-musl.so',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'shared-object',
    interp: null,
    needed: ['libc.musl-x86_64.so.1'],
    minGlibc: null,
    libc: 'musl',
  },
  {
    name: 'extra/elf-armv5te-linux-gnueabi.so',
    bits: 32,
    endian: 'le',
    arch: 'arm',
    platform: 'linux/arm/v5',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'extra/elf-armv6-linux-gnueabihf.so',
    bits: 32,
    endian: 'le',
    arch: 'arm',
    platform: 'linux/arm/v6',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'extra/elf-armv8a-linux-gnueabihf.so',
    bits: 32,
    endian: 'le',
    arch: 'arm',
    platform: 'linux/arm/v8',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'extra/elf-x86_64-linux-gnux32.so',
    bits: 32,
    endian: 'le',
    arch: null,
    platform: null,
    unsupported: 'x32',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'extra/elf-aarch64_be-linux-gnu.so',
    bits: 64,
    endian: 'be',
    arch: null,
    platform: null,
    unsupported: 'aarch64_be',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'extra/elf-powerpc64-linux-gnu.so',
    bits: 64,
    endian: 'be',
    arch: null,
    platform: null,
    unsupported: 'ppc64',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'extra/elf-x86_64-unknown-freebsd.so',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'freebsd/amd64',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'extra/exe-x86_64-static-musl',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'executable',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'static',
  },
  {
    name: 'extra/exe-x86_64-static-pie',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'pie-executable',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'static',
  },
  {
    name: 'extra/so-x86_64-glibc-libm.so',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'shared-object',
    interp: null,
    needed: ['libm.so.6'],
    minGlibc: '2.29',
    libc: 'glibc',
  },
  {
    name: 'extra/so-x86_64-needs-glibc-2.99.so',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'shared-object',
    interp: null,
    needed: ['libm.so.6'],
    minGlibc: '2.99',
    libc: 'glibc',
  },
  {
    name: 'extra/addon-napi.node',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'extra/addon-abi.node',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'extra/addon-legacy.node',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'extra/addon-legacy-nm64-rel.node',
    bits: 32,
    endian: 'le',
    arch: '386',
    platform: 'linux/386',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'extra/addon-legacy-nm72-rela.node',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
  {
    name: 'extra/addon-legacy-nm83-relr.node',
    bits: 64,
    endian: 'le',
    arch: 'amd64',
    platform: 'linux/amd64',
    type: 'shared-object',
    interp: null,
    needed: [],
    minGlibc: null,
    libc: 'undetermined',
  },
];

describe('ELF fixtures match the spec table', () => {
  test.for(ELF_ROWS)('$name', (row) => {
    const e = as(sniffFixture(row.name), 'elf');
    expect({
      bits: e.bits,
      endian: e.endian,
      arch: e.arch,
      platform: e.platform,
      type: e.type,
      interp: e.interp,
      needed: e.needed,
      minGlibc: e.minGlibc,
      libc: e.libc,
      complete: e.isComplete,
      malformed: e.malformed,
    }).toEqual({
      bits: row.bits,
      endian: row.endian,
      arch: row.arch,
      platform: row.platform,
      type: row.type,
      interp: row.interp,
      needed: row.needed,
      minGlibc: row.minGlibc,
      libc: row.libc,
      complete: true,
      malformed: null,
    });
    expect(e.unsupported).toBe(row.unsupported ?? null);
  });
});

describe('other fixtures by format', () => {
  const rows: [name: string, format: Sniffed['format'], label: string][] = [
    ['AppleDouble', 'appledouble', 'AppleDouble resource fork'],
    ['DS_Store', 'ds-store', 'macOS .DS_Store'],
    ['macho-arm64-bundle.so', 'macho', 'Mach-O arm64 bundle'],
    ['macho-arm64-exe', 'macho', 'Mach-O arm64 executable'],
    ['macho-arm64.dylib', 'macho', 'Mach-O arm64 dylib'],
    ['macho-arm64e.o', 'macho', 'Mach-O arm64e object'],
    ['macho-i386.o', 'macho', 'Mach-O i386 object'],
    ['macho-x86_64.dylib', 'macho', 'Mach-O x86_64 dylib'],
    ['macho-universal.dylib', 'macho-universal', 'Mach-O universal (x86_64, arm64) dylib'],
    ['extra/macho-universal64.dylib', 'macho-universal', 'Mach-O universal (x86_64, arm64) dylib'],
    ['pe-arm64.dll', 'pe', 'PE32+ DLL Aarch64'],
    ['pe-x64.dll', 'pe', 'PE32+ DLL x86-64'],
    ['pe-x86.dll', 'pe', 'PE32 DLL Intel 80386'],
    ['extra/pe-x64.exe', 'pe', 'PE32+ executable x86-64'],
    ['extra/dotnet-anycpu.dll', 'pe', 'PE32 DLL Intel 80386, .NET AnyCPU'],
    ['extra/dotnet-anycpu32bitpreferred.exe', 'pe', 'PE32 executable Intel 80386, .NET AnyCPU'],
    ['extra/dotnet-x64.dll', 'pe', 'PE32+ DLL x86-64, .NET'],
    ['extra/dotnet-x86.dll', 'pe', 'PE32 DLL Intel 80386, .NET'],
    ['pyc-cp38.pyc', 'pyc', 'Python 3.8 bytecode'],
    ['pyc-cp39.pyc', 'pyc', 'Python 3.9 bytecode'],
    ['pyc-cp310.pyc', 'pyc', 'Python 3.10 bytecode'],
    ['pyc-cp311.pyc', 'pyc', 'Python 3.11 bytecode'],
    ['pyc-cp312.pyc', 'pyc', 'Python 3.12 bytecode'],
    ['pyc-cp313.pyc', 'pyc', 'Python 3.13 bytecode'],
    ['pyc-cp314.pyc', 'pyc', 'Python 3.14 bytecode'],
  ];
  test.for(rows)('%s', ([name, format, label]) => {
    const s = sniffFixture(name);
    expect(s.format).toBe(format);
    expect(describeSniffed(s)).toBe(label);
  });

  test('every fixture is covered by a table row', () => {
    const covered = new Set([...ELF_ROWS.map((r) => r.name), ...rows.map((r) => r[0])]);
    expect(FIXTURE_NAMES.filter((n) => !covered.has(n))).toEqual([]);
  });
});

test('describeSniffed gives the labels findings use', () => {
  expect(describeSniffed(sniffFixture('exe-aarch64-glibc'))).toBe(
    'ELF 64-bit LSB pie executable, ARM aarch64 (linux/arm64), glibc',
  );
  expect(describeSniffed(sniffFixture('exe-x86_64-glibc-real'))).toBe(
    'ELF 64-bit LSB pie executable, x86-64 (linux/amd64), glibc 2.34+',
  );
  expect(describeSniffed(sniffFixture('elf-s390x-linux-gnu.so'))).toBe(
    'ELF 64-bit MSB shared object, IBM S/390 (linux/s390x)',
  );
  expect(describeSniffed(sniffFixture('extra/elf-x86_64-linux-gnux32.so'))).toBe(
    'ELF 32-bit LSB shared object, x86-64 (x32: no Docker platform)',
  );
  expect(describeSniffed(sniffFixture('extra/exe-x86_64-static-musl'))).toBe(
    'ELF 64-bit LSB executable, x86-64 (linux/amd64), statically linked',
  );
});

test('ARM attributes give the architecture level and float ABI', () => {
  const facts = (name: string) => {
    const e = as(sniffFixture(name), 'elf');
    return [e.armArch, e.variant, e.armFloatAbi];
  };
  expect(facts('extra/elf-armv5te-linux-gnueabi.so')).toEqual(['v5TE', 'v5', 'soft']);
  expect(facts('extra/elf-armv6-linux-gnueabihf.so')).toEqual(['v6', 'v6', 'hard']);
  expect(facts('elf-armv7-linux-gnueabihf.so')).toEqual(['v7', 'v7', 'hard']);
  expect(facts('extra/elf-armv8a-linux-gnueabihf.so')).toEqual(['v8', 'v8', 'hard']);
});

test('version needs keep their library and order', () => {
  expect(as(sniffFixture('exe-x86_64-glibc-real'), 'elf').versionNeeds).toEqual([
    { file: 'libc.so.6', version: 'GLIBC_2.2.5', weak: false },
    { file: 'libc.so.6', version: 'GLIBC_2.34', weak: false },
  ]);
  expect(as(sniffFixture('extra/so-x86_64-glibc-libm.so'), 'elf').versionNeeds).toEqual([
    { file: 'libm.so.6', version: 'GLIBC_2.29', weak: false },
  ]);
});

test.for([
  ['extra/addon-napi.node', { kind: 'node-api' }],
  ['extra/addon-abi.node', { kind: 'node-abi', moduleVersion: 115, from: 'symbol' }],
  // Imports node_module_register and has no struct node_module: the ABI is unknown.
  ['extra/addon-legacy.node', { kind: 'legacy' }],
  // The ABI only in the struct's nm_version, through each relocation format.
  ['extra/addon-legacy-nm72-rela.node', { kind: 'node-abi', moduleVersion: 72, from: 'module-struct' }],
  ['extra/addon-legacy-nm64-rel.node', { kind: 'node-abi', moduleVersion: 64, from: 'module-struct' }],
  ['extra/addon-legacy-nm83-relr.node', { kind: 'node-abi', moduleVersion: 83, from: 'module-struct' }],
  ['elf-x86_64-linux-gnu.so', null],
] as const)('Node addon marker of %s', ([name, expected]) => {
  expect(as(sniffFixture(name), 'elf').nodeAddon).toEqual(expected);
});

test('.NET CLI header flags', () => {
  const flags = (name: string) => as(sniffFixture(name), 'pe').dotnet;
  expect(flags('extra/dotnet-anycpu.dll')).toEqual({
    ilOnly: true,
    requires32Bit: false,
    prefers32Bit: false,
    isPortable: true,
  });
  expect(flags('extra/dotnet-anycpu32bitpreferred.exe')).toEqual({
    ilOnly: true,
    requires32Bit: true,
    prefers32Bit: true,
    isPortable: true,
  });
  expect(flags('extra/dotnet-x64.dll')).toEqual({
    ilOnly: true,
    requires32Bit: false,
    prefers32Bit: false,
    isPortable: false,
  });
  expect(flags('extra/dotnet-x86.dll')).toEqual({
    ilOnly: true,
    requires32Bit: true,
    prefers32Bit: false,
    isPortable: false,
  });
  expect(flags('pe-x64.dll')).toBeNull();
});

test('Mach-O cpu subtype, universal slices', () => {
  const e = as(sniffFixture('macho-arm64e.o'), 'macho');
  expect([e.cpuType, e.cpuSubtype, e.arch, e.bits]).toEqual([0x0100000c, 2, 'arm64e', 64]);
  const i386 = as(sniffFixture('macho-i386.o'), 'macho');
  expect([i386.bits, i386.endian, i386.arch]).toEqual([32, 'le', 'i386']);
  const fat = as(sniffFixture('macho-universal.dylib'), 'macho-universal');
  expect(fat.slices).toEqual([
    { cpuType: 0x01000007, cpuSubtype: 3, arch: 'x86_64', offset: 16384, size: 8248 },
    { cpuType: 0x0100000c, cpuSubtype: 0, arch: 'arm64', offset: 32768, size: 16752 },
  ]);
  expect([fat.is64, fat.malformed]).toEqual([false, null]);
  expect(as(sniffFixture('extra/macho-universal64.dylib'), 'macho-universal').is64).toBe(true);
});

test('without positional reads the head alone still classifies, and says when facts are missing', () => {
  const fat = as(sniffFixture('macho-universal.dylib', { withReadAt: false }), 'macho-universal');
  expect(fat.fileType).toBeNull();
  expect(fat.slices.map((s) => s.arch)).toEqual(['x86_64', 'arm64']);
  // These small ELF files fit in the head entirely.
  expect(as(sniffFixture('exe-x86_64-musl', { withReadAt: false }), 'elf').isComplete).toBe(true);
  // The real gcc binary keeps its dynamic section past 4 KiB.
  const real = as(sniffFixture('exe-x86_64-glibc-real', { withReadAt: false }), 'elf');
  expect([real.isComplete, real.interp, real.libc]).toEqual([false, '/lib64/ld-linux-x86-64.so.2', 'glibc']);
});

// ---------------------------------------------------------------------------------------------
// Agreement with file(1): the class, byte order, type and machine words it prints.

function fileWords(s: Sniffed): string[] {
  switch (s.format) {
    case 'elf': {
      const type = {
        'shared-object': 'shared object',
        'pie-executable': 'pie executable',
        executable: 'executable',
        relocatable: 'relocatable',
        core: 'core file',
        unknown: '',
      }[s.type];
      const words = [`ELF ${s.bits}-bit ${s.endian === 'le' ? 'LSB' : 'MSB'} ${type}, ${s.machineName}`];
      if (s.interp !== null) words.push(`interpreter ${s.interp}`);
      if (s.libc === 'static') words.push(s.isDynamic ? 'static-pie linked' : 'statically linked');
      if (s.os === 'freebsd') words.push('(FreeBSD)');
      return words;
    }
    case 'macho': {
      const type = {
        execute: 'executable',
        dylib: 'dynamically linked shared library',
        bundle: 'bundle',
        object: 'object',
      }[s.fileType as string];
      return [`Mach-O ${s.bits === 64 ? '64-bit ' : ''}${s.arch}`, ` ${type}`];
    }
    case 'macho-universal':
      return [
        `Mach-O universal binary with ${s.slices.length} architectures`,
        ...s.slices.map((x) => `Mach-O 64-bit ${x.arch}`),
      ];
    case 'pe':
      return [
        `${s.isPe32Plus ? 'PE32+' : 'PE32'} executable ${s.isDll ? '(DLL) ' : ''}(`,
        s.machineName,
        ...(s.dotnet ? ['Mono/.Net assembly'] : []),
      ];
    case 'ds-store':
      return ['Apple Desktop Services Store'];
    case 'appledouble':
      return ['AppleDouble encoded Macintosh file'];
    default:
      return [];
  }
}

// file 5.44 has no magic for these two (see fixtures/binaries/README.md).
const FILE_SAYS_DATA = new Set(['pyc-cp314.pyc', 'extra/macho-universal64.dylib']);

describe('classification agrees with file(1)', () => {
  test.for(FIXTURE_NAMES)('%s', (name) => {
    const said = fileOutput.files[name]!;
    const s = sniffFixture(name);
    if (FILE_SAYS_DATA.has(name)) {
      expect(said).toBe('data');
      return;
    }
    if (s.format === 'pyc') {
      // file names 3.12 and later "3.12 or newer".
      const m = /for CPython (\d+\.\d+)( or newer)?/.exec(said);
      expect(m).not.toBeNull();
      if (m![2]) expect(Number(s.python!.split('.')[1])).toBeGreaterThanOrEqual(Number(m![1]!.split('.')[1]));
      else expect(s.python).toBe(m![1]);
      return;
    }
    const words = fileWords(s);
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) expect(said).toContain(w);
  });
});
