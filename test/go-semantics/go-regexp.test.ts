// Replays Go 1.19's regexp answers (test/golden/go/regexp-gen): for every source, whether
// regexp.Compile fails and with which error, and MatchString on each subject's bytes.
import { describe, expect, test } from 'vitest';
import { compileGoRegexp, GoRegexpUnsupportedError } from '../../src/context/go-regexp.js';
import { compile, golden, UNSUPPORTED_SOURCES, wrongAnswers } from '../helpers/go-regexp-golden.js';

// One test per section over all of its cases (thousands of one-case tests flood vitest's
// reporter on a loaded machine); a failure lists every source that differs. The NFA simulation
// (the Pike engine) replays the same cases in go-regexp-pike.test.ts.
describe.each(Object.entries(golden))('%s sources', (_section, cases) => {
  test('every answer Go gave, dfa engine', async () => {
    expect(await wrongAnswers(cases, 'dfa')).toEqual([]);
  });
});

describe('golden data', () => {
  const all = Object.values(golden).flat();
  test('covers errors, matches and non-matches', () => {
    const subjects = all.flatMap((c) => c.subjects);
    expect(all.length).toBeGreaterThan(4000);
    expect(all.filter((c) => c.error !== null).length).toBeGreaterThan(500);
    expect(subjects.filter((s) => s.match).length).toBeGreaterThan(5000);
    expect(subjects.filter((s) => !s.match).length).toBeGreaterThan(5000);
  });

  test('holds every Go error code the parser can return', () => {
    const codes = new Set(all.flatMap((c) => (c.code === undefined ? [] : [c.code])));
    expect([...codes].sort()).toEqual([
      'expression nests too deeply',
      'invalid UTF-8',
      'invalid character class range',
      'invalid escape sequence',
      'invalid named capture',
      'invalid nested repetition operator',
      'invalid or unsupported Perl syntax',
      'invalid repeat count',
      'missing argument to repetition operator',
      'missing closing )',
      'missing closing ]',
      'regexp/syntax: internal error',
      'trailing backslash at end of expression',
      'unexpected )',
    ]);
  });

  test('only the listed sources are unsupported', () => {
    const unsupported = all.filter((c) => compile(c.source) instanceof GoRegexpUnsupportedError).map((c) => c.source);
    expect(unsupported).toEqual(UNSUPPORTED_SOURCES);
  });
});

describe('regexps a backtracking engine could not take', () => {
  test.for([
    // Go compiles both; V8 refused regexps this long (about 6k classes).
    ['classes', '^' + '[^/]'.repeat(50_000) + '$', 'x'.repeat(50_000), 'x'.repeat(49_999)],
    ['literal', '^' + 'ab'.repeat(100_000) + '$', 'ab'.repeat(100_000), 'ab'.repeat(99_999) + 'aa'],
    // Exponential for backtracking (20 stars); linear here.
    ['stars', '^' + 'a[^/]*'.repeat(20) + 'b$', 'a'.repeat(254) + 'b', 'a'.repeat(255)],
    ['nested', '^(a|aa)*(a|aa)*(a|aa)*c$', 'a'.repeat(200) + 'c', 'a'.repeat(200)],
  ] as const)('%s', ([, source, matching, other]) => {
    const re = compileGoRegexp(source);
    expect(re.test(matching)).toBe(true);
    expect(re.test(other)).toBe(false);
  });
});

describe('compiled regexps', () => {
  test.for([
    // Go's `.` excludes only \n; JavaScript's also excludes \r, U+2028, U+2029.
    ['a.b', 'a\rb', true],
    ['a.b', 'a\u2028b', true],
    ['a.b', 'a\nb', false],
    // An invalid byte is U+FFFD in Go: a class holding U+FFFD matches it, others do not.
    ['^\\x{fffd}$', '\udc80', true],
    ['^[^a]$', '\udcff', true],
    ['^[\\x{f000}-\\x{fffc}]$', '\udc80', false],
    ['^\\p{So}$', '\udc80', true],
    // Astral characters are one rune.
    ['^.$', '\u{1d11e}', true],
    ['^..$', '\u{1d11e}', false],
    // \Q swallows the $ patternmatcher appends.
    ['^a\\Q[^/]*$', 'a[^/]*$', true],
    ['^a\\Q[^/]*$', 'ab', false],
    // (?i) folds with Go's tables: k matches KELVIN SIGN.
    ['(?i)k', '\u212a', true],
  ] as const)('%s on %j is %s', ([source, subject, expected]) => {
    expect(compileGoRegexp(source).test(subject)).toBe(expected);
  });
});
