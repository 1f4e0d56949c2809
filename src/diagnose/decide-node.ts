// Node.js messages: addon ABIs, prebuilt addons per platform, and the platform packages of
// sharp, esbuild and rollup (npm's os/cpu/libc fields), with the lockfile npm/cli#4828 leaves.
import { assessBinary } from '../sniff/compat.js';
import {
  NODE_MAJOR_BY_ABI,
  nodePrebuildMatches,
  nodePrebuildPlatform,
  npmPlatformMatches,
  parseNpmPlatformFields,
} from '../sniff/node-metadata.js';
import { archFromNodeArch, formatPlatform, type Libc, type TargetPlatform } from '../sniff/platform.js';
import { describeSniffed } from '../sniff/sniff.js';
import {
  culpritFound,
  environmentPhrase,
  followLinks,
  mapped,
  MAX_LOCKFILE_BYTES,
  MAX_MANIFEST_BYTES,
  nothingFound,
  platformName,
  typeOf,
  type CulpritDraft,
  type DecideContext,
  type Decision,
} from './decide-common.js';
import { mapContainerPath } from './map-paths.js';
import type { ParsedMessage, PathOrigin } from './model.js';
import { parseEsbuildPackage, parseRollupPackage, parseSharpPlatform } from './parse-messages.js';
import { dirsIn, filesBelow, filesIn, findPackageDirs, findPackageDirsByPrefix } from './search-context.js';
import { baseName, joinPath, parentOf } from '../paths.js';

function nodeVersionOf(abi: number): string {
  const major = NODE_MAJOR_BY_ABI[abi];
  return major === undefined ? `NODE_MODULE_VERSION ${abi}` : `Node.js ${major} (NODE_MODULE_VERSION ${abi})`;
}

export function decideNodeAbi(m: ParsedMessage, ctx: DecideContext): Decision {
  const compiled = Number(m.facts['compiledAbi']);
  const required = Number(m.facts['requiredAbi']);
  const candidates: string[] = [];
  const paths: { path: string; origin: PathOrigin | null }[] =
    m.path !== null
      ? mapped(m, ctx).map((mp) => ({ path: followLinks(mp.contextPath, ctx).path, origin: mp.origin }))
      : filesBelow('', ctx.entries, (n) => n.endsWith('.node')).map((path) => ({ path, origin: null }));
  const culprits: CulpritDraft[] = [];
  for (const { path, origin } of paths) {
    candidates.push(path);
    const s = ctx.read.sniff(path);
    if (s?.format !== 'elf' || s.nodeAddon === null || s.nodeAddon.kind === 'node-api') continue;
    // A pre-N-API addon that exports no node_register_module_v<N> keeps its ABI in the nm_version
    // field of its struct node_module (the sniffer reads it: elf-node-module.ts); node-pre-gyp
    // names the folder after it too (node-v72-linux-x64).
    const folderAbi = nodePrebuildPlatform(path)?.abi ?? null;
    const abiKnown = s.nodeAddon.kind === 'node-abi' ? s.nodeAddon.moduleVersion : folderAbi;
    if (abiKnown !== null ? abiKnown !== compiled : m.path === null) continue;
    const byFolder = s.nodeAddon.kind === 'legacy' && folderAbi !== null;
    const byStruct = s.nodeAddon.kind === 'node-abi' && s.nodeAddon.from === 'module-struct';
    const confidence = m.path !== null ? ('certain' as const) : ('likely' as const);
    culprits.push({
      ...(byFolder
        ? {
            evidence: `its folder ${path.split('/').at(-2)} says NODE_MODULE_VERSION ${folderAbi}, the version the message says it was compiled for`,
            confidence,
          }
        : byStruct
          ? {
              evidence: `the nm_version of the struct node_module it registers is ${compiled}, the NODE_MODULE_VERSION the message says it was compiled for`,
              confidence,
            }
          : {}),
      path,
      type: 'file',
      kind: 'node-abi-mismatch',
      what: describeSniffed(s),
      explanation:
        `${path} is a native addon compiled for ${nodeVersionOf(compiled)}; the image runs ${nodeVersionOf(required)}, and an addon ` +
        `only loads into the Node.js ABI it was built for — ${environmentPhrase(path, ctx.entries)}.`,
      origin,
    });
  }
  if (culprits.length > 0) return culpritFound('node-abi-mismatch', candidates, culprits);
  return nothingFound(
    'no-matching-file',
    'The addon is not from the build context: it was built in the image for another Node.js. Run `npm rebuild` after changing the Node.js version.',
    candidates,
  );
}

function prebuildCulprit(path: string, ctx: DecideContext, why: string): CulpritDraft {
  const s = ctx.read.sniff(path);
  return {
    path,
    type: typeOf(ctx, path),
    kind: 'foreign-prebuild',
    what: s === null ? 'Node.js addon' : describeSniffed(s),
    explanation: why,
    origin: null,
  };
}

export function decideAddonNotFound(m: ParsedMessage, ctx: DecideContext): Decision {
  const path = m.path ?? '';
  const dir = path.slice(0, path.lastIndexOf('/'));
  const name = baseName(path);
  const candidates: string[] = [];
  const culprits: CulpritDraft[] = [];
  const mapDir = (d: string): string[] =>
    d === ''
      ? []
      : mapContainerPath(d, { model: ctx.model, entries: ctx.entries, mounts: ctx.mounts }).map((mp) => mp.contextPath);
  // sharp < 0.33 keeps one addon per platform in build/Release; node-pre-gyp one directory per
  // platform below lib/binding, of which the wanted one is missing.
  const dirs = mapDir(dir);
  const parents = dirs.length > 0 ? dirs.map(parentOf) : mapDir(dir.slice(0, dir.lastIndexOf('/')));
  const siblings = dirs.flatMap((d) => filesIn(d, ctx.entries, (n) => n.endsWith('.node') && n !== name));
  const cousins = parents
    .flatMap((p) => dirsIn(p, ctx.entries))
    .flatMap((d) => filesIn(d, ctx.entries, (n) => n === name));
  for (const file of [...new Set([...siblings, ...cousins])]) {
    candidates.push(file);
    const prebuild = nodePrebuildPlatform(file);
    if (prebuild !== null && !nodePrebuildMatches(prebuild, ctx.target.platform, ctx.target.libc)) {
      culprits.push(
        prebuildCulprit(
          file,
          ctx,
          `Node looks for ${name} built for ${platformName(ctx)}; the context has ${file}, built for ${prebuild.os}-${prebuild.nodeArchs.join('+')}${prebuild.libc !== null ? ` (${prebuild.libc})` : ''} — ${environmentPhrase(file, ctx.entries)}.`,
        ),
      );
      continue;
    }
    const s = ctx.read.sniff(file);
    if (s === null) continue;
    const a = assessBinary(s, ctx.target.platform, ctx.target.libc);
    if (a.verdict !== 'ok' && a.verdict !== 'unknown') {
      culprits.push(
        prebuildCulprit(
          file,
          ctx,
          `Node looks for ${name} built for ${platformName(ctx)}; the context has ${file} instead, a ${describeSniffed(s)} — ${environmentPhrase(file, ctx.entries)}.`,
        ),
      );
    }
  }
  if (culprits.length > 0) return culpritFound('foreign-prebuild', candidates, culprits);
  return nothingFound(
    'no-matching-file',
    `The package's addon for ${platformName(ctx)} is missing and nothing in the context stands in its way: install the package in the image (\`npm ci\`, \`npm rebuild\`).`,
    candidates,
  );
}

interface RuntimePlatform {
  platform: TargetPlatform;
  libc: Libc;
}

function runtimeOf(ctx: DecideContext, arch: string | null, libc: Libc | null): RuntimePlatform {
  return {
    platform: arch === null ? ctx.target.platform : { os: 'linux', arch },
    libc: libc ?? ctx.target.libc,
  };
}

/** A platform package in the context that npm would not install for the runtime. */
function foreignPackage(
  dir: string,
  runtime: RuntimePlatform,
  ctx: DecideContext,
  fallback: (dir: string) => boolean,
): { mismatched: string } | null {
  const text = ctx.read.text(joinPath(dir, 'package.json'), MAX_MANIFEST_BYTES);
  const fields = text === null ? null : parseNpmPlatformFields(text);
  if (fields !== null && (fields.os !== null || fields.cpu !== null || fields.libc !== null)) {
    const check = npmPlatformMatches(fields, runtime.platform, runtime.libc);
    if (check.matches) return null;
    const parts = check.mismatched.map((k) => `${k} ${JSON.stringify(fields[k])}`);
    return { mismatched: parts.join(', ') };
  }
  return fallback(dir) ? { mismatched: 'its name' } : null;
}

/** The file that shows what a package is: its native addon or binary, else its package.json. */
function packageFile(dir: string, ctx: DecideContext): string {
  const native = filesBelow(dir, ctx.entries, (n) => n.endsWith('.node') || n === 'esbuild' || n === 'esbuild.exe');
  return native[0] ?? (ctx.entries.has(joinPath(dir, 'package.json')) ? joinPath(dir, 'package.json') : dir);
}

function packageCulprits(
  dirs: string[],
  runtime: RuntimePlatform,
  ctx: DecideContext,
  what: string,
  fallback: (dir: string) => boolean,
): CulpritDraft[] {
  const out: CulpritDraft[] = [];
  for (const dir of dirs) {
    const foreign = foreignPackage(dir, runtime, ctx, fallback);
    if (foreign === null) continue;
    const file = packageFile(dir, ctx);
    const s = file === dir || file.endsWith('package.json') ? null : ctx.read.sniff(file);
    out.push({
      path: file,
      type: typeOf(ctx, file),
      kind: 'foreign-platform-package',
      what: s === null ? `npm package ${dir.slice(dir.lastIndexOf('node_modules/') + 13)}` : describeSniffed(s),
      explanation:
        `${what} needs the package for ${formatPlatform(runtime.platform)} (${runtime.libc}); ${dir} is for another platform (${foreign.mismatched}) — ` +
        `${environmentPhrase(file, ctx.entries)}.`,
      origin: null,
    });
  }
  return out;
}

/** The part of a platform package's name before its platform: `@swc/core-linux-x64-gnu` → `@swc/core-`. */
export function platformFamilyPrefix(name: string): string {
  const m = /^(.*?-)(?:linux|darwin|win32|freebsd|android|sunos|openbsd)-/.exec(name);
  return m?.[1] ?? name.slice(0, name.indexOf('/') + 1);
}

/**
 * A lockfile that knows the package's platform packages but not the one this platform needs
 * (npm/cli#4828: a lock generated on one platform drops the other platforms' optional packages):
 * it lists other members of the family, or a package whose optionalDependencies name it.
 */
function lockfileCulprit(needed: string, ctx: DecideContext, what: string): CulpritDraft | null {
  const prefix = platformFamilyPrefix(needed);
  for (const lock of ['package-lock.json', 'npm-shrinkwrap.json']) {
    const found = [...ctx.entries.keys()]
      .filter((p) => baseName(p) === lock && !p.split('/').includes('node_modules'))
      .sort();
    for (const path of found) {
      const text = ctx.read.text(path, MAX_LOCKFILE_BYTES);
      if (text === null) continue;
      let packages: Record<string, unknown> | null = null;
      try {
        const json = JSON.parse(text) as { packages?: Record<string, unknown> };
        packages = typeof json.packages === 'object' && json.packages !== null ? json.packages : null;
      } catch {
        continue;
      }
      if (
        packages === null ||
        Object.keys(packages).some((k) => k === `node_modules/${needed}` || k.endsWith(`/node_modules/${needed}`))
      )
        continue;
      const siblings = Object.keys(packages).filter(
        (k) =>
          prefix !== '' && k.startsWith(`node_modules/${prefix}`) && k !== `node_modules/${prefix.replace(/-$/, '')}`,
      ).length;
      const wantedBy = Object.entries(packages).filter(([, v]) => {
        const optional = (v as { optionalDependencies?: unknown } | null)?.optionalDependencies;
        return typeof optional === 'object' && optional !== null && Object.hasOwn(optional, needed);
      }).length;
      if (siblings === 0 && wantedBy === 0) continue;
      const listed =
        siblings > 0
          ? `lists ${siblings} other ${prefix.replace(/-$/, '')} platform package${siblings === 1 ? '' : 's'}`
          : `names ${needed} as an optional dependency`;
      return {
        path,
        type: 'file',
        kind: 'lockfile-missing-package',
        what: 'npm lockfile',
        explanation: `${path} ${listed} but has no entry for ${needed}: it was generated on another platform with an npm that drops the other platforms' optional dependencies (npm/cli#4828), so \`npm ci\` in the image cannot install what ${what} needs.`,
        origin: null,
        confidence: 'likely',
        evidence: `the lockfile has no ${needed} although it knows that package's platform family`,
      };
    }
  }
  return null;
}

/** The npm package a "Cannot find module" names: `../lightningcss.linux-x64-gnu.node` → `lightningcss-linux-x64-gnu`. */
export function neededPackageOf(needed: string): string {
  if (!needed.startsWith('.')) return needed;
  return baseName(needed)
    .replace(/\.node$/, '')
    .replace(/\./g, '-');
}

/** The platform a package name is for: `…-linux-x64-gnu`, `…-linux-arm64-musl`, `…-darwin-arm64`. */
function packagePlatform(name: string): { os: string; arch: string | null; libc: Libc | null } | null {
  const m = /-(linux|darwin|win32|freebsd|android)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(name);
  if (m === null) return null;
  const abi = m[3] ?? '';
  const libc: Libc | null = abi.startsWith('musl') ? 'musl' : abi.startsWith('gnu') || abi === 'glibc' ? 'glibc' : null;
  return { os: m[1]!, arch: archFromNodeArch(m[2]!), libc };
}

export function decidePlatformPackage(m: ParsedMessage, ctx: DecideContext): Decision {
  const needed = neededPackageOf(m.facts['needed'] ?? '');
  const target = packagePlatform(needed);
  const runtime = runtimeOf(
    ctx,
    target?.os === 'linux' ? target.arch : null,
    target?.os === 'linux' ? target.libc : null,
  );
  const prefix = platformFamilyPrefix(needed);
  const dirs =
    prefix === '' ? [] : findPackageDirsByPrefix(prefix, ctx.entries).filter((d) => packagePlatform(d) !== null);
  const culprits = packageCulprits(
    dirs,
    runtime,
    ctx,
    `${prefix.replace(/-$/, '')} on ${formatPlatform(runtime.platform)}`,
    (dir) => {
      const p = packagePlatform(dir);
      return (
        p !== null &&
        (p.os !== 'linux' || p.arch !== runtime.platform.arch || (p.libc !== null && p.libc !== runtime.libc))
      );
    },
  );
  if (culprits.length === 0) {
    const lock = lockfileCulprit(needed, ctx, prefix.replace(/-$/, ''));
    if (lock !== null) culprits.push(lock);
  }
  if (culprits.length > 0) return culpritFound('foreign-platform-package', dirs, culprits);
  return nothingFound(
    'no-matching-file',
    `Nothing in the context stands in for ${needed}: the image's install skipped it (optional dependencies off?). Run \`npm ci\` in the image with optional dependencies, or add ${needed} explicitly.`,
    dirs,
  );
}

export function decideSharp(m: ParsedMessage, ctx: DecideContext): Decision {
  const runtimeId = m.facts['runtime'] ?? '';
  const parsed = parseSharpPlatform(runtimeId);
  const runtime = runtimeOf(ctx, parsed?.arch ?? null, parsed?.libc ?? null);
  const candidates: string[] = [];
  const culprits: CulpritDraft[] = [];
  const installed = m.facts['installed'];
  if (installed !== undefined) {
    // sharp < 0.33: node_modules/sharp/{build/Release/*.node, vendor/<version>/<platform>}.
    for (const sharp of findPackageDirs('sharp', ctx.entries)) {
      candidates.push(sharp);
      const addon = filesBelow(joinPath(sharp, 'build/Release'), ctx.entries, (n) => n.endsWith('.node'))[0];
      const vendor = dirsIn(joinPath(sharp, 'vendor'), ctx.entries)
        .flatMap((v) => dirsIn(v, ctx.entries))
        .find((d) => baseName(d) === installed);
      const path = addon ?? vendor ?? joinPath(sharp, 'package.json');
      const s = addon === undefined ? null : ctx.read.sniff(addon);
      culprits.push({
        path,
        type: typeOf(ctx, path),
        kind: 'foreign-platform-package',
        what: s === null ? `sharp installed for ${installed}` : describeSniffed(s),
        explanation: `sharp was installed for ${installed} and runs on ${runtimeId}: ${sharp} is from ${environmentPhrase(path, ctx.entries)}.`,
        origin: null,
      });
    }
  } else {
    const dirs = findPackageDirsByPrefix('@img/sharp-', ctx.entries);
    candidates.push(...dirs);
    culprits.push(
      ...packageCulprits(dirs, runtime, ctx, `sharp on ${runtimeId}`, (dir) => !baseName(dir).includes(runtimeId)),
    );
  }
  if (culprits.length > 0) return culpritFound('foreign-platform-package', candidates, culprits);
  return nothingFound(
    'no-matching-file',
    `No sharp installation for another platform is in the context: sharp was installed in the image without its ${runtimeId} package. Install optional dependencies (\`npm install --include=optional sharp\`, or \`npm install --os=linux --cpu=… sharp\`).`,
    candidates,
  );
}

export function decideEsbuild(m: ParsedMessage, ctx: DecideContext): Decision {
  const needed = m.facts['needed'] ?? '';
  const target = parseEsbuildPackage(needed);
  const runtime = runtimeOf(ctx, target?.arch ?? null, null);
  const present = m.facts['present'];
  const candidates: string[] = [];
  let culprits: CulpritDraft[] = [];
  const dirs =
    present !== undefined
      ? findPackageDirs(present, ctx.entries)
      : [...findPackageDirsByPrefix('@esbuild/', ctx.entries), ...findPackageDirsByPrefix('esbuild-', ctx.entries)];
  candidates.push(...dirs);
  culprits = packageCulprits(dirs, runtime, ctx, `esbuild on ${formatPlatform(runtime.platform)}`, (dir) => {
    const name = dir.slice(dir.lastIndexOf('node_modules/') + 13);
    return name !== needed && parseEsbuildPackage(name) !== null;
  });
  if (culprits.length === 0) {
    const lock = lockfileCulprit(needed, ctx, 'esbuild');
    if (lock !== null) culprits.push(lock);
  }
  if (culprits.length > 0) return culpritFound('foreign-platform-package', candidates, culprits);
  return nothingFound(
    'no-matching-file',
    `No esbuild package for another platform is in the context: the image's install skipped ${needed} (optional dependencies off?). Run \`npm ci\` in the image with optional dependencies.`,
    candidates,
  );
}

export function decideRollup(m: ParsedMessage, ctx: DecideContext): Decision {
  const needed = m.facts['needed'] ?? '';
  const target = parseRollupPackage(needed);
  const runtime = runtimeOf(ctx, target?.arch ?? null, target?.libc ?? null);
  const dirs = findPackageDirsByPrefix('@rollup/rollup-', ctx.entries);
  const culprits = packageCulprits(dirs, runtime, ctx, `rollup on ${formatPlatform(runtime.platform)}`, (dir) => {
    const p = parseRollupPackage(dir.slice(dir.lastIndexOf('node_modules/') + 13));
    return (
      p !== null &&
      (p.os !== 'linux' || p.arch !== runtime.platform.arch || (p.libc !== null && p.libc !== runtime.libc))
    );
  });
  if (culprits.length === 0) {
    const lock = lockfileCulprit(needed, ctx, 'rollup');
    if (lock !== null) culprits.push(lock);
  }
  if (culprits.length > 0) return culpritFound('foreign-platform-package', dirs, culprits);
  return nothingFound(
    'no-matching-file',
    `Nothing in the context is rollup's package for another platform: the image's install skipped ${needed}. Install with optional dependencies, or add it explicitly.`,
    dirs,
  );
}
