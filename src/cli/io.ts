// The CLI's window on the world, injected so commands can be tested without a process.

export interface OutputStream {
  write(chunk: string | Uint8Array): unknown;
  /** True when the stream is a terminal. */
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Standard input, read whole on demand (for `diagnose -`); null when not available. */
  readStdin: () => Promise<Uint8Array | null>;
  /** True when stdin is a terminal (nothing piped in). */
  stdinIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}
