// Properties of the parser and matcher over generated input (fast-check). The answers Docker
// gives are replayed from oracle data in oracle-golden.test.ts; here we check what must hold for
// every input: no crash beyond the documented errors, lossless names, and the agreements
// between Docker's matching functions that its code implies.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { goTrimSpace } from '../../src/context/go-filepath.js';
import { parseIgnoreFile, MAX_SCAN_TOKEN_BYTES } from '../../src/context/ignore-file.js';
import { PatternMatcher, PatternSyntaxError } from '../../src/context/matcher.js';
import { compareBytes, decodeName, encodePath, sortPathsByBytes } from '../../src/paths.js';
import { matchChain } from '../helpers/match-chain.js';
import { BuildctxError } from '../../src/errors.js';

// Characters whose meaning differs between gitignore, Go's filepath.Match and RE2.
const GLOB_CHARS = [
  'a',
  'b',
  '/',
  '*',
  '**',
  '?',
  '[',
  ']',
  '^',
  '!',
  '-',
  '\\',
  '.',
  '+',
  '(',
  ')',
  '{',
  '}',
  '|',
  '$',
  '#',
  ' ',
  '\t',
  'é',
  '𝄞',
  '\uFFFD',
  'd',
  'q',
];
const PATH_CHARS = ['a', 'b', 'ab', '.', '-', '+', '$', '(', '#', ' ', 'é', '𝄞', '\uFFFD', '*', '?', '['];

const globPattern = fc
  .array(fc.constantFrom(...GLOB_CHARS), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''));
// Walked paths never hold "." or ".." segments.
const pathSegment = fc
  .array(fc.constantFrom(...PATH_CHARS), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(''))
  .filter((s) => s !== '.' && s !== '..');
const contextPath = fc.array(pathSegment, { minLength: 1, maxLength: 4 }).map((segs) => segs.join('/'));

function longestLine(bytes: Uint8Array): number {
  let longest = 0;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      longest = Math.max(longest, i - start);
      start = i + 1;
    }
  }
  return longest;
}

describe('ignore-file parser', () => {
  test('never throws on any bytes, except Docker\'s "token too long" for a line of 64 KiB or more', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc
        .array(fc.constantFrom(...GLOB_CHARS, '\n', '\r\n', '\r', '\uFEFF', '\u0085', '\u00a0', '#', '!'), {
          maxLength: 60,
        })
        .map((p) => new Uint8Array(Buffer.from(p.join('')))),
      fc
        .integer({ min: MAX_SCAN_TOKEN_BYTES - 2, max: MAX_SCAN_TOKEN_BYTES + 1 })
        .map((n) => new Uint8Array(Buffer.alloc(n, 0x61))),
    );
    fc.assert(
      fc.property(bytes, (data) => {
        let threw: unknown = null;
        try {
          parseIgnoreFile(data);
        } catch (error) {
          threw = error;
        }
        const tooLong = longestLine(data) >= MAX_SCAN_TOKEN_BYTES;
        if (threw === null) return !tooLong;
        return (
          tooLong &&
          threw instanceof BuildctxError &&
          threw.code === 'ignore-file-invalid' &&
          /token too long/.test(threw.message)
        );
      }),
      { numRuns: 400, seed: 6001 },
    );
  });

  // Whitespace can survive at either end: "a\t/" cleans to "a\t", "/\ta" loses its "/" to "\ta".
  // ReadAll strips the leading "/" after the "!" check, so "/!/a" becomes "!/a": a pattern that
  // New then reads as an exception for "/a" (which matches no relative path), as Docker does.
  test('patterns are never empty and keep no leading "/"; an exception\'s body keeps none either', () => {
    fc.assert(
      fc.property(fc.array(globPattern, { maxLength: 6 }), (lines) => {
        for (const p of parseIgnoreFile(Buffer.from(lines.join('\n')))) {
          if (p.pattern === '') return false;
          if (p.pattern.length > 1 && p.pattern.startsWith('/')) return false;
          const isException = goTrimSpace(p.text).startsWith('!');
          if (isException && p.pattern.length > 2 && p.pattern.startsWith('!/')) return false;
        }
        return true;
      }),
      { numRuns: 300, seed: 6002 },
    );
  });

  test('"/!/a" reads as "!/a", as ReadAll leaves it (the failure this property once found at random)', () => {
    expect(parseIgnoreFile(Buffer.from('/!/a\n!/b\n')).map((p) => p.pattern)).toEqual(['!/a', '!b']);
  });
});

describe('matcher', () => {
  test('New and matching throw only the documented pattern errors', () => {
    fc.assert(
      fc.property(fc.array(globPattern, { minLength: 1, maxLength: 4 }), contextPath, (patterns, path) => {
        try {
          const m = PatternMatcher.create(patterns);
          m.matchesOrParentMatches(path);
          m.matchesDeprecated(path);
          return true;
        } catch (error) {
          return (
            error instanceof PatternSyntaxError &&
            /syntax error in pattern|illegal exclusion pattern/.test(error.message)
          );
        }
      }),
      { numRuns: 1000, seed: 6003 },
    );
  });

  test('without exceptions, the walk-time chain agrees with MatchesOrParentMatches', () => {
    const plain = globPattern.filter((p) => !p.includes('!') && !p.includes('\\'));
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 3 }), contextPath, (patterns, path) => {
        let m: PatternMatcher;
        try {
          m = PatternMatcher.create(patterns);
          m.matchesOrParentMatches(path);
        } catch {
          return true;
        }
        let excluded: boolean;
        try {
          excluded = matchChain(m, path);
        } catch {
          return true; // an ancestor's regexp failed: Docker's walk fails there too
        }
        return excluded === m.matchesOrParentMatches(path).excluded;
      }),
      { numRuns: 1000, seed: 6004 },
    );
  });

  test('a pattern that matches a directory excludes everything below it', () => {
    fc.assert(
      fc.property(
        globPattern.filter((p) => !p.startsWith('!')),
        contextPath,
        pathSegment,
        (pattern, dir, child) => {
          let m: PatternMatcher;
          try {
            m = PatternMatcher.create([pattern]);
            if (!m.matchesOrParentMatches(dir).excluded) return true;
          } catch {
            return true;
          }
          return m.matchesOrParentMatches(`${dir}/${child}`).excluded;
        },
      ),
      { numRuns: 1000, seed: 6005 },
    );
  });
});

describe('path dialect', () => {
  test('any name bytes decode and encode back unchanged', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) =>
        Buffer.from(encodePath(decodeName(bytes))).equals(Buffer.from(bytes)),
      ),
      { numRuns: 2000, seed: 6006 },
    );
  });

  test('compareBytes orders names as their bytes, surrogate pairs, escaped bytes and U+E000-U+FFFF included', () => {
    // Pieces whose UTF-16 order differs from their byte order (U+D7FF, U+E000, U+FFFF, a pair
    // for U+1F600, an escaped invalid byte), so that shared prefixes meet them where they differ.
    const pieces = [
      [0x61],
      [0x7f],
      [0xc3, 0xa9],
      [0xed, 0x9f, 0xbf],
      [0xee, 0x80, 0x80],
      [0xef, 0xbf, 0xbf],
      [0xf0, 0x9f, 0x98, 0x80],
      [0xff],
      [0xed],
      [0xf0, 0x9f],
    ];
    const name = fc.array(fc.constantFrom(...pieces), { maxLength: 6 }).map((ps) => Uint8Array.from(ps.flat()));
    const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
    fc.assert(
      fc.property(name, name, name, (prefix, x, y) => {
        const a = decodeName(Buffer.concat([prefix, x]));
        const b = decodeName(Buffer.concat([prefix, y]));
        expect(sign(compareBytes(a, b))).toBe(sign(Buffer.compare(encodePath(a), encodePath(b))));
      }),
      { numRuns: 5000, seed: 6008 },
    );
    // Lone surrogates as JavaScript strings may hold them (never produced by decodeName).
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 }), (a, b) => {
        expect(sign(compareBytes(a, b))).toBe(sign(Buffer.compare(encodePath(a), encodePath(b))));
      }),
      { numRuns: 5000, seed: 6009 },
    );
  });

  test('sortPathsByBytes sorts as compareBytes does, with or without units at or above U+D800', () => {
    const pieces = [
      [0x61],
      [0x2f],
      [0x2e],
      [0xc3, 0xa9],
      [0xed, 0x9f, 0xbf],
      [0xee, 0x80, 0x80],
      [0xf0, 0x9f, 0x98, 0x80],
      [0xff],
      [0x80],
      [0xc0],
    ];
    const name = fc
      .array(fc.constantFrom(...pieces), { maxLength: 5 })
      .map((ps) => decodeName(Uint8Array.from(ps.flat())));
    const plain = fc.array(fc.constantFrom('a', 'b', '/', '.', '-', 'é'), { maxLength: 6 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(fc.oneof(name, plain), { maxLength: 30 }), (paths) => {
        expect(sortPathsByBytes([...paths])).toEqual([...paths].sort(compareBytes));
      }),
      { numRuns: 3000, seed: 6010 },
    );
  });

  test('valid UTF-8 decodes exactly as TextDecoder does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (s) => decodeName(Buffer.from(s, 'utf8')) === s),
      { numRuns: 1000, seed: 6007 },
    );
  });
});
