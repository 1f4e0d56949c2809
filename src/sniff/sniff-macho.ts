// Mach-O: thin headers in either byte order, universal (fat) binaries, and telling a universal
// binary from a Java class file, which starts with the same CA FE BA BE.
// Layouts: apple/darwin-xnu EXTERNAL_HEADERS/mach-o/loader.h and fat.h; CPU types:
// apple-oss-distributions/xnu osfmk/mach/machine.h; binaries.md §2.
import { fields, type ByteSource } from './bytes.js';
import type { MachOFileType, SniffedJavaClass, SniffedMachO, SniffedMachOUniversal } from './sniffed.js';

/** Most slices a universal binary is taken to have; file(1) reads CA FE BA BE with more than 30 as Java. */
export const MAX_FAT_ARCHS = 30;
/** Class-file major versions accepted as Java (45 = JDK 1.1 … far beyond today's 69 = Java 25). */
const JAVA_MAJOR_MIN = 45;
const JAVA_MAJOR_MAX = 255;

const CPU_ARCH_ABI64 = 0x01000000;
const CPU_ARCH_ABI64_32 = 0x02000000;
const CPU_TYPE_X86 = 7;
const CPU_TYPE_ARM = 12;
const CPU_TYPE_POWERPC = 18;
const CPU_SUBTYPE_MASK = 0x00ffffff;

const MH_FILE_TYPES: Record<number, MachOFileType> = {
  1: 'object',
  2: 'execute',
  3: 'fvmlib',
  4: 'core',
  5: 'preload',
  6: 'dylib',
  7: 'dylinker',
  8: 'bundle',
  9: 'dylib-stub',
  10: 'dsym',
  11: 'kext-bundle',
  12: 'fileset',
};

// CPU_SUBTYPE_ARM_* (machine.h) for 32-bit ARM.
const ARM_SUBTYPES: Record<number, string> = {
  5: 'armv4t',
  6: 'armv6',
  7: 'armv5',
  9: 'armv7',
  10: 'armv7f',
  11: 'armv7s',
  12: 'armv7k',
  13: 'armv8',
  14: 'armv6m',
  15: 'armv7m',
  16: 'armv7em',
};

/** Apple's arch name for a cputype/cpusubtype pair, as lipo(1) prints it. */
export function machOArch(cpuType: number, cpuSubtype: number): string {
  const sub = cpuSubtype & CPU_SUBTYPE_MASK;
  switch (cpuType) {
    case CPU_TYPE_X86:
      return 'i386';
    case CPU_TYPE_X86 | CPU_ARCH_ABI64:
      return sub === 8 ? 'x86_64h' : 'x86_64';
    case CPU_TYPE_ARM:
      return ARM_SUBTYPES[sub] ?? 'arm';
    case CPU_TYPE_ARM | CPU_ARCH_ABI64:
      // CPU_SUBTYPE_ARM64E = 2; the top byte carries pointer-auth ABI bits (machine.h).
      return sub === 2 ? 'arm64e' : 'arm64';
    case CPU_TYPE_ARM | CPU_ARCH_ABI64_32:
      return 'arm64_32';
    case CPU_TYPE_POWERPC:
      return 'ppc';
    case CPU_TYPE_POWERPC | CPU_ARCH_ABI64:
      return 'ppc64';
    default:
      return `cputype-${cpuType}`;
  }
}

function isKnownCpuType(cpuType: number): boolean {
  return !machOArch(cpuType, 0).startsWith('cputype-');
}

/** Thin Mach-O. Precondition: the head starts with one of the four mach_header magics. */
export function sniffMachO(src: ByteSource): SniffedMachO {
  const h = src.head;
  // On disk, CF FA ED FE is MH_MAGIC_64 written little-endian; FE ED FA CF big-endian.
  const isBigEndian = h[0] === 0xfe;
  const bits = (isBigEndian ? h[3] : h[0]) === 0xcf ? 64 : 32;
  const headerSize = bits === 64 ? 32 : 28;
  if (h.length < headerSize) {
    const f = fields(h, !isBigEndian);
    const cpuType = f.has(4, 4) ? f.u32(4) : null;
    const cpuSubtype = f.has(8, 4) ? f.u32(8) & CPU_SUBTYPE_MASK : null;
    return {
      format: 'macho',
      size: src.size,
      bits,
      endian: isBigEndian ? 'be' : 'le',
      cpuType,
      cpuSubtype,
      arch: cpuType === null ? 'unknown' : machOArch(cpuType, cpuSubtype ?? 0),
      fileType: f.has(12, 4) ? (MH_FILE_TYPES[f.u32(12)] ?? 'unknown') : 'unknown',
      malformed: 'truncated-header',
    };
  }
  const f = fields(h, !isBigEndian);
  const cpuType = f.u32(4);
  const cpuSubtype = f.u32(8);
  return {
    format: 'macho',
    size: src.size,
    bits,
    endian: isBigEndian ? 'be' : 'le',
    cpuType,
    cpuSubtype: cpuSubtype & CPU_SUBTYPE_MASK,
    arch: machOArch(cpuType, cpuSubtype),
    fileType: MH_FILE_TYPES[f.u32(12)] ?? 'unknown',
    malformed: null,
  };
}

/**
 * CA FE BA BE / CA FE BA BF. Universal when the slice count is 1..MAX_FAT_ARCHS and the first
 * slice is a known CPU lying inside the file; a Java class when bytes 4–7 (minor, major) give a
 * plausible class-file version; otherwise null (neither).
 */
export function sniffCafeBabe(src: ByteSource): SniffedMachOUniversal | SniffedJavaClass | null {
  const h = src.head;
  if (h.length < 8) return null;
  const is64 = h[3] === 0xbf;
  const f = fields(h, false);
  const nfat = f.u32(4);
  if (!is64 && nfat > MAX_FAT_ARCHS) {
    const minor = f.u16(4);
    const major = f.u16(6);
    if (major < JAVA_MAJOR_MIN || major > JAVA_MAJOR_MAX) return null;
    return { format: 'java-class', size: src.size, major, minor, java: javaRelease(major) };
  }
  if (nfat === 0 || nfat > MAX_FAT_ARCHS) return null;
  return readFatTable(src, is64, nfat);
}

function readFatTable(src: ByteSource, is64: boolean, nfat: number): SniffedMachOUniversal | null {
  const entrySize = is64 ? 32 : 20;
  const result: SniffedMachOUniversal = {
    format: 'macho-universal',
    size: src.size,
    is64,
    slices: [],
    fileType: null,
    malformed: null,
  };
  for (let i = 0; i < nfat; i++) {
    const entry = src.bytes(8 + i * entrySize, entrySize);
    if (entry === null) {
      result.malformed ??= 'truncated-table';
      break;
    }
    const f = fields(entry, false);
    const cpuType = f.u32(0);
    const cpuSubtype = f.u32(4);
    const offset = is64 ? f.u64(8) : f.u32(8);
    const size = is64 ? f.u64(16) : f.u32(12);
    if (offset === null || size === null) {
      result.malformed ??= 'offset-too-large';
      continue;
    }
    if (!src.inFile(offset, size)) result.malformed ??= 'slice-out-of-bounds';
    result.slices.push({
      cpuType,
      cpuSubtype: cpuSubtype & CPU_SUBTYPE_MASK,
      arch: machOArch(cpuType, cpuSubtype),
      offset,
      size,
    });
  }
  const first = result.slices[0];
  // A fat header whose first slice is not a known CPU is not a universal binary (binaries.md §2
  // also asks for the slice to lie inside the file: a truncated copy is reported as malformed).
  if (first === undefined || !isKnownCpuType(first.cpuType)) return null;
  const header = src.bytes(first.offset, 16);
  if (header !== null) {
    const magic = fields(header, false).u32(0);
    const le = magic === 0xcefaedfe || magic === 0xcffaedfe;
    if (le || magic === 0xfeedface || magic === 0xfeedfacf) {
      result.fileType = MH_FILE_TYPES[fields(header, le).u32(12)] ?? 'unknown';
    }
  }
  return result;
}

/** Java release for a class-file major version: 45–48 are 1.1–1.4, then 49 = 5, 52 = 8, 61 = 17. */
export function javaRelease(major: number): string {
  if (major <= 48) return `1.${major - 44}`;
  return String(major - 44);
}
