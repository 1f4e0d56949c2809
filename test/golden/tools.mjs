// Runs the two Go programs the data generators ask: the oracle (Docker's own matcher and
// tar writer, /work/shared/oracle) and speccheck (test/golden/go/speccheck). Generators only;
// the test suite never needs Go or these binaries.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Largest oracle output we accept (bytes); generated trees are small. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export const ORACLE = process.env.ORACLE ?? path.join(os.homedir(), '.cache/buildctx-oracle/oracle');

/**
 * Runs the oracle. Arguments may be Buffers (raw bytes for non-UTF-8 paths are not possible
 * in argv strings, so callers pass only UTF-8 text). Returns stdout as a Buffer and the exit
 * status; "error: ..." on stdout with status 1 is the oracle's way of reporting Docker's error.
 */
export function runOracle(args) {
  const r = spawnSync(ORACLE, args, { maxBuffer: MAX_OUTPUT_BYTES });
  if (r.error) throw r.error;
  if (r.status !== 0 && r.status !== 1) throw new Error(`oracle ${args[0]} exited ${r.status}: ${r.stderr}`);
  return { stdout: r.stdout, status: r.status };
}

/** The oracle's error text, or undefined when it answered. */
export function oracleError({ stdout, status }) {
  if (status === 0) return undefined;
  const text = stdout.toString('utf8');
  const at = text.lastIndexOf('error: ');
  if (at < 0) throw new Error(`oracle failed without an error line: ${text}`);
  return text.slice(at + 'error: '.length).replace(/\n$/, '');
}

/** Parses `oracle list0` output: NUL-terminated "<t> <size> <path>" records, then "# files N bytes B". */
export function parseList0(stdout) {
  const records = [];
  let start = 0;
  for (let i = 0; i < stdout.length; i++) {
    if (stdout[i] !== 0) continue;
    records.push(stdout.subarray(start, i));
    start = i + 1;
  }
  const summary = records.pop()?.toString('utf8') ?? '';
  const m = /^# files (\d+) bytes (\d+)$/.exec(summary);
  if (!m) throw new Error(`unexpected oracle summary ${JSON.stringify(summary)}`);
  const entries = records.map((rec) => {
    const sp1 = rec.indexOf(0x20);
    const sp2 = rec.indexOf(0x20, sp1 + 1);
    return {
      kind: String.fromCharCode(rec[0]),
      size: Number(rec.subarray(sp1 + 1, sp2).toString()),
      path: rec.subarray(sp2 + 1),
    };
  });
  return { entries, files: Number(m[1]), bytes: Number(m[2]) };
}

let speccheckBinary;

/** Builds speccheck once per process with Debian's Go packages (GOPATH mode, like the oracle). */
export function speccheck() {
  if (speccheckBinary) return speccheckBinary;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'speccheck-'));
  speccheckBinary = path.join(out, 'speccheck');
  execFileSync('go', ['build', '-o', speccheckBinary, 'main.go'], {
    cwd: path.join(here, 'go/speccheck'),
    env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOFLAGS: '' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return speccheckBinary;
}

/** Runs a speccheck verb with JSON on stdin; returns the parsed JSON answer. */
export function runSpeccheck(args, input) {
  const r = spawnSync(speccheck(), args, {
    input: input === undefined ? '' : JSON.stringify(input),
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`speccheck ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.toString('utf8'));
}
