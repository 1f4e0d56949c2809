// npm packages restricted to platforms by their package.json `os` / `cpu` / `libc` fields: the
// per-platform packages of esbuild, sharp, rollup, swc… and standalone ones such as fsevents.
// npm installs only the ones that fit the machine it runs on, so a foreign one in the context
// says where node_modules was made (binaries.md §6.2).
import { npmPlatformMatches, parseNpmPlatformFields } from '../sniff/node-metadata.js';
import { nodeArchOf } from '../sniff/platform.js';
import type { CheckModel } from './check-model.js';

/** package.json files larger than this are not read: platform packages' manifests are tiny. */
export const MAX_PACKAGE_MANIFEST_BYTES = 64 * 1024;

export interface NpmPlatformPackage {
  /** The package directory, e.g. `node_modules/@esbuild/darwin-arm64`. */
  dir: string;
  name: string;
  os: string[] | null;
  cpu: string[] | null;
  libc: string[] | null;
  /** npm would install it on the target. */
  matches: boolean;
  /** The fields that exclude the target. */
  mismatched: ('os' | 'cpu' | 'libc')[];
  /** Name prefix the family's per-platform packages share (`@esbuild/`, `@img/sharp-`); null for a standalone package such as fsevents. */
  family: string | null;
  /** A package of the same family in the same node_modules directory that fits the target. */
  targetSibling: string | null;
  /** The family's package for the target, when its naming scheme is known. */
  expected: string | null;
}

// npm `os` values (Node's process.platform) and sharp's `linuxmusl`, as they appear in names.
const OS_TOKENS = new Set([
  'darwin',
  'linux',
  'linuxmusl',
  'win32',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'android',
  'openharmony',
]);

/** True for `…/node_modules/<name>/package.json` and `…/node_modules/@scope/<name>/package.json`. */
export function isPackageManifest(path: string): boolean {
  const s = path.split('/');
  const n = s.length;
  if (n < 3 || s[n - 1] !== 'package.json') return false;
  if (s[n - 3] === 'node_modules') return !s[n - 2]!.startsWith('@') && !s[n - 2]!.startsWith('.');
  return n >= 4 && s[n - 4] === 'node_modules' && s[n - 3]!.startsWith('@');
}

/** `@img/sharp-libvips-darwin-arm64` → `@img/sharp-libvips-`; null when no OS token names a platform. */
export function platformFamily(name: string): string | null {
  const slash = name.indexOf('/');
  const scope = slash === -1 ? '' : name.slice(0, slash + 1);
  const tokens = name.slice(scope.length).split('-');
  for (let i = 0; i < tokens.length; i++) {
    if (OS_TOKENS.has(tokens[i]!))
      return (
        scope +
        tokens
          .slice(0, i)
          .map((t) => t + '-')
          .join('')
      );
  }
  return null;
}

/** The package of a known family that fits the target (esbuild, sharp, rollup, swc naming schemes). */
export function expectedPlatformPackage(family: string, arch: string, libc: 'glibc' | 'musl'): string | null {
  const cpu = nodeArchOf(arch);
  if (cpu === null) return null;
  const musl = libc === 'musl';
  // Names from each project's optionalDependencies (esbuild npm/, lovell/sharp npm/, rollup npm/, swc-project/swc packages/core).
  switch (family) {
    case '@esbuild/':
      return `@esbuild/linux-${cpu}`;
    case '@img/sharp-':
      return `@img/sharp-${musl ? 'linuxmusl' : 'linux'}-${cpu}`;
    case '@img/sharp-libvips-':
      return `@img/sharp-libvips-${musl ? 'linuxmusl' : 'linux'}-${cpu}`;
    case '@rollup/rollup-':
      return cpu === 'arm'
        ? `@rollup/rollup-linux-arm-${musl ? 'musleabihf' : 'gnueabihf'}`
        : `@rollup/rollup-linux-${cpu}-${musl ? 'musl' : 'gnu'}`;
    case '@swc/core-':
      return cpu === 'arm' ? '@swc/core-linux-arm-gnueabihf' : `@swc/core-linux-${cpu}-${musl ? 'musl' : 'gnu'}`;
    default:
      return null;
  }
}

function nodeModulesDirOf(packageDir: string, name: string): string {
  return packageDir.slice(0, packageDir.length - name.length - 1);
}

const memo = new WeakMap<CheckModel, NpmPlatformPackage[]>();

/** Every installed package that declares `os`, `cpu` or `libc`, sorted by directory. */
export function findNpmPlatformPackages(model: CheckModel): NpmPlatformPackage[] {
  const cached = memo.get(model);
  if (cached !== undefined) return cached;
  const found: NpmPlatformPackage[] = [];
  for (const [path, text] of model.texts) {
    if (!isPackageManifest(path)) continue;
    const fields = parseNpmPlatformFields(text);
    if (fields === null || (fields.os === null && fields.cpu === null && fields.libc === null)) continue;
    const dir = path.slice(0, -'/package.json'.length);
    const s = dir.split('/');
    const dirName = s.at(-2)!.startsWith('@') ? `${s.at(-2)}/${s.at(-1)}` : s.at(-1)!;
    const check = npmPlatformMatches(fields, model.target.platform, model.target.libc);
    const family = platformFamily(dirName);
    found.push({
      dir,
      name: dirName,
      os: fields.os,
      cpu: fields.cpu,
      libc: fields.libc,
      matches: check.matches,
      mismatched: check.mismatched,
      family,
      targetSibling: null,
      expected: family === null ? null : expectedPlatformPackage(family, model.target.platform.arch, model.target.libc),
    });
  }
  found.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  for (const p of found) {
    if (p.matches || p.family === null) continue;
    const home = nodeModulesDirOf(p.dir, p.name);
    const sibling = found.find((q) => q.matches && q.family === p.family && nodeModulesDirOf(q.dir, q.name) === home);
    p.targetSibling = sibling?.dir ?? null;
  }
  memo.set(model, found);
  return found;
}

/** The platform package a path lies in, if any. */
export function npmPackageOf(packages: readonly NpmPlatformPackage[], path: string): NpmPlatformPackage | null {
  for (const p of packages) if (path.startsWith(p.dir + '/')) return p;
  return null;
}
