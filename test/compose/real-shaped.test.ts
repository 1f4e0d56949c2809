// A Compose project shaped like the full-stack templates people build from: a base file with
// anchors and `<<` merges, an override for development (target dev, a bind mount of the source),
// a production file used with -f, .env interpolation, a named context shared by two builds, a
// multi-platform build and an inline Dockerfile. Pinned: which builds are found, with which
// context, Dockerfile, target, args and platforms, and that no false copy-source-missing arises.
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeComposeProject } from '../../src/scan/compose.js';
import { scanRepository } from '../../src/scan/scan.js';
import { bin } from '../checks/helpers.js';
import { makeTree } from '../helpers/make-tree.js';

const FRONTEND_DOCKERFILE = [
  'ARG NODE_VERSION=18',
  'FROM node:${NODE_VERSION} AS deps',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN npm ci',
  'FROM deps AS dev',
  'COPY . .',
  'CMD ["npm", "run", "dev"]',
  'FROM deps AS build',
  'COPY . .',
  'RUN npm run build',
  'FROM nginx:1.27 AS prod',
  'COPY --from=build /app/dist /usr/share/nginx/html',
  '',
].join('\n');

const BACKEND_DOCKERFILE = [
  'FROM python:3.12-slim',
  'WORKDIR /app',
  'COPY --from=shared schema.sql /app/schema.sql',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY app ./app',
  'COPY bin/healthcheck /usr/local/bin/healthcheck',
  'CMD ["uvicorn", "app.main:app"]',
  '',
].join('\n');

const project = () =>
  makeTree({
    'compose.yaml': [
      'x-build-args: &build-args',
      '  NODE_VERSION: ${NODE_VERSION:-20}',
      '  APP_ENV: ${APP_ENV:?set APP_ENV in .env}',
      'x-backend: &backend',
      '  build: &backend-build',
      '    context: ./backend',
      '    additional_contexts:',
      '      shared: ./shared',
      '    platforms: [linux/amd64, linux/arm64]',
      '  env_file: .env',
      'services:',
      '  frontend:',
      '    build:',
      '      context: ./frontend',
      '      target: prod',
      '      args: *build-args',
      '    ports: ["3000:80"]',
      '  backend:',
      '    <<: *backend',
      '  worker:',
      '    <<: *backend',
      '    command: ["python", "-m", "app.worker"]',
      '  migrate:',
      '    build:',
      '      context: ./backend',
      '      dockerfile_inline: |',
      '        FROM python:3.12-slim',
      '        COPY app/migrations /migrations',
      '        COPY alembic.ini /alembic.ini',
      '  db:',
      '    image: postgres:16',
      '',
    ].join('\n'),
    'compose.override.yaml': [
      'services:',
      '  frontend:',
      '    build:',
      '      target: dev',
      '    volumes:',
      '      - ./frontend:/app',
      '',
    ].join('\n'),
    'compose.prod.yaml': ['services:', '  frontend:', '    build:', '      target: prod', ''].join('\n'),
    '.env': 'APP_ENV=development\nNODE_VERSION=22\n',
    'frontend/Dockerfile': FRONTEND_DOCKERFILE,
    'frontend/.dockerignore': 'node_modules\ndist\n',
    'frontend/package.json': '{"name":"web"}',
    'frontend/package-lock.json': '{}',
    'frontend/src/main.ts': 'x\n',
    // The host's own install, made on a Mac: the bind mount lays it over the image's /app/node_modules.
    'frontend/node_modules/@esbuild/darwin-arm64/package.json':
      '{"name":"@esbuild/darwin-arm64","version":"0.21.5","os":["darwin"],"cpu":["arm64"]}',
    'frontend/node_modules/@esbuild/darwin-arm64/bin/esbuild': bin('macho-arm64-exe', 0o755),
    'backend/Dockerfile': BACKEND_DOCKERFILE,
    'backend/.dockerignore': '.venv\n__pycache__\n',
    'backend/requirements.txt': 'fastapi==0.111.0\n',
    'backend/alembic.ini': '[alembic]\n',
    'backend/app/main.py': 'app = None\n',
    'backend/app/migrations/001.py': 'x = 1\n',
    // Built on an x86-64 laptop: fine for linux/amd64, an exec format error in the linux/arm64 image.
    'backend/bin/healthcheck': bin('exe-x86_64-glibc-real', 0o755),
    'shared/schema.sql': 'create table t (id int);\n',
    'shared/.dockerignore': 'fixtures\n',
    'shared/fixtures/big.sql': 'insert\n',
  });

describe('a full-stack Compose project', () => {
  test('the default files: override merged, .env interpolated, anchors and merges read; every build as Compose runs it', async () => {
    const dir = project();
    const result = await analyzeComposeProject({ cwd: dir, env: {} });
    expect(result.project.files).toEqual(['compose.yaml', 'compose.override.yaml']);
    expect(
      result.builds.map((b) => [
        b.build,
        b.services,
        b.context,
        b.dockerfile,
        b.dockerfileInline !== null,
        b.target,
        b.buildArgs,
        b.platforms,
        b.namedContexts.map((c) => `${c.name}=${c.source}`),
      ]),
    ).toEqual([
      [
        'compose.yaml:backend',
        ['backend', 'worker'],
        path.join(dir, 'backend'),
        null,
        false,
        null,
        {},
        ['linux/amd64', 'linux/arm64'],
        [`shared=${path.join(dir, 'shared')}`],
      ],
      [
        'compose.yaml:frontend',
        ['frontend'],
        path.join(dir, 'frontend'),
        null,
        false,
        'dev',
        { NODE_VERSION: '22', APP_ENV: 'development' },
        [],
        [],
      ],
      ['compose.yaml:migrate', ['migrate'], path.join(dir, 'backend'), null, true, null, {}, [], []],
    ]);
    expect(result.builds.every((b) => b.error === null)).toBe(true);
    const findings = result.builds.flatMap((b) => b.report!.findings.map((f) => ({ ...f, build: b.service })));
    // COPY --from=shared reads the named context, the inline Dockerfile reads backend/: nothing is missing.
    expect(findings.filter((f) => f.check === 'copy-source-missing')).toEqual([]);

    const backend = result.builds.find((b) => b.service === 'backend')!.report!;
    expect(backend.target.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(backend.namedContexts).toMatchObject([
      { name: 'shared', kind: 'local', used: true, files: 2, excludedFiles: 1 },
    ]);
    expect(
      findings.filter((f) => f.check === 'foreign-binary').map((f) => [f.build, f.path, f.severity, f.data.platform]),
    ).toEqual([['backend', 'bin/healthcheck', 'error', 'linux/arm64']]);

    const migrate = result.builds.find((b) => b.service === 'migrate')!.report!;
    expect(migrate.dockerfile).toBe('compose.yaml:migrate dockerfile_inline');

    // The dev override mounts ./frontend over /app: the Mac's node_modules (kept out of the build by
    // .dockerignore, but mounted all the same) hides the image's.
    expect(
      findings.filter((f) => f.check === 'bind-mount-shadows-image').map((f) => [f.build, f.severity, f.data.shadowed]),
    ).toEqual([['frontend', 'error', '/app/node_modules']]);
  });

  test('-f compose.yaml -f compose.prod.yaml: the prod target, no bind mount', async () => {
    const dir = project();
    const result = await analyzeComposeProject({
      cwd: dir,
      env: {},
      files: ['compose.yaml', 'compose.prod.yaml'],
      services: ['frontend'],
    });
    const [frontend] = result.builds;
    expect([frontend!.target, frontend!.mounts]).toEqual(['prod', []]);
    expect(frontend!.report!.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('scan --all: the default set is one project; a prod file that only adjusts it is read on top of it', async () => {
    const dir = project();
    const result = await scanRepository({ root: dir, env: {} });
    expect(result.builds.map((b) => [b.build, b.composeFiles.join(' + '), b.target])).toEqual([
      ['compose.yaml:backend', 'compose.yaml + compose.override.yaml', null],
      ['compose.yaml:frontend', 'compose.yaml + compose.override.yaml', 'dev'],
      ['compose.yaml:migrate', 'compose.yaml + compose.override.yaml', null],
      // compose.prod.yaml only sets a target: it is read on top of compose.yaml, as `-f compose.yaml -f compose.prod.yaml`.
      ['compose.prod.yaml:frontend', 'compose.yaml + compose.prod.yaml', 'prod'],
    ]);
    expect(result.builds.map((b) => b.context)).toEqual(
      ['backend', 'frontend', 'backend', 'frontend'].map((d) => path.join(dir, d)),
    );
    expect(result.builds.every((b) => b.error === null)).toBe(true);
  });
});
