import { describe, expect, test } from 'vitest';
import {
  extensionSuffixesFor,
  parseExtensionSuffix,
  parsePyvenvCfg,
  parseWheelFile,
  parseWheelPlatformTag,
  wheelPlatformMatches,
} from '../../src/sniff/python-metadata.js';
import { target } from './fixtures.js';

describe('parsePyvenvCfg', () => {
  // The three dialects of binaries.md §5.1 (observed files).
  test('python -m venv (3.12)', () => {
    const cfg = parsePyvenvCfg(
      'home = /Users/dev/.pyenv/versions/3.12.1/bin\ninclude-system-site-packages = false\nversion = 3.12.1\n' +
        'executable = /Users/dev/.pyenv/versions/3.12.1/bin/python3.12\n' +
        'command = /Users/dev/.pyenv/versions/3.12.1/bin/python -m venv --without-pip /Users/dev/proj/.venv\n',
    );
    expect(cfg).toMatchObject({
      home: '/Users/dev/.pyenv/versions/3.12.1/bin',
      version: '3.12.1',
      pythonMinor: '3.12',
      executable: '/Users/dev/.pyenv/versions/3.12.1/bin/python3.12',
      command: '/Users/dev/.pyenv/versions/3.12.1/bin/python -m venv --without-pip /Users/dev/proj/.venv',
      includeSystemSitePackages: false,
      creator: 'venv',
      creatorVersion: null,
      hostOs: 'macos',
    });
  });

  test('virtualenv 20.17 (Debian)', () => {
    const cfg = parsePyvenvCfg(
      'home = /usr/bin\nimplementation = CPython\nversion_info = 3.11.2.final.0\nvirtualenv = 20.17.1+ds\n' +
        'include-system-site-packages = false\nbase-prefix = /usr\nbase-exec-prefix = /usr\nbase-executable = /usr/bin/python3\n',
    );
    expect(cfg).toMatchObject({
      version: '3.11.2',
      pythonMinor: '3.11',
      implementation: 'CPython',
      executable: '/usr/bin/python3',
      creator: 'virtualenv',
      creatorVersion: '20.17.1+ds',
      hostOs: null,
    });
    expect(Object.keys(cfg.entries)).toEqual([
      'base-exec-prefix',
      'base-executable',
      'base-prefix',
      'home',
      'implementation',
      'include-system-site-packages',
      'version_info',
      'virtualenv',
    ]);
  });

  test('uv, Windows paths, CRLF, odd spacing and case', () => {
    const cfg = parsePyvenvCfg(
      'Home=C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python312\r\nimplementation = CPython\r\nuv = 0.5.11\r\n' +
        'version_info = 3.12.7\r\ninclude-system-site-packages = False\r\nrelocatable = true\r\nno equals sign here\r\n',
    );
    expect(cfg).toMatchObject({
      home: 'C:\\Users\\dev\\AppData\\Local\\Programs\\Python\\Python312',
      version: '3.12.7',
      creator: 'uv',
      creatorVersion: '0.5.11',
      includeSystemSitePackages: false,
      hostOs: 'windows',
    });
    expect(cfg.entries['relocatable']).toBe('true');
  });

  test('Homebrew base interpreter', () => {
    expect(parsePyvenvCfg('home = /opt/homebrew/opt/python@3.11/bin\n').hostOs).toBe('macos');
    expect(parsePyvenvCfg('').creator).toBe('unknown');
  });
});

describe('parseWheelFile', () => {
  test('cffi 2.0.0 (binaries.md §5.2)', () => {
    const w = parseWheelFile(
      'Wheel-Version: 1.0\nGenerator: setuptools (80.9.0)\nRoot-Is-Purelib: false\n' +
        'Tag: cp311-cp311-manylinux_2_17_x86_64\nTag: cp311-cp311-manylinux2014_x86_64\n\n',
    );
    expect(w).toEqual({
      wheelVersion: '1.0',
      generator: 'setuptools (80.9.0)',
      rootIsPurelib: false,
      build: null,
      tags: [
        { python: 'cp311', abi: 'cp311', platform: 'manylinux_2_17_x86_64' },
        { python: 'cp311', abi: 'cp311', platform: 'manylinux2014_x86_64' },
      ],
    });
  });

  test('compressed tag sets expand; malformed tags are skipped', () => {
    const w = parseWheelFile(
      'Root-Is-Purelib: true\nTag: py2.py3-none-any\nTag: broken\nTag: cp312-abi3-macosx_10_9_x86_64.macosx_11_0_arm64\n',
    );
    expect(w.rootIsPurelib).toBe(true);
    expect(w.tags.map((t) => `${t.python}-${t.abi}-${t.platform}`)).toEqual([
      'py2-none-any',
      'py3-none-any',
      'cp312-abi3-macosx_10_9_x86_64',
      'cp312-abi3-macosx_11_0_arm64',
    ]);
  });
});

describe('parseWheelPlatformTag', () => {
  test.for([
    ['any', 'any', null, null, null, null],
    ['manylinux_2_17_x86_64', 'manylinux', 'linux', 'amd64', 'glibc', '2.17'],
    ['manylinux_2_34_aarch64', 'manylinux', 'linux', 'arm64', 'glibc', '2.34'],
    ['manylinux1_x86_64', 'manylinux', 'linux', 'amd64', 'glibc', '2.5'],
    ['manylinux1_i686', 'manylinux', 'linux', '386', 'glibc', '2.5'],
    ['manylinux2010_x86_64', 'manylinux', 'linux', 'amd64', 'glibc', '2.12'],
    ['manylinux2014_ppc64le', 'manylinux', 'linux', 'ppc64le', 'glibc', '2.17'],
    ['manylinux2014_s390x', 'manylinux', 'linux', 's390x', 'glibc', '2.17'],
    ['musllinux_1_2_x86_64', 'musllinux', 'linux', 'amd64', 'musl', '1.2'],
    ['musllinux_1_1_armv7l', 'musllinux', 'linux', 'arm', 'musl', '1.1'],
    ['linux_x86_64', 'linux', 'linux', 'amd64', null, null],
    ['linux_riscv64', 'linux', 'linux', 'riscv64', null, null],
    ['manylinux_2_36_loongarch64', 'manylinux', 'linux', 'loong64', 'glibc', '2.36'],
    ['macosx_11_0_arm64', 'macos', 'macos', 'arm64', null, null],
    ['macosx_10_9_universal2', 'macos', 'macos', null, null, null],
    ['win_amd64', 'windows', 'windows', 'amd64', null, null],
    ['win32', 'windows', 'windows', '386', null, null],
    ['win_arm64', 'windows', 'windows', 'arm64', null, null],
    ['android_21_arm64_v8a', 'other', null, null, null, null],
  ] as const)('%s', ([tag, kind, os, arch, libc, minLibc]) => {
    expect(parseWheelPlatformTag(tag)).toMatchObject({ tag, kind, os, arch, libc, minLibc });
  });

  test('macOS minimum version', () => {
    expect(parseWheelPlatformTag('macosx_10_15_x86_64').minMacos).toBe('10.15');
  });

  test.for([
    ['manylinux_2_17_x86_64', 'linux/amd64', 'glibc', '2.36', true],
    ['manylinux_2_17_x86_64', 'linux/amd64', 'glibc', '2.12', false],
    ['manylinux_2_17_x86_64', 'linux/amd64', 'musl', undefined, false],
    ['manylinux_2_17_x86_64', 'linux/arm64', 'glibc', '2.36', false],
    ['manylinux2014_aarch64', 'linux/arm64', 'glibc', undefined, true],
    ['musllinux_1_2_aarch64', 'linux/arm64', 'musl', '1.2', true],
    ['musllinux_1_2_aarch64', 'linux/arm64', 'glibc', '2.36', false],
    ['linux_armv7l', 'linux/arm/v7', 'glibc', undefined, true],
    ['linux_armv7l', 'linux/arm/v6', 'glibc', undefined, false],
    ['macosx_11_0_arm64', 'linux/arm64', 'glibc', undefined, false],
    ['win_amd64', 'linux/amd64', 'glibc', undefined, false],
    ['any', 'linux/s390x', 'musl', undefined, true],
  ] as const)('%s on %s %s %s: %s', ([tag, spec, libc, version, expected]) => {
    expect(wheelPlatformMatches(parseWheelPlatformTag(tag), target(spec), libc, version)).toBe(expected);
  });
});

describe('parseExtensionSuffix', () => {
  test.for([
    [
      '_cffi_backend.cpython-311-x86_64-linux-gnu.so',
      '_cffi_backend',
      'versioned',
      '3.11',
      'linux',
      'amd64',
      'glibc',
      '',
    ],
    ['foo.cpython-36m-x86_64-linux-gnu.so', 'foo', 'versioned', '3.6', 'linux', 'amd64', 'glibc', 'm'],
    ['foo.cpython-313t-aarch64-linux-gnu.so', 'foo', 'versioned', '3.13', 'linux', 'arm64', 'glibc', 't'],
    ['foo.cpython-313d-x86_64-linux-gnu.so', 'foo', 'versioned', '3.13', 'linux', 'amd64', 'glibc', 'd'],
    ['foo.cpython-312-x86_64-linux-musl.so', 'foo', 'versioned', '3.12', 'linux', 'amd64', 'musl', ''],
    ['foo.cpython-311-arm-linux-gnueabihf.so', 'foo', 'versioned', '3.11', 'linux', 'arm', 'glibc', ''],
    ['foo.cpython-311-powerpc64le-linux-gnu.so', 'foo', 'versioned', '3.11', 'linux', 'ppc64le', 'glibc', ''],
    ['foo.cpython-311-x86_64-linux-gnux32.so', 'foo', 'versioned', '3.11', 'linux', null, 'glibc', ''],
    ['foo.cpython-312-darwin.so', 'foo', 'versioned', '3.12', 'macos', null, null, ''],
    ['foo.cp311-win_amd64.pyd', 'foo', 'versioned', '3.11', 'windows', 'amd64', null, ''],
    ['foo.cp313t-win_arm64.pyd', 'foo', 'versioned', '3.13', 'windows', 'arm64', null, 't'],
    ['foo.cp39-win32.pyd', 'foo', 'versioned', '3.9', 'windows', '386', null, ''],
    ['_rust.abi3.so', '_rust', 'stable-abi', null, null, null, null, ''],
    ['foo.pyd', 'foo', 'generic', null, 'windows', null, null, ''],
    ['foo.so', 'foo', 'generic', null, null, null, null, ''],
    ['foo.pypy39-pp73-x86_64-linux-gnu.so', 'foo', 'versioned', '3.9', 'linux', 'amd64', 'glibc', ''],
  ] as const)('%s', ([name, module, kind, python, os, arch, libc, flags]) => {
    const e = parseExtensionSuffix(`site-packages/pkg/${name}`);
    expect(e).toMatchObject({ module, kind, python, os, arch, libc });
    expect([e!.isFreeThreaded, e!.isDebug, e!.hasPymalloc]).toEqual([
      flags.includes('t'),
      flags.includes('d'),
      flags.includes('m'),
    ]);
  });

  test.for(['libfoo.so.1', 'foo.dylib', 'foo.py', 'README', '.so'])('%s is not an extension module name', (name) => {
    expect(parseExtensionSuffix(name)).toBeNull();
  });

  test('the target interpreter suffixes (binaries.md §5.3)', () => {
    expect(extensionSuffixesFor('3.11', target('linux/amd64'), 'glibc')).toEqual([
      '.cpython-311-x86_64-linux-gnu.so',
      '.abi3.so',
      '.so',
    ]);
    expect(extensionSuffixesFor('3.7', target('linux/amd64'), 'glibc')[0]).toBe('.cpython-37m-x86_64-linux-gnu.so');
    expect(extensionSuffixesFor('3.13', target('linux/arm64'), 'glibc', { freeThreaded: true })).toEqual([
      '.cpython-313t-aarch64-linux-gnu.so',
      '.so',
    ]);
    expect(extensionSuffixesFor('3.13', target('linux/amd64'), 'musl')[0]).toBe('.cpython-313-x86_64-linux-musl.so');
    expect(extensionSuffixesFor('3.12', target('linux/arm'), 'musl')[0]).toBe('.cpython-312-arm-linux-musleabihf.so');
  });
});
