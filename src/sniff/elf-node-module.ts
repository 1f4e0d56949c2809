// NODE_MODULE_VERSION of a pre-N-API addon that exports no `node_register_module_v<N>`: the addon
// registers itself from a constructor with `node_module_register(&_module)`, and `_module` is the
// static `struct node_module` that `NODE_MODULE(modname, regfunc)` defines (nodejs/node src/node.h,
// NODE_MODULE_X, since io.js / Node 0.11):
//
//   int nm_version;            // NODE_MODULE_VERSION                      offset 0
//   unsigned int nm_flags;     // 0 for addons                             4
//   void* nm_dso_handle;       // NULL                                     8
//   const char* nm_filename;   // __FILE__                                 8 + P
//   addon_register_func nm_register_func;                               // 8 + 2P
//   addon_context_register_func nm_context_register_func;               // 8 + 3P
//   const char* nm_modname;    // NODE_STRINGIFY(modname)                  8 + 4P
//   void* nm_priv; struct node_module* nm_link;
//
// In a shared object the struct's pointers are filled in by the dynamic loader, so each has a
// dynamic relocation: the two strings are local (RELATIVE: the addend, in the RELA entry or in
// place for REL/RELR, is the string's address), the function may be local or named by symbol. The
// struct is found by that shape — relocated slots at 8+P, 8+4P and 8+2P or 8+3P, a source-file
// name and an identifier behind the two string pointers, no relocation at 0, 4 and 8 — and
// nm_version is the int at its start, read from the data the file maps. Checked on fibers 4.0.3's
// prebuilt linux-x64 (RELA) and linux-ia32 (REL) addons for ABI 64 and 72.
//
// Limits: Node 0.10's `node_module_struct` (a different layout, exported `<modname>_module`) is not
// read; MIPS (no RELATIVE relocations) is not read; an addon whose relocation tables are over
// MAX_RELOCATION_BYTES keeps its ABI unknown; so does one with two candidate structs that disagree.
import { cString, fields, type ByteSource } from './bytes.js';

/** Dynamic relocation entries read at most, over all tables (inside MAX_BYTES_PER_FILE with the other ELF reads). */
export const MAX_RELOCATION_BYTES = 192 * 1024;
/** Bytes read behind a string pointer. */
const MAX_STRING_BYTES = 512;
/** Candidate structs whose strings are read at most. */
const MAX_CANDIDATES = 32;
/** NODE_MODULE_VERSION values seen so far run from 1 (io.js) to the low hundreds. */
const MAX_MODULE_VERSION = 9999;

/** R_<arch>_RELATIVE by e_machine (the psABI of each). */
const RELATIVE_TYPE: Record<number, number> = {
  3: 8, // EM_386: R_386_RELATIVE
  62: 8, // EM_X86_64: R_X86_64_RELATIVE
  183: 1027, // EM_AARCH64: R_AARCH64_RELATIVE
  40: 23, // EM_ARM: R_ARM_RELATIVE
  21: 22, // EM_PPC64: R_PPC64_RELATIVE
  20: 22, // EM_PPC: R_PPC_RELATIVE
  22: 12, // EM_S390: R_390_RELATIVE
  243: 3, // EM_RISCV: R_RISCV_RELATIVE
  258: 3, // EM_LOONGARCH: R_LARCH_RELATIVE
};

export interface RelocationTables {
  /** DT_RELA / DT_RELASZ / DT_RELAENT: virtual address, size and entry size. */
  rela: { addr: number; size: number; ent: number } | null;
  /** DT_REL / DT_RELSZ / DT_RELENT. */
  rel: { addr: number; size: number; ent: number } | null;
  /** DT_RELR / DT_RELRSZ / DT_RELRENT (packed relative relocations). */
  relr: { addr: number; size: number; ent: number } | null;
}

export interface ModuleStructInput {
  src: ByteSource;
  machine: number;
  is64: boolean;
  le: boolean;
  tables: RelocationTables;
  /** File offset of a virtual address through the PT_LOAD segments, or null. */
  fileOffset(vaddr: number): number | null;
}

/** Relocated slot → the local address it gets (RELATIVE), or null (named by a symbol). */
type Slots = Map<number, number | null>;

function readTable(input: ModuleStructInput, t: { addr: number; size: number } | null, budget: { left: number }) {
  if (t === null || t.size <= 0) return null;
  const offset = input.fileOffset(t.addr);
  if (offset === null || t.size > budget.left) return null;
  budget.left -= t.size;
  return input.src.bytes(offset, t.size);
}

/** The word at a virtual address, read from the file (a REL/RELR addend), or null. */
function wordAt(input: ModuleStructInput, vaddr: number): number | null {
  const offset = input.fileOffset(vaddr);
  const size = input.is64 ? 8 : 4;
  const bytes = offset === null ? null : input.src.bytes(offset, size);
  if (bytes === null) return null;
  const f = fields(bytes, input.le);
  return input.is64 ? f.u64(0) : f.u32(0);
}

/** Every dynamically relocated slot; null when the tables cannot be read within the limits. */
function relocatedSlots(input: ModuleStructInput): Slots | null {
  const { is64, le, tables } = input;
  const relative = RELATIVE_TYPE[input.machine];
  if (relative === undefined) return null;
  const slots: Slots = new Map();
  const budget = { left: MAX_RELOCATION_BYTES };
  const word = is64 ? 8 : 4;
  const typeOf = (info: number | null): number | null =>
    info === null ? null : is64 ? info % 0x1_0000_0000 : info & 0xff;
  for (const [table, withAddend] of [
    [tables.rela, true],
    [tables.rel, false],
  ] as const) {
    if (table === null || table.size === 0) continue;
    const entSize = withAddend ? 3 * word : 2 * word;
    if (table.ent !== entSize) return null;
    const bytes = readTable(input, table, budget);
    if (bytes === null) return null;
    const f = fields(bytes, le);
    const read = (o: number): number | null => (is64 ? f.u64(o) : f.u32(o));
    for (let o = 0; o + entSize <= bytes.length; o += entSize) {
      const at = read(o);
      if (at === null) continue;
      const isRelative = typeOf(read(o + word)) === relative;
      slots.set(at, isRelative ? (withAddend ? read(o + 2 * word) : wordAt(input, at)) : null);
    }
  }
  if (tables.relr !== null && tables.relr.size > 0) {
    if (tables.relr.ent !== word) return null;
    const bytes = readTable(input, tables.relr, budget);
    if (bytes === null) return null;
    // An even entry is an address; an odd one a bitmap over the next word*8-1 words (bit 63 may
    // be set: BigInt, as Number loses it).
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const entryAt = (o: number): bigint => (is64 ? view.getBigUint64(o, le) : BigInt(view.getUint32(o, le)));
    let base = 0;
    for (let o = 0; o + word <= bytes.length; o += word) {
      const entry = entryAt(o);
      if ((entry & 1n) === 0n) {
        const address = Number(entry);
        if (!Number.isSafeInteger(address)) return null;
        slots.set(address, wordAt(input, address));
        base = address + word;
        continue;
      }
      let i = 0;
      for (let bits = entry >> 1n; bits > 0n; bits >>= 1n, i++) {
        if ((bits & 1n) === 1n) slots.set(base + i * word, wordAt(input, base + i * word));
      }
      base += (word * 8 - 1) * word;
    }
  }
  return slots;
}

function stringAt(input: ModuleStructInput, vaddr: number): string | null {
  const offset = input.fileOffset(vaddr);
  if (offset === null) return null;
  const length = Math.min(MAX_STRING_BYTES, input.src.size - offset);
  const bytes = length > 0 ? input.src.bytes(offset, length) : null;
  if (bytes === null) return null;
  const nul = bytes.indexOf(0);
  return nul < 0 ? null : cString(bytes, 0, nul);
}

const SOURCE_FILE = /^[\x20-\x7e]+\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|mm?)$/i;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** The nm_version of the addon's `struct node_module`, or null when it cannot be found for sure. */
export function moduleStructVersion(input: ModuleStructInput): number | null {
  const slots = relocatedSlots(input);
  if (slots === null) return null;
  const p = input.is64 ? 8 : 4;
  const local = (a: number): number | null => slots.get(a) ?? null;
  const found = new Set<number>();
  let candidates = 0;
  for (const [slot, target] of slots) {
    if (target === null) continue;
    const x = slot - (8 + p);
    if (x < 0 || x % p !== 0 || slots.has(x) || slots.has(x + 4) || slots.has(x + 8)) continue;
    const modname = local(x + 8 + 4 * p);
    if (modname === null || !(slots.has(x + 8 + 2 * p) || slots.has(x + 8 + 3 * p))) continue;
    if (++candidates > MAX_CANDIDATES) return null;
    const file = stringAt(input, target);
    const name = stringAt(input, modname);
    if (file === null || name === null || !SOURCE_FILE.test(file) || !IDENTIFIER.test(name)) continue;
    const offset = input.fileOffset(x);
    const head = offset === null ? null : input.src.bytes(offset, 8);
    if (head === null) continue;
    const f = fields(head, input.le);
    const version = f.u32(0);
    // nm_flags: 0 for an addon (NM_F_BUILTIN 1, NM_F_LINKED 2 and NM_F_INTERNAL 4 are Node's own).
    if (version >= 1 && version <= MAX_MODULE_VERSION && (f.u32(4) & ~7) === 0) found.add(version);
  }
  return found.size === 1 ? [...found][0]! : null;
}
