import { describe, expect, test } from 'vitest';
import { classifyVolatile } from '../../src/checks/volatile-files-in-copy.js';
import { doc, findingsOf } from './analyze-context.js';

const CHECK = 'volatile-files-in-copy';

describe(CHECK, () => {
  test("bad: COPY . . takes .git, a log and a swap file; the ignore lines are checked (__pycache__ is host-environment's)", async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM python:3.12', 'WORKDIR /app', 'COPY . .'),
      'app.py': 'print(1)',
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/index': 'xxxx',
      'pkg/__pycache__/mod.cpython-312.pyc': 'bytecode',
      'debug.log': 'log line',
      '.app.py.swp': 'swap',
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'warning',
      path: 'Dockerfile',
      line: 3,
      data: {
        files: ['.app.py.swp', '.git/', 'debug.log'],
        count: 4,
        kinds: ['editor', 'log', 'vcs'],
        ignoreLines: ['**/*.log', '**/*.sw[po]', '.git'],
      },
    });
  });

  test('bad: a narrow COPY of a directory with test output in it; removable inside the copied directory', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM python:3.12', 'COPY src/ /app/src/'),
      'src/a.py': '',
      'src/.pytest_cache/v/x': 'x',
      '.dockerignore': 'nothing\n',
    });
    expect(found.map((f) => [f.line, f.data.files, f.data.removablePaths])).toEqual([
      [2, ['src/.pytest_cache/'], ['src/.pytest_cache']],
    ]);
  });

  test('the message counts in words: one file "changes", several "change"', async () => {
    const one = await findingsOf(CHECK, {
      Dockerfile: doc('FROM python:3.12', 'COPY . .'),
      'app.py': '',
      'x.log': 'l',
    });
    expect(one[0]!.message).toMatch(/copies 1 file that changes between builds \(x\.log\): .* whenever it changes;/);
    const two = await findingsOf(CHECK, {
      Dockerfile: doc('FROM python:3.12', 'COPY . .'),
      'app.py': '',
      'x.log': 'l',
      'y.log': 'l',
    });
    expect(two[0]!.message).toMatch(
      /copies 2 files that change between builds \(x\.log, y\.log\): .* whenever they change;/,
    );
  });

  test.for([
    [
      'the ignore file keeps them out',
      { Dockerfile: doc('FROM python:3.12', 'COPY . .'), 'app.py': '', '.git/HEAD': 'x', '.dockerignore': '.git\n' },
    ],
    [
      'the COPY names only sources',
      { Dockerfile: doc('FROM python:3.12', 'COPY app.py .'), 'app.py': '', '.git/HEAD': 'x', 'x.log': 'l' },
    ],
    ['no Dockerfile', { 'app.py': '', '.git/HEAD': 'x' }],
  ] as const)('good: %s', async ([, spec]) => {
    expect(await findingsOf(CHECK, spec)).toEqual([]);
  });

  test.for([
    ['.git/objects/ab/cd', { kind: 'vcs', root: '.git' }],
    ['a/b/__pycache__/x.pyc', null], // host-environment reports __pycache__
    ['a/.DS_Store', null], // macos-litter reports it
    ['.tox/py312/lib/x', null],
    ['x.pyc', { kind: 'python-bytecode', root: 'x.pyc' }],
    ['notes.txt~', { kind: 'editor', root: 'notes.txt~' }],
    ['.pytest_cache/v/cache', { kind: 'test-output', root: '.pytest_cache' }],
    ['.coverage', { kind: 'test-output', root: '.coverage' }],
    ['src/app.py', null],
    ['git/README', null],
  ] as const)('classifyVolatile(%s)', async ([path, expected]) => {
    const got = classifyVolatile(path);
    expect(got === null ? null : { kind: got.kind, root: got.root }).toEqual(expected);
  });
});
