// --baseline names where the context grew: pathSizes in JSON reports, baseline.paths, the
// --max-growth failure naming the top five, --baseline-detail, old and broken baselines.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Report } from '../../src/types.js';
import { makeTree, tempDir } from '../helpers/make-tree.js';
import { runCli } from '../helpers/run-cli.js';

const BASE = { 'src/app.py': { size: 5000 }, 'node_modules/a/index.js': { size: 3000 } };

async function baselineOf(dir: string, transform: (r: Record<string, unknown>) => unknown = (r) => r): Promise<string> {
  const r = await runCli([dir, '--format', 'json', '--no-config']);
  const file = path.join(tempDir(), 'base.json');
  fs.writeFileSync(file, JSON.stringify(transform(JSON.parse(r.stdout))));
  return file;
}

/** Grows the tree: a package added, a file added in src, and five small top-level files. */
function grow(dir: string): void {
  makeTree(
    {
      'node_modules/sharp/lib/sharp.node': { size: 40_000 },
      'src/new.py': { size: 2000 },
      ...Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`extra${i}.txt`, { size: 100 * i }])),
    },
    dir,
  );
}

describe('baseline.paths', () => {
  test('a JSON report keeps path sizes; the next run names what changed, largest first', async () => {
    const dir = makeTree(BASE);
    const baseline = await baselineOf(dir);
    expect(JSON.parse(fs.readFileSync(baseline, 'utf8')).pathSizes).toMatchObject({ depth: 4 });
    grow(dir);
    fs.rmSync(path.join(dir, 'node_modules/a'), { recursive: true });
    const r = await runCli([dir, '--format', 'json', '--baseline', baseline, '--max-growth', '1kB']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.baseline?.pathsCompared).toBe(true);
    expect(report.baseline?.paths.map((p) => `${p.status} ${p.path} ${p.delta}`)).toEqual([
      'added node_modules/sharp 40000',
      'removed node_modules/a -3000',
      'added src/new.py 2000',
      'added extra5.txt 500',
      'added extra4.txt 400',
      'added extra3.txt 300',
      'added extra2.txt 200',
      'added extra1.txt 100',
    ]);
    // The failure names the five paths that grew most.
    expect(r.stderr).toBe(
      'buildctx: --max-growth exceeded: content grew by 40500 bytes, allowed 1000; grew most: node_modules/sharp/ (+40kB, added), src/new.py (+2kB, added), extra5.txt (+500B, added), extra4.txt (+400B, added), extra3.txt (+300B, added)\n',
    );
  });

  test('the table names the changed paths beside the totals', async () => {
    const dir = makeTree(BASE);
    const baseline = await baselineOf(dir);
    grow(dir);
    const r = await runCli([dir, '--baseline', baseline, '--no-color']);
    expect(r.stdout).toMatch(
      /^Changed {4}node_modules\/sharp\/ \+40kB \(added\), src\/new\.py \+2kB \(added\), extra5\.txt \+500B \(added\),\n {11}extra4\.txt \+400B \(added\), extra3\.txt \+300B \(added\), and 2 more$/m,
    );
  });

  test('a baseline without path sizes says so and still compares the totals', async () => {
    const dir = makeTree(BASE);
    const baseline = await baselineOf(dir, (r) => ({ ...r, pathSizes: undefined }));
    grow(dir);
    const json = JSON.parse((await runCli([dir, '--format', 'json', '--baseline', baseline])).stdout) as Report;
    expect(json.baseline).toMatchObject({ pathsCompared: false, paths: [], bytes: { delta: 43_500 } });
    const table = await runCli([dir, '--baseline', baseline]);
    expect(table.stdout).toContain('Changed    not known: the baseline report has no path sizes');
  });

  test('--baseline-detail lists every path, so the very file is named', async () => {
    const dir = makeTree({ 'a/b/c/d/e/deep.bin': { size: 10 } });
    const r = await runCli([dir, '--format', 'json', '--baseline-detail']);
    const sizes = (JSON.parse(r.stdout) as Report).pathSizes!;
    expect(sizes.depth).toBeNull();
    expect(sizes.paths.map((p) => p.path)).toContain('a/b/c/d/e/deep.bin');
    const baseline = await baselineOf(dir, (rep) => ({ ...rep, pathSizes: sizes }));
    fs.writeFileSync(path.join(dir, 'a/b/c/d/e/deep.bin'), Buffer.alloc(50));
    const grown = await runCli([dir, '--format', 'json', '--baseline', baseline, '--baseline-detail']);
    expect((JSON.parse(grown.stdout) as Report).baseline?.paths.map((p) => p.path)).toEqual(['a/b/c/d/e/deep.bin']);
  });

  test.for([
    [
      ['--baseline-detail'],
      /^buildctx: report: --baseline-detail lists every path in the JSON report; add --format json\n$/,
    ],
  ] as const)('%j is a usage error', async ([args, message]) => {
    const r = await runCli([makeTree(BASE), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test.for([
    [{ depth: 'deep', paths: [] }, 'pathSizes depth is not a count or null'],
    [{ depth: 1, paths: [{ path: 'a', type: 'dir', bytes: -1 }] }, 'pathSizes [0] is not { path, type, bytes, files }'],
    [[], 'pathSizes is not { depth, paths }'],
  ] as const)('a baseline with pathSizes %j is refused in one line', async ([pathSizes, message]) => {
    const dir = makeTree(BASE);
    const baseline = await baselineOf(dir, (r) => ({ ...r, pathSizes }));
    const r = await runCli([dir, '--baseline', baseline]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`buildctx: --baseline ${baseline}: ${message}\n`);
  });
});
