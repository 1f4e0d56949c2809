// canMatchBelow lets the walker skip excluded directories that no exception can reach. It may
// answer "maybe" too often (the walk is then only slower) but never "no" wrongly (the walk would
// then miss files Docker sends): checked against the matcher itself.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canMatchBelow, isSimpleGlob } from '../../src/context/match-below.js';
import { PatternMatcher } from '../../src/context/matcher.js';

describe('canMatchBelow', () => {
  test.for([
    ['packages/*/dist/*.d.ts', 'node_modules', false],
    ['packages/*/dist/*.d.ts', 'packages', true],
    ['packages/*/dist/*.d.ts', 'packages/a/dist', true],
    ['packages/*/dist/*.d.ts', 'packages/a/src', false],
    ['packages/*/dist/*.d.ts', 'packages/a/dist/x.d.ts', false],
    ['a?c/x', 'abc', true],
    ['a?c/x', 'abbc', false],
    ['*', 'a', false],
    ['**/keep', 'deep/er', true],
    ['x/**', 'y', false],
    ['[ab]/x', 'c', true],
    ['a\\*/x', 'b', true],
    ['é/x', 'b', true],
  ] as const)('%s below %s: %s', ([pattern, dir, expected]) => {
    expect(canMatchBelow(pattern, dir)).toBe(expected);
  });

  test('isSimpleGlob refuses classes, escapes, anchors and non-ASCII', () => {
    expect(['a/*.txt', '**/x', 'a?b'].map(isSimpleGlob)).toEqual([true, true, true]);
    expect(['[a]', 'a\\b', 'a^b', 'é', 'a\nb'].map(isSimpleGlob)).toEqual([false, false, false, false, false]);
  });

  test('never says no when the matcher matches a path below', () => {
    const segment = fc.constantFrom('a', 'b', 'ab', 'a.b', 'x y', '.h');
    const glob = fc.constantFrom('a', 'b', '*', '?', 'a*', '*b', '**', 'a?', '.h', '*.b', 'x y', '[ab]', '\\a', 'é');
    fc.assert(
      fc.property(
        fc.array(glob, { minLength: 1, maxLength: 4 }),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        (globs, dir, below) => {
          const matcher = PatternMatcher.create([globs.join('/')]);
          const pattern = matcher.patterns[0];
          if (pattern === undefined) return;
          const path = [...dir, ...below].join('/');
          let matches: boolean;
          try {
            matches = pattern.match(path);
          } catch {
            return;
          }
          if (matches) expect(canMatchBelow(pattern.cleaned, dir.join('/'))).toBe(true);
        },
      ),
      { numRuns: 20_000, seed: 42 },
    );
  });
});
