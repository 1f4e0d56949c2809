import { describe, expect, test } from 'vitest';
import { doc, findingsOf } from './analyze-context.js';

const CHECK = 'git-clone-in-build';

describe(CHECK, () => {
  test.for([
    [
      'an unpinned clone',
      'RUN git clone https://github.com/example/app.git /src',
      'warning',
      { url: 'https://github.com/example/app.git', pinned: false, credentials: false },
    ],
    [
      'a moving branch',
      'RUN git clone --depth 1 -b main https://github.com/example/app.git',
      'warning',
      { pinned: false },
    ],
    [
      'a token in the URL, even pinned',
      'RUN git clone -b v1.2.0 https://user:s3cr3t-t0ken@github.com/example/app.git',
      'error',
      { url: 'https://github.com/example/app.git', pinned: true, credentials: true },
    ],
  ] as const)('bad: %s', async ([, run, severity, data]) => {
    const found = await findingsOf(CHECK, { Dockerfile: doc('FROM alpine/git', run) });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity, path: 'Dockerfile', line: 2, data });
    expect(found[0]!.message).not.toContain('s3cr3t');
  });

  test.for([
    ['a tag', 'RUN git clone --branch v2.4.1 https://github.com/example/tool.git'],
    ['a checkout of a commit', 'RUN git clone https://github.com/example/tool.git && cd tool && git checkout 3f2c1a9'],
    ['ADD of a git source', 'ADD https://github.com/example/app.git#v1.0 /src'],
    ['git used for something else', 'RUN git config --global user.name x'],
  ] as const)('good: %s', async ([, run]) => {
    expect(await findingsOf(CHECK, { Dockerfile: doc('FROM alpine/git', run) })).toEqual([]);
  });

  test.for([
    [
      'a commit pinned through ENV',
      [
        'ENV TOOL_VERSION=3f2c1a9e0b7d',
        'RUN git clone https://github.com/example/tool.git && cd tool && git checkout ${TOOL_VERSION}',
      ],
      0,
    ],
    [
      'a tag pinned through ARG, used as --branch',
      ['ARG TOOL_REF=v1.4.2', 'RUN git clone --branch $TOOL_REF https://github.com/example/tool.git'],
      0,
    ],
    [
      'a variable the Dockerfile never sets stays unpinned',
      ['RUN git clone https://github.com/example/tool.git && cd tool && git checkout ${TOOL_VERSION}'],
      1,
    ],
    [
      'a variable that names a moving branch stays unpinned',
      ['ENV TOOL_REF=main', 'RUN git clone -b $TOOL_REF https://github.com/example/tool.git'],
      1,
    ],
  ] as const)('through a variable: %s', async ([, lines, count]) => {
    expect(await findingsOf(CHECK, { Dockerfile: doc('FROM alpine/git', ...lines) })).toHaveLength(count);
  });
});
