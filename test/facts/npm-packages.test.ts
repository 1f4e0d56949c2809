// npm platform packages, checked against the names and fields of real installs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  expectedPlatformPackage,
  findNpmPlatformPackages,
  isPackageManifest,
  platformFamily,
} from '../../src/facts/npm-packages.js';
import { makeTree, type TreeSpec } from '../helpers/make-tree.js';
import { buildModel } from '../checks/helpers.js';

interface RealPackage {
  name: string;
  os: string[] | null;
  cpu: string[] | null;
  libc: string[] | null;
}
const real: { installs: Record<string, RealPackage[]> } = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'data/npm-real-packages.json'), 'utf8'),
);

describe('names', () => {
  test.for([
    ['@esbuild/darwin-arm64', '@esbuild/'],
    ['@img/sharp-libvips-linuxmusl-x64', '@img/sharp-libvips-'],
    ['@img/sharp-win32-x64', '@img/sharp-'],
    ['@rollup/rollup-linux-x64-gnu', '@rollup/rollup-'],
    ['@swc/core-darwin-arm64', '@swc/core-'],
    ['lightningcss-darwin-arm64', 'lightningcss-'],
    ['fsevents', null],
    ['@img/sharp-wasm32', null],
  ] as const)('family of %s is %s', ([name, family]) => {
    expect(platformFamily(name)).toBe(family);
  });

  test.for([
    ['node_modules/x/package.json', true],
    ['node_modules/@s/x/package.json', true],
    ['a/node_modules/x/node_modules/y/package.json', true],
    ['node_modules/x/lib/package.json', false],
    ['node_modules/.bin/package.json', false],
    ['package.json', false],
  ] as const)('%s is a package manifest: %s', ([p, is]) => {
    expect(isPackageManifest(p)).toBe(is);
  });

  // Real installs (`npm install --os --cpu --libc`): the package the naming scheme expects for a
  // target is the one npm installed for that target.
  const targets: [install: string, arch: string, libc: 'glibc' | 'musl'][] = [
    ['linux-x64-glibc', 'amd64', 'glibc'],
    ['linux-x64-musl', 'amd64', 'musl'],
    ['linux-arm64-musl', 'arm64', 'musl'],
  ];
  test.for(targets)('expected names match the real %s install', ([install, arch, libc]) => {
    const installed = real.installs[install]!.map((p) => p.name).sort();
    const expected = ['@esbuild/', '@img/sharp-', '@img/sharp-libvips-']
      .map((f) => expectedPlatformPackage(f, arch, libc))
      .sort();
    expect(expected).toEqual(installed);
  });
});

describe('siblings', () => {
  function treeOf(install: string, extra: RealPackage[] = []): TreeSpec {
    const tree: TreeSpec = {};
    for (const p of [...real.installs[install]!, ...extra]) {
      tree[`node_modules/${p.name}/package.json`] = JSON.stringify({
        name: p.name,
        os: p.os,
        cpu: p.cpu,
        ...(p.libc ? { libc: p.libc } : {}),
      });
    }
    return tree;
  }

  test('a real macOS install on linux/amd64: nothing matches, no sibling, expected names given', () => {
    const packages = findNpmPlatformPackages(buildModel(makeTree(treeOf('darwin-arm64'))));
    expect(packages.map((p) => [p.name, p.matches, p.mismatched, p.targetSibling, p.expected])).toEqual([
      ['@esbuild/darwin-arm64', false, ['os', 'cpu'], null, '@esbuild/linux-x64'],
      ['@img/sharp-darwin-arm64', false, ['os', 'cpu'], null, '@img/sharp-linux-x64'],
      ['@img/sharp-libvips-darwin-arm64', false, ['os', 'cpu'], null, '@img/sharp-libvips-linux-x64'],
    ]);
  });

  test('macOS and linux-x64 installed together (yarn supportedArchitectures): the macOS ones have siblings', () => {
    const packages = findNpmPlatformPackages(
      buildModel(makeTree(treeOf('darwin-arm64', real.installs['linux-x64-glibc']))),
    );
    const foreign = packages.filter((p) => !p.matches);
    expect(foreign.map((p) => [p.name, p.targetSibling])).toEqual([
      ['@esbuild/darwin-arm64', 'node_modules/@esbuild/linux-x64'],
      ['@img/sharp-darwin-arm64', 'node_modules/@img/sharp-linux-x64'],
      ['@img/sharp-libvips-darwin-arm64', 'node_modules/@img/sharp-libvips-linux-x64'],
    ]);
  });

  test('the libc field decides: glibc packages on a musl target', () => {
    const packages = findNpmPlatformPackages(buildModel(makeTree(treeOf('linux-x64-glibc')), { libc: 'musl' }));
    expect(packages.filter((p) => !p.matches).map((p) => [p.name, p.mismatched])).toEqual([
      ['@img/sharp-libvips-linux-x64', ['libc']],
      ['@img/sharp-linux-x64', ['libc']],
    ]);
  });
});
