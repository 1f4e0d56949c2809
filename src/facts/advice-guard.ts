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
// - A file the build or the container start runs or reads by name (ENTRYPOINT/CMD/RUN, through
//   WORKDIR and PATH; reach.ts filesRunByName): removing it breaks the build or the container
//   whichever COPY brought it, so it is never removable; the fix is a Dockerfile change. Files of
//   a host environment (a .venv, a node_modules tree) are the exception: the environment's
//   finding pairs its ignore line with installing it in the image, which recreates them.
// A source that takes the whole context (`COPY . .`) names nothing: what it copies is what the
// ignore file decides.
import type { ContextSource } from '../dockerfile/context-refs.js';
import { contextSources, selectSources, type SourcePathEntry } from '../dockerfile/context-refs.js';
import { describeSource, pathsCopiedByName } from '../dockerfile/copied-paths.js';
import type { DockerfileModel } from '../dockerfile/model.js';
import type { CheckModel } from './check-model.js';
import { environmentOf, scanEnvironments } from './environments.js';
import { filesRunByName, type ReachUse } from './reach.js';

export interface ProtectedPaths {
  /** Paths a source names (its roots), with the first source naming each. */
  named: ReadonlyMap<string, ContextSource>;
  /** Every path a named source copies (roots and what is below them), with its sources. */
  copied: ReadonlyMap<string, readonly ContextSource[]>;
  /** Files the build or the container start runs or reads by name, with the instruction that does. */
  run: ReadonlyMap<string, ReachUse>;
}

export interface AdviceConflict {
  path: string;
  /** The COPY/ADD/RUN --mount source that names or copies the path; null when a run needs it by name. */
  source: ContextSource | null;
  /** The ENTRYPOINT/CMD/RUN that runs or reads the path; null when a source names or copies it. */
  use: ReachUse | null;
  /** True when the source names the path itself: removing it fails or changes the instruction. */
  named: boolean;
  /** One sentence for people. */
  detail: string;
}

const cache = new WeakMap<DockerfileModel, WeakMap<readonly SourcePathEntry[], ProtectedPaths>>();

/** The protected paths of a Dockerfile over the walked entries (memoised per model and walk). */
export function protectedPaths(dm: DockerfileModel | null, entries: readonly SourcePathEntry[]): ProtectedPaths {
  if (dm === null) return { named: new Map(), copied: new Map(), run: new Map() };
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
    found = { named, copied: pathsCopiedByName(dm, entries), run: new Map() };
    perModel.set(entries, found);
  }
  return found;
}

const byModel = new WeakMap<CheckModel, ProtectedPaths>();

/** The protected paths of an analysis: what the Dockerfile names and copies, and the files its runs need by name. */
export function protectedPathsOf(model: CheckModel): ProtectedPaths {
  let found = byModel.get(model);
  if (found === undefined) {
    const scan = scanEnvironments(model);
    const run = new Map([...filesRunByName(model)].filter(([path]) => environmentOf(scan, path) === null));
    found = { ...protectedPaths(model.dockerfileModel, model.entries), run };
    byModel.set(model, found);
  }
  return found;
}

function isAtOrBelow(path: string, roots: readonly string[]): boolean {
  return roots.some((r) => path === r || path.startsWith(r + '/'));
}

/**
 * The removed entries `adviceConflict` can object to, in order, whatever `own` is: those a source
 * names, a run needs by name, or (files) a named source copies. adviceConflict over them gives
 * the answer it gives over all of `removed`, so a line's removals are filtered once and checked
 * per finding.
 */
export function guardedEntries<T extends { path: string; type: string }>(
  prot: ProtectedPaths,
  removed: readonly T[],
): T[] {
  return removed.filter(
    ({ path, type }) =>
      prot.named.has(path) || prot.run.has(path) || (type !== 'dir' && (prot.copied.get(path)?.length ?? 0) > 0),
  );
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
      return {
        path,
        source,
        use: null,
        named: true,
        detail: `would remove ${path}, which ${describeSource(source)} names`,
      };
    const use = prot.run.get(path);
    if (use !== undefined)
      return {
        path,
        source: null,
        use,
        named: true,
        detail: `would remove ${path}, which ${use.keyword} (Dockerfile line ${use.line}, ${use.program}) ${use.atRunTime ? 'runs when the container starts' : 'runs during the build'}`,
      };
  }
  // A directory is removed only with everything below it: its files decide.
  for (const { path, type } of removed) {
    if (type === 'dir') continue;
    const sources = prot.copied.get(path);
    if (sources === undefined || sources.length === 0 || isAtOrBelow(path, own)) continue;
    return {
      path,
      source: sources[0]!,
      use: null,
      named: false,
      detail: `would remove ${path}, which ${describeSource(sources[0]!)} copies`,
    };
  }
  return null;
}
