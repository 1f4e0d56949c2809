// What counts as a fuzz failure, shared by the vitest suite and the standalone runner.

/** Exit codes the CLI documents: 0 clean, 1 findings or limits, 2 usage/operational error. */
export const DOCUMENTED_EXIT_CODES = [0, 1, 2];
/** Planted in every fuzz context's .env; it must never appear in any output. */
export const SECRET = 'never-printed';

/**
 * Why an outcome is a failure, or null when it is clean. Every stderr line must be one of ours
 * ("buildctx: ..."); an operational error (exit 2) is one line, except for `scan`, which reports
 * each failing build on its own line.
 */
export function failureOf({ argv, code, stdout, stderr }) {
  const lines = stderr.split('\n').filter((l) => l !== '');
  if (!DOCUMENTED_EXIT_CODES.includes(code)) return `exit code ${code}`;
  if (/internal error/.test(stderr)) return `internal error: ${lines.find((l) => l.includes('internal error'))}`;
  if (/^\s+at .+[(:]\d+/m.test(stderr)) return 'stack trace on stderr';
  const stray = lines.find((l) => !l.startsWith('buildctx: '));
  if (stray !== undefined) return `stray stderr line: ${stray.slice(0, 120)}`;
  if (code === 2 && argv[0] !== 'scan' && lines.length !== 1) return `exit 2 with ${lines.length} lines on stderr`;
  if (stdout.includes(SECRET) || stderr.includes(SECRET)) return 'secret printed';
  return null;
}
