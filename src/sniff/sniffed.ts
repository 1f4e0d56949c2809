// What the sniffer says a file is: a discriminated union on `format`, plain JSON-serialisable
// data. Every variant carries the file size; readers never throw, they set `malformed` instead.

export type ElfFileType = 'relocatable' | 'executable' | 'pie-executable' | 'shared-object' | 'core' | 'unknown';

/** Which C library an ELF object needs at load time (binaries.md §1.3). */
export type ElfLibc = 'glibc' | 'musl' | 'static' | 'undetermined';

/** How a Node.js addon binds to Node (binaries.md §6.1). */
/**
 * What a `.node` addon was built against: Node-API (any Node.js), one NODE_MODULE_VERSION (from
 * the exported `node_register_module_v<N>`, or from the `nm_version` of the `struct node_module` a
 * pre-N-API addon registers: elf-node-module.ts), or a legacy addon whose struct was not found.
 */
export type NodeAddonAbi =
  | { kind: 'node-api' }
  | { kind: 'node-abi'; moduleVersion: number; from: 'symbol' | 'module-struct' }
  | { kind: 'legacy' };

export type ElfMalformed =
  | 'truncated-header'
  | 'bad-class'
  | 'bad-data-encoding'
  | 'bad-phentsize'
  | 'too-many-program-headers'
  | 'program-headers-out-of-bounds'
  | 'offset-too-large'
  | 'interp-out-of-bounds'
  | 'dynamic-out-of-bounds'
  | 'string-table-unmapped'
  | 'version-needs-malformed';

export interface ElfVersionNeed {
  /** The library the version is needed from (vn_file), e.g. `libc.so.6`. */
  file: string;
  /** Version name (vna_name), e.g. `GLIBC_2.34`. */
  version: string;
  /** VER_FLG_WEAK: a missing weak version is not an error for the loader. */
  weak: boolean;
}

export interface SniffedElf {
  format: 'elf';
  size: number;
  /** EI_CLASS; null when the byte holds neither 1 nor 2. */
  bits: 32 | 64 | null;
  /** EI_DATA; null when the byte holds neither 1 nor 2. */
  endian: 'le' | 'be' | null;
  /** e_machine, null when the header is too short to hold it. */
  machine: number | null;
  /** The machine as file(1) names it (`x86-64`, `ARM aarch64`). */
  machineName: string;
  /** EI_OSABI and the OS it implies: SYSV (0) and GNU (3) are `linux`. */
  osabi: number | null;
  os: string;
  abiVersion: number | null;
  /** EI_VERSION, and whether EI_PAD is all zero (glibc checks both). */
  identVersion: number | null;
  identPadZero: boolean;
  /** e_version. */
  version: number | null;
  /** Docker arch when class/endianness/machine form a Docker Linux platform, e.g. `arm64`. */
  arch: string | null;
  /** ARM architecture level from .ARM.attributes Tag_CPU_arch as a Docker variant (`v7`), if known. */
  variant: string | null;
  /** `linux/arm64`, `linux/arm/v7`, `freebsd/amd64`; null when arch is null. */
  platform: string | null;
  /** The ABI name when the combination has no Docker platform: `x32`, `aarch64_be`, `ppc64`, `s390`, … */
  unsupported: string | null;
  /** e_type (plus DT_FLAGS_1 DF_1_PIE to tell a PIE executable from a shared object). */
  type: ElfFileType;
  eType: number | null;
  /** e_flags. */
  flags: number | null;
  /** ARM only: EF_ARM_ABI_FLOAT_HARD / _SOFT. */
  armFloatAbi: 'hard' | 'soft' | null;
  /** ARM only: Tag_CPU_arch as the ARM ABI names it (`v7`, `v6KZ`). */
  armArch: string | null;
  /** e_phentsize (glibc refuses anything but the native size). */
  phentsize: number | null;
  /** PT_INTERP path. */
  interp: string | null;
  /** A PT_DYNAMIC segment exists. */
  isDynamic: boolean;
  /** DT_NEEDED, in file order. */
  needed: string[];
  soname: string | null;
  /** DT_RUNPATH, else DT_RPATH. */
  runpath: string | null;
  /** DT_VERNEED entries in file order. */
  versionNeeds: ElfVersionNeed[];
  /** Highest non-weak GLIBC_x.y[.z] needed (GLIBC_PRIVATE, GLIBCXX_, CXXABI_, GCC_ ignored). */
  minGlibc: string | null;
  libc: ElfLibc;
  /** Node.js addon marker symbols found in the dynamic string table. */
  nodeAddon: NodeAddonAbi | null;
  /** False when bytes beyond the head were needed but could not be read (no readAt or over a limit). */
  isComplete: boolean;
  malformed: ElfMalformed | null;
}

export type MachOFileType =
  | 'object'
  | 'execute'
  | 'fvmlib'
  | 'core'
  | 'preload'
  | 'dylib'
  | 'dylinker'
  | 'bundle'
  | 'dylib-stub'
  | 'dsym'
  | 'kext-bundle'
  | 'fileset'
  | 'unknown';

export interface SniffedMachO {
  format: 'macho';
  size: number;
  bits: 32 | 64;
  endian: 'le' | 'be';
  cpuType: number | null;
  /** cpusubtype without the capability bits (low 24 bits). */
  cpuSubtype: number | null;
  /** Apple's arch name (`arm64`, `arm64e`, `x86_64`, `i386`, `armv7`) or `cputype-<n>`. */
  arch: string;
  fileType: MachOFileType;
  malformed: 'truncated-header' | null;
}

export interface MachOSlice {
  cpuType: number;
  cpuSubtype: number;
  arch: string;
  offset: number;
  size: number;
}

export interface SniffedMachOUniversal {
  format: 'macho-universal';
  size: number;
  /** FAT_MAGIC_64 (fat_arch_64 entries with 64-bit offsets). */
  is64: boolean;
  slices: MachOSlice[];
  /** File type of the first slice, when its header could be read. */
  fileType: MachOFileType | null;
  malformed: 'truncated-table' | 'slice-out-of-bounds' | 'offset-too-large' | null;
}

export interface DotNetInfo {
  /** COMIMAGE_FLAGS_ILONLY; null when the CLI header could not be read. */
  ilOnly: boolean | null;
  /** COMIMAGE_FLAGS_32BITREQUIRED. */
  requires32Bit: boolean | null;
  /** COMIMAGE_FLAGS_32BITPREFERRED. */
  prefers32Bit: boolean | null;
  /** IL-only AnyCPU assembly: runs on any .NET runtime, including Linux containers. */
  isPortable: boolean | null;
}

export interface SniffedPe {
  format: 'pe';
  size: number;
  /** COFF Machine. */
  machine: number;
  /** The machine as file(1) names it (`x86-64`, `Intel 80386`, `Aarch64`). */
  machineName: string;
  /** Windows arch name: `amd64`, `386`, `arm64`, `arm`, `arm64ec`, or null when unknown. */
  arch: string | null;
  /** Optional-header magic 0x20B. */
  isPe32Plus: boolean;
  isDll: boolean;
  /** Optional-header Subsystem (2 GUI, 3 console), null when the header is short. */
  subsystem: number | null;
  /** Present when data directory 14 (CLR runtime header) is set. */
  dotnet: DotNetInfo | null;
  malformed: 'truncated-optional-header' | null;
}

export interface SniffedDos {
  format: 'dos';
  size: number;
}

export interface SniffedPyc {
  format: 'pyc';
  size: number;
  /** The magic number (u16 little-endian before `\r\n`). */
  magic: number;
  /** CPython minor version (`3.11`), null when the number is in no known range. */
  python: string | null;
  /** True when the magic is the one the final release of that minor writes. */
  isFinalMagic: boolean;
  /** PEP 552 flags (3.7+): bit 0 hash-based, bit 1 check_source. */
  isHashBased: boolean | null;
}

export interface SniffedJavaClass {
  format: 'java-class';
  size: number;
  major: number;
  minor: number;
  /** Java release (`1.4`, `8`, `17`). */
  java: string;
}

export interface SniffedWasm {
  format: 'wasm';
  size: number;
  /** Binary format version field (1 for core modules). */
  version: number;
  kind: 'module' | 'component';
}

export interface SniffedLfsPointer {
  format: 'git-lfs-pointer';
  size: number;
  /** `sha256:<hex>`. */
  oid: string | null;
  /** Size of the real object in bytes. */
  objectSize: number | null;
}

export interface SniffedScript {
  format: 'script';
  size: number;
  /** Interpreter path as the kernel reads it (without a trailing `\r`). */
  interpreter: string;
  /** The optional single argument after the interpreter. */
  argument: string | null;
  /** The shebang line ends in `\r\n`: the kernel then looks for `<interpreter>\r` (or passes `arg\r`). */
  hasCrlf: boolean;
  /** A UTF-8 BOM precedes `#!`: the kernel does not see a shebang at all. */
  hasBom: boolean;
  /** No end of line within the kernel's 256-byte shebang buffer (BINPRM_BUF_SIZE). */
  isTruncated: boolean;
}

export interface SniffedSimple {
  format: 'html' | 'ld-script' | 'ds-store' | 'appledouble' | 'empty' | 'too-short';
  size: number;
}

export interface SniffedUnknown {
  format: 'unknown';
  size: number;
  /** No NUL and no control bytes other than whitespace/ESC in the head. */
  looksLikeText: boolean;
}

export type Sniffed =
  | SniffedElf
  | SniffedMachO
  | SniffedMachOUniversal
  | SniffedPe
  | SniffedDos
  | SniffedPyc
  | SniffedJavaClass
  | SniffedWasm
  | SniffedLfsPointer
  | SniffedScript
  | SniffedSimple
  | SniffedUnknown;
