// Runs the CLI in this process through run(argv, io) and captures what it writes — the same result
// shape as runBin(), without the cost of starting Node. Use runBin() only where the real process
// matters (exit status, dropped privileges, signals, pipes); test/cli/smoke.test.ts starts the
// real bin once per command.
import { Writable } from 'node:stream';
import { run } from '../../src/cli/run.js';
import type { OutputStream } from '../../src/cli/io.js';
import { assertReportsInOutput } from './report-schema.js';
import type { BinResult } from './run-bin.js';

/** A real Writable (pack pipes a tar stream into stdout) that keeps what it is given. */
class Capture extends Writable implements OutputStream {
  readonly chunks: Buffer[] = [];
  isTTY = false;
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string | Buffer;
}

export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<BinResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const input = options.input;
  const code = await run(args, {
    stdout,
    stderr,
    // Like a spawned process whose stdin is a pipe: empty unless the test gives input.
    readStdin: () =>
      Promise.resolve(typeof input === 'string' ? Buffer.from(input, 'utf8') : (input ?? Buffer.alloc(0))),
    stdinIsTTY: false,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    cwd: options.cwd ?? process.cwd(),
  });
  const stdoutBytes = stdout.bytes();
  // Every JSON report a CLI test produces must match docs/report.schema.json.
  if (code !== 2) assertReportsInOutput(stdoutBytes.toString('utf8'));
  return { code, stdout: stdoutBytes.toString('utf8'), stderr: stderr.bytes().toString('utf8'), stdoutBytes };
}
