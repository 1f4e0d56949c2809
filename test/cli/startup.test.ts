// What a command loads: --version and help answer without the analysis, and a report loads
// neither the HTML reporter, Compose's YAML reader, the repository scan nor the packer. Modules
// are listed by a module-loader hook (node:module register) in the real bin's process; the bin
// runs the CLI's bundle (esbuild.config.mjs), whose files name each source module they hold in a
// `// src/….ts` line, so what was loaded is known by source module.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
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

interface Loaded {
  code: number;
  stdout: string;
  /** Files loaded, relative to the package (node_modules/<name>/… for dependencies). */
  modules: string[];
  /** Source modules inside the loaded bundle files (src/cli/main.ts…). */
  sources: string[];
}

/** What the bin loads for `args`. */
function loadedModules(args: readonly string[]): Loaded {
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
    .map((l) => {
      // The tests' build lives under the package's node_modules/.cache: name dependencies from
      // their own node_modules/ segment, not by a ../../.. path relative to the build.
      const file = new URL(l.slice('loaded '.length)).pathname;
      const at = file.lastIndexOf('/node_modules/');
      return at !== -1 && !file.startsWith(root + '/') ? file.slice(at + 1) : path.relative(root, file);
    });
  const sources = modules
    .filter((m) => m.startsWith('dist/bundle/'))
    .flatMap((m) =>
      [...fs.readFileSync(path.join(root, m), 'utf8').matchAll(/^\/\/ (src\/\S+\.ts)$/gm)].map((x) => x[1]!),
    );
  return { code: r.status ?? -1, stdout: r.stdout.toString('utf8'), modules, sources };
}

const HEAVY_PACKAGES = /^node_modules\/(yaml|d3-hierarchy|fast-glob|tar-stream|file-type)\//;
const HEAVY_SOURCES = /^src\/(report\/html|compose\/yaml-tree|scan\/|pack\/|diagnose\/)/;

describe('start-up', () => {
  test('--version loads the CLI entry and nothing of the analysis', () => {
    const r = loadedModules(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^buildctx \d+\.\d+\.\d+\n$/);
    // The hook sees the bin itself, so an empty list would mean the hook failed, not a fast start.
    expect(r.modules).toContain('bin/buildctx.js');
    expect(r.sources).toContain('src/cli/quick.ts');
    expect(
      r.sources.filter((m) => /^src\/(analyze|checks|context|facts|report|sniff|dockerfile|compose)\//.test(m)),
    ).toEqual([]);
    expect(r.modules.filter((m) => m.startsWith('node_modules/'))).toEqual([]);
    // Answered before the CLI itself loads (src/cli/quick.ts).
    expect(r.sources).not.toContain('src/cli/main.ts');
    expect(r.modules.length).toBeLessThan(10);
  });

  test('a JSON report runs from the bundle and loads no module only another command or format needs', () => {
    const dir = makeTree({ 'app.py': 'print(1)\n', Dockerfile: 'FROM python:3.12\nCOPY . /app\n' });
    const r = loadedModules([dir, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.sources).toContain('src/analyze/analyze.ts');
    // Nothing from tsc's one-file-per-module output: the bundle is what runs.
    expect(r.modules.filter((m) => m.startsWith('dist/') && !m.startsWith('dist/bundle/'))).toEqual([]);
    expect(r.modules.length).toBeLessThan(40);
    expect(r.modules.filter((m) => HEAVY_PACKAGES.test(m))).toEqual([]);
    expect(r.sources.filter((m) => HEAVY_SOURCES.test(m))).toEqual([]);
  });

  test('the HTML report loads its renderer, which the JSON report leaves out', () => {
    const dir = makeTree({ 'app.py': 'print(1)\n', Dockerfile: 'FROM python:3.12\nCOPY . /app\n' });
    const r = loadedModules([dir, '--format', 'html']);
    expect(r.code).toBe(0);
    expect(r.sources).toContain('src/report/html.ts');
    expect(r.modules).toContainEqual(expect.stringMatching(/^node_modules\/d3-hierarchy\//));
  });
});
