// `--version` and `help`, answered from the few modules they need. The bin asks here before it
// loads the CLI, so they start in about the time of `node -e 0` (docs/performance.md, start-up).
import { checkOutput, reportOutputError } from './checked-output.js';
import { VERSION } from '../version.js';

/** What `--version` or `help` prints, or null for any other command line. */
export async function quickText(args: readonly string[]): Promise<string | null> {
  if (args[0] === '--version' || args[0] === '-V') return `buildctx ${VERSION}\n`;
  if (args[0] === 'help' || (args.length === 1 && (args[0] === '--help' || args[0] === '-h')))
    return (await import('./usage.js')).usageText(args[1]);
  return null;
}

/** Answers `--version` and `help` on the process's standard output; null for any other command line. */
export async function answerQuickly(args: readonly string[]): Promise<number | null> {
  const text = await quickText(args);
  if (text === null) return null;
  const stdout = checkOutput(process.stdout);
  stdout.write(text);
  const failure = await stdout.finish();
  return failure !== null && !failure.reported ? reportOutputError(process, failure) : 0;
}
