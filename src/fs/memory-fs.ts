// An in-memory file system for tests and for library users who analyze a tree description.
import type { EntryType, SpecialKind } from '../types.js';
import { FsError, type DirEntry, type EntryStat, type FileSystem } from './file-system.js';
import { MAX_BYTES_PER_FILE, type OpenedFile, type Unreadable } from './read-head.js';

export interface MemoryNode {
  /** Path relative to the memory root, "/"-separated. Parent directories are created implicitly. */
  path: string;
  type: EntryType;
  special?: SpecialKind;
  /** File content; defaults to `size` zero bytes. */
  content?: Uint8Array | string;
  size?: number;
  target?: string;
  mode?: number;
  mtimeMs?: number;
  /** Nodes sharing an inode number are hard links of each other. */
  ino?: number;
  /** Reading this directory, or opening this file, fails with EACCES. */
  unreadable?: boolean;
}

const TYPE_BITS: Record<EntryType, number> = { file: 0o100000, dir: 0o040000, symlink: 0o120000, other: 0o010000 };
const DEFAULT_MTIME_MS = Date.UTC(2026, 0, 1);

interface Stored {
  node: MemoryNode;
  children: Map<string, Stored> | null;
}

export class MemoryFileSystem implements FileSystem {
  readonly root: string;
  private readonly top: Stored;
  private readonly linkCount = new Map<number, number>();

  constructor(nodes: readonly MemoryNode[], root = '/ctx') {
    this.root = root;
    this.top = { node: { path: '', type: 'dir' }, children: new Map() };
    for (const node of nodes) this.add(node);
    for (const node of nodes) {
      if (node.ino !== undefined) this.linkCount.set(node.ino, (this.linkCount.get(node.ino) ?? 0) + 1);
    }
  }

  private add(node: MemoryNode): void {
    const parts = node.path.split('/').filter((p) => p !== '');
    let dir = this.top;
    for (let i = 0; i < parts.length - 1; i++) {
      const name = parts[i]!;
      let next = dir.children!.get(name);
      if (next === undefined) {
        next = { node: { path: parts.slice(0, i + 1).join('/'), type: 'dir' }, children: new Map() };
        dir.children!.set(name, next);
      }
      dir = next;
    }
    const name = parts[parts.length - 1]!;
    const existing = dir.children!.get(name);
    if (existing !== undefined && node.type === 'dir') {
      existing.node = { ...node };
      return;
    }
    dir.children!.set(name, { node, children: node.type === 'dir' ? new Map() : null });
  }

  private find(absPath: string): Stored | null {
    if (absPath !== this.root && !absPath.startsWith(this.root + '/')) return null;
    const rel = absPath
      .slice(this.root.length)
      .split('/')
      .filter((p) => p !== '');
    let cur = this.top;
    for (const part of rel) {
      const next = cur.children?.get(part);
      if (next === undefined) return null;
      cur = next;
    }
    return cur;
  }

  readDir(absPath: string): DirEntry[] {
    const found = this.find(absPath);
    if (found === null) throw new FsError('ENOENT', absPath, 'no such file or directory');
    if (found.children === null) throw new FsError('ENOTDIR', absPath, 'not a directory');
    if (found.node.unreadable === true) throw new FsError('EACCES', absPath, 'permission denied');
    return [...found.children.entries()].map(([name, s]) =>
      s.node.special === undefined ? { name, type: s.node.type } : { name, type: s.node.type, special: s.node.special },
    );
  }

  /** readDir's names (through readDir, so that a subclass changing readDir changes both). */
  readNames(absPath: string): string[] {
    return this.readDir(absPath).map((d) => d.name);
  }

  lstat(absPath: string): EntryStat | null {
    const found = this.find(absPath);
    if (found === null) return null;
    const n = found.node;
    const size = n.type === 'file' ? (n.size ?? contentLength(n.content)) : 0;
    const stat: EntryStat = {
      type: n.type,
      size,
      mode: TYPE_BITS[n.type] | (n.mode ?? (n.type === 'dir' ? 0o755 : n.type === 'symlink' ? 0o777 : 0o644)),
      mtimeMs: n.mtimeMs ?? DEFAULT_MTIME_MS,
      ino: n.ino ?? 0,
      nlink: n.ino !== undefined ? (this.linkCount.get(n.ino) ?? 1) : 1,
      rdev: 0,
    };
    if (n.special !== undefined) stat.special = n.special;
    return stat;
  }

  readLink(absPath: string): string | null {
    const found = this.find(absPath);
    if (found === null) return null;
    if (found.node.type !== 'symlink') throw new FsError('OTHER', absPath, 'not a symlink');
    return found.node.target ?? '';
  }

  readFile(absPath: string, maxBytes: number): Uint8Array | null {
    const found = this.find(absPath);
    if (found === null) return null;
    const n = found.node;
    if (n.type !== 'file') throw new FsError('OTHER', absPath, 'not a regular file');
    const data =
      typeof n.content === 'string' ? Buffer.from(n.content, 'utf8') : (n.content ?? new Uint8Array(n.size ?? 0));
    if (data.length > maxBytes) throw new FsError('OTHER', absPath, `larger than ${maxBytes} bytes`);
    return data;
  }

  *readChunks(absPath: string, size: number): Iterable<Uint8Array> {
    const data = this.readFile(absPath, Number.MAX_SAFE_INTEGER);
    if (data === null) throw new FsError('ENOENT', absPath, 'no such file or directory');
    if (data.length < size)
      throw new FsError(
        'OTHER',
        absPath,
        `it shrank while it was read: ${size - data.length} of ${size} bytes missing`,
      );
    yield data.subarray(0, size);
  }

  openRegularFile(absPath: string, maxBytes: number): OpenedFile | Unreadable {
    const found = this.find(absPath);
    if (found === null) return { ok: false, reason: 'not-found', code: 'ENOENT' };
    const n = found.node;
    if (n.type === 'symlink') return { ok: false, reason: 'symlink', code: 'ELOOP' };
    if (n.type !== 'file') return { ok: false, reason: 'not-regular', code: 'ENOTREG' };
    if (n.unreadable === true) return { ok: false, reason: 'permission-denied', code: 'EACCES' };
    const data =
      typeof n.content === 'string' ? Buffer.from(n.content, 'utf8') : (n.content ?? new Uint8Array(n.size ?? 0));
    return openBytes(data, maxBytes, n.mode ?? 0o644);
  }

  realPath(path: string): string {
    if (this.find(path) === null) throw new FsError('ENOENT', path, 'no such file or directory');
    return path;
  }
}

/** Bytes held in memory as an opened regular file, with the same read budget as a real one. */
export function openBytes(data: Uint8Array, maxBytes: number, mode: number): OpenedFile {
  const budget = Math.min(maxBytes, MAX_BYTES_PER_FILE);
  let used = 0;
  let open = true;
  return {
    ok: true,
    size: data.length,
    mode,
    get bytesRead() {
      return used;
    },
    readAt(offset, length) {
      if (!open || offset < 0 || length < 0 || !Number.isSafeInteger(offset) || !Number.isSafeInteger(length))
        return null;
      const chunk = data.subarray(offset, offset + length);
      if (used + chunk.length > budget) return null;
      used += chunk.length;
      return chunk;
    },
    close() {
      open = false;
    },
  };
}

function contentLength(content: Uint8Array | string | undefined): number {
  if (content === undefined) return 0;
  return typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length;
}
