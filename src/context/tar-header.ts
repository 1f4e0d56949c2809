// The header blocks of the classic builder's tar, byte for byte as Go's archive/tar writes them
// for the headers moby/go-archive builds (FileInfoHeader + addTarFile with ChownOpts 0:0, as
// docker/cli's build passes): format.go formatOctal / formatString / SetFormat, writer.go
// templateV7Plus, writeUSTARHeader, writePAXHeader, writeRawFile. Pure: bytes in, bytes out.
//
// Where Docker 20.10 differs from current moby (go-archive), this follows current moby:
// - mode: 20.10 adds the file-type bits (fillGo18FileTypeBits: 0100644 for a file); current
//   moby writes the permission and set-id bits only (0000644).
// - uname/gname: 20.10 fills them from the passwd and group files (tar.FileInfoHeader looks them
//   up); current moby never looks them up and leaves them empty.
// Extended attributes (security.capability as a SCHILY.xattr PAX record) are not written.
import type { ContextEntry } from '../types.js';
import { byteLength, encodePath, isAscii } from '../paths.js';
import { canSplitUstarPath, TAR_BLOCK, tarHeaderFor, type TarHeaderFields } from './tar-size.js';

const NAME_SIZE = 100;
/** Largest value a 12-byte octal field holds (size, mtime): 8^11 - 1. */
const MAX_OCTAL_12 = 8 ** 11 - 1;
/** Largest value an 8-byte octal field holds (mode, uid, gid, devmajor, devminor): 8^7 - 1. */
const MAX_OCTAL_8 = 8 ** 7 - 1;

/** Go's type flags. */
export type TarTypeflag = '0' | '1' | '2' | '3' | '4' | '5' | '6';

export interface TarHeader extends TarHeaderFields {
  typeflag: TarTypeflag;
  /** Permission and set-id bits. */
  mode: number;
  devmajor: number;
  devminor: number;
}

/** Field offsets and widths of a USTAR block (format.go headerV7 / headerUSTAR). */
const F = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  chksum: [148, 8],
  typeflag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  uname: [265, 32],
  gname: [297, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  prefix: [345, 155],
} as const satisfies Record<string, readonly [number, number]>;

/** formatString: copy, NUL-terminate when shorter; a cut name never ends in "/" (writer.go). */
function putString(block: Buffer, [offset, width]: readonly [number, number], value: Uint8Array): void {
  const n = Math.min(value.length, width);
  block.set(value.subarray(0, n), offset);
  if (value.length < width) block[offset + value.length] = 0;
  if (value.length > width && block[offset + width - 1] === 0x2f) {
    let end = width - 1;
    while (end > 0 && value[end - 1] === 0x2f) end--;
    block[offset + end] = 0;
  }
}

/** formatOctal: zero-padded to width - 1 digits, then NUL; a value that does not fit is written as 0. */
function putOctal(block: Buffer, [offset, width]: readonly [number, number], value: number): void {
  const fits = value >= 0 && value < 8 ** (width - 1);
  const digits = (fits ? value : 0).toString(8);
  putString(block, [offset, width], Buffer.from(digits.padStart(width - 1, '0'), 'latin1'));
}

/** SetFormat for USTAR and PAX: magic "ustar\0", version "00", then the checksum "%06o\0 ". */
function finishBlock(block: Buffer): Buffer {
  block.write('ustar\0', F.magic[0], 'latin1');
  block.write('00', F.version[0], 'latin1');
  block.fill(0x20, F.chksum[0], F.chksum[0] + F.chksum[1]);
  let sum = 0;
  for (const b of block) sum += b;
  putOctal(block, [F.chksum[0], 7], sum);
  block[F.chksum[0] + 7] = 0x20;
  return block;
}

/** toASCII: the name's bytes below 0x80 (Go drops every non-ASCII rune, invalid bytes included). */
function toAscii(name: string): Buffer {
  const bytes = encodePath(name);
  return Buffer.from(bytes.filter((b) => b !== 0 && b < 0x80));
}

/** formatPAXRecord: "%d %s=%s\n", the length counting itself. */
function paxRecord(key: string, value: Uint8Array): Buffer {
  const rest = ` ${key}=`.length + value.length + 1;
  let size = rest + String(rest).length;
  if (String(size).length + rest !== size) size = String(size).length + rest;
  return Buffer.concat([Buffer.from(`${size} ${key}=`, 'latin1'), value, Buffer.from('\n')]);
}

/** splitUSTARPath: prefix and suffix at a "/" so that the prefix fits 155 bytes and the suffix 100. */
function splitUstarPath(name: string): [string, string] {
  let length = name.length;
  if (length > 156) length = 156;
  else if (name[length - 1] === '/') length--;
  const i = name.lastIndexOf('/', length - 1);
  return [name.slice(0, i), name.slice(i + 1)];
}

/** path.Split + path.Join(dir, "PaxHeaders.0", file) for the extended header's name. */
function paxHeaderName(name: string): string {
  const slash = name.lastIndexOf('/');
  const dir = name.slice(0, slash + 1);
  const file = name.slice(slash + 1);
  const parts = [...dir.split('/'), 'PaxHeaders.0', file].filter((p) => p !== '' && p !== '.');
  return parts.join('/');
}

/** The PAX records allowedFormats asks for, or null when a USTAR header holds everything. */
function paxRecordsFor(h: TarHeader): Map<string, Uint8Array> | null {
  const records = new Map<string, Uint8Array>();
  let ustar = true;
  // The path record is kept even when USTAR's prefix split could hold the name; it is written
  // only if some other field forces PAX (allowedFormats records, writeUSTARHeader splits).
  if (!isAscii(h.name) || byteLength(h.name) > NAME_SIZE) {
    records.set('path', encodePath(h.name));
    if (!canSplitUstarPath(h.name)) ustar = false;
  }
  if (h.linkname !== '' && (!isAscii(h.linkname) || byteLength(h.linkname) > NAME_SIZE)) {
    records.set('linkpath', encodePath(h.linkname));
    ustar = false;
  }
  if (h.size > MAX_OCTAL_12) {
    records.set('size', Buffer.from(String(h.size)));
    ustar = false;
  }
  if (h.mtimeSeconds < 0 || h.mtimeSeconds > MAX_OCTAL_12) {
    records.set('mtime', Buffer.from(String(h.mtimeSeconds)));
    ustar = false;
  }
  return ustar ? null : records;
}

function mainBlock(h: TarHeader, name: Uint8Array, linkname: Uint8Array, prefix: Uint8Array): Buffer {
  const block = Buffer.alloc(TAR_BLOCK);
  block.write(h.typeflag, F.typeflag[0], 'latin1');
  putString(block, F.name, name);
  putString(block, F.linkname, linkname);
  putOctal(block, F.mode, h.mode & MAX_OCTAL_8);
  putOctal(block, F.uid, 0);
  putOctal(block, F.gid, 0);
  putOctal(block, F.size, h.size);
  putOctal(block, F.mtime, h.mtimeSeconds);
  putString(block, F.uname, new Uint8Array(0));
  putString(block, F.gname, new Uint8Array(0));
  putOctal(block, F.devmajor, h.devmajor);
  putOctal(block, F.devminor, h.devminor);
  putString(block, F.prefix, prefix);
  return finishBlock(block);
}

/** The blocks before an entry's content: an optional PAX extended header (with its records), then the header. */
export function encodeTarHeader(h: TarHeader): Buffer {
  const records = paxRecordsFor(h);
  if (records === null) {
    let name = h.name;
    let prefix = '';
    if (byteLength(h.name) > NAME_SIZE) [prefix, name] = splitUstarPath(h.name);
    return mainBlock(h, Buffer.from(name, 'latin1'), Buffer.from(h.linkname, 'latin1'), Buffer.from(prefix, 'latin1'));
  }
  const data = Buffer.concat([...records.keys()].sort().map((k) => paxRecord(k, records.get(k)!)));
  // writeRawFile: ASCII name cut to 100 bytes, trailing "/" trimmed; mode, uid, gid, mtime 0.
  const ext = Buffer.alloc(TAR_BLOCK);
  let extName = toAscii(paxHeaderName(h.name)).subarray(0, NAME_SIZE);
  let end = extName.length;
  while (end > 0 && extName[end - 1] === 0x2f) end--;
  extName = extName.subarray(0, end);
  ext.write('x', F.typeflag[0], 'latin1');
  putString(ext, F.name, extName);
  putOctal(ext, F.mode, 0);
  putOctal(ext, F.uid, 0);
  putOctal(ext, F.gid, 0);
  putOctal(ext, F.size, data.length);
  putOctal(ext, F.mtime, 0);
  finishBlock(ext);
  const padding = Buffer.alloc((TAR_BLOCK - (data.length % TAR_BLOCK)) % TAR_BLOCK);
  const main = mainBlock(h, toAscii(h.name), toAscii(h.linkname), new Uint8Array(0));
  return Buffer.concat([ext, data, padding, main]);
}

/** Linux's major and minor numbers of a device id (gnu_dev_major / gnu_dev_minor). */
export function deviceNumbers(rdev: number): [number, number] {
  const dev = BigInt(rdev);
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return [Number(major), Number(minor)];
}

function typeflagOf(entry: ContextEntry): TarTypeflag {
  switch (entry.type) {
    case 'dir':
      return '5';
    case 'symlink':
      return '2';
    case 'file':
      return '0';
    default:
      if (entry.special === 'char-device') return '3';
      if (entry.special === 'block-device') return '4';
      return '6';
  }
}

/** The header go-archive's addTarFile writes for a walked entry; `seenInodes` tracks hard links. */
export function classicTarHeader(entry: ContextEntry, seenInodes: Map<number, string>): TarHeader {
  const fields = tarHeaderFor(entry, seenInodes);
  const isLink = fields.hardLink;
  const isDevice = entry.special === 'char-device' || entry.special === 'block-device';
  const [devmajor, devminor] = isDevice && entry.rdev !== undefined ? deviceNumbers(entry.rdev) : [0, 0];
  return { ...fields, typeflag: isLink ? '1' : typeflagOf(entry), mode: entry.mode & 0o7777, devmajor, devminor };
}
