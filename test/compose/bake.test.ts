// docker buildx bake JSON files: targets read as bake resolves them (inherits, variables, paths),
// found and analyzed by scan --all like Compose builds; HCL files named, not read.
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BakeError, loadBakeFiles } from '../../src/compose/bake.js';
import { nodeFileSystem } from '../../src/fs/node-fs.js';
import { scanRepository } from '../../src/scan/scan.js';
import { makeTree } from '../helpers/make-tree.js';

const BAKE = {
  variable: { TAG: { default: 'latest' }, NODE_VERSION: { default: '20' } },
  group: { default: { targets: ['app', 'worker'] } },
  target: {
    _common: { args: { NODE_VERSION: '${NODE_VERSION}', BUILD: 'release' }, platforms: ['linux/amd64'] },
    app: {
      inherits: ['_common'],
      context: '.',
      dockerfile: 'docker/app.Dockerfile',
      target: 'prod',
      args: { BUILD: 'debug' },
      contexts: { shared: './shared', base: 'docker-image://node:20' },
      platforms: ['linux/amd64', 'linux/arm64'],
      tags: ['org/app:${TAG}'],
    },
    worker: { inherits: ['_common'], context: 'worker', 'dockerfile-inline': 'FROM alpine\nCOPY run.sh /\n' },
  },
};

function load(dir: string, env: Record<string, string> = {}, names = ['docker-bake.json']) {
  return loadBakeFiles(
    nodeFileSystem,
    names.map((n) => path.join(dir, n)),
    { env, show: (abs) => path.relative(dir, abs) },
  );
}

describe('loadBakeFiles', () => {
  test('targets with inherits merged (args key by key, lists replaced), variables from the environment, paths resolved', () => {
    const dir = makeTree({ 'docker-bake.json': JSON.stringify(BAKE) });
    const project = load(dir, { NODE_VERSION: '22' });
    expect(
      project.targets.map((t) => [
        t.name,
        t.context,
        t.dockerfile,
        t.dockerfileInline !== null,
        t.target,
        t.args,
        t.platforms,
        t.contexts,
      ]),
    ).toEqual([
      [
        'app',
        dir,
        path.join(dir, 'docker/app.Dockerfile'),
        false,
        'prod',
        { NODE_VERSION: '22', BUILD: 'debug' },
        ['linux/amd64', 'linux/arm64'],
        [
          { name: 'shared', kind: 'local', source: path.join(dir, 'shared') },
          { name: 'base', kind: 'image', source: 'docker-image://node:20' },
        ],
      ],
      [
        'worker',
        path.join(dir, 'worker'),
        null,
        true,
        null,
        { NODE_VERSION: '22', BUILD: 'release' },
        ['linux/amd64'],
        [],
      ],
    ]);
    expect(project.warnings).toEqual([]);
  });

  test('the override file merges over the base; a variable without a value and a function are warned about', () => {
    const dir = makeTree({
      'docker-bake.json': JSON.stringify({ target: { app: { context: '.', args: { A: '1', V: '${VERSION}' } } } }),
      'docker-bake.override.json': JSON.stringify({ target: { app: { args: { B: '${upper("x")}' }, target: 'dev' } } }),
    });
    const project = load(dir, {}, ['docker-bake.json', 'docker-bake.override.json']);
    expect(project.targets.map((t) => [t.name, t.target, t.args])).toEqual([
      ['app', 'dev', { A: '1', V: '${VERSION}', B: '${upper("x")}' }],
    ]);
    expect(project.warnings).toEqual([
      'the variable "VERSION" has no value; it is left as ${VERSION}',
      '${upper("x")} is not evaluated (bake functions are not read); it is left as written',
    ]);
  });

  test.for([
    ['not JSON', '{"target": ', /not JSON/],
    [
      'an inherits cycle',
      JSON.stringify({ target: { a: { inherits: ['b'] }, b: { inherits: ['a'] }, c: { inherits: ['a'] } } }),
      /cycle/,
    ],
    ['an unknown parent', JSON.stringify({ target: { a: { inherits: ['nope'] } } }), /"nope", which no file defines/],
    ['a target that is not an object', JSON.stringify({ target: { a: 1 } }), /target "a" is not an object/],
  ] as const)('%s is a one-line error naming the file', ([, text, message]) => {
    const dir = makeTree({ 'docker-bake.json': text });
    expect(() => load(dir)).toThrow(BakeError);
    expect(() => load(dir)).toThrow(message);
    expect(() => load(dir)).toThrow(/^docker-bake\.json: /);
  });
});

describe('scan --all over bake files', () => {
  test('each target analyzed with its context, Dockerfile, target, args, named contexts and platforms; no false copy-source-missing', async () => {
    const dir = makeTree({
      'docker-bake.json': JSON.stringify(BAKE),
      'docker/app.Dockerfile':
        'FROM node:20 AS prod\nARG BUILD\nCOPY --from=shared schema.sql /srv/\nCOPY package.json /srv/\n',
      'package.json': '{}',
      'shared/schema.sql': 'x',
      'worker/run.sh': '#!/bin/sh\n',
      'legacy/docker-bake.hcl': 'target "x" {\n  context = "."\n}\n',
    });
    const result = await scanRepository({ root: dir, env: {} });
    expect(
      result.builds.map((b) => [b.build, b.contextRule, b.target, b.platforms, b.report?.target.platforms ?? null]),
    ).toEqual([
      ['docker-bake.json:app', 'bake', 'prod', ['linux/amd64', 'linux/arm64'], ['linux/amd64', 'linux/arm64']],
      ['docker-bake.json:worker', 'bake', null, ['linux/amd64'], null],
    ]);
    expect(result.builds.every((b) => b.error === null)).toBe(true);
    const findings = result.builds.flatMap((b) => b.report!.findings);
    expect(findings.filter((f) => f.check === 'copy-source-missing')).toEqual([]);
    expect(result.builds[0]!.report!.namedContexts?.map((c) => [c.name, c.used, c.files])).toEqual([
      ['base', false, null],
      ['shared', true, 1],
    ]);
    // The Dockerfile a target names is not scanned again on its own.
    expect(result.builds.some((b) => b.build === 'docker/app.Dockerfile')).toBe(false);
    expect(result.warnings).toEqual([
      'legacy/docker-bake.hcl: HCL bake files are not read; `docker buildx bake --print > legacy/docker-bake.print.json` writes its targets as JSON, which scan reads',
    ]);
  });
});

test('a bake target that builds what a Compose service builds is analyzed once, as the Compose build', async () => {
  const dir = makeTree({
    'docker-compose.yml': 'services:\n  api:\n    build: {context: ., target: api}\n',
    'docker-bake.json': JSON.stringify({ target: { api: { target: 'api' }, docs: { target: 'docs' } } }),
    Dockerfile: 'FROM alpine AS api\nFROM alpine AS docs\n',
  });
  const result = await scanRepository({ root: dir, env: {} });
  expect(result.builds.map((b) => b.build)).toEqual(['docker-compose.yml:api', 'docker-bake.json:docs']);
  expect(result.warnings).toEqual([
    'docker-bake.json:api: builds what docker-compose.yml:api builds; analyzed once, as docker-compose.yml:api',
  ]);
});
