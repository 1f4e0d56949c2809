import { describe, expect, test } from 'vitest';
import { doc, findingsOf } from './analyze-context.js';

const CHECK = 'missing-dockerignore';

describe(CHECK, () => {
  test('bad: no ignore file and COPY . . sends .git and node_modules', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM node:20', 'COPY . .'),
      'index.js': '',
      '.git/HEAD': 'ref',
      'node_modules/x/index.js': 'module',
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'warning',
      path: 'Dockerfile',
      data: { ignoreLines: ['.git', '**/node_modules'], files: 2, sentFiles: 2 },
    });
  });

  test('bad: an ignore file named .Dockerignore is not read on Linux: the finding says to rename it', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM alpine:3.20', 'COPY . /app/'),
      '.Dockerignore': '*.iso\n',
      'images/disk.iso': 'iso',
      'a.log': 'log',
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.data.misnamed).toBe('.Dockerignore');
    expect(found[0]!.message).toMatch(
      /\.Dockerignore is here, but Docker reads only a file named exactly \.dockerignore/,
    );
  });

  test('bad (info): nothing of it is sent for this Dockerfile', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM node:20', 'COPY index.js /app/'),
      'index.js': '',
      '.git/HEAD': 'ref',
    });
    expect(found.map((f) => [f.severity, f.data.ignoreLines, f.data.sentFiles])).toEqual([['info', ['.git'], 0]]);
  });

  test('bad: a suggested line never drops a path a COPY names', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM node:20', 'COPY node_modules/ /app/node_modules/', 'COPY . .'),
      'node_modules/x.js': '',
      '.git/HEAD': 'x',
    });
    expect(found[0]!.data.ignoreLines).toEqual(['.git']);
  });

  test.for([
    [
      'a .dockerignore exists',
      { Dockerfile: doc('FROM node:20', 'COPY . .'), '.dockerignore': '.git\n', '.git/HEAD': 'x' },
    ],
    [
      'a Dockerfile-specific ignore file exists',
      { Dockerfile: doc('FROM node:20', 'COPY . .'), 'Dockerfile.dockerignore': '.git\n', '.git/HEAD': 'x' },
    ],
  ] as const)('good: %s', async ([, spec]) => {
    expect(await findingsOf(CHECK, spec)).toEqual([]);
  });
});
