// Runs the real bin and captures everything. The bin is the run's own build (test/global-setup.ts),
// never the working tree's dist/, which a developer may be rebuilding meanwhile. Most CLI tests run
// in-process through runCli() (run-cli.ts); this is for what needs a real process.
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { inject } from 'vitest';

export const BIN = path.join(inject('builtPackage'), 'bin/buildctx.js');

export interface BinResult {
  code: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

/**
 * When running as root, permission bits do not stop reads. Dropping the two capabilities that
 * bypass them (from the bounding set, so the exec'd process never regains them) makes root obey
 * the mode bits, while it still owns — and can read — the checkout, wherever it was cloned.
 */
export const UNPRIVILEGED: readonly string[] =
  process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search'] : [];

/** Starts the real bin and resolves when it exits, so the test can act on the tree meanwhile. */
export function startBin(args: readonly string[], options: { cwd?: string } = {}): Promise<BinResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({
        code: code ?? -1,
        stdout: stdoutBytes.toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        stdoutBytes,
      });
    });
  });
}

export function runBin(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string | Buffer; unprivileged?: boolean } = {},
): BinResult {
  const prefix = options.unprivileged === true ? UNPRIVILEGED : [];
  const [cmd, ...cmdArgs] = [...prefix, process.execPath, BIN, ...args];
  const r = spawnSync(cmd!, cmdArgs, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    input: options.input,
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error !== undefined) throw r.error;
  return {
    code: r.status ?? -1,
    stdout: r.stdout.toString('utf8'),
    stderr: r.stderr.toString('utf8'),
    stdoutBytes: r.stdout,
  };
}
