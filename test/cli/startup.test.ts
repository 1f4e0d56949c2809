// What a command loads: --version and help answer without the analysis, and a report loads
// neither the HTML reporter, Compose's YAML reader, the repository scan nor the packer. Modules
// are listed by a module-loader hook (node:module register) in the real bin's process.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { makeTree } from '../helpers/make-tree.js';
import { BIN } from '../helpers/run-bin.js';

const HOOKS = `import { writeSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) writeSync(2, 'loaded ' + url + '\\n');
  return next(url, context);
}`;
const REGISTER = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}));`;

/** The file modules the bin loads for `args`, relative to the package (node_modules/<name>/… for dependencies). */
function loadedModules(args: readonly string[]): { code: number; stdout: string; modules: string[] } {
  const root = path.dirname(path.dirname(BIN));
  const r = spawnSync(
    process.execPath,
    ['--import', 'data:text/javascript,' + encodeURIComponent(REGISTER), BIN, ...args],
    { env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
  );
  const modules = r.stderr
    .toString('utf8')
    .split('\n')
    .filter((l) => l.startsWith('loaded file://'))
    .map((l) => path.relative(root, new URL(l.slice('loaded '.length)).pathname));
  return { code: r.status ?? -1, stdout: r.stdout.toString('utf8'), modules };
}

const HEAVY = [
  /^node_modules\/(yaml|d3-hierarchy|fast-glob|tar-stream|file-type)\//,
  /^dist\/(report\/html|compose\/yaml-tree|scan\/|pack\/|diagnose\/)/,
];

describe('start-up', () => {
  test('--version loads the CLI entry and nothing of the analysis', () => {
    const r = loadedModules(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^buildctx \d+\.\d+\.\d+\n$/);
    // The hook sees the bin itself, so an empty list would mean the hook failed, not a fast start.
    expect(r.modules).toContain('bin/buildctx.js');
    expect(
      r.modules.filter((m) => /^dist\/(analyze|checks|context|facts|report|sniff|dockerfile|compose)\//.test(m)),
    ).toEqual([]);
    expect(r.modules.filter((m) => m.startsWith('node_modules/'))).toEqual([]);
    // Answered before the CLI itself loads (src/cli/quick.ts).
    expect(r.modules).not.toContain('dist/cli/main.js');
    expect(r.modules.length).toBeLessThan(10);
  });

  test('a JSON report loads no module only another command or format needs', () => {
    const dir = makeTree({ 'app.py': 'print(1)\n', Dockerfile: 'FROM python:3.12\nCOPY . /app\n' });
    const r = loadedModules([dir, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.modules).toContain('dist/analyze/analyze.js');
    expect(r.modules.filter((m) => HEAVY.some((h) => h.test(m)))).toEqual([]);
  });
});
