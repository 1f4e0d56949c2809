// From a container path back to the build context: COPY/ADD destinations, WORKDIR, COPY --from
// chains, RUN --mount, and the context's own layout when no instruction accounts for it.
import { describe, expect, test } from 'vitest';
import { absoluteContainerPath, entrypointOf, mapContainerPath, workdirOf } from '../../src/diagnose/map-paths.js';
import { parseDockerfile } from '../../src/dockerfile/parse-dockerfile.js';
import type { EntryType } from '../../src/types.js';

function entriesOf(spec: Record<string, EntryType>): Map<string, { path: string; type: EntryType }> {
  const out = new Map<string, { path: string; type: EntryType }>();
  for (const [path, type] of Object.entries(spec)) {
    out.set(path, { path, type });
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const dir = path.slice(0, i);
      if (!out.has(dir)) out.set(dir, { path: dir, type: 'dir' });
    }
  }
  return out;
}

const TREE = entriesOf({
  'node_modules/bcrypt/lib/binding/bcrypt_lib.node': 'file',
  'web/node_modules/x/x.node': 'file',
  'server/bin/app': 'file',
  'libs/a.so': 'file',
  'libs/b.so': 'file',
  'requirements.txt': 'file',
  'src/pkg/mod.so': 'file',
  '.venv/lib/python3.11/site-packages/numpy/core/_u.so': 'file',
});

interface Row {
  name: string;
  dockerfile: string | null;
  path: string;
  expected: { contextPath: string; method: 'copy' | 'layout'; instruction?: string | null; line?: number | null }[];
}

const ROWS: Row[] = [
  {
    name: 'COPY . /app: the path below the destination is the context path',
    dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . /app\n',
    path: '/app/node_modules/bcrypt/lib/binding/bcrypt_lib.node',
    expected: [
      {
        contextPath: 'node_modules/bcrypt/lib/binding/bcrypt_lib.node',
        method: 'copy',
        instruction: 'COPY . /app',
        line: 3,
      },
    ],
  },
  {
    name: 'COPY . . resolves against WORKDIR',
    dockerfile: 'FROM node:20\nWORKDIR /srv/app\nCOPY . .\n',
    path: '/srv/app/web/node_modules/x/x.node',
    expected: [{ contextPath: 'web/node_modules/x/x.node', method: 'copy', instruction: 'COPY . .' }],
  },
  {
    name: 'a relative path in the message starts at the WORKDIR',
    dockerfile: 'FROM alpine\nWORKDIR /app\nCOPY server/bin/app /app/server\n',
    path: './server',
    expected: [{ contextPath: 'server/bin/app', method: 'copy', instruction: 'COPY server/bin/app /app/server' }],
  },
  {
    name: 'a directory source copies its contents',
    dockerfile: 'FROM alpine\nCOPY server /opt/server\n',
    path: '/opt/server/bin/app',
    expected: [{ contextPath: 'server/bin/app', method: 'copy' }],
  },
  {
    name: 'a file source into a directory keeps its name',
    dockerfile: 'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\n',
    path: '/app/requirements.txt',
    expected: [{ contextPath: 'requirements.txt', method: 'copy', instruction: 'COPY requirements.txt .' }],
  },
  {
    name: 'wildcard sources are expanded over the context',
    dockerfile: 'FROM debian\nCOPY libs/*.so /usr/lib/\n',
    path: '/usr/lib/b.so',
    expected: [{ contextPath: 'libs/b.so', method: 'copy', instruction: 'COPY libs/*.so /usr/lib/' }],
  },
  {
    name: 'COPY --from follows the build stage back to the context',
    dockerfile:
      'FROM node:20 AS build\nWORKDIR /src\nCOPY . .\nRUN npm ci\nFROM node:20-slim\nCOPY --from=build /src/node_modules /app/node_modules\n',
    path: '/app/node_modules/bcrypt/lib/binding/bcrypt_lib.node',
    expected: [
      {
        contextPath: 'node_modules/bcrypt/lib/binding/bcrypt_lib.node',
        method: 'copy',
        instruction: 'COPY --from=build /src/node_modules /app/node_modules ← COPY . .',
        line: 6,
      },
    ],
  },
  {
    name: 'a later COPY wins over an earlier one',
    dockerfile: 'FROM python:3.12\nCOPY libs /opt/lib\nCOPY src/pkg /opt/lib\n',
    path: '/opt/lib/mod.so',
    expected: [{ contextPath: 'src/pkg/mod.so', method: 'copy', line: 3 }],
  },
  {
    name: 'a base stage counts: FROM <stage> inherits its files',
    dockerfile: 'FROM python:3.11 AS base\nWORKDIR /app\nCOPY . .\nFROM base\nCMD ["python"]\n',
    path: '/app/.venv/lib/python3.11/site-packages/numpy/core/_u.so',
    expected: [{ contextPath: '.venv/lib/python3.11/site-packages/numpy/core/_u.so', method: 'copy', line: 3 }],
  },
  {
    name: 'RUN --mount=type=bind puts the context at its target during that step',
    dockerfile: 'FROM node:20\nRUN --mount=type=bind,source=web,target=/w npm --prefix /w run build\n',
    path: '/w/node_modules/x/x.node',
    expected: [{ contextPath: 'web/node_modules/x/x.node', method: 'copy', line: 2 }],
  },
  {
    name: 'a build stage accounts for it when the final stage does not (a RUN in the builder failed)',
    dockerfile:
      'FROM node:20 AS build\nWORKDIR /src\nCOPY . .\nRUN npm run build\nFROM nginx\nCOPY --from=build /src/dist /usr/share/nginx/html\n',
    path: '/src/web/node_modules/x/x.node',
    expected: [{ contextPath: 'web/node_modules/x/x.node', method: 'copy', instruction: 'COPY . .', line: 3 }],
  },
  {
    name: 'no COPY accounts for it: the longest suffix the context holds (a bind mount)',
    dockerfile: 'FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt .\n',
    path: '/app/.venv/lib/python3.11/site-packages/numpy/core/_u.so',
    expected: [
      { contextPath: '.venv/lib/python3.11/site-packages/numpy/core/_u.so', method: 'layout', instruction: null },
    ],
  },
  {
    name: 'with a Dockerfile a one-segment suffix is not enough',
    dockerfile: 'FROM debian\nCOPY requirements.txt /\n',
    path: '/usr/lib/a.so',
    expected: [],
  },
  {
    name: 'without a Dockerfile the layout is all there is',
    dockerfile: null,
    path: '/home/user/project/libs/a.so',
    expected: [{ contextPath: 'libs/a.so', method: 'layout' }],
  },
  {
    name: 'a path the image made itself maps to nothing',
    dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\n',
    path: '/usr/local/lib/node_modules/npm/bin/npm-cli.js',
    expected: [],
  },
];

describe('mapContainerPath', () => {
  test.for(ROWS)('$name', (row) => {
    const model = row.dockerfile === null ? null : parseDockerfile(row.dockerfile);
    const got = mapContainerPath(row.path, { model, entries: TREE });
    expect(
      got.map((m) => ({
        contextPath: m.contextPath,
        method: m.origin.method,
        instruction: m.origin.instruction,
        line: m.origin.line,
      })),
    ).toEqual(row.expected.map((e) => expect.objectContaining(e)));
  });
});

describe('WORKDIR and ENTRYPOINT', () => {
  test('the last WORKDIR of the target stage, through its base stages', () => {
    const model = parseDockerfile('FROM alpine AS a\nWORKDIR /x\nWORKDIR y\nFROM a\nRUN true\n');
    expect(workdirOf(model)).toBe('/x/y');
    expect(workdirOf(null)).toBe('/');
    expect(absoluteContainerPath('../bin/./app', '/x/y')).toBe('/x/bin/app');
  });

  test.for([
    [
      'ENTRYPOINT exec form',
      'FROM alpine\nWORKDIR /app\nENTRYPOINT ["./server", "--port", "80"]\nCMD ["x"]\n',
      '/app/server',
    ],
    ['CMD when there is no ENTRYPOINT', 'FROM alpine\nCMD ["/usr/local/bin/app"]\n', '/usr/local/bin/app'],
    ['shell form runs the image’s /bin/sh', 'FROM alpine\nCMD ./server\n', '/bin/sh'],
    ['a bare command is looked up on PATH', 'FROM alpine\nCMD ["node", "index.js"]\n', null],
    ['inherited from the base stage', 'FROM alpine AS a\nENTRYPOINT ["/opt/tool"]\nFROM a\nRUN true\n', '/opt/tool'],
  ] as const)('%s', ([, dockerfile, expected]) => {
    expect(entrypointOf(parseDockerfile(dockerfile))).toBe(expected);
  });
});

describe('Compose mounts', () => {
  const bind = { service: 'web', source: '', target: '/app', file: 'compose.yaml', line: 7 };
  const model = parseDockerfile('FROM node:20\nWORKDIR /app\nCOPY . .\n');

  test('a bind mount of the context maps a container path to the host file, before any COPY', () => {
    const found = mapContainerPath('/app/web/node_modules/x/x.node', {
      model,
      entries: TREE,
      mounts: [{ target: '/app', mount: bind }],
    });
    expect(found.map((m) => [m.contextPath, m.origin.method, m.origin.instruction])).toEqual([
      ['web/node_modules/x/x.node', 'bind-mount', 'compose.yaml:7 web: .:/app'],
    ]);
  });

  test('a volume below the bind mount hides the host files: the image’s own are used (here through COPY)', () => {
    const mounts = [
      { target: '/app', mount: bind },
      { target: '/app/web/node_modules', mount: null },
    ];
    const found = mapContainerPath('/app/web/node_modules/x/x.node', { model, entries: TREE, mounts });
    expect(found.map((m) => m.origin.method)).toEqual(['copy']);
  });

  test('a bind mount of a subdirectory maps below its source', () => {
    const sub = { service: 'web', source: 'src', target: '/srv/src', file: 'compose.yaml', line: 9 };
    const found = mapContainerPath('/srv/src/pkg/mod.so', {
      model: null,
      entries: TREE,
      mounts: [{ target: '/srv/src', mount: sub }],
    });
    expect(found.map((m) => m.contextPath)).toEqual(['src/pkg/mod.so']);
  });
});
