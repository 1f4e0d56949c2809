// The Dockerfile checks through the real bin: secrets never reach any output format, and
// --target / --build-arg decide what is requested and checked.
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { makeTree } from '../helpers/make-tree.js';
import { runCli } from '../helpers/run-cli.js';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/dockerfiles');
const SECRETS = ['hunter2-DB-PASSWORD', 'npm_TOKEN_abc123xyz', 'ghs_REMOTETOKEN987', 'PRIVATEKEYBODYb3BlbnNzaC1rZXk'];

function secretProject(): string {
  return makeTree({
    Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
    'package.json': '{}',
    'package-lock.json': '{}',
    'index.js': '',
    '.env': `DB_PASSWORD=${SECRETS[0]}\n`,
    '.npmrc': `//registry.npmjs.org/:_authToken=${SECRETS[1]}\n`,
    '.git/config': `[remote "origin"]\n\turl = https://x-access-token:${SECRETS[2]}@github.com/org/repo.git\n`,
    '.git/HEAD': 'ref: refs/heads/main\n',
    'deploy/id_ed25519': `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRETS[3]}\n-----END OPENSSH PRIVATE KEY-----\n`,
  });
}

describe('secret-file through every format', () => {
  const dir = secretProject();
  test.for(['table', 'json', 'sarif', 'markdown', 'github'])(
    '%s: the findings are there, the secrets are not',
    async (format) => {
      const r = await runCli([dir, '--format', format, '--no-color']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('secret-file');
      expect(r.stdout).toMatch(/\.npmrc/);
      for (const secret of SECRETS) {
        expect(r.stdout).not.toContain(secret);
        expect(r.stderr).not.toContain(secret);
      }
    },
  );

  test('json: one error per secret file, with its kind', async () => {
    const report = JSON.parse((await runCli([dir, '--format', 'json'])).stdout);
    const secrets = report.findings
      .filter((f: { check: string }) => f.check === 'secret-file')
      .map((f: { path: string; severity: string; data: { kind: string } }) => [f.path, f.severity, f.data.kind]);
    expect(secrets).toEqual([
      ['.env', 'error', 'env-file'],
      ['.git/config', 'error', 'git-remote-credentials'],
      ['.npmrc', 'error', 'npm-token'],
      ['deploy/id_ed25519', 'error', 'ssh-private-key'],
    ]);
  });
});

describe('--target and --build-arg', () => {
  test('--target test requests the whole context (COPY . /src); the default target does not', async () => {
    const dir = path.join(FIXTURES, 'target-unreachable');
    const prod = JSON.parse((await runCli([dir, '--format', 'json'])).stdout).summary;
    const test = JSON.parse((await runCli([dir, '--format', 'json', '--target', 'test'])).stdout).summary;
    expect(prod.referencedFiles).toBe(3);
    expect(test.referencedFiles).toBe(test.files);
  });

  test('an unknown target is a usage error', async () => {
    const r = await runCli([path.join(FIXTURES, 'target-unreachable'), '--target', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--target "nope": no such stage/);
  });

  test.for([
    [['--build-arg', 'APP_DIR=web'], {}, 1, 11],
    [['--build-arg', 'APP_DIR'], { APP_DIR: 'web' }, 1, 11],
    [['--build-arg', 'APP_DIR'], {}, 1, 9],
  ] as const)('%j with env %j: %i file, %i bytes requested', async ([args, env, files, bytes]) => {
    const r = await runCli([path.join(FIXTURES, 'arg-in-from'), '--format', 'json', ...args], { env });
    expect(JSON.parse(r.stdout).summary).toMatchObject({ referencedFiles: files, referencedBytes: bytes });
  });

  test('a --build-arg without a key is a usage error', async () => {
    const r = await runCli([path.join(FIXTURES, 'arg-in-from'), '--build-arg', '=x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--build-arg "=x": expected KEY=VALUE/);
  });
});

describe('copy-ignored fixture', () => {
  test('the table names the ignore line that excludes each COPY source', async () => {
    const r = await runCli([path.join(FIXTURES, 'copy-ignored'), '--no-color', '--verbose']);
    expect(r.code).toBe(1);
    const text = r.stdout.replace(/\n {4}(?! )/g, ' ');
    expect(text).toMatch(
      /^error {4}copy-source-ignored {2}Dockerfile:2 .* COPY config\/settings\.json: .*\.dockerignore:1 \(config\)/m,
    );
    expect(text).toMatch(
      /^warning {2}copy-source-ignored {2}Dockerfile:3 .* COPY secrets\/\*\.pem: .*\.dockerignore:2/m,
    );
  });
});

describe('--build-context and a --platform list', () => {
  const project = () =>
    makeTree({
      'app/Dockerfile': 'FROM alpine\nCOPY --from=assets logo.png /srv/\nCOPY --from=assets missing.css /srv/\n',
      'assets/logo.png': 'png',
    });

  test('a local named context is walked and its COPY --from sources checked; relative to the working directory', async () => {
    const dir = project();
    const r = await runCli(['app', '--format', 'json', '--build-context', 'assets=assets'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.namedContexts).toMatchObject([{ name: 'assets', kind: 'local', used: true, files: 1 }]);
    expect(
      report.findings
        .filter((f: { check: string }) => f.check === 'copy-source-missing')
        .map((f: { line: number; data: { namedContext: string } }) => [f.line, f.data.namedContext]),
    ).toEqual([[3, 'assets']]);
  });

  test.for(['assets', '=assets', 'assets='])('--build-context %s is a usage error', async (value) => {
    const r = await runCli(['app', '--build-context', value], { cwd: project() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected NAME=PATH/);
  });

  test('--platform linux/amd64,linux/arm64 lists both targets', async () => {
    const r = await runCli(['app', '--format', 'json', '--platform', 'linux/amd64,linux/arm64'], { cwd: project() });
    expect(JSON.parse(r.stdout).target).toMatchObject({
      platform: 'linux/amd64',
      platforms: ['linux/amd64', 'linux/arm64'],
    });
  });
});
