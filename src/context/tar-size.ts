// The exact length of the uncompressed tar the classic builder streams, from the entries its
// walker adds. Headers are set up as moby/go-archive FileInfoHeader does (Format PAX, mtime
// truncated to seconds, uid/gid 0, no uname/gname, directories named "dir/", later hard links as
// TypeLink with size 0) and sized as Go's archive/tar Writer writes them (format.go, common.go
// allowedFormats, writer.go writePAXHeader). Spec: dockerignore-semantics.md §8.1.
import type { ContextEntry } from '../types.js';
import { byteLength, isAscii } from '../paths.js';

export const TAR_BLOCK = 512;
/** tar.Writer.Close writes two zero blocks and no record padding. */
export const TAR_TRAILER = 2 * TAR_BLOCK;
const NAME_SIZE = 100;
const PREFIX_SIZE = 155;
/** Largest size the 12-byte octal field holds: 8^11 - 1 (8 GiB - 1). */
const MAX_OCTAL_SIZE = 8 ** 11 - 1;
/** The 12-byte mtime field holds 0 … 8^11 - 1 seconds (until the year 2242). */
const MAX_OCTAL_TIME = 8 ** 11 - 1;

function padded(size: number): number {
  return Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
}

/** Go's splitUSTARPath: can a long ASCII name be stored as prefix (≤155) + "/" + name (≤100)? */
export function canSplitUstarPath(name: string): boolean {
  let length = name.length;
  if (length <= NAME_SIZE || !isAscii(name)) return false;
  if (length > PREFIX_SIZE + 1) length = PREFIX_SIZE + 1;
  else if (name[length - 1] === '/') length--;
  const i = name.lastIndexOf('/', length - 1);
  const nlen = name.length - i - 1;
  const plen = i;
  return !(i <= 0 || nlen > NAME_SIZE || nlen === 0 || plen > PREFIX_SIZE);
}

/** formatPAXRecord: "%d %s=%s\n" where %d counts the whole record, itself included. */
export function paxRecordLength(key: string, valueBytes: number): number {
  let size = key.length + valueBytes + 3;
  size += String(size).length;
  const actual = String(size).length + 1 + key.length + 1 + valueBytes + 1;
  return actual !== size ? actual : size;
}

export interface TarHeaderFields {
  /** Header name: "/"-separated, directories with a trailing "/". */
  name: string;
  linkname: string;
  size: number;
  mtimeSeconds: number;
  /** A later path of a multiply-linked inode: a TypeLink header to `linkname`, no content. */
  hardLink: boolean;
}

/** Bytes one entry takes in the stream: optional PAX header, the header block, padded content. */
export function tarEntryBytes(h: Omit<TarHeaderFields, 'hardLink'>): number {
  const records: number[] = [];
  let ustarOk = true;
  const nameBytes = byteLength(h.name);
  // allowedFormats records "path" whenever the name is non-ASCII or longer than 100 bytes, even
  // if USTAR's prefix field can hold it; the record is written only when PAX is needed anyway.
  let pathRecord = false;
  if (!isAscii(h.name) || nameBytes > NAME_SIZE) {
    pathRecord = true;
    if (!canSplitUstarPath(h.name)) ustarOk = false;
  }
  if (h.linkname !== '' && (!isAscii(h.linkname) || byteLength(h.linkname) > NAME_SIZE)) {
    records.push(paxRecordLength('linkpath', byteLength(h.linkname)));
    ustarOk = false;
  }
  if (h.mtimeSeconds < 0 || h.mtimeSeconds > MAX_OCTAL_TIME) {
    records.push(paxRecordLength('mtime', String(h.mtimeSeconds).length));
    ustarOk = false;
  }
  if (h.size > MAX_OCTAL_SIZE) {
    records.push(paxRecordLength('size', String(h.size).length));
    ustarOk = false;
  }
  let total = TAR_BLOCK + padded(h.size);
  if (!ustarOk) {
    if (pathRecord) records.push(paxRecordLength('path', nameBytes));
    const data = records.reduce((a, b) => a + b, 0);
    total += TAR_BLOCK + padded(data);
  }
  return total;
}

/**
 * The header fields go-archive derives for a walked entry; `seenInodes` tracks hard links. Any
 * non-directory with more than one link counts (addTarFile: `!fi.IsDir() && hasHardlinks(fi)`),
 * so a hard-linked symlink, FIFO or device is also written once, then as TypeLink.
 */
export function tarHeaderFor(entry: ContextEntry, seenInodes: Map<number, string>): TarHeaderFields {
  const name = entry.type === 'dir' ? entry.path + '/' : entry.path;
  let linkname = entry.type === 'symlink' ? (entry.linkTarget ?? '') : '';
  let size = entry.type === 'file' ? entry.size : 0;
  let hardLink = false;
  if (entry.type !== 'dir' && entry.ino !== undefined) {
    const first = seenInodes.get(entry.ino);
    if (first === undefined) {
      seenInodes.set(entry.ino, name);
    } else {
      linkname = first;
      size = 0;
      hardLink = true;
    }
  }
  return { name, linkname, size, mtimeSeconds: Math.floor(entry.mtimeMs / 1000), hardLink };
}

/** An extra regular file docker/cli appends to the stream (e.g. an outside Dockerfile). */
export interface InjectedFile {
  name: string;
  size: number;
}

/** Length of the classic builder's tar for entries in walk order, plus injected files. */
export function computeTarBytes(entries: readonly ContextEntry[], injected: readonly InjectedFile[] = []): number {
  const seen = new Map<number, string>();
  let total = TAR_TRAILER;
  for (const entry of entries) total += tarEntryBytes(tarHeaderFor(entry, seen));
  for (const f of injected) total += tarEntryBytes({ name: f.name, linkname: '', size: f.size, mtimeSeconds: 0 });
  return total;
}
