import { describe, expect, test } from 'vitest';
import { doc, findingsOf } from './analyze-context.js';

const CHECK = 'unreadable-file';
const unreadable = { type: 'file' as const, content: 'k', mode: 0o600, unreadable: true };

describe(CHECK, () => {
  test('bad: COPY . . sends a file the client cannot open: error, with a literal ignore line', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM alpine', 'COPY . /src'),
      'certs/server.key': unreadable,
      'app.py': '',
    });
    expect(found.map((f) => [f.severity, f.path, f.data.code, f.data.reach, f.data.ignoreLines])).toEqual([
      ['error', 'certs/server.key', 'EACCES', 'final-image', ['certs/server.key']],
    ]);
    expect(found[0]!.message).toContain('permission denied');
  });

  test('bad: a COPY that names it: make it readable, no ignore line', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM alpine', 'COPY secret.txt /s'),
      'secret.txt': unreadable,
    });
    expect(found.map((f) => [f.severity, f.data.ignoreLines])).toEqual([['error', []]]);
    expect(found[0]!.message).toContain('chmod a+r secret.txt');
  });

  test('only the classic builder reads what BuildKit does not request: a warning', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM alpine', 'COPY app.py /'),
      'app.py': '',
      'private/db.dump': unreadable,
    });
    expect(found.map((f) => [f.severity, f.data.reach])).toEqual([['warning', 'not-requested']]);
  });

  test.for([
    ['excluded by the ignore file', { 'private/db.dump': unreadable, '.dockerignore': 'private\n' }],
    ['a readable file without read bits for others', { 'x.key': { type: 'file' as const, content: 'k', mode: 0o600 } }],
  ] as const)('good: %s', async ([, files]) => {
    expect(await findingsOf(CHECK, { Dockerfile: doc('FROM alpine', 'COPY . .'), ...files })).toEqual([]);
  });
});
