// The real file system. Synchronous calls on purpose: a sync readdir + lstat walk is the fastest
// single-threaded way through large trees in Node (measured in test/bench).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { basename, dirname } from 'node:path';
import { decodeName, toFsPath } from '../context/paths.js';
import type { EntryType, SpecialKind } from '../types.js';
import { FsError, type DirEntry, type EntryStat, type FileSystem, type FsErrorCode } from './file-system.js';
import { openRegularFile } from './read-head.js';

/** Read size for streaming file content (pack). */
const CHUNK_BYTES = 1024 * 1024;

const KNOWN_CODES = new Set<string>(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'ELOOP', 'EIO']);

function toFsError(error: unknown, path: string): FsError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'OTHER';
  const known: FsErrorCode = KNOWN_CODES.has(code) ? (code as FsErrorCode) : 'OTHER';
  const reason = (error as Error | undefined)?.message ?? String(error);
  return new FsError(known, path, reason);
}

function typeOfDirent(d: fs.Dirent | fs.Dirent<Buffer>): [EntryType, SpecialKind | undefined] {
  if (d.isDirectory()) return ['dir', undefined];
  if (d.isFile()) return ['file', undefined];
  if (d.isSymbolicLink()) return ['symlink', undefined];
  if (d.isFIFO()) return ['other', 'fifo'];
  if (d.isSocket()) return ['other', 'socket'];
  if (d.isCharacterDevice()) return ['other', 'char-device'];
  if (d.isBlockDevice()) return ['other', 'block-device'];
  return ['other', undefined];
}

function typeOfStats(s: fs.Stats): [EntryType, SpecialKind | undefined] {
  if (s.isDirectory()) return ['dir', undefined];
  if (s.isFile()) return ['file', undefined];
  if (s.isSymbolicLink()) return ['symlink', undefined];
  if (s.isFIFO()) return ['other', 'fifo'];
  if (s.isSocket()) return ['other', 'socket'];
  if (s.isCharacterDevice()) return ['other', 'char-device'];
  if (s.isBlockDevice()) return ['other', 'block-device'];
  return ['other', undefined];
}

function toDirEntry(name: string, d: fs.Dirent | fs.Dirent<Buffer>): DirEntry {
  const [type, special] = typeOfDirent(d);
  return special === undefined ? { name, type } : { name, type, special };
}

export const nodeFileSystem: FileSystem = {
  readDir(absPath) {
    const target = toFsPath(absPath);
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(target, { withFileTypes: true });
    } catch (error) {
      throw toFsError(error, absPath);
    }
    // Node decodes names as UTF-8 and replaces invalid bytes with U+FFFD; only then do we pay
    // for a second read that returns the raw bytes.
    if (!dirents.some((d) => d.name.includes('\uFFFD'))) {
      return dirents.map((d) => toDirEntry(d.name, d));
    }
    let raw: fs.Dirent<Buffer>[];
    try {
      raw = fs.readdirSync(target, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      throw toFsError(error, absPath);
    }
    return raw.map((d) => toDirEntry(decodeName(d.name), d));
  },

  lstat(absPath) {
    let s: fs.Stats | undefined;
    try {
      s = fs.lstatSync(toFsPath(absPath), { throwIfNoEntry: false });
    } catch (error) {
      const e = toFsError(error, absPath);
      if (e.code === 'ENOTDIR') return null;
      throw e;
    }
    if (s === undefined) return null;
    const [type, special] = typeOfStats(s);
    const stat: EntryStat = {
      type,
      size: type === 'file' ? s.size : 0,
      mode: s.mode,
      mtimeMs: s.mtimeMs,
      ino: s.ino,
      nlink: s.nlink,
      rdev: s.rdev,
    };
    if (special !== undefined) stat.special = special;
    return stat;
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
        if (n === 0) break;
        off += n;
        yield Buffer.from(buf.subarray(0, n));
      }
      for (; off < size; off += CHUNK_BYTES) yield Buffer.alloc(Math.min(CHUNK_BYTES, size - off));
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
};

/**
 * Writes a whole file so that readers see the old content or the new, never a part: the data
 * goes to a temporary file in the same directory, is flushed, then renamed over the target.
 * Throws FsError with the errno name as its message.
 */
export function writeFileAtomic(absPath: string, data: string | Uint8Array): void {
  const tmp = `${dirname(absPath)}/.${basename(absPath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  let created = false;
  try {
    const fd = fs.openSync(tmp, 'wx');
    created = true;
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, absPath);
  } catch (error) {
    if (created) fs.rmSync(tmp, { force: true });
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    throw new FsError(KNOWN_CODES.has(code ?? '') ? (code as FsErrorCode) : 'OTHER', absPath, code ?? String(error));
  }
}
