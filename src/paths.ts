// One path dialect for the whole program: context-relative POSIX strings. File names are
// bytes on Linux; Docker (Go) keeps them as bytes and its regexps read invalid UTF-8 one
// byte at a time as U+FFFD. We decode names with Go's utf8.DecodeRune rules and carry each
// byte that is not part of a valid sequence as one lone surrogate U+DC80+byte (PEP 383
// "surrogateescape"). Valid UTF-8 never decodes to a lone surrogate, so the mapping is
// lossless both ways and one invalid byte stays one code point for the matcher.

const ESCAPE_BASE = 0xdc00;

const pathIndexes = new WeakMap<readonly { readonly path: string }[], ReadonlyMap<string, unknown>>();

/**
 * The items of an array by path (a repeated path: the last one), made once per array and shared:
 * the arrays it is asked for (the walk's entries) never change after they are made, and the
 * check model and the COPY source selection both index the same 200,000 entries (7.3 MB each).
 */
export function pathIndexOf<T extends { readonly path: string }>(items: readonly T[]): ReadonlyMap<string, T> {
  let index = pathIndexes.get(items) as ReadonlyMap<string, T> | undefined;
  if (index === undefined) {
    const made = new Map<string, T>();
    for (const item of items) made.set(item.path, item);
    index = made;
    pathIndexes.set(items, index);
  }
  return index;
}

/** True when every UTF-16 unit is ASCII. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) return false;
  }
  return true;
}

/** Byte length of a UTF-8 sequence starting with `b0` and its valid second-byte range (Go's utf8 first/accept tables). */
function sequenceShape(b0: number): [length: number, lo: number, hi: number] {
  if (b0 >= 0xc2 && b0 <= 0xdf) return [2, 0x80, 0xbf];
  if (b0 === 0xe0) return [3, 0xa0, 0xbf];
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return [3, 0x80, 0xbf];
  if (b0 === 0xed) return [3, 0x80, 0x9f];
  if (b0 === 0xf0) return [4, 0x90, 0xbf];
  if (b0 >= 0xf1 && b0 <= 0xf3) return [4, 0x80, 0xbf];
  if (b0 === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}

/** Decodes file-name bytes the way Go's utf8.DecodeRune walks them; invalid bytes become U+DC80+byte. */
export function decodeName(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    }
    const [n, lo, hi] = sequenceShape(b0);
    let ok = n > 0 && i + n <= bytes.length;
    if (ok) {
      const b1 = bytes[i + 1]!;
      ok = b1 >= lo && b1 <= hi;
      for (let k = 2; ok && k < n; k++) {
        const b = bytes[i + k]!;
        ok = b >= 0x80 && b <= 0xbf;
      }
    }
    if (!ok) {
      out += String.fromCharCode(ESCAPE_BASE + b0);
      i++;
      continue;
    }
    let cp = n === 2 ? b0 & 0x1f : n === 3 ? b0 & 0x0f : b0 & 0x07;
    for (let k = 1; k < n; k++) cp = (cp << 6) | (bytes[i + k]! & 0x3f);
    out += String.fromCodePoint(cp);
    i += n;
  }
  return out;
}

/** True when the string carries escaped (non-UTF-8) bytes. */
export function hasEscapedBytes(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff) {
      const prev = i > 0 ? s.charCodeAt(i - 1) : 0;
      if (!(prev >= 0xd800 && prev <= 0xdbff)) return true;
    }
  }
  return false;
}

/** The exact bytes a path string stands for. */
export function encodePath(s: string): Buffer {
  if (!hasEscapedBytes(s)) return Buffer.from(s, 'utf8');
  const parts: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && !(i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff)) {
      parts.push(c - ESCAPE_BASE);
      continue;
    }
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) parts.push(b);
  }
  return Buffer.from(parts);
}

/** Byte length of the path in UTF-8 (escaped bytes count one each). */
export function byteLength(s: string): number {
  return isAscii(s) ? s.length : encodePath(s).length;
}

/**
 * Orders two paths by their bytes, as Go's string comparison does. UTF-8 keeps code point order,
 * so where the first differing units are both below the surrogates (U+D800) they decide; a
 * surrogate, an escaped byte or a character above U+D7FF there is compared by its bytes. A path
 * that is the other's prefix comes first in bytes too (a lone high surrogate at its end encodes
 * as EF BF BD, below the F0-F4 of the pair it may start in the longer path).
 */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x < y ? -1 : 1;
    return Buffer.compare(encodePath(a), encodePath(b));
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** At or above the surrogates: a path holding one may order differently in UTF-16 and in bytes. */
const SURROGATE_OR_ABOVE = /[\ud800-\uffff]/;

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts paths in place in compareBytes's order and returns them. When no path holds a unit at or
 * above U+D800 (almost always), the engine's own string comparison gives that order without
 * compareBytes's scan for the first differing unit.
 */
export function sortPathsByBytes(paths: string[]): string[] {
  for (const p of paths) if (SURROGATE_OR_ABOVE.test(p)) return paths.sort(compareBytes);
  return paths.sort(compareCodeUnits);
}

/** sortPathsByBytes for records: sorts `items` in place by their `path`. */
export function sortByPathBytes<T extends { readonly path: string }>(items: T[]): T[] {
  for (const item of items)
    if (SURROGATE_OR_ABOVE.test(item.path)) return items.sort((a, b) => compareBytes(a.path, b.path));
  return items.sort((a, b) => compareCodeUnits(a.path, b.path));
}

/** For filesystem calls: a plain string when it round-trips through UTF-8, else the raw bytes. */
export function toFsPath(s: string): string | Buffer {
  return hasEscapedBytes(s) ? encodePath(s) : s;
}

// The parts of a context-relative POSIX path ("" is the context root).

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
