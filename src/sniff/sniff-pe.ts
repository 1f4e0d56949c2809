// PE/COFF: machine, PE32 vs PE32+, DLL flag, and whether a .NET assembly is IL-only AnyCPU
// (portable) or tied to a CPU. Layouts: Microsoft PE format
// <https://learn.microsoft.com/en-us/windows/win32/debug/pe-format>; CLI header: ECMA-335
// Partition II §25.3.3; binaries.md §3.
import { fields, hex, type ByteSource } from './bytes.js';
import type { DotNetInfo, SniffedDos, SniffedPe } from './sniffed.js';

const DOS_HEADER_SIZE = 0x40;
const E_LFANEW = 0x3c;
const COFF_HEADER_SIZE = 24; // "PE\0\0" + IMAGE_FILE_HEADER
const SECTION_HEADER_SIZE = 40;
/** Sections looked at when translating the CLR header's RVA (real images have a handful). */
const MAX_SECTIONS = 96;
const PE32_MAGIC = 0x10b;
const PE32_PLUS_MAGIC = 0x20b;
const IMAGE_FILE_DLL = 0x2000;
const CLR_RUNTIME_HEADER = 14;
const CLI_HEADER_FLAGS = 16;
const COMIMAGE_FLAGS_ILONLY = 0x1;
const COMIMAGE_FLAGS_32BITREQUIRED = 0x2;
const COMIMAGE_FLAGS_32BITPREFERRED = 0x20000;
const IMAGE_FILE_MACHINE_I386 = 0x14c;

// IMAGE_FILE_MACHINE_* → [file(1) wording, Windows arch].
const MACHINES: Record<number, [name: string, arch: string]> = {
  0x14c: ['Intel 80386', '386'],
  0x8664: ['x86-64', 'amd64'],
  0xaa64: ['Aarch64', 'arm64'],
  0x1c0: ['ARM', 'arm'],
  0x1c4: ['ARMv7 Thumb', 'arm'],
  0xa641: ['ARM64EC', 'arm64ec'],
  0x200: ['Intel Itanium', 'ia64'],
};

/**
 * An `MZ` file of at least 64 bytes. PE when e_lfanew points at `PE\0\0`; otherwise a plain
 * DOS executable.
 */
export function sniffMz(src: ByteSource): SniffedPe | SniffedDos {
  const dos: SniffedDos = { format: 'dos', size: src.size };
  const h = src.head;
  if (h.length < DOS_HEADER_SIZE) return dos;
  const lfanew = fields(h, true).u32(E_LFANEW);
  const coff = src.bytes(lfanew, COFF_HEADER_SIZE);
  if (coff === null || coff[0] !== 0x50 || coff[1] !== 0x45 || coff[2] !== 0 || coff[3] !== 0) return dos;
  const c = fields(coff, true);
  const machine = c.u16(4);
  const sectionCount = c.u16(6);
  const optionalSize = c.u16(20);
  const characteristics = c.u16(22);
  const [machineName, arch] = MACHINES[machine] ?? [`unknown machine ${hex(machine)}`, null];
  const pe: SniffedPe = {
    format: 'pe',
    size: src.size,
    machine,
    machineName,
    arch,
    isPe32Plus: false,
    isDll: (characteristics & IMAGE_FILE_DLL) !== 0,
    subsystem: null,
    dotnet: null,
    malformed: null,
  };
  const optionalOffset = lfanew + COFF_HEADER_SIZE;
  const optional = optionalSize >= 2 ? src.bytes(optionalOffset, optionalSize) : null;
  if (optional === null) {
    pe.malformed = 'truncated-optional-header';
    return pe;
  }
  const o = fields(optional, true);
  const magic = o.u16(0);
  pe.isPe32Plus = magic === PE32_PLUS_MAGIC;
  if (magic !== PE32_MAGIC && magic !== PE32_PLUS_MAGIC) return pe;
  if (o.has(68, 2)) pe.subsystem = o.u16(68);
  // Data directories follow NumberOfRvaAndSizes: optional-header offset 96 (PE32) / 112 (PE32+).
  const dirs = pe.isPe32Plus ? 112 : 96;
  if (!o.has(dirs - 4, 4)) return pe;
  const dirCount = o.u32(dirs - 4);
  const clr = dirs + CLR_RUNTIME_HEADER * 8;
  if (dirCount <= CLR_RUNTIME_HEADER || !o.has(clr, 8)) return pe;
  const clrRva = o.u32(clr);
  if (clrRva === 0) return pe;
  pe.dotnet = readCliHeader(src, machine, clrRva, optionalOffset + optionalSize, sectionCount);
  return pe;
}

function readCliHeader(
  src: ByteSource,
  machine: number,
  rva: number,
  sectionsOffset: number,
  count: number,
): DotNetInfo {
  const unknown: DotNetInfo = { ilOnly: null, requires32Bit: null, prefers32Bit: null, isPortable: null };
  const table = src.bytes(sectionsOffset, Math.min(count, MAX_SECTIONS) * SECTION_HEADER_SIZE);
  if (table === null) return unknown;
  const t = fields(table, true);
  for (let i = 0; i < Math.min(count, MAX_SECTIONS); i++) {
    const s = i * SECTION_HEADER_SIZE;
    const virtualSize = t.u32(s + 8);
    const virtualAddress = t.u32(s + 12);
    const rawSize = t.u32(s + 16);
    const rawPointer = t.u32(s + 20);
    if (rva < virtualAddress || rva >= virtualAddress + Math.max(virtualSize, rawSize)) continue;
    const header = src.bytes(rva - virtualAddress + rawPointer, CLI_HEADER_FLAGS + 4);
    if (header === null) return unknown;
    const flags = fields(header, true).u32(CLI_HEADER_FLAGS);
    const ilOnly = (flags & COMIMAGE_FLAGS_ILONLY) !== 0;
    const requires32Bit = (flags & COMIMAGE_FLAGS_32BITREQUIRED) !== 0;
    const prefers32Bit = (flags & COMIMAGE_FLAGS_32BITPREFERRED) !== 0;
    // AnyCPU: IL only, machine i386, not pinned to 32 bits (ECMA-335 II.25.3.3.1). C#'s
    // `-platform:anycpu32bitpreferred` sets 32BITREQUIRED together with 32BITPREFERRED and still
    // runs as 64-bit where no 32-bit runtime exists (C# compiler options, PlatformTarget).
    const isPortable = ilOnly && machine === IMAGE_FILE_MACHINE_I386 && (!requires32Bit || prefers32Bit);
    return { ilOnly, requires32Bit, prefers32Bit, isPortable };
  }
  return unknown;
}
