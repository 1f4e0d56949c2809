// The pattern index (pattern-index.ts) only narrows which patterns a path tries: a matcher with
// an index must answer exactly as Docker's loop over every pattern. Checked three ways: the
// oracle's answers with the index switched on, generated pattern lists against the loop
// restated here, and how few patterns a path of a 20,000-line ignore file tries.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseIgnoreFile } from '../../src/context/ignore-file.js';
import { PatternMatcher, PatternSyntaxError, type Pattern } from '../../src/context/matcher.js';
import { INDEX_MIN_PATTERNS, PatternIndex } from '../../src/context/pattern-index.js';
import { matchChain } from '../helpers/match-chain.js';
import { loadMatchCases } from '../golden/load.js';

/** Lines that match no path of the data below: they only switch the index on. */
const PADDING = Array.from({ length: INDEX_MIN_PATTERNS }, (_, i) => `zz-never-${i}/x`);

function tryMatch(pattern: Pattern, path: string): boolean {
  try {
    return pattern.match(path);
  } catch {
    return false;
  }
}

/** patternmatcher's MatchesOrParentMatches loop over every pattern, restated without any index. */
function loopOverAll(patterns: readonly Pattern[], path: string): boolean {
  const segments = path.split('/');
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.exclusion !== matched) continue;
    let match = pattern.match(path);
    for (let k = 1; !match && k < segments.length; k++) match = tryMatch(pattern, segments.slice(0, k).join('/'));
    if (match) matched = !pattern.exclusion;
  }
  return matched;
}

function outcome(run: () => boolean): boolean | string {
  try {
    return run();
  } catch (error) {
    if (error instanceof PatternSyntaxError) return error.message;
    throw error;
  }
}

describe('oracle match cases with the index switched on', () => {
  // One test over every case: thousands of tiny tests flood vitest's reporter on a loaded machine.
  test('every recorded answer', async () => {
    const wrong: string[] = [];
    for (const [i, c] of loadMatchCases().entries()) {
      // Let the worker answer vitest now and then: this loop can take a minute on a loaded machine.
      if (i % 100 === 99) await new Promise<void>((resolve) => setImmediate(resolve));
      if ('error' in c) continue;
      const matcher = PatternMatcher.create([...PADDING, ...parseIgnoreFile(c.ignore).map((p) => p.pattern)]);
      for (const p of c.paths) {
        const want = 'error' in p ? p.error : p.excluded;
        const got = outcome(() => matchChain(matcher, p.path));
        if (got !== want) wrong.push(`case ${c.id} ${JSON.stringify(p.path)}: ${String(got)}, oracle ${String(want)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('generated pattern lists', () => {
  const PIECES = [
    'a',
    'b',
    'ab',
    '/',
    '*',
    '**',
    '?',
    '[ab]',
    '[^a]',
    '\\',
    '\\*',
    '\\n',
    '{2}',
    '|',
    '^',
    '$',
    '.',
    '!',
    'é',
    '\uFEFF',
    '\uDC80',
    'x/y',
  ];
  const PATH_PIECES = ['a', 'b', 'ab', 'aa', 'bb', 'é', '\uDC80', '.x', '|', '{2}', '^a', '\n', '$'];
  const pattern = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 }).map((p) => p.join(''));
  const segment = fc.array(fc.constantFrom(...PATH_PIECES), { minLength: 1, maxLength: 3 }).map((p) => p.join(''));
  const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));

  test('answer as the loop over every pattern, errors included', () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { minLength: INDEX_MIN_PATTERNS, maxLength: 60 }),
        fc.array(path, { minLength: 1, maxLength: 10 }),
        (lines, paths) => {
          let matcher: PatternMatcher;
          try {
            matcher = PatternMatcher.create(lines);
          } catch {
            return true; // New rejects the list: nothing to match
          }
          const reference = PatternMatcher.create(lines);
          for (const p of paths) {
            const got = outcome(() => matcher.matchesOrParentMatches(p).excluded);
            const want = outcome(() => loopOverAll(reference.patterns, p));
            if (got !== want) return false;
          }
          return true;
        },
      ),
      { numRuns: 1500, seed: 1615 },
    );
  });
});

describe('a 20,000-line ignore file', () => {
  const lines: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const k = i % 5;
    if (k === 0) lines.push(`build/pkg-${i}/artefact-${i}.tar.gz`);
    else if (k === 1) lines.push(`**/cache-${i}`);
    else if (k === 2) lines.push(`*.ext${i}`);
    else if (k === 3) lines.push(`vendor/v${i}/**/*.o${i}`);
    else lines.push(`!keep/k${i}/*.txt`);
  }

  // Made once for the five paths below: each 20,000-line matcher and index costs a few hundred ms.
  let made: { matcher: PatternMatcher; index: PatternIndex } | undefined;
  const twentyThousand = () => {
    if (made === undefined) {
      const matcher = PatternMatcher.create(lines);
      made = {
        matcher,
        index: new PatternIndex(
          matcher.patterns.map((p) => p.cleaned),
          () => false,
        ),
      };
    }
    return made;
  };

  test.for([
    ['app.py', 0],
    ['src/main.py', 0],
    ['build/pkg-0/artefact-0.tar.gz', 1],
    ['node_modules/cache-1', 1],
    ['x.ext2', 1],
  ] as const)('%s tries only the patterns its literal text can match', ([path, matches]) => {
    const { matcher, index } = twentyThousand();
    const candidates = index.candidates(path, true, []);
    // Tails are keyed by their last three characters: a few hundred share ".py"'s neighbours at most.
    expect(candidates.length).toBeLessThan(200);
    expect(candidates.filter((i) => matcher.patterns[i]!.match(path)).length).toBe(matches);
    expect(matcher.matchesOrParentMatches(path).excluded).toBe(matches === 1);
  });

  test('patterns that fix a segment at a depth (`pkg*/mod5/**`) are tried only by paths with that segment there', () => {
    const fixed = Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? `pkg*/mod${i}/**` : `*/?/lib${i}`));
    const matcher = PatternMatcher.create(fixed);
    const index = new PatternIndex(
      matcher.patterns.map((p) => p.cleaned),
      () => false,
    );
    expect(index.candidates('pkg1/mod4/file.txt', true, [])).toEqual([4]);
    expect(index.candidates('x/y/lib5/z', true, [])).toEqual([5]);
    expect(index.candidates('pkg1/other/mod4', true, [])).toEqual([]);
    expect(matcher.matchesOrParentMatches('pkg1/mod4/file.txt').excluded).toBe(true);
    expect(matcher.matchesOrParentMatches('x/y/lib5/z').excluded).toBe(true);
    expect(matcher.matchesOrParentMatches('x/yy/lib5').excluded).toBe(false);
  });
});
