// What a suggested ignore line must never remove, and the one test every suggestion passes —
// the report's `data.ignoreLines` (all formats) and `fix` use the same rule, so they agree.
//
// - A path a COPY/ADD source or a RUN --mount source names (the source itself, or what its
//   wildcard matched): removing it fails the build ("failed to compute cache key: … not found",
//   copy-source-missing) or changes what the instruction takes. Never removable, not even by the
//   finding about it: the fix for a named source is a Dockerfile change.
// - A path inside a directory a named source copies: removable only when it is what the finding
//   is about (`data.removablePaths`: a .venv inside `COPY app/ /app/`); anything else would change
//   the image behind the user's back.
// A source that takes the whole context (`COPY . .`) names nothing: what it copies is what the
// ignore file decides.
import type { ContextSource } from '../dockerfile/context-refs.js';
import { contextSources, selectSources, type SourcePathEntry } from '../dockerfile/context-refs.js';
import { describeSource, pathsCopiedByName } from '../dockerfile/copied-paths.js';
import type { DockerfileModel } from '../dockerfile/model.js';

export interface ProtectedPaths {
  /** Paths a source names (its roots), with the first source naming each. */
  named: ReadonlyMap<string, ContextSource>;
  /** Every path a named source copies (roots and what is below them), with its sources. */
  copied: ReadonlyMap<string, readonly ContextSource[]>;
}

export interface AdviceConflict {
  path: string;
  source: ContextSource;
  /** True when the source names the path itself: removing it fails or changes the instruction. */
  named: boolean;
  /** One sentence for people. */
  detail: string;
}

const cache = new WeakMap<DockerfileModel, WeakMap<readonly SourcePathEntry[], ProtectedPaths>>();

/** The protected paths of a Dockerfile over the walked entries (memoised per model and walk). */
export function protectedPaths(dm: DockerfileModel | null, entries: readonly SourcePathEntry[]): ProtectedPaths {
  if (dm === null) return { named: new Map(), copied: new Map() };
  let perModel = cache.get(dm);
  if (perModel === undefined) {
    perModel = new WeakMap();
    cache.set(dm, perModel);
  }
  let found = perModel.get(entries);
  if (found === undefined) {
    const named = new Map<string, ContextSource>();
    for (const source of contextSources(dm)) {
      const selected = selectSources(source, entries);
      if (!source.parents && selected.roots.includes('')) continue;
      for (const root of selected.roots) if (!named.has(root)) named.set(root, source);
    }
    found = { named, copied: pathsCopiedByName(dm, entries) };
    perModel.set(entries, found);
  }
  return found;
}

function isAtOrBelow(path: string, roots: readonly string[]): boolean {
  return roots.some((r) => path === r || path.startsWith(r + '/'));
}

/**
 * The first removed path a suggestion may not remove, or null when the lines are safe. `own` are
 * the paths the finding is about (`data.removablePaths`): removable inside a copied directory,
 * never when a source names them.
 */
export function adviceConflict(
  prot: ProtectedPaths,
  removed: readonly { path: string; type: string }[],
  own: readonly string[],
): AdviceConflict | null {
  for (const { path } of removed) {
    const source = prot.named.get(path);
    if (source !== undefined)
      return { path, source, named: true, detail: `would remove ${path}, which ${describeSource(source)} names` };
  }
  // A directory is removed only with everything below it: its files decide.
  for (const { path, type } of removed) {
    if (type === 'dir') continue;
    const sources = prot.copied.get(path);
    if (sources === undefined || sources.length === 0 || isAtOrBelow(path, own)) continue;
    return {
      path,
      source: sources[0]!,
      named: false,
      detail: `would remove ${path}, which ${describeSource(sources[0]!)} copies`,
    };
  }
  return null;
}
