// ELF: class, byte order, machine → Docker platform, file type, and the facts the dynamic loader
// acts on (PT_INTERP, DT_NEEDED, version needs). Uses only what the loader uses — program headers,
// never section headers — so stripped files read the same; the one exception is the ARM
// architecture level, which only .ARM.attributes records.
// Layouts: bminor/glibc elf/elf.h; System V gABI; binaries.md §1.
import { asciiText, cString, fields, type ByteSource, type Fields } from './bytes.js';
import { moduleStructVersion } from './elf-node-module.js';
import { formatPlatform, LINUX_ARCH_NAMES, linuxArch } from './platform.js';
import type { ElfFileType, ElfLibc, ElfMalformed, ElfVersionNeed, NodeAddonAbi, SniffedElf } from './sniffed.js';

/** Program header table bytes read at most (the kernel refuses more than 64 KiB — fs/binfmt_elf.c). */
export const MAX_PROGRAM_HEADER_BYTES = 64 * 1024;
/** PT_INTERP bytes read at most (PATH_MAX; the kernel rejects longer interpreters). */
export const MAX_INTERP_BYTES = 4 * 1024;
/** PT_DYNAMIC bytes read at most. */
export const MAX_DYNAMIC_BYTES = 16 * 1024;
/** DT_STRTAB bytes read at most. */
export const MAX_STRTAB_BYTES = 256 * 1024;
/** DT_VERNEED bytes read at most. */
export const MAX_VERNEED_BYTES = 8 * 1024;
/** Section header bytes read at most (ARM attributes only). */
export const MAX_SECTION_HEADER_BYTES = 64 * 1024;
/** .ARM.attributes bytes read at most. */
export const MAX_ARM_ATTRIBUTES_BYTES = 4 * 1024;

const ET_REL = 1;
const ET_EXEC = 2;
const ET_DYN = 3;
const ET_CORE = 4;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_SONAME = 14;
const DT_RPATH = 15;
const DT_RUNPATH = 29;
const DT_RELA = 7;
const DT_RELASZ = 8;
const DT_RELAENT = 9;
const DT_REL = 17;
const DT_RELSZ = 18;
const DT_RELENT = 19;
const DT_RELRSZ = 35;
const DT_RELR = 36;
const DT_RELRENT = 37;
const DT_FLAGS_1 = 0x6ffffffb;
const DT_VERNEED = 0x6ffffffe;
const DT_VERNEEDNUM = 0x6fffffff;
const DF_1_PIE = 0x08000000;
const VER_FLG_WEAK = 0x2;
const EM_ARM = 40;
const SHT_ARM_ATTRIBUTES = 0x70000003;
const EF_ARM_ABI_FLOAT_SOFT = 0x200;
const EF_ARM_ABI_FLOAT_HARD = 0x400;

// file(1)'s names for e_machine (file/file magic/Magdir/elf), so our labels and its output agree.
// The two PowerPC entries are the prefix of file's "… or cisco 4500/7500".
const MACHINE_NAMES: Record<number, string> = {
  0: 'no machine',
  2: 'SPARC',
  3: 'Intel 80386',
  4: 'Motorola m68k',
  8: 'MIPS',
  18: 'SPARC32PLUS',
  20: 'PowerPC',
  21: '64-bit PowerPC',
  22: 'IBM S/390',
  40: 'ARM',
  42: 'Renesas SH',
  43: 'SPARC V9',
  50: 'IA-64',
  62: 'x86-64',
  183: 'ARM aarch64',
  243: 'UCB RISC-V',
  258: 'LoongArch',
};

// Class/byte-order/machine combinations without a Docker platform (binaries.md §1.2).
function unsupportedAbi(machine: number, bits: 32 | 64, endian: 'le' | 'be'): string {
  switch (machine) {
    case 62:
      return bits === 32 ? 'x32' : 'x86-64 big-endian';
    case 3:
      return 'i386 (unusual class or byte order)';
    case 183:
      return endian === 'be' ? 'aarch64_be' : 'aarch64 ILP32';
    case 40:
      return 'armeb';
    case 20:
      return 'ppc';
    case 21:
      return endian === 'be' ? 'ppc64' : 'ppc64le (32-bit class)';
    case 22:
      return bits === 32 ? 's390' : 's390x little-endian';
    case 243:
      return bits === 32 ? 'riscv32' : 'riscv64 big-endian';
    case 258:
      return bits === 32 ? 'loongarch32' : 'loongarch64 big-endian';
    case 8:
      return bits === 64 ? 'mips64' : endian === 'le' ? 'mipsle' : 'mips';
    default:
      return MACHINE_NAMES[machine] ?? `e_machine ${machine}`;
  }
}

// EI_OSABI → OS. glibc accepts only SYSV and GNU (sysdeps/gnu/ldsodefs.h VALID_ELF_OSABI).
const OSABI_NAMES: Record<number, string> = {
  0: 'linux',
  1: 'hpux',
  2: 'netbsd',
  3: 'linux',
  6: 'solaris',
  9: 'freebsd',
  12: 'openbsd',
  255: 'standalone',
};

// Tag_CPU_arch values as binutils readelf names them (ARM "Addenda to the ABI", build attributes).
const ARM_CPU_ARCH_NAMES = [
  'Pre-v4',
  'v4',
  'v4T',
  'v5T',
  'v5TE',
  'v5TEJ',
  'v6',
  'v6KZ',
  'v6T2',
  'v6K',
  'v7',
  'v6-M',
  'v6S-M',
  'v7E-M',
  'v8',
  'v8-R',
  'v8-M.baseline',
  'v8-M.mainline',
  'v8.1-A',
  'v8.2-A',
  'v8.3-A',
  'v8.1-M.mainline',
  'v9',
] as const;

/** Docker's arm variant for an A-profile Tag_CPU_arch; M/R profiles and pre-v5 have none. */
function armVariant(cpuArch: number): string | null {
  if (cpuArch >= 3 && cpuArch <= 5) return 'v5';
  if (cpuArch >= 6 && cpuArch <= 9) return 'v6';
  if (cpuArch === 10) return 'v7';
  if (cpuArch === 14 || (cpuArch >= 18 && cpuArch <= 20) || cpuArch === 22) return 'v8';
  return null;
}

const GLIBC_VERSION = /^GLIBC_(\d+)\.(\d+)(?:\.(\d+))?$/;

interface Segment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

function emptyElf(size: number): SniffedElf {
  return {
    format: 'elf',
    size,
    bits: null,
    endian: null,
    machine: null,
    machineName: 'unknown',
    osabi: null,
    os: 'unknown',
    abiVersion: null,
    identVersion: null,
    identPadZero: false,
    version: null,
    arch: null,
    variant: null,
    platform: null,
    unsupported: null,
    type: 'unknown',
    eType: null,
    flags: null,
    armFloatAbi: null,
    armArch: null,
    phentsize: null,
    interp: null,
    isDynamic: false,
    needed: [],
    soname: null,
    runpath: null,
    versionNeeds: [],
    minGlibc: null,
    libc: 'undetermined',
    nodeAddon: null,
    isComplete: true,
    malformed: null,
  };
}

/** Reads an ELF file. Precondition: the head starts with `7F 45 4C 46`. */
export function sniffElf(src: ByteSource): SniffedElf {
  const h = src.head;
  const e = emptyElf(src.size);
  const cls = h[4];
  const data = h[5];
  e.bits = cls === 1 ? 32 : cls === 2 ? 64 : null;
  e.endian = data === 1 ? 'le' : data === 2 ? 'be' : null;
  e.identVersion = h[6] ?? null;
  e.osabi = h[7] ?? null;
  e.abiVersion = h[8] ?? null;
  e.identPadZero = h.length >= 16 && h.subarray(9, 16).every((b) => b === 0);
  if (e.osabi !== null) e.os = OSABI_NAMES[e.osabi] ?? `osabi-${e.osabi}`;
  if (e.endian !== null && h.length >= 20) {
    const f = fields(h, e.endian === 'le');
    e.eType = f.u16(16);
    e.machine = f.u16(18);
    e.type = fileType(e.eType);
  }
  if (h.length < 6) return finish(e, 'truncated-header');
  if (e.bits === null) return finish(e, 'bad-class');
  if (e.endian === null) return finish(e, 'bad-data-encoding');
  const headerSize = e.bits === 64 ? 64 : 52;
  if (src.size < headerSize || h.length < headerSize) return finish(e, 'truncated-header');
  parseBody(src, e, fields(h, e.endian === 'le'));
  return finish(e, e.malformed);
}

function finish(e: SniffedElf, malformed: ElfMalformed | null): SniffedElf {
  e.malformed = malformed;
  if (e.machine !== null) {
    e.machineName = MACHINE_NAMES[e.machine] ?? `e_machine ${e.machine}`;
    if (e.bits !== null && e.endian !== null) {
      const arch = LINUX_ARCH_NAMES.find((name) => {
        const a = linuxArch(name)!;
        return a.elfMachine === e.machine && a.elfBits === e.bits && a.elfEndian === e.endian;
      });
      if (arch === undefined) e.unsupported = unsupportedAbi(e.machine, e.bits, e.endian);
      else {
        e.arch = arch;
        e.platform = formatPlatform({ os: e.os, arch, variant: e.variant });
      }
    }
  }
  return e;
}

/** e_type alone; readDynamic upgrades a shared object to a PIE executable when DF_1_PIE is set. */
function fileType(eType: number): ElfFileType {
  switch (eType) {
    case ET_REL:
      return 'relocatable';
    case ET_EXEC:
      return 'executable';
    case ET_DYN:
      return 'shared-object';
    case ET_CORE:
      return 'core';
    default:
      return 'unknown';
  }
}

function parseBody(src: ByteSource, e: SniffedElf, f: Fields): void {
  const is64 = e.bits === 64;
  const le = e.endian === 'le';
  e.version = f.u32(20);
  e.flags = f.u32(is64 ? 48 : 36);
  const phoff = is64 ? f.u64(32) : f.u32(28);
  e.phentsize = f.u16(is64 ? 54 : 42);
  const phnum = f.u16(is64 ? 56 : 44);
  if (e.machine === EM_ARM) {
    const abiVersion = (e.flags >>> 24) & 0xff;
    if (abiVersion >= 5) {
      e.armFloatAbi = e.flags & EF_ARM_ABI_FLOAT_HARD ? 'hard' : e.flags & EF_ARM_ABI_FLOAT_SOFT ? 'soft' : null;
    }
    readArmAttributes(src, e, f);
  }
  if (phoff === null) {
    e.malformed = 'offset-too-large';
    return;
  }
  const segments = readProgramHeaders(src, e, phoff, phnum);
  if (segments === null) return;

  const interp = segments.find((s) => s.type === PT_INTERP);
  if (interp) {
    if (interp.filesz === 0 || !src.inFile(interp.offset, interp.filesz)) {
      e.malformed ??= 'interp-out-of-bounds';
    } else {
      const got = readPrefix(src, interp.offset, Math.min(interp.filesz, MAX_INTERP_BYTES));
      if (!got.complete) e.isComplete = false;
      if (got.bytes.length > 0) e.interp = cString(got.bytes, 0);
    }
  }

  const dynamic = segments.find((s) => s.type === PT_DYNAMIC);
  e.isDynamic = dynamic !== undefined;
  let dynamicRead = false;
  if (dynamic) {
    if (!src.inFile(dynamic.offset, dynamic.filesz)) e.malformed ??= 'dynamic-out-of-bounds';
    else dynamicRead = readDynamic(src, e, segments, dynamic, is64, le);
  }
  e.libc = classifyLibc(e, dynamicRead);
}

function readProgramHeaders(src: ByteSource, e: SniffedElf, phoff: number, phnum: number): Segment[] | null {
  const is64 = e.bits === 64;
  const entSize = is64 ? 56 : 32;
  if (phnum === 0) return [];
  if (e.phentsize !== entSize) {
    e.malformed = 'bad-phentsize';
    return null;
  }
  if (phnum * entSize > MAX_PROGRAM_HEADER_BYTES) {
    e.malformed = 'too-many-program-headers';
    return null;
  }
  if (!src.inFile(phoff, phnum * entSize)) {
    e.malformed = 'program-headers-out-of-bounds';
    return null;
  }
  const table = src.bytes(phoff, phnum * entSize);
  if (table === null) {
    e.isComplete = false;
    return null;
  }
  const f = fields(table, e.endian === 'le');
  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = i * entSize;
    const type = f.u32(o);
    if (type !== PT_LOAD && type !== PT_DYNAMIC && type !== PT_INTERP) continue;
    const offset = is64 ? f.u64(o + 8) : f.u32(o + 4);
    const vaddr = is64 ? f.u64(o + 16) : f.u32(o + 8);
    const filesz = is64 ? f.u64(o + 32) : f.u32(o + 16);
    if (offset === null || vaddr === null || filesz === null) {
      e.malformed ??= 'offset-too-large';
      continue;
    }
    segments.push({ type, offset, vaddr, filesz });
  }
  return segments;
}

/** Exactly the bytes when readable; otherwise the part of the range inside the head. */
function readPrefix(src: ByteSource, offset: number, length: number): { bytes: Uint8Array; complete: boolean } {
  const all = src.bytes(offset, length);
  if (all !== null) return { bytes: all, complete: true };
  const end = Math.min(offset + length, src.head.length);
  return { bytes: offset < end ? src.head.subarray(offset, end) : new Uint8Array(0), complete: false };
}

/** File offset of a virtual address, through the PT_LOAD segment that maps it. */
function fileOffset(segments: Segment[], vaddr: number): number | null {
  for (const s of segments) {
    if (s.type === PT_LOAD && vaddr >= s.vaddr && vaddr < s.vaddr + s.filesz) return vaddr - s.vaddr + s.offset;
  }
  return null;
}

function readDynamic(
  src: ByteSource,
  e: SniffedElf,
  segments: Segment[],
  dynamic: Segment,
  is64: boolean,
  le: boolean,
): boolean {
  const got = readPrefix(src, dynamic.offset, Math.min(dynamic.filesz, MAX_DYNAMIC_BYTES));
  const f = fields(got.bytes, le);
  const entSize = is64 ? 16 : 8;
  const neededOffsets: number[] = [];
  let soname: number | null = null;
  let rpath: number | null = null;
  let runpath: number | null = null;
  let strtab: number | null = null;
  let strsz: number | null = null;
  let flags1 = 0;
  let verneed: number | null = null;
  let verneedNum = 0;
  let sawNull = false;
  const reloc: Record<number, number> = {};
  for (let o = 0; o + entSize <= got.bytes.length; o += entSize) {
    const tag = is64 ? f.u64(o) : f.u32(o);
    const val = is64 ? f.u64(o + 8) : f.u32(o + 4);
    if (tag === DT_NULL) {
      sawNull = true;
      break;
    }
    if (tag === null || val === null) continue;
    switch (tag) {
      case DT_NEEDED:
        neededOffsets.push(val);
        break;
      case DT_SONAME:
        soname = val;
        break;
      case DT_RPATH:
        rpath = val;
        break;
      case DT_RUNPATH:
        runpath = val;
        break;
      case DT_STRTAB:
        strtab = val;
        break;
      case DT_STRSZ:
        strsz = val;
        break;
      case DT_FLAGS_1:
        flags1 = val;
        break;
      case DT_VERNEED:
        verneed = val;
        break;
      case DT_VERNEEDNUM:
        verneedNum = val;
        break;
      case DT_RELA:
      case DT_RELASZ:
      case DT_RELAENT:
      case DT_REL:
      case DT_RELSZ:
      case DT_RELENT:
      case DT_RELR:
      case DT_RELRSZ:
      case DT_RELRENT:
        reloc[tag] = val;
        break;
    }
  }
  if (!sawNull && (!got.complete || dynamic.filesz > MAX_DYNAMIC_BYTES)) e.isComplete = false;
  // DF_1_PIE tells a PIE executable from a shared object; both are ET_DYN (elf/elf.h).
  if (e.eType === ET_DYN && (flags1 & DF_1_PIE) !== 0) e.type = 'pie-executable';
  if (strtab === null) return got.complete;

  const strOffset = fileOffset(segments, strtab);
  if (strOffset === null || !src.inFile(strOffset, 0)) {
    e.malformed ??= 'string-table-unmapped';
    return false;
  }
  const wanted = Math.min(strsz ?? MAX_STRTAB_BYTES, src.size - strOffset);
  if (wanted > MAX_STRTAB_BYTES) e.isComplete = false;
  const table = readPrefix(src, strOffset, Math.min(wanted, MAX_STRTAB_BYTES));
  if (!table.complete) e.isComplete = false;
  const str = (offset: number | null): string | null => {
    if (offset === null) return null;
    const s = cString(table.bytes, offset);
    if (s === null) e.isComplete = false;
    return s;
  };
  for (const o of neededOffsets) {
    const name = str(o);
    if (name !== null) e.needed.push(name);
  }
  e.soname = str(soname);
  e.runpath = runpath !== null ? str(runpath) : str(rpath);
  if (verneed !== null && verneedNum > 0) readVersionNeeds(src, e, segments, verneed, verneedNum, le, str);
  e.minGlibc = highestGlibc(e.versionNeeds);
  e.nodeAddon = nodeAddonAbi(table.bytes);
  if (e.nodeAddon?.kind === 'legacy' && e.machine !== null) {
    // A pre-N-API addon registers a static struct node_module; its nm_version is the ABI.
    const table = (addr: number, size: number, ent: number) => {
      const a = reloc[addr];
      return a === undefined ? null : { addr: a, size: reloc[size] ?? 0, ent: reloc[ent] ?? 0 };
    };
    const version = moduleStructVersion({
      src,
      machine: e.machine,
      is64,
      le,
      tables: {
        rela: table(DT_RELA, DT_RELASZ, DT_RELAENT),
        rel: table(DT_REL, DT_RELSZ, DT_RELENT),
        relr: table(DT_RELR, DT_RELRSZ, DT_RELRENT),
      },
      fileOffset: (vaddr) => fileOffset(segments, vaddr),
    });
    if (version !== null) e.nodeAddon = { kind: 'node-abi', moduleVersion: version, from: 'module-struct' };
  }
  return got.complete && table.complete;
}

// Elf_Verneed / Elf_Vernaux are 16 bytes in both classes (LSB Core, symbol versioning).
const MAX_VERNEED_ENTRIES = 256;
const MAX_VERNAUX_PER_ENTRY = 256;

function readVersionNeeds(
  src: ByteSource,
  e: SniffedElf,
  segments: Segment[],
  vaddr: number,
  count: number,
  le: boolean,
  str: (offset: number | null) => string | null,
): void {
  const offset = fileOffset(segments, vaddr);
  if (offset === null) {
    e.malformed ??= 'version-needs-malformed';
    return;
  }
  const got = readPrefix(src, offset, Math.min(MAX_VERNEED_BYTES, src.size - offset));
  if (!got.complete) e.isComplete = false;
  const f = fields(got.bytes, le);
  let pos = 0;
  for (let i = 0; i < Math.min(count, MAX_VERNEED_ENTRIES); i++) {
    if (!f.has(pos, 16)) {
      if (got.complete) e.malformed ??= 'version-needs-malformed';
      return;
    }
    const cnt = f.u16(pos + 2);
    const file = str(f.u32(pos + 4)) ?? '';
    const next = f.u32(pos + 12);
    let aux = pos + f.u32(pos + 8);
    for (let j = 0; j < Math.min(cnt, MAX_VERNAUX_PER_ENTRY); j++) {
      if (!f.has(aux, 16)) {
        if (got.complete) e.malformed ??= 'version-needs-malformed';
        return;
      }
      const version = str(f.u32(aux + 8));
      if (version !== null) e.versionNeeds.push({ file, version, weak: (f.u16(aux + 4) & VER_FLG_WEAK) !== 0 });
      const auxNext = f.u32(aux + 12);
      if (auxNext === 0) break;
      aux += auxNext;
    }
    if (next === 0) return;
    pos += next;
  }
}

/** The highest non-weak `GLIBC_x.y[.z]` need; a missing weak version does not stop the loader (elf/dl-version.c). */
export function highestGlibc(needs: readonly ElfVersionNeed[]): string | null {
  let best: number[] | null = null;
  for (const need of needs) {
    if (need.weak) continue;
    const m = GLIBC_VERSION.exec(need.version);
    if (!m) continue;
    const v = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
    if (
      best === null ||
      v[0]! > best[0]! ||
      (v[0] === best[0] && (v[1]! > best[1]! || (v[1] === best[1] && v[2]! > best[2]!)))
    ) {
      best = v;
    }
  }
  if (best === null) return null;
  return best[2] ? best.join('.') : `${best[0]}.${best[1]}`;
}

/** Whose dynamic loader a PT_INTERP path names (binaries.md §1.2/§1.3). */
export function interpreterLibc(interp: string): 'glibc' | 'musl' | 'other' {
  if (interp.includes('/ld-musl-')) return 'musl';
  if (interp.includes('/ld-linux') || /\/ld64\.so\.[12]$/.test(interp) || interp.endsWith('/ld.so.1')) return 'glibc';
  return 'other';
}

// binaries.md §1.3: first match wins.
function classifyLibc(e: SniffedElf, dynamicRead: boolean): ElfLibc {
  const interp = e.interp === null ? null : interpreterLibc(e.interp);
  if (
    interp === 'musl' ||
    e.needed.some((n) => n === 'libc.so' || (n.startsWith('libc.musl-') && n.endsWith('.so.1')))
  ) {
    return 'musl';
  }
  if (
    interp === 'glibc' ||
    e.needed.some((n) => n === 'libc.so.6' || /^ld-linux.*\.so\.\d+$/.test(n)) ||
    e.versionNeeds.some((v) => v.version.startsWith('GLIBC_'))
  ) {
    return 'glibc';
  }
  if (!e.isDynamic) return 'static';
  // A static-pie executable keeps PT_DYNAMIC for its own relocations but has no interpreter
  // and needs nothing: it carries its libc inside.
  if (
    dynamicRead &&
    e.interp === null &&
    e.needed.length === 0 &&
    (e.type === 'executable' || e.type === 'pie-executable')
  ) {
    return 'static';
  }
  return 'undetermined';
}

// Node addon markers in the dynamic string table (binaries.md §6.1; nodejs/node src/node.h,
// src/node_api.h). Names may be tail-merged into longer strings, so only the NUL after a name is
// required.
function nodeAddonAbi(strtab: Uint8Array): NodeAddonAbi | null {
  const s = asciiText(strtab);
  if (
    s.includes('napi_register_module_v1\0') ||
    s.includes('node_api_module_get_api_version_v1\0') ||
    s.includes('napi_module_register\0')
  ) {
    return { kind: 'node-api' };
  }
  const abi = /node_register_module_v(\d{1,4})\0/.exec(s);
  if (abi) return { kind: 'node-abi', moduleVersion: Number(abi[1]), from: 'symbol' };
  if (s.includes('node_module_register\0')) return { kind: 'legacy' };
  return null;
}

// ---------------------------------------------------------------------------------------------
// ARM architecture level: section SHT_ARM_ATTRIBUTES, vendor "aeabi", Tag_File, Tag_CPU_arch.

function readArmAttributes(src: ByteSource, e: SniffedElf, f: Fields): void {
  if (e.bits !== 32) return;
  const shoff = f.u32(32);
  const shentsize = f.u16(46);
  const shnum = f.u16(48);
  if (shoff === 0 || shnum === 0 || shentsize !== 40 || shnum * 40 > MAX_SECTION_HEADER_BYTES) return;
  if (!src.inFile(shoff, shnum * 40)) return;
  const table = src.bytes(shoff, shnum * 40);
  if (table === null) {
    e.isComplete = false;
    return;
  }
  const le = e.endian === 'le';
  const sh = fields(table, le);
  for (let i = 0; i < shnum; i++) {
    if (sh.u32(i * 40 + 4) !== SHT_ARM_ATTRIBUTES) continue;
    const offset = sh.u32(i * 40 + 16);
    const size = Math.min(sh.u32(i * 40 + 20), MAX_ARM_ATTRIBUTES_BYTES);
    const section = src.inFile(offset, size) ? src.bytes(offset, size) : null;
    if (section === null) return;
    const cpuArch = armCpuArch(section, le);
    if (cpuArch !== null) {
      e.armArch = ARM_CPU_ARCH_NAMES[cpuArch] ?? `Tag_CPU_arch ${cpuArch}`;
      e.variant = armVariant(cpuArch);
    }
    return;
  }
}

function uleb128(b: Uint8Array, pos: number, end: number): [value: number, next: number] | null {
  let value = 0;
  let shift = 0;
  while (pos < end && shift <= 28) {
    const byte = b[pos++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, pos];
    shift += 7;
  }
  return null;
}

function skipNtbs(b: Uint8Array, pos: number, end: number): number | null {
  const nul = b.indexOf(0, pos);
  return nul < 0 || nul >= end ? null : nul + 1;
}

/** Tag_CPU_arch from an .ARM.attributes section, or null. */
function armCpuArch(section: Uint8Array, le: boolean): number | null {
  if (section[0] !== 0x41) return null; // format-version 'A'
  const f = fields(section, le);
  let pos = 1;
  while (f.has(pos, 4)) {
    const length = f.u32(pos);
    const end = pos + length;
    if (length < 4 || end > section.length) return null;
    const vendorEnd = skipNtbs(section, pos + 4, end);
    if (vendorEnd === null) return null;
    if (asciiText(section.subarray(pos + 4, vendorEnd - 1)) === 'aeabi') {
      let p = vendorEnd;
      while (p + 5 <= end) {
        const tag = section[p]!;
        const subLength = f.u32(p + 1);
        if (subLength < 5 || p + subLength > end) return null;
        if (tag === 1) {
          const v = cpuArchInAttributes(section, p + 5, p + subLength);
          if (v !== null) return v;
        }
        p += subLength;
      }
    }
    pos = end;
  }
  return null;
}

// Attribute value types: tags 4, 5 and odd tags from 32 up are NUL-terminated strings, tag 32
// (Tag_compatibility) is a number then a string, everything else a ULEB128 number.
function cpuArchInAttributes(b: Uint8Array, pos: number, end: number): number | null {
  let p: number | null = pos;
  while (p !== null && p < end) {
    const tag = uleb128(b, p, end);
    if (tag === null) return null;
    p = tag[1];
    if (tag[0] === 6) return uleb128(b, p, end)?.[0] ?? null;
    if (tag[0] === 4 || tag[0] === 5 || (tag[0] > 32 && tag[0] % 2 === 1)) {
      p = skipNtbs(b, p, end);
    } else if (tag[0] === 32) {
      const n = uleb128(b, p, end);
      p = n === null ? null : skipNtbs(b, n[1], end);
    } else {
      p = uleb128(b, p, end)?.[1] ?? null;
    }
  }
  return null;
}
