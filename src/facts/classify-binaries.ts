// Every identified file, judged for the target: does it load there, and if not, will a runtime in
// the image ever try? Foreign files that a runtime never selects (multi-platform bundles, Windows
// launcher templates, platform packages beside the target's own) are harmless and only counted.
// Shared by foreign-binary, glibc-too-new and host-environment; computed once per model.
import { assessBinary, PATH_PLACEHOLDER, type Assessment } from '../sniff/compat.js';
import { abiForNodeMajor, nodePrebuildMatches, nodePrebuildPlatform } from '../sniff/node-metadata.js';
import { archFromCpuName, archFromNodeArch, nodeArchOf } from '../sniff/platform.js';
import { extensionSuffixesFor, parseExtensionSuffix, type ExtensionSuffix } from '../sniff/python-metadata.js';
import { describeSniffed } from '../sniff/sniff.js';
import type { Sniffed } from '../sniff/sniffed.js';
import type { BinariesSummary, Severity } from '../types.js';
import type { CheckModel } from './check-model.js';
import { environmentOf, isDependencyEnvironment, scanEnvironments, type Environment } from './environments.js';
import { findNpmPlatformPackages, npmPackageOf, type NpmPlatformPackage } from './npm-packages.js';
import { baseName, parentOf } from '../paths.js';

/** How a runtime in the image would come to load the file. */
export type BinaryRole = 'python-extension' | 'node-addon' | 'ruby-extension' | 'executable' | 'library' | 'object';

/** Why a foreign file does no harm. Stable ids: JSON `binaries.harmless` keys. */
export type HarmlessReason =
  /** WebAssembly, Java class files: no CPU or libc in them. */
  | 'platform-neutral'
  /** IL-only AnyCPU .NET assemblies run on any .NET runtime. */
  | 'dotnet-portable'
  /** pip's and setuptools' Windows launcher templates (distlib t64.exe, setuptools cli-arm64.exe). */
  | 'windows-launcher'
  /** A platform-named directory (prebuilds/darwin-arm64, runtimes/win-x64, lib/binding/node-v115-darwin-arm64) beside one for the target. */
  | 'multi-platform-prebuilds'
  /** The same directory holds a build for the target; the loader picks by name. */
  | 'native-sibling'
  /** An npm platform package (@esbuild/darwin-arm64) installed beside the target's (@esbuild/linux-x64). */
  | 'npm-platform-sibling'
  /** A standalone npm package for other platforms only (fsevents): npm never installs it on the target, its users load it optionally. */
  | 'platform-restricted-package';

export interface ClassifiedBinary {
  path: string;
  sniffed: Sniffed;
  /** describeSniffed, e.g. `Mach-O arm64 bundle`. */
  what: string;
  assessment: Assessment;
  /** `node-abi-mismatch` for a Node addon built for another Node major; else the assessment's reason. */
  reason: string;
  role: BinaryRole;
  environment: Environment | null;
  /** For Python extension modules: the parsed suffix and whether the target's CPython tries it. */
  extension: { suffix: ExtensionSuffix; isVisible: boolean; python: string | null } | null;
  npmPackage: NpmPlatformPackage | null;
  harmless: HarmlessReason | null;
  severity: Severity;
  /** What the runtime prints when it tries, with the file's path; null when the headers cannot tell. */
  loaderError: string | null;
}

export interface BinaryScan {
  /** Files for another platform (format, arch, libc, Node ABI), harmless ones included; path order. */
  foreign: ClassifiedBinary[];
  /** ELF files needing a newer glibc than the image has. */
  glibcTooNew: ClassifiedBinary[];
  /** Harmless files by reason (platform-neutral formats included). */
  harmless: Map<HarmlessReason, number>;
  /** Identified files by format. */
  byFormat: Map<string, number>;
}

const PYTHON_PACKAGE_DIRS = new Set(['site-packages', 'dist-packages', 'lib-dynload', '__pypackages__']);
const BIN_DIRS = new Set(['bin', 'sbin', '.bin', 'Scripts']);
// Launcher templates: pip/_vendor/distlib/{t,w}{32,64,64-arm}.exe, setuptools/{cli,gui}{,-32,-64,-arm64}.exe.
const WINDOWS_LAUNCHER = /(?:^|\/)(?:distlib\/[tw](?:32|64|64-arm)|setuptools\/(?:cli|gui)(?:-32|-64|-arm64)?)\.exe$/;

// Words in directory names that select a platform (prebuildify, node-pre-gyp, .NET RIDs, bundles).
const FOREIGN_OS_WORDS = new Set([
  'win',
  'win32',
  'win64',
  'windows',
  'mac',
  'macos',
  'macosx',
  'darwin',
  'osx',
  'freebsd',
  'openbsd',
  'sunos',
  'aix',
  'android',
]);
const LINUX_WORDS = new Set(['linux', 'linuxmusl']);

function wordArch(word: string): string | null {
  if (word === 'x64' || word === 'amd64') return 'amd64';
  if (word === 'x86' || word === 'ia32') return '386';
  return archFromNodeArch(word) ?? archFromCpuName(word)?.arch ?? null;
}

interface PlatformWords {
  os: 'foreign' | 'linux' | null;
  archs: string[];
  libc: 'glibc' | 'musl' | null;
}

/** What a directory name says about a platform: `darwin-arm64`, `linux-musl-x64`, `napi-v6-linux-glibc-x64`, `win`, `x64`. */
function platformWords(name: string): PlatformWords {
  const words = name
    .toLowerCase()
    .replace(/x86[-_]64/g, 'x64')
    .split(/[-_.+]/);
  const os = words.some((w) => FOREIGN_OS_WORDS.has(w))
    ? 'foreign'
    : words.some((w) => LINUX_WORDS.has(w))
      ? 'linux'
      : null;
  const libc =
    words.includes('musl') || words.includes('linuxmusl')
      ? 'musl'
      : words.includes('glibc') || words.includes('gnu')
        ? 'glibc'
        : null;
  return { os, archs: words.map(wordArch).filter((a): a is string => a !== null), libc };
}

/** The name selects the target: Linux (or no OS) with its arch and libc, and says at least one of them. */
function dirFitsTarget(name: string, arch: string, libc: 'glibc' | 'musl'): boolean {
  const w = platformWords(name);
  if (w.os === 'foreign' || (w.libc !== null && w.libc !== libc)) return false;
  return w.archs.length > 0 ? w.archs.includes(arch) : w.os === 'linux';
}

function dirNamesForeignPlatform(name: string, arch: string, libc: 'glibc' | 'musl'): boolean {
  const w = platformWords(name);
  return (w.os !== null || w.archs.length > 0) && !dirFitsTarget(name, arch, libc);
}

function fill(template: string, path: string): string {
  return template.split(PATH_PLACEHOLDER).join(path);
}

interface Context {
  model: CheckModel;
  childDirs: Map<string, string[]>;
  /** Directories holding an identified file that loads on the target. */
  nativeDirs: Set<string>;
  /** Files below each `prebuilds/` directory. */
  prebuildFiles: Map<string, string[]>;
  packages: NpmPlatformPackage[];
  expectedAbi: number | null;
}

function role(
  path: string,
  s: Sniffed,
  mode: number,
  extension: ClassifiedBinary['extension'],
  env: Environment | null,
): BinaryRole {
  const name = baseName(path);
  if (extension !== null) return 'python-extension';
  if (name.endsWith('.node')) return 'node-addon';
  if (env?.kind === 'ruby-bundle' && (name.endsWith('.bundle') || name.endsWith('.so'))) return 'ruby-extension';
  if ((s.format === 'elf' && s.type === 'relocatable') || (s.format === 'macho' && s.fileType === 'object'))
    return 'object';
  // A shared library stays one whatever its mode: loaders map it, nobody executes it.
  const isLibrary =
    (s.format === 'elf' && s.type === 'shared-object') ||
    ((s.format === 'macho' || s.format === 'macho-universal') && (s.fileType === 'dylib' || s.fileType === 'bundle')) ||
    (s.format === 'pe' && s.isDll);
  if (isLibrary) return 'library';
  const isExecutable =
    (s.format === 'elf' && (s.type === 'executable' || s.type === 'pie-executable')) ||
    (s.format === 'macho' && s.fileType === 'execute') ||
    (s.format === 'macho-universal' && s.fileType === 'execute') ||
    (s.format === 'pe' && !s.isDll) ||
    s.format === 'dos';
  if (isExecutable || (mode & 0o111) !== 0 || BIN_DIRS.has(baseName(parentOf(path)))) return 'executable';
  return 'library';
}

/** Python extension modules: files CPython's importer would consider by name, wherever Python code lives. */
export function pythonExtensionOf(
  path: string,
  env: Environment | null,
  model: CheckModel,
): ClassifiedBinary['extension'] {
  if (!path.endsWith('.so') && !path.endsWith('.pyd')) return null;
  const name = baseName(path);
  const suffix = parseExtensionSuffix(name);
  if (suffix === null || suffix.implementation === 'pypy') return null;
  const inPython =
    path.split('/').some((s) => PYTHON_PACKAGE_DIRS.has(s)) ||
    (env !== null &&
      (env.kind === 'python-venv' || env.kind === 'conda-env' || env.kind === 'tox' || env.kind === 'nox'));
  if (!inPython && suffix.kind !== 'versioned' && !name.endsWith('.pyd')) return null;
  const python = model.target.pythonVersion ?? env?.python ?? null;
  return { suffix, isVisible: isSuffixVisible(suffix, model, python), python };
}

/** The dotted module name a file is imported as: relative to site-packages when below it, else its own name. */
export function pythonModuleName(path: string): string {
  const segments = path.split('/');
  let start = segments.length - 1;
  for (let i = segments.length - 2; i >= 0; i--) {
    if (PYTHON_PACKAGE_DIRS.has(segments[i]!)) {
      // PEP 582: __pypackages__/3.12/lib/<package>.
      start = segments[i] === '__pypackages__' ? Math.min(i + 3, segments.length - 1) : i + 1;
      break;
    }
  }
  const parts = segments.slice(start);
  const file = parts.pop()!;
  return [...parts, file.slice(0, file.indexOf('.') === -1 ? file.length : file.indexOf('.'))].join('.');
}

/**
 * Whether the target's CPython tries this file name: its importlib.machinery.EXTENSION_SUFFIXES
 * (binaries.md §5.3). With the Python version unknown, a versioned suffix counts when its
 * OS, arch and libc are the target's.
 */
export function isSuffixVisible(suffix: ExtensionSuffix, model: CheckModel, python: string | null): boolean {
  const { platform, libc } = model.target;
  if (suffix.os === 'windows') return false;
  if (suffix.kind !== 'versioned') return true;
  if (python !== null) {
    return (
      extensionSuffixesFor(python, platform, libc).includes(suffix.suffix) ||
      extensionSuffixesFor(python, platform, libc, { freeThreaded: true }).includes(suffix.suffix)
    );
  }
  if (suffix.os === null) return true;
  return suffix.os === 'linux' && suffix.arch === platform.arch && suffix.libc === libc;
}

function harmlessReason(ctx: Context, b: ClassifiedBinary): HarmlessReason | null {
  const { model } = ctx;
  const { arch } = model.target.platform;
  const libc = model.target.libc;
  if (b.sniffed.format === 'pe' && WINDOWS_LAUNCHER.test(b.path)) return 'windows-launcher';
  const pkg = b.npmPackage;
  if (pkg !== null && !pkg.matches) {
    if (pkg.targetSibling !== null) return 'npm-platform-sibling';
    if (pkg.family === null) return 'platform-restricted-package';
    return null;
  }
  // prebuildify: node-gyp-build picks prebuilds/<platform>-<arch>/ by platform, arch, libc and ABI tags.
  const prebuild = nodePrebuildPlatform(b.path);
  if (prebuild?.scheme === 'prebuildify') {
    const dir = b.path.slice(0, b.path.lastIndexOf('/prebuilds/') + '/prebuilds'.length);
    const fits = (p: string): boolean => {
      const q = nodePrebuildPlatform(p);
      if (q === null || !nodePrebuildMatches(q, model.target.platform, libc)) return false;
      return q.isNapi || q.abi === null || ctx.expectedAbi === null || q.abi === ctx.expectedAbi;
    };
    if (fits(b.path)) return null;
    return (ctx.prebuildFiles.get(dir) ?? []).some(fits) ? 'multi-platform-prebuilds' : null;
  }
  // Any directory on the way that names another platform, with a sibling that names the target's.
  const segments = b.path.split('/');
  for (let i = segments.length - 2; i >= 0; i--) {
    const name = segments[i]!;
    if (!dirNamesForeignPlatform(name, arch, libc)) continue;
    const parent = segments.slice(0, i).join('/');
    if ((ctx.childDirs.get(parent) ?? []).some((d) => d !== name && dirFitsTarget(d, arch, libc)))
      return 'multi-platform-prebuilds';
  }
  // A loader that picks by name never picks a file imported or required by its own name.
  const pickedByName =
    (b.role === 'python-extension' && b.extension?.isVisible === true) ||
    b.role === 'node-addon' ||
    b.role === 'ruby-extension';
  if (!pickedByName && ctx.nativeDirs.has(parentOf(b.path))) return 'native-sibling';
  return null;
}

function severityOf(b: ClassifiedBinary): Severity {
  if (b.role === 'python-extension' || b.role === 'node-addon' || b.role === 'ruby-extension') return 'error';
  if (b.role === 'object') return 'warning';
  if (b.npmPackage !== null) return 'error';
  if (isDependencyEnvironment(b.environment)) return 'error';
  if (b.role === 'executable' && BIN_DIRS.has(baseName(parentOf(b.path)))) return 'error';
  return 'warning';
}

function packageError(pkg: NpmPlatformPackage, model: CheckModel): string | null {
  const { platform, libc } = model.target;
  const cpu = nodeArchOf(platform.arch) ?? platform.arch;
  switch (pkg.family) {
    // esbuild lib/main.js; sharp lib/sharp.js; rollup native.js (real texts, first sentence).
    case '@esbuild/':
      return pkg.expected === null
        ? null
        : `You installed esbuild for another platform than the one you're currently using. … Specifically the "${pkg.name}" package is present but this platform needs the "${pkg.expected}" package instead.`;
    case '@img/sharp-':
    case '@img/sharp-libvips-':
      return `Could not load the "sharp" module using the ${libc === 'musl' ? 'linuxmusl' : 'linux'}-${cpu} runtime`;
    default:
      return pkg.expected === null ? null : `Error: Cannot find module '${pkg.expected}'`;
  }
}

function loaderErrorOf(ctx: Context, b: ClassifiedBinary): string | null {
  const { model } = ctx;
  const libc = model.target.libc;
  const p = b.path;
  if (b.reason === 'node-abi-mismatch' && b.sniffed.format === 'elf' && b.sniffed.nodeAddon?.kind === 'node-abi') {
    // nodejs/node src/node_binding.cc, the ABI check in DLOpen.
    return (
      `Error: The module '${p}' was compiled against a different Node.js version using NODE_MODULE_VERSION ${b.sniffed.nodeAddon.moduleVersion}. ` +
      `This version of Node.js requires NODE_MODULE_VERSION ${ctx.expectedAbi}.`
    );
  }
  if (b.npmPackage !== null && !b.npmPackage.matches) {
    const message = packageError(b.npmPackage, model);
    if (message !== null) return message;
  }
  const prebuild = nodePrebuildPlatform(p);
  if (prebuild?.scheme === 'prebuildify' && !nodePrebuildMatches(prebuild, model.target.platform, libc)) {
    // prebuild/node-gyp-build node-gyp-build.js: 'No native build was found for ' + target.
    return `Error: No native build was found for platform=linux arch=${nodeArchOf(model.target.platform.arch) ?? model.target.platform.arch} runtime=node abi=… uv=… libc=${libc} node=…`;
  }
  const errors = b.assessment.loaderErrors;
  const dl = errors[libc];
  switch (b.role) {
    case 'python-extension':
      // python/cpython Python/dynload_shlib.c passes dlerror() through as ImportError.
      return dl === undefined ? null : `ImportError: ${fill(dl, p)}`;
    case 'node-addon':
      // nodejs/node src/node_binding.cc: ERR_DLOPEN_FAILED with dlerror().
      return dl === undefined ? null : `Error: ${fill(dl, p)}`;
    case 'ruby-extension':
      // Linux Ruby requires `.so` extensions (RbConfig DLEXT); a macOS `.bundle` is never opened.
      return p.endsWith('.bundle') ? null : dl === undefined ? null : fill(dl, p);
    case 'executable':
      return errors.exec !== undefined ? fill(errors.exec, p) : dl === undefined ? null : fill(dl, p);
    default:
      return dl === undefined ? null : fill(dl, p);
  }
}

/** Format, arch and libc as data: `macho`/`arm64`, `elf`/`arm64`/`glibc`, `pe`/`amd64`. */
export function platformFacts(s: Sniffed): {
  format: string;
  arch: string | null;
  variant: string | null;
  libc: string | null;
} {
  switch (s.format) {
    case 'elf':
      return {
        format: 'elf',
        arch: s.arch ?? s.unsupported ?? s.machineName,
        variant: s.variant,
        libc: s.libc === 'glibc' || s.libc === 'musl' ? s.libc : null,
      };
    case 'macho':
      return { format: 'macho', arch: s.arch, variant: null, libc: null };
    case 'macho-universal':
      return { format: 'macho-universal', arch: s.slices.map((x) => x.arch).join('+'), variant: null, libc: null };
    case 'pe':
      return { format: 'pe', arch: s.arch ?? s.machineName, variant: null, libc: null };
    default:
      return { format: s.format, arch: null, variant: null, libc: null };
  }
}

const memo = new WeakMap<CheckModel, BinaryScan>();

/** Classifies every identified file against the target. Memoised per model. */
export function classifyBinaries(model: CheckModel): BinaryScan {
  const cached = memo.get(model);
  if (cached !== undefined) return cached;
  const scan = computeBinaryScan(model);
  memo.set(model, scan);
  return scan;
}

function computeBinaryScan(model: CheckModel): BinaryScan {
  const { target } = model;
  const opts = target.glibcVersion !== null ? { glibcVersion: target.glibcVersion } : {};
  const assessed = new Map<string, Assessment>();
  const ctx: Context = {
    model,
    childDirs: new Map(),
    nativeDirs: new Set(),
    prebuildFiles: new Map(),
    packages: findNpmPlatformPackages(model),
    expectedAbi: target.nodeMajor !== null ? abiForNodeMajor(target.nodeMajor) : null,
  };
  for (const e of model.entries) {
    if (e.type === 'dir') {
      const parent = parentOf(e.path);
      const list = ctx.childDirs.get(parent) ?? [];
      list.push(baseName(e.path));
      ctx.childDirs.set(parent, list);
    } else if (e.type === 'file') {
      const at = e.path.lastIndexOf('/prebuilds/');
      if (at !== -1) {
        const dir = e.path.slice(0, at + '/prebuilds'.length);
        const list = ctx.prebuildFiles.get(dir) ?? [];
        list.push(e.path);
        ctx.prebuildFiles.set(dir, list);
      }
    }
  }
  const byFormat = new Map<string, number>();
  const harmless = new Map<HarmlessReason, number>();
  const count = (reason: HarmlessReason): void => void harmless.set(reason, (harmless.get(reason) ?? 0) + 1);
  for (const [path, s] of model.sniffed) {
    byFormat.set(s.format, (byFormat.get(s.format) ?? 0) + 1);
    const a = assessBinary(s, target.platform, target.libc, opts);
    assessed.set(path, a);
    if (a.verdict === 'ok' && s.format === 'elf') ctx.nativeDirs.add(parentOf(path));
  }
  const envScan = scanEnvironments(model);
  const foreign: ClassifiedBinary[] = [];
  const glibcTooNew: ClassifiedBinary[] = [];
  for (const [path, s] of model.sniffed) {
    const a = assessed.get(path)!;
    if (a.reason === 'platform-neutral' && s.format !== 'pyc') {
      count('platform-neutral');
      continue;
    }
    if (a.reason === 'dotnet-portable') {
      count('dotnet-portable');
      continue;
    }
    const isAbiMismatch =
      a.verdict === 'ok' &&
      s.format === 'elf' &&
      s.nodeAddon?.kind === 'node-abi' &&
      ctx.expectedAbi !== null &&
      s.nodeAddon.moduleVersion !== ctx.expectedAbi;
    const isForeign = a.verdict === 'foreign' || a.verdict === 'libc-mismatch' || isAbiMismatch;
    if (!isForeign && a.verdict !== 'glibc-too-new') continue;
    const environment = environmentOf(envScan, path);
    const extension = pythonExtensionOf(path, environment, model);
    const b: ClassifiedBinary = {
      path,
      sniffed: s,
      what: describeSniffed(s),
      assessment: a,
      reason: isAbiMismatch ? 'node-abi-mismatch' : a.reason,
      role: role(path, s, model.entryByPath.get(path)?.mode ?? 0, extension, environment),
      environment,
      extension,
      npmPackage: npmPackageOf(ctx.packages, path),
      harmless: null,
      severity: 'error',
      loaderError: null,
    };
    b.harmless = harmlessReason(ctx, b);
    b.severity = severityOf(b);
    b.loaderError = loaderErrorOf(ctx, b);
    if (a.verdict === 'glibc-too-new') {
      glibcTooNew.push(b);
      continue;
    }
    foreign.push(b);
    if (b.harmless !== null) count(b.harmless);
  }
  return { foreign, glibcTooNew, harmless, byFormat };
}

function sortedRecord<K extends string>(map: ReadonlyMap<K, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of [...map.keys()].sort()) out[key] = map.get(key)!;
  return out;
}

/** The report's `binaries` section. */
export function summarizeBinaries(model: CheckModel, sniffing: BinariesSummary['sniffing']): BinariesSummary {
  const scan = classifyBinaries(model);
  let harmless = 0;
  for (const n of scan.harmless.values()) harmless += n;
  const neutral = (scan.harmless.get('platform-neutral') ?? 0) + (scan.harmless.get('dotnet-portable') ?? 0);
  return {
    sniffing,
    sniffed: model.sniffed.size,
    byFormat: sortedRecord(scan.byFormat),
    foreign: scan.foreign.length + neutral,
    harmlessForeign: harmless,
    harmless: sortedRecord(scan.harmless),
  };
}
