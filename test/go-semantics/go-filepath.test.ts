// Replays Go 1.19's own answers (test/golden/go/regexp-gen) for filepath.Clean,
// strings.TrimSpace and filepath.Match against the TypeScript ports.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { GoBadPatternError, goClean, goMatch, goTrimSpace, validateGoPattern } from '../../src/context/go-filepath.js';

interface StringCase {
  in: string;
  out: string;
}
interface MatchCase {
  pattern: string;
  name: string;
  match: boolean;
  error: string | null;
}
interface FilepathGolden {
  clean: StringCase[];
  trimSpace: StringCase[];
  match: MatchCase[];
}

const golden = JSON.parse(
  readFileSync(new URL('./golden/go-filepath.json', import.meta.url), 'utf8'),
) as FilepathGolden;

/** Shows invisible and escaped characters in test names. */
function show(s: string): string {
  return JSON.stringify(s).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

// One test per function over all of its cases, listing every difference: thousands of one-case
// tests flood vitest's reporter on a loaded machine ("Timeout calling onTaskUpdate").
function differences<T>(
  cases: readonly T[],
  name: (c: T) => string,
  got: (c: T) => unknown,
  want: (c: T) => unknown,
): string[] {
  const out: string[] = [];
  for (const c of cases) {
    const g = JSON.stringify(got(c));
    const w = JSON.stringify(want(c));
    if (g !== w) out.push(`${name(c)}: ${g} ≠ ${w}`);
  }
  return out;
}

describe('goClean', () => {
  test('every golden case', () => {
    expect(
      differences(
        golden.clean,
        (c) => show(c.in),
        (c) => goClean(c.in),
        (c) => c.out,
      ),
    ).toEqual([]);
  });
});

describe('goTrimSpace', () => {
  test('every golden case', () => {
    expect(
      differences(
        golden.trimSpace,
        (c) => show(c.in),
        (c) => goTrimSpace(c.in),
        (c) => c.out,
      ),
    ).toEqual([]);
  });
});

function runMatch(pattern: string, name: string): { match: boolean; error: string | null } {
  try {
    return { match: goMatch(pattern, name), error: null };
  } catch (error) {
    if (!(error instanceof GoBadPatternError)) throw error;
    return { match: false, error: error.message };
  }
}

describe('goMatch', () => {
  test('every golden case', () => {
    const name = (c: (typeof golden.match)[number]): string => `${show(c.pattern)} ~ ${show(c.name)}`;
    expect(
      differences(
        golden.match,
        name,
        (c) => runMatch(c.pattern, c.name),
        (c) => ({ match: c.match, error: c.error }),
      ),
    ).toEqual([]);
  });

  test('golden data holds errors and matches', () => {
    expect(golden.match.filter((c) => c.error !== null).length).toBeGreaterThan(100);
    expect(golden.match.filter((c) => c.match).length).toBeGreaterThan(100);
  });
});

describe('validateGoPattern', () => {
  const dotCases = golden.match.filter((c) => c.name === '.');
  test('every golden case on "."', () => {
    const rejects = (pattern: string): boolean => {
      try {
        validateGoPattern(pattern);
        return false;
      } catch (error) {
        if (error instanceof GoBadPatternError) return true;
        throw error;
      }
    };
    expect(
      differences(
        dotCases,
        (c) => show(c.pattern),
        (c) => rejects(c.pattern),
        (c) => c.error !== null,
      ),
    ).toEqual([]);
  });
});
