// Path-level growth: path sizes kept in a report (bounded), and two of them compared into the
// changed paths a --baseline run names, each change once.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { computePathSizes, MAX_PATH_SIZES, PATH_SIZES_DEPTH } from '../../src/analyze/path-sizes.js';
import { comparePathSizes, MAX_SPLIT } from '../../src/guard/path-growth.js';
import type { ContextEntry, DirSize, PathSize, PathSizes } from '../../src/types.js';

/** Path sizes of a set of files (path → bytes), every directory totalled, down to `depth`. */
function sizesOf(files: Record<string, number>, depth: number | null = null): PathSizes {
  const totals = new Map<string, PathSize>();
  for (const [file, bytes] of Object.entries(files)) {
    totals.set(file, { path: file, type: 'file', bytes, files: 1 });
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      const t = totals.get(dir) ?? { path: dir, type: 'dir', bytes: 0, files: 0 };
      t.bytes += bytes;
      t.files += 1;
      totals.set(dir, t);
    }
  }
  const paths = [...totals.values()].filter((p) => depth === null || p.path.split('/').length <= depth);
  return { depth, paths: paths.sort((a, b) => (a.path < b.path ? -1 : 1)) };
}

function changes(before: Record<string, number>, after: Record<string, number>, depth: number | null = null) {
  return comparePathSizes(sizesOf(before, depth), sizesOf(after, depth)).map((c) => `${c.status} ${c.path} ${c.delta}`);
}

describe('comparePathSizes', () => {
  test.for([
    ['nothing changed', { 'a/x': 1 }, { 'a/x': 1 }, []],
    ['an added directory stands for what is below it', { 'a/x': 1 }, { 'a/x': 1, 'b/c/d': 5, 'b/e': 2 }, ['added b 7']],
    ['a removed file', { 'a/x': 1, y: 4 }, { 'a/x': 1 }, ['removed y -4']],
    [
      'one package added to node_modules is named, not node_modules',
      { 'node_modules/a/i': 10 },
      { 'node_modules/a/i': 10, 'node_modules/sharp/lib/s.node': 40 },
      ['added node_modules/sharp 40'],
    ],
    [
      'a chain of one changed child is followed to where the change is',
      { 'src/a/b/c/f': 1, 'src/g': 1 },
      { 'src/a/b/c/f': 9, 'src/g': 1 },
      ['grown src/a/b/c/f 8'],
    ],
    [
      `more than ${MAX_SPLIT} changed entries: the directory stands for them`,
      { 'dist/1': 1, 'dist/2': 1, 'dist/3': 1, 'dist/4': 1 },
      { 'dist/1': 2, 'dist/2': 2, 'dist/3': 2, 'dist/4': 2 },
      ['grown dist 4'],
    ],
    [
      'changes that cancel out in a directory are still found',
      { 'a/x': 5, 'a/y': 5 },
      { 'a/x': 1, 'a/y': 9 },
      ['shrunk a/x -4', 'grown a/y 4'],
    ],
    [
      'largest change first, by size whatever the sign',
      { a: 1, b: 100 },
      { a: 50, b: 1 },
      ['shrunk b -99', 'grown a 49'],
    ],
  ] as const)('%s', ([, before, after, expected]) => {
    expect(changes(before, after)).toEqual(expected);
  });

  test('reports are compared at the depth both reach', () => {
    const before = sizesOf({ 'a/b/c/d': 1 }, 2);
    const after = sizesOf({ 'a/b/c/d': 1, 'a/b/c/e': 3 }, null);
    expect(comparePathSizes(before, after).map((c) => [c.path, c.status, c.delta])).toEqual([['a/b', 'grown', 3]]);
  });

  test('the listed paths never contain one another and their deltas add up to the total change', () => {
    const files = fc.dictionary(
      fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 4 }).map((p) => p.join('/') + '/f'),
      fc.nat(1000),
      { maxKeys: 12 },
    );
    fc.assert(
      fc.property(files, files, (before, after) => {
        const listed = comparePathSizes(sizesOf(before), sizesOf(after));
        const total = (f: Record<string, number>) => Object.values(f).reduce((a, b) => a + b, 0);
        expect(listed.reduce((sum, c) => sum + c.delta, 0)).toBe(total(after) - total(before));
        for (const c of listed)
          for (const d of listed)
            if (c !== d) expect(d.path.startsWith(`${c.path}/`), `${c.path} holds ${d.path}`).toBe(false);
      }),
      { seed: 14, numRuns: 300 },
    );
  });
});

describe('computePathSizes', () => {
  function entry(path: string, size: number): ContextEntry {
    return { path, type: 'file', size, mode: 0o100644, mtimeMs: 0 };
  }

  test(`lists directories and files down to depth ${PATH_SIZES_DEPTH}, sorted`, () => {
    const dirs: DirSize[] = [
      { path: '', bytes: 3, files: 2 },
      { path: 'a', bytes: 2, files: 1 },
      { path: 'a/b', bytes: 2, files: 1 },
      { path: 'a/b/c', bytes: 2, files: 1 },
      { path: 'a/b/c/d', bytes: 2, files: 1 },
    ];
    const sizes = computePathSizes(dirs, [entry('a/b/c/d/e', 2), entry('z', 1)], false);
    expect(sizes.depth).toBe(4);
    expect(sizes.paths.map((p) => `${p.type} ${p.path}`)).toEqual([
      'dir a',
      'dir a/b',
      'dir a/b/c',
      'dir a/b/c/d',
      'file z',
    ]);
    expect(computePathSizes(dirs, [entry('a/b/c/d/e', 2), entry('z', 1)], true).paths).toHaveLength(6);
  });

  test(`a level that would pass ${MAX_PATH_SIZES} entries is left out`, () => {
    const dirs: DirSize[] = [{ path: 'wide', bytes: MAX_PATH_SIZES, files: MAX_PATH_SIZES }];
    const files = Array.from({ length: MAX_PATH_SIZES }, (_, i) => entry(`wide/f${i}`, 1));
    const sizes = computePathSizes(dirs, files, false);
    expect(sizes).toEqual({
      depth: 1,
      paths: [{ path: 'wide', type: 'dir', bytes: MAX_PATH_SIZES, files: MAX_PATH_SIZES }],
    });
  });
});
