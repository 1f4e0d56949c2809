// One entry point: the first bytes of a file (and optional positional reads) → what it is.
import { createByteSource, startsWith, type ReadAt } from './bytes.js';
import { sniffElf } from './sniff-elf.js';
import { sniffCafeBabe, sniffMachO } from './sniff-macho.js';
import {
  isAppleDouble,
  isDsStore,
  isHtml,
  isLdScript,
  looksLikeText,
  sniffLfsPointer,
  sniffPyc,
  sniffShebang,
  sniffWasm,
} from './sniff-magic.js';
import { sniffMz } from './sniff-pe.js';
import type { ElfFileType, MachOFileType, Sniffed } from './sniffed.js';

export type { ReadAt } from './bytes.js';

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const MACHO_MAGICS = [
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
];
const CAFEBABE = [0xca, 0xfe, 0xba, 0xbe];
const CAFEBABF = [0xca, 0xfe, 0xba, 0xbf];
const MZ = [0x4d, 0x5a];
const DOS_HEADER_SIZE = 0x40;
/** Shorter files hold no magic number we know. */
const MIN_MAGIC_BYTES = 4;

/**
 * Identifies a file from its first bytes (`head`, normally HEAD_BYTES of them) and its size.
 * `readAt` serves the few reads beyond the head (ELF dynamic section and string table, a fat
 * binary's first slice, a .NET CLI header); without it those facts stay unknown and ELF results
 * say `isComplete: false`. Never throws: malformed input yields `malformed` or `unknown`.
 */
export function sniffBytes(head: Uint8Array, size: number, readAt?: ReadAt): Sniffed {
  const src = createByteSource(head, size, readAt);
  const h = src.head;
  if (src.size === 0) return { format: 'empty', size: 0 };
  if (startsWith(h, ELF_MAGIC)) return sniffElf(src);
  if (MACHO_MAGICS.some((m) => startsWith(h, m))) return sniffMachO(src);
  if (startsWith(h, CAFEBABE) || startsWith(h, CAFEBABF)) {
    const fat = sniffCafeBabe(src);
    if (fat !== null) return fat;
  }
  if (startsWith(h, MZ) && src.size >= DOS_HEADER_SIZE && h.length >= DOS_HEADER_SIZE) return sniffMz(src);
  const binary = sniffWasm(h, src.size) ?? sniffPyc(h, src.size);
  if (binary !== null) return binary;
  if (isDsStore(h)) return { format: 'ds-store', size: src.size };
  if (isAppleDouble(h)) return { format: 'appledouble', size: src.size };
  const text = sniffShebang(h, src.size) ?? sniffLfsPointer(h, src.size);
  if (text !== null) return text;
  if (isHtml(h)) return { format: 'html', size: src.size };
  if (isLdScript(h)) return { format: 'ld-script', size: src.size };
  if (src.size < MIN_MAGIC_BYTES) return { format: 'too-short', size: src.size };
  return { format: 'unknown', size: src.size, looksLikeText: looksLikeText(h) };
}

const ELF_TYPE_WORDS = {
  relocatable: 'relocatable',
  executable: 'executable',
  'pie-executable': 'pie executable',
  'shared-object': 'shared object',
  core: 'core file',
  unknown: 'file of unknown type',
} satisfies Record<ElfFileType, string>;

const MACHO_TYPE_WORDS = {
  object: 'object',
  execute: 'executable',
  fvmlib: 'fixed VM shared library',
  core: 'core',
  preload: 'preload executable',
  dylib: 'dylib',
  dylinker: 'dynamic linker',
  bundle: 'bundle',
  'dylib-stub': 'dylib stub',
  dsym: 'dSYM companion',
  'kext-bundle': 'kext bundle',
  fileset: 'fileset',
  unknown: 'file of unknown type',
} satisfies Record<MachOFileType, string>;

/**
 * The short label findings use, e.g. `Mach-O arm64 bundle`,
 * `ELF 64-bit LSB shared object, ARM aarch64 (linux/arm64), glibc`, `PE32+ DLL x86-64`.
 */
export function describeSniffed(s: Sniffed): string {
  switch (s.format) {
    case 'elf': {
      if (s.bits === null || s.endian === null) return `ELF, malformed (${s.malformed ?? 'bad identification'})`;
      let out = `ELF ${s.bits}-bit ${s.endian === 'le' ? 'LSB' : 'MSB'} ${ELF_TYPE_WORDS[s.type]}, ${s.machineName}`;
      if (s.platform !== null) out += ` (${s.platform})`;
      else if (s.unsupported !== null) out += ` (${s.unsupported}: no Docker platform)`;
      if (s.libc === 'glibc') out += s.minGlibc !== null ? `, glibc ${s.minGlibc}+` : ', glibc';
      else if (s.libc === 'musl') out += ', musl';
      else if (s.libc === 'static') out += ', statically linked';
      if (s.malformed !== null) out += `, malformed (${s.malformed})`;
      return out;
    }
    case 'macho':
      return `Mach-O ${s.arch} ${MACHO_TYPE_WORDS[s.fileType]}${s.malformed ? ', malformed (truncated header)' : ''}`;
    case 'macho-universal': {
      const archs = s.slices.map((slice) => slice.arch).join(', ');
      const type = s.fileType === null ? '' : ` ${MACHO_TYPE_WORDS[s.fileType]}`;
      return `Mach-O universal (${archs})${type}${s.malformed ? `, malformed (${s.malformed})` : ''}`;
    }
    case 'pe': {
      const dotnet = s.dotnet === null ? '' : s.dotnet.isPortable ? ', .NET AnyCPU' : ', .NET';
      return `${s.isPe32Plus ? 'PE32+' : 'PE32'} ${s.isDll ? 'DLL' : 'executable'} ${s.machineName}${dotnet}`;
    }
    case 'dos':
      return 'MS-DOS executable';
    case 'pyc':
      return `Python ${s.python ?? 'unknown'} bytecode${s.isFinalMagic ? '' : ` (pre-release magic ${s.magic})`}`;
    case 'java-class':
      return `Java class (Java ${s.java})`;
    case 'wasm':
      return s.kind === 'component' ? 'WebAssembly component' : 'WebAssembly module';
    case 'git-lfs-pointer':
      return 'Git LFS pointer';
    case 'html':
      return 'HTML document';
    case 'ld-script':
      return 'GNU ld script';
    case 'ds-store':
      return 'macOS .DS_Store';
    case 'appledouble':
      return 'AppleDouble resource fork';
    case 'script': {
      const line = s.argument === null ? s.interpreter : `${s.interpreter} ${s.argument}`;
      const notes = [s.hasBom ? 'BOM before #!' : '', s.hasCrlf ? 'CRLF line end' : ''].filter(Boolean);
      return `script (#!${line})${notes.length > 0 ? `, ${notes.join(', ')}` : ''}`;
    }
    case 'empty':
      return 'empty file';
    case 'too-short':
      return 'too short to identify';
    case 'unknown':
      return s.looksLikeText ? 'text' : 'data';
  }
}
