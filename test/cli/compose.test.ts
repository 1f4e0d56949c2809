// `buildctx compose [SERVICE...]` in-process through run(argv, io), and one smoke run of the bin.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/io.js';
import { makeTree } from '../helpers/make-tree.js';
import { runBin } from '../helpers/run-bin.js';
import { runCli } from '../helpers/run-cli.js';

async function compose(args: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (c) => (stdout += String(c)) },
    stderr: { write: (c) => (stderr += String(c)) },
    readStdin: () => Promise.resolve(null),
    stdinIsTTY: true,
    env,
    cwd,
  };
  const code = await run(['compose', ...args], io);
  return { code, stdout, stderr };
}

const PROJECT = {
  'compose.yaml':
    'services:\n  web:\n    build:\n      context: ./web\n      args:\n        - VERSION=${VERSION:-dev}\n  api:\n    build: {context: ./api, dockerfile: api.Dockerfile}\n  db:\n    image: postgres:16\n  tools:\n    build: ./tools\n    profiles: [tools]\n',
  'compose.override.yaml': 'services:\n  web:\n    build:\n      target: dev\n',
  'web/Dockerfile': 'FROM node:20 AS dev\nCOPY package.json ./\nFROM node:20\nCOPY dist/ ./\n',
  'web/package.json': '{}',
  'api/api.Dockerfile': 'FROM python:3.12\nCOPY app.py .\n',
  'api/app.py': '',
  'tools/Dockerfile': 'FROM alpine\n',
} as const;

interface ComposeJson {
  project: { files: string[] };
  builds: {
    build: string;
    service: string;
    buildTarget: string | null;
    buildArgs: Record<string, string>;
    error: string | null;
    findings?: { check: string; severity: string }[];
  }[];
}

describe('buildctx compose', () => {
  test('json: one report per build under builds[], each with its service, target and args', async () => {
    const dir = makeTree(PROJECT);
    const r = await compose(['--format', 'json'], dir, { VERSION: '2.0' });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as ComposeJson;
    expect(out.project.files).toEqual(['compose.yaml', 'compose.override.yaml']);
    expect(out.builds.map((b) => [b.build, b.service, b.buildTarget, b.buildArgs])).toEqual([
      ['compose.yaml:api', 'api', null, {}],
      ['compose.yaml:web', 'web', 'dev', { VERSION: '2.0' }],
    ]);
    // target dev copies package.json only: the final stage's missing dist/ is not this build's problem.
    expect(out.builds.flatMap((b) => b.findings ?? []).filter((f) => f.check === 'copy-source-missing')).toEqual([]);
    expect(r.stderr).toMatch(/compose.yaml:tools: not built by default \(profiles: tools\)/);
  });

  test('named services are analyzed, whatever their profile; an unknown one is a usage error', async () => {
    const dir = makeTree(PROJECT);
    const r = await compose(['tools', '--format', 'json'], dir);
    expect((JSON.parse(r.stdout) as ComposeJson).builds.map((b) => b.service)).toEqual(['tools']);
    const bad = await compose(['nope'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no service "nope"/);
    const image = await compose(['db'], dir);
    expect(image.code).toBe(2);
    expect(image.stderr).toMatch(/service "db" has no build section \(it runs the image postgres:16\)/);
  });

  test('-f picks the files; a required variable that is unset is exit 2 naming it', async () => {
    const dir = makeTree({
      ...PROJECT,
      'prod.yaml': 'services:\n  web:\n    build:\n      context: ./web\n      args:\n        - TAG=${TAG:?set TAG}\n',
    });
    const r = await compose(['-f', 'prod.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'buildctx: compose: prod.yaml:6: services.web.build.args[0]: required variable TAG is missing a value: set TAG',
    );
  });

  test('a YAML error is exit 2 with file:line', async () => {
    const dir = makeTree({ 'compose.yaml': 'services:\n  web:\n    build: .\n    build: ..\n' });
    const r = await compose([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('buildctx: compose: compose.yaml:4: duplicate key "build"');
  });

  test('sarif: one run per build, the service as a logical location', async () => {
    const dir = makeTree({ ...PROJECT, 'api/api.Dockerfile': 'FROM python:3.12\nCOPY missing.py .\n' });
    const r = await compose(['--format', 'sarif', '--fail-on', 'none'], dir);
    const log = JSON.parse(r.stdout) as {
      runs: {
        automationDetails: { id: string };
        results: { ruleId: string; locations: { logicalLocations: { name: string }[] }[] }[];
      }[];
    };
    expect(log.runs.map((run) => run.automationDetails.id)).toEqual(['compose/api/', 'compose/web/']);
    const missing = log.runs[0]!.results.find((x) => x.ruleId === 'copy-source-missing')!;
    expect(missing.locations[0]!.logicalLocations).toEqual([{ name: 'api', kind: 'module' }]);
  });

  test('markdown and github name the service', async () => {
    const dir = makeTree({ ...PROJECT, 'api/api.Dockerfile': 'FROM python:3.12\nCOPY missing.py .\n' });
    expect((await compose(['--format', 'markdown'], dir)).stdout).toMatch(/## compose.yaml:api[\s\S]*\\\[api\\\]/);
    expect((await compose(['--format', 'github'], dir)).stdout).toMatch(/::error .*\[api\]/);
  });

  test('the bin: a run (help in-process)', async () => {
    const dir = makeTree(PROJECT);
    expect((await runCli(['help', 'compose'])).stdout).toMatch(/^Usage: buildctx compose/);
    const r = runBin(['compose', '--no-color'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/compose.yaml:web/);
    expect(fs.existsSync(path.join(dir, 'compose.yaml'))).toBe(true);
  });
});
