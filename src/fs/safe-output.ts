// Every file buildctx writes goes through here. A temporary file with an unpredictable name is
// created next to the target with O_CREAT | O_EXCL | O_NOFOLLOW, so a link planted in the
// directory can neither be written through nor be left behind as the result; every write is
// checked (ENOSPC, EIO surface as errors); the data is flushed and renamed over the target, so
// readers see the old file or the new one, never a part. A failure removes the temporary file.
// Interruption is the caller's: the CLI removes pending files from its signal handlers with
// removePendingOutputs() (library code installs no handlers).
//
// A stream is not a file: a character device or a FIFO (`-o /dev/null`, `-o /dev/stdout`,
// `-o "$fifo"`), and anything under /dev or /proc, is written in place. Renaming a temporary file
// over it would, as root, replace /dev/null with a regular file for every process on the machine.
// A block device is refused.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { basename, dirname } from 'node:path';
import { FsError, type FsErrorCode } from './file-system.js';

const CREATE_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;
/** New files get 0666 less the umask, as any tool's output; kept files get their old mode. */
const NEW_FILE_MODE = 0o666;
const PRIVATE_MODE = 0o600;
/** Random bytes in a temporary name: 96 bits, not guessable. */
const RANDOM_NAME_BYTES = 12;

const KNOWN_CODES = new Set<string>(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'ELOOP', 'EIO', 'ENAMETOOLONG']);

/** Temporary files created and not yet renamed or removed. */
const pending = new Set<string>();

export interface OutputOptions {
  /**
   * Replace an existing file keeping its mode and owner (`fix --write`): a read-only target or a
   * symlink is refused, and a target whose owner cannot be kept is left untouched.
   */
  keepMetadata?: boolean;
}

/** A file being written; nothing is visible at `path` until commit(). */
export interface OutputFile {
  readonly path: string;
  /** Writes all of `chunk` or throws FsError. */
  write(chunk: string | Uint8Array): void;
  /** Flushes, closes and renames over the target. Throws FsError (the temporary file is then gone). */
  commit(): void;
  /** Closes and removes the temporary file; safe to call more than once and after commit(). */
  abort(): void;
}

function toFsError(error: unknown, path: string): FsError {
  if (error instanceof FsError) return error;
  const e = error as NodeJS.ErrnoException | undefined;
  const code = e?.code ?? 'OTHER';
  const known: FsErrorCode = KNOWN_CODES.has(code) ? (code as FsErrorCode) : 'OTHER';
  // "ENOSPC: no space left on device" without Node's ", write" / path suffix.
  const reason = e?.message !== undefined ? e.message.replace(/,\s.*$/, '') : String(error);
  return new FsError(known, path, reason);
}

interface Previous {
  mode: number;
  uid: number;
  gid: number;
}

function previousFile(absPath: string): Previous | null {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(absPath, { throwIfNoEntry: false });
  } catch (error) {
    throw toFsError(error, absPath);
  }
  if (st === undefined) return null;
  if (st.isSymbolicLink()) throw new FsError('ELOOP', absPath, 'it is a symbolic link; edit the file it points to');
  if (!st.isFile()) throw new FsError('OTHER', absPath, 'not a regular file');
  if ((st.mode & 0o200) === 0) {
    throw new FsError(
      'EACCES',
      absPath,
      `it is read-only (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}); make it writable to let buildctx change it`,
    );
  }
  return { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
}

/** Writes all of `chunk` (writeSync may take less than it is given). */
function writeAll(fd: number, chunk: string | Uint8Array): void {
  const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  let off = 0;
  while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
}

/**
 * Directories whose entries are the system's devices and processes: never a place for a temporary
 * file. /dev/shm is a file system for files like any other.
 */
const SYSTEM_DIRS = /^\/(?:dev\/(?!shm\/)|proc\/)/;

/** Whether `absPath` is a stream to write in place (see the top of this file). Throws FsError for a block device. */
function isStreamTarget(absPath: string): boolean {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(absPath, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  if (st?.isBlockDevice() === true) throw new FsError('OTHER', absPath, 'it is a block device, not a file');
  return SYSTEM_DIRS.test(absPath) || st?.isCharacterDevice() === true || st?.isFIFO() === true;
}

/** An output written straight into an existing device or FIFO: nothing to rename or remove. */
function openStream(absPath: string): OutputFile {
  let fd: number | null;
  try {
    // No O_CREAT: a name under /dev that does not exist is an error, not a new file there.
    fd = fs.openSync(absPath, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_NOCTTY);
  } catch (error) {
    throw toFsError(error, absPath);
  }
  const close = (): void => {
    if (fd === null) return;
    const f = fd;
    fd = null;
    fs.closeSync(f);
  };
  return {
    path: absPath,
    write(chunk) {
      if (fd === null) throw new FsError('OTHER', absPath, 'output already closed');
      try {
        writeAll(fd, chunk);
      } catch (error) {
        try {
          close();
        } catch {
          // Already failing.
        }
        throw toFsError(error, absPath);
      }
    },
    commit() {
      if (fd === null) throw new FsError('OTHER', absPath, 'output already closed');
      try {
        close();
      } catch (error) {
        throw toFsError(error, absPath);
      }
    },
    abort() {
      try {
        close();
      } catch {
        // Nothing was created.
      }
    },
  };
}

/** Creates the temporary file for `absPath`; write, then commit() or abort(). Throws FsError. */
export function openOutputFile(absPath: string, options: OutputOptions = {}): OutputFile {
  // fix --write edits a file in place of itself: previousFile refuses anything but a regular file.
  if (options.keepMetadata !== true && isStreamTarget(absPath)) return openStream(absPath);
  const previous = options.keepMetadata === true ? previousFile(absPath) : null;
  const tmp = `${dirname(absPath)}/.${basename(absPath)}.${randomBytes(RANDOM_NAME_BYTES).toString('hex')}.tmp`;
  let fd: number | null;
  try {
    fd = fs.openSync(tmp, CREATE_FLAGS, previous === null ? NEW_FILE_MODE : PRIVATE_MODE);
  } catch (error) {
    throw toFsError(error, absPath);
  }
  pending.add(tmp);
  let done = false;

  const close = (): void => {
    if (fd === null) return;
    const f = fd;
    fd = null;
    fs.closeSync(f);
  };
  const abort = (): void => {
    if (done) return;
    done = true;
    try {
      close();
    } catch {
      // Already failing or aborting: removing the file is what matters.
    }
    fs.rmSync(tmp, { force: true });
    pending.delete(tmp);
  };
  const guarded = <T>(step: () => T): T => {
    try {
      return step();
    } catch (error) {
      abort();
      throw toFsError(error, absPath);
    }
  };

  return {
    path: absPath,
    write(chunk) {
      if (done || fd === null) throw new FsError('OTHER', absPath, 'output already closed');
      const f = fd;
      guarded(() => writeAll(f, chunk));
    },
    commit() {
      if (done || fd === null) throw new FsError('OTHER', absPath, 'output already closed');
      const f = fd;
      guarded(() => {
        if (previous !== null) {
          const st = fs.fstatSync(f);
          // fchown before fchmod: changing the owner clears set-id bits. Only root may give a
          // file away; a user who cannot keep the owner leaves the file as it was.
          if (st.uid !== previous.uid || st.gid !== previous.gid) {
            try {
              fs.fchownSync(f, previous.uid, previous.gid);
            } catch {
              throw new FsError(
                'EPERM',
                absPath,
                `it belongs to uid ${previous.uid}:${previous.gid} and the rewritten file could not keep that owner`,
              );
            }
          }
          fs.fchmodSync(f, previous.mode);
        }
        fs.fsyncSync(f);
        close();
        fs.renameSync(tmp, absPath);
      });
      done = true;
      pending.delete(tmp);
    },
    abort,
  };
}

/** Writes a whole file through openOutputFile. Throws FsError; no temporary file survives. */
export function writeOutputFile(absPath: string, data: string | Uint8Array, options: OutputOptions = {}): void {
  const out = openOutputFile(absPath, options);
  out.write(data);
  out.commit();
}

/** Removes every temporary file not yet committed or aborted (for signal handlers). Never throws. */
export function removePendingOutputs(): void {
  for (const tmp of pending) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Nothing more can be done from a signal handler.
    }
  }
  pending.clear();
}
