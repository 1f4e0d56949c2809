import { describe, expect, test } from 'vitest';
import { doc, findingsOf } from './analyze-context.js';

const CHECK = 'build-tools-in-final-stage';

describe(CHECK, () => {
  test.for([
    [
      'build-essential and a -dev package',
      [
        'FROM python:3.12-slim',
        'RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev && rm -rf /var/lib/apt/lists/*',
      ],
      ['build-essential', 'libpq-dev'],
    ],
    ['apk add gcc musl-dev', ['FROM python:3.12-alpine', 'RUN apk add --no-cache gcc musl-dev'], ['gcc', 'musl-dev']],
    ['a versioned compiler', ['FROM debian:12', 'RUN apt-get install -y gcc-12=12.2.0-14'], ['gcc-12']],
  ] as const)('bad: %s', async ([, lines, packages]) => {
    const found = await findingsOf(CHECK, { Dockerfile: doc(...lines) });
    expect(found.map((f) => [f.severity, f.line, f.data.packages])).toEqual([['warning', 2, packages]]);
  });

  test.for([
    [
      'toolchain only in the builder stage',
      [
        'FROM python:3.12 AS build',
        'RUN apt-get update && apt-get install -y build-essential',
        'FROM python:3.12-slim',
        'COPY --from=build /opt/venv /opt/venv',
      ],
    ],
    [
      'purged in the same RUN',
      ['FROM debian:12', 'RUN apt-get install -y gcc && make && apt-get purge -y --auto-remove gcc'],
    ],
    [
      'apk virtual package deleted in the same RUN',
      ['FROM alpine:3.20', 'RUN apk add --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps'],
    ],
    ['runtime libraries only', ['FROM debian:12', 'RUN apt-get install -y libpq5 curl ca-certificates']],
  ] as const)('good: %s', async ([, lines]) => {
    expect(await findingsOf(CHECK, { Dockerfile: doc(...lines) })).toEqual([]);
  });
});
