// Wires the CLI to the real process: streams, environment, stdin.
import { recoverRawArgs } from '../fs/process-args.js';
import { checkOutput, reportOutputError } from './checked-output.js';
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
export async function main(argv: readonly string[]): Promise<number> {
  const stdout = checkOutput(process.stdout);
  const io: CliIo = { ...processIo(), stdout };
  const code = await run(recoverRawArgs(argv), io);
  // Output that never arrived is a failure, whatever the command concluded.
  const failure = await stdout.finish();
  if (failure !== null && !failure.reported) return reportOutputError(io, failure);
  return code;
}
