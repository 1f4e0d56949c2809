// The file-system interface the walker and analyzer use. Paths handed in are absolute strings
// in our path dialect (src/paths.ts); implementations convert them at this edge.
import type { EntryType, SpecialKind } from '../types.js';
import type { OpenedFile, Unreadable } from './read-head.js';

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
  /** Device of the file system holding it; with `ino`, the identity of a directory. 0 when unknown. */
  dev?: number;
  nlink: number;
  /** Device id for character and block devices. */
  rdev: number;
}

/** Error codes the walker reacts to (errno names). ENAMETOOLONG: a path past PATH_MAX (4096 bytes on Linux). */
export type FsErrorCode = 'ENOENT' | 'ENOTDIR' | 'EACCES' | 'EPERM' | 'ELOOP' | 'EIO' | 'ENAMETOOLONG' | 'OTHER';

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

/** What lies below a directory: counts only, for directories of which nothing is sent. */
export interface TreeMeasure {
  /** Non-directory entries at any depth. */
  files: number;
  /** Content bytes of the regular files among them. */
  bytes: number;
  /** Entries seen, directories included. */
  entries: number;
  /** Paths (context-relative) below that could not be read or lstat'ed, with the error. */
  unreadable: { path: string; code: FsErrorCode }[];
}

/** Measures directory trees in the background while the caller goes on walking. */
export interface TreeMeasurer {
  /**
   * Queues a directory (absolute path, context-relative path for error reports, and the
   * identity it must still have when read); returns its job number.
   */
  submit(abs: string, rel: string, identity?: DirIdentity): number;
  /** Waits for every queued directory; result i belongs to job i. Releases the measurer. */
  finish(): TreeMeasure[];
}

/** Which directory a listing must come from: the walk's proof that it never leaves the context. */
export interface DirIdentity {
  /** lstat of the directory when the walk reached it (device and inode). */
  self: EntryStat;
  /** lstat of the directory the walk found it in, or null for the context root. */
  parent: EntryStat | null;
}

/**
 * A directory held open after it was read: its subdirectories are opened through it (as
 * openat(2) does, never through a symlink), so a tree read this way stays inside the directory
 * it started from whatever is renamed or swapped meanwhile, without the identity checks a read
 * by path needs. Every handle opened is closed by the caller.
 */
export interface DirHandle {
  /** The directory's entries, in no particular order (as FileSystem.readDir). */
  readonly entries: DirEntry[];
  /**
   * Opens and reads the subdirectory `name`. Throws FsError; ENOENT when it vanished or is no
   * longer a directory (a symlink, say), as readDir with an identity does.
   */
  openChild(name: string): DirHandle;
  /** The directory's device and inode (fstat), for a subdirectory read later by path. */
  identity(): EntryStat;
  close(): void;
}

export interface FileSystem {
  /**
   * Directory entries, in no particular order. Throws FsError. With `identity`, the entries of
   * that directory or none: a directory that is no longer `self`, is reached through a symlink,
   * or no longer sits in `parent` (swapped for a symlink mid-walk, itself or an ancestor) throws
   * FsError ENOENT, as one that vanished. File systems without concurrent writers may ignore it.
   */
  readDir(absPath: string, identity?: DirIdentity): DirEntry[];
  /**
   * Optional: readDir's names without their types, for a walk that lstat's every entry anyway
   * (Node makes no Dirent object per name). Same order, errors and identity checks as readDir.
   */
  readNames?(absPath: string, identity?: DirIdentity): string[];
  /** lstat(2); null when the path no longer exists. Throws FsError for other failures. */
  lstat(absPath: string): EntryStat | null;
  /** readlink(2) in the path dialect; null when it no longer exists. */
  readLink(absPath: string): string | null;
  /** Whole file, at most maxBytes (larger files throw FsError 'OTHER'); null when absent. Never follows a symlink when noFollow. */
  readFile(absPath: string, maxBytes: number): Uint8Array | null;
  /**
   * Exactly `size` bytes of a regular file in chunks (cut if it grew, as Go's tar writer does;
   * FsError if it shrank),
   * never following a symlink and never blocking on a FIFO. Throws FsError.
   */
  readChunks(absPath: string, size: number): Iterable<Uint8Array>;
  /**
   * Opens a regular file for bounded positional reads (O_NOFOLLOW, O_NONBLOCK, fstat re-check);
   * never throws. The caller closes it.
   */
  openRegularFile(absPath: string, maxBytes: number): OpenedFile | Unreadable;
  /** realpath(3) of a directory given by the user; throws FsError. */
  realPath(path: string): string;
  /**
   * Optional: readDir with `identity`, keeping the directory open for its subdirectories
   * (DirHandle); null when this file system cannot (no /proc), and readDir is used instead.
   */
  openDir?(absPath: string, identity: DirIdentity): DirHandle | null;
  /**
   * Optional: a measurer that counts trees in parallel (worker threads for the real file
   * system), or null when none can be had. Without one the walker measures trees itself.
   */
  createTreeMeasurer?(): TreeMeasurer | null;
}

export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : dir + '/' + name;
}
