import { describe, expect, test } from 'vitest';
import { scanRequirements } from '../../src/checks/unpinned-requirements.js';
import { doc, findingsOf } from './analyze-context.js';

const CHECK = 'unpinned-requirements';
const DOCKERFILE = doc(
  'FROM python:3.12',
  'COPY requirements.txt .',
  'RUN pip install --no-cache-dir -r requirements.txt',
);

describe(CHECK, () => {
  test('bad: lines without == are listed with their line numbers', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: DOCKERFILE,
      'requirements.txt': '# deps\nflask==3.0.3\nrequests>=2\n\ngunicorn  # server\nnumpy==1.*\n',
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'warning',
      path: 'requirements.txt',
      line: 3,
      data: {
        count: 3,
        unpinned: [
          { name: 'requests', line: 3 },
          { name: 'gunicorn', line: 5 },
          { name: 'numpy', line: 6 },
        ],
        installedBy: 'requirements.txt',
      },
    });
  });

  test('bad: an included file is reported on its own path', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM python:3.12', 'COPY requirements/ /r/', 'RUN pip install -r /r/prod.txt'),
      'requirements/prod.txt': '-r base.txt\nuvicorn==0.30.0\n',
      'requirements/base.txt': 'fastapi\n',
    });
    expect(found.map((f) => [f.path, f.line, f.data.count])).toEqual([['requirements/base.txt', 1, 1]]);
  });

  test('bad: read through a RUN --mount bind', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc(
        'FROM python:3.12',
        'RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt pip install -r /tmp/requirements.txt',
      ),
      'requirements.txt': 'flask\n',
    });
    expect(found.map((f) => f.path)).toEqual(['requirements.txt']);
  });

  test.for([
    [
      'every line pinned',
      {
        Dockerfile: DOCKERFILE,
        'requirements.txt': 'flask==3.0.3\nrequests===2.32.3\nwerkzeug==3.0.3 ; python_version >= "3.8"\n',
      },
    ],
    ['a constraints file pins them', { Dockerfile: DOCKERFILE, 'requirements.txt': '-c constraints.txt\nflask\n' }],
    [
      '-c on the command line',
      {
        Dockerfile: doc('FROM python:3.12', 'COPY . .', 'RUN pip install -c c.txt -r requirements.txt'),
        'requirements.txt': 'flask\n',
        'c.txt': 'flask==3\n',
      },
    ],
    ['hashes', { Dockerfile: DOCKERFILE, 'requirements.txt': 'flask==3.0.3 --hash=sha256:abc\n' }],
    [
      'a requirements file no RUN installs',
      { Dockerfile: doc('FROM python:3.12', 'COPY . .'), 'requirements.txt': 'flask\n' },
    ],
    [
      'direct references and paths',
      {
        Dockerfile: DOCKERFILE,
        'requirements.txt': './local-pkg\npkg @ https://example.com/pkg-1.0.tar.gz\ngit+https://example.com/x.git@v1\n',
      },
    ],
  ] as const)('good: %s', async ([, spec]) => {
    expect(await findingsOf(CHECK, spec)).toEqual([]);
  });

  test('scanRequirements joins continuation lines', async () => {
    expect(scanRequirements('flask==3.0.3 \\\n  --hash=sha256:x\nrequests\n')).toEqual({
      unpinned: [{ name: 'requests', line: 3 }],
      includes: [],
      constrained: true,
    });
  });
});
