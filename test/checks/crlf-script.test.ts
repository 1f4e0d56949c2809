import { describe, expect, test } from 'vitest';
import { doc, findingsOf, type ContextSpec } from './analyze-context.js';

const CHECK = 'crlf-script';
const CRLF = { type: 'file' as const, content: '#!/bin/sh\r\nset -e\r\nexec "$@"\r\n', mode: 0o755 };
const LF = { type: 'file' as const, content: '#!/bin/sh\nset -e\nexec "$@"\n', mode: 0o755 };

describe(CHECK, () => {
  test.for([
    [
      'ENTRYPOINT through PATH',
      doc('FROM alpine', 'COPY entrypoint.sh /usr/local/bin/', 'ENTRYPOINT ["entrypoint.sh"]'),
      'executed',
      'ENTRYPOINT',
    ],
    ['CMD through WORKDIR', doc('FROM alpine', 'WORKDIR /app', 'COPY . .', 'CMD ./entrypoint.sh'), 'executed', 'CMD'],
    [
      'a RUN in a build stage',
      doc(
        'FROM alpine AS build',
        'COPY entrypoint.sh /e.sh',
        'RUN /e.sh > /out',
        'FROM alpine',
        'COPY --from=build /out /out',
      ),
      'executed',
      'RUN',
    ],
    ['handed to sh', doc('FROM alpine', 'COPY entrypoint.sh /', 'CMD ["sh", "/entrypoint.sh"]'), 'loaded', 'CMD'],
  ] as const)('bad: %s', async ([, dockerfile, reach, keyword]) => {
    const found = await findingsOf(CHECK, { Dockerfile: dockerfile, 'entrypoint.sh': CRLF }, { sniff: true });
    expect(found.map((f) => [f.severity, f.path, f.data.reach, f.data.usedBy, f.data.ignoreLines])).toEqual([
      ['error', 'entrypoint.sh', reach, keyword, []],
    ]);
    expect(found[0]!.data.dockerfileChange).toMatchObject({ kind: 'convert-crlf' });
  });

  test.for([
    ['LF line ends', doc('FROM alpine', 'COPY entrypoint.sh /usr/local/bin/', 'ENTRYPOINT ["entrypoint.sh"]'), LF],
    ['copied but never run', doc('FROM alpine', 'COPY entrypoint.sh /usr/local/bin/', 'CMD ["sleep", "1"]'), CRLF],
    ['run before it is copied', doc('FROM alpine', 'RUN /entrypoint.sh || true', 'COPY entrypoint.sh /'), CRLF],
    ['no Dockerfile', null, CRLF],
  ] as const)('good: %s', async ([, dockerfile, script]) => {
    const files: ContextSpec = { 'entrypoint.sh': script };
    if (dockerfile !== null) files.Dockerfile = dockerfile;
    expect(await findingsOf(CHECK, files, { sniff: true })).toEqual([]);
  });
});
