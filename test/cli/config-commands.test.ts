// The configuration file read by fix, scan and compose: the same search and flag precedence as
// the report, overrides applied to each build by its context, --print-config, and a bad value
// stopping the run with exit 2 naming the key.
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { scanRepository } from '../../src/scan/scan.js';
import { makeTree, type TreeSpec } from '../helpers/make-tree.js';
import { runCli } from '../helpers/run-cli.js';

const PINNED = `debian:12@sha256:${'a'.repeat(64)}`;
/** One service: an info secret-file (.env sent, never copied) and an info missing-dockerignore. */
const SERVICE: TreeSpec = {
  Dockerfile: `FROM ${PINNED}\nCOPY app.py /app/\n`,
  'app.py': 'print(1)\n',
  '.env': 'X=1\n',
};

/** A repository with two services, `services/api` and `services/web`, and a root configuration file. */
function monorepo(config: unknown, extra: TreeSpec = {}): string {
  return makeTree({
    '.git': { dir: {} },
    'services/api': { dir: SERVICE },
    'services/web': { dir: SERVICE },
    'buildctx.config.json': JSON.stringify(config),
    ...extra,
  });
}

const API_SECRET_IS_ERROR = { overrides: [{ contexts: ['services/api'], checks: { 'secret-file': 'error' } }] };

interface BuildJson {
  build: string;
  findings: { check: string; severity: string }[];
}

function severities(builds: readonly BuildJson[]): Record<string, string[]> {
  return Object.fromEntries(builds.map((b) => [b.build, b.findings.map((f) => `${f.severity} ${f.check}`).sort()]));
}

describe('scan --all', () => {
  test('an override changes the findings of the build whose context it names, not the other', async () => {
    const dir = monorepo(API_SECRET_IS_ERROR);
    const r = await runCli(['scan', '--all', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(severities(JSON.parse(r.stdout) as BuildJson[])).toEqual({
      'services/api/Dockerfile': ['error secret-file', 'info missing-dockerignore'],
      'services/web/Dockerfile': ['info missing-dockerignore', 'info secret-file'],
    });
    expect(r.stderr).toBe('buildctx: services/api/Dockerfile: 1 finding at or above --fail-on error\n');
    // The flag wins over the file.
    expect((await runCli(['scan', '--all', dir, '--format', 'json', '--fail-on', 'none'])).code).toBe(0);
    // Without the file both builds are alike.
    const none = await runCli(['scan', '--all', dir, '--format', 'json', '--no-config']);
    expect(none.code).toBe(0);
    const plain = severities(JSON.parse(none.stdout) as BuildJson[]);
    expect(plain['services/api/Dockerfile']).toEqual(plain['services/web/Dockerfile']);
  });

  test('limits and failOn of an override apply to that build; the table names an exceeded limit on stderr', async () => {
    const dir = monorepo({
      failOn: 'none',
      overrides: [{ contexts: ['services/web'], maxFiles: 2, failOn: 'info' }],
    });
    const r = await runCli(['scan', '--all', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^buildctx: services\/web\/Dockerfile: --max-files 2 exceeded: measured 3; biggest: /);
    expect(r.stderr).not.toContain('services/api');
  });

  test('--print-config: the settings at ROOT, then what an override changes per build', async () => {
    const dir = monorepo(API_SECRET_IS_ERROR);
    const r = await runCli(['scan', '--all', '.', '--print-config', '--disable', 'pip-cache'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^configuration file: buildctx\.config\.json$/m);
    expect(r.stdout).toMatch(/^checks\.pip-cache +off +--disable$/m);
    expect(r.stdout).toMatch(/^checks\.secret-file +warning +default$/m);
    expect(r.stdout).toMatch(
      /\nbuild services\/api\/Dockerfile \(context services\/api\):\n {2}checks\.secret-file +error +buildctx\.config\.json overrides\[0\]\n$/,
    );
    expect(r.stdout).not.toContain('services/web');
    const json = JSON.parse(
      (await runCli(['scan', '--all', '.', '--print-config', '--format', 'json'], { cwd: dir })).stdout,
    );
    expect(json.builds.map((b: { build: string }) => b.build)).toEqual([
      'services/api/Dockerfile',
      'services/web/Dockerfile',
    ]);
    expect(json.builds[0].config.checks['secret-file']).toEqual({
      value: 'error',
      source: 'buildctx.config.json overrides[0]',
    });
    expect(json.builds[1].config.checks['secret-file']).toEqual({ value: 'warning', source: 'default' });
  });

  test('a bad value: exit 2, one line naming the key', async () => {
    const dir = monorepo({ overrides: [{ contexts: ['services/api'], maxSize: '1.5B' }] });
    const r = await runCli(['scan', '--all', dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'buildctx: buildctx.config.json: overrides[0].maxSize: "1.5B" is not a whole number of bytes\n',
    );
  });
});

test('the library: scanRepository gives each build the settings settingsFor returns', async () => {
  const dir = monorepo({});
  const result = await scanRepository({
    root: dir,
    env: {},
    settingsFor: (b) => (b.build.startsWith('services/api/') ? { severity: { 'secret-file': 'error' } } : {}),
  });
  expect(severities(result.builds.map((b) => ({ build: b.build, findings: b.report!.findings })))).toEqual({
    'services/api/Dockerfile': ['error secret-file', 'info missing-dockerignore'],
    'services/web/Dockerfile': ['info missing-dockerignore', 'info secret-file'],
  });
});

describe('compose', () => {
  const COMPOSE = 'services:\n  api:\n    build: ./services/api\n  web:\n    build: ./services/web\n';

  test('an override changes the findings of the service whose context it names, not the other', async () => {
    const dir = monorepo(API_SECRET_IS_ERROR, { 'compose.yaml': COMPOSE });
    const r = await runCli(['compose', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(severities((JSON.parse(r.stdout) as { builds: BuildJson[] }).builds)).toEqual({
      'compose.yaml:api': ['error secret-file', 'info missing-dockerignore'],
      'compose.yaml:web': ['info missing-dockerignore', 'info secret-file'],
    });
    expect((await runCli(['compose', '--format', 'json', '--fail-on', 'none'], { cwd: dir })).code).toBe(0);
  });

  test('the file is searched from the project directory; --print-config shows each service', async () => {
    const dir = monorepo(API_SECRET_IS_ERROR, {
      'services/compose.yaml': 'services:\n  api:\n    build: ./api\n  web:\n    build: ./web\n',
    });
    const r = await runCli(['compose', '-f', 'services/compose.yaml', '--print-config'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^configuration file: buildctx\.config\.json$/m);
    expect(r.stdout).toMatch(
      /\nbuild compose\.yaml:api \(context services\/api\):\n {2}checks\.secret-file +error +buildctx\.config\.json overrides\[0\]\n$/,
    );
    expect(r.stdout).not.toContain('compose.yaml:web');
  });

  test('a bad value: exit 2, one line naming the key', async () => {
    const dir = monorepo({ checks: { 'secret-file': 'fatal' } }, { 'compose.yaml': COMPOSE });
    const r = await runCli(['compose'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'buildctx: buildctx.config.json: checks.secret-file: must be one of off, info, warning, error, not "fatal"\n',
    );
  });
});

describe('fix', () => {
  interface FixJson {
    changed: boolean;
    lines: { line: string; findings: { check: string }[] }[];
  }

  test('checks the file turns off are not fixed; a flag still wins', async () => {
    const dir = monorepo({ checks: { 'secret-file': 'off', 'missing-dockerignore': 'off' } });
    const api = path.join(dir, 'services/api');
    const off = await runCli(['fix', api, '--format', 'json']);
    expect(off.code).toBe(0);
    expect((JSON.parse(off.stdout) as FixJson).changed).toBe(false);
    const without = JSON.parse((await runCli(['fix', api, '--format', 'json', '--no-config'])).stdout) as FixJson;
    expect(without.changed).toBe(true);
    expect(without.lines.flatMap((l) => l.findings.map((f) => f.check)).sort()).toEqual([
      'missing-dockerignore',
      'secret-file',
    ]);
  });

  test('ignorePaths: a suppressed finding is left alone', async () => {
    const dir = monorepo({ overrides: [{ contexts: ['services/api'], ignorePaths: ['.env'] }] });
    const api = JSON.parse(
      (await runCli(['fix', path.join(dir, 'services/api'), '--format', 'json', '--only', 'secret-file'])).stdout,
    ) as FixJson;
    expect(api.changed).toBe(false);
    const web = JSON.parse(
      (await runCli(['fix', path.join(dir, 'services/web'), '--format', 'json', '--only', 'secret-file'])).stdout,
    ) as FixJson;
    expect(web.lines.map((l) => l.line)).toEqual(['/.env']);
  });

  test('--print-config: the file, its override and the flags', async () => {
    const dir = monorepo({ platform: 'linux/arm64', overrides: [{ contexts: ['services/*'], libc: 'musl' }] });
    const r = await runCli(['fix', 'services/api', '--print-config', '--platform', 'linux/amd64'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^platform +linux\/amd64 +--platform$/m);
    expect(r.stdout).toMatch(/^libc +musl +buildctx\.config\.json overrides\[0\]$/m);
    const json = JSON.parse(
      (await runCli(['fix', 'services/api', '--print-config', '--format', 'json'], { cwd: dir })).stdout,
    );
    expect(json.platform).toEqual({ value: 'linux/arm64', source: 'buildctx.config.json' });
  });

  test('a bad value: exit 2, one line naming the key', async () => {
    const dir = monorepo({ libc: 'bionic' });
    const r = await runCli(['fix', path.join(dir, 'services/api')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('buildctx: buildctx.config.json: libc: must be one of glibc, musl, not "bionic"\n');
  });
});
