// host-path-link: symlinks and shebangs to paths that exist only on the host.
import { describe, expect, test } from 'vitest';
import { classifyHostPath } from '../../src/facts/host-path.js';
import { makeTree, type TreeSpec } from '../helpers/make-tree.js';
import { findingsOf, withoutDockerfile } from './helpers.js';

describe('classifyHostPath', () => {
  test.for([
    ['/Users/dev/proj/.venv/bin/python', 'macos'],
    ['/opt/homebrew/opt/python@3.12/bin/python3.12', 'macos'],
    ['/Library/Frameworks/Python.framework/Versions/3.12/bin/python3', 'macos'],
    ['C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python312\\python.exe', 'windows'],
    ['c:/Python312/python.exe', 'windows'],
    ['/home/dev/.pyenv/versions/3.12.4/bin/python3.12', 'user-home'],
    ['/root/.local/share/uv/python/cpython-3.12.4-linux-x86_64-gnu/bin/python3.12', 'user-home'],
    ['/ctx/root/.venv/bin/python', 'context'],
    ['/usr/bin/python3', null],
    ['/usr/local/bin/python3.12', null],
    ['/opt/venv/bin/python', null],
    ['/bin/sh', null],
    ['python3.12', null],
    ['../lib/libx.so', null],
  ] as const)('%s → %s', ([target, kind]) => {
    expect(classifyHostPath(target, '/ctx/root')).toBe(kind);
  });
});

const script = (interpreter: string) => ({ content: `#!${interpreter}\nprint('hi')\n`, mode: 0o755 });

const cases: {
  name: string;
  tree: TreeSpec;
  expected: Record<string, unknown> | null;
  severity?: string;
  path?: string;
}[] = [
  {
    name: 'venv python symlink and console-script shebangs: one finding for the venv',
    tree: {
      '.venv/pyvenv.cfg': 'home = /opt/homebrew/bin\n',
      '.venv/bin/python3.12': { symlink: '/opt/homebrew/opt/python@3.12/bin/python3.12' },
      '.venv/bin/python': { symlink: 'python3.12' },
      '.venv/bin/pip': script('/Users/dev/proj/.venv/bin/python3.12'),
      '.venv/bin/black': script('/Users/dev/proj/.venv/bin/python3.12'),
    },
    expected: { count: 3, symlinks: 1, shebangs: 2, host: ['macos'], environment: '.venv', ignoreLines: ['**/.venv'] },
    severity: 'error',
    path: '.venv',
  },
  {
    name: 'uv-managed interpreter under /root',
    tree: {
      '.venv/pyvenv.cfg': 'home = /root/.local/share/uv/python/cpython-3.12/bin\n',
      '.venv/bin/python': { symlink: '/root/.local/share/uv/python/cpython-3.12/bin/python3.12' },
    },
    expected: { count: 1, host: ['user-home'], loaderError: 'exec .venv/bin/python: no such file or directory' },
    severity: 'error',
  },
  {
    name: 'a loose link to a Windows path: a warning, the link itself to ignore',
    tree: { 'config/settings.ini': { symlink: 'C:\\Users\\dev\\settings.ini' }, 'app.py': '' },
    expected: { count: 1, host: ['windows'], environment: null, ignoreLines: ['config/settings.ini'] },
    severity: 'warning',
    path: 'config/settings.ini',
  },
  {
    name: 'a script whose shebang is the project path on a Linux host (in bin/, so it is read)',
    tree: { 'bin/run': { content: '#!__ROOT__/.venv/bin/python\n', mode: 0o644 } },
    expected: { count: 1, host: ['context'], shebangs: 1 },
    severity: 'warning',
  },
  {
    name: 'relative links and system interpreters are fine',
    tree: {
      '.venv/pyvenv.cfg': 'home = /usr/local/bin\n',
      '.venv/bin/python': { symlink: '/usr/local/bin/python3.12' },
      '.venv/bin/python3': { symlink: 'python' },
      '.venv/bin/pip': script('/usr/bin/env python3'),
      'scripts/deploy.sh': script('/bin/bash'),
    },
    expected: null,
  },
];

describe('host-path-link', () => {
  test.for(cases)('$name', (c) => {
    const dir = makeTree({});
    // Shebangs naming the context's own absolute path need the temp dir's name.
    const tree = JSON.parse(JSON.stringify(c.tree).split('__ROOT__').join(dir));
    makeTree(tree, dir);
    const findings = findingsOf(dir, 'host-path-link');
    if (c.expected === null) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toHaveLength(1);
    expect(findings[0]!.data).toMatchObject(c.expected);
    if (c.severity !== undefined) expect(findings[0]!.severity).toBe(withoutDockerfile(c.severity));
    if (c.path !== undefined) expect(findings[0]!.path).toBe(c.path);
  });
});
