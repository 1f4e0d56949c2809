// COPY/ADD/RUN --mount sources that take nothing from the context, and why: the path is not in
// the context at all, or the ignore file keeps it out (and which line). BuildKit fails a source
// that must exist with `failed to compute cache key: failed to calculate checksum of ref …:
// "/<path>": not found`; a wildcard that matches nothing copies nothing and the build goes on
// (dockerfile2llb dispatchCopy sets AllowEmptyWildcard).
import { explainPath } from '../context/explain-path.js';
import { PatternMatcher } from '../context/matcher.js';
import { selectSources, type SourcePathEntry } from '../dockerfile/context-refs.js';
import type { ExcludedEntry, IgnorePattern } from '../types.js';
import type { CheckModel } from './check-model.js';
import { sourceUses, type SourceUse } from './dockerfile-facts.js';

export interface IgnoredBy {
  /** The excluded path (an excluded directory stands for everything below it). */
  path: string;
  rule: IgnorePattern;
}

export interface SourceProblem {
  use: SourceUse;
  /** `missing`: the build fails; `empty`: a wildcard matched nothing, the COPY copies nothing. */
  effect: 'missing' | 'empty';
  /** The ignore-file lines that keep the source out; empty when it is absent from the context. */
  ignoredBy: IgnoredBy[];
  /** For an absent path: the ignore line that would exclude it too, if any. */
  wouldIgnore: IgnorePattern | null;
  /** An exception line that lets the source through, checked with Docker's matcher; null when none was found. */
  exceptionLine: string | null;
}

const problemsByModel = new WeakMap<CheckModel, SourceProblem[]>();

/** The source as a context path (no leading "/" or "./", the `--parents` pivot removed). */
export function sourcePath(value: string): string {
  const parts = value.split('/').filter((p) => p !== '' && p !== '.');
  return parts.join('/');
}

/** The part of a context path before its first wildcard component. */
function literalPrefix(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (/(^|[^\\])[*?[]/.test(part)) break;
    out.push(part);
  }
  return out.join('/');
}

function compileIgnore(patterns: readonly string[]): PatternMatcher | null {
  try {
    const m = PatternMatcher.create(patterns);
    return m.size === 0 ? null : m;
  } catch {
    return null;
  }
}

/** An ignore line re-including `path`, when Docker's matcher then sends every given path. */
function verifiedException(model: CheckModel, path: string, mustSend: readonly string[]): string | null {
  const ignore = model.ignore;
  if (ignore === null || path === '' || /[\s\\]/.test(path) || /[\udc80-\udcff]/.test(path)) return null;
  const line = `!${path}`;
  const patterns: IgnorePattern[] = [
    ...ignore.patterns,
    { pattern: line, line: ignore.patterns.length + 1, text: line },
  ];
  const matcher = compileIgnore(patterns.map((p) => p.pattern));
  if (matcher === null) return null;
  try {
    const synthetic = { ...ignore, patterns };
    const ok = mustSend.every((p) => {
      const e = explainPath(matcher, synthetic, p);
      return e.sent && e.prunedAt === null;
    });
    return ok ? line : null;
  } catch {
    return null;
  }
}

function problemOf(
  model: CheckModel,
  use: SourceUse,
  withExcluded: readonly SourcePathEntry[],
  excludedByPath: ReadonlyMap<string, ExcludedEntry>,
): SourceProblem | null {
  const { selected, source } = use;
  if (selected.patternError !== null || source.unresolved.length > 0) return null;
  if (!selected.missing && (selected.matched.length > 0 || selected.roots.length > 0)) return null;
  const effect = selected.missing ? 'missing' : 'empty';
  const ignore = model.ignore;
  const ignoredBy: IgnoredBy[] = [];
  const path = sourcePath(source.value);
  const literal = literalPrefix(path);
  if (ignore !== null) {
    const again = selectSources(source, withExcluded);
    for (const p of again.matched) {
      const ex = excludedByPath.get(p);
      const rule = ex === undefined ? undefined : ignore.patterns[ex.rule];
      if (rule !== undefined) ignoredBy.push({ path: p, rule });
    }
    if (ignoredBy.length === 0) {
      // Below an excluded directory that the walk never listed.
      for (const ex of excludedByPath.values()) {
        const rule = ignore.patterns[ex.rule];
        if (ex.type === 'dir' && rule !== undefined && (literal === ex.path || literal.startsWith(ex.path + '/')))
          ignoredBy.push({ path: ex.path, rule });
      }
    }
  }
  let wouldIgnore: IgnorePattern | null = null;
  if (ignoredBy.length === 0 && ignore !== null && literal !== '') {
    const matcher = compileIgnore(ignore.patterns.map((p) => p.pattern));
    try {
      const e = explainPath(matcher, ignore, literal);
      if (!e.sent && e.rule !== null) wouldIgnore = e.rule;
    } catch {
      wouldIgnore = null;
    }
  }
  // The excluded paths must come through; for an excluded directory above the source, the source itself.
  const mustSend = ignoredBy.map((i) => (literal.startsWith(i.path + '/') ? literal : i.path));
  const exceptionLine = ignoredBy.length > 0 ? verifiedException(model, path, mustSend) : null;
  return { use, effect, ignoredBy, wouldIgnore, exceptionLine };
}

/** Every context source of a reachable stage that takes nothing from the eligible context. */
export function sourceProblems(model: CheckModel): SourceProblem[] {
  const known = problemsByModel.get(model);
  if (known !== undefined) return known;
  const excludedByPath = new Map(model.excluded.map((e) => [e.path, e]));
  const withExcluded: SourcePathEntry[] = [
    ...model.entries,
    ...model.excluded.map((e) => ({ path: e.path, type: e.type })),
  ];
  const out: SourceProblem[] = [];
  for (const use of sourceUses(model)) {
    // A bind mount of the whole context (no source) always has something to mount.
    if (use.source.kind === 'mount' && sourcePath(use.source.value) === '') continue;
    const problem = problemOf(model, use, withExcluded, excludedByPath);
    if (problem !== null) out.push(problem);
  }
  problemsByModel.set(model, out);
  return out;
}

/** How the instruction is written, for messages: `COPY config.json` or `RUN --mount source=x`. */
export function describeSource(use: SourceUse): string {
  const s = use.source;
  return s.kind === 'mount' ? `RUN --mount source=${s.source}` : `${s.kind === 'add' ? 'ADD' : 'COPY'} ${s.source}`;
}

/** BuildKit's error for a source that must exist. */
export function notFoundError(use: SourceUse): string {
  return `failed to compute cache key: … "${use.source.normalized}": not found`;
}
