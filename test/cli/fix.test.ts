// `buildctx fix` through the real bin: the diff without --write, the edit with it, idempotence,
// the Dockerfile-specific ignore file, COPY safety, and the bundled problem contexts end to end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { analyzeContext } from '../../src/analyze/analyze.js';
import { pathsCopiedByName } from '../../src/dockerfile/copied-paths.js';
import { findBuildFiles } from '../../src/fs/find-build-files.js';
import { makeTree, tempDir } from '../helpers/make-tree.js';
import { runBin } from '../helpers/run-bin.js';
import { runCli } from '../helpers/run-cli.js';

const EXAMPLES = fileURLToPath(new URL('../../fixtures/examples', import.meta.url));

/** A copy of a bundled example in a temporary directory (fix writes into its context). */
function copyExample(name: string): string {
  const dir = path.join(tempDir(), name);
  fs.cpSync(path.join(EXAMPLES, name), dir, { recursive: true });
  return dir;
}

interface FixJson {
  ignoreFile: string;
  created: boolean;
  changed: boolean;
  written: boolean;
  lines: {
    line: string;
    suggested: string;
    files: number;
    bytes: number;
    findings: { check: string; fingerprint: string }[];
  }[];
  skipped: { line: string; reason: string; detail: string; findings: { fingerprint: string }[] }[];
  before: { files: number; bytes: number; findings: number };
  after: { files: number; bytes: number; findings: number };
  remaining: { check: string; fingerprint: string }[];
}

async function fixJson(args: string[], cwd?: string): Promise<{ code: number; json: FixJson; stderr: string }> {
  const r = await runCli(['fix', '--format', 'json', ...args], cwd !== undefined ? { cwd } : {});
  expect(r.stderr).toBe('');
  return { code: r.code, json: JSON.parse(r.stdout) as FixJson, stderr: r.stderr };
}

describe('fix', () => {
  test('without --write: the diff, the measured lines and the totals; nothing is written', async () => {
    const dir = copyExample('fix-node');
    const before = fs.readFileSync(path.join(dir, '.dockerignore'));
    const r = await runCli(['fix', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a/.dockerignore\n+++ b/.dockerignore\n');
    expect(r.stdout).toMatch(/^\+\*\*\/node_modules$/m);
    expect(r.stdout).toMatch(
      /^\+# Added by buildctx fix: gitignored-in-context, host-environment, secret-file, volatile-files-in-copy$/m,
    );
    expect(r.stdout).toMatch(/findings\s*│\s*5\s*│\s*0/);
    expect(r.stdout).toContain('Run with --write');
    expect(fs.readFileSync(path.join(dir, '.dockerignore'))).toEqual(before);
  });

  test('--write appends one block after the untouched lines; a second run adds nothing', async () => {
    const dir = copyExample('fix-node');
    const file = path.join(dir, '.dockerignore');
    const original = fs.readFileSync(file, 'utf8');
    const first = await fixJson([dir, '--write']);
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({ ignoreFile: '.dockerignore', changed: true, written: true, created: false });
    expect(first.json.lines.map((l) => l.line)).toEqual(['/.env.local', '**/node_modules', '**/coverage', '**/*.log']);
    expect(first.json.lines.map((l) => l.files)).toEqual([1, 3, 1, 1]);
    expect(first.json.after).toMatchObject({ findings: 0 });
    expect(first.json.after.bytes).toBeLessThan(first.json.before.bytes);
    const written = fs.readFileSync(file, 'utf8');
    expect(written.startsWith(original)).toBe(true);
    expect(written.slice(original.length)).toBe(
      '\n# Added by buildctx fix: gitignored-in-context, host-environment, secret-file, volatile-files-in-copy\n' +
        // gitignored-in-context's **/.env.local removes exactly what /.env.local removes: one line for both.
        '# secret-file (.env.local), gitignored-in-context (.gitignore)\n/.env.local\n' +
        '# gitignored-in-context (.gitignore), host-environment (node_modules), host-environment (packages/ui/node_modules)\n**/node_modules\n' +
        '# gitignored-in-context (.gitignore), volatile-files-in-copy (Dockerfile)\n**/coverage\n**/*.log\n',
    );
    const second = await fixJson([dir, '--write']);
    expect(second.code).toBe(0);
    expect(second.json).toMatchObject({ changed: false, written: false, lines: [], remaining: [] });
    expect(fs.readFileSync(file, 'utf8')).toBe(written);
  });

  test('with a Dockerfile-specific ignore file, that file is edited and no .dockerignore appears', async () => {
    const dir = copyExample('fix-python');
    const r = await fixJson(['-f', 'docker/app.Dockerfile', '--write'], dir);
    expect(r.code).toBe(0);
    expect(r.json.ignoreFile).toBe('docker/app.Dockerfile.dockerignore');
    // The __pycache__ inside the copied src/ (a warning: it lands in the image) comes first;
    // gitignored-in-context is info here (no COPY takes what git ignores, so BuildKit does not send
    // it) and its tests/__pycache__ removes nothing **/__pycache__ does not: one line for both.
    expect(r.json.lines.map((l) => l.line)).toEqual(['**/__pycache__', '**/.venv', '**/.pytest_cache', '**/build']);
    expect(fs.existsSync(path.join(dir, '.dockerignore'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'docker/app.Dockerfile.dockerignore'), 'utf8')).toMatch(
      /^!README\.md\n\n# Added by buildctx fix/m,
    );
  });

  test('no ignore file: the root .dockerignore is created', async () => {
    const dir = makeTree({ '.gitignore': '*.tmp\n', 'a.tmp': '1', 'b.txt': '1' });
    const dry = await runCli(['fix', dir]);
    expect(dry.stdout).toContain('--- /dev/null\n+++ b/.dockerignore\n@@ -0,0 +1,3 @@\n');
    const r = await fixJson([dir, '--write']);
    expect(r.json).toMatchObject({ created: true, written: true });
    expect(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toBe(
      '# Added by buildctx fix: gitignored-in-context\n# gitignored-in-context (.gitignore)\n**/*.tmp\n',
    );
  });

  test('a line that would remove what a COPY names is refused: the finding remains, exit 1', async () => {
    const dir = makeTree({
      Dockerfile: 'FROM alpine\nCOPY build/assets /assets\nCOPY . /src\n',
      '.gitignore': 'build/\n',
      'build/assets/logo.svg': '<svg/>',
      'build/cache/x.bin': { size: 100 },
    });
    // build/ as a whole is copied in part: only build/cache may go.
    const r = await fixJson([dir]);
    expect(r.code).toBe(0);
    expect(r.json.lines.map((l) => l.line)).toEqual(['build/cache']);
    // A finding about a directory a COPY names: its ignore line would remove the COPY source, so the
    // finding offers none (only lines that work are suggested) and gives the chmod instead.
    const locked = makeTree({ Dockerfile: 'FROM alpine\nCOPY data /data\n', 'data/a': '1', 'other/b': '1' });
    fs.chmodSync(locked, 0o755);
    fs.chmodSync(path.join(locked, 'data'), 0o000);
    const u = runBin(['fix', locked, '--format', 'json'], { unprivileged: true });
    const text = runBin(['fix', locked], { unprivileged: true });
    fs.chmodSync(path.join(locked, 'data'), 0o755);
    expect(u.code).toBe(1);
    const json = JSON.parse(u.stdout) as FixJson;
    expect(json.lines).toEqual([]);
    expect(json.skipped).toEqual([]);
    expect(json.remaining).toEqual([]);
    const unresolved = (
      JSON.parse(u.stdout) as { unresolved: { check: string; message: string; data: { ignoreLines: string[] } }[] }
    ).unresolved.filter((f) => f.check === 'unreadable-directory');
    expect(unresolved.map((f) => [f.check, f.data.ignoreLines])).toEqual([['unreadable-directory', []]]);
    expect(unresolved[0]!.message).toMatch(
      /leaving it out would remove what the Dockerfile names: make it readable: chmod a\+rx data$/,
    );
    expect(text.code).toBe(1);
    expect(text.stdout).not.toMatch(/Not added:/);
    expect(text.stdout).toMatch(
      /Findings no ignore line can resolve \(change the Dockerfile or the files instead\):\n {2}error \[unreadable-directory\] data/,
    );
  });

  test('--only limits what is fixed and what counts as remaining', async () => {
    const dir = copyExample('fix-node');
    const r = await fixJson([dir, '--only', 'unreadable-directory']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ changed: false, lines: [], before: { findings: 0 } });
  });

  test.for([
    [['fix', '--only', 'no-such-check'], /fix: --only: unknown check "no-such-check"/],
    [['fix', 'a', 'b'], /fix: expected at most one CONTEXT/],
    [['fix', '--format', 'sarif'], /fix: --format must be one of text, json/],
  ] as const)('usage error: %j', async ([args, message]) => {
    const r = await runCli([...args], { cwd: makeTree({ a: '1' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('a symlinked ignore file is not replaced', async () => {
    const dir = makeTree({
      'real.ignore': 'x\n',
      '.dockerignore': { symlink: 'real.ignore' },
      '.gitignore': '*.tmp\n',
      'a.tmp': '1',
    });
    const r = await runCli(['fix', dir, '--write']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.dockerignore is a symbolic link/);
    expect(fs.lstatSync(path.join(dir, '.dockerignore')).isSymbolicLink()).toBe(true);
  });
});

describe('every bundled problem context: fix --write, then the fixed findings are gone and every copied path is still sent', () => {
  const examples = fs
    .readdirSync(EXAMPLES)
    .filter((name) => fs.statSync(path.join(EXAMPLES, name)).isDirectory())
    .sort();

  test('there are bundled examples', () => {
    expect(examples).toEqual(expect.arrayContaining(['fix-node', 'fix-python']));
  });

  test.for(examples)('%s', async (name) => {
    const dir = copyExample(name);
    const dockerfiles = findBuildFiles(dir).dockerfiles;
    const dockerfile = dockerfiles.includes('Dockerfile') ? 'Dockerfile' : dockerfiles[0];
    const fileArgs = dockerfile !== undefined ? ['-f', dockerfile] : [];
    const before = await analyzeContext({
      context: dir,
      cwd: dir,
      ...(dockerfile !== undefined ? { dockerfile } : {}),
    });
    const copiedBefore = [...pathsCopiedByName(before.model.dockerfileModel, before.model.entries).keys()];
    const r = await fixJson([...fileArgs, '--write'], dir);
    const refused = new Set(
      r.json.skipped.filter((s) => s.reason !== 'no-effect').flatMap((s) => s.findings.map((f) => f.fingerprint)),
    );
    const fixed = new Set(
      r.json.lines.flatMap((l) => l.findings.map((f) => f.fingerprint)).filter((fp) => !refused.has(fp)),
    );
    const suggestsLines = before.report.findings.some(
      (f) => Array.isArray(f.data.ignoreLines) && f.data.ignoreLines.length > 0,
    );
    if (suggestsLines) expect(fixed.size).toBeGreaterThan(0);
    const report = JSON.parse(
      (await runCli(['.', ...fileArgs, '--format', 'json', '--fail-on', 'none'], { cwd: dir })).stdout,
    ) as { findings: { fingerprint: string }[] };
    expect(report.findings.filter((f) => fixed.has(f.fingerprint))).toEqual([]);
    const after = await analyzeContext({ context: dir, cwd: dir, ...(dockerfile !== undefined ? { dockerfile } : {}) });
    // Every copied path stays, except what a finding marks removable (volatile files, host environments inside a copied directory).
    const removable = before.report.findings.flatMap((f) =>
      Array.isArray(f.data.removablePaths) ? (f.data.removablePaths as string[]) : [],
    );
    const isRemovable = (p: string) => removable.some((r) => p === r || p.startsWith(r + '/'));
    expect(copiedBefore.filter((p) => !after.model.entryByPath.has(p) && !isRemovable(p))).toEqual([]);
    if (name.startsWith('fix-')) expect(copiedBefore.length).toBeGreaterThan(0);
  });
});
