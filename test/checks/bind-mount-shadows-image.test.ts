// bind-mount-shadows-image: a Compose bind mount over the node_modules / .venv the image installed.
// Tests run the real Compose loader and analysis, and apply the suggested fix to prove it works.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeComposeProject } from '../../src/scan/compose.js';
import { makeTree } from '../helpers/make-tree.js';

const DOCKERFILE =
  'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "index.js"]\n';

async function findings(dir: string) {
  const result = await analyzeComposeProject({ cwd: dir, env: {}, sniff: true });
  return result.builds.flatMap((b) => b.report!.findings.filter((f) => f.check === 'bind-mount-shadows-image'));
}

describe('bind-mount-shadows-image', () => {
  test(".:/app over the image's /app/node_modules, host node_modules excluded from the build: a warning with the Compose fix", async () => {
    const dir = makeTree({
      'compose.yaml': 'services:\n  web:\n    build: .\n    volumes:\n      - .:/app\n',
      Dockerfile: DOCKERFILE,
      '.dockerignore': 'node_modules\n',
      'package.json': '{}',
      'package-lock.json': '{}',
      'node_modules/left-pad/package.json': '{"name":"left-pad","version":"1.0.0"}',
    });
    const [f, ...rest] = await findings(dir);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      severity: 'warning',
      path: 'compose.yaml',
      line: 5,
      data: {
        service: 'web',
        mountTarget: '/app',
        shadowed: '/app/node_modules',
        installedLine: 4,
        installedBy: 'npm ci',
        hostPath: 'node_modules',
        host: 'present',
        composeFix: { volumes: ['/app/node_modules'] },
      },
    });
    expect(f!.message).toMatch(/add the anonymous volume "- \/app\/node_modules"/);

    // Applying the fix: the anonymous volume keeps the image's node_modules, and the finding is gone.
    fs.writeFileSync(
      path.join(dir, 'compose.yaml'),
      'services:\n  web:\n    build: .\n    volumes:\n      - .:/app\n      - /app/node_modules\n',
    );
    expect(await findings(dir)).toEqual([]);
  });

  test('host node_modules made on macOS (an npm platform package says so) is an error', async () => {
    const dir = makeTree({
      'compose.yaml': 'services:\n  web:\n    build: .\n    volumes: [".:/app"]\n',
      Dockerfile: DOCKERFILE,
      'package.json': '{}',
      'package-lock.json': '{}',
      'node_modules/@esbuild/darwin-arm64/package.json':
        '{"name":"@esbuild/darwin-arm64","version":"0.20.0","os":["darwin"],"cpu":["arm64"]}',
      'node_modules/esbuild/package.json': '{"name":"esbuild","version":"0.20.0"}',
    });
    const [f] = await findings(dir);
    expect(f).toMatchObject({ severity: 'error', data: { host: 'present', foreign: true, hostOs: 'macos' } });
  });

  test('the host has no node_modules: the container sees none', async () => {
    const dir = makeTree({
      'compose.yaml': 'services:\n  web:\n    build: .\n    volumes: ["./:/app"]\n',
      Dockerfile: DOCKERFILE,
      'package.json': '{}',
      'package-lock.json': '{}',
    });
    const [f] = await findings(dir);
    expect(f).toMatchObject({ severity: 'warning', data: { host: 'absent' } });
    expect(f!.message).toMatch(/has no node_modules, so the container sees none/);
  });

  test.for([
    ['mounting only src/', 'volumes: ["./src:/app/src"]'],
    ['a named volume over node_modules', 'volumes: [".:/app", "deps:/app/node_modules"]'],
    ['a long-syntax anonymous volume', 'volumes: [".:/app", {type: volume, target: /app/node_modules}]'],
    [
      'a develop.watch sync rule (it copies files, it does not mount)',
      'develop:\n      watch: [{action: sync, path: ., target: /app}]',
    ],
    ['a mount elsewhere', 'volumes: ["./data:/data"]'],
  ] as const)('no finding with %s', async ([, service]) => {
    const dir = makeTree({
      'compose.yaml': `services:\n  web:\n    build: .\n    ${service}\n`,
      Dockerfile: DOCKERFILE,
      'package.json': '{}',
      'package-lock.json': '{}',
      'src/index.js': '',
    });
    expect(await findings(dir)).toEqual([]);
  });

  test('a venv the image makes with uv sync, hidden by ./:/srv', async () => {
    const dir = makeTree({
      'compose.yaml': 'services:\n  api:\n    build: .\n    volumes: ["./:/srv"]\n',
      Dockerfile: 'FROM python:3.12\nWORKDIR /srv\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen\n',
      'pyproject.toml': '',
      'uv.lock': '',
    });
    const [f] = await findings(dir);
    expect(f).toMatchObject({
      data: { shadowed: '/srv/.venv', environment: 'python-venv', installedBy: 'uv sync --frozen' },
    });
  });
});
