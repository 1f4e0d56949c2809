// Operational failures: they stop the run with one line on stderr and exit code 2.
// Problems found in the user's context are findings, never errors.

export type BuildctxErrorCode =
  | 'usage'
  | 'context-missing'
  | 'context-not-directory'
  | 'context-unreadable'
  | 'ignore-file-invalid'
  | 'ignore-file-unreadable'
  | 'dockerfile-missing'
  | 'dockerfile-invalid'
  | 'input-invalid'
  | 'unsupported'
  | 'io';

export class BuildctxError extends Error {
  readonly code: BuildctxErrorCode;

  constructor(code: BuildctxErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BuildctxError';
    this.code = code;
  }
}
