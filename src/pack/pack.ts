// Writes the context as the tar the classic builder streams (same entries, order, headers and
// length; see tar-size.ts for the rules). tar-stream writes the blocks; where Go's archive/tar
// needs a PAX extended header we write that header ourselves, with Go's records, and give
// tar-stream an ASCII name that fits, so the stream has exactly Go's layout.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import * as tar from 'tar-stream';
import type { FileSystem } from '../fs/file-system.js';
import type { ContextEntry } from '../types.js';
import type { LoadedContext } from '../context/load-context.js';
import { byteLength, encodePath, isAscii } from '../paths.js';
import { canSplitUstarPath, tarHeaderFor, type TarHeaderFields } from '../context/tar-size.js';

const NAME_SIZE = 100;
const TAR_BLOCK = 512;

function padding(size: number): number {
  return (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
}
const MAX_OCTAL = 8 ** 11 - 1;
/** Largest Dockerfile injected from outside the context. */
const MAX_INJECTED_DOCKERFILE_BYTES = 64 * 1024 * 1024;

type TarType = 'file' | 'link' | 'symlink' | 'character-device' | 'block-device' | 'directory' | 'fifo';
type EntryHeader = Partial<tar.Header> & Pick<tar.Header, 'name'>;

/** The part of tar-stream's entry sink we use (a streamx Writable). */
interface EntrySink {
  write(chunk: Uint8Array): boolean;
  end(): void;
  once(event: 'drain', listener: () => void): void;
  destroy(error?: Error): void;
}

function paxRecord(key: string, value: Buffer): Buffer {
  const head = ` ${key}=`;
  let size = head.length + value.length + 1;
  size += String(size).length;
  let prefix = String(size);
  if (prefix.length + head.length + value.length + 1 !== size) prefix = String(prefix.length + head.length + value.length + 1);
  return Buffer.concat([Buffer.from(prefix + head), value, Buffer.from('\n')]);
}

/** The PAX records Go's archive/tar writes for these fields, or null when USTAR holds them. */
function paxRecordsFor(h: TarHeaderFields): Buffer | null {
  const records = new Map<string, Buffer>();
  let ustarOk = true;
  const nameBytes = byteLength(h.name);
  const needsPathRecord = !isAscii(h.name) || nameBytes > NAME_SIZE;
  if (needsPathRecord && !canSplitUstarPath(h.name)) ustarOk = false;
  if (h.linkname !== '' && (!isAscii(h.linkname) || byteLength(h.linkname) > NAME_SIZE)) {
    records.set('linkpath', encodePath(h.linkname));
    ustarOk = false;
  }
  if (h.mtimeSeconds < 0 || h.mtimeSeconds > MAX_OCTAL) {
    records.set('mtime', Buffer.from(String(h.mtimeSeconds)));
    ustarOk = false;
  }
  if (h.size > MAX_OCTAL) {
    records.set('size', Buffer.from(String(h.size)));
    ustarOk = false;
  }
  if (ustarOk) return null;
  if (needsPathRecord) records.set('path', encodePath(h.name));
  const keys = [...records.keys()].sort();
  return Buffer.concat(keys.map((k) => paxRecord(k, records.get(k)!)));
}

function writeOctal(block: Buffer, offset: number, width: number, value: number): void {
  // Go formatOctal: zero-padded digits leaving room for a NUL.
  block.write(value.toString(8).padStart(width - 1, '0'), offset, 'latin1');
}

/**
 * The extended header block Go's writeRawFile emits before a PAX entry: typeflag "x", name
 * "dir/PaxHeaders.0/base" made ASCII and cut to 100 bytes, mode/uid/gid/mtime 0.
 */
function paxHeaderBlock(name: string, size: number): Buffer {
  const block = Buffer.alloc(TAR_BLOCK);
  block.write(asciiFit(name).replace(/\/+$/, ''), 0, 'latin1');
  writeOctal(block, 100, 8, 0);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, 0);
  block.write('x', 156, 'latin1');
  block.write('ustar\0', 257, 'latin1');
  block.write('00', 263, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return block;
}

/** Go's toASCII + truncation for the USTAR name field when the real name lives in a PAX record. */
function asciiFit(name: string): string {
  let out = '';
  for (const ch of name) if (ch.charCodeAt(0) < 0x80 && ch.length === 1) out += ch;
  return out.slice(0, NAME_SIZE);
}

function tarType(entry: ContextEntry, isLink: boolean): TarType {
  if (isLink) return 'link';
  switch (entry.type) {
    case 'dir':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'file':
      return 'file';
    default:
      if (entry.special === 'char-device') return 'character-device';
      if (entry.special === 'block-device') return 'block-device';
      return 'fifo';
  }
}

function waitDrain(stream: EntrySink): Promise<void> {
  return new Promise((resolve) => stream.once('drain', resolve));
}

async function writeEntry(pack: tar.Pack, header: EntryHeader, chunks: Iterable<Uint8Array> | null): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const sink = pack.entry(header, (error) => (error ? reject(error) : resolve())) as unknown as EntrySink;
    if (chunks === null) {
      sink.end();
      return;
    }
    void (async () => {
      try {
        for (const chunk of chunks) {
          if (!sink.write(chunk)) await waitDrain(sink);
        }
        sink.end();
      } catch (error) {
        sink.destroy(error as Error);
        reject(error);
      }
    })();
  });
}

export interface PackOptions {
  fs: FileSystem;
  context: LoadedContext;
  out: Writable;
}

/** Streams the classic builder's tar for a loaded context (classic: true) into `out`. Resolves to the byte count. */
export async function packContext({ fs, context, out }: PackOptions): Promise<number> {
  const entries = context.classicEntries;
  if (entries === null) throw new Error('packContext needs a context loaded with classic: true');
  const pack = tar.pack();
  let written = 0;
  // Copy pack → out by hand, honouring backpressure, so `out` (stdout) is never ended for us.
  const piped = new Promise<void>((resolve, reject) => {
    pack.on('error', reject);
    out.on('error', reject);
    pack.on('data', (chunk: unknown) => {
      const data = chunk as Uint8Array;
      written += data.length;
      if (!out.write(data)) {
        pack.pause();
        out.once('drain', () => pack.resume());
      }
    });
    pack.on('end', resolve);
  });

  const outside = context.dockerfile.contextPath === null && context.dockerfile.exists;
  const injectedName = '.dockerfile.' + randomBytes(10).toString('hex');
  const dockerignoreSuffix = Buffer.from('\n' + injectedName + '\n');

  const seen = new Map<number, string>();
  for (const entry of entries) {
    const fields = tarHeaderFor(entry, seen);
    const isLink = entry.type === 'file' && fields.linkname !== '';
    const abs = path.join(context.root, entry.path);
    let content: Iterable<Uint8Array> | null = null;
    if (entry.type === 'file' && !isLink && fields.size > 0) {
      content = fs.readChunks(abs, fields.size);
      if (outside && entry.path === '.dockerignore') {
        content = [...content, dockerignoreSuffix];
        fields.size += dockerignoreSuffix.length;
      }
    }
    await writeWithPax(pack, entry, fields, isLink, content);
  }
  if (outside) {
    const dockerfile = fs.readFile(context.dockerfile.readPath ?? context.dockerfile.path, MAX_INJECTED_DOCKERFILE_BYTES) ?? new Uint8Array(0);
    const now = new Date();
    await writeEntry(pack, { name: injectedName, type: 'file', mode: 0o600, size: dockerfile.length, mtime: now }, [dockerfile]);
    if (!entries.some((e) => e.path === '.dockerignore')) {
      const body = Buffer.concat([Buffer.from('.dockerignore'), dockerignoreSuffix]);
      await writeEntry(pack, { name: '.dockerignore', type: 'file', mode: 0o600, size: body.length, mtime: now }, [body]);
    }
  }
  pack.finalize();
  await piped;
  return written;
}

async function writeWithPax(pack: tar.Pack, entry: ContextEntry, fields: TarHeaderFields, isLink: boolean, content: Iterable<Uint8Array> | null): Promise<void> {
  // An mtime the octal field cannot hold travels in the PAX record; the USTAR field gets 0.
  const inRange = fields.mtimeSeconds >= 0 && fields.mtimeSeconds <= MAX_OCTAL;
  const mtime = new Date(inRange ? fields.mtimeSeconds * 1000 : 0);
  const pax = paxRecordsFor(fields);
  let name = fields.name;
  let linkname = fields.linkname;
  if (pax !== null) {
    const dir = path.posix.dirname(fields.name.replace(/\/$/, ''));
    const base = path.posix.basename(fields.name);
    const paxName = path.posix.join(dir, 'PaxHeaders.0', base);
    // tar-stream cannot carry a body on an extended header, so these blocks go into the stream
    // directly, between two finished entries (each writeEntry resolves after its padding).
    const raw = pack as unknown as { push(chunk: Uint8Array): boolean };
    raw.push(paxHeaderBlock(paxName, pax.length));
    raw.push(Buffer.concat([pax, Buffer.alloc(padding(pax.length))]));
    name = asciiFit(fields.name);
    linkname = asciiFit(fields.linkname);
  }
  const header: EntryHeader = {
    name,
    type: tarType(entry, isLink),
    mode: entry.mode & 0o7777,
    uid: 0,
    gid: 0,
    uname: '',
    gname: '',
    size: content === null ? 0 : fields.size,
    mtime,
  };
  if (linkname !== '') header.linkname = linkname;
  await writeEntry(pack, header, content);
}
