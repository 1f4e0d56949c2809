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
  // Depths first, directories then files (capped: only the levels up to PATH_SIZES_DEPTH count);
  // an item is made only for a path that is kept.
  const depths = new Uint8Array(dirSizes.length + entries.length);
  const cap = (path: string): number => Math.min(depthOf(path), PATH_SIZES_DEPTH + 1);
  dirSizes.forEach((d, i) => {
    if (d.path !== '') depths[i] = cap(d.path);
  });
  entries.forEach((e, i) => {
    if (e.type !== 'dir') depths[dirSizes.length + i] = cap(e.path);
  });
  let depth: number | null = null;
  let limit = Number.POSITIVE_INFINITY;
  if (!all) {
    const perDepth = new Array<number>(PATH_SIZES_DEPTH + 2).fill(0);
    for (const d of depths) perDepth[d]!++;
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
  dirSizes.forEach((d, i) => {
    const at = depths[i]!;
    if (at !== 0 && at <= limit) kept.push({ path: d.path, type: 'dir', bytes: d.bytes, files: d.files });
  });
  entries.forEach((e, i) => {
    const at = depths[dirSizes.length + i]!;
    if (at !== 0 && at <= limit) kept.push({ path: e.path, type: 'file', bytes: e.size, files: 1 });
  });
  return { depth, paths: kept.sort((a, b) => compareBytes(a.path, b.path)) };
}
