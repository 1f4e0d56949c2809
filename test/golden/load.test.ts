// Checks the loaders and the recorded data they serve, not the matcher or the walker:
// trees materialize exactly as recorded (types, sizes, modes, mtimes, hard links, link
// targets, non-UTF-8 names), path strings agree with src/paths.ts, and the answers
// refer to entries that exist.

import fs from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { TIMEOUTS } from '../kinds.js';
import { decodeName, encodePath } from '../../src/paths.js';
import {
  describeTree,
  loadMatchCases,
  loadPatternVectors,
  loadReadAllVectors,
  loadTarCases,
  loadWalkCases,
  loadWalkScenarios,
  materializeTree,
  pathBytes,
  sameRecords,
  type TreeEntry,
} from './load.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function build(tree: readonly TreeEntry[]): string {
  const dir = materializeTree(tree);
  made.push(dir);
  return dir;
}

function ignoreContent(tree: readonly TreeEntry[]) {
  const entry = tree.find((e) => e.path === '.dockerignore');
  return (rel: Buffer) =>
    entry?.contentBase64 !== undefined && rel.toString('latin1') === '.dockerignore'
      ? Buffer.from(entry.contentBase64, 'base64')
      : undefined;
}

function isSorted(tree: readonly TreeEntry[]): boolean {
  return tree.every((e, i) => i === 0 || Buffer.compare(pathBytes(tree[i - 1]!), pathBytes(e)) < 0);
}

describe('data set sizes', () => {
  test.for([
    ['pattern vectors', loadPatternVectors().length, 191, 191],
    ['ReadAll vectors', loadReadAllVectors().length, 60, Infinity],
    ['walk scenarios', loadWalkScenarios().length, 40, 40],
    ['match cases', loadMatchCases().length, 3000, Infinity],
    ['walk cases', loadWalkCases().length, 300, Infinity],
    ['tar cases', loadTarCases({ includeLarge: true }).length, 100, Infinity],
  ] as const)('%s: %i', ([, count, min, max]) => {
    expect(count).toBeGreaterThanOrEqual(min);
    expect(count).toBeLessThanOrEqual(max);
  });

  test('large tar cases are opt-in', () => {
    const all = loadTarCases({ includeLarge: true });
    const common = loadTarCases();
    expect(all.filter((c) => c.large).length).toBeGreaterThan(0);
    expect(common.length + all.filter((c) => c.large).length).toBe(all.length);
  });
});

describe('spec vectors', () => {
  test('pattern vector ids run 1..191 and every result has a known shape', () => {
    const vectors = loadPatternVectors();
    expect(vectors.map((v) => v.id)).toEqual(Array.from({ length: 191 }, (_, i) => i + 1));
    for (const v of vectors) {
      const other = v.fn === 'Matches' ? v.expectedMatchesOrParentMatches : v.expectedDeprecatedMatches;
      for (const r of [v.expected, other]) {
        expect(typeof r === 'string' ? ['excluded', 'included'] : ['new', 'match']).toContain(
          typeof r === 'string' ? r : r?.at,
        );
      }
    }
  });

  test.for(loadReadAllVectors())('ReadAll vector $id: pattern bytes and strings agree', (v) => {
    expect(v.input).toBeInstanceOf(Buffer);
    if (Array.isArray(v.patterns)) {
      expect(v.patternBytes?.map((b) => decodeName(b))).toEqual(v.patterns);
    } else {
      expect(v.patternBytes).toBeUndefined();
      expect(v.newError).toBeUndefined();
    }
  });

  test.for(loadWalkScenarios())('$id materializes as recorded', (s) => {
    expect(isSorted(s.tree)).toBe(true);
    const dir = build(s.tree);
    expect(sameRecords(describeTree(dir, { contentOf: ignoreContent(s.tree) }), s.tree)).toBe(true);
    const ignoreEntry = s.tree.find((e) => e.path === '.dockerignore');
    expect(ignoreEntry?.size).toBe(s.ignore.length);
    expect(fs.readFileSync(`${dir}/.dockerignore`).equals(s.ignore)).toBe(true);
    // Every sent path names a tree entry of the right kind ("/" suffix = directory).
    const kinds = new Map(s.tree.map((e) => [e.path, e.type]));
    for (const list of [s.classic, s.buildkit, s.classicDocker2010 ?? []]) {
      if (!Array.isArray(list)) continue;
      for (const p of list) {
        const kind = kinds.get(p.endsWith('/') ? p.slice(0, -1) : p);
        if (p.endsWith('/')) expect(kind).toBe('dir');
        else expect(['file', 'symlink']).toContain(kind);
      }
    }
  });
});

describe('walk cases', () => {
  const kindOf = { file: 'file', dir: 'dir', symlink: 'symlink', other: 'fifo' } as const;

  test.for(loadWalkCases())('walk case $id materializes as recorded', (c) => {
    expect(isSorted(c.tree)).toBe(true);
    const dir = build(c.tree);
    expect(sameRecords(describeTree(dir, { contentOf: ignoreContent(c.tree) }), c.tree)).toBe(true);
    if (c.ignore !== null) expect(fs.readFileSync(`${dir}/.dockerignore`).equals(c.ignore)).toBe(true);
    if ('error' in c) return;
    const byPath = new Map(c.tree.map((e) => [pathBytes(e).toString('latin1'), e]));
    for (const listed of c.expected) {
      const entry = byPath.get(listed.pathBytes.toString('latin1'));
      expect(entry?.type).toBe(kindOf[listed.type]);
      expect(listed.size).toBe(entry?.type === 'file' ? entry.size : 0);
    }
    const nonDirs = c.expected.filter((e) => e.type !== 'dir');
    expect(c.files).toBe(nonDirs.length);
    expect(c.bytes).toBe(nonDirs.reduce((sum, e) => sum + e.size, 0));
  });
});

describe('tar cases', () => {
  test.for(loadTarCases({ includeLarge: true }))('tar case $id ($description) materializes as recorded', (c) => {
    expect(isSorted(c.tree)).toBe(true);
    const dir = build(c.tree);
    const back = describeTree(dir, { meta: true }).map((e) =>
      c.tree.find((t) => t.path === e.path)?.sparse ? { ...e, sparse: true } : e,
    );
    expect(sameRecords(back, c.tree)).toBe(true);
    for (const e of c.tree.filter((t) => t.sparse)) {
      // Truncation must leave holes, or materializing the 8 GiB case would write 8 GiB.
      const st = fs.statSync(`${dir}/${e.path}`);
      expect(st.blocks * 512).toBeLessThan(1024 * 1024);
    }
  });
});

describe('path dialect agrees with src/paths.ts', () => {
  const recorded: { path: string; pathBase64?: string }[] = [];
  for (const c of loadWalkCases()) {
    recorded.push(...c.tree);
    if (!('error' in c)) recorded.push(...c.expected);
  }
  for (const c of loadTarCases({ includeLarge: true })) recorded.push(...c.tree);
  const targets = [...loadWalkCases().flatMap((c) => c.tree), ...loadTarCases().flatMap((c) => c.tree)]
    .filter((e) => e.type === 'symlink')
    .map((e) => ({ path: e.target ?? '', ...(e.targetBase64 === undefined ? {} : { pathBase64: e.targetBase64 }) }));

  test.for([...recorded, ...targets].filter((e) => e.pathBase64 !== undefined))('non-UTF-8 name %#', (e) => {
    const bytes = Buffer.from(e.pathBase64!, 'base64');
    expect(decodeName(bytes)).toBe(e.path);
    expect(encodePath(e.path).equals(bytes)).toBe(true);
  });

  // One assertion over the whole list: vitest's expect() costs microseconds a call.
  test('names without pathBase64 are valid UTF-8 and decode to themselves', () => {
    const plain = [...recorded, ...targets].filter((x) => x.pathBase64 === undefined);
    expect(plain.length).toBeGreaterThan(1000);
    expect(plain.filter((e) => decodeName(Buffer.from(e.path, 'utf8')) !== e.path).map((e) => e.path)).toEqual([]);
  });

  test('match-case paths are valid UTF-8 (they were passed as argv strings)', () => {
    const paths = loadMatchCases().flatMap((c) => ('error' in c ? [] : c.paths.map((p) => p.path)));
    expect(paths.length).toBeGreaterThan(3000);
    expect(paths.filter((p) => Buffer.from(p, 'utf8').toString('utf8') !== p)).toEqual([]);
  });
});

test('the runner gave this file the golden timeout', ({ task }) => {
  expect(task.timeout).toBe(TIMEOUTS.golden);
});
