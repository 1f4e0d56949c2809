// Small formats recognised from their first bytes: CPython bytecode, WebAssembly, Git LFS
// pointers, HTML error pages, GNU ld scripts, macOS litter, shebang scripts.
import { decodeName } from '../paths.js';
import { ascii, asciiText, fields, startsWith } from './bytes.js';
import type { SniffedLfsPointer, SniffedPyc, SniffedScript, SniffedWasm } from './sniffed.js';

// ---------------------------------------------------------------------------------------------
// .pyc: magic = u16 little-endian + b"\r\n" (python/cpython Lib/importlib/_bootstrap_external.py,
// from 3.14 Include/internal/pycore_magic_number.h). Each minor owns a band of numbers; the
// final release writes the last one it used (binaries.md §5.4, verified with real interpreters).

interface PycBand {
  python: string;
  first: number;
  last: number;
  final: number | null;
}

const PYC_BANDS: readonly PycBand[] = [
  { python: '3.5', first: 3320, last: 3359, final: 3351 },
  { python: '3.6', first: 3360, last: 3389, final: 3379 },
  { python: '3.7', first: 3390, last: 3399, final: 3394 },
  { python: '3.8', first: 3400, last: 3419, final: 3413 },
  { python: '3.9', first: 3420, last: 3429, final: 3425 },
  { python: '3.10', first: 3430, last: 3449, final: 3439 },
  // From 3.11 each minor N owns [2900 + 50·N, 2900 + 50·N + 49].
  { python: '3.11', first: 3450, last: 3499, final: 3495 },
  { python: '3.12', first: 3500, last: 3549, final: 3531 },
  { python: '3.13', first: 3550, last: 3599, final: 3571 },
  { python: '3.14', first: 3600, last: 3649, final: 3627 },
  { python: '3.15', first: 3650, last: 3699, final: null },
  { python: '3.16', first: 3700, last: 3749, final: null },
];
/** Python 2.7's magic (03 F3 0D 0A). */
const PYTHON27_MAGIC = 62211;

/** CPython version for a .pyc magic number, or null when it is in no known band. */
export function pythonForPycMagic(magic: number): { python: string; isFinalMagic: boolean } | null {
  if (magic === PYTHON27_MAGIC) return { python: '2.7', isFinalMagic: true };
  const band = PYC_BANDS.find((b) => magic >= b.first && magic <= b.last);
  return band ? { python: band.python, isFinalMagic: band.final === magic } : null;
}

/** The magic number CPython 3.N writes, for comparing with a target interpreter. */
export function pycMagicFor(python: string): number | null {
  if (python === '2.7') return PYTHON27_MAGIC;
  return PYC_BANDS.find((b) => b.python === python)?.final ?? null;
}

export function sniffPyc(head: Uint8Array, size: number): SniffedPyc | null {
  if (head.length < 4 || head[2] !== 0x0d || head[3] !== 0x0a) return null;
  const magic = fields(head, true).u16(0);
  const known = pythonForPycMagic(magic);
  if (known === null) return null;
  // PEP 552 (3.7+): a u32 flags word follows the magic.
  const hasFlags = known.python !== '2.7' && Number(known.python.split('.')[1]) >= 7;
  const isHashBased = hasFlags && head.length >= 8 ? (fields(head, true).u32(4) & 1) !== 0 : null;
  return { format: 'pyc', size, magic, python: known.python, isFinalMagic: known.isFinalMagic, isHashBased };
}

// ---------------------------------------------------------------------------------------------
// WebAssembly: "\0asm" + u16 version + u16 layer; core modules are version 1 layer 0, components
// layer 1 (WebAssembly/component-model Binary.md).

export function sniffWasm(head: Uint8Array, size: number): SniffedWasm | null {
  if (!startsWith(head, [0x00, 0x61, 0x73, 0x6d]) || head.length < 8) return null;
  const f = fields(head, true);
  return { format: 'wasm', size, version: f.u16(4), kind: f.u16(6) === 1 ? 'component' : 'module' };
}

// ---------------------------------------------------------------------------------------------
// macOS litter (binaries.md §7, verified with file(1)).

const DS_STORE = [0x00, 0x00, 0x00, 0x01, ...ascii('Bud1')];
const APPLEDOUBLE = [0x00, 0x05, 0x16, 0x07];

export function isDsStore(head: Uint8Array): boolean {
  return startsWith(head, DS_STORE);
}

export function isAppleDouble(head: Uint8Array): boolean {
  return startsWith(head, APPLEDOUBLE);
}

// ---------------------------------------------------------------------------------------------
// Text formats. All tests look at the head only.

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function skipBomAndSpace(head: Uint8Array): number {
  let i = startsWith(head, UTF8_BOM) ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || (head[i]! >= 0x09 && head[i]! <= 0x0d))) i++;
  return i;
}

// Git LFS pointer spec (git-lfs/git-lfs docs/spec.md): the first line names the spec version;
// pre-release pointers used the hawser URL. Pointers are under 1024 bytes.
const LFS_VERSION_LINES = [
  'version https://git-lfs.github.com/spec/v1\n',
  'version https://hawser.github.com/spec/v1\n',
];
const LFS_MAX_POINTER_BYTES = 1024;

export function sniffLfsPointer(head: Uint8Array, size: number): SniffedLfsPointer | null {
  if (size >= LFS_MAX_POINTER_BYTES) return null;
  const text = asciiText(head.subarray(0, Math.min(head.length, LFS_MAX_POINTER_BYTES)));
  if (!LFS_VERSION_LINES.some((line) => text.startsWith(line))) return null;
  const oid = /^oid (sha256:[0-9a-f]{64})$/m.exec(text)?.[1] ?? null;
  const objectSize = /^size (\d{1,15})$/m.exec(text)?.[1];
  return { format: 'git-lfs-pointer', size, oid, objectSize: objectSize === undefined ? null : Number(objectSize) };
}

/** `<!DOCTYPE html` or `<html` (any case) after an optional BOM and whitespace: a saved error page. */
export function isHtml(head: Uint8Array): boolean {
  const start = skipBomAndSpace(head);
  const text = asciiText(head.subarray(start, start + 15)).toLowerCase();
  return text.startsWith('<!doctype html') || /^<html[\s>]/.test(text);
}

// GNU ld scripts stand in for libraries (Debian's /usr/lib/<triplet>/libc.so is one). They begin
// with a comment "GNU ld script" or with a linker command such as GROUP ( or INPUT (.
const LD_COMMANDS = /^(?:OUTPUT_FORMAT|OUTPUT_ARCH|GROUP|INPUT|SEARCH_DIR|INCLUDE)\s*\(/;

export function isLdScript(head: Uint8Array): boolean {
  let i = skipBomAndSpace(head);
  const text = asciiText(head);
  for (;;) {
    if (text.startsWith('/*', i)) {
      if (/^\/\*\s*GNU ld script/.test(text.slice(i, i + 40))) return true;
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return false;
      i = end + 2;
      while (i < text.length && /\s/.test(text[i]!)) i++;
      continue;
    }
    return LD_COMMANDS.test(text.slice(i, i + 40));
  }
}

// Shebang lines as Linux reads them (fs/binfmt_script.c): the interpreter is the first word after
// "#!" (spaces/tabs skipped), an optional single argument is the rest of the line with surrounding
// blanks trimmed; only the first BINPRM_BUF_SIZE (256) bytes are looked at.
const BINPRM_BUF_SIZE = 256;

export function sniffShebang(head: Uint8Array, size: number): SniffedScript | null {
  const hasBom = startsWith(head, UTF8_BOM);
  const start = hasBom ? 3 : 0;
  if (head[start] !== 0x23 || head[start + 1] !== 0x21) return null;
  const window = head.subarray(start, Math.min(head.length, start + BINPRM_BUF_SIZE));
  const newline = window.indexOf(0x0a);
  const isTruncated = newline < 0 && head.length > start + BINPRM_BUF_SIZE - 1;
  let end = newline < 0 ? window.length : newline;
  const hasCrlf = end > 2 && window[end - 1] === 0x0d;
  if (hasCrlf) end--;
  const isBlank = (b: number | undefined) => b === 0x20 || b === 0x09;
  let i = 2;
  while (i < end && isBlank(window[i])) i++;
  while (end > i && isBlank(window[end - 1])) end--;
  let split = i;
  while (split < end && !isBlank(window[split])) split++;
  let arg = split;
  while (arg < end && isBlank(window[arg])) arg++;
  return {
    format: 'script',
    size,
    interpreter: decodeName(window.subarray(i, split)),
    argument: arg < end ? decodeName(window.subarray(arg, end)) : null,
    hasCrlf,
    hasBom,
    isTruncated,
  };
}

/** No NUL and no control bytes other than tab, newlines, form feed and ESC in the head. */
export function looksLikeText(head: Uint8Array): boolean {
  for (const b of head) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) return false;
    if (b === 0x7f) return false;
  }
  return true;
}
