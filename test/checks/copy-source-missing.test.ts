import { describe, expect, test } from 'vitest';
import { doc, findingsOf } from './analyze-context.js';

const CHECK = 'copy-source-missing';

describe(CHECK, () => {
  test.for([
    [
      'a literal file that is not there',
      ['FROM alpine', 'COPY config.json /etc/app/'],
      'error',
      { source: 'config.json', effect: 'missing', kind: 'copy' },
    ],
    [
      'the directory before a wildcard is not there',
      ['FROM alpine', 'COPY certs/*.pem /etc/ssl/'],
      'error',
      { effect: 'missing' },
    ],
    [
      'a wildcard that matches nothing copies nothing',
      ['FROM alpine', 'COPY *.conf /etc/'],
      'warning',
      { effect: 'empty' },
    ],
    [
      'a RUN --mount source',
      ['FROM alpine', 'RUN --mount=type=bind,source=go.sum,target=/x true'],
      'error',
      { kind: 'mount', effect: 'missing' },
    ],
    [
      'in a stage the target needs',
      ['FROM alpine AS a', 'ADD missing.tar /', 'FROM a', 'RUN true'],
      'error',
      { kind: 'add' },
    ],
  ] as const)('bad: %s', async ([, lines, severity, data]) => {
    const found = await findingsOf(CHECK, { Dockerfile: doc(...lines), 'app.py': '' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity, path: 'Dockerfile', line: 2, data });
  });

  test('bad: it says when the ignore file would exclude it too', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM alpine', 'COPY build/app /app'),
      '.dockerignore': 'build\n',
      x: '',
    });
    expect(found[0]?.data.wouldIgnoreLine).toBe(1);
  });

  test.for([
    ['present files and wildcards', ['FROM alpine', 'COPY app.py *.py /app/']],
    [
      'a source in a stage the target does not build',
      ['FROM alpine AS unused', 'COPY nothing /x', 'FROM alpine', 'COPY app.py /'],
    ],
    [
      'a URL, a git source and --from',
      ['FROM alpine', 'ADD https://example.com/x.tgz /x', 'COPY --from=busybox /bin/sh /sh'],
    ],
    ['the whole context mounted', ['FROM alpine', 'RUN --mount=type=bind,target=/src true']],
    ['ignored sources are the other check', ['FROM alpine', 'COPY secret.txt /']],
  ] as const)('good: %s', async ([, lines]) => {
    expect(
      await findingsOf(CHECK, {
        Dockerfile: doc(...lines),
        'app.py': '',
        'secret.txt': 's',
        '.dockerignore': 'secret.txt\n',
      }),
    ).toEqual([]);
  });
});
