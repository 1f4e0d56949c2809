// Replays Go 1.19's regexp answers (test/golden/go/regexp-gen): for every source, whether
// regexp.Compile fails and with which error, and MatchString on each subject's bytes.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  compileGoRegexp,
  GoRegexpSyntaxError,
  GoRegexpUnsupportedError,
  type GoRegexp,
} from '../../src/context/go-regexp.js';

interface RegexpCase {
  /** Glob cases: the dockerignore pattern patternmatcher compiled to `source`. */
  glob?: string;
  source: string;
  error: string | null;
  code?: string;
  subjects: { s: string; match: boolean }[];
}

type Section = 'handwritten' | 'random' | 'glob' | 'tables' | 'limits';

const golden = JSON.parse(readFileSync(new URL('./golden/go-regexp.json', import.meta.url), 'utf8')) as Record<
  Section,
  RegexpCase[]
>;

/** Sources Go compiles but this port refuses (see GoRegexpUnsupportedError); the list is closed. */
const UNSUPPORTED_SOURCES = ['^\\x{d800}$'];

/** Shows invisible and escaped characters in test names; long sources are cut. */
function show(s: string): string {
  const shown = JSON.stringify(s).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  return shown.length > 120 ? `${shown.slice(0, 100)}… (${s.length} chars)` : shown;
}

function compile(source: string): GoRegexp | Error {
  try {
    return compileGoRegexp(source);
  } catch (error) {
    if (error instanceof GoRegexpSyntaxError || error instanceof GoRegexpUnsupportedError) return error;
    throw error;
  }
}

/** What this port answers for a case, in the golden data's terms; compared field by field. */
function answer(c: RegexpCase, engine: 'dfa' | 'pike'): unknown {
  let compiled: GoRegexp | Error;
  try {
    compiled = compileGoRegexp(c.source, engine);
  } catch (error) {
    if (!(error instanceof GoRegexpSyntaxError) && !(error instanceof GoRegexpUnsupportedError)) throw error;
    compiled = error;
  }
  if (compiled instanceof GoRegexpUnsupportedError)
    return { unsupported: UNSUPPORTED_SOURCES.includes(c.source) && c.error === null };
  if (compiled instanceof GoRegexpSyntaxError) return { code: compiled.goCode, message: compiled.message };
  if (compiled instanceof Error) throw compiled;
  const re = compiled;
  return c.subjects.map(({ s }) => ({ s, match: re.test(s) }));
}

function expected(c: RegexpCase): unknown {
  if (UNSUPPORTED_SOURCES.includes(c.source)) return { unsupported: true };
  if (c.error !== null) return { code: c.code, message: c.error };
  return c.subjects.map(({ s, match }) => ({ s, match }));
}

// One test per section over all of its cases (thousands of one-case tests flood vitest's
// reporter on a loaded machine); a failure lists every source that differs.
describe.each(Object.entries(golden))('%s sources', (_section, cases) => {
  // The NFA simulation, which the DFA hands over to for \b, \B and (?m) anchors, must give the same answers.
  test.for(['dfa', 'pike'] as const)('every answer Go gave, %s engine', async (engine) => {
    const wrong: string[] = [];
    for (const [i, c] of cases.entries()) {
      // Let the worker answer vitest now and then: the whole section can take a minute on a loaded machine.
      if (i % 100 === 99) await new Promise<void>((resolve) => setImmediate(resolve));
      const got = answer(c, engine);
      const want = expected(c);
      if (JSON.stringify(got) !== JSON.stringify(want))
        wrong.push(`${show(c.source)}: ${JSON.stringify(got).slice(0, 300)} ≠ ${JSON.stringify(want).slice(0, 300)}`);
    }
    expect(wrong).toEqual([]);
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
