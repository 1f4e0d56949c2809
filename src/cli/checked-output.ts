// Standard output with every write checked. Node reports a failed write (EPIPE from `| head`,
// ENOSPC from `> /dev/full`) only through callbacks and 'error' events; here the first failure
// is kept, later writes throw it at once (so a long command stops early), and finish() says
// whether everything written reached its destination.
import type { CliIo, OutputStream } from './io.js';

/** A write to standard output failed. */
export class OutputError extends Error {
  readonly code: string;
  /** Set once the failure has been told to the user (or deliberately kept quiet). */
  reported = false;

  constructor(cause: NodeJS.ErrnoException) {
    const code = cause.code ?? 'EIO';
    // "ENOSPC: no space left on device, write" → "ENOSPC (no space left on device)"
    const reason = /^[A-Z]+: ([^,]+)/.exec(cause.message)?.[1];
    super(`cannot write standard output: ${code}${reason === undefined ? '' : ` (${reason})`}`);
    this.name = 'OutputError';
    this.code = code;
  }

  /** The reader went away (`buildctx ls | head`): not an error, as for any Unix filter. */
  get isClosedPipe(): boolean {
    return this.code === 'EPIPE';
  }
}

/** A closed pipe ends the run quietly with 0; any other lost output is exit 2 with one line. */
export function reportOutputError(io: Pick<CliIo, 'stderr'>, error: OutputError): number {
  error.reported = true;
  if (error.isClosedPipe) return 0;
  io.stderr.write(`buildctx: ${error.message}\n`);
  return 2;
}

/** The Node stream underneath: process.stdout, a socket or a file stream. */
export interface NodeWritable {
  write(chunk: string | Uint8Array, callback: (error?: Error | null) => void): boolean;
  once(event: 'drain', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CheckedOutput extends OutputStream {
  /** Resolves when buffered data has been handed on; rejects with the OutputError if a write failed. */
  drained(): Promise<void>;
  /** Waits for every write; resolves to the first failure, or null. */
  finish(): Promise<OutputError | null>;
}

export function checkOutput(stream: NodeWritable): CheckedOutput {
  let failure: OutputError | null = null;
  const waiting = new Set<(error: OutputError | null) => void>();
  const fail = (error: Error | null | undefined): void => {
    if (error === null || error === undefined || failure !== null) return;
    failure = new OutputError(error as NodeJS.ErrnoException);
    for (const wake of waiting) wake(failure);
    waiting.clear();
  };
  stream.on('error', fail);

  const settle = (start: (wake: () => void) => void): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (failure !== null) {
        reject(failure);
        return;
      }
      const wake = (error: OutputError | null): void => {
        waiting.delete(wake);
        if (error !== null) reject(error);
        else resolve();
      };
      waiting.add(wake);
      start(() => wake(failure));
    });

  return {
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
    write(chunk) {
      if (failure !== null) throw failure;
      return stream.write(chunk, fail);
    },
    drained() {
      return settle((wake) => {
        const onDrain = (): void => wake();
        stream.once('drain', onDrain);
      });
    },
    async finish() {
      if (failure === null) {
        // An empty write's callback runs after every earlier write has completed or failed.
        await settle((wake) => stream.write('', (error) => (fail(error), wake()))).catch(() => undefined);
      }
      return failure;
    },
  };
}
