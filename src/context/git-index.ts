// Which paths git tracks, read from the index file (`.git/index`) as bytes: a tracked file is
// never ignored, whatever .gitignore says (`git check-ignore` asks the index first). Pure: the
// caller reads the file (bounded) and hands in its bytes; nothing is run.
//
// Format (git Documentation/gitformat-index.txt): "DIRC", version 2/3/4, entry count; each entry
// has 40 bytes of stat data, the object id (20 bytes for SHA-1, 32 for SHA-256), 2 bytes of flags
// (and 2 more when version >= 3 sets the extended bit), then the path: NUL-terminated and padded
// to a multiple of 8 bytes (v2, v3), or prefix-compressed with no padding (v4: a varint of bytes
// to drop from the previous path, then the NUL-terminated rest).
import { decodeName } from '../paths.js';

/** Index files larger than this are not read (the index of a 1-million-file repository is ~100 MB). */
export const MAX_GIT_INDEX_BYTES = 256 * 1024 * 1024;

const STAT_BYTES = 40;
const FLAGS_BYTES = 2;
const EXTENDED_FLAG = 0x4000;
const NAME_MASK = 0x0fff;
/** Sparse-index directory entries (mode 040000): a whole directory tracked as one entry. */
const MODE_TYPE_MASK = 0o170000;
const MODE_DIR = 0o040000;

export interface GitIndex {
  version: number;
  /** Tracked files, paths relative to the work tree (non-UTF-8 bytes escaped as in paths.ts). */
  files: Set<string>;
  /** Directories a sparse index tracks whole (everything below them is tracked). */
  sparseDirs: Set<string>;
}

/**
 * Parses an index file; null when the bytes are not one this reader understands (unknown
 * version, truncated, or object ids of neither length) — the caller then knows nothing is tracked.
 */
export function parseGitIndex(bytes: Uint8Array): GitIndex | null {
  if (bytes.length < 12 || bytes.length > MAX_GIT_INDEX_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== 0x44495243) return null; // "DIRC"
  const version = view.getUint32(4);
  if (version < 2 || version > 4) return null;
  const count = view.getUint32(8);
  // Each entry takes at least 62 bytes: a count the file cannot hold is corrupt, not a loop bound.
  if (count > (bytes.length - 12) / 62) return null;
  for (const oidBytes of [20, 32]) {
    const parsed = parseEntries(bytes, view, version, count, oidBytes);
    if (parsed !== null) return { version, ...parsed };
  }
  return null;
}

function parseEntries(
  bytes: Uint8Array,
  view: DataView,
  version: number,
  count: number,
  oidBytes: number,
): Omit<GitIndex, 'version'> | null {
  const files = new Set<string>();
  const sparseDirs = new Set<string>();
  let offset = 12;
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    const start = offset;
    if (offset + STAT_BYTES + oidBytes + FLAGS_BYTES > bytes.length) return null;
    const mode = view.getUint32(offset + 24);
    offset += STAT_BYTES + oidBytes;
    const flags = view.getUint16(offset);
    offset += FLAGS_BYTES;
    if (version >= 3 && (flags & EXTENDED_FLAG) !== 0) offset += 2;
    let path: Uint8Array;
    if (version === 4) {
      // git varint.c decode_varint: each continuation adds one before shifting.
      let drop = 0;
      let byte: number;
      let steps = 0;
      do {
        if (offset >= bytes.length || ++steps > 5) return null;
        byte = bytes[offset++]!;
        drop = steps === 1 ? byte & 0x7f : ((drop + 1) << 7) | (byte & 0x7f);
      } while ((byte & 0x80) !== 0);
      if (drop > previous.length) return null;
      const end = bytes.indexOf(0, offset);
      if (end < 0) return null;
      const rest = bytes.subarray(offset, end);
      path = new Uint8Array(previous.length - drop + rest.length);
      path.set(previous.subarray(0, previous.length - drop));
      path.set(rest, previous.length - drop);
      offset = end + 1;
    } else {
      const end = bytes.indexOf(0, offset);
      if (end < 0) return null;
      path = bytes.subarray(offset, end);
      // 1 to 8 NULs so that the entry's length is a multiple of 8.
      offset = start + ((end - start + 8) & ~7);
      if (offset > bytes.length) return null;
    }
    // The flags carry the path's length (capped at 0xFFF), and a path is never empty nor starts
    // with "/": anything else means the object ids have the other length.
    const nameLength = flags & NAME_MASK;
    if (nameLength !== Math.min(path.length, NAME_MASK) || path.length === 0 || path[0] === 0x2f) return null;
    const name = decodeName(path);
    if ((mode & MODE_TYPE_MASK) === MODE_DIR) sparseDirs.add(name.replace(/\/$/, ''));
    else if (path[path.length - 1] === 0x2f) return null;
    else files.add(name);
    previous = path;
  }
  // After the entries: extensions and the trailing checksum (at least one object id).
  if (offset + oidBytes > bytes.length) return null;
  return { files, sparseDirs };
}

/** True when git tracks `path` (a file in the index, or below a sparse directory entry). */
export function isTracked(index: GitIndex, path: string): boolean {
  if (index.files.has(path)) return true;
  if (index.sparseDirs.size === 0) return false;
  // '' stands for a sparse directory at or above the directory the index is seen from (git-repo.ts indexBelow).
  if (index.sparseDirs.has('')) return true;
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
    if (index.sparseDirs.has(path.slice(0, slash))) return true;
  }
  return false;
}
