// Real posted messages (test/helpers/real-messages.ts: the URL, the text as posted, a context made
// to match the thread). A culprit case must name
// the file first; its fix is then applied — ignore lines appended, edits made — and diagnose runs
// again: the cause must be gone, and every COPY/ADD source of the target must still be in the
// context (the copy-source facts the checks use). A look-alike must blame nothing, for its reason.
import { posix } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildCheckModel, readDockerfile } from '../../src/analyze/analyze.js';
import { loadContext, prepareContext, prepareOptionsOf } from '../../src/context/load-context.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { applyFileEdit } from '../../src/diagnose/fix.js';
import type { Diagnosis } from '../../src/diagnose/model.js';
import { resolveTarget } from '../../src/dockerfile/target.js';
import { sourceProblems } from '../../src/facts/source-problems.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';
import { CULPRITS, LOOK_ALIKES, type CulpritCase, type Files, type Spec } from '../helpers/real-messages.js';

function nodesOf(files: Files): MemoryNode[] {
  return Object.entries(files).map(([path, spec]): MemoryNode => {
    if (typeof spec === 'string' || Buffer.isBuffer(spec)) return { path, type: 'file', content: spec };
    if ('link' in spec) return { path, type: 'symlink', target: spec.link };
    return { path, type: 'file', content: spec.content, mode: spec.mode };
  });
}

function run(files: Files, message: string, options: CulpritCase['options'] = {}): Diagnosis {
  const { context, ...rest } = options;
  return diagnose({
    text: message,
    fs: new MemoryFileSystem(nodesOf(files)),
    cwd: '/ctx',
    context: context === undefined ? '/ctx' : `/ctx/${context}`,
    ...rest,
  });
}

/** COPY/ADD/RUN --mount sources of the target the context cannot provide, by the checks' own facts. */
function missingSources(files: Files, options: CulpritCase['options'] = {}): string[] {
  const fs = new MemoryFileSystem(nodesOf(files));
  const context = options.context === undefined ? '/ctx' : `/ctx/${options.context}`;
  const dockerfile = options.dockerfile;
  const pathOptions = prepareOptionsOf(fs, {
    context,
    cwd: context,
    ...(dockerfile !== undefined ? { dockerfile } : {}),
  });
  const prepared = prepareContext(pathOptions);
  const model = readDockerfile(fs, prepared.dockerfile, {});
  const ctx = loadContext({
    ...pathOptions,
    prepared,
    classic: false,
    measureExcluded: false,
    stat: true,
    readLinks: false,
  });
  const checkModel = buildCheckModel(
    ctx,
    resolveTarget({}, null),
    { sniffed: new Map(), texts: new Map(), unreadableFiles: [], git: null },
    false,
    model,
  );
  return sourceProblems(checkModel)
    .filter((p) => p.effect === 'missing')
    .map((p) => p.use.source.value);
}

function textOf(spec: Spec | undefined): string | null {
  if (spec === undefined) return null;
  if (typeof spec === 'string') return spec;
  if (Buffer.isBuffer(spec)) return spec.toString('utf8');
  if ('link' in spec) return null;
  return typeof spec.content === 'string' ? spec.content : spec.content.toString('utf8');
}

/** The context after the culprit's fix: ignore lines appended, edits made (paths are context-relative). */
function applyFix(files: Files, d: Diagnosis, context = ''): Files {
  const out: Files = { ...files };
  const key = (p: string): string => posix.normalize(posix.join(context, p));
  const fix = d.culprits[0]!.fix;
  if (fix.ignoreLines.length > 0) {
    const ignore = key(fix.ignoreFile);
    out[ignore] = applyFileEdit(textOf(out[ignore]), { kind: 'append', path: ignore, lines: fix.ignoreLines });
  }
  for (const edit of fix.edits) {
    const before = out[key(edit.path)];
    const text = applyFileEdit(textOf(before), edit);
    out[key(edit.path)] =
      before !== undefined && typeof before === 'object' && !Buffer.isBuffer(before) && 'mode' in before
        ? { content: text, mode: before.mode }
        : text;
  }
  return out;
}

/**
 * What a lockfile fix does when it is carried out: `npm install` on a current npm writes an entry
 * for every platform package of the family. The test writes the one the message lacked.
 */
function regenerateLock(files: Files, d: Diagnosis): Files {
  const needed = d.messages.map((m) => m.facts['needed']).find((n) => n !== undefined)!;
  const name = needed.startsWith('.')
    ? needed
        .split('/')
        .at(-1)!
        .replace(/\.node$/, '')
        .replace(/\./g, '-')
    : needed;
  const lock = JSON.parse(textOf(files['package-lock.json'])!) as { packages: Record<string, object> };
  const [os, cpu] = /-(linux)-([a-z0-9]+)/.exec(name)!.slice(1);
  lock.packages[`node_modules/${name}`] = { version: '0.0.0', optional: true, os: [os], cpu: [cpu] };
  return { ...files, 'package-lock.json': JSON.stringify(lock, null, 2) };
}

describe('real posted messages', () => {
  test('enough cases, each citing its thread', () => {
    expect(CULPRITS.length).toBeGreaterThanOrEqual(40);
    expect(LOOK_ALIKES.length).toBeGreaterThanOrEqual(12);
    for (const c of [...CULPRITS, ...LOOK_ALIKES])
      expect(c.url).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(?:issues|pull)\/\d+$/);
  });

  test.for(CULPRITS)('$url names $culprit first', (c) => {
    const d = run(c.files, c.message, c.options);
    expect(d.messages.length, 'a message is recognised').toBeGreaterThan(0);
    const first = d.culprits[0];
    expect(first?.path, JSON.stringify(d.messages.map((m) => [m.kind, m.reason, m.advice]))).toBe(c.culprit);
    expect(first!.kind).toBe(c.kind);
    if (c.confidence !== undefined) expect(first!.confidence).toBe(c.confidence);
    expect(first!.evidence.length).toBeGreaterThan(20);
    expect(missingSources(c.files, c.options), 'the context before the fix').toEqual(
      c.kind === 'ignored-copy-source' || c.kind === 'missing-copy-source'
        ? expect.arrayContaining([expect.any(String)])
        : [],
    );

    // The fix, applied: the cause is gone and no COPY source goes missing.
    const fix = first!.fix;
    let after: Files;
    if (c.kind === 'lockfile-missing-package') {
      expect(fix.ignoreLines).toEqual([]);
      expect(fix.notes.join(' ')).toMatch(/Regenerate the lockfile/);
      after = regenerateLock(c.files, d);
    } else {
      expect(fix.ignoreLines.length + fix.edits.length, 'the fix can be applied').toBeGreaterThan(0);
      after = applyFix(c.files, d, c.options?.context);
    }
    expect(missingSources(after, c.options), 'COPY sources after the fix').toEqual([]);
    const again = run(after, c.message, c.options);
    expect(
      again.culprits.filter((x) => x.path === c.culprit && x.kind === c.kind),
      'the cause after the fix',
    ).toEqual([]);
  });

  test.for(LOOK_ALIKES)('$url blames nothing: $reason', (c) => {
    const d = run(c.files, c.message, c.options);
    expect(d.messages.length, 'a message is recognised').toBeGreaterThan(0);
    expect(d.culprits, c.why).toEqual([]);
    expect(d.messages.map((m) => m.verdict)).toContain(c.verdict);
    expect(d.messages.map((m) => m.reason)).toContain(c.reason);
    for (const m of d.messages) expect(m.advice?.length ?? 0).toBeGreaterThan(20);
  });
});
