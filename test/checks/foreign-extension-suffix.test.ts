// foreign-extension-suffix: extension modules the image's CPython never tries (ModuleNotFoundError).
import { describe, expect, test } from 'vitest';
import { makeTree, type TreeSpec } from '../helpers/make-tree.js';
import { bin, findingsOf, type ModelOptions, withoutDockerfile } from './helpers.js';

const SP = '.venv/lib/python3.12/site-packages';
const venv = (files: TreeSpec, version = '3.12.4'): TreeSpec => ({
  '.venv/pyvenv.cfg': `home = /usr/local/bin\nversion = ${version}\n`,
  ...files,
});

const cases: { name: string; tree: TreeSpec; options?: ModelOptions; expected: Record<string, unknown> | null }[] = [
  {
    name: 'macOS build',
    tree: venv({ [`${SP}/markupsafe/_speedups.cpython-312-darwin.so`]: bin('macho-arm64-bundle.so') }),
    expected: {
      suffixes: ['.cpython-312-darwin.so'],
      os: 'macos',
      format: 'macho',
      python: '3.12',
      expectedSuffixes: ['.cpython-312-x86_64-linux-gnu.so', '.abi3.so', '.so'],
      loaderError: "ModuleNotFoundError: No module named 'markupsafe._speedups'",
      ignoreLines: ['**/.venv'],
    },
  },
  {
    name: 'Windows .pyd',
    tree: venv({ '.venv/Lib/site-packages/markupsafe/_speedups.cp312-win_amd64.pyd': bin('pe-x64.dll') }),
    expected: { suffixes: ['.cp312-win_amd64.pyd'], os: 'windows', arch: 'amd64', format: 'pe' },
  },
  {
    name: 'aarch64 triplet on amd64',
    tree: venv({ [`${SP}/orjson/orjson.cpython-312-aarch64-linux-gnu.so`]: bin('elf-aarch64-linux-gnu.so') }),
    expected: { suffixes: ['.cpython-312-aarch64-linux-gnu.so'], arch: 'arm64', libc: 'glibc' },
  },
  {
    name: 'glibc triplet on a musl image',
    tree: venv({ [`${SP}/_cffi_backend.cpython-312-x86_64-linux-gnu.so`]: bin('elf-x86_64-linux-gnu.so') }),
    options: { libc: 'musl' },
    expected: {
      expectedSuffixes: ['.cpython-312-x86_64-linux-musl.so', '.abi3.so', '.so'],
      loaderError: "ModuleNotFoundError: No module named '_cffi_backend'",
    },
  },
  {
    name: 'another CPython version than the image',
    tree: venv({ [`${SP}/_cffi_backend.cpython-311-x86_64-linux-gnu.so`]: bin('elf-x86_64-linux-gnu.so') }, '3.11.9'),
    options: { target: { pythonVersion: '3.12' } },
    expected: { python: '3.12', suffixes: ['.cpython-311-x86_64-linux-gnu.so'] },
  },
  {
    name: "the target's own suffix",
    tree: venv({ [`${SP}/_cffi_backend.cpython-312-x86_64-linux-gnu.so`]: bin('elf-x86_64-linux-gnu.so') }),
    expected: null,
  },
  {
    name: 'stable ABI and bare .so are tried by every CPython',
    tree: venv({
      [`${SP}/x/_a.abi3.so`]: bin('elf-x86_64-linux-gnu.so'),
      [`${SP}/x/_b.so`]: bin('elf-x86_64-linux-gnu.so'),
    }),
    expected: null,
  },
  {
    name: 'a module that also has a file the importer tries',
    tree: venv({
      [`${SP}/x/_a.cpython-312-darwin.so`]: bin('macho-arm64-bundle.so'),
      [`${SP}/x/_a.abi3.so`]: bin('elf-x86_64-linux-gnu.so'),
    }),
    expected: null,
  },
  {
    name: 'with no Python version known, only OS, arch and libc decide',
    tree: {
      'ext/_fast.cpython-310-x86_64-linux-gnu.so': bin('elf-x86_64-linux-gnu.so'),
      'ext/_slow.cpython-310-darwin.so': bin('macho-arm64-bundle.so'),
    },
    expected: {
      suffixes: ['.cpython-310-darwin.so'],
      count: 1,
      environment: null,
      ignoreLines: ['ext/_slow.cpython-310-darwin.so'],
      python: null,
    },
  },
  {
    name: 'plain shared libraries outside Python code are not extension modules',
    tree: { 'lib/libfoo.so': bin('elf-aarch64-linux-gnu.so'), 'lib/libbar.so.1': bin('elf-aarch64-linux-gnu.so') },
    expected: null,
  },
];

describe('foreign-extension-suffix', () => {
  test.for(cases)('$name', (c) => {
    const findings = findingsOf(makeTree(c.tree), 'foreign-extension-suffix', c.options);
    if (c.expected === null) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe(withoutDockerfile('error'));
    expect(findings[0]!.data).toMatchObject(c.expected);
  });

  test('it works without reading any file (--no-sniff): names decide', () => {
    const dir = makeTree(venv({ [`${SP}/m/_x.cpython-312-darwin.so`]: bin('macho-arm64-bundle.so') }));
    const [f] = findingsOf(dir, 'foreign-extension-suffix', { sniff: false });
    expect(f!.data).toMatchObject({ count: 1, format: null, what: null });
  });

  test('the file is not also a foreign-binary finding', () => {
    const dir = makeTree(venv({ [`${SP}/m/_x.cpython-312-darwin.so`]: bin('macho-arm64-bundle.so') }));
    expect(findingsOf(dir, 'foreign-binary')).toEqual([]);
  });
});
