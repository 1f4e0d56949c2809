// guardedEntries keeps exactly what adviceConflict can object to: checking the filtered list
// gives the answer the full list gives, for any removals, protected paths and `own`.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { adviceConflict, guardedEntries, type ProtectedPaths } from '../../src/facts/advice-guard.js';
import type { ContextSource } from '../../src/dockerfile/context-refs.js';
import type { ReachUse } from '../../src/facts/reach.js';

const PATHS = ['a', 'a/b', 'a/b/c', 'a/d', 'e', 'e/f', 'g'];

function source(line: number): ContextSource {
  return {
    stage: 0,
    line,
    kind: 'copy',
    source: 'a',
    value: 'a',
    normalized: '/a',
    destination: '/app',
    destinationFromImage: false,
    excludes: [],
    parents: false,
    unresolved: [],
    onbuild: false,
  };
}

const use: ReachUse = { line: 9, keyword: 'CMD', atRunTime: true, program: './e/f' };

test('adviceConflict over guardedEntries equals adviceConflict over every removed entry', () => {
  const entry = fc.record({ path: fc.constantFrom(...PATHS), type: fc.constantFrom('file', 'dir', 'symlink') });
  const subset = fc.subarray(PATHS);
  fc.assert(
    fc.property(
      fc.array(entry, { maxLength: 8 }),
      subset,
      subset,
      subset,
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: PATHS.length, maxLength: PATHS.length }),
      subset,
      (removed, named, run, copied, sourceCounts, own) => {
        const prot: ProtectedPaths = {
          named: new Map(named.map((p) => [p, source(1)])),
          run: new Map(run.map((p) => [p, use])),
          copied: new Map(
            copied.map((p) => [p, Array.from({ length: sourceCounts[PATHS.indexOf(p)]! }, (_, i) => source(i + 2))]),
          ),
        };
        expect(adviceConflict(prot, guardedEntries(prot, removed), own)).toEqual(adviceConflict(prot, removed, own));
      },
    ),
    { seed: 16, numRuns: 300 },
  );
});
