// Wires the CLI to the real process: streams, environment, stdin.
import { recoverRawArgs } from '../fs/process-args.js';
import type { CliIo } from './io.js';
import { run } from './run.js';

async function readAll(stream: NodeJS.ReadStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => (process.stdin.isTTY === true ? Promise.resolve(null) : readAll(process.stdin)),
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Runs the CLI against the real process and resolves to the exit code. */
export function main(argv: readonly string[]): Promise<number> {
  // A closed pipe (`buildctx ls | head`) ends the output quietly instead of with EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  return run(recoverRawArgs(argv), processIo());
}
