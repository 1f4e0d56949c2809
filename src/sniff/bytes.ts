// Bounds-checked access to a file's bytes: the head the caller already read plus optional
// positional reads. Every offset is checked against the file size before it is used, so a
// malformed header can neither read past the end nor ask for an absurd allocation.
import { decodeName } from '../paths.js';

/** Positional read supplied by the caller: `length` bytes at `offset`, or null when unavailable. */
export type ReadAt = (offset: number, length: number) => Uint8Array | null;

export interface ByteSource {
  /** The first bytes of the file (at most the caller's head size). */
  readonly head: Uint8Array;
  /** The file's size in bytes. */
  readonly size: number;
  /**
   * Exactly `length` bytes at `offset`, from the head when they lie inside it, else via readAt.
   * Null when the range is not a valid range of the file or the bytes could not be read.
   */
  bytes(offset: number, length: number): Uint8Array | null;
  /** True when the range lies inside the file (whether or not it can be read). */
  inFile(offset: number, length: number): boolean;
}

export function createByteSource(head: Uint8Array, size: number, readAt?: ReadAt): ByteSource {
  const fileSize = Number.isSafeInteger(size) && size >= 0 ? Math.max(size, head.length) : head.length;
  const inFile = (offset: number, length: number): boolean =>
    Number.isSafeInteger(offset) &&
    Number.isSafeInteger(length) &&
    offset >= 0 &&
    length >= 0 &&
    offset + length <= fileSize;
  return {
    head,
    size: fileSize,
    inFile,
    bytes(offset, length) {
      if (!inFile(offset, length)) return null;
      if (offset + length <= head.length) return head.subarray(offset, offset + length);
      if (!readAt) return null;
      const got = readAt(offset, length);
      return got !== null && got.length === length ? got : null;
    },
  };
}

/** Fixed-endianness field reader over one buffer. Callers check lengths before reading. */
export interface Fields {
  readonly length: number;
  u8(offset: number): number;
  u16(offset: number): number;
  u32(offset: number): number;
  /** Unsigned 64-bit value, or null when it exceeds Number.MAX_SAFE_INTEGER. */
  u64(offset: number): number | null;
  /** True when [offset, offset + n) lies inside the buffer. */
  has(offset: number, n: number): boolean;
}

export function fields(bytes: Uint8Array, littleEndian: boolean): Fields {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    length: bytes.length,
    u8: (o) => view.getUint8(o),
    u16: (o) => view.getUint16(o, littleEndian),
    u32: (o) => view.getUint32(o, littleEndian),
    u64(o) {
      const v = view.getBigUint64(o, littleEndian);
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : null;
    },
    has: (o, n) => Number.isSafeInteger(o) && o >= 0 && n >= 0 && o + n <= bytes.length,
  };
}

/** True when `bytes` starts with `prefix` at `offset`. */
export function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (offset + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[offset + i] !== prefix[i]) return false;
  return true;
}

/** ASCII string → byte array, for magic comparisons. */
export function ascii(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) & 0xff);
  return out;
}

/**
 * The NUL-terminated string at `offset` (at most `maxLength` bytes), decoded like file names
 * (invalid UTF-8 bytes kept as U+DC80+byte). Null when offset is outside the buffer.
 */
export function cString(bytes: Uint8Array, offset: number, maxLength = bytes.length): string | null {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= bytes.length) return null;
  const end = Math.min(bytes.length, offset + maxLength);
  let nul = offset;
  while (nul < end && bytes[nul] !== 0) nul++;
  return decodeName(bytes.subarray(offset, nul));
}

const SINGLE_BYTE = new TextDecoder('latin1');

/**
 * One character per byte, for finding ASCII tokens in binary data (native decoding, ~10× faster
 * than building the string in JS). Bytes 0x80–0x9F may come out as other code points, so use it
 * only to search for or compare ASCII text, never to recover bytes.
 */
export function asciiText(bytes: Uint8Array): string {
  return SINGLE_BYTE.decode(bytes);
}

/** Hex string of a number for labels: `0x8664`. */
export function hex(n: number): string {
  return '0x' + n.toString(16);
}
