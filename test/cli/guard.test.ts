// The CI guard through run(argv, io): --fail-on, --disable, --baseline, --max-growth, --output,
// the output formats and their error cases. The error finding is a COPY source missing from the
// context: it needs no permission tricks, so the run stays in-process (test/cli/smoke.test.ts
// starts the real bin).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checks } from '../../src/analyze/registry.js';
import type { BinResult } from '../helpers/run-bin.js';
import { makeTree, tempDir } from '../helpers/make-tree.js';
import { runCli } from '../helpers/run-cli.js';

const run = runCli;

/** A context whose only finding is a `copy-source-missing` error on Dockerfile line 2. */
function errorTree(root?: string): string {
  const spec = { Dockerfile: 'FROM scratch\nCOPY missing.txt /\n', '.dockerignore': '.git\n', 'app.py': 'print(1)\n' };
  return root === undefined ? makeTree(spec) : makeTree(spec, root);
}

function expectUsageError(r: BinResult, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stdout).toBe('');
}

describe('--fail-on', () => {
  test.for([
    [[], 1],
    [['--fail-on', 'error'], 1],
    [['--fail-on', 'warning'], 1],
    [['--fail-on', 'info'], 1],
    [['--fail-on', 'none'], 0],
  ] as const)('an error finding with %j exits %i', async ([args, code]) => {
    const r = await run([errorTree(), '--format', 'json', ...args]);
    expect(r.code).toBe(code);
    expect(JSON.parse(r.stdout).findings.map((f: { check: string }) => f.check)).toEqual(['copy-source-missing']);
    if (code === 1) expect(r.stderr).toMatch(/1 finding at or above --fail-on/);
  });

  test('a clean context passes even at info', async () => {
    expect((await run([makeTree({ a: '1' }), '--fail-on', 'info'])).code).toBe(0);
  });

  test('--fail-on none still fails on an exceeded limit', async () => {
    const r = await run([errorTree(), '--fail-on', 'none', '--max-files', '0', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--max-files exceeded/);
  });

  test('an unknown level is a usage error', async () => {
    expectUsageError(
      await run([makeTree({ a: '1' }), '--fail-on', 'fatal']),
      /--fail-on must be one of error, warning, info, none/,
    );
  });
});

describe('--disable', () => {
  test('a disabled check does not run', async () => {
    const r = await run([errorTree(), '--disable', 'copy-source-missing', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });

  test('an unknown id is a usage error that lists the known ids', async () => {
    const r = await run([makeTree({ a: '1' }), '--disable', 'copy-source-missing', '--disable', 'no-such-check']);
    expectUsageError(r, /unknown check "no-such-check"/);
    for (const c of checks) expect(r.stderr).toContain(c.meta.id);
  });
});

describe('--list-checks', () => {
  test('lists every registered check with its severity and title', async () => {
    const r = await runCli(['--list-checks']);
    expect(r.code).toBe(0);
    const ids = checks.map((c) => c.meta.id).sort();
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(ids);
    const json = JSON.parse((await runCli(['--list-checks', '--format', 'json'])).stdout);
    expect(json.map((c: { id: string }) => c.id)).toEqual(ids);
    expect(json[0]).toEqual(
      expect.objectContaining({
        severity: expect.any(String),
        title: expect.any(String),
        description: expect.any(String),
      }),
    );
  });
});

describe('--baseline', () => {
  async function baselineFile(context: string): Promise<string> {
    const file = path.join(tempDir(), 'baseline.json');
    const r = await run([context, '--format', 'json', '--output', file]);
    expect(r.code).toBe(1);
    return file;
  }

  test('a finding already in the baseline does not fail; a new one does', async () => {
    const dir = errorTree();
    const baseline = await baselineFile(dir);
    const same = await run([dir, '--format', 'json', '--baseline', baseline]);
    expect(same.code).toBe(0);
    const report = JSON.parse(same.stdout);
    expect(report.findings).toEqual([
      expect.objectContaining({
        check: 'copy-source-missing',
        path: 'Dockerfile',
        new: false,
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      }),
    ]);
    expect(report.baseline).toMatchObject({
      file: baseline,
      newFindings: 0,
      fixedFindings: 0,
      files: { delta: 0 },
      bytes: { delta: 0 },
    });

    // A second missing source, one line further down: the first finding keeps its fingerprint.
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY missing2.txt /\nCOPY missing.txt /\n');
    const grown = await run([dir, '--format', 'json', '--baseline', baseline]);
    expect(grown.code).toBe(1);
    const findings = JSON.parse(grown.stdout).findings as { line: number; new: boolean; data: { source: string } }[];
    expect(findings.map((f) => [f.data.source, f.line, f.new])).toEqual([
      ['missing2.txt', 2, true],
      ['missing.txt', 3, false],
    ]);
    expect(grown.stderr).toMatch(/1 finding at or above --fail-on error new since the baseline/);
  });

  test('a fixed finding is counted; the table says what changed', async () => {
    const dir = errorTree();
    const baseline = await baselineFile(dir);
    fs.writeFileSync(path.join(dir, 'missing.txt'), 'x');
    const r = await run([dir, '--format', 'json', '--baseline', baseline]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).baseline).toMatchObject({
      newFindings: 0,
      fixedFindings: 1,
      files: { delta: 1 },
      bytes: { delta: 1 },
    });
    const table = (await run([dir, '--baseline', baseline])).stdout.replace(/\n {11}/g, ' ');
    expect(table).toMatch(/^Since {6}\S+: \+1 file, \+1B \(.*\); 0 new findings, 1 fixed$/m);
  });

  test.for([
    ['not JSON', '{"schemaVersion": 1', /--baseline .*: not JSON/],
    [
      'another schema version',
      '{"schemaVersion": 2, "summary": {}, "findings": []}',
      /schemaVersion 2 is not supported/,
    ],
    ['not a report', '{"hello": "world"}', /not a buildctx JSON report/],
  ] as const)('%s: exit 2, one line', async ([, content, message]) => {
    const file = path.join(tempDir(), 'b.json');
    fs.writeFileSync(file, content);
    expectUsageError(await run([makeTree({ a: '1' }), '--baseline', file]), message);
  });

  test('a missing baseline file: exit 2, one line', async () => {
    expectUsageError(
      await run([makeTree({ a: '1' }), '--baseline', path.join(tempDir(), 'nope.json')]),
      /--baseline .*nope\.json: no such file/,
    );
  });
});

describe('--max-growth', () => {
  async function grownContext(): Promise<{ dir: string; baseline: string; before: number }> {
    const dir = makeTree({ 'a.txt': { size: 10_000 } });
    const baseline = path.join(tempDir(), 'baseline.json');
    expect((await run([dir, '--format', 'json', '--output', baseline])).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'b.bin'), Buffer.alloc(2_000));
    return { dir, baseline, before: 10_000 };
  }

  test.for([
    ['1999', 1],
    ['2kB', 0],
    ['1.9kB', 1],
    ['2KiB', 0],
    ['19.99%', 1],
    ['20%', 0],
  ] as const)('2000 bytes of growth over 10000 with --max-growth %s exits %i', async ([limit, code]) => {
    const { dir, baseline } = await grownContext();
    const r = await run([dir, '--format', 'json', '--baseline', baseline, '--max-growth', limit]);
    expect(r.code).toBe(code);
    const growth = JSON.parse(r.stdout).baseline.growthLimit;
    expect(growth).toMatchObject({ actual: 2000, exceeded: code === 1 });
    if (code === 1) expect(r.stderr).toMatch(/--max-growth exceeded: content grew by 2000 bytes/);
  });

  test('needs --baseline; a bad value is a usage error', async () => {
    expectUsageError(await run([makeTree({ a: '1' }), '--max-growth', '5%']), /--max-growth needs --baseline/);
    const { dir, baseline } = await grownContext();
    expectUsageError(
      await run([dir, '--baseline', baseline, '--max-growth', 'ten%']),
      /--max-growth: "ten%" is not a percentage/,
    );
  });
});

describe('--output', () => {
  test('writes the report to the file, not stdout, and keeps the exit code', async () => {
    const out = tempDir();
    const file = path.join(out, 'report.sarif');
    const r = await run([errorTree(), '--format', 'sarif', '--output', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const log = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['copy-source-missing']);
    expect(fs.readdirSync(out)).toEqual(['report.sarif']);
  });

  test('replaces an existing file; a table written to a file has no colours', async () => {
    const file = path.join(tempDir(), 'report.txt');
    fs.writeFileSync(file, 'old content that is longer than nothing');
    expect((await run([makeTree({ a: '1' }), '--output', file], { env: { FORCE_COLOR: '1' } })).code).toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^Context {4}\//);
    expect(text).not.toMatch(/\u001b\[/);
  });

  test('an unwritable destination: exit 2, one line, nothing left behind', async () => {
    const out = tempDir();
    expectUsageError(
      await run([makeTree({ a: '1' }), '--output', path.join(out, 'missing-dir', 'r.json')]),
      /--output .*r\.json: cannot write it \(ENOENT/,
    );
    fs.mkdirSync(path.join(out, 'is-a-dir'));
    expectUsageError(await run([makeTree({ a: '1' }), '--output', path.join(out, 'is-a-dir')]), /cannot write it/);
    expect(fs.readdirSync(out)).toEqual(['is-a-dir']);
  });
});

describe('formats', () => {
  function repo(): { root: string; context: string } {
    const root = tempDir();
    const context = errorTree(path.join(root, 'services', 'api'));
    return { root, context };
  }

  test('github: paths relative to the working directory', async () => {
    const { root } = repo();
    const r = await run(['services/api', '--format', 'github'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(
      '::error file=services/api/Dockerfile,line=2,title=copy-source-missing::COPY missing.txt: missing.txt is not in the build context, so the build fails with "failed to compute cache key: … "/missing.txt": not found"',
    );
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^::notice title=buildctx::/);
  });

  test('github: relative to GITHUB_WORKSPACE when it is set (a step with working-directory)', async () => {
    const { root, context } = repo();
    const r = await run(['.', '--format', 'github'], { cwd: context, env: { GITHUB_WORKSPACE: root } });
    expect(r.stdout).toMatch(/^::error file=services\/api\/Dockerfile,line=2,/);
  });

  test('markdown: a findings table', async () => {
    const r = await run([errorTree(), '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^### buildctx: /);
    expect(r.stdout).toMatch(/^\| 🛑 error \| \[`copy-source-missing`\]/m);
  });

  test('an unknown format lists the formats', async () => {
    expectUsageError(
      await run([makeTree({ a: '1' }), '--format', 'xml']),
      /--format must be one of table, json, sarif, markdown, github/,
    );
  });
});
