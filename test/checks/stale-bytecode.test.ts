// stale-bytecode: sourceless .pyc imported as is, by one CPython version only.
import { describe, expect, test } from 'vitest';
import { pythonBytesRepr } from '../../src/checks/stale-bytecode.js';
import { makeTree, type TreeSpec } from '../helpers/make-tree.js';
import { bin, findingsOf, withoutDockerfile } from './helpers.js';

const cases: {
  name: string;
  tree: TreeSpec;
  python: string | null;
  severity: string | null;
  data?: Record<string, unknown>;
}[] = [
  {
    name: 'CPython 3.10 bytecode, image 3.12: bad magic number',
    tree: { 'lib/legacy.pyc': bin('pyc-cp310.pyc') },
    python: '3.12',
    severity: 'error',
    data: {
      python: '3.10',
      magic: 3439,
      targetPython: '3.12',
      count: 1,
      loaderError: "ImportError: bad magic number in 'legacy': b'o\\r\\r\\n'",
      ignoreLines: ['lib/legacy.pyc'],
    },
  },
  {
    name: 'bytecode for the image’s version imports fine',
    tree: { 'lib/legacy.pyc': bin('pyc-cp312.pyc') },
    python: '3.12',
    severity: null,
  },
  {
    name: 'one finding per directory, whatever the versions',
    tree: { 'lib/a.pyc': bin('pyc-cp310.pyc'), 'lib/b.pyc': bin('pyc-cp39.pyc'), 'lib/c.pyc': bin('pyc-cp312.pyc') },
    python: '3.12',
    severity: 'error',
    data: {
      count: 2,
      pythonVersions: ['3.10', '3.9'],
      examples: ['lib/a.pyc', 'lib/b.pyc'],
      ignoreLines: ['lib/a.pyc', 'lib/b.pyc'],
    },
  },
  {
    name: 'image version unknown: only an info',
    tree: { 'lib/legacy.pyc': bin('pyc-cp310.pyc') },
    python: null,
    severity: 'info',
    data: { python: '3.10', targetPython: null, loaderError: null },
  },
  {
    name: 'a .pyc beside its .py is ignored by Python 3',
    tree: { 'lib/mod.py': 'x = 1\n', 'lib/mod.pyc': bin('pyc-cp310.pyc') },
    python: '3.12',
    severity: null,
  },
  {
    name: '__pycache__ entries are caches, not sourceless modules',
    tree: { 'lib/__pycache__/mod.cpython-310.pyc': bin('pyc-cp310.pyc') },
    python: '3.12',
    severity: null,
  },
  {
    name: 'inside site-packages the module name is dotted',
    tree: {
      '.venv/pyvenv.cfg': 'home = /usr/local/bin\n',
      '.venv/lib/python3.9/site-packages/pkg/core.pyc': bin('pyc-cp39.pyc'),
    },
    python: '3.12',
    severity: 'error',
    data: {
      environment: '.venv',
      loaderError: "ImportError: bad magic number in 'pkg.core': b'a\\r\\r\\n'",
      ignoreLines: ['**/.venv'],
    },
  },
];

describe('stale-bytecode', () => {
  test.for(cases)('$name', (c) => {
    const findings = findingsOf(makeTree(c.tree), 'stale-bytecode', { target: { pythonVersion: c.python } });
    if (c.severity === null) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe(withoutDockerfile(c.severity));
    expect(findings[0]!.data).toMatchObject(c.data ?? {});
  });

  test.for([
    [[0x6f, 0x0d, 0x0d, 0x0a], "b'o\\r\\r\\n'"],
    [[0xcb, 0x0d, 0x0d, 0x0a], "b'\\xcb\\r\\r\\n'"],
    [[0x2b, 0x0e, 0x0d, 0x0a], "b'+\\x0e\\r\\n'"],
    [[0x27, 0x5c, 0x09, 0x00], "b'\\'\\\\\\t\\x00'"],
  ] as const)('Python repr of %j is %s', ([bytes, repr]) => {
    expect(pythonBytesRepr(bytes)).toBe(repr);
  });
});
