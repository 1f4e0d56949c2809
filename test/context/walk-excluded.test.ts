// What the ignore file keeps out is counted exactly, whoever counts it: the walk itself, or a
// background measurer whose counts arrive only when the walk is over — after the excluded
// directory that holds them has been collapsed into one excluded root.
import { expect, test } from 'vitest';
import { analyzeContext } from '../../src/analyze/analyze.js';
import { walkContext, MEASURE_INLINE_ENTRIES, type WalkResult } from '../../src/context/walk.js';
import { PatternMatcher } from '../../src/context/matcher.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';
import { measureTrees } from '../../src/fs/measure-tree.js';
import type { TreeMeasure, TreeMeasurer } from '../../src/fs/file-system.js';

/** Counts every submitted tree only in finish(), as worker threads may deliver them last. */
class DeferredMeasureFs extends MemoryFileSystem {
  submitted = 0;
  /** The call stack of each finish(): who waited for the counts. */
  finishedFrom: string[] = [];

  createTreeMeasurer(): TreeMeasurer {
    const jobs: { abs: string; rel: string }[] = [];
    return {
      submit: (abs, rel) => {
        this.submitted++;
        return jobs.push({ abs, rel }) - 1;
      },
      finish: (): TreeMeasure[] => {
        this.finishedFrom.push(new Error().stack ?? '');
        return jobs.map((job) => measureTrees(this, [job]));
      },
    };
  }
}

function tree(): MemoryNode[] {
  const nodes: MemoryNode[] = [{ path: 'app.js', type: 'file', size: 3 }];
  // node_modules is walked (an exception may match below it) but sends nothing; the trees below
  // node_modules/*/lib cannot hold an exception and go to the measurer once the inline budget
  // is spent (40 directories each, more than MEASURE_SPLIT_JOBS).
  for (let p = 0; p < 4; p++) {
    nodes.push({ path: `node_modules/p${p}/package.json`, type: 'file', size: 10 + p });
    const perPackage = Math.ceil(MEASURE_INLINE_ENTRIES / 3);
    for (let f = 0; f < perPackage; f++)
      nodes.push({ path: `node_modules/p${p}/lib/d${f % 40}/f${f}.js`, type: 'file', size: (p * 7 + f * 13) % 50 });
  }
  nodes.push({ path: 'logs/a.log', type: 'file', size: 100 });
  return nodes;
}

function walk(fs: MemoryFileSystem, deferCounts = false): WalkResult {
  const exclude = PatternMatcher.create(['node_modules', 'logs', '!node_modules/*/keep.txt']);
  return walkContext({
    fs,
    root: fs.root,
    views: [{ kind: 'buildkit', exclude }],
    measureExcluded: true,
    stat: true,
    readLinks: true,
    deferCounts,
  });
}

test('late counts from the measurer reach the collapsed excluded directory', () => {
  const deferred = new DeferredMeasureFs(tree());
  const withMeasurer = walk(deferred);
  const inline = walk(new MemoryFileSystem(tree()));
  expect(deferred.submitted).toBeGreaterThan(0);
  expect(withMeasurer).toEqual(inline);
  const files = 4 * (1 + Math.ceil(MEASURE_INLINE_ENTRIES / 3));
  expect(inline.excluded.map((e) => [e.path, e.files])).toEqual([
    ['logs', 1],
    ['node_modules', files],
  ]);
  const bytes = tree()
    .filter((n) => n.path.startsWith('node_modules/'))
    .reduce((sum, n) => sum + (n.size ?? 0), 0);
  expect(inline.excluded[1]!.bytes).toBe(bytes);
  expect(inline.excludedFiles).toBe(files + 1);
  expect(inline.excludedBytes).toBe(bytes + 100);
});

test('deferred counts: the walk returns before the measurer is done, settle() completes the same result once', () => {
  const inline = walk(new MemoryFileSystem(tree()));
  const fs = new DeferredMeasureFs(tree());
  const early = walk(fs, true);
  expect(fs.finishedFrom).toEqual([]);
  expect(early.settle).toBeTypeOf('function');
  // Until then only what the walk counted inline.
  expect(early.excludedFiles).toBeLessThan(inline.excludedFiles);
  expect(early.excluded.map((e) => e.path)).toEqual(inline.excluded.map((e) => e.path));
  early.settle!();
  early.settle?.();
  expect(fs.finishedFrom).toHaveLength(1);
  expect(early).toEqual(inline);
  // Without deferCounts the counts are complete on return, and no settle is left behind.
  const plain = walk(new DeferredMeasureFs(tree()));
  expect(plain).toEqual(inline);
  expect('settle' in plain).toBe(false);
});

test('the report runs its checks while the excluded trees are counted, and reports the same', async () => {
  const nodes = [
    ...tree(),
    { path: 'Dockerfile', type: 'file' as const, content: 'FROM alpine:3.20\nCOPY app.js /app/\n' },
    { path: '.dockerignore', type: 'file' as const, content: 'node_modules\nlogs\n!node_modules/*/keep.txt\n' },
  ];
  const options = { cwd: '/ctx', context: '.', sniff: false };
  const deferred = new DeferredMeasureFs(nodes);
  const late = await analyzeContext({ ...options, fs: deferred });
  const whole = await analyzeContext({ ...options, fs: new MemoryFileSystem(nodes) });
  expect(deferred.submitted).toBeGreaterThan(0);
  expect(JSON.stringify(late.report)).toBe(JSON.stringify(whole.report));
  expect(late.report.summary.excludedFiles).toBe(4 * (1 + Math.ceil(MEASURE_INLINE_ENTRIES / 3)) + 1);
  // The counts were waited for by the report, after the walk had returned, and only once.
  expect(deferred.finishedFrom).toHaveLength(1);
  expect(deferred.finishedFrom[0]).toContain('reportOf');
  expect(deferred.finishedFrom[0]).not.toContain('walkContext');
});
