// Where a context grew since its baseline: the path sizes of two reports compared, each change
// named once. A changed directory is split into its changed children when there are at most
// MAX_SPLIT of them (one package added to node_modules is named, not node_modules), and stands for
// them otherwise (a rebuilt dist/ is one line); an added or removed directory always stands for
// what is below it. The listed paths never contain one another, so their deltas add up to the
// total change of what both reports list.
import { parentOf } from '../paths.js';
import type { PathChange, PathSize, PathSizes } from '../types.js';

/** Most changed children a directory is split into. */
export const MAX_SPLIT = 3;
/** Most changes kept in `baseline.paths`. */
export const MAX_PATH_CHANGES = 100;

function depthOf(path: string): number {
  return path.split('/').length;
}

/** The changed paths, largest change first. */
export function comparePathSizes(before: PathSizes, after: PathSizes): PathChange[] {
  // Compare at the depth both reports reach.
  const depth =
    before.depth === null ? after.depth : after.depth === null ? before.depth : Math.min(before.depth, after.depth);
  const within = (p: PathSize) => depth === null || depthOf(p.path) <= depth;
  const old = new Map(before.paths.filter(within).map((p) => [p.path, p]));
  const now = new Map(after.paths.filter(within).map((p) => [p.path, p]));
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const path of new Set([...old.keys(), ...now.keys()])) {
    const parent = parentOf(path);
    if (parent === '') roots.push(path);
    else {
      const list = children.get(parent);
      if (list === undefined) children.set(parent, [path]);
      else list.push(path);
    }
  }
  const changeOf = (path: string): PathChange | null => {
    const b = old.get(path);
    const a = now.get(path);
    const beforeBytes = b?.bytes ?? 0;
    const afterBytes = a?.bytes ?? 0;
    const delta = afterBytes - beforeBytes;
    if (b !== undefined && a !== undefined && delta === 0) return null;
    return {
      path,
      type: (a ?? b)!.type,
      status: b === undefined ? 'added' : a === undefined ? 'removed' : delta > 0 ? 'grown' : 'shrunk',
      before: beforeBytes,
      after: afterBytes,
      delta,
      filesDelta: (a?.files ?? 0) - (b?.files ?? 0),
    };
  };
  const out: PathChange[] = [];
  const visit = (path: string): void => {
    const change = changeOf(path);
    if (change?.status === 'added' || change?.status === 'removed') {
      out.push(change);
      return;
    }
    const kids = children.get(path) ?? [];
    if (change === null) {
      // A directory whose total did not move can still hold changes that cancel out: look inside.
      for (const c of kids) visit(c);
      return;
    }
    const changed = kids.filter((c) => changeOf(c) !== null);
    if (changed.length === 0 || changed.length > MAX_SPLIT) out.push(change);
    else for (const c of changed) visit(c);
  };
  for (const r of roots) visit(r);
  return out
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))
    .slice(0, MAX_PATH_CHANGES);
}
