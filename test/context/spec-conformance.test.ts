// Every vector and walk scenario of the spec (dockerignore-semantics.md §2, §12), each checked
// against Docker's own code when the data was made (test/spec/build-spec-vectors.mjs).
import { describe, expect, test } from 'vitest';
import { parseIgnoreFile } from '../../src/context/ignore-file.js';
import { loadContext } from '../../src/context/load-context.js';
import { packageLevelMatches, PatternMatcher } from '../../src/context/matcher.js';
import { decodeName } from '../../src/paths.js';
import { computeTarBytes } from '../../src/context/tar-size.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';
import {
  loadPatternVectors,
  loadReadAllVectors,
  loadWalkScenarios,
  type MatchResult,
  type TreeEntry,
} from '../golden/load.js';

function outcome(run: () => boolean): MatchResult | { error: string } {
  try {
    return run() ? 'excluded' : 'included';
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function expected(result: MatchResult): MatchResult | { error: string } {
  return typeof result === 'string' ? result : { error: result.error };
}

describe('pattern vectors (spec §12.2)', () => {
  test.for(
    loadPatternVectors().map((v) => [`#${v.id} ${JSON.stringify(v.patterns)} ${JSON.stringify(v.path)}`, v] as const),
  )('%s', ([, v]) => {
    const mopm = v.fn === 'MatchesOrParentMatches' ? v.expected : v.expectedMatchesOrParentMatches;
    const deprecated = v.fn === 'Matches' ? v.expected : v.expectedDeprecatedMatches;
    if (mopm !== undefined) {
      expect(outcome(() => PatternMatcher.create(v.patterns).matchesOrParentMatches(v.path).excluded)).toEqual(
        expected(mopm),
      );
    }
    if (deprecated !== undefined) {
      expect(outcome(() => packageLevelMatches(v.path, v.patterns))).toEqual(expected(deprecated));
    }
  });
});

describe('ignore-file parsing (spec §2, §12.4)', () => {
  test.for(loadReadAllVectors().map((v) => [`#${v.id} ${v.description}`, v] as const))('%s', ([, v]) => {
    if (!Array.isArray(v.patterns)) {
      expect(() => parseIgnoreFile(v.input)).toThrow(/token too long/);
      return;
    }
    const parsed = parseIgnoreFile(v.input).map((p) => p.pattern);
    expect(parsed).toEqual(v.patternBytes!.map((b) => decodeName(b)));
    if (v.newError !== undefined) {
      expect(() => PatternMatcher.create(parsed)).toThrow(v.newError);
    } else {
      expect(() => PatternMatcher.create(parsed)).not.toThrow();
    }
  });
});

function memoryTree(tree: readonly TreeEntry[]): MemoryFileSystem {
  const nodes: MemoryNode[] = tree.map((e) => {
    if (e.type === 'dir') return { path: e.path, type: 'dir' };
    if (e.type === 'symlink') return { path: e.path, type: 'symlink', target: e.target ?? '' };
    if (e.type === 'fifo') return { path: e.path, type: 'other', special: 'fifo' };
    return e.contentBase64 !== undefined
      ? { path: e.path, type: 'file', content: Buffer.from(e.contentBase64, 'base64') }
      : { path: e.path, type: 'file', size: e.size ?? 0 };
  });
  return new MemoryFileSystem(nodes, '/ctx');
}

function sendList(entries: readonly { path: string; type: string }[]): string[] {
  return entries.map((e) => (e.type === 'dir' ? e.path + '/' : e.path));
}

describe('walk scenarios (spec §12.3): what BuildKit and the classic builder send', () => {
  test.for(loadWalkScenarios().map((s) => [`${s.id} ${s.title}`, s] as const))('%s', ([, s]) => {
    const fs = memoryTree(s.tree);
    const load = () =>
      loadContext({
        fs,
        cwd: '/ctx',
        dockerfile: s.dockerfile,
        classic: true,
        measureExcluded: true,
        stat: true,
        readLinks: true,
      });
    if (!Array.isArray(s.buildkit)) {
      expect(load).toThrow(s.buildkit.error);
      return;
    }
    const ctx = load();
    expect(sendList(ctx.entries)).toEqual(s.buildkit);
    expect(sendList(ctx.classicEntries!)).toEqual(s.classic);
    expect(computeTarBytes(ctx.classicEntries!)).toBe(s.tarBytes);
  });
});
