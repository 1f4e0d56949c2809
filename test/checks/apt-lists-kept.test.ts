import { describe, expect, test } from 'vitest';
import { doc, findingsOf } from './analyze-context.js';

const CHECK = 'apt-lists-kept';

describe(CHECK, () => {
  test.for([
    ['update and install, no cleanup', ['FROM debian:12', 'RUN apt-get update && apt-get install -y curl'], 2],
    [
      'apt-get clean does not remove the lists',
      ['FROM debian:12', 'RUN apt-get update && apt-get install -y curl && apt-get clean'],
      2,
    ],
    [
      'removal in a later RUN is too late',
      ['FROM debian:12', 'RUN apt-get update && apt-get install -y curl', 'RUN rm -rf /var/lib/apt/lists/*'],
      2,
    ],
    [
      'apt instead of apt-get, in a heredoc',
      ['FROM ubuntu:24.04', 'RUN <<EOT', 'apt update', 'apt install -y git', 'EOT'],
      2,
    ],
  ] as const)('bad: %s', async ([, lines, line]) => {
    const found = await findingsOf(CHECK, { Dockerfile: doc(...lines) });
    expect(found.map((f) => [f.severity, f.path, f.line])).toEqual([['warning', 'Dockerfile', line]]);
  });

  test.for([
    [
      'rm -rf /var/lib/apt/lists/* in the same RUN',
      ['FROM debian:12', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'],
    ],
    [
      'rm -rf /var/lib/apt/lists',
      [
        'FROM debian:12',
        'RUN apt-get update \\',
        '  && apt-get install -y --no-install-recommends curl \\',
        '  && rm -rf /var/lib/apt/lists',
      ],
    ],
    [
      'a cache mount on /var/lib/apt',
      [
        'FROM debian:12',
        'RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl',
      ],
    ],
    [
      'a cache mount on the lists',
      ['FROM debian:12', 'RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl'],
    ],
    [
      'only a builder stage',
      [
        'FROM debian:12 AS build',
        'RUN apt-get update && apt-get install -y gcc',
        'FROM debian:12-slim',
        'COPY --from=build /bin/true /x',
      ],
    ],
    ['update alone is the other check', ['FROM debian:12', 'RUN apt-get update']],
  ] as const)('good: %s', async ([, lines]) => {
    expect(await findingsOf(CHECK, { Dockerfile: doc(...lines) })).toEqual([]);
  });
});
