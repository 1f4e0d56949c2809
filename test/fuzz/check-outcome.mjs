// What counts as a fuzz failure, shared by the vitest suite and the standalone runner.

/** Exit codes the CLI documents: 0 clean, 1 findings or limits, 2 usage/operational error. */
export const DOCUMENTED_EXIT_CODES = [0, 1, 2];
/** Planted in every fuzz context's .env; it must never appear in any output. */
export const SECRET = 'never-printed';

/** Why an outcome is a failure, or null when it is clean. */
export function failureOf({ code, stdout, stderr }) {
  if (!DOCUMENTED_EXIT_CODES.includes(code)) return `exit code ${code}`;
  if (/internal error/.test(stderr)) return `internal error: ${stderr.trim().split('\n')[0]}`;
  if (/^\s+at .+[(:]\d+/m.test(stderr)) return 'stack trace on stderr';
  if (code === 2 && stderr.trim().split('\n').length !== 1) return `exit 2 with ${stderr.trim().split('\n').length} lines on stderr`;
  if (stdout.includes(SECRET) || stderr.includes(SECRET)) return 'secret printed';
  return null;
}
