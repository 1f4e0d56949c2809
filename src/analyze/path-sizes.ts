// `report.pathSizes`: bytes and files per path, kept in JSON reports so that a later run given
// this report as `--baseline` can say where the context grew. Small by default: the deepest
// level that keeps the list within MAX_PATH_SIZES entries, at most PATH_SIZES_DEPTH deep.
import type { ContextEntry, DirSize, PathSize, PathSizes } from '../types.js';
import { compareBytes } from '../paths.js';

/** Deepest level listed by default (`node_modules/@scope/pkg/dist`). */
export const PATH_SIZES_DEPTH = 4;
/** Most entries listed by default; a shallower level is used when a deeper one holds more. */
export const MAX_PATH_SIZES = 2000;

function depthOf(path: string): number {
  let n = 1;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 0x2f) n++;
  return n;
}

/** Every path down to the deepest level that fits the bound, or every path when `all`. */
export function computePathSizes(
  dirSizes: readonly DirSize[],
  entries: readonly ContextEntry[],
  all: boolean,
): PathSizes {
  let depth: number | null = null;
  let limit = Infinity;
  if (!all) {
    // Count per depth first: an item is made only for a path that is kept.
    const perDepth = new Array<number>(PATH_SIZES_DEPTH + 1).fill(0);
    const count = (path: string): void => {
      const d = depthOf(path);
      if (d <= PATH_SIZES_DEPTH) perDepth[d]!++;
    };
    for (const d of dirSizes) if (d.path !== '') count(d.path);
    for (const e of entries) if (e.type !== 'dir') count(e.path);
    depth = 0;
    let total = 0;
    for (let d = 1; d <= PATH_SIZES_DEPTH; d++) {
      total += perDepth[d]!;
      if (total > MAX_PATH_SIZES) break;
      depth = d;
    }
    limit = depth;
  }
  const kept: PathSize[] = [];
  for (const d of dirSizes)
    if (d.path !== '' && depthOf(d.path) <= limit)
      kept.push({ path: d.path, type: 'dir', bytes: d.bytes, files: d.files });
  for (const e of entries)
    if (e.type !== 'dir' && depthOf(e.path) <= limit)
      kept.push({ path: e.path, type: 'file', bytes: e.size, files: 1 });
  return { depth, paths: kept.sort((a, b) => compareBytes(a.path, b.path)) };
}
