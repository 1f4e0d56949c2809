// Generated cases answered by Docker's own matcher (the oracle, /work/shared/oracle), replayed
// without Go: thousands of ignore files × paths, hundreds of real trees, tar byte counts.
import * as fs from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { loadContext } from '../../src/context/load-context.js';
import { parseIgnoreFile } from '../../src/context/ignore-file.js';
import { PatternMatcher } from '../../src/context/matcher.js';
import { nodeFileSystem } from '../../src/fs/node-fs.js';
import { matchChain } from '../helpers/match-chain.js';
import { loadMatchCases, loadTarCases, loadWalkCases, materializeTree } from '../golden/load.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function materialize(tree: Parameters<typeof materializeTree>[0]): string {
  const dir = materializeTree(tree);
  made.push(dir);
  return dir;
}

/** Cases in groups of this many per test: thousands of one-case tests flood vitest's reporter on a loaded machine. */
const GROUP = 250;

function groups<T>(items: readonly T[]): [first: number, last: number, items: readonly T[]][] {
  const out: [number, number, readonly T[]][] = [];
  for (let i = 0; i < items.length; i += GROUP)
    out.push([i, Math.min(i + GROUP, items.length) - 1, items.slice(i, i + GROUP)]);
  return out;
}

describe('match cases from the oracle', () => {
  // One assertion per group, on the list of wrong answers: vitest's expect() costs microseconds a
  // call, and a group holds a few thousand answers.
  test.for(groups(loadMatchCases()))('cases %i–%i', ([, , cases]) => {
    expect(cases.flatMap(wrongMatchAnswers)).toEqual([]);
  });
});

/** What `fn` does: its value, or the message of what it threw. */
function outcome<T>(fn: () => T): { value: T } | { error: string } {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** How the port's answer differs from the oracle's (toThrow's rule: the message contains the recorded error). */
function differs<T>(got: { value: T } | { error: string }, want: { value: T } | { error: string }): boolean {
  if ('error' in want) return !('error' in got) || !got.error.includes(want.error);
  return 'error' in got || got.value !== want.value;
}

function wrongMatchAnswers(c: ReturnType<typeof loadMatchCases>[number]): string[] {
  const built = outcome(() => PatternMatcher.create(parseIgnoreFile(c.ignore).map((p) => p.pattern)));
  if ('error' in c) return differs(built, { error: c.error }) ? [`case ${c.id}: ${JSON.stringify(built)}`] : [];
  if ('error' in built) return [`case ${c.id}: ${built.error}`];
  const matcher = built.value;
  const wrong: string[] = [];
  for (const p of c.paths) {
    const got = outcome(() => matchChain(matcher, p.path));
    if (differs(got, 'error' in p ? { error: p.error } : { value: p.excluded }))
      wrong.push(`case ${c.id}: ${p.path}: ${JSON.stringify(got)}`);
    const mopm = p.matchesOrParentMatches;
    if (mopm === undefined) continue;
    const gotMopm = outcome(() => matcher.matchesOrParentMatches(p.path).excluded);
    if (differs(gotMopm, typeof mopm === 'boolean' ? { value: mopm } : { error: mopm.error }))
      wrong.push(`case ${c.id}: ${p.path}: matchesOrParentMatches ${JSON.stringify(gotMopm)}`);
  }
  return wrong;
}

describe('walk cases from the oracle: ls on real trees', () => {
  test.for(loadWalkCases().map((c) => [c.id, c] as const))('case %i', ([, c]) => {
    const dir = materialize(c.tree);
    const load = () =>
      loadContext({
        fs: nodeFileSystem,
        cwd: dir,
        classic: false,
        measureExcluded: false,
        stat: true,
        readLinks: false,
      });
    if ('error' in c) {
      expect(load).toThrow(c.error);
      return;
    }
    const ctx = load();
    const got = ctx.entries
      .map((e) => ({ type: e.type, size: e.size, path: e.path }))
      .sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
    const want = c.expected.map((e) => ({ type: e.type, size: e.size, path: e.path }));
    expect(new Set(got.map((e) => JSON.stringify(e)))).toEqual(new Set(want.map((e) => JSON.stringify(e))));
    expect(got).toHaveLength(want.length);
    expect(ctx.entries.filter((e) => e.type !== 'dir').length).toBe(c.files);
    expect(ctx.entries.reduce((n, e) => n + e.size, 0)).toBe(c.bytes);
  });
});

describe('tar cases from the oracle: the classic tar length', () => {
  test.for(loadTarCases({ includeLarge: true }).map((c) => [c.id, c.description, c] as const))(
    'case %i: %s',
    async ([, , c]) => {
      const dir = materialize(c.tree);
      // The oracle's tar verb adds no forced Dockerfile/.dockerignore; with neither present the
      // classic builder's stream is the same.
      expect((await analyze({ context: dir, cwd: dir })).summary.tarBytes).toBe(c.bytes);
    },
  );
});
