// Seeded fuzz cases in CI: a few hundred generated Dockerfiles, ignore files, Compose files,
// binaries and build logs, run through the CLI in-process. Each must end with a documented exit
// code, no internal error or stack trace, one line for an operational error, and never print
// the planted secret. `npm run fuzz -- --cases N` runs many more, with time and memory limits.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from '../../src/cli/run.js';
import { failureOf } from './check-outcome.mjs';
import { generateCases, materializeCase } from './generate.mjs';

/** Cases per CI run, the kinds in turn. */
const CI_CASES = 240;
const CI_KINDS = ['dockerfile', 'ignore', 'compose', 'binary', 'log'];

async function runCase(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => ({
    write: (c: string | Uint8Array) => void add(typeof c === 'string' ? c : Buffer.from(c).toString('utf8')),
    isTTY: false,
  });
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
  test.for(generateCases({ seed: 1, count: CI_CASES, kinds: CI_KINDS }).map((c) => [c.id, c.kind, c] as const))(
    'case %i (%s)',
    async ([, , c]) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buildctx-fuzz-'));
      try {
        const outcome = await runCase(materializeCase(c, dir), dir);
        expect(failureOf({ ...outcome, argv: c.argv }), `${c.argv.join(' ')}\n${outcome.stderr}`).toBeNull();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('what counts as a fuzz failure', () => {
  test.for([
    [{ argv: ['ls'], code: 0, stdout: 'a\n', stderr: '' }, null],
    [{ argv: ['ls'], code: 2, stdout: '', stderr: 'buildctx: cannot read x\n' }, null],
    [{ argv: ['scan'], code: 2, stdout: '', stderr: 'buildctx: a: x\nbuildctx: b: y\n' }, null],
    [{ argv: ['ls'], code: 134, stdout: '', stderr: '' }, 'exit code 134'],
    [
      { argv: ['ls'], code: 2, stdout: '', stderr: 'buildctx: internal error: boom\n' },
      'internal error: buildctx: internal error: boom',
    ],
    [{ argv: ['ls'], code: 1, stdout: '', stderr: 'TypeError: x\n    at f (/a.js:1:2)\n' }, 'stack trace on stderr'],
    [{ argv: ['ls'], code: 2, stdout: '', stderr: 'buildctx: a\nbuildctx: b\n' }, 'exit 2 with 2 lines on stderr'],
    [{ argv: ['ls'], code: 0, stdout: 'SECRET=never-printed', stderr: '' }, 'secret printed'],
  ] as const)('%o → %s', ([outcome, expected]) => {
    expect(failureOf(outcome)).toBe(expected);
  });
});
