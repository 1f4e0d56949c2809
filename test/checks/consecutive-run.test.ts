import { describe, expect, test } from 'vitest';
import { doc, findingsOf } from './analyze-context.js';

const CHECK = 'consecutive-run';

describe(CHECK, () => {
  test('bad: three RUNs in a row, then two more after an ENV', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM debian:12', 'RUN a', 'RUN b', 'RUN c', 'ENV X=1', 'RUN d', '# comment', 'RUN e'),
    });
    expect(found.map((f) => [f.severity, f.line, f.data.lines])).toEqual([
      ['info', 2, [2, 3, 4]],
      ['info', 6, [6, 8]],
    ]);
  });

  test.for([
    ['RUNs split by other instructions', ['FROM debian:12', 'RUN a', 'COPY x /x', 'RUN b']],
    ['different mounts cannot simply merge', ['FROM debian:12', 'RUN --mount=type=cache,target=/c a', 'RUN b']],
    [
      'consecutive RUNs in a builder stage only',
      ['FROM debian:12 AS build', 'RUN a', 'RUN b', 'FROM debian:12', 'COPY --from=build /x /x'],
    ],
    ['one RUN', ['FROM debian:12', 'RUN a && b']],
  ] as const)('good: %s', async ([, lines]) => {
    expect(await findingsOf(CHECK, { Dockerfile: doc(...lines), x: '' })).toEqual([]);
  });
});
