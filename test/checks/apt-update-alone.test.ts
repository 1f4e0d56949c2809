import { describe, expect, test } from 'vitest';
import { doc, findingsOf } from './analyze-context.js';

const CHECK = 'apt-update-alone';

describe(CHECK, () => {
  test.for([
    [
      'update, then install in the next RUN',
      ['FROM debian:12', 'RUN apt-get update', 'RUN apt-get install -y curl'],
      { line: 2, installLine: 3 },
    ],
    [
      'update with -q in a builder stage the target needs',
      ['FROM debian:12 AS build', 'RUN apt-get -q update', 'FROM build', 'RUN true'],
      { line: 2, installLine: null },
    ],
  ] as const)('bad: %s', async ([, lines, expected]) => {
    const found = await findingsOf(CHECK, { Dockerfile: doc(...lines) });
    expect(found.map((f) => [f.severity, f.line, f.data.installLine])).toEqual([
      ['warning', expected.line, expected.installLine],
    ]);
  });

  test.for([
    [
      'update and install together',
      ['FROM debian:12', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'],
    ],
    ['update and upgrade', ['FROM debian:12', 'RUN apt-get update && apt-get upgrade -y']],
    ['no apt at all', ['FROM alpine:3.20', 'RUN apk add --no-cache curl']],
  ] as const)('good: %s', async ([, lines]) => {
    expect(await findingsOf(CHECK, { Dockerfile: doc(...lines) })).toEqual([]);
  });
});
