// scan --all over Compose projects: which builds are found, with which context, Dockerfile,
// target and args; contexts inferred for Dockerfiles nobody names; contexts outside the root refused.
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { composeProjectsOf, discoverBuilds, scanRepository } from '../../src/scan/scan.js';
import { makeTree } from '../helpers/make-tree.js';

describe('composeProjectsOf', () => {
  test('the default set per directory; every other Compose file a project of its own', () => {
    expect(
      composeProjectsOf([
        'compose.yaml',
        'compose.override.yml',
        'docker-compose.override.yaml',
        'docker-compose.prod.yml',
        'svc/docker-compose.yml',
        'svc/app.compose.yaml',
      ]),
    ).toEqual([
      ['compose.yaml', 'compose.override.yml'],
      ['docker-compose.override.yaml'],
      ['docker-compose.prod.yml'],
      ['svc/docker-compose.yml'],
      ['svc/app.compose.yaml'],
    ]);
  });
});

describe('discoverBuilds', () => {
  test('anchors and merge keys: all three services are read', () => {
    const dir = makeTree({
      'compose.yaml':
        'x-svc: &svc\n  build:\n    context: .\n    dockerfile: Dockerfile\nservices:\n  a: *svc\n  b:\n    <<: *svc\n  c:\n    <<: *svc\n    build: {context: ., target: dev}\n',
      Dockerfile: 'FROM alpine AS dev\nFROM alpine\n',
    });
    const { builds } = discoverBuilds(dir, { env: {} });
    expect(builds.map((b) => [b.build, b.target, b.contextRule])).toEqual([
      ['compose.yaml:a', null, 'compose'],
      ['compose.yaml:c', 'dev', 'compose'],
    ]);
  });

  test('override, .env and a prod file: targets and args as Compose would build them', () => {
    const dir = makeTree({
      'docker-compose.yml':
        'services:\n  web:\n    build:\n      context: ./web\n      args:\n        VERSION: ${VERSION}\n',
      'docker-compose.override.yml': 'services:\n  web:\n    build:\n      target: dev\n',
      'docker-compose.prod.yml': 'services:\n  web:\n    build:\n      context: ./web\n      target: prod\n',
      '.env': 'VERSION=1.2.3\n',
      'web/Dockerfile': 'FROM alpine AS dev\nFROM alpine AS prod\n',
    });
    const { builds } = discoverBuilds(dir, { env: {} });
    expect(builds.map((b) => [b.build, b.composeFiles, b.context, b.target, b.buildArgs])).toEqual([
      [
        'docker-compose.yml:web',
        ['docker-compose.yml', 'docker-compose.override.yml'],
        path.join(dir, 'web'),
        'dev',
        { VERSION: '1.2.3' },
      ],
      ['docker-compose.prod.yml:web', ['docker-compose.prod.yml'], path.join(dir, 'web'), 'prod', {}],
    ]);
  });

  test('a Dockerfile nobody names: the nearest ancestor holding every COPY source is its context', () => {
    const dir = makeTree({
      'package.json': '{}',
      'packages/api/src/index.js': '',
      'packages/api/Dockerfile': 'FROM node:20\nCOPY package.json ./\nCOPY packages/api/src ./src\n',
      'tools/Dockerfile': 'FROM alpine\nCOPY lint.sh /\n',
      'tools/lint.sh': '',
      'broken/Dockerfile': 'FROM alpine\nCOPY nowhere.txt /\n',
      'stale/Dockerfile': 'FROM node:20\nCOPY package.json bun.lockb ./\nCOPY stale/src ./src\n',
      'stale/src/index.js': '',
    });
    const { builds } = discoverBuilds(dir, { env: {} });
    expect(builds.map((b) => [b.build, path.relative(dir, b.context) || '.', b.contextRule])).toEqual([
      ['broken/Dockerfile', 'broken', 'guess'],
      ['packages/api/Dockerfile', '.', 'copy-sources'],
      // No directory holds bun.lockb: the guess is the one holding the most sources.
      ['stale/Dockerfile', '.', 'guess'],
      ['tools/Dockerfile', 'tools', 'dockerfile-dir'],
    ]);
  });

  test('a context outside the root is refused unless allowed', () => {
    const outer = makeTree({
      'elsewhere/Dockerfile': 'FROM alpine\n',
      'repo/compose.yaml': 'services:\n  a:\n    build: ../elsewhere\n  b:\n    build: /etc\n',
    });
    const repo = path.join(outer, 'repo');
    const refused = discoverBuilds(repo, { env: {} });
    expect(refused.builds).toEqual([]);
    expect(refused.refused.map((b) => [b.build, b.error])).toEqual([
      [
        'compose.yaml:a',
        `the context ${path.join(outer, 'elsewhere')} is outside ${repo}; not read (give --allow-outside to read it)`,
      ],
      ['compose.yaml:b', `the context /etc is outside ${repo}; not read (give --allow-outside to read it)`],
    ]);
    expect(discoverBuilds(repo, { env: {}, allowOutside: true }).builds.map((b) => b.build)).toEqual([
      'compose.yaml:a',
      'compose.yaml:b',
    ]);
  });
});

describe('scanRepository', () => {
  test('no false copy-source-missing: a monorepo Dockerfile gets the root as its context; a guess is not an error', async () => {
    const dir = makeTree({
      'package.json': '{}',
      'packages/api/Dockerfile': 'FROM node:20\nCOPY package.json ./\nCOPY packages/api/index.js ./\n',
      'packages/api/index.js': '',
      'broken/Dockerfile': 'FROM alpine\nCOPY nowhere.txt /\n',
    });
    const result = await scanRepository({ root: dir, env: {} });
    const findings = result.builds.flatMap((b) =>
      b
        .report!.findings.filter((f) => f.check === 'copy-source-missing')
        .map((f) => [b.build, f.severity, f.data.contextGuessed ?? false]),
    );
    expect(findings).toEqual([['broken/Dockerfile', 'info', true]]);
  });

  test('the target Compose names is the one analyzed', async () => {
    const dir = makeTree({
      'compose.yaml': 'services:\n  web:\n    build: {context: ., target: dev}\n',
      Dockerfile: 'FROM node:20 AS dev\nCOPY dev-only.txt /\nFROM node:20\nCOPY missing-in-prod.txt /\n',
      'dev-only.txt': '',
    });
    const result = await scanRepository({ root: dir, env: {} });
    expect(result.builds[0]!.report!.findings.filter((f) => f.check === 'copy-source-missing')).toEqual([]);
  });
});

describe('platforms as real projects write them', () => {
  test('`platform: ${DOCKER_PLATFORM:-}` is no platform; wasi/wasm is analyzed with the default; linux/arm64 is the target', async () => {
    const dir = makeTree({
      'compose.yaml': [
        'x-defaults: &defaults',
        '  platform: ${DOCKER_PLATFORM:-}',
        '  build: {context: ./a}',
        'services:',
        '  a: *defaults',
        '  wasm:',
        '    platform: wasi/wasm',
        '    build: ./b',
        '  arm:',
        '    build: {context: ./c, platforms: [linux/arm64, linux/amd64]}',
        '',
      ].join('\n'),
      'a/Dockerfile': 'FROM alpine\n',
      'b/Dockerfile': 'FROM scratch\n',
      'c/Dockerfile': 'FROM alpine\n',
    });
    const result = await scanRepository({ root: dir, env: {} });
    expect(result.builds.map((b) => [b.service, b.platforms, b.error, b.report?.target.platform])).toEqual([
      ['a', [], null, 'linux/amd64'],
      ['arm', ['linux/arm64', 'linux/amd64'], null, 'linux/arm64'],
      ['wasm', ['wasi/wasm'], null, 'linux/amd64'],
    ]);
  });

  test('services sharing one build through an anchor are analyzed once, all named', () => {
    const dir = makeTree({
      'compose.yaml':
        'x-app: &app\n  build: {context: ., args: [V]}\nservices:\n  one: *app\n  two: *app\n  three:\n    <<: *app\n    command: other\n',
      Dockerfile: 'FROM alpine\n',
    });
    expect(discoverBuilds(dir, { env: {} }).builds.map((b) => [b.build, b.services])).toEqual([
      ['compose.yaml:one', ['one', 'three', 'two']],
    ]);
  });
});

describe('files named for Compose that are not Compose files', () => {
  test('a GitHub workflow named deploy-docker-compose.yml is not read as a project', () => {
    const dir = makeTree({
      'compose.yaml': 'services:\n  web:\n    build: .\n',
      Dockerfile: 'FROM alpine\n',
      '.github/workflows/deploy-docker-compose.yml':
        'on: push\njobs:\n  deploy:\n    env:\n      DOMAIN: ${{ vars.DOMAIN }}\n    runs-on: ubuntu-latest\n',
    });
    const { builds, warnings } = discoverBuilds(dir, { env: {} });
    expect([builds.map((b) => b.build), warnings]).toEqual([['compose.yaml:web'], []]);
  });
});
