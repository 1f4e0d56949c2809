// `buildctx scan --all` through the real bin on the monorepo fixture and on generated trees.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { discoverBuilds } from '../../src/scan/scan.js';
import { makeTree } from '../helpers/make-tree.js';
import { runCli } from '../helpers/run-cli.js';

const MONOREPO = fileURLToPath(new URL('../../fixtures/monorepo', import.meta.url));

interface ScanReport {
  build: string;
  context: string;
  dockerfile: string | null;
  ignoreFile: string | null;
  summary: { files: number; bytes: number };
  findings: { check: string; severity: string }[];
}

describe('scan --all on the monorepo fixture', () => {
  test('builds: the Compose services, and the Dockerfile no Compose file names', () => {
    const { builds, warnings } = discoverBuilds(MONOREPO);
    expect(warnings).toEqual([]);
    expect(
      builds.map((b) => [
        b.build,
        path.relative(MONOREPO, b.context),
        b.dockerfile === null ? null : path.relative(MONOREPO, b.dockerfile),
      ]),
    ).toEqual([
      ['compose.yaml:api', 'services/api', null],
      ['compose.yaml:web', 'services/web', 'services/web/web.Dockerfile'],
      ['tools/Dockerfile', 'tools', 'tools/Dockerfile'],
    ]);
  });

  test('table: one row per build, then the findings of each build', async () => {
    const r = await runCli(['scan', '--all', MONOREPO, '--no-color']);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('│') && !l.includes(' build '));
    expect(
      rows.map((l) =>
        l
          .split('│')
          .map((c) => c.trim())
          .filter((c) => c !== '')
          .slice(0, 3),
      ),
    ).toEqual([
      ['compose.yaml:api', 'services/api', 'services/api/Dockerfile'],
      ['compose.yaml:web', 'services/web', 'services/web/web.Dockerfile'],
      ['tools/Dockerfile', 'tools', 'tools/Dockerfile'],
    ]);
    expect(r.stdout).toMatch(
      /compose\.yaml:web \(\d+ findings?\)\n(?: {2}.*\n)*? {2}warning \[gitignored-in-context\] \.gitignore: 1 file/,
    );
  });

  test('json: an array of reports, each naming its build', async () => {
    const r = await runCli(['scan', '--all', MONOREPO, '--format', 'json']);
    expect(r.code).toBe(0);
    const reports = JSON.parse(r.stdout) as ScanReport[];
    expect(reports.map((x) => [x.build, path.relative(MONOREPO, x.context), x.ignoreFile])).toEqual([
      ['compose.yaml:api', 'services/api', '.dockerignore'],
      ['compose.yaml:web', 'services/web', 'web.Dockerfile.dockerignore'],
      ['tools/Dockerfile', 'tools', null],
    ]);
    // Info-level findings (an unpinned base image, say) do not concern this fixture.
    expect(reports.map((x) => x.findings.filter((f) => f.severity !== 'info').map((f) => f.check))).toEqual([
      [],
      ['gitignored-in-context'],
      [],
    ]);
    // README.md stays out: the Dockerfile-specific ignore file excludes *.md.
    expect(reports[1]!.summary.files).toBe(6);
  });

  test('--fail-on warning fails the run on the web build', async () => {
    const r = await runCli(['scan', '--all', MONOREPO, '--format', 'json', '--fail-on', 'warning']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^buildctx: compose\.yaml:web: 1 finding at or above --fail-on warning$/m);
  });
});

describe('scan --all on generated trees', () => {
  test('node_modules and .git are skipped; a Dockerfile-specific ignore file is no Dockerfile', () => {
    const dir = makeTree({
      Dockerfile: 'FROM alpine\n',
      'Dockerfile.dockerignore': 'x\n',
      'app/prod.Dockerfile': 'FROM alpine\n',
      'app/Dockerfile.dev': 'FROM alpine\n',
      'node_modules/pkg/Dockerfile': 'FROM alpine\n',
      '.git/Dockerfile': 'FROM alpine\n',
    });
    expect(discoverBuilds(dir).builds.map((b) => b.build)).toEqual([
      'Dockerfile',
      'app/Dockerfile.dev',
      'app/prod.Dockerfile',
    ]);
  });

  test('an unreadable Compose file is a warning; its Dockerfiles are then scanned on their own', async () => {
    const dir = makeTree({
      'docker-compose.yml': 'services:\n  web:\n\tbuild: web\n',
      'web/Dockerfile': 'FROM alpine\n',
    });
    const r = await runCli(['scan', '--all', dir, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'buildctx: warning: docker-compose.yml:3: Tabs are not allowed as indentation; the builds of docker-compose.yml are not analyzed\n',
    );
    expect((JSON.parse(r.stdout) as ScanReport[]).map((x) => x.build)).toEqual(['web/Dockerfile']);
  });

  test('a Compose build whose Dockerfile is missing cannot be analyzed: exit 2, the others still reported', async () => {
    const dir = makeTree({
      'compose.yaml': 'services:\n  a:\n    build: { context: a, dockerfile: nope.Dockerfile }\n  b:\n    build: b\n',
      'a/x': '1',
      'b/Dockerfile': 'FROM alpine\n',
    });
    const r = await runCli(['scan', '--all', dir, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^buildctx: compose\.yaml:a: Dockerfile ".*nope\.Dockerfile" does not exist$/m);
    expect((JSON.parse(r.stdout) as ScanReport[]).map((x) => x.build)).toEqual(['compose.yaml:b']);
  });

  test('nothing to scan', async () => {
    const r = await runCli(['scan', '--all', makeTree({ 'a.txt': '1' }), '--no-color']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No Dockerfile, Compose or bake build found.');
  });

  test.for([
    [['scan'], /scan: give --all/],
    [['scan', 'some/dir'], /scan: give --all/],
    [['scan', '--all', 'a', 'b'], /scan: expected at most one ROOT/],
    [['scan', '--all', 'missing-dir'], /scan: "missing-dir" does not exist/],
    [['scan', '--all', '--format', 'sarif'], /scan: --format must be one of table, json/],
  ] as const)('usage: %j exits 2 with one line', async ([args, message]) => {
    const r = await runCli([...args], { cwd: makeTree({ a: '1' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a file as ROOT is refused', async () => {
    const dir = makeTree({ a: '1' });
    const r = await runCli(['scan', '--all', path.join(dir, 'a')]);
    expect(r.code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'a'))).toBe(true);
    expect(r.stderr).toMatch(/is not a directory/);
  });
});
