// "Largest" as a tree: the largest directories and files of the report, each listed once under
// its nearest listed ancestor with its share of that ancestor, so shares never add past 100% and
// a chain of directories is not repeated down the list.
import { compareBytes } from '../paths.js';
import type { DirSize, FileSize } from '../types.js';

export interface LargestRow {
  /** Context-relative path. */
  path: string;
  /** The path below the row's parent ("lib/python3.12/"), directories ending in "/". */
  label: string;
  isDir: boolean;
  bytes: number;
  /** Files at or below the path (1 for a file). */
  files: number;
  /** Share of the parent row's bytes, or of everything sent for a top row (0–1). */
  share: number;
  depth: number;
  /** True when the row is the last child of its parent (for drawing the tree). */
  isLast: boolean;
  /** For each ancestor level, whether that ancestor was a last child (draws "│" or " "). */
  ancestorsLast: boolean[];
}

export interface LargestTreeOptions {
  /** Rows below this share of all bytes sent are left out (0–1). */
  minShare: number;
  /** At most this many rows. */
  maxRows: number;
}

interface Item {
  path: string;
  isDir: boolean;
  bytes: number;
  files: number;
}

function isBelow(path: string, dir: string): boolean {
  return path.startsWith(dir + '/');
}

/** The rows in tree order (parents first, children by bytes, then path). */
export function largestTree(
  dirs: readonly DirSize[],
  files: readonly FileSize[],
  totalBytes: number,
  options: LargestTreeOptions,
): LargestRow[] {
  const min = totalBytes * options.minShare;
  let items: Item[] = [
    ...dirs
      .filter((d) => d.bytes > 0 && d.bytes >= min)
      .map((d) => ({ path: d.path, isDir: true, bytes: d.bytes, files: d.files })),
    ...files
      .filter((f) => f.bytes > 0 && f.bytes >= min)
      .map((f) => ({ path: f.path, isDir: false, bytes: f.bytes, files: 1 })),
  ];
  // A directory that holds one listed file and nothing else says less than the file: show the file.
  const soleFileDirs = new Set(
    items
      .filter(
        (d) =>
          d.isDir && d.files === 1 && items.some((f) => !f.isDir && f.bytes === d.bytes && isBelow(f.path, d.path)),
      )
      .map((d) => d.path),
  );
  items = items.filter((i) => !soleFileDirs.has(i.path));
  // Largest first; a parent before its child when the bytes tie (ancestors always have ≥ bytes).
  items.sort((a, b) => b.bytes - a.bytes || a.path.length - b.path.length || compareBytes(a.path, b.path));
  items = items.slice(0, options.maxRows);

  const dirItems = items.filter((i) => i.isDir);
  const parentOf = new Map<Item, Item | null>();
  for (const item of items) {
    let parent: Item | null = null;
    for (const d of dirItems)
      if (d !== item && isBelow(item.path, d.path) && (parent === null || d.path.length > parent.path.length))
        parent = d;
    parentOf.set(item, parent);
  }
  const children = new Map<Item | null, Item[]>();
  for (const item of items) {
    const p = parentOf.get(item) ?? null;
    const list = children.get(p) ?? [];
    list.push(item);
    children.set(p, list);
  }
  const rows: LargestRow[] = [];
  const visit = (parent: Item | null, depth: number, ancestorsLast: boolean[]): void => {
    const list = (children.get(parent) ?? []).sort((a, b) => b.bytes - a.bytes || compareBytes(a.path, b.path));
    list.forEach((item, i) => {
      const isLast = i === list.length - 1;
      const rel = parent === null ? item.path : item.path.slice(parent.path.length + 1);
      const whole = parent === null ? totalBytes : parent.bytes;
      rows.push({
        path: item.path,
        label: rel + (item.isDir ? '/' : ''),
        isDir: item.isDir,
        bytes: item.bytes,
        files: item.files,
        share: whole === 0 ? 0 : item.bytes / whole,
        depth,
        isLast,
        ancestorsLast,
      });
      visit(item, depth + 1, [...ancestorsLast, isLast]);
    });
  };
  visit(null, 0, []);
  return rows;
}

/** "├ ", "│ └ ": the tree drawing in front of a row's label. */
export function treePrefix(row: LargestRow): string {
  if (row.depth === 0) return '';
  let out = '';
  for (const last of row.ancestorsLast.slice(1)) out += last ? '  ' : '│ ';
  return out + (row.isLast ? '└ ' : '├ ');
}
