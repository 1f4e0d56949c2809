// The environment detector: kinds, roots anywhere in the tree, files/bytes, evidence, nesting.
import { describe, expect, test } from 'vitest';
import { parseGemPlatform, parseRustTriple, scanEnvironments } from '../../src/facts/environments.js';
import { makeTree, type TreeSpec } from '../helpers/make-tree.js';
import { bin, buildModel } from '../checks/helpers.js';

function scan(tree: TreeSpec, options: Parameters<typeof buildModel>[1] = {}) {
  return scanEnvironments(buildModel(makeTree(tree), options));
}

const kinds: { name: string; tree: TreeSpec; root: string; kind: string }[] = [
  {
    name: 'venv by pyvenv.cfg, whatever its name',
    tree: { 'services/api/env/pyvenv.cfg': 'home = /usr/bin\n' },
    root: 'services/api/env',
    kind: 'python-venv',
  },
  {
    name: 'conda env by conda-meta/',
    tree: { 'tools/miniforge/conda-meta/history': '==> 2024 <==\n' },
    root: 'tools/miniforge',
    kind: 'conda-env',
  },
  {
    name: 'pixi env',
    tree: { '.pixi/envs/default/conda-meta/history': '' },
    root: '.pixi/envs/default',
    kind: 'conda-env',
  },
  {
    name: 'nested node_modules tree',
    tree: { 'web/node_modules/react/index.js': '1' },
    root: 'web/node_modules',
    kind: 'node-modules',
  },
  {
    name: 'Ruby vendor/bundle',
    tree: { 'vendor/bundle/ruby/3.3.0/gems/rack-3.0.0/lib/rack.rb': '' },
    root: 'vendor/bundle',
    kind: 'ruby-bundle',
  },
  {
    name: 'Bundler path from .bundle/config',
    tree: { '.bundle/config': '---\nBUNDLE_PATH: "gems"\n', 'gems/ruby/3.3.0/gems/rack-3.0.0/lib/rack.rb': '' },
    root: 'gems',
    kind: 'ruby-bundle',
  },
  {
    name: 'Rust target/ by CACHEDIR.TAG and .rustc_info.json',
    tree: {
      'crates/cli/target/CACHEDIR.TAG': 'Signature: 8a477f597d28d172789f06886806bc55\n',
      'crates/cli/target/.rustc_info.json': '{}',
    },
    root: 'crates/cli/target',
    kind: 'rust-target',
  },
  { name: '.tox', tree: { '.tox/py312/pyvenv.cfg': 'home = /usr/bin\n' }, root: '.tox', kind: 'tox' },
  { name: '.nox', tree: { '.nox/tests/bin/activate': '' }, root: '.nox', kind: 'nox' },
  {
    name: '__pycache__',
    tree: { 'src/pkg/__pycache__/a.cpython-312.pyc': bin('pyc-cp312.pyc') },
    root: 'src/pkg/__pycache__',
    kind: 'pycache',
  },
];

describe('detects environments anywhere in the tree', () => {
  test.for(kinds)('$name', (c) => {
    const { environments } = scan(c.tree);
    expect(environments.map((e) => [e.path, e.kind])).toEqual([[c.root, c.kind]]);
  });

  test('a pytest cache has CACHEDIR.TAG but is not a Rust target', () => {
    expect(
      scan({
        '.pytest_cache/CACHEDIR.TAG': 'Signature: 8a477f597d28d172789f06886806bc55\n',
        '.pytest_cache/README.md': '',
      }).environments,
    ).toEqual([]);
  });

  test('files and bytes are counted below the root', () => {
    const [env] = scan({
      'a/.venv/pyvenv.cfg': 'home = /usr/bin\n',
      'a/.venv/lib/x.py': '12345',
      'a/main.py': 'print()',
    }).environments;
    expect(env).toMatchObject({ path: 'a/.venv', files: 2, bytes: 'home = /usr/bin\n'.length + 5 });
    expect(env!.paths).toEqual(['a/.venv/lib/x.py', 'a/.venv/pyvenv.cfg']);
  });

  test('the outermost environment absorbs the ones inside it; caches inside environments are theirs', () => {
    const { environments } = scan({
      '.tox/py312/pyvenv.cfg': 'home = /usr/bin\n',
      '.tox/py311/pyvenv.cfg': 'home = /usr/bin\n',
      '.venv/pyvenv.cfg': 'home = /usr/bin\n',
      '.venv/share/jupyter/lab/node_modules/x/index.js': '',
      '.venv/lib/python3.12/site-packages/pkg/__pycache__/a.cpython-312.pyc': bin('pyc-cp312.pyc'),
      'src/__pycache__/b.cpython-312.pyc': bin('pyc-cp312.pyc'),
    });
    expect(environments.map((e) => [e.path, e.kind, e.nested])).toEqual([
      ['.tox', 'tox', ['.tox/py311', '.tox/py312']],
      ['.venv', 'python-venv', ['.venv/share/jupyter/lab/node_modules']],
      ['src/__pycache__', 'pycache', []],
    ]);
  });

  test('the context itself is never an environment', () => {
    expect(scan({ 'pyvenv.cfg': 'home = /usr/bin\n', 'bin/python': '' }).environments).toEqual([]);
  });
});

describe('evidence of the machine that made it', () => {
  test('pyvenv.cfg with a Homebrew home, macOS wheels, Python version against the image', () => {
    const { environments } = scan(
      {
        '.venv/pyvenv.cfg': 'home = /opt/homebrew/opt/python@3.11/bin\nversion = 3.11.9\n',
        '.venv/lib/python3.11/site-packages/numpy-2.0.0.dist-info/WHEEL':
          'Wheel-Version: 1.0\nTag: cp311-cp311-macosx_14_0_arm64\n',
        '.venv/lib/python3.11/site-packages/six-1.16.0.dist-info/WHEEL':
          'Wheel-Version: 1.0\nTag: py2-none-any\nTag: py3-none-any\n',
      },
      { target: { pythonVersion: '3.12' } },
    );
    const env = environments[0]!;
    expect(env).toMatchObject({
      kind: 'python-venv',
      python: '3.11',
      creator: 'venv',
      hostOs: 'macos',
      hostArch: 'arm64',
    });
    expect(env.evidence.map((x) => [x.kind, x.value, x.breaks])).toEqual([
      ['pyvenv-home', 'home = /opt/homebrew/opt/python@3.11/bin', true],
      ['wheel-tag', 'macosx_14_0_arm64 (1 wheel)', true],
      ['python-version', 'CPython 3.11, the image has 3.12', true],
    ]);
  });

  test('a Linux venv made for the target carries no breaking evidence', () => {
    const env = scan({
      '.venv/pyvenv.cfg':
        'home = /usr/local/bin\nimplementation = CPython\nversion_info = 3.12.4.final.0\nvirtualenv = 20.26.0\n',
      '.venv/lib/python3.12/site-packages/cffi-1.17.1.dist-info/WHEEL':
        'Tag: cp312-cp312-manylinux_2_17_x86_64\nTag: cp312-cp312-manylinux2014_x86_64\n',
    }).environments[0]!;
    expect(env).toMatchObject({ creator: 'virtualenv', python: '3.12' });
    expect(env.evidence.filter((x) => x.breaks)).toEqual([]);
  });

  test('manylinux wheels break on a musl target', () => {
    const env = scan(
      {
        '.venv/pyvenv.cfg': 'home = /usr/local/bin\n',
        '.venv/lib/python3.12/site-packages/x.dist-info/WHEEL': 'Tag: cp312-cp312-manylinux_2_17_x86_64\n',
      },
      { libc: 'musl' },
    ).environments[0]!;
    expect(env.evidence.find((x) => x.kind === 'wheel-tag')).toMatchObject({
      os: 'linux',
      arch: 'amd64',
      libc: 'glibc',
      breaks: true,
    });
    expect(env).toMatchObject({ hostOs: 'linux', hostArch: 'amd64', hostLibc: 'glibc' });
  });

  test('a Windows venv by its layout and its pyvenv.cfg', () => {
    const env = scan({
      'venv/pyvenv.cfg': 'home = C:\\Python312\nversion = 3.12.1\n',
      'venv/Scripts/python.exe': '',
      'venv/Lib/site-packages/x.py': '',
    }).environments[0]!;
    expect(env.hostOs).toBe('windows');
    expect(env.evidence.map((x) => x.kind)).toEqual(['pyvenv-home', 'windows-layout', 'python-version']);
  });

  test('conda history: package subdirs and the host command', () => {
    const env = scan({
      'env/conda-meta/history':
        '==> 2024-05-01 <==\n# cmd: /Users/dev/miniforge3/bin/conda create -p ./env python=3.12\n+conda-forge/osx-arm64::python-3.12.3-h99e199e_0\n+conda-forge/noarch::pip-24.0-pyhd8ed1ab_0\n',
      'env/lib/python3.12/os.py': '',
    }).environments[0]!;
    expect(env).toMatchObject({ kind: 'conda-env', hostOs: 'macos', hostArch: 'arm64', python: '3.12' });
    expect(env.evidence.map((x) => [x.kind, x.value, x.breaks])).toEqual([
      ['conda-subdir', 'osx-arm64', true],
      ['conda-command', '/Users/dev/miniforge3/bin/conda', false],
      ['python-version', 'CPython 3.12', false],
    ]);
  });

  test('npm platform packages: a foreign one without the target sibling breaks, fsevents only tells', () => {
    const env = scan({
      'node_modules/@rollup/rollup-darwin-arm64/package.json':
        '{"name":"@rollup/rollup-darwin-arm64","os":["darwin"],"cpu":["arm64"]}',
      'node_modules/@swc/core-linux-x64-gnu/package.json':
        '{"name":"@swc/core-linux-x64-gnu","os":["linux"],"cpu":["x64"],"libc":["glibc"]}',
      'node_modules/@swc/core-darwin-arm64/package.json':
        '{"name":"@swc/core-darwin-arm64","os":["darwin"],"cpu":["arm64"]}',
      'node_modules/fsevents/package.json': '{"name":"fsevents","os":["darwin"]}',
    }).environments[0]!;
    expect(env.evidence.map((x) => [x.value, x.breaks])).toEqual([
      ['@rollup/rollup-darwin-arm64 (os darwin, cpu arm64)', true],
      ['@swc/core-darwin-arm64 (os darwin, cpu arm64)', false],
      ['fsevents (os darwin)', false],
    ]);
    expect(env).toMatchObject({ hostOs: 'macos', hostArch: 'arm64' });
  });

  test('Ruby gem platforms from extension and gem directories', () => {
    const env = scan({
      'vendor/bundle/ruby/3.3.0/extensions/arm64-darwin-23/3.3.0/bcrypt-3.1.20/gem.build_complete': '',
      'vendor/bundle/ruby/3.3.0/gems/nokogiri-1.16.5-arm64-darwin/lib/nokogiri.rb': '',
    }).environments[0]!;
    expect(env.evidence.map((x) => [x.kind, x.value, x.os, x.arch])).toEqual([
      ['gem-platform', 'arm64-darwin-23', 'macos', 'arm64'],
      ['gem-platform', 'arm64-darwin', 'macos', 'arm64'],
    ]);
  });

  test('rustc host triple from target/.rustc_info.json', () => {
    const env = scan({
      'target/CACHEDIR.TAG': 'Signature: 8a477f597d28d172789f06886806bc55\n',
      'target/.rustc_info.json':
        '{"outputs":{"1":{"success":true,"status":"","code":0,"stdout":"rustc 1.78.0\\nbinary: rustc\\nhost: aarch64-apple-darwin\\nrelease: 1.78.0\\n","stderr":""}}}',
    }).environments[0]!;
    expect(env.evidence).toEqual([
      {
        kind: 'rustc-host',
        path: 'target/.rustc_info.json',
        value: 'aarch64-apple-darwin',
        os: 'macos',
        arch: 'arm64',
        libc: null,
        breaks: true,
      },
    ]);
  });

  test.for([
    ['aarch64-apple-darwin', { os: 'macos', arch: 'arm64', libc: null }],
    ['x86_64-unknown-linux-gnu', { os: 'linux', arch: 'amd64', libc: 'glibc' }],
    ['x86_64-unknown-linux-musl', { os: 'linux', arch: 'amd64', libc: 'musl' }],
    ['x86_64-pc-windows-msvc', { os: 'windows', arch: 'amd64', libc: null }],
    ['armv7-unknown-linux-gnueabihf', { os: 'linux', arch: 'arm', libc: 'glibc' }],
  ] as const)('rust triple %s', ([triple, facts]) => {
    expect(parseRustTriple(triple)).toEqual(facts);
  });

  test.for([
    ['arm64-darwin-23', { os: 'macos', arch: 'arm64', libc: null }],
    ['x86_64-linux', { os: 'linux', arch: 'amd64', libc: 'glibc' }],
    ['x86_64-linux-musl', { os: 'linux', arch: 'amd64', libc: 'musl' }],
    ['aarch64-linux-gnu', { os: 'linux', arch: 'arm64', libc: 'glibc' }],
    ['x64-mingw-ucrt', { os: 'windows', arch: 'amd64', libc: null }],
    ['java', null],
  ] as const)('gem platform %s', ([platform, facts]) => {
    expect(parseGemPlatform(platform)).toEqual(facts);
  });
});

describe('macOS litter', () => {
  test('.DS_Store, AppleDouble and __MACOSX, confirmed by their bytes', () => {
    const { litter } = scan({
      '.DS_Store': bin('DS_Store'),
      'docs/._guide.md': bin('AppleDouble'),
      'docs/._notes': 'not an AppleDouble file',
      'assets/__MACOSX/img/._a.png': bin('AppleDouble'),
      'assets/__MACOSX/img/x.txt': 'x',
    });
    expect(litter).toMatchObject({
      dsStore: ['.DS_Store'],
      appleDouble: ['docs/._guide.md', 'assets/__MACOSX/img/._a.png'].sort(),
      macosxDirs: ['assets/__MACOSX'],
    });
    expect([...litter.paths].sort()).toEqual([
      '.DS_Store',
      'assets/__MACOSX/img/._a.png',
      'assets/__MACOSX/img/x.txt',
      'docs/._guide.md',
    ]);
  });
});
