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

describe('goClean', () => {
  test.for(golden.clean.map((c) => [show(c.in), c] as const))('%s', ([, c]) => {
    expect(goClean(c.in)).toBe(c.out);
  });
});

describe('goTrimSpace', () => {
  test.for(golden.trimSpace.map((c) => [show(c.in), c] as const))('%s', ([, c]) => {
    expect(goTrimSpace(c.in)).toBe(c.out);
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
  test.for(golden.match.map((c) => [show(c.pattern), show(c.name), c] as const))('%s ~ %s', ([, , c]) => {
    expect(runMatch(c.pattern, c.name)).toEqual({ match: c.match, error: c.error });
  });

  test('golden data holds errors and matches', () => {
    expect(golden.match.filter((c) => c.error !== null).length).toBeGreaterThan(100);
    expect(golden.match.filter((c) => c.match).length).toBeGreaterThan(100);
  });
});

describe('validateGoPattern', () => {
  const dotCases = golden.match.filter((c) => c.name === '.');
  test.for(dotCases.map((c) => [show(c.pattern), c] as const))('%s', ([, c]) => {
    if (c.error === null) expect(() => validateGoPattern(c.pattern)).not.toThrow();
    else expect(() => validateGoPattern(c.pattern)).toThrow(GoBadPatternError);
  });
});
