// Counting what lies below a directory of which nothing is sent: the walker needs only how many
// non-directory entries there are and the bytes of the regular files among them ("what the
// ignore file saved"). So this walk reads directories, lstats regular files only (directory
// entries already say what everything else is) and keeps nothing per entry.
import { FsError, joinPath, type DirIdentity, type FileSystem, type TreeMeasure } from './file-system.js';

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
  const queue: PendingDir[] = [...dirs];
  let head = 0;
  while (head < queue.length) {
    if (result.entries >= budget || queue.length - head >= splitAt) {
      result.pending = queue.slice(head);
      return result;
    }
    const dir = queue[head++]!;
    let children;
    try {
      children = dir.identity === undefined ? fs.readDir(dir.abs) : fs.readDir(dir.abs, dir.identity);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      // A directory that vanished or turned into a file: fsutil maps ENOENT/ENOTDIR to SkipDir.
      if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR')
        result.unreadable.push({ path: dir.rel, code: error.code });
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
        let self;
        try {
          self = fs.lstat(abs);
        } catch (error) {
          if (!(error instanceof FsError)) throw error;
          result.unreadable.push({ path: rel, code: error.code });
          continue;
        }
        if (self === null || self.type !== 'dir') continue; // vanished or replaced mid-walk
        queue.push({ abs, rel, identity: { self, parent: dir.identity.self } });
        continue;
      }
      if (child.type !== 'file') {
        result.entries++;
        result.files++;
        continue;
      }
      let size: number;
      try {
        const st = fs.lstat(joinPath(dir.abs, child.name));
        if (st === null) continue; // vanished mid-walk
        size = st.type === 'file' ? st.size : 0;
      } catch (error) {
        if (!(error instanceof FsError)) throw error;
        result.unreadable.push({ path: dir.rel + '/' + child.name, code: error.code });
        continue;
      }
      result.entries++;
      result.files++;
      result.bytes += size;
    }
    // Free what was read; the queue can hold a whole level of a wide tree.
    if (head > 4096 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
  }
  return result;
}
