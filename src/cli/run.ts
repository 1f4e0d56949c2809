// Entry point of the command line: run(argv, io) → exit code. Library code never exits.
import { BuildctxError } from '../errors.js';
import { FsError } from '../fs/file-system.js';
import { OutputError, reportOutputError } from './checked-output.js';
import type { Command } from './commands.js';
import type { CliIo } from './io.js';
import { quickText } from './quick.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 2;

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Runs the CLI; never throws. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const args = [...argv];
  const quick = await quickText(args);
  if (quick !== null) {
    io.stdout.write(quick);
    return EXIT_OK;
  }
  try {
    // Loaded only past --version and help, which answer without the analysis (docs/performance.md, start-up).
    const { commands } = await import('./commands.js');
    let command: Command = commands.report;
    const first = args[0];
    if (first !== undefined && Object.hasOwn(commands, first)) {
      command = commands[first as keyof typeof commands];
      args.shift();
    }
    return await command(args, io);
  } catch (error) {
    if (error instanceof OutputError) return reportOutputError(io, error);
    if (error instanceof BuildctxError) {
      io.stderr.write(`buildctx: ${oneLine(error.message)}\n`);
      return EXIT_ERROR;
    }
    if (error instanceof FsError) {
      io.stderr.write(`buildctx: cannot read ${error.path}: ${error.code.toLowerCase()}\n`);
      return EXIT_ERROR;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`buildctx: internal error: ${oneLine(message)}\n`);
    return EXIT_ERROR;
  }
}
