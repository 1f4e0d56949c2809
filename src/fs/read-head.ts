// Bounded reads of candidate files for the sniffer. Synchronous on purpose: open + fstat + one
// pread + close costs ~20 µs per file, the fs/promises equivalent ~230 µs (binaries.md §8.3).
//
// Files are opened O_RDONLY | O_NONBLOCK | O_NOFOLLOW and the descriptor is fstat'ed: if the path
// was swapped for a symlink after the walker's lstat, open fails with ELOOP instead of following
// it; if it was swapped for a FIFO or device, O_NONBLOCK keeps open from blocking and fstat
// rejects it before any read (the pattern strtok3's FileTokenizer uses for file-type).
// O_NOFOLLOW covers the last path component only; the walker supplies paths whose directories it
// has itself walked without following links.
import * as fs from 'node:fs';

/** Bytes read from the start of a file to identify it. */
export const HEAD_BYTES = 4 * 1024;
/** Bytes read from one file at most, head and positional reads together. */
export const MAX_BYTES_PER_FILE = 512 * 1024;

const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW;

export type UnreadableReason = 'not-found' | 'permission-denied' | 'symlink' | 'not-regular' | 'io-error';

/** Why a file could not be read; never thrown, returned. */
export interface Unreadable {
  ok: false;
  reason: UnreadableReason;
  /** errno name (`ENOENT`, `ELOOP`, …) or `ENOTREG` when fstat found no regular file. */
  code: string;
}

export interface HeadRead {
  ok: true;
  /** At most `maxBytes` (and at most MAX_BYTES_PER_FILE) bytes from offset 0. */
  head: Uint8Array;
  /** Size from fstat of the open descriptor. */
  size: number;
  /** st_mode from the same fstat. */
  mode: number;
}

export interface OpenedFile {
  ok: true;
  size: number;
  mode: number;
  /**
   * Up to `length` bytes at `offset` (fewer at the end of the file); null when the range is
   * invalid, the per-file budget would be exceeded, the file is closed, or the read fails.
   */
  readAt(offset: number, length: number): Uint8Array | null;
  /** Bytes handed out so far. */
  readonly bytesRead: number;
  close(): void;
}

function unreadable(error: unknown): Unreadable {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { ok: false, reason: 'not-found', code };
    case 'EACCES':
    case 'EPERM':
      return { ok: false, reason: 'permission-denied', code };
    case 'ELOOP':
      return { ok: false, reason: 'symlink', code };
    case 'ENXIO': // a socket, or a FIFO/device that refuses a non-blocking open
    case 'EISDIR':
      return { ok: false, reason: 'not-regular', code };
    default:
      return { ok: false, reason: 'io-error', code };
  }
}

const NOT_REGULAR: Unreadable = { ok: false, reason: 'not-regular', code: 'ENOTREG' };

/**
 * Opens a regular file for bounded positional reads. The caller must call `close()`; prefer
 * {@link withRegularFile} or {@link readHead}, which always close.
 */
export function openRegularFile(absPath: string | Buffer, maxBytes = MAX_BYTES_PER_FILE): OpenedFile | Unreadable {
  let fd: number;
  try {
    fd = fs.openSync(absPath, OPEN_FLAGS);
  } catch (error) {
    return unreadable(error);
  }
  let stat: fs.Stats;
  try {
    stat = fs.fstatSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    return unreadable(error);
  }
  if (!stat.isFile()) {
    fs.closeSync(fd);
    return NOT_REGULAR;
  }
  const budget = Math.min(maxBytes, MAX_BYTES_PER_FILE);
  const size = stat.size;
  let open = true;
  let used = 0;
  return {
    ok: true,
    size,
    mode: stat.mode,
    get bytesRead() {
      return used;
    },
    readAt(offset, length) {
      if (!open || !Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0)
        return null;
      const want = Math.min(length, Math.max(0, size - offset));
      if (used + want > budget) return null;
      const buffer = Buffer.allocUnsafe(want);
      let got = 0;
      try {
        while (got < want) {
          const n = fs.readSync(fd, buffer, got, want - got, offset + got);
          if (n === 0) break; // the file shrank since fstat
          got += n;
        }
      } catch {
        return null;
      }
      used += got;
      return buffer.subarray(0, got);
    },
    close() {
      if (!open) return;
      open = false;
      try {
        fs.closeSync(fd);
      } catch {
        // Closing a read-only descriptor cannot lose data; nothing to report.
      }
    },
  };
}

/** Runs `use` on the opened file and always closes it. */
export function withRegularFile<T>(
  absPath: string | Buffer,
  use: (file: OpenedFile) => T,
  maxBytes = MAX_BYTES_PER_FILE,
): T | Unreadable {
  const file = openRegularFile(absPath, maxBytes);
  if (!file.ok) return file;
  try {
    return use(file);
  } finally {
    file.close();
  }
}

/** The first `maxBytes` bytes (capped at MAX_BYTES_PER_FILE) of a regular file, with its fstat size and mode. */
export function readHead(absPath: string | Buffer, maxBytes = HEAD_BYTES): HeadRead | Unreadable {
  return withRegularFile(absPath, (file): HeadRead | Unreadable => {
    const head = file.readAt(0, Math.min(maxBytes, MAX_BYTES_PER_FILE));
    if (head === null) return { ok: false, reason: 'io-error', code: 'EIO' };
    return { ok: true, head, size: file.size, mode: file.mode };
  });
}
