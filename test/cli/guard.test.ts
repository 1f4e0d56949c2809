// The CI guard through the real bin: --fail-on, --disable, --baseline, --max-growth, --output,
// the output formats and their error cases.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checks } from '../../src/analyze/registry.js';
import { makeTree, tempDir, type TreeSpec } from '../helpers/make-tree.js';
import { runBin, type BinResult } from '../helpers/run-bin.js';
import { runCli } from '../helpers/run-cli.js';

/** A tree the unprivileged run can read (temporary directories start as 0700). */
function tree(spec: TreeSpec, root = tempDir()): string {
  fs.mkdirSync(root, { recursive: true });
  fs.chmodSync(root, 0o755);
  return makeTree(spec, root);
}

/** A context with `locked` unreadable: an `unreadable-directory` error when run unprivileged. */
function lockedTree(root?: string): string {
  const dir = tree({ 'locked/secret.txt': 'x', 'app.py': 'print(1)\n' }, root);
  fs.chmodSync(path.join(dir, 'locked'), 0o000);
  return dir;
}

/** A directory everyone may write to, for --output and baselines written by the unprivileged run. */
function outDir(): string {
  const dir = tempDir();
  fs.chmodSync(dir, 0o777);
  return dir;
}

function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): BinResult {
  return runBin(args, { ...options, unprivileged: true });
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
  ] as const)('an error finding with %j exits %i', ([args, code]) => {
    const r = run([lockedTree(), '--format', 'json', ...args]);
    expect(r.code).toBe(code);
    expect(JSON.parse(r.stdout).findings.map((f: { check: string }) => f.check)).toEqual(['unreadable-directory']);
    if (code === 1) expect(r.stderr).toMatch(/1 finding at or above --fail-on/);
  });

  test('a clean context passes even at info', () => {
    expect(run([tree({ a: '1' }), '--fail-on', 'info']).code).toBe(0);
  });

  test('--fail-on none still fails on an exceeded limit', () => {
    const r = run([lockedTree(), '--fail-on', 'none', '--max-files', '0', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--max-files exceeded/);
  });

  test('an unknown level is a usage error', () => {
    expectUsageError(
      run([tree({ a: '1' }), '--fail-on', 'fatal']),
      /--fail-on must be one of error, warning, info, none/,
    );
  });
});

describe('--disable', () => {
  test('a disabled check does not run', () => {
    const r = run([lockedTree(), '--disable', 'unreadable-directory', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });

  test('an unknown id is a usage error that lists the known ids', () => {
    const r = run([tree({ a: '1' }), '--disable', 'unreadable-directory', '--disable', 'no-such-check']);
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
  function baselineFile(context: string): string {
    const file = path.join(outDir(), 'baseline.json');
    const r = run([context, '--format', 'json', '--output', file]);
    expect(r.code).toBe(1);
    return file;
  }

  test('a finding already in the baseline does not fail; a new one does', () => {
    const dir = lockedTree();
    const baseline = baselineFile(dir);
    const same = run([dir, '--format', 'json', '--baseline', baseline]);
    expect(same.code).toBe(0);
    const report = JSON.parse(same.stdout);
    expect(report.findings).toEqual([
      expect.objectContaining({ path: 'locked', new: false, fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) }),
    ]);
    expect(report.baseline).toMatchObject({
      file: baseline,
      newFindings: 0,
      fixedFindings: 0,
      files: { delta: 0 },
      bytes: { delta: 0 },
    });

    fs.mkdirSync(path.join(dir, 'locked2'), { mode: 0o000 });
    const grown = run([dir, '--format', 'json', '--baseline', baseline]);
    expect(grown.code).toBe(1);
    expect(JSON.parse(grown.stdout).findings.map((f: { path: string; new: boolean }) => [f.path, f.new])).toEqual([
      ['locked', false],
      ['locked2', true],
    ]);
    expect(grown.stderr).toMatch(/1 finding at or above --fail-on error new since the baseline/);
  });

  test('a fixed finding is counted; the table says what changed', () => {
    const dir = lockedTree();
    const baseline = baselineFile(dir);
    fs.chmodSync(path.join(dir, 'locked'), 0o755);
    const r = run([dir, '--format', 'json', '--baseline', baseline]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).baseline).toMatchObject({
      newFindings: 0,
      fixedFindings: 1,
      files: { delta: 1 },
      bytes: { delta: 1 },
    });
    const table = run([dir, '--baseline', baseline]).stdout.replace(/\n {11}/g, ' ');
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
  ] as const)('%s: exit 2, one line', ([, content, message]) => {
    const file = path.join(outDir(), 'b.json');
    fs.writeFileSync(file, content);
    expectUsageError(run([tree({ a: '1' }), '--baseline', file]), message);
  });

  test('a missing baseline file: exit 2, one line', () => {
    expectUsageError(
      run([tree({ a: '1' }), '--baseline', path.join(outDir(), 'nope.json')]),
      /--baseline .*nope\.json: no such file/,
    );
  });
});

describe('--max-growth', () => {
  function grownContext(): { dir: string; baseline: string; before: number } {
    const dir = tree({ 'a.txt': { size: 10_000 } });
    const baseline = path.join(outDir(), 'baseline.json');
    expect(run([dir, '--format', 'json', '--output', baseline]).code).toBe(0);
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
  ] as const)('2000 bytes of growth over 10000 with --max-growth %s exits %i', ([limit, code]) => {
    const { dir, baseline } = grownContext();
    const r = run([dir, '--format', 'json', '--baseline', baseline, '--max-growth', limit]);
    expect(r.code).toBe(code);
    const growth = JSON.parse(r.stdout).baseline.growthLimit;
    expect(growth).toMatchObject({ actual: 2000, exceeded: code === 1 });
    if (code === 1) expect(r.stderr).toMatch(/--max-growth exceeded: content grew by 2000 bytes/);
  });

  test('needs --baseline; a bad value is a usage error', () => {
    expectUsageError(run([tree({ a: '1' }), '--max-growth', '5%']), /--max-growth needs --baseline/);
    const { dir, baseline } = grownContext();
    expectUsageError(
      run([dir, '--baseline', baseline, '--max-growth', 'ten%']),
      /--max-growth: "ten%" is not a percentage/,
    );
  });
});

describe('--output', () => {
  test('writes the report to the file, not stdout, and keeps the exit code', () => {
    const out = outDir();
    const file = path.join(out, 'report.sarif');
    const r = run([lockedTree(), '--format', 'sarif', '--output', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const log = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['unreadable-directory']);
    expect(fs.readdirSync(out)).toEqual(['report.sarif']);
  });

  test('replaces an existing file; a table written to a file has no colours', () => {
    const file = path.join(outDir(), 'report.txt');
    fs.writeFileSync(file, 'old content that is longer than nothing');
    fs.chmodSync(file, 0o666);
    expect(run([tree({ a: '1' }), '--output', file], { env: { FORCE_COLOR: '1' } }).code).toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^Context {4}\//);
    expect(text).not.toMatch(/\u001b\[/);
  });

  test('an unwritable destination: exit 2, one line, nothing left behind', () => {
    const out = outDir();
    expectUsageError(
      run([tree({ a: '1' }), '--output', path.join(out, 'missing-dir', 'r.json')]),
      /--output .*r\.json: cannot write it \(ENOENT/,
    );
    fs.mkdirSync(path.join(out, 'is-a-dir'));
    expectUsageError(run([tree({ a: '1' }), '--output', path.join(out, 'is-a-dir')]), /cannot write it/);
    expect(fs.readdirSync(out)).toEqual(['is-a-dir']);
  });
});

describe('formats from the bin', () => {
  function repo(): { root: string; context: string } {
    const root = tempDir();
    fs.chmodSync(root, 0o755);
    const context = lockedTree(path.join(root, 'services', 'api'));
    return { root, context };
  }

  test('github: paths relative to the working directory', () => {
    const { root } = repo();
    const r = run(['services/api', '--format', 'github'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(
      '::error file=services/api/locked,title=unreadable-directory::locked/ cannot be read (EACCES); docker build fails with "permission denied" unless the ignore file excludes it%0AFix: add to .dockerignore: /locked',
    );
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^::notice title=buildctx::/);
  });

  test('github: relative to GITHUB_WORKSPACE when it is set (a step with working-directory)', () => {
    const { root, context } = repo();
    const r = run(['.', '--format', 'github'], { cwd: context, env: { GITHUB_WORKSPACE: root } });
    expect(r.stdout).toMatch(/^::error file=services\/api\/locked,/);
  });

  test('markdown: a findings table', () => {
    const r = run([lockedTree(), '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^### buildctx: /);
    expect(r.stdout).toMatch(/^\| 🛑 error \| \[`unreadable-directory`\]/m);
  });

  test('an unknown format lists the formats', () => {
    expectUsageError(
      run([tree({ a: '1' }), '--format', 'xml']),
      /--format must be one of table, json, sarif, markdown, github/,
    );
  });
});
