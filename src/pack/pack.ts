// Writes the context as the tar the classic builder streams: the same entries in the same order,
// each header byte for byte as Go's archive/tar writes it (tar-header.ts), the content, padding
// and the two zero blocks of tar.Writer.Close. Blocks are built here rather than by tar-stream,
// whose header encoder formats numbers differently from Go ("000644 \0" for "0000644\0"),
// replaces a mode of 0 and cannot write Go's PAX layout.
import { randomBytes } from 'node:crypto';
import { BuildctxError } from '../errors.js';
import { FsError, type FileSystem } from '../fs/file-system.js';
import { joinPath } from '../paths.js';
import type { LoadedContext } from '../context/load-context.js';
import { classicTarHeader, encodeTarHeader } from '../context/tar-header.js';
import { TAR_BLOCK, TAR_TRAILER } from '../context/tar-size.js';

/** Largest Dockerfile injected from outside the context. */
const MAX_INJECTED_DOCKERFILE_BYTES = 64 * 1024 * 1024;
/** Small blocks (headers, padding) are gathered up to this size before one write. */
const BATCH_BYTES = 1024 * 1024;
/** Bytes handed to the sink between two turns of the event loop, so a signal is handled promptly. */
const YIELD_EVERY_BYTES = 8 * 1024 * 1024;

/** Where the stream goes: a write returns once the bytes are taken, or a promise for when they are. */
export interface ByteSink {
  write(chunk: Uint8Array): void | Promise<void>;
}

export interface PackOptions {
  fs: FileSystem;
  context: LoadedContext;
  out: ByteSink;
}

/** Collects small blocks and passes big ones through, counting bytes and yielding now and then. */
class BlockWriter {
  written = 0;
  private batch: Uint8Array[] = [];
  private batched = 0;
  private sinceYield = 0;

  constructor(private readonly out: ByteSink) {}

  async push(chunk: Uint8Array): Promise<void> {
    this.batch.push(chunk);
    this.batched += chunk.length;
    if (this.batched >= BATCH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batched === 0) return;
    const data = this.batch.length === 1 ? this.batch[0]! : Buffer.concat(this.batch, this.batched);
    this.batch = [];
    this.written += this.batched;
    this.sinceYield += this.batched;
    this.batched = 0;
    const wait = this.out.write(data);
    if (wait !== undefined) await wait;
    if (this.sinceYield >= YIELD_EVERY_BYTES) {
      this.sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

function padding(size: number): Uint8Array {
  return new Uint8Array((TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK);
}

/**
 * What docker/cli refuses before it sends anything (ValidateContextDirectory): a directory the
 * classic builder would walk but cannot read. Throws BuildctxError naming the first one.
 */
function refuseUnreadable(context: LoadedContext): void {
  const sent = new Set(context.classicEntries!.filter((e) => e.type === 'dir').map((e) => e.path));
  const refused = context.unreadable.find((u) => sent.has(u.path) || u.path === '');
  if (refused !== undefined) {
    throw new BuildctxError(
      'context-unreadable',
      `pack: cannot read ${refused.path === '' ? 'the context' : refused.path + '/'} (${refused.code}); docker build refuses this context ("can't stat"), so no tar is written`,
    );
  }
}

/** Streams the classic builder's tar for a loaded context (classic: true) into `out`. Resolves to the byte count. */
export async function packContext({ fs, context, out }: PackOptions): Promise<number> {
  const entries = context.classicEntries;
  if (entries === null) throw new Error('packContext needs a context loaded with classic: true');
  refuseUnreadable(context);
  const writer = new BlockWriter(out);
  const outside = context.dockerfile.contextPath === null && context.dockerfile.exists;
  // docker/cli AddDockerfileToBuildContext: ".dockerfile." + 20 hex digits of a random id.
  const injectedName = '.dockerfile.' + randomBytes(10).toString('hex');
  const dockerignoreSuffix = Buffer.from('\n' + injectedName + '\n');

  const seen = new Map<number, string>();
  for (const entry of entries) {
    const header = classicTarHeader(entry, seen);
    const isContent = header.typeflag === '0' && header.size > 0;
    const addSuffix = outside && entry.path === '.dockerignore';
    if (addSuffix) header.size += dockerignoreSuffix.length;
    await writer.push(encodeTarHeader(header));
    if (!isContent && !addSuffix) continue;
    if (isContent) {
      await writer.flush();
      await copyContent(fs, joinPath(context.root, entry.path), entry.path, entry.size, writer);
    }
    if (addSuffix) await writer.push(dockerignoreSuffix);
    await writer.push(padding(header.size));
  }
  if (outside) {
    // ReplaceFileTarWrapper appends these with Format unset: mtime rounded to the second, 0600.
    const dockerfile =
      fs.readFile(context.dockerfile.readPath ?? context.dockerfile.path, MAX_INJECTED_DOCKERFILE_BYTES) ??
      new Uint8Array(0);
    const now = Math.round(Date.now() / 1000);
    const injected = (name: string, body: Uint8Array) =>
      [
        encodeTarHeader({
          name,
          linkname: '',
          size: body.length,
          mtimeSeconds: now,
          hardLink: false,
          typeflag: '0',
          mode: 0o600,
          devmajor: 0,
          devminor: 0,
        }),
        body,
        padding(body.length),
      ] as const;
    for (const part of injected(injectedName, dockerfile)) await writer.push(part);
    if (!entries.some((e) => e.path === '.dockerignore')) {
      for (const part of injected('.dockerignore', Buffer.concat([Buffer.from('.dockerignore'), dockerignoreSuffix])))
        await writer.push(part);
    }
  }
  await writer.push(new Uint8Array(TAR_TRAILER));
  await writer.flush();
  return writer.written;
}

/** Streams one file's content; a read failure names the file, a write failure passes through. */
async function copyContent(
  fs: FileSystem,
  abs: string,
  shown: string,
  size: number,
  writer: BlockWriter,
): Promise<void> {
  const chunks = fs.readChunks(abs, size)[Symbol.iterator]();
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = chunks.next();
      } catch (error) {
        if (error instanceof FsError)
          throw new BuildctxError('io', `pack: cannot read ${shown}: ${describeReadError(error)}`);
        throw error;
      }
      if (next.done === true) return;
      await writer.push(next.value);
      await writer.flush();
    }
  } finally {
    // Closes the file when the sink failed part-way.
    chunks.return?.();
  }
}

function describeReadError(error: FsError): string {
  if (error.code === 'ENOENT') return 'it vanished while the context was packed';
  if (error.code === 'EACCES' || error.code === 'EPERM')
    return 'permission denied; docker build fails on it too ("no permission to read")';
  return error.message;
}
