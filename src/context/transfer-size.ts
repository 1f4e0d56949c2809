// What BuildKit's `transferring context: N` counts on a cold build (spec §8.2): the receiver adds
// up the protobuf size of every fsutil Packet it gets (tonistiigi/fsutil receive.go). The sender
// (send.go) walks the filtered context and sends one STAT packet per entry, then an empty STAT;
// the receiver asks for the data of every regular file that is not a hard link to an earlier one
// (diskwriter.go HandleChange) and gets it in DATA packets of at most 32 KiB (send.go bufPool)
// followed by an empty DATA packet; a FIN packet ends the stream. Message layout:
// fsutil types/wire.proto (Packet: type=1, stat=2, ID=3, data=4) and types/stat.proto (Stat:
// path=1, mode=2, uid=3, gid=4, size=5, modTime=6, linkname=7, devmajor=8, devminor=9, xattrs=10).
//
// Not known here, so counted as absent: extended attributes (fsutil sends every xattr but
// com.apple.*; e.g. security.selinux on SELinux hosts adds to every entry) and device numbers.
// uid and gid are 0 (buildx resets them) and so are omitted, as protobuf omits zero fields.
import type { ContextEntry } from '../types.js';
import { byteLength } from '../paths.js';

/** fsutil send.go: files are read into a 32 KiB buffer; each read becomes one DATA packet. */
const DATA_CHUNK_BYTES = 32 * 1024;

/** Packet{type: PACKET_DATA} or PACKET_FIN: a 1-byte tag and a 1-byte enum value. */
const TYPE_FIELD_BYTES = 2;
/** Packet{type: PACKET_FIN}. */
const FIN_PACKET_BYTES = TYPE_FIELD_BYTES;

// Go os.FileMode bits (io/fs FileMode), as os.Lstat fills them from st_mode (os/stat_linux.go).
const GO_MODE_DIR = 2 ** 31;
const GO_MODE_SYMLINK = 2 ** 27;
const GO_MODE_DEVICE = 2 ** 26;
const GO_MODE_NAMED_PIPE = 2 ** 25;
const GO_MODE_SETUID = 2 ** 23;
const GO_MODE_SETGID = 2 ** 22;
const GO_MODE_CHAR_DEVICE = 2 ** 21;
const GO_MODE_STICKY = 2 ** 20;

const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;

/** Bytes of the base-128 varint encoding of a non-negative integer; negative int64 values take 10. */
export function varintLength(value: number | bigint): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    // Plain comparisons: this runs several times per entry of every tree.
    let n = 1;
    let v = value;
    while (v >= 0x80) {
      v = Math.floor(v / 0x80);
      n++;
    }
    return n;
  }
  let v = BigInt(value);
  if (v < 0n) return 10;
  let n = 1;
  while (v >= 0x80n) {
    v >>= 7n;
    n++;
  }
  return n;
}

/** A length-delimited field (string, bytes, message): tag + varint length + content. */
function delimitedField(length: number): number {
  return 1 + varintLength(length) + length;
}

/** A varint field; protobuf omits it when the value is zero. */
function varintField(value: number | bigint): number {
  return (typeof value === 'number' ? value === 0 : value === 0n) ? 0 : 1 + varintLength(value);
}

/**
 * The Go os.FileMode fsutil puts in Stat.mode (stat.go mkstat): the type bit, setuid/setgid/
 * sticky and the permission bits. The socket bit is cleared, so sockets travel as regular files.
 */
export function goFileMode(entry: Pick<ContextEntry, 'type' | 'mode' | 'special'>): number {
  let mode = entry.mode & 0o777;
  if (entry.mode & S_ISUID) mode += GO_MODE_SETUID;
  if (entry.mode & S_ISGID) mode += GO_MODE_SETGID;
  if (entry.mode & S_ISVTX) mode += GO_MODE_STICKY;
  if (entry.type === 'dir') mode += GO_MODE_DIR;
  else if (entry.type === 'symlink') mode += GO_MODE_SYMLINK;
  else if (entry.type === 'other') {
    if (entry.special === 'fifo') mode += GO_MODE_NAMED_PIPE;
    else if (entry.special === 'char-device') mode += GO_MODE_DEVICE + GO_MODE_CHAR_DEVICE;
    else if (entry.special === 'block-device') mode += GO_MODE_DEVICE;
  }
  return mode;
}

/** Modification time in nanoseconds, as fsutil's Stat.modTime (time.UnixNano). */
function modTimeNs(mtimeMs: number): bigint {
  const whole = Math.trunc(mtimeMs);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((mtimeMs - whole) * 1_000_000));
}

// Nanosecond times from 2^56 to 2^63 (April 1972 to 2262) are 9-byte varints.
const NINE_BYTE_NS_MIN = 2 ** 56;
const NINE_BYTE_NS_MAX = 2 ** 63;

/**
 * The Stat.modTime field's bytes. Every time well inside the 9-byte range is answered from a
 * float estimate (its error is far below the margin kept from either edge), sparing two BigInts
 * per entry; times near an edge, before 1972 or negative take the exact path.
 */
function modTimeField(mtimeMs: number): number {
  const ns = mtimeMs * 1_000_000;
  if (ns > NINE_BYTE_NS_MIN * 1.001 && ns < NINE_BYTE_NS_MAX * 0.999) return 1 + 9;
  return varintField(modTimeNs(mtimeMs));
}

/** Entries fsutil sends as regular files, whose data the receiver can request. */
function isRegular(entry: ContextEntry): boolean {
  return entry.type === 'file' || (entry.type === 'other' && entry.special === 'socket');
}

/** Bytes of the encoded Stat message of one entry. */
export function statMessageBytes(entry: ContextEntry, hardLinkTo: string | null): number {
  // setUnixOpt: a later link of any non-directory carries the first path and size 0.
  let size = 0;
  if (hardLinkTo === null && entry.type === 'symlink') size = byteLength(entry.linkTarget ?? '');
  else if (hardLinkTo === null && entry.type === 'file') size = entry.size;
  const linkname = hardLinkTo ?? (entry.type === 'symlink' ? (entry.linkTarget ?? '') : '');
  return (
    delimitedField(byteLength(entry.path)) +
    varintField(goFileMode(entry)) +
    varintField(size) +
    modTimeField(entry.mtimeMs) +
    (linkname === '' ? 0 : delimitedField(byteLength(linkname)))
  );
}

/** Packet.ID: omitted for entry 0. */
function idField(index: number): number {
  return varintField(index);
}

/** DATA packets for `size` bytes of one file plus its empty end-of-file DATA packet. */
export function dataPacketsBytes(index: number, size: number): number {
  const header = TYPE_FIELD_BYTES + idField(index);
  let total = header;
  for (let left = size; left > 0; left -= DATA_CHUNK_BYTES)
    total += header + delimitedField(Math.min(left, DATA_CHUNK_BYTES));
  return total;
}

/**
 * The `transferring context` total of a cold build that sends `entries` (in walk order, as the
 * BuildKit walker emits them). With no entries it is 2 bytes (the FIN), as Docker prints.
 */
export function computeTransferBytes(entries: readonly ContextEntry[]): number {
  let total = 0;
  const firstPathOfInode = new Map<number, string>();
  entries.forEach((entry, index) => {
    let hardLinkTo: string | null = null;
    // stat_unix.go setUnixOpt: a later path of a multiply-linked inode becomes a hard link to the first.
    if (entry.type !== 'dir' && entry.ino !== undefined) {
      const first = firstPathOfInode.get(entry.ino);
      if (first === undefined) firstPathOfInode.set(entry.ino, entry.path);
      else hardLinkTo = first;
    }
    total += delimitedField(statMessageBytes(entry, hardLinkTo));
    if (isRegular(entry) && hardLinkTo === null)
      total += dataPacketsBytes(index, entry.type === 'file' ? entry.size : 0);
  });
  // The final empty STAT packet encodes to 0 bytes; then FIN.
  return total + FIN_PACKET_BYTES;
}
