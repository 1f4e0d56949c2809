// Go's path/filepath.Clean, path/filepath.Match and strings.TrimSpace on Unix, ported to the
// project's path dialect (src/paths.ts). Docker's ignore-file parser and matcher call
// these three functions (moby/patternmatcher ignorefile.ReadAll, patternmatcher.New), so any
// deviation changes which files a build context holds. Sources: Go 1.19
// src/path/filepath/path.go, src/path/filepath/match.go, src/strings/strings.go,
// src/unicode/graphic.go (IsSpace) and src/unicode/tables.go (White_Space).
//
// filepath.Match works on bytes: a pattern literal compares one byte at a time, while `?` and
// a class `[...]` decode one rune with utf8.DecodeRune (an invalid byte is U+FFFD, width 1).
// Strings are therefore turned back into the exact bytes they stand for before matching.

import { decodeName, encodePath } from '../paths.js';

const SLASH = 0x2f;
const DOT = 0x2e;
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const CARET = 0x5e;
const HYPHEN = 0x2d;
const RUNE_ERROR = 0xfffd;
/** Longest UTF-8 sequence in bytes (utf8.UTFMax). */
const UTF8_MAX_BYTES = 4;

/** Go's filepath.ErrBadPattern; the message is Go's, word for word. */
export class GoBadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
    this.name = 'GoBadPatternError';
  }
}

/** filepath.Clean on Unix: the shortest lexically equivalent path ("" becomes "."). */
export function goClean(path: string): string {
  // Only '/' and '.' are inspected and both are ASCII, so working on UTF-16 units is the same
  // as Go's byte loop: escaped bytes and surrogate pairs are never mistaken for either.
  if (path === '') return '.';
  const rooted = path.charCodeAt(0) === SLASH;
  const n = path.length;
  const out: string[] = [];
  let r = 0;
  // Index in `out` (in elements, not characters) that `..` may not remove: the root or a
  // leading run of `..` elements.
  let dotdot = 0;
  if (rooted) r = 1;
  while (r < n) {
    const c = path.charCodeAt(r);
    if (c === SLASH) {
      r++;
    } else if (c === DOT && (r + 1 === n || path.charCodeAt(r + 1) === SLASH)) {
      r++;
    } else if (c === DOT && path.charCodeAt(r + 1) === DOT && (r + 2 === n || path.charCodeAt(r + 2) === SLASH)) {
      r += 2;
      if (out.length > dotdot) {
        out.pop();
      } else if (!rooted) {
        out.push('..');
        dotdot = out.length;
      }
    } else {
      let end = path.indexOf('/', r);
      if (end < 0) end = n;
      out.push(path.slice(r, end));
      r = end;
    }
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** True for the runes Go's unicode.IsSpace accepts (Latin-1 special case plus White_Space). */
export function isGoSpace(c: number): boolean {
  switch (c) {
    case 0x09:
    case 0x0a:
    case 0x0b:
    case 0x0c:
    case 0x0d:
    case 0x20:
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200a;
  }
}

/** strings.TrimSpace: strips Go's unicode.IsSpace runes (not U+FEFF, but U+0085) from both ends. */
export function goTrimSpace(s: string): string {
  // Every space rune is in the BMP, and surrogates (escaped bytes, halves of astral
  // characters) are never spaces, so a UTF-16 unit test equals Go's rune test.
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** utf8.DecodeRune over bytes[i:end]: [rune, width]; invalid input is [U+FFFD, 1], empty is [U+FFFD, 0]. */
function decodeRuneAt(bytes: Uint8Array, i: number, end: number): [rune: number, width: number] {
  if (i >= end) return [RUNE_ERROR, 0];
  const b0 = bytes[i]!;
  if (b0 < 0x80) return [b0, 1];
  const cp = decodeName(bytes.subarray(i, Math.min(end, i + UTF8_MAX_BYTES))).codePointAt(0)!;
  if (cp >= 0xdc80 && cp <= 0xdcff) return [RUNE_ERROR, 1];
  return [cp, cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4];
}

/** getEsc from match.go: one possibly escaped rune of a class and the index after it. */
function readClassRune(pattern: Uint8Array, i: number, end: number): [rune: number, next: number] {
  if (i >= end || pattern[i] === HYPHEN || pattern[i] === CLOSE_BRACKET) throw new GoBadPatternError();
  if (pattern[i] === BACKSLASH) {
    i++;
    if (i >= end) throw new GoBadPatternError();
  }
  const [rune, width] = decodeRuneAt(pattern, i, end);
  // An invalid byte inside a class is a syntax error, unlike an invalid byte outside one.
  if (rune === RUNE_ERROR && width === 1) throw new GoBadPatternError();
  if (i + width >= end) throw new GoBadPatternError();
  return [rune, i + width];
}

/**
 * matchChunk from match.go: matches pattern[start:end] (no unbracketed `*`) at name[pos:].
 * Returns the index in `name` after the match, or -1. Like Go ≥ 1.16 it keeps reading the
 * chunk after a mismatch, so a malformed chunk throws whether or not the name matched.
 */
function matchChunk(pattern: Uint8Array, start: number, end: number, name: Uint8Array, pos: number): number {
  let failed = false;
  let i = start;
  while (i < end) {
    if (!failed && pos === name.length) failed = true;
    const c = pattern[i]!;
    if (c === OPEN_BRACKET) {
      // Go leaves r at its zero value once the match has failed; it is never read then.
      let rune = 0;
      if (!failed) {
        const [decoded, width] = decodeRuneAt(name, pos, name.length);
        rune = decoded;
        pos += width;
      }
      i++;
      let negated = false;
      if (i < end && pattern[i] === CARET) {
        negated = true;
        i++;
      }
      let isMatch = false;
      let ranges = 0;
      for (;;) {
        if (i < end && pattern[i] === CLOSE_BRACKET && ranges > 0) {
          i++;
          break;
        }
        let lo: number;
        [lo, i] = readClassRune(pattern, i, end);
        let hi = lo;
        if (pattern[i] === HYPHEN) [hi, i] = readClassRune(pattern, i + 1, end);
        if (lo <= rune && rune <= hi) isMatch = true;
        ranges++;
      }
      if (isMatch === negated) failed = true;
    } else if (c === QUESTION) {
      if (!failed) {
        if (name[pos] === SLASH) failed = true;
        pos += decodeRuneAt(name, pos, name.length)[1];
      }
      i++;
    } else {
      if (c === BACKSLASH) {
        i++;
        if (i >= end) throw new GoBadPatternError();
      }
      // A literal compares a single byte, even inside a multi-byte character.
      if (!failed) {
        if (pattern[i] !== name[pos]) failed = true;
        pos++;
      }
      i++;
    }
  }
  return failed ? -1 : pos;
}

/** scanChunk from match.go: skips leading stars and returns where the next chunk ends. */
function scanChunk(pattern: Uint8Array, pos: number): [star: boolean, start: number, end: number] {
  let star = false;
  while (pos < pattern.length && pattern[pos] === STAR) {
    pos++;
    star = true;
  }
  let inRange = false;
  let i = pos;
  scan: for (; i < pattern.length; i++) {
    switch (pattern[i]) {
      case BACKSLASH:
        if (i + 1 < pattern.length) i++;
        break;
      case OPEN_BRACKET:
        inRange = true;
        break;
      case CLOSE_BRACKET:
        inRange = false;
        break;
      case STAR:
        if (!inRange) break scan;
        break;
    }
  }
  return [star, pos, i];
}

function matchBytes(pattern: Uint8Array, name: Uint8Array): boolean {
  let p = 0;
  let n = 0;
  nextChunk: while (p < pattern.length) {
    const [star, start, end] = scanChunk(pattern, p);
    p = end;
    if (star && start === end) {
      // A trailing star matches the rest of the name unless it holds a separator.
      return !name.subarray(n).includes(SLASH);
    }
    const rest = matchChunk(pattern, start, end, name, n);
    if (rest >= 0 && (rest === name.length || p < pattern.length)) {
      n = rest;
      continue;
    }
    if (star) {
      // Let the star swallow i+1 more bytes; it cannot swallow a separator.
      for (let i = n; i < name.length && name[i] !== SLASH; i++) {
        const after = matchChunk(pattern, start, end, name, i + 1);
        if (after >= 0) {
          if (p === pattern.length && after < name.length) continue;
          n = after;
          continue nextChunk;
        }
      }
    }
    return false;
  }
  return n === name.length;
}

/** filepath.Match on Unix; throws GoBadPatternError exactly when Go returns ErrBadPattern. */
export function goMatch(pattern: string, name: string): boolean {
  return matchBytes(encodePath(pattern), encodePath(name));
}

/** The syntax check patternmatcher.New runs: throws iff filepath.Match(pattern, ".") errors. */
export function validateGoPattern(pattern: string): void {
  goMatch(pattern, '.');
}
