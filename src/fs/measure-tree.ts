// Counting what lies below a directory of which nothing is sent: the walker needs only how many
// non-directory entries there are and the bytes of the regular files among them ("what the
// ignore file saved"). So this walk reads directories, lstats regular files only (directory
// entries already say what everything else is) and keeps nothing per entry.
import { byteLength } from '../paths.js';
import {
  FsError,
  joinPath,
  type DirHandle,
  type DirIdentity,
  type EntryStat,
  type FileSystem,
  type TreeMeasure,
} from './file-system.js';

/**
 * Directories held open at once by a depth-first count (one per level): deeper levels are read
 * by path with identity checks, so a deep chain cannot exhaust the process's descriptors.
 */
export const MAX_OPEN_DIRS = 64;
/**
 * Paths this long (bytes) are read by path too: a subdirectory opened through its parent's
 * descriptor never meets PATH_MAX (4096 bytes on Linux), a read by path fails there with
 * ENAMETOOLONG as Docker's walk does, and the counts must not depend on the route.
 */
const HANDLE_PATH_BYTES = 4000;

/** A directory still to be read: absolute path, context-relative path, and who it must be. */
export interface PendingDir {
  abs: string;
  rel: string;
  /**
   * The directory as the walk lstat'ed it and the directory it was found in: it is read only
   * if it still is that directory (FileSystem.readDir), so that a directory swapped for a
   * symlink mid-walk is not counted through the link. Absent: read by name.
   */
  identity?: DirIdentity;
}

export interface PartialMeasure extends TreeMeasure {
  /** Directories not read because the entry budget ran out (empty when the walk finished). */
  pending: PendingDir[];
}

/**
 * Measures the trees below `dirs`, breadth-first, until about `budget` entries have been seen or
 * `splitAt` directories are waiting; what is left is returned in `pending`. The same counting
 * as the full walk below an excluded directory: an entry that vanished is not counted, an
 * unreadable directory is recorded (not fatal: Docker never reads an excluded directory) and
 * counts as empty.
 */
export function measureTrees(
  fs: FileSystem,
  dirs: readonly PendingDir[],
  budget = Infinity,
  splitAt = Infinity,
): PartialMeasure {
  const result: PartialMeasure = { files: 0, bytes: 0, entries: 0, unreadable: [], pending: [] };
  if (budget !== Infinity || splitAt !== Infinity || fs.openDir === undefined) {
    measureBreadthFirst(fs, dirs, budget, splitAt, result);
    return result;
  }
  // A whole tree: depth first through directory handles where the file system has them.
  const byPath: PendingDir[] = [];
  for (const dir of dirs) {
    if (dir.identity === undefined) {
      byPath.push(dir);
      continue;
    }
    let handle: DirHandle | null;
    try {
      handle = fs.openDir(dir.abs, dir.identity);
    } catch (error) {
      recordReadError(error, dir.rel, result);
      continue;
    }
    if (handle === null) byPath.push(dir);
    else measureThroughHandles(fs, handle, dir, result);
  }
  if (byPath.length > 0) measureBreadthFirst(fs, byPath, Infinity, Infinity, result);
  return result;
}

/** A directory that could not be read: one that vanished or turned into a file counts as empty (fsutil maps ENOENT/ENOTDIR to SkipDir). */
function recordReadError(error: unknown, rel: string, result: TreeMeasure): void {
  if (!(error instanceof FsError)) throw error;
  if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR') result.unreadable.push({ path: rel, code: error.code });
}

/** Counts a regular file (lstat for its size) or another non-directory entry below `dir`. */
function countFile(
  fs: FileSystem,
  dirAbs: string,
  dirRel: string,
  name: string,
  isFile: boolean,
  result: TreeMeasure,
): void {
  if (!isFile) {
    result.entries++;
    result.files++;
    return;
  }
  let size: number;
  try {
    const st = fs.lstat(joinPath(dirAbs, name));
    if (st === null) return; // vanished mid-walk
    size = st.type === 'file' ? st.size : 0;
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    result.unreadable.push({ path: dirRel + '/' + name, code: error.code });
    return;
  }
  result.entries++;
  result.files++;
  result.bytes += size;
}

interface HandleFrame {
  handle: DirHandle;
  abs: string;
  rel: string;
  next: number;
}

/**
 * Depth-first below an open directory, each subdirectory opened through its parent's handle: no
 * lstat of directories and no identity checks (DirHandle). Past MAX_OPEN_DIRS levels or near
 * PATH_MAX a subtree is counted by path instead, with the same results.
 */
function measureThroughHandles(fs: FileSystem, root: DirHandle, dir: PendingDir, result: PartialMeasure): void {
  const stack: HandleFrame[] = [{ handle: root, abs: dir.abs, rel: dir.rel, next: 0 }];
  try {
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const entries = frame.handle.entries;
      if (frame.next >= entries.length) {
        stack.pop();
        frame.handle.close();
        continue;
      }
      const child = entries[frame.next++]!;
      if (child.type !== 'dir') {
        countFile(fs, frame.abs, frame.rel, child.name, child.type === 'file', result);
        continue;
      }
      result.entries++;
      const abs = joinPath(frame.abs, child.name);
      const rel = frame.rel + '/' + child.name;
      if (stack.length >= MAX_OPEN_DIRS || byteLength(abs) >= HANDLE_PATH_BYTES) {
        measureBelowByPath(fs, frame.handle, abs, rel, result);
        continue;
      }
      let handle: DirHandle;
      try {
        handle = frame.handle.openChild(child.name);
      } catch (error) {
        recordReadError(error, rel, result);
        continue;
      }
      stack.push({ handle, abs, rel, next: 0 });
    }
  } finally {
    for (const frame of stack) frame.handle.close();
  }
}

/**
 * A counted subdirectory's lstat, the identity its own read must find; null when it vanished or
 * was replaced mid-walk, or could not be lstat'ed (then recorded as unreadable).
 */
function subdirectoryIdentity(fs: FileSystem, abs: string, rel: string, result: PartialMeasure): EntryStat | null {
  let self: EntryStat | null;
  try {
    self = fs.lstat(abs);
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    result.unreadable.push({ path: rel, code: error.code });
    return null;
  }
  return self !== null && self.type === 'dir' ? self : null;
}

/** A subdirectory (already counted) measured by path, with its identity and its parent's for the read. */
function measureBelowByPath(fs: FileSystem, parent: DirHandle, abs: string, rel: string, result: PartialMeasure): void {
  const self = subdirectoryIdentity(fs, abs, rel, result);
  if (self === null) return;
  measureBreadthFirst(fs, [{ abs, rel, identity: { self, parent: parent.identity() } }], Infinity, Infinity, result);
}

/** measureTrees by path, breadth-first (the budget and the split need a level at a time). */
function measureBreadthFirst(
  fs: FileSystem,
  dirs: readonly PendingDir[],
  budget: number,
  splitAt: number,
  result: PartialMeasure,
): void {
  const queue: PendingDir[] = [...dirs];
  let head = 0;
  while (head < queue.length) {
    if (result.entries >= budget || queue.length - head >= splitAt) {
      result.pending = queue.slice(head);
      return;
    }
    const dir = queue[head++]!;
    let children;
    try {
      children = dir.identity === undefined ? fs.readDir(dir.abs) : fs.readDir(dir.abs, dir.identity);
    } catch (error) {
      recordReadError(error, dir.rel, result);
      continue;
    }
    for (const child of children) {
      if (child.type === 'dir') {
        result.entries++;
        const abs = joinPath(dir.abs, child.name);
        const rel = dir.rel + '/' + child.name;
        if (dir.identity === undefined) {
          queue.push({ abs, rel });
          continue;
        }
        // Its identity, for its own read: one lstat per directory (regular files get one anyway).
        const self = subdirectoryIdentity(fs, abs, rel, result);
        if (self !== null) queue.push({ abs, rel, identity: { self, parent: dir.identity.self } });
        continue;
      }
      countFile(fs, dir.abs, dir.rel, child.name, child.type === 'file', result);
    }
    // Free what was read; the queue can hold a whole level of a wide tree.
    if (head > 4096 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
  }
}
