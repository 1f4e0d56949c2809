// The real file system. Synchronous calls on purpose: a sync readdir + lstat walk is the fastest
// single-threaded way through large trees in Node (measured in test/bench).
import * as fs from 'node:fs';
import { decodeName, toFsPath } from '../paths.js';
import type { EntryType, SpecialKind } from '../types.js';
import {
  FsError,
  type DirEntry,
  type DirHandle,
  type DirIdentity,
  type EntryStat,
  type FileSystem,
  type FsErrorCode,
} from './file-system.js';
import { openRegularFile } from './read-head.js';
import { createWorkerTreeMeasurer } from './tree-measurer.js';

/** Read size for streaming file content (pack). */
const CHUNK_BYTES = 1024 * 1024;

const KNOWN_CODES = new Set<string>(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'ELOOP', 'EIO', 'ENAMETOOLONG']);

// String.prototype.isWellFormed (ES2024; Node 20): a string without lone surrogates holds no
// escaped bytes, so it goes to the kernel as it is — a native check instead of a scan per call.
const isWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

const LSTAT_OPTIONS = { throwIfNoEntry: false } as const;

function fsPath(path: string): string | Buffer {
  return isWellFormed !== undefined && isWellFormed.call(path) ? path : toFsPath(path);
}

function toFsError(error: unknown, path: string): FsError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'OTHER';
  const known: FsErrorCode = KNOWN_CODES.has(code) ? (code as FsErrorCode) : 'OTHER';
  const reason = (error as Error | undefined)?.message ?? String(error);
  return new FsError(known, path, reason);
}

type TypeOf = readonly [EntryType, SpecialKind | undefined];
// Shared results: one lookup per entry of a large tree, so no array is made per call.
const FILE: TypeOf = ['file', undefined];
const DIR: TypeOf = ['dir', undefined];
const SYMLINK: TypeOf = ['symlink', undefined];
const FIFO: TypeOf = ['other', 'fifo'];
const SOCKET: TypeOf = ['other', 'socket'];
const CHAR_DEVICE: TypeOf = ['other', 'char-device'];
const BLOCK_DEVICE: TypeOf = ['other', 'block-device'];
const OTHER: TypeOf = ['other', undefined];

function typeOfDirent(d: fs.Dirent | fs.Dirent<Buffer>): TypeOf {
  if (d.isFile()) return FILE;
  if (d.isDirectory()) return DIR;
  if (d.isSymbolicLink()) return SYMLINK;
  if (d.isFIFO()) return FIFO;
  if (d.isSocket()) return SOCKET;
  if (d.isCharacterDevice()) return CHAR_DEVICE;
  if (d.isBlockDevice()) return BLOCK_DEVICE;
  return OTHER;
}

const { S_IFMT, S_IFREG, S_IFDIR, S_IFLNK, S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK } = fs.constants;

/** The file type from st_mode, as the Stats.is* methods derive it. */
function typeOfMode(mode: number): TypeOf {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return FILE;
    case S_IFDIR:
      return DIR;
    case S_IFLNK:
      return SYMLINK;
    case S_IFIFO:
      return FIFO;
    case S_IFSOCK:
      return SOCKET;
    case S_IFCHR:
      return CHAR_DEVICE;
    case S_IFBLK:
      return BLOCK_DEVICE;
    default:
      return OTHER;
  }
}

function toDirEntry(name: string, d: fs.Dirent | fs.Dirent<Buffer>): DirEntry {
  const t = typeOfDirent(d);
  return t[1] === undefined ? { name, type: t[0] } : { name, type: t[0], special: t[1] };
}

function lstatAt(target: string | Buffer, display: string): EntryStat | null {
  let s: fs.Stats | undefined;
  try {
    s = fs.lstatSync(target, LSTAT_OPTIONS);
  } catch (error) {
    const e = toFsError(error, display);
    if (e.code === 'ENOTDIR') return null;
    throw e;
  }
  return s === undefined ? null : entryStatOf(s);
}

/**
 * A Stats number as a small integer where it is one. Node's Stats fields come from a Float64Array,
 * so V8 boxes each as a heap number and stores the entry's field as a double: 16 bytes more per
 * entry and field kept (6.4 MB of 200,000 entries' sizes and modes). Above 2^30 it stays a double.
 */
function small(n: number): number {
  return n <= 0x3fffffff ? n | 0 : n;
}

/** Node's Stats as the entry the walk keeps: a size for regular files only. */
function entryStatOf(s: fs.Stats): EntryStat {
  const t = typeOfMode(s.mode);
  const type = t[0];
  const special = t[1];
  const stat: EntryStat = {
    type,
    size: type === 'file' ? small(s.size) : 0,
    mode: s.mode | 0,
    mtimeMs: s.mtimeMs,
    ino: s.ino,
    dev: s.dev,
    nlink: s.nlink,
    rdev: s.rdev,
  };
  if (special !== undefined) stat.special = special;
  return stat;
}

/** A directory read: its entries with types, or its names only; `bytes`: the directory's st_size when known. */
type Reader<T> = (target: string | Buffer, display: string, bytes?: number) => T[];

/**
 * A directory at least this large (st_size: about 2,000 entries on ext4) is read a batch at a
 * time: readdirSync with types makes a Dirent for every name at once, which a directory of
 * 200,000 names promotes to the old generation before it dies (about 20 MiB more peak RSS).
 * libuv sorts a whole readdir and opendir does not, so a walk then sorts the listing itself
 * (docs/performance.md, Memory). Smaller ones are read whole, which costs less for them.
 */
const LARGE_DIR_BYTES = 64 * 1024;
/** Entries per batch of a large directory read (fs.opendirSync bufferSize). */
const LARGE_DIR_BATCH = 1024;

/** Entries of the directory at `target` (a path, or /proc/self/fd/N for an open one); errors name `display`. */
function readDirAt(target: string | Buffer, display: string, bytes = 0): DirEntry[] {
  if (bytes >= LARGE_DIR_BYTES) return readDirInBatches(target, display);
  let dirents: fs.Dirent[];
  try {
    dirents = fs.readdirSync(target, { withFileTypes: true });
  } catch (error) {
    throw toFsError(error, display);
  }
  // Node decodes names as UTF-8 and replaces invalid bytes with U+FFFD; only then do we pay
  // for a second read that returns the raw bytes.
  if (!dirents.some((d) => d.name.includes('\uFFFD'))) {
    return dirents.map((d) => toDirEntry(d.name, d));
  }
  return readRawDir(target, display);
}

/** The directory read again with its names as raw bytes (escaped): some name is not UTF-8. */
function readRawDir(target: string | Buffer, display: string): DirEntry[] {
  let raw: fs.Dirent<Buffer>[];
  try {
    raw = fs.readdirSync(target, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    throw toFsError(error, display);
  }
  return raw.map((d) => toDirEntry(decodeName(d.name), d));
}

/** readDirAt a batch of Dirents at a time (LARGE_DIR_BYTES): each batch dies young. */
function readDirInBatches(target: string | Buffer, display: string): DirEntry[] {
  const out: DirEntry[] = [];
  let raw = false;
  try {
    const dir = fs.opendirSync(target, { bufferSize: LARGE_DIR_BATCH });
    try {
      for (let d = dir.readSync(); d !== null; d = dir.readSync()) {
        if (d.name.includes('\uFFFD')) raw = true;
        out.push(toDirEntry(d.name, d));
      }
    } finally {
      dir.closeSync();
    }
  } catch (error) {
    throw toFsError(error, display);
  }
  return raw ? readRawDir(target, display) : out;
}

/** Names only, as readDirAt: no Dirent object per entry (FileSystem.readNames). */
function readNamesAt(target: string | Buffer, display: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(target);
  } catch (error) {
    throw toFsError(error, display);
  }
  if (!names.some((n) => n.includes('\uFFFD'))) return names;
  let raw: Buffer[];
  try {
    raw = fs.readdirSync(target, { encoding: 'buffer' });
  } catch (error) {
    throw toFsError(error, display);
  }
  return raw.map((b) => decodeName(b));
}

function isSameDirectory(expected: EntryStat, now: fs.Stats | EntryStat | null | undefined): boolean {
  return (
    now !== null &&
    now !== undefined &&
    (now.mode & S_IFMT) === S_IFDIR &&
    now.ino === expected.ino &&
    (now.dev ?? 0) === (expected.dev ?? 0)
  );
}

function swappedAway(absPath: string): FsError {
  return new FsError('ENOENT', absPath, 'no longer the directory the walk reached (swapped mid-walk)');
}

/** The parent directory of an absolute path in the path dialect. */
function parentOf(absPath: string): string {
  const slash = absPath.lastIndexOf('/');
  return slash <= 0 ? '/' : absPath.slice(0, slash);
}

/** Linux names an open descriptor's directory /proc/self/fd/N: openat(2) and fdopendir(3) for Node. */
const PROC_FD = '/proc/self/fd';
let hasProcFd: boolean | undefined;

/** The open flags of every directory the walk reads: a final symlink is refused (ELOOP), not followed. */
const DIR_FLAGS = fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW;

/** Opens a directory without following a final symlink; a symlink or file in its place reads as swapped away. */
function openDirectory(target: string | Buffer, display: string): number {
  try {
    return fs.openSync(target, DIR_FLAGS);
  } catch (error) {
    const e = toFsError(error, display);
    // ELOOP: a symlink now stands where the directory was; ENOTDIR: something else does.
    if (e.code === 'ELOOP' || e.code === 'ENOTDIR') throw swappedAway(display);
    throw e;
  }
}

/**
 * Opens the directory the walk reached and checks it, or throws ENOENT. The directory is opened
 * without following a final symlink (O_NOFOLLOW) and read through its descriptor, so a name
 * swapped for a symlink and back around the read cannot point the listing elsewhere; the
 * descriptor's inode must be the one lstat'ed, and its ".." the parent the walk came from, which
 * catches an ancestor swapped for a symlink (outside/b's ".." is outside, not the context's a/).
 * By induction from the root, every listed directory lies inside the context. The caller closes
 * the descriptor.
 */
function openIdentifiedDir(absPath: string, identity: DirIdentity): { fd: number; bytes: number } {
  const fd = openDirectory(fsPath(absPath), absPath);
  try {
    const at = `${PROC_FD}/${fd}`;
    const self = fs.fstatSync(fd);
    if (!isSameDirectory(identity.self, self)) throw swappedAway(absPath);
    if (identity.parent !== null) {
      let up: fs.Stats | undefined;
      try {
        up = fs.statSync(`${at}/..`);
      } catch (error) {
        // Readable but not searchable (mode r--): ".." cannot be resolved below it; check the
        // parent by name instead.
        if ((error as NodeJS.ErrnoException).code !== 'EACCES') throw toFsError(error, absPath);
        const parent = parentOf(absPath);
        if (!isSameDirectory(identity.parent, lstatAt(fsPath(parent), parent))) throw swappedAway(absPath);
      }
      if (up !== undefined && !isSameDirectory(identity.parent, up)) throw swappedAway(absPath);
    }
    return { fd, bytes: self.size };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

/** Reads an open directory through /proc/self/fd; closes the descriptor when the read fails. */
function readOpenedDir<T>(fd: number, absPath: string, read: Reader<T>, bytes = 0): T[] {
  try {
    return read(`${PROC_FD}/${fd}`, absPath, bytes);
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

/**
 * Lists the directory the walk reached, or throws ENOENT (openIdentifiedDir). Without /proc
 * (not Linux) it is read by name and both identities are checked afterwards, which catches a
 * swap that is still in place, not one undone before the check.
 */
function readIdentifiedDir<T>(absPath: string, identity: DirIdentity, read: Reader<T>): T[] {
  hasProcFd ??= fs.existsSync(PROC_FD);
  if (!hasProcFd) {
    const entries = read(fsPath(absPath), absPath);
    if (!isSameDirectory(identity.self, lstatAt(fsPath(absPath), absPath))) throw swappedAway(absPath);
    const up = parentOf(absPath);
    if (identity.parent !== null && !isSameDirectory(identity.parent, lstatAt(fsPath(up), up)))
      throw swappedAway(absPath);
    return entries;
  }
  const { fd, bytes } = openIdentifiedDir(absPath, identity);
  const entries = readOpenedDir(fd, absPath, read, bytes);
  fs.closeSync(fd);
  return entries;
}

/**
 * An open directory whose subdirectories are opened as /proc/self/fd/N/name: the kernel resolves
 * N to this very directory and `name` inside it without following a final symlink (openat(2)),
 * so no lstat, fstat or ".." check is needed to know they lie inside it. Half the cost of a read
 * by path with those checks (docs/performance.md).
 */
class NodeDirHandle implements DirHandle {
  readonly entries: DirEntry[];
  private readonly fd: number;
  private readonly absPath: string;

  /** `bytes`: the directory's st_size when known (readDirAt). */
  constructor(fd: number, absPath: string, bytes = 0) {
    this.entries = readOpenedDir(fd, absPath, readDirAt, bytes);
    this.fd = fd;
    this.absPath = absPath;
  }

  openChild(name: string): DirHandle {
    const display = this.absPath.endsWith('/') ? this.absPath + name : `${this.absPath}/${name}`;
    return new NodeDirHandle(openDirectory(fsPath(`${PROC_FD}/${this.fd}/${name}`), display), display);
  }

  identity(): EntryStat {
    // Opened O_DIRECTORY, so a directory: type 'dir', size 0.
    return entryStatOf(fs.fstatSync(this.fd));
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

export const nodeFileSystem: FileSystem = {
  readDir(absPath, identity) {
    return identity === undefined
      ? readDirAt(fsPath(absPath), absPath)
      : readIdentifiedDir(absPath, identity, readDirAt);
  },

  readNames(absPath, identity) {
    return identity === undefined
      ? readNamesAt(fsPath(absPath), absPath)
      : readIdentifiedDir(absPath, identity, readNamesAt);
  },

  openDir(absPath, identity) {
    hasProcFd ??= fs.existsSync(PROC_FD);
    if (!hasProcFd) return null;
    const { fd, bytes } = openIdentifiedDir(absPath, identity);
    return new NodeDirHandle(fd, absPath, bytes);
  },

  lstat(absPath) {
    return lstatAt(fsPath(absPath), absPath);
  },

  readLink(absPath) {
    try {
      const target = fs.readlinkSync(toFsPath(absPath), { encoding: 'buffer' });
      return decodeName(target);
    } catch (error) {
      const e = toFsError(error, absPath);
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return null;
      throw e;
    }
  },

  readFile(absPath, maxBytes) {
    let fd: number;
    try {
      // O_NOFOLLOW: the caller resolves links itself, inside the context only.
      fd = fs.openSync(toFsPath(absPath), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
    } catch (error) {
      const e = toFsError(error, absPath);
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return null;
      throw e;
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) throw new FsError('OTHER', absPath, 'not a regular file');
      if (st.size > maxBytes) throw new FsError('OTHER', absPath, `larger than ${maxBytes} bytes`);
      const buf = Buffer.alloc(st.size);
      let off = 0;
      while (off < buf.length) {
        const n = fs.readSync(fd, buf, off, buf.length - off, off);
        if (n === 0) break;
        off += n;
      }
      return buf.subarray(0, off);
    } catch (error) {
      throw error instanceof FsError ? error : toFsError(error, absPath);
    } finally {
      fs.closeSync(fd);
    }
  },

  *readChunks(absPath, size) {
    let fd: number;
    try {
      fd = fs.openSync(toFsPath(absPath), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
    } catch (error) {
      throw toFsError(error, absPath);
    }
    try {
      if (!fs.fstatSync(fd).isFile()) throw new FsError('OTHER', absPath, 'not a regular file');
      const buf = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(size, 1)));
      let off = 0;
      while (off < size) {
        const want = Math.min(buf.length, size - off);
        const n = fs.readSync(fd, buf, 0, want, off);
        // A file cut short while read: Go's tar writer fails the next header with "archive/tar:
        // missed writing N bytes" and the build fails; zero-padding it would send wrong bytes.
        if (n === 0)
          throw new FsError(
            'OTHER',
            absPath,
            `it shrank while it was read: ${size - off} of ${size} bytes missing (docker build fails: "archive/tar: missed writing ${size - off} bytes")`,
          );
        off += n;
        yield Buffer.from(buf.subarray(0, n));
      }
    } catch (error) {
      throw error instanceof FsError ? error : toFsError(error, absPath);
    } finally {
      fs.closeSync(fd);
    }
  },

  openRegularFile(absPath, maxBytes) {
    return openRegularFile(toFsPath(absPath), maxBytes);
  },

  realPath(path) {
    try {
      return fs.realpathSync(path);
    } catch (error) {
      throw toFsError(error, path);
    }
  },

  createTreeMeasurer() {
    return createWorkerTreeMeasurer(nodeFileSystem);
  },
};
