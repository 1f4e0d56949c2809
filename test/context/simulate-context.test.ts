// fix measures its planned lines on the first walk's entries (simulate-context.ts): wherever that
// answers, it must be what a real walk with the edited ignore file finds — every view, the excluded
// roots and counts, the directory sizes — over random trees, ignore files with exceptions, include
// patterns and added lines (exclusions, restated literal exceptions, and others that must make it
// decline). The analysis on top gives the same report either way.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyzeContext, analyzeWithIgnoreFile } from '../../src/analyze/analyze.js';
import { loadContext, planViews, prepareContext, type LoadedContext } from '../../src/context/load-context.js';
import { simulateContext } from '../../src/context/simulate-context.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';
import { overlayFile } from '../../src/fs/overlay-fs.js';
import type { FileSystem } from '../../src/fs/file-system.js';
import type { ContextEntry } from '../../src/types.js';

const NAMES = ['a', 'b', 'node_modules', '.venv', 'x.log', 'build', 'src', 'keep.txt', 'Dockerfile'];
const PARTS = [
  'a',
  'b',
  'node_modules',
  '.venv',
  '*.log',
  'build',
  'src',
  'keep.txt',
  'Dockerfile',
  '.docker*',
  '*',
  '**',
  '/',
  '?',
];

const paths = fc.uniqueArray(
  fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
  { minLength: 1, maxLength: 30 },
);
const line = fc
  .tuple(fc.constantFrom('', '', '', '!', '/'), fc.array(fc.constantFrom(...PARTS), { minLength: 1, maxLength: 3 }))
  .map(([pre, parts]) => pre + parts.join(''));

interface Case {
  files: string[];
  dirs: string[];
  ignore: string[] | null;
  include: string[] | null;
  added: string[];
  restate: number[];
}

const cases = fc.record({
  files: paths,
  dirs: fc.array(
    fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }).map((s) => s.join('/')),
    {
      maxLength: 3,
    },
  ),
  ignore: fc.option(fc.array(line, { maxLength: 5 }), { nil: null }),
  include: fc.option(fc.array(line, { minLength: 1, maxLength: 2 }), { nil: null, freq: 3 }),
  // Exclusions mostly; an exception now and then, which the simulation must decline or get right.
  added: fc.array(
    fc.oneof({ weight: 5, arbitrary: line.filter((l) => !l.startsWith('!')) }, { weight: 1, arbitrary: line }),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
  restate: fc.array(fc.nat(), { maxLength: 2 }),
});

/** A tree from the paths: each a file unless a longer path needs it as a directory. */
function treeOf(c: Case): { nodes: MemoryNode[]; files: string[] } {
  const dirs = new Set(c.dirs);
  for (const p of [...c.files, ...c.dirs]) {
    const segs = p.split('/');
    for (let i = 1; i < segs.length; i++) dirs.add(segs.slice(0, i).join('/'));
  }
  const files = c.files.filter((f) => !dirs.has(f) && f !== '.dockerignore');
  const nodes: MemoryNode[] = [
    ...[...dirs].map((path) => ({ path, type: 'dir' as const })),
    ...files.map((path, i) => ({ path, type: 'file' as const, content: 'x'.repeat(i + 1) })),
  ];
  if (c.ignore !== null) nodes.push({ path: '.dockerignore', type: 'file', content: c.ignore.join('\n') + '\n' });
  return { nodes, files };
}

function load(fs: FileSystem, include: string[] | null): LoadedContext {
  return loadContext({
    fs,
    cwd: '/ctx',
    context: '.',
    classic: true,
    measureExcluded: true,
    stat: true,
    readLinks: true,
    includePatterns: include,
  });
}

/** What a LoadedContext says, as plain data (the matcher's caches and walk statistics left out). */
function facts(ctx: LoadedContext) {
  const { matcher, visited: _v, prunedDirs: _p, ...rest } = ctx;
  return { ...rest, matcher: matcher?.patterns.map((p) => [p.cleaned, p.exclusion]) ?? null };
}

/** The edited file's bytes: the old content, then the added lines and literal exceptions for sent files. */
function editOf(c: Case, before: { entries: readonly ContextEntry[] }): string {
  const sentFiles = before.entries.filter((e) => e.type === 'file').map((e) => e.path);
  const restated = sentFiles.length === 0 ? [] : c.restate.map((n) => '!' + sentFiles[n % sentFiles.length]!);
  return (c.ignore === null ? '' : c.ignore.join('\n') + '\n') + [...c.added, ...restated].join('\n') + '\n';
}

/** Runs `check` on each generated case Docker accepts; returns how many the simulation answered. */
function forEachCase(runs: number, seed: number, check: (c: Case, fs: MemoryFileSystem) => boolean | Promise<boolean>) {
  let answered = 0;
  let valid = 0;
  return {
    property: fc.asyncProperty(cases, async (c) => {
      const fs = new MemoryFileSystem(treeOf(c).nodes, '/ctx');
      try {
        load(fs, c.include);
      } catch {
        return; // an ignore file or include pattern Docker refuses
      }
      valid++;
      if (await check(c, fs)) answered++;
    }),
    params: { numRuns: runs, seed },
    counts: () => ({ answered, valid }),
  };
}

describe('simulateContext', () => {
  test('equals a real walk with the edited ignore file, whenever it answers', async () => {
    const run = forEachCase(400, 16_005, (c, fs) => {
      const before = load(fs, c.include);
      const text = editOf(c, before);
      const content = new TextEncoder().encode(text);
      const overlay = overlayFile(fs, '/ctx/.dockerignore', content);
      let real: LoadedContext;
      try {
        real = load(overlay, c.include);
      } catch {
        return false; // an added line Docker refuses
      }
      const prepared = prepareContext({ fs: overlay, cwd: '/ctx', context: '.' });
      const planned = planViews({ fs: overlay, classic: true, includePatterns: c.include }, prepared);
      const simulated = simulateContext(before, prepared, planned, {
        path: '.dockerignore',
        size: content.length,
        exists: c.ignore !== null,
      });
      if (simulated === null) return false;
      expect(facts(simulated)).toEqual(facts(real));
      return true;
    });
    await fc.assert(run.property, run.params);
    const { answered, valid } = run.counts();
    // Most edits only keep more out: the simulation must answer for them, not decline everything.
    expect(answered).toBeGreaterThan(valid / 2);
  });

  test('fix gets the same report with and without a second walk', async () => {
    const run = forEachCase(60, 16_006, async (c) => {
      const dockerfile = `FROM alpine\nCOPY ${c.include?.[0]?.replace(/^[!/]+/, '') || '.'} /app/\n`;
      const withDockerfile = new MemoryFileSystem(
        [...treeOf(c).nodes, { path: 'Dockerfile', type: 'file', content: dockerfile }],
        '/ctx',
      );
      const options = { cwd: '/ctx', context: '.', sniff: false };
      let before;
      try {
        before = await analyzeContext({ ...options, fs: withDockerfile });
      } catch {
        return false;
      }
      const content = new TextEncoder().encode(editOf(c, before.model));
      const overlay = overlayFile(withDockerfile, '/ctx/.dockerignore', content);
      let walked;
      try {
        walked = await analyzeContext({ ...options, fs: overlay });
      } catch {
        return false;
      }
      const simulated = await analyzeWithIgnoreFile(
        before,
        { ...options, fs: withDockerfile },
        overlay,
        '/ctx/.dockerignore',
        content.length,
        c.ignore !== null,
      );
      expect(simulated.report).toEqual(walked.report);
      return true;
    });
    await fc.assert(run.property, run.params);
  });
});
