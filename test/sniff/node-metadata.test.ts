import { describe, expect, test } from 'vitest';
import {
  nodePrebuildMatches,
  nodePrebuildPlatform,
  npmPlatformMatches,
  parseNpmPlatformFields,
} from '../../src/sniff/node-metadata.js';
import type { Libc } from '../../src/sniff/platform.js';
import { target } from './fixtures.js';

describe('parseNpmPlatformFields', () => {
  test('esbuild and sharp platform packages (binaries.md §6.2)', () => {
    expect(
      parseNpmPlatformFields('{"name":"@esbuild/darwin-arm64","version":"0.28.2","os":["darwin"],"cpu":["arm64"]}'),
    ).toEqual({
      name: '@esbuild/darwin-arm64',
      version: '0.28.2',
      os: ['darwin'],
      cpu: ['arm64'],
      libc: null,
    });
    expect(
      parseNpmPlatformFields('\uFEFF{"name":"@img/sharp-linuxmusl-x64","os":["linux"],"cpu":["x64"],"libc":["musl"]}')
        ?.libc,
    ).toEqual(['musl']);
  });

  test('a plain string counts as a list; other types are ignored', () => {
    expect(parseNpmPlatformFields('{"os":"linux","cpu":[1,"x64"],"libc":{}}')).toMatchObject({
      os: ['linux'],
      cpu: ['x64'],
      libc: null,
    });
  });

  test.for(['', 'not json', '[1,2]', 'null', '"text"'])('not a package object: %j', (text) => {
    expect(parseNpmPlatformFields(text)).toBeNull();
  });

  type Row = [
    fields: Partial<Record<'os' | 'cpu' | 'libc', string[]>>,
    spec: string,
    libc: Libc,
    mismatched: ('os' | 'cpu' | 'libc')[],
  ];
  const rows: Row[] = [
    [{ os: ['darwin'], cpu: ['arm64'] }, 'linux/arm64', 'glibc', ['os']],
    [{ os: ['linux'], cpu: ['x64'], libc: ['musl'] }, 'linux/amd64', 'glibc', ['libc']],
    [{ os: ['linux'], cpu: ['x64'], libc: ['musl'] }, 'linux/amd64', 'musl', []],
    [{ os: ['linux'], cpu: ['arm64'], libc: ['glibc'] }, 'linux/amd64', 'glibc', ['cpu']],
    [{ os: ['!win32'], cpu: ['any'] }, 'linux/s390x', 'glibc', []],
    [{ os: ['!linux'] }, 'linux/amd64', 'glibc', ['os']],
    [{ cpu: ['ia32'] }, 'linux/386', 'musl', []],
    [{ cpu: ['ppc64'] }, 'linux/ppc64le', 'glibc', []],
  ];
  test.for(rows)('%j on %s %s', ([fields, spec, libc, mismatched]) => {
    const f = { name: null, version: null, os: null, cpu: null, libc: null, ...fields };
    expect(npmPlatformMatches(f, target(spec), libc)).toEqual({ matches: mismatched.length === 0, mismatched });
  });
});

describe('nodePrebuildPlatform', () => {
  test.for([
    ['node_modules/bcrypt/prebuilds/linux-x64/bcrypt.glibc.node', 'linux', ['amd64'], 'glibc', false, null],
    ['node_modules/bcrypt/prebuilds/linux-x64/bcrypt.musl.node', 'linux', ['amd64'], 'musl', false, null],
    ['node_modules/bcrypt/prebuilds/darwin-arm64/bcrypt.node', 'darwin', ['arm64'], null, false, null],
    ['node_modules/x/prebuilds/darwin-x64+arm64/node.napi.node', 'darwin', ['amd64', 'arm64'], null, true, null],
    ['node_modules/x/prebuilds/linux-arm/node.napi.armv7.node', 'linux', ['arm'], null, true, null],
    ['node_modules/x/prebuilds/win32-x64/electron.abi119.node', 'win32', ['amd64'], null, false, 119],
  ] as const)('%s', ([path, os, archs, libc, isNapi, abi]) => {
    expect(nodePrebuildPlatform(path)).toMatchObject({ scheme: 'prebuildify', os, archs, libc, isNapi, abi });
  });

  test('node-pre-gyp binding directories', () => {
    expect(
      nodePrebuildPlatform('node_modules/sqlite3/lib/binding/napi-v6-linux-glibc-x64/node_sqlite3.node'),
    ).toMatchObject({
      scheme: 'node-pre-gyp',
      os: 'linux',
      archs: ['amd64'],
      libc: 'glibc',
      isNapi: true,
    });
    expect(nodePrebuildPlatform('lib/binding/node-v115-darwin-arm64/x.node')).toMatchObject({
      os: 'darwin',
      abi: 115,
      libc: null,
    });
  });

  test.for(['build/Release/addon.node', 'prebuilds/linux-x64-extra/a.node', 'prebuilds/linux-x64/a.so', 'a.node'])(
    '%s is no prebuild',
    (p) => {
      expect(nodePrebuildPlatform(p)).toBeNull();
    },
  );

  test.for([
    ['prebuilds/linux-x64/a.glibc.node', 'linux/amd64', 'glibc', true],
    ['prebuilds/linux-x64/a.glibc.node', 'linux/amd64', 'musl', false],
    ['prebuilds/linux-x64/a.node', 'linux/amd64', 'musl', true],
    ['prebuilds/darwin-arm64/a.node', 'linux/arm64', 'glibc', false],
    ['prebuilds/linux-arm/a.armv7.node', 'linux/arm/v7', 'glibc', true],
    ['prebuilds/linux-arm/a.armv6.node', 'linux/arm/v7', 'glibc', false],
    ['prebuilds/linux-arm64/a.armv8.node', 'linux/arm64', 'glibc', true],
  ] as const)('%s on %s %s: %s', ([path, spec, libc, expected]) => {
    expect(nodePrebuildMatches(nodePrebuildPlatform(path)!, target(spec), libc)).toBe(expected);
  });
});
