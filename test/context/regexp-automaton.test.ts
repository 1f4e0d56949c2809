// The two ways a compiled ignore-file regexp runs (regexp-automaton.ts) — the lazy DFA and the
// NFA simulation — agree on generated regexps in the shapes patternmatcher writes, and both stay
// linear where a backtracking engine is exponential. Go's own answers are replayed in
// test/go-semantics/go-regexp.test.ts (both engines) and, through the matcher, in
// oracle-golden.test.ts.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileGoRegexp, GoRegexpSyntaxError, type GoRegexp } from '../../src/context/go-regexp.js';
import { MAX_DFA_STATES } from '../../src/context/regexp-automaton.js';

// Pieces patternmatcher emits (`[^/]*`, `[^/]`, `(.*\/)?`, `.*`, escapes) and the RE2 syntax a
// .dockerignore line can still carry into the regexp (`|`, `{n,m}`, classes, `\b`, `\A`, `\z`).
const PIECES = [
  'a',
  'b',
  'ab',
  '\\/',
  '[^\\/]*',
  '[^\\/]',
  '(.*\\/)?',
  '.*',
  '\\.',
  '[ab]',
  '[^a]',
  '|',
  '{2}',
  '{1,3}',
  '\\b',
  '\\B',
  '\\A',
  '\\z',
  '$',
  '^',
  'é',
  '\\x{fffd}',
];
const SUBJECT_CHARS = ['a', 'b', '/', '.', 'é', '\udc80', '\n', ' ', '𝄞'];

const source = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 10 }).map((parts) => parts.join(''));
const subject = fc.array(fc.constantFrom(...SUBJECT_CHARS), { maxLength: 12 }).map((parts) => parts.join(''));

function compileOrNull(src: string, engine: 'dfa' | 'pike'): GoRegexp | null {
  try {
    return compileGoRegexp(src, engine);
  } catch (error) {
    if (error instanceof GoRegexpSyntaxError) return null;
    throw error;
  }
}

describe('lazy DFA and NFA simulation', () => {
  test('answer alike on generated regexps and subjects', () => {
    fc.assert(
      fc.property(source, fc.array(subject, { minLength: 1, maxLength: 8 }), (src, subjects) => {
        const dfa = compileOrNull(src, 'dfa');
        const pike = compileOrNull(src, 'pike');
        if (dfa === null || pike === null) return dfa === pike;
        return subjects.every((s) => dfa.test(s) === pike.test(s));
      }),
      { numRuns: 2000, seed: 16 },
    );
  });

  test('a DFA that outgrows its state cache starts over and still answers right', () => {
    // Unanchored (a|b)*a(a|b){11}: the classic regexp whose DFA has 2^12 states.
    const re = compileGoRegexp('a[ab]{11}$');
    const pike = compileGoRegexp('a[ab]{11}$', 'pike');
    const random = fc.sample(fc.array(fc.constantFrom('a', 'b'), { minLength: 30, maxLength: 60 }), {
      numRuns: 400,
      seed: 7,
    });
    expect(MAX_DFA_STATES).toBeLessThan(4096);
    for (const chars of random) expect(re.test(chars.join('')), chars.join('')).toBe(pike.test(chars.join('')));
  });
});
