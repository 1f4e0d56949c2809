// Compose projects as `docker compose` loads them: file sets, override merge, .env, include,
// extends, profiles, and the bind mounts each service sees.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ComposeError, loadComposeProject, type LoadComposeOptions } from '../../src/compose/project.js';
import { resolveContainerPath } from '../../src/compose/mounts.js';
import { nodeFileSystem } from '../../src/fs/node-fs.js';
import { makeTree } from '../helpers/make-tree.js';

function load(dir: string, options: Partial<LoadComposeOptions> = {}) {
  return loadComposeProject({ fs: nodeFileSystem, cwd: dir, env: {}, ...options });
}

function composeError(fn: () => unknown): ComposeError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ComposeError) return error;
    throw error;
  }
  throw new Error('no error');
}

/** A real-shaped project: base + override + prod file, anchors, .env, target: dev, named contexts, bind-mounted node_modules. */
const PROJECT = {
  'compose.yaml': [
    'x-node: &node',
    '  build:',
    '    context: ./web',
    '    args: [NODE_ENV=production, FROM_ENV]',
    'services:',
    '  web:',
    '    <<: *node',
    '    volumes:',
    '      - .:/app',
    '  api:',
    '    build: ${API_DIR:-./api}',
    '  worker:',
    '    extends: web',
    '    build:',
    '      target: ${WORKER_TARGET:?set it in .env}',
    '  debug:',
    '    build: ./api',
    '    profiles: [debug]',
    '  db:',
    '    image: postgres:16',
    '',
  ].join('\n'),
  'compose.override.yml': [
    'services:',
    '  web:',
    '    build:',
    '      target: dev',
    '      additional_contexts:',
    '        - shared=./shared',
    '        - base=docker-image://node:20',
    '    volumes:',
    '      - /app/node_modules',
    '      - ./web:/app',
    '    develop:',
    '      watch:',
    '        - {action: sync, path: ./web/src, target: /app/src}',
    '        - {action: rebuild, path: package.json}',
    '',
  ].join('\n'),
  'docker-compose.prod.yml': 'services:\n  web:\n    build: {context: ./web, target: prod}\n',
  '.env': 'WORKER_TARGET=worker\nAPI_DIR=./services/api\n',
  'web/Dockerfile': 'FROM node:20\n',
} as const;

describe('loadComposeProject', () => {
  test('the default files: compose.yaml plus its override, merged; .env interpolated', () => {
    const dir = makeTree(PROJECT);
    const p = load(dir, { env: { FROM_ENV: 'from-process' } });
    expect(p.files.map((f) => path.basename(f))).toEqual(['compose.yaml', 'compose.override.yml']);
    expect(p.envFiles).toEqual([path.join(dir, '.env')]);
    const byName = Object.fromEntries(p.services.map((s) => [s.name, s]));
    expect(Object.keys(byName)).toEqual(['api', 'db', 'debug', 'web', 'worker']);
    expect(byName.web!.build).toMatchObject({
      context: path.join(dir, 'web'),
      dockerfile: null,
      target: 'dev',
      args: { NODE_ENV: 'production', FROM_ENV: 'from-process' },
      additionalContexts: [
        { name: 'shared', source: path.join(dir, 'shared'), kind: 'local' },
        { name: 'base', source: 'docker-image://node:20', kind: 'image' },
      ],
    });
    expect(byName.api!.build?.context).toBe(path.join(dir, 'services/api'));
    expect(byName.worker!.build).toMatchObject({ context: path.join(dir, 'web'), target: 'worker' });
    expect(byName.debug!.active).toBe(false);
    expect(byName.db!.build).toBeNull();
  });

  test('volumes merge by target; watch sync rules are mounts too', () => {
    const dir = makeTree(PROJECT);
    const web = load(dir).services.find((s) => s.name === 'web')!;
    expect(web.mounts.map((m) => [m.kind, m.source, m.target, m.origin, m.file, m.line])).toEqual([
      ['bind', path.join(dir, 'web'), '/app', 'volumes', 'compose.override.yml', 10],
      ['anonymous', null, '/app/node_modules', 'volumes', 'compose.override.yml', 9],
      ['bind', path.join(dir, 'web/src'), '/app/src', 'develop.watch', 'compose.override.yml', 13],
    ]);
    expect(resolveContainerPath(web.mounts, '/app/node_modules/sharp/build/Release/sharp.node')).toMatchObject({
      hostPath: null,
      mount: { kind: 'anonymous' },
    });
    expect(resolveContainerPath(web.mounts, '/app/lib/index.js')?.hostPath).toBe(path.join(dir, 'web/lib/index.js'));
    expect(resolveContainerPath(web.mounts, '/usr/lib/x.so')).toBeNull();
  });

  test('-f replaces the default set; COMPOSE_FILE with COMPOSE_PATH_SEPARATOR does the same', () => {
    const dir = makeTree(PROJECT);
    const viaF = load(dir, { files: ['compose.yaml', 'docker-compose.prod.yml'] });
    expect(viaF.services.find((s) => s.name === 'web')!.build?.target).toBe('prod');
    const viaEnv = load(dir, {
      env: { COMPOSE_FILE: 'compose.yaml;docker-compose.prod.yml', COMPOSE_PATH_SEPARATOR: ';' },
    });
    expect(viaEnv.files.map((f) => path.basename(f))).toEqual(['compose.yaml', 'docker-compose.prod.yml']);
    expect(viaEnv.services.find((s) => s.name === 'web')!.build?.target).toBe('prod');
  });

  test('--profile and COMPOSE_PROFILES enable services', () => {
    const dir = makeTree(PROJECT);
    expect(load(dir, { profiles: ['debug'] }).services.find((s) => s.name === 'debug')!.active).toBe(true);
    expect(
      load(dir, { env: { COMPOSE_PROFILES: 'other,debug' } }).services.find((s) => s.name === 'debug')!.active,
    ).toBe(true);
  });

  test('a required variable that is unset is an error naming it and its line', () => {
    const dir = makeTree({ ...PROJECT, '.env': '' });
    const e = composeError(() => load(dir));
    expect(e.variable).toBe('WORKER_TARGET');
    expect(e.message).toBe(
      'compose.yaml:15: services.worker.build.target: required variable WORKER_TARGET is missing a value: set it in .env',
    );
  });

  test('the process environment wins over .env; --env-file replaces .env', () => {
    const dir = makeTree({ ...PROJECT, 'other.env': 'WORKER_TARGET=from-file\n' });
    expect(
      load(dir, { env: { WORKER_TARGET: 'from-process' } }).services.find((s) => s.name === 'worker')!.build?.target,
    ).toBe('from-process');
    const p = load(dir, { envFiles: ['other.env'] });
    expect(p.services.find((s) => s.name === 'worker')!.build?.target).toBe('from-file');
    expect(p.services.find((s) => s.name === 'api')!.build?.context).toBe(path.join(dir, 'api'));
  });

  test('!reset removes and !override replaces', () => {
    const dir = makeTree({
      'compose.yaml':
        'services:\n  web:\n    build: {context: ., args: {A: "1"}}\n    volumes: [".:/app", "./data:/data"]\n',
      'compose.override.yaml':
        'services:\n  web:\n    build:\n      args: !reset {}\n    volumes: !override\n      - ./src:/app/src\n',
    });
    const web = load(dir).services[0]!;
    expect(web.build?.args).toEqual({});
    expect(web.mounts.map((m) => m.target)).toEqual(['/app/src']);
  });

  test('include and extends from another file resolve paths from that file', () => {
    const dir = makeTree({
      'compose.yaml':
        'include:\n  - libs/compose.yaml\nservices:\n  app:\n    extends: {file: common/base.yaml, service: base}\n',
      'common/base.yaml':
        'services:\n  base:\n    build: {context: ./ctx, dockerfile: app.Dockerfile}\n    volumes: ["./src:/src"]\n',
      'libs/compose.yaml': 'services:\n  lib:\n    build: .\n',
    });
    const p = load(dir);
    const app = p.services.find((s) => s.name === 'app')!;
    expect(app.build).toMatchObject({
      context: path.join(dir, 'common/ctx'),
      dockerfile: path.join(dir, 'common/ctx/app.Dockerfile'),
    });
    expect(app.mounts[0]!.source).toBe(path.join(dir, 'common/src'));
    expect(p.services.find((s) => s.name === 'lib')!.build?.context).toBe(path.join(dir, 'libs'));
  });

  test('extends cycles and include cycles are errors', () => {
    const a = makeTree({ 'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n' });
    expect(composeError(() => load(a)).message).toMatch(/forms a cycle/);
    const b = makeTree({ 'compose.yaml': 'include: [other.yaml]\n', 'other.yaml': 'include: [compose.yaml]\n' });
    expect(composeError(() => load(b)).message).toMatch(/forms a cycle/);
  });

  test('confined to a root, a file outside it is not read', () => {
    const outer = makeTree({
      'secret.yaml': 'services: {}\n',
      'repo/compose.yaml': 'services:\n  a:\n    extends: {file: ../secret.yaml, service: a}\n',
    });
    const repo = path.join(outer, 'repo');
    expect(composeError(() => load(repo, { confineTo: repo })).message).toMatch(/outside .*not read/);
  });

  test('the default file is found in a parent directory, and none is an error', () => {
    const dir = makeTree({ 'compose.yaml': 'services:\n  a:\n    build: .\n', 'sub/x': '' });
    expect(load(path.join(dir, 'sub')).dir).toBe(dir);
    const empty = makeTree({ x: '' });
    expect(composeError(() => load(empty, { noParentSearch: true })).message).toMatch(/no compose.yaml/);
  });

  test('a dangling .env symlink is an absent .env, as for Compose', () => {
    const dir = makeTree({ 'compose.yaml': 'services:\n  a:\n    build: ${CTX:-.}\n' });
    fs.symlinkSync('missing/.env', path.join(dir, '.env'));
    expect(load(dir).services[0]!.build?.context).toBe(dir);
  });
});

describe('hostile Compose files: explicit limits, one-line errors, bounded reads', () => {
  /** nodeFileSystem, counting the bytes each read returns. */
  function countingFs() {
    const read: number[] = [];
    const fsys = {
      ...nodeFileSystem,
      readFile: (p: string, max: number) => {
        const bytes = nodeFileSystem.readFile(p, max);
        read.push(bytes?.length ?? 0);
        return bytes;
      },
    };
    return { fsys, read };
  }

  test('a 10 MB Compose file is refused before a byte of it is read', () => {
    const dir = makeTree({ '.env': 'A=1\n' });
    const line = '  svc: {image: alpine, environment: {KEY: "value value value value value"}}\n';
    fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n' + line.repeat(Math.ceil(10e6 / line.length)));
    const { fsys, read } = countingFs();
    const e = composeError(() => loadComposeProject({ fs: fsys, cwd: dir, env: {} }));
    expect(e.message).toMatch(/^compose\.yaml: the Compose file is \d+ bytes, more than the 524288 read$/);
    // Only the 4-byte .env was read.
    expect(read).toEqual([4]);
  });

  test('an alias bomb of 9 levels (9^9 nodes once expanded) stops at the node limit with file:line', () => {
    const names = 'abcdefghij';
    const lines = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `x-${names[i]}: &${names[i]} [${Array(9)
          .fill(`*${names[i - 1]}`)
          .join(',')}]`,
      );
    const dir = makeTree({ 'compose.yaml': `${lines.join('\n')}\nservices:\n  web: {image: alpine, command: *i}\n` });
    const e = composeError(() => load(dir));
    expect(e.message).toMatch(/^compose\.yaml:\d+: more than 200000 nodes once aliases are expanded/);
    expect(e.line).toBeGreaterThan(1);
  });
});
