// A file system that shows one file with other content than the disk holds (or one that does
// not exist yet): how `fix` measures the context with the edited ignore file before writing it.
import * as path from 'node:path';
import { FsError, type FileSystem } from './file-system.js';
import { openBytes } from './memory-fs.js';

/** Regular-file mode bits of the replaced file when it did not exist. */
const NEW_FILE_MODE = 0o100644;

/** `base`, except that `absPath` is a regular file holding `content`. Nothing is written. */
export function overlayFile(base: FileSystem, absPath: string, content: Uint8Array): FileSystem {
  const name = path.basename(absPath);
  // The walk reaches the file through the context's real path, the ignore-file lookup through
  // the path as given: both name it.
  const dirs = new Set([path.dirname(absPath), base.realPath(path.dirname(absPath))]);
  const isTarget = (abs: string): boolean => path.basename(abs) === name && dirs.has(path.dirname(abs));
  const original = base.lstat(absPath);
  if (original !== null && original.type !== 'file') throw new FsError('OTHER', absPath, 'not a regular file');
  const stat = {
    ...(original ?? { mode: NEW_FILE_MODE, mtimeMs: 0, ino: 0, nlink: 1, rdev: 0 }),
    type: 'file' as const,
    size: content.length,
  };
  return {
    readDir(abs, identity) {
      const entries = base.readDir(abs, identity);
      if (dirs.has(abs) && !entries.some((e) => e.name === name)) entries.push({ name, type: 'file' });
      return entries;
    },
    lstat: (abs) => (isTarget(abs) ? { ...stat } : base.lstat(abs)),
    readLink: (abs) => base.readLink(abs),
    readFile(abs, maxBytes) {
      if (!isTarget(abs)) return base.readFile(abs, maxBytes);
      if (content.length > maxBytes) throw new FsError('OTHER', abs, `larger than ${maxBytes} bytes`);
      return content;
    },
    *readChunks(abs, size) {
      if (!isTarget(abs)) {
        yield* base.readChunks(abs, size);
        return;
      }
      const out = new Uint8Array(size);
      out.set(content.subarray(0, size));
      yield out;
    },
    openRegularFile: (abs, maxBytes) =>
      isTarget(abs) ? openBytes(content, maxBytes, stat.mode & 0o7777) : base.openRegularFile(abs, maxBytes),
    realPath: (p) => base.realPath(p),
  };
}
