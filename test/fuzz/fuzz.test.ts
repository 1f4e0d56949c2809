// Seeded fuzz cases in CI: a few hundred generated Dockerfiles, ignore files, Compose files,
// binaries and logs, run through the CLI in-process. Each must end with a documented exit
// code, no internal error or stack trace, one line for an operational error, and never print
// the planted secret. `npm run fuzz -- --cases N` runs many more, with time and memory limits.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from '../../src/cli/run.js';
import { failureOf } from './check-outcome.mjs';
import { generateCases, materializeCase } from './generate.mjs';

/** Cases per CI run (the five kinds in turn). */
const CI_CASES = 250;

async function runCase(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => ({ write: (c: string | Uint8Array) => void add(typeof c === 'string' ? c : Buffer.from(c).toString('utf8')), isTTY: false });
  const code = await run(argv, {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    readStdin: async () => null,
    stdinIsTTY: true,
    env: {},
    cwd,
  });
  return { code, stdout, stderr };
}

describe('fuzz (seed 1)', () => {
  test.for(generateCases({ seed: 1, count: CI_CASES }).map((c) => [c.id, c.kind, c] as const))('case %i (%s)', async ([, , c]) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buildctx-fuzz-'));
    try {
      const outcome = await runCase(materializeCase(c, dir), dir);
      expect(failureOf(outcome), `${c.argv.join(' ')}\n${outcome.stderr}`).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
