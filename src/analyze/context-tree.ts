// The context as a tree for the treemap: every directory's sent and excluded bytes, with each
// file's status (copied into an image, sent but never copied, kept out by the ignore file).
// Aggregated so the tree stays small whatever the context holds: directories are expanded
// largest first up to a node budget, and entries below a share of the total are merged into one
// "smaller items" node per directory and status.
import { takenPaths } from '../facts/dockerfile-facts.js';
import type { CheckModel } from '../facts/check-model.js';
import type { ContextTreeNode, TreeStatus } from '../types.js';
import { formatCount } from '../units.js';

export interface ContextTreeOptions {
  /** At most this many nodes (the HTML page draws from them). */
  maxNodes?: number;
  /** Entries smaller than this share of all bytes are merged per directory (0–1). */
  minShare?: number;
}

/** Enough for a detailed map; a 1,000,000-file context still yields a page of a few MB. */
export const TREE_MAX_NODES = 20_000;
export const TREE_MIN_SHARE = 1e-5;

const STATUSES = ['copied', 'unused', 'sent', 'excluded'] as const satisfies readonly TreeStatus[];

interface Leaf {
  path: string;
  name: string;
  bytes: number;
  files: number;
  status: TreeStatus;
  ignoreLine?: number;
}

interface Dir {
  path: string;
  name: string;
  bytes: number;
  files: number;
  /** Bytes by status, in STATUSES order. */
  byStatus: [number, number, number, number];
  /** Files by status, for a directory with no bytes. */
  filesByStatus: [number, number, number, number];
  dirs: Dir[];
  leaves: Leaf[];
}

function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dominant(byStatus: readonly number[], filesByStatus: readonly number[]): TreeStatus {
  const pick = byStatus.some((b) => b > 0) ? byStatus : filesByStatus;
  let best = 0;
  for (let i = 1; i < pick.length; i++) if (pick[i]! > pick[best]!) best = i;
  return STATUSES[best]!;
}

/** A max-heap of directories by bytes (then path, so the order is deterministic). */
class DirHeap {
  private readonly items: Dir[] = [];
  get size(): number {
    return this.items.length;
  }
  private before(a: Dir, b: Dir): boolean {
    return a.bytes > b.bytes || (a.bytes === b.bytes && a.path < b.path);
  }
  push(d: Dir): void {
    const h = this.items;
    h.push(d);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): Dir | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.before(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** The tree of the analysed context; `model` as the checks saw it. */
export function buildContextTree(model: CheckModel, options: ContextTreeOptions = {}): ContextTreeNode {
  const maxNodes = options.maxNodes ?? TREE_MAX_NODES;
  const minShare = options.minShare ?? TREE_MIN_SHARE;
  const used = model.dockerfileModel === null ? null : takenPaths(model, true);
  const dirs = new Map<string, Dir>();
  const root: Dir = {
    path: '',
    name: '',
    bytes: 0,
    files: 0,
    byStatus: [0, 0, 0, 0],
    filesByStatus: [0, 0, 0, 0],
    dirs: [],
    leaves: [],
  };
  dirs.set('', root);
  const dirOf = (path: string): Dir => {
    let d = dirs.get(path);
    if (d !== undefined) return d;
    d = {
      path,
      name: baseName(path),
      bytes: 0,
      files: 0,
      byStatus: [0, 0, 0, 0],
      filesByStatus: [0, 0, 0, 0],
      dirs: [],
      leaves: [],
    };
    dirs.set(path, d);
    dirOf(parentPath(path)).dirs.push(d);
    return d;
  };
  const add = (leaf: Leaf): void => {
    const s = STATUSES.indexOf(leaf.status);
    let d: Dir | undefined = dirOf(parentPath(leaf.path));
    d.leaves.push(leaf);
    for (;;) {
      d.bytes += leaf.bytes;
      d.files += leaf.files;
      d.byStatus[s]! += leaf.bytes;
      d.filesByStatus[s]! += leaf.files;
      if (d === root) break;
      d = dirs.get(parentPath(d.path))!;
    }
  };
  for (const e of model.entries) {
    if (e.type === 'dir') {
      dirOf(e.path);
      continue;
    }
    const status: TreeStatus = used === null ? 'sent' : used.has(e.path) ? 'copied' : 'unused';
    add({ path: e.path, name: baseName(e.path), bytes: e.size, files: 1, status });
  }
  const patterns = model.ignore?.patterns ?? [];
  for (const x of model.excluded) {
    const line = patterns[x.rule]?.line;
    add({
      path: x.path,
      name: baseName(x.path),
      bytes: x.bytes,
      files: x.type === 'dir' ? x.files : 1,
      status: 'excluded',
      ...(line !== undefined ? { ignoreLine: line } : {}),
    });
  }

  // Expand the largest directories first while the budget lasts.
  const minBytes = root.bytes * minShare;
  const expanded = new Set<Dir>();
  const heap = new DirHeap();
  heap.push(root);
  let nodes = 1;
  while (heap.size > 0) {
    const d = heap.pop()!;
    const big =
      d.dirs.filter((c) => c.bytes >= minBytes || c.bytes === d.bytes).length +
      d.leaves.filter((c) => c.bytes >= minBytes && c.bytes > 0).length;
    // The smaller items become at most one node per status.
    const cost = big + STATUSES.length;
    if (d !== root && nodes + cost > maxNodes) continue;
    expanded.add(d);
    nodes += cost;
    for (const c of d.dirs) if (c.bytes >= minBytes || c.bytes === d.bytes) heap.push(c);
  }

  const toNode = (d: Dir): ContextTreeNode => {
    const node: ContextTreeNode = {
      name: d.name,
      path: d.path,
      bytes: d.bytes,
      files: d.files,
      status: dominant(d.byStatus, d.filesByStatus),
    };
    if (!expanded.has(d)) return node;
    const children: ContextTreeNode[] = [];
    const small = STATUSES.map(() => ({ bytes: 0, files: 0 }));
    for (const c of d.dirs) {
      if (expanded.has(c) || c.bytes >= minBytes || c.bytes === d.bytes) children.push(toNode(c));
      else {
        const s = STATUSES.indexOf(dominant(c.byStatus, c.filesByStatus));
        small[s]!.bytes += c.bytes;
        small[s]!.files += c.files;
      }
    }
    for (const l of d.leaves) {
      if (l.bytes >= minBytes && l.bytes > 0) {
        children.push({
          name: l.name,
          path: l.path,
          bytes: l.bytes,
          files: l.files,
          status: l.status,
          ...(l.ignoreLine !== undefined ? { ignoreLine: l.ignoreLine } : {}),
        });
      } else {
        const s = STATUSES.indexOf(l.status);
        small[s]!.bytes += l.bytes;
        small[s]!.files += l.files;
      }
    }
    small.forEach((t, i) => {
      if (t.files === 0) return;
      children.push({
        name: `(${formatCount(t.files)} smaller ${t.files === 1 ? 'item' : 'items'})`,
        path: d.path,
        bytes: t.bytes,
        files: t.files,
        status: STATUSES[i]!,
        other: true,
      });
    });
    children.sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (children.length > 0) node.children = children;
    return node;
  };
  return toNode(root);
}
