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
  const items: PathSize[] = dirSizes
    .filter((d) => d.path !== '')
    .map((d) => ({ path: d.path, type: 'dir', bytes: d.bytes, files: d.files }));
  for (const e of entries) if (e.type !== 'dir') items.push({ path: e.path, type: 'file', bytes: e.size, files: 1 });
  let depth: number | null = null;
  let kept = items;
  if (!all) {
    const perDepth = new Array<number>(PATH_SIZES_DEPTH + 1).fill(0);
    for (const i of items) {
      const d = depthOf(i.path);
      if (d <= PATH_SIZES_DEPTH) perDepth[d]!++;
    }
    depth = 0;
    let total = 0;
    for (let d = 1; d <= PATH_SIZES_DEPTH; d++) {
      total += perDepth[d]!;
      if (total > MAX_PATH_SIZES) break;
      depth = d;
    }
    const limit = depth;
    kept = items.filter((i) => depthOf(i.path) <= limit);
  }
  return { depth, paths: kept.sort((a, b) => compareBytes(a.path, b.path)) };
}
