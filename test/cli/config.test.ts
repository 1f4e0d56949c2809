// The configuration file: where it is found, every key (good and bad values), the overrides for
// monorepos, the flags that win over it, --print-config, and the shipped JSON Schema agreeing with
// the validator.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { checks } from '../../src/analyze/registry.js';
import { parseConfig } from '../../src/cli/config.js';
import type { Report } from '../../src/types.js';
import { makeTree, tempDir, type TreeSpec } from '../helpers/make-tree.js';
import { runCli } from '../helpers/run-cli.js';

const ROOT = path.join(import.meta.dirname, '../..');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/cli/config-schema.json'), 'utf8')) as object;

const PINNED = `debian:12@sha256:${'a'.repeat(64)}`;
/** A context with two info findings: no .dockerignore, and a .env sent but not copied. */
const CONTEXT: TreeSpec = {
  Dockerfile: `FROM ${PINNED}\nCOPY app.py /app/\n`,
  'app.py': 'print(1)\n',
  '.env': 'X=1\n',
};
const DEFAULT_FINDINGS = ['info missing-dockerignore', 'info secret-file'];

/** A repository (has .git) holding `spec`; returns its root. */
function repo(spec: TreeSpec): string {
  return makeTree({ '.git': { dir: {} }, ...spec });
}

function config(value: unknown): string {
  return JSON.stringify(value);
}

async function reportOf(args: string[], cwd?: string): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await runCli([...args, '--format', 'json'], cwd !== undefined ? { cwd } : {});
  if (r.code === 2) throw new Error(`exit 2: ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

function checksOf(report: Report): string[] {
  return report.findings.map((f) => `${f.severity} ${f.check}`);
}

describe('finding the file', () => {
  test('without a file the defaults apply', async () => {
    const dir = repo(CONTEXT);
    const { code, report } = await reportOf([dir]);
    expect(code).toBe(0);
    expect(checksOf(report)).toEqual(DEFAULT_FINDINGS);
  });

  test.for([
    ['buildctx.config.json', { 'buildctx.config.json': config({ failOn: 'info' }) }],
    ['.buildctx.json', { '.buildctx.json': config({ failOn: 'info' }) }],
    ['package.json#buildctx', { 'package.json': config({ name: 'x', buildctx: { failOn: 'info' } }) }],
    [
      'buildctx.config.json',
      {
        'buildctx.config.json': config({ failOn: 'info' }),
        '.buildctx.json': config({ failOn: 'none' }),
        'package.json': config({ buildctx: { failOn: 'none' } }),
      },
    ],
    ['.buildctx.json', { '.buildctx.json': config({ failOn: 'info' }), 'package.json': config({ buildctx: {} }) }],
  ] as const)('%s is used', async ([expected, files]) => {
    const dir = repo({ ...CONTEXT, ...files });
    const r = await runCli([dir, '--print-config', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).file).toBe(expected);
    expect((await reportOf([dir])).code).toBe(1);
  });

  test('the search goes up from the context to the repository root, nearest file first', async () => {
    const dir = repo({
      'buildctx.config.json': config({ failOn: 'info' }),
      'svc/api': { dir: CONTEXT },
      'svc/web': { dir: { ...CONTEXT, 'package.json': config({ name: 'web' }) } },
      'svc/db': { dir: { ...CONTEXT, '.buildctx.json': config({ failOn: 'none' }) } },
    });
    expect((await reportOf([path.join(dir, 'svc/api')])).code).toBe(1);
    // A package.json without a "buildctx" key is no configuration: the search goes on.
    expect((await reportOf([path.join(dir, 'svc/web')])).code).toBe(1);
    const r = await runCli(['svc/db', '--print-config'], { cwd: dir });
    expect(r.stdout).toMatch(
      /^configuration file: svc\/db\/\.buildctx\.json\nfailOn +none +svc\/db\/\.buildctx\.json$/m,
    );
  });

  test('the search stops at the repository root', async () => {
    const outer = makeTree({ 'buildctx.config.json': config({ failOn: 'info' }) });
    makeTree({ '.git': { dir: {} }, ...CONTEXT }, path.join(outer, 'inner'));
    const r = await runCli([path.join(outer, 'inner'), '--print-config']);
    expect(r.stdout).toMatch(/^configuration file: none$/m);
  });

  test('a context in no repository is searched alone', async () => {
    const outer = makeTree({ 'buildctx.config.json': config({ failOn: 'info' }), ctx: { dir: CONTEXT } });
    expect((await reportOf([path.join(outer, 'ctx')])).code).toBe(0);
    fs.writeFileSync(path.join(outer, 'ctx/.buildctx.json'), config({ failOn: 'info' }));
    expect((await reportOf([path.join(outer, 'ctx')])).code).toBe(1);
  });

  test('a symlinked file found by the search is refused; named with --config it is read', async () => {
    const elsewhere = makeTree({ 'c.json': config({ failOn: 'info' }) });
    const dir = repo({ ...CONTEXT, 'buildctx.config.json': { symlink: path.join(elsewhere, 'c.json') } });
    const r = await runCli([dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^buildctx: .*buildctx\.config\.json: a symlinked configuration file is not read when found; name it with --config\n$/,
    );
    expect((await reportOf([dir, '--config', path.join(dir, 'buildctx.config.json')])).code).toBe(1);
  });

  test('--config FILE replaces the search; --no-config ignores every file', async () => {
    const other = makeTree({ 'ci.json': config({ failOn: 'none' }) });
    const dir = repo({ ...CONTEXT, 'buildctx.config.json': config({ failOn: 'info' }) });
    expect((await reportOf([dir])).code).toBe(1);
    expect((await reportOf([dir, '--config', path.join(other, 'ci.json')])).code).toBe(0);
    expect((await reportOf([dir, '--no-config'])).code).toBe(0);
    expect(
      (
        await reportOf(
          [dir, '--config', 'package.json'],
          makeTree({ ...CONTEXT, 'package.json': config({ buildctx: { failOn: 'info' } }) }),
        )
      ).code,
    ).toBe(1);
  });

  test.for([
    [['--config', 'missing.json'], /^buildctx: --config missing\.json: no such file$/],
    [['--config', 'package.json'], /^buildctx: --config package\.json: has no "buildctx" key$/],
    [['--config', 'a.json', '--no-config'], /^buildctx: report: give --config FILE or --no-config, not both$/],
    [['--print-config', '--format', 'sarif'], /^buildctx: report: --print-config prints table or json$/],
  ] as const)('%j is a usage error', async ([args, message]) => {
    const dir = repo({ ...CONTEXT, 'package.json': config({ name: 'x' }), 'a.json': '{}' });
    const r = await runCli([...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('every key', () => {
  async function withConfig(value: unknown, args: string[] = [], spec: TreeSpec = CONTEXT) {
    const dir = repo({ ...spec, 'buildctx.config.json': config(value) });
    return reportOf([dir, ...args]);
  }

  test('$schema is accepted and means nothing else', async () => {
    const { code, report } = await withConfig({ $schema: './node_modules/buildctx/src/cli/config-schema.json' });
    expect(code).toBe(0);
    expect(checksOf(report)).toEqual(DEFAULT_FINDINGS);
  });

  test.for([
    [{ 'missing-dockerignore': 'off' }, ['info secret-file'], 0],
    [{ 'missing-dockerignore': 'error' }, ['error missing-dockerignore', 'info secret-file'], 1],
    [{ 'secret-file': 'warning' }, ['warning secret-file', 'info missing-dockerignore'], 0],
    [
      { 'secret-file': 'error', 'missing-dockerignore': 'warning' },
      ['error secret-file', 'warning missing-dockerignore'],
      1,
    ],
  ] as const)('checks %j', async ([levels, expected, code]) => {
    const r = await withConfig({ checks: levels });
    expect(checksOf(r.report)).toEqual(expected);
    expect(r.code).toBe(code);
  });

  test.for([
    ['error', 0],
    ['warning', 0],
    ['info', 1],
    ['none', 0],
  ] as const)('failOn %s', async ([failOn, code]) => {
    expect((await withConfig({ failOn })).code).toBe(code);
  });

  test.for([
    [{ maxSize: 1 }, 'max-size', 1],
    [{ maxSize: '1kB' }, 'max-size', 0],
    [{ maxSize: '0.5KiB' }, 'max-size', 0],
    // Dockerfile, app.py, .env and buildctx.config.json itself.
    [{ maxFiles: 3 }, 'max-files', 1],
    [{ maxFiles: 4 }, 'max-files', 0],
  ] as const)('%j', async ([value, limit, code]) => {
    const r = await withConfig(value);
    expect(r.report.limits.map((l) => [l.limit, l.exceeded])).toEqual([[limit, code === 1]]);
    expect(r.code).toBe(code);
  });

  test('maxGrowth applies with --baseline only', async () => {
    const base = repo(CONTEXT);
    const baseline = path.join(tempDir(), 'base.json');
    fs.writeFileSync(baseline, (await runCli([base, '--format', 'json'])).stdout);
    const grown = { ...CONTEXT, 'big.bin': { size: 2000 } };
    expect((await withConfig({ maxGrowth: '1kB' }, [], grown)).code).toBe(0);
    const r = await withConfig({ maxGrowth: '1kB' }, ['--baseline', baseline], grown);
    expect(r.report.baseline?.growthLimit).toMatchObject({ maxBytes: 1000, exceeded: true });
    expect(r.code).toBe(1);
    expect(
      (await withConfig({ maxGrowth: '50%' }, ['--baseline', baseline], grown)).report.baseline?.growthLimit,
    ).toMatchObject({ percent: 50, exceeded: true });
    expect((await withConfig({ maxGrowth: 5000 }, ['--baseline', baseline], grown)).code).toBe(0);
  });

  test('platform and libc', async () => {
    const { report } = await withConfig({ platform: 'linux/arm64', libc: 'musl' });
    expect(report.target).toMatchObject({
      platform: 'linux/arm64',
      platformSource: 'option',
      libc: 'musl',
      libcSource: 'option',
    });
  });

  test('ignorePaths suppresses the findings about those paths', async () => {
    const spec = { ...CONTEXT, 'sub/.env': 'Y=2\n' };
    // Suppressed findings stay in the JSON, marked; the rest is what people see.
    const pathsOf = (r: Report) => r.findings.filter((f) => f.suppressed !== true).map((f) => `${f.check} ${f.path}`);
    expect(pathsOf((await withConfig({}, [], spec)).report)).toEqual([
      'missing-dockerignore Dockerfile',
      'secret-file .env',
      'secret-file sub/.env',
    ]);
    const suppressed = (await withConfig({ ignorePaths: ['.env'] }, [], spec)).report;
    expect(pathsOf(suppressed)).toEqual(['missing-dockerignore Dockerfile']);
    expect(suppressed.findings.filter((f) => f.suppressed).map((f) => [f.path, f.suppression])).toEqual([
      ['.env', { source: 'config', file: 'buildctx.config.json', line: null, reason: 'ignorePaths: .env' }],
      ['sub/.env', { source: 'config', file: 'buildctx.config.json', line: null, reason: 'ignorePaths: .env' }],
    ]);
    expect(pathsOf((await withConfig({ ignorePaths: ['/.env', 'Dockerfile'] }, [], spec)).report)).toEqual([
      'secret-file sub/.env',
    ]);
    expect(pathsOf((await withConfig({ ignorePaths: ['sub/'] }, [], spec)).report)).toEqual([
      'missing-dockerignore Dockerfile',
      'secret-file .env',
    ]);
  });

  test('overrides apply to the contexts they name, in order, after the top level', async () => {
    const dir = repo({
      'buildctx.config.json': config({
        failOn: 'info',
        checks: { 'secret-file': 'error' },
        overrides: [
          { contexts: ['svc/*'], failOn: 'warning', checks: { 'missing-dockerignore': 'off' } },
          { contexts: ['svc/api'], checks: { 'secret-file': 'off' }, maxFiles: 10 },
          { contexts: ['.'], maxSize: 1 },
        ],
      }),
      'svc/api': { dir: CONTEXT },
      'svc/web/app': { dir: CONTEXT },
      tools: { dir: CONTEXT },
    });
    const api = await reportOf([path.join(dir, 'svc/api')]);
    expect(checksOf(api.report)).toEqual([]);
    expect(api.report.limits.map((l) => l.limit)).toEqual(['max-files']);
    expect(api.code).toBe(0);
    // "svc/*" covers the directories below svc/web too.
    const web = await reportOf([path.join(dir, 'svc/web/app')]);
    expect(checksOf(web.report)).toEqual(['error secret-file']);
    expect(web.code).toBe(1);
    const tools = await reportOf([path.join(dir, 'tools')]);
    expect(checksOf(tools.report)).toEqual(['error secret-file', 'info missing-dockerignore']);
    expect(tools.report.limits).toEqual([]);
    const root = await runCli(['--print-config'], { cwd: dir });
    expect(root.stdout).toMatch(/^maxSize +1B \(1 bytes\) +buildctx\.config\.json overrides\[2\]$/m);
  });
});

describe('flags win over the file', () => {
  const file = {
    failOn: 'info',
    maxSize: '1B',
    maxFiles: 0,
    platform: 'linux/arm64',
    libc: 'musl',
    checks: { 'missing-dockerignore': 'error' },
  };

  test('each flag replaces its key', async () => {
    const dir = repo({ ...CONTEXT, 'buildctx.config.json': config(file) });
    const args = [dir, '--fail-on', 'error', '--max-size', '1MB', '--max-files', '100', '--platform', 'linux/amd64'];
    const { code, report } = await reportOf([...args, '--libc', 'glibc', '--disable', 'missing-dockerignore']);
    expect(code).toBe(0);
    expect(report.limits.map((l) => [l.limit, l.max])).toEqual([
      ['max-size', 1_000_000],
      ['max-files', 100],
    ]);
    expect(report.target).toMatchObject({ platform: 'linux/amd64', libc: 'glibc' });
    expect(checksOf(report)).toEqual(['info secret-file']);
  });

  test('--print-config shows the merged result and the source of each value', async () => {
    const dir = repo({ ...CONTEXT, 'buildctx.config.json': config(file) });
    const r = await runCli(['--print-config', '--max-files', '7', '--disable', 'secret-file', '--format', 'json'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed).toMatchObject({
      file: 'buildctx.config.json',
      failOn: { value: 'info', source: 'buildctx.config.json' },
      maxSize: { value: 1, source: 'buildctx.config.json' },
      maxFiles: { value: 7, source: '--max-files' },
      maxGrowth: { value: null, source: 'default' },
      platform: { value: 'linux/arm64', source: 'buildctx.config.json' },
      libc: { value: 'musl', source: 'buildctx.config.json' },
      ignorePaths: [],
    });
    expect(printed.checks['missing-dockerignore']).toEqual({ value: 'error', source: 'buildctx.config.json' });
    expect(printed.checks['secret-file']).toEqual({ value: 'off', source: '--disable' });
    expect(printed.checks['consecutive-run']).toEqual({ value: 'info', source: 'default' });
    expect(Object.keys(printed.checks)).toEqual(checks.map((c) => c.meta.id).sort());
  });
});

/** Values the validator and the JSON Schema must both refuse: [config, the key the message names]. */
const BAD: [unknown, string][] = [
  [[], 'must be a JSON object'],
  [{ maxsize: 1 }, 'unknown key "maxsize"'],
  [{ $schema: 1 }, '$schema: must be a string'],
  [{ checks: [] }, 'checks: must be an object'],
  [{ checks: { 'no-such-check': 'off' } }, 'checks.no-such-check: unknown check'],
  [{ checks: { 'secret-file': 'fatal' } }, 'checks.secret-file: must be one of off, info, warning, error, not "fatal"'],
  [{ failOn: 'warn' }, 'failOn: must be one of error, warning, info, none, not "warn"'],
  [{ failOn: null }, 'failOn: must be one of error, warning, info, none, not null'],
  [{ maxSize: -1 }, 'maxSize: must be a whole number of bytes'],
  [{ maxSize: 1.5 }, 'maxSize: must be a whole number of bytes'],
  [{ maxSize: '12 parsecs' }, 'maxSize: "12 parsecs" is not a size'],
  [{ maxSize: true }, 'maxSize: must be a whole number of bytes or a size like "500MB", not true'],
  [{ maxFiles: '10' }, 'maxFiles: must be a whole number, not "10"'],
  [{ maxFiles: 2.5 }, 'maxFiles: must be a whole number'],
  [{ maxGrowth: '5 %%' }, 'maxGrowth: "5 %%" is not a percentage'],
  [{ maxGrowth: 'lots' }, 'maxGrowth: "lots" is not a size'],
  [{ maxGrowth: {} }, 'maxGrowth: must be a size like "10MB" or a percentage like "5%", not an object'],
  [{ platform: 'linux/amd46' }, 'platform: must be one of linux/386'],
  [{ platform: 'x86_64' }, 'platform: must be one of'],
  [{ libc: 'uclibc' }, 'libc: must be one of glibc, musl, not "uclibc"'],
  [{ ignorePaths: 'vendor' }, 'ignorePaths: must be an array of non-empty path patterns'],
  [{ ignorePaths: ['ok', ''] }, 'ignorePaths: must be an array of non-empty path patterns'],
  [{ overrides: {} }, 'overrides: must be an array, not an object'],
  [{ overrides: [1] }, 'overrides[0]: must be an object, not 1'],
  [{ overrides: [{ failOn: 'info' }] }, 'overrides[0].contexts: must be a non-empty array of directory patterns'],
  [{ overrides: [{ contexts: [] }] }, 'overrides[0].contexts: must be a non-empty array'],
  [{ overrides: [{ contexts: ['a'], overrides: [] }] }, 'unknown key "overrides[0].overrides"'],
  [{ overrides: [{ contexts: ['a'], libc: 'bionic' }] }, 'overrides[0].libc: must be one of glibc, musl'],
  [
    { overrides: [{ contexts: ['a'], checks: { 'secret-file': 'loud' } }] },
    'overrides[0].checks.secret-file: must be one of',
  ],
];

/** Values both must accept. */
const GOOD: unknown[] = [
  {},
  { $schema: 'https://example.com/s.json' },
  { checks: Object.fromEntries(checks.map((c) => [c.meta.id, 'off'])) },
  { failOn: 'none', maxSize: '1.5GiB', maxFiles: 0, maxGrowth: '2.5%', platform: 'linux/arm/v7', libc: 'glibc' },
  { maxSize: 0, maxGrowth: 1048576 },
  { maxSize: ' 500 mb ', maxGrowth: '10MiB' },
  { ignorePaths: ['vendor/', '**/*.log', '!keep.log'] },
  { overrides: [{ contexts: ['services/*', '.'], failOn: 'warning', checks: { 'secret-file': 'error' } }] },
];

describe('bad values', () => {
  test.for(BAD)('%j: exit 2, one line naming the key', async ([value, message]) => {
    const dir = repo({ ...CONTEXT, 'buildctx.config.json': config(value) });
    const r = await runCli([dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toContain(`buildctx: buildctx.config.json: ${message}`);
  });

  test.for(['{"failOn": "info",}', '{\n  "a": root:x:0:0\n}', ''])(
    '%j is not JSON: one line that never quotes the text',
    async (text) => {
      const dir = repo({ ...CONTEXT, '.buildctx.json': text });
      const r = await runCli([dir], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^buildctx: \.buildctx\.json: not valid JSON( \((line \d+, column \d+|the file is empty)\))?\n$/,
      );
      expect(r.stderr).not.toContain('root');
    },
  );

  test('package.json: the message names the key', async () => {
    const dir = repo({ ...CONTEXT, 'package.json': config({ buildctx: { failOn: 'loud' } }) });
    const r = await runCli([dir], { cwd: dir });
    expect(r.stderr).toMatch(/^buildctx: package\.json#buildctx: failOn: must be one of/);
  });

  test('a file over 1 MiB is refused', async () => {
    const dir = repo({ ...CONTEXT, 'buildctx.config.json': `{"ignorePaths": ["${'a'.repeat(1024 * 1024)}"]}` });
    const r = await runCli([dir], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^buildctx: buildctx\.config\.json: cannot read it \(.*\)\n$/);
  });
});

describe('the JSON Schema', () => {
  const validate = new Ajv({ allErrors: true, strict: true }).compile(SCHEMA);

  test.for(BAD)('refuses %j as the validator does', ([value]) => {
    expect(() => parseConfig(value, 'x')).toThrow();
    expect(validate(value)).toBe(false);
  });

  test.for(GOOD)('accepts %j as the validator does', (value) => {
    expect(() => parseConfig(value, 'x')).not.toThrow();
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
  });

  test('lists every check id, and only those', () => {
    const ids = Object.keys(
      (SCHEMA as { definitions: { checks: { properties: object } } }).definitions.checks.properties,
    );
    expect(ids).toEqual(checks.map((c) => c.meta.id).sort());
  });

  test('is shipped in the package and documented', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('src/cli/config-schema.json');
    expect(pkg.exports['./config-schema.json']).toBe('./src/cli/config-schema.json');
    const doc = fs.readFileSync(path.join(ROOT, 'docs/configuration.md'), 'utf8');
    for (const key of [
      '$schema',
      'checks',
      'failOn',
      'maxSize',
      'maxFiles',
      'maxGrowth',
      'platform',
      'libc',
      'ignorePaths',
      'overrides',
      'contexts',
    ])
      expect(doc).toContain(`\`${key}\``);
  });
});
