import { describe, expect, test } from 'vitest';
import { doc, findingsOf } from './analyze-context.js';

const CHECK = 'pip-cache';

describe(CHECK, () => {
  test.for([
    ['plain pip install', ['FROM python:3.12', 'RUN pip install flask'], 2],
    ['python -m pip', ['FROM python:3.12', 'RUN python3 -m pip install -r r.txt'], 2],
    ['inside a heredoc', ['FROM python:3.12', 'RUN <<EOT', 'pip3 install flask', 'EOT'], 2],
    [
      'the flag on another command of the RUN',
      ['FROM python:3.12', 'RUN pip install --no-cache-dir a && pip install b'],
      2,
    ],
    ['a cache mount elsewhere', ['FROM python:3.12', 'RUN --mount=type=cache,target=/var/cache/apt pip install a'], 2],
    [
      'a final stage built FROM a stage that installs',
      ['FROM python:3.12 AS base', 'RUN pip install a', 'FROM base', 'CMD ["x"]'],
      2,
    ],
  ] as const)('bad: %s', async ([, lines, line]) => {
    const found = await findingsOf(CHECK, { Dockerfile: doc(...lines) });
    expect(found.map((f) => [f.severity, f.line])).toEqual([['warning', line]]);
  });

  test.for([
    ['--no-cache-dir', ['FROM python:3.12', 'RUN pip install --no-cache-dir flask']],
    ['ENV PIP_NO_CACHE_DIR', ['FROM python:3.12', 'ENV PIP_NO_CACHE_DIR=1', 'RUN pip install flask']],
    ['inline PIP_NO_CACHE_DIR', ['FROM python:3.12', 'RUN PIP_NO_CACHE_DIR=1 pip install flask']],
    ['exported PIP_NO_CACHE_DIR', ['FROM python:3.12', 'RUN export PIP_NO_CACHE_DIR=1 && pip install flask']],
    [
      'a cache mount on the pip cache',
      ['FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache/pip pip install flask'],
    ],
    ['a cache mount on ~/.cache', ['FROM python:3.12', 'RUN --mount=type=cache,target=/root/.cache pip install flask']],
    ['pip cache purge in the same RUN', ['FROM python:3.12', 'RUN pip install flask && pip cache purge']],
    ['rm -rf of the cache in the same RUN', ['FROM python:3.12', 'RUN pip install flask && rm -rf /root/.cache/pip']],
    [
      'only a builder stage installs',
      [
        'FROM python:3.12 AS build',
        'RUN pip install --prefix=/install flask',
        'FROM python:3.12-slim',
        'COPY --from=build /install /usr/local',
      ],
    ],
    [
      'a stage the target does not build',
      ['FROM python:3.12 AS dev', 'RUN pip install flask', 'FROM python:3.12-slim AS prod', 'CMD ["x"]'],
    ],
  ] as const)('good: %s', async ([, lines]) => {
    expect(await findingsOf(CHECK, { Dockerfile: doc(...lines) })).toEqual([]);
  });
});
