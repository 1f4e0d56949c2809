import { describe, expect, test } from 'vitest';
import { doc, findingsOf } from './analyze-context.js';

const CHECK = 'copy-source-ignored';

describe(CHECK, () => {
  test.for([
    [
      'an excluded file',
      ['FROM alpine', 'COPY settings.json /etc/'],
      'settings.json\n',
      'error',
      { effect: 'missing', ignoreFileLines: [1], excludedPaths: ['settings.json'], exceptionLine: '!settings.json' },
    ],
    [
      'a file in an excluded directory',
      ['FROM alpine', 'COPY config/app.yml /etc/'],
      '# comment\nconfig\n',
      'error',
      { effect: 'missing', ignoreFileLines: [2], excludedPaths: ['config'], exceptionLine: '!config/app.yml' },
    ],
    [
      'a wildcard whose matches are all excluded',
      ['FROM alpine', 'COPY keys/*.pem /k/'],
      'keys/*.pem\n',
      'warning',
      { effect: 'empty', ignoreFileLines: [1], excludedPaths: ['keys/a.pem'] },
    ],
    [
      'a mount of an excluded file',
      ['FROM alpine', 'RUN --mount=type=bind,source=settings.json,target=/s true'],
      '*.json\n',
      'error',
      { kind: 'mount', ignoreFileLines: [1] },
    ],
  ] as const)('bad: %s', async ([, lines, ignore, severity, data]) => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc(...lines),
      '.dockerignore': ignore,
      'settings.json': '{}',
      'config/app.yml': 'a: 1',
      'keys/a.pem': 'k',
      'keys/README': 'r',
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity,
      path: 'Dockerfile',
      line: 2,
      data: { ignoreFile: '.dockerignore', ...data },
    });
  });

  test.for([
    ['an exception lets it through', ['FROM alpine', 'COPY config/app.yml /etc/'], 'config\n!config/app.yml\n'],
    ['not ignored', ['FROM alpine', 'COPY config/app.yml /etc/'], 'other\n'],
    ['absent, not ignored, is the other check', ['FROM alpine', 'COPY nothere /x'], 'config\n'],
  ] as const)('good: %s', async ([, lines, ignore]) => {
    expect(
      await findingsOf(CHECK, { Dockerfile: doc(...lines), '.dockerignore': ignore, 'config/app.yml': 'a: 1' }),
    ).toEqual([]);
  });
});
