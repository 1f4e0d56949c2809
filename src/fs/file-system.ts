// The file-system interface the walker and analyzer use. Paths handed in are absolute strings
// in our path dialect (src/context/paths.ts); implementations convert them at this edge.
import type { EntryType, SpecialKind } from '../types.js';

export interface DirEntry {
  /** File name in the path dialect (non-UTF-8 bytes escaped). */
  name: string;
  type: EntryType;
  special?: SpecialKind;
}

export interface EntryStat {
  type: EntryType;
  special?: SpecialKind;
  size: number;
  mode: number;
  mtimeMs: number;
  ino: number;
  nlink: number;
  /** Device id for character and block devices. */
  rdev: number;
}

/** Error codes the walker reacts to (errno names). */
export type FsErrorCode = 'ENOENT' | 'ENOTDIR' | 'EACCES' | 'EPERM' | 'ELOOP' | 'EIO' | 'OTHER';

export class FsError extends Error {
  readonly code: FsErrorCode;
  readonly path: string;

  constructor(code: FsErrorCode, path: string, message: string) {
    super(message);
    this.name = 'FsError';
    this.code = code;
    this.path = path;
  }
}

export interface FileSystem {
  /** Directory entries, in no particular order. Throws FsError. */
  readDir(absPath: string): DirEntry[];
  /** lstat(2); null when the path no longer exists. Throws FsError for other failures. */
  lstat(absPath: string): EntryStat | null;
  /** readlink(2) in the path dialect; null when it no longer exists. */
  readLink(absPath: string): string | null;
  /** Whole file, at most maxBytes (larger files throw FsError 'OTHER'); null when absent. Never follows a symlink when noFollow. */
  readFile(absPath: string, maxBytes: number): Uint8Array | null;
  /**
   * Exactly `size` bytes of a regular file in chunks (zero-padded if it shrank, cut if it grew),
   * never following a symlink and never blocking on a FIFO. Throws FsError.
   */
  readChunks(absPath: string, size: number): Iterable<Uint8Array>;
  /** realpath(3) of a directory given by the user; throws FsError. */
  realPath(path: string): string;
}

export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : dir + '/' + name;
}
