// host-environment: one finding per environment; error when it cannot work in the image.
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { makeTree, type TreeSpec } from '../helpers/make-tree.js';
import { bin, findingsOf, withoutDockerfile } from './helpers.js';

interface Case {
  name: string;
  tree: TreeSpec;
  options?: Parameters<typeof findingsOf>[2];
  /** A Dockerfile whose image uses the environment: the finding then has the check's own severity. */
  image?: string;
  expected: { path: string; severity: string; data: Record<string, unknown> }[];
}

/** A Python image that puts the venv at `dir` first on PATH and runs python. */
const pythonImage = (dir: string): string =>
  `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nENV PATH="/app/${dir}/bin:$PATH"\nCMD ["python3.12", "-m", "x"]\n`;

const cases: Case[] = [
  {
    name: 'a Mac venv: error, made on macOS',
    tree: {
      '.venv/pyvenv.cfg': 'home = /opt/homebrew/opt/python@3.12/bin\nversion = 3.12.4\n',
      '.venv/lib/python3.12/site-packages/x/_x.abi3.so': bin('macho-arm64-bundle.so'),
      'requirements.txt': 'x\n',
    },
    image: pythonImage('.venv'),
    expected: [
      {
        path: '.venv',
        severity: 'error',
        data: {
          kind: 'python-venv',
          os: 'macos',
          files: 2,
          foreignBinaries: 1,
          python: '3.12',
          ignoreLines: ['**/.venv'],
          dockerfileFix:
            'install the dependencies in the image: COPY requirements.txt ./ then RUN pip install -r requirements.txt',
        },
      },
    ],
  },
  {
    name: 'a venv made for the target: a warning, waste',
    tree: {
      'venv/pyvenv.cfg': 'home = /usr/local/bin\nversion = 3.12.4\n',
      'venv/lib/python3.12/site-packages/six.py': '',
      'uv.lock': '',
      'pyproject.toml': '',
    },
    image: pythonImage('venv'),
    expected: [
      {
        path: 'venv',
        severity: 'warning',
        data: {
          kind: 'python-venv',
          os: null,
          breaking: 0,
          ignoreLines: ['/venv'],
          dockerfileFix:
            'install the dependencies in the image: COPY pyproject.toml uv.lock ./ then RUN uv sync --frozen',
        },
      },
    ],
  },
  {
    name: 'a venv for another Python than the image: error',
    tree: { '.venv/pyvenv.cfg': 'home = /usr/local/bin\nversion = 3.11.9\n' },
    options: { target: { pythonVersion: '3.12' } },
    expected: [{ path: '.venv', severity: 'error', data: { python: '3.11', targetPython: '3.12', breaking: 1 } }],
  },
  {
    name: 'nested node_modules: the line must reach nested copies',
    tree: {
      'packages/web/node_modules/react/index.js': '1',
      'packages/web/package.json': '{}',
      'packages/web/yarn.lock': '',
    },
    image: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nWORKDIR /app/packages/web\nCMD ["node", "index.js"]\n',
    expected: [
      {
        path: 'packages/web/node_modules',
        severity: 'warning',
        data: {
          kind: 'node-modules',
          ignoreLines: ['**/node_modules'],
          dockerfileFix:
            'install the dependencies in the image: COPY packages/web/package.json packages/web/yarn.lock ./ then RUN yarn install --frozen-lockfile',
        },
      },
    ],
  },
  {
    name: 'conda env from macOS',
    tree: {
      'env/conda-meta/history': '+conda-forge/osx-64::python-3.12.3-h0\n',
      'env/bin/python3.12': bin('macho-arm64-exe'),
      'environment.yml': 'name: x\n',
    },
    image: pythonImage('env'),
    expected: [
      {
        path: 'env',
        severity: 'error',
        data: {
          kind: 'conda-env',
          os: 'macos',
          arch: 'amd64',
          dockerfileFix:
            'install the dependencies in the image: COPY environment.yml ./ then RUN conda env create -f environment.yml',
        },
      },
    ],
  },
  {
    name: 'Rust target/ from a Mac',
    tree: {
      'target/CACHEDIR.TAG': 'Signature: 8a477f597d28d172789f06886806bc55\n',
      'target/.rustc_info.json': '{"outputs":{"1":{"stdout":"host: aarch64-apple-darwin\\n"}}}',
      'target/release/app': bin('macho-arm64-exe', 0o755),
    },
    image: 'FROM debian:12-slim\nCOPY . /app\nCMD ["/app/target/release/app"]\n',
    expected: [
      {
        path: 'target',
        severity: 'error',
        data: { kind: 'rust-target', os: 'macos', arch: 'arm64', foreignBinaries: 1, ignoreLines: ['/target'] },
      },
    ],
  },
  {
    name: 'Ruby vendor/bundle with macOS extensions',
    tree: {
      'vendor/bundle/ruby/3.3.0/extensions/arm64-darwin-23/3.3.0/bcrypt-3.1.20/bcrypt_ext.bundle':
        bin('macho-arm64-bundle.so'),
      Gemfile: '',
      'Gemfile.lock': '',
    },
    expected: [
      {
        path: 'vendor/bundle',
        severity: 'error',
        data: {
          kind: 'ruby-bundle',
          os: 'macos',
          ignoreLines: ['vendor/bundle'],
          dockerfileFix: 'install the dependencies in the image: COPY Gemfile Gemfile.lock ./ then RUN bundle install',
        },
      },
    ],
  },
  {
    name: '.tox with its venvs is one finding',
    tree: { '.tox/py312/pyvenv.cfg': 'home = /usr/local/bin\n', '.tox/py311/pyvenv.cfg': 'home = /usr/local/bin\n' },
    expected: [
      {
        path: '.tox',
        severity: 'warning',
        data: { kind: 'tox', nested: ['.tox/py311', '.tox/py312'], ignoreLines: ['**/.tox'], dockerfileFix: null },
      },
    ],
  },
  {
    name: 'every __pycache__ outside environments is one finding',
    tree: {
      'a/__pycache__/x.cpython-312.pyc': bin('pyc-cp312.pyc'),
      'b/c/__pycache__/y.cpython-311.pyc': bin('pyc-cp311.pyc'),
      'a/x.py': '',
    },
    expected: [
      {
        path: 'a/__pycache__',
        severity: 'warning',
        data: {
          kind: 'pycache',
          count: 2,
          files: 2,
          python: ['CPython 3.11', 'CPython 3.12'],
          ignoreLines: ['**/__pycache__'],
        },
      },
    ],
  },
  { name: 'a plain project has none', tree: { 'app.py': '', 'lib/util.py': '', 'requirements.txt': '' }, expected: [] },
  {
    name: 'an empty __pycache__ (or node_modules) carries nothing: no finding',
    tree: { 'app.py': '', 'app/__pycache__': { dir: {} }, __pycache__: { dir: {} }, node_modules: { dir: {} } },
    expected: [],
  },
];

describe('host-environment', () => {
  test.for(cases)('$name', (c) => {
    const findings = findingsOf(makeTree(c.tree), 'host-environment', c.options);
    expect(findings.map((f) => ({ path: f.path, severity: f.severity }))).toEqual(
      c.expected.map((e) => ({ path: e.path, severity: withoutDockerfile(e.severity) })),
    );
    c.expected.forEach((e, i) => expect(findings[i]!.data).toMatchObject(e.data));
  });

  // The same trees built by a Dockerfile whose image uses the environment: what a real build reports.
  test.for(cases.filter((c) => c.image !== undefined))('$name — in an image that uses it', async (c) => {
    const dir = makeTree({ ...c.tree, Dockerfile: c.image! });
    const findings = (await analyze({ context: dir })).findings.filter(
      (f) =>
        f.check === 'host-environment' || (Array.isArray(f.data.checks) && f.data.checks.includes('host-environment')),
    );
    expect(findings.map((f) => ({ path: f.path, severity: f.severity }))).toEqual(
      c.expected.map((e) => ({ path: e.path, severity: e.severity })),
    );
    expect(findings.every((f) => f.data.reach === 'loaded' || f.data.reach === 'executed')).toBe(true);
    c.expected.forEach((e, i) => {
      if (e.data.ignoreLines !== undefined) expect(findings[i]!.data.ignoreLines).toEqual(e.data.ignoreLines);
    });
  });

  test('an excluded environment is not sent, so not reported', () => {
    const dir = makeTree({ '.dockerignore': '**/.venv\n', 'svc/.venv/pyvenv.cfg': 'home = /opt/homebrew/bin\n' });
    expect(findingsOf(dir, 'host-environment')).toEqual([]);
  });

  test('evidence is listed as data', () => {
    const dir = makeTree({ '.venv/pyvenv.cfg': 'home = C:\\Python312\nversion = 3.12.1\n' });
    const [f] = findingsOf(dir, 'host-environment');
    expect(f!.data.evidence).toEqual([
      'pyvenv-home: home = C:\\Python312 (.venv/pyvenv.cfg)',
      'python-version: CPython 3.12 (.venv)',
    ]);
  });
});

test('node_modules with no package.json in the project: no install advice (npm ci would fail), only the ignore line', () => {
  const findings = findingsOf(
    makeTree({
      'node_modules/left-pad/package.json': '{"name":"left-pad","version":"1.3.0"}',
      'node_modules/left-pad/index.js': '1',
      'main.go': 'package main\n',
    }),
    'host-environment',
  );
  expect(findings).toHaveLength(1);
  expect(findings[0]!.data).toMatchObject({ ignoreLines: ['**/node_modules'], dockerfileFix: null });
});

test('the Dockerfile already installs from the manifests: no install advice, the ignore line is the fix', async () => {
  const { findingsOf: analysedFindings } = await import('./analyze-context.js');
  const tree = {
    'package.json': '{"name":"app","version":"1.0.0"}',
    'package-lock.json': '{}',
    'node_modules/left-pad/package.json': '{"name":"left-pad","version":"1.3.0"}',
    'node_modules/left-pad/index.js': '1',
    'index.js': '',
  };
  const installs = await analysedFindings('host-environment', {
    ...tree,
    Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n',
  });
  expect(installs[0]!.data).toMatchObject({ ignoreLines: ['**/node_modules'], dockerfileFix: null });
  const copiesOnly = await analysedFindings('host-environment', {
    ...tree,
    Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\n',
  });
  expect(copiesOnly[0]!.data.dockerfileFix).toMatch(/npm ci/);
});
