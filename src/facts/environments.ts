// Host environments anywhere in the context: Python venvs, conda envs, node_modules trees, Ruby
// vendor/bundle, Rust target/, __pycache__, .tox/.nox — each with its files, bytes and the
// evidence of the machine that made it — plus macOS litter. Detected by content where content
// exists (pyvenv.cfg, conda-meta/, CACHEDIR.TAG), by name where the name is the convention.
// Computed once per model and shared by the checks.
import { archFromCpuName, archFromNodeArch, type Libc } from '../sniff/platform.js';
import {
  parsePyvenvCfg,
  parseWheelFile,
  parseWheelPlatformTag,
  wheelPlatformMatches,
} from '../sniff/python-metadata.js';
import type { ContextEntry } from '../types.js';
import type { CheckModel } from './check-model.js';
import type { Want } from './define-check.js';
import { classifyHostPath } from './host-path.js';
import { findNpmPlatformPackages, isPackageManifest, MAX_PACKAGE_MANIFEST_BYTES } from './npm-packages.js';
import { baseName, joinPath, parentOf } from '../paths.js';

export type EnvironmentKind =
  | 'python-venv'
  | 'conda-env'
  | 'node-modules'
  | 'ruby-bundle'
  | 'rust-target'
  | 'tox'
  | 'nox'
  | 'pycache';

export type HostOs = 'macos' | 'windows' | 'linux';

export type EvidenceKind =
  | 'pyvenv-home'
  | 'windows-layout'
  | 'python-version'
  | 'wheel-tag'
  | 'conda-subdir'
  | 'conda-command'
  | 'npm-platform-package'
  | 'rustc-host'
  | 'gem-platform'
  | 'bytecode-version';

/** One fact about the machine an environment was made on. */
export interface HostEvidence {
  kind: EvidenceKind;
  /** The file or directory that shows it. */
  path: string;
  value: string;
  os: HostOs | null;
  /** Docker arch name, when the fact names a CPU. */
  arch: string | null;
  libc: Libc | null;
  /** The fact alone means the environment cannot work on the target. */
  breaks: boolean;
}

export interface Environment {
  kind: EnvironmentKind;
  /** The root directory. */
  path: string;
  /** Non-directory entries sent at or below the root. */
  files: number;
  /** Their paths, in walk order. */
  paths: string[];
  bytes: number;
  /** Roots of environments found inside this one (a .tox's venvs, a conda env's node_modules). */
  nested: string[];
  /** CPython minor version (`3.12`) of a Python environment, when it says. */
  python: string | null;
  /** What made a venv: `venv`, `virtualenv`, `uv`. */
  creator: string | null;
  hostOs: HostOs | null;
  hostArch: string | null;
  hostLibc: Libc | null;
  /** Sorted by kind, then path. */
  evidence: HostEvidence[];
}

export interface MacosLitter {
  /** `.DS_Store` files. */
  dsStore: string[];
  /** AppleDouble `._*` files. */
  appleDouble: string[];
  /** `__MACOSX` directories (Finder's zip residue). */
  macosxDirs: string[];
  /** Every non-directory entry of the litter, including those below `__MACOSX`. */
  paths: string[];
  bytes: number;
}

export interface EnvironmentScan {
  /** Outermost environments, sorted by path. */
  environments: Environment[];
  litter: MacosLitter;
}

/** Environment kinds that hold installed dependencies or build output (all but `pycache`). */
const DEPENDENCY_KINDS = new Set<EnvironmentKind>([
  'python-venv',
  'conda-env',
  'node-modules',
  'ruby-bundle',
  'rust-target',
  'tox',
  'nox',
]);

// CACHEDIR.TAG's required first bytes (https://bford.info/cachedir/); cargo writes it in target/.
const CACHEDIR_SIGNATURE = 'Signature: 8a477f597d28d172789f06886806bc55';

/**
 * The small files environment detection reads: pyvenv.cfg, conda-meta/history, wheel WHEEL
 * files, package manifests in node_modules, Bundler and cargo markers. Checks that use
 * `scanEnvironments` return this from their `wants`.
 */
export function environmentWants(entry: ContextEntry, name = baseName(entry.path)): Want | null {
  if (entry.type !== 'file') return null;
  switch (name) {
    case 'pyvenv.cfg':
    case '.rustc_info.json':
    case 'CACHEDIR.TAG':
      return 'text';
    case 'history':
      return parentName(entry.path) === 'conda-meta' ? 'text' : null;
    case 'WHEEL':
      return parentName(entry.path).endsWith('.dist-info') ? 'text' : null;
    case 'config':
      return parentName(entry.path) === '.bundle' ? 'text' : null;
    case 'package.json':
      return entry.size <= MAX_PACKAGE_MANIFEST_BYTES && isPackageManifest(entry.path) ? 'text' : null;
    default:
      return null;
  }
}

/** The name of the directory holding `path` ('' at the context root). */
function parentName(path: string): string {
  return baseName(parentOf(path));
}

// ---------------------------------------------------------------------------------------------
// Platform vocabularies of the ecosystems → OS, Docker arch, libc.

interface PlatformFacts {
  os: HostOs | null;
  arch: string | null;
  libc: Libc | null;
}

// conda subdirs (conda/conda `conda/base/constants.py` KNOWN_SUBDIRS); linux conda packages need glibc.
const CONDA_SUBDIRS: Record<string, PlatformFacts> = {
  'osx-64': { os: 'macos', arch: 'amd64', libc: null },
  'osx-arm64': { os: 'macos', arch: 'arm64', libc: null },
  'win-64': { os: 'windows', arch: 'amd64', libc: null },
  'win-32': { os: 'windows', arch: '386', libc: null },
  'win-arm64': { os: 'windows', arch: 'arm64', libc: null },
  'linux-64': { os: 'linux', arch: 'amd64', libc: 'glibc' },
  'linux-32': { os: 'linux', arch: '386', libc: 'glibc' },
  'linux-aarch64': { os: 'linux', arch: 'arm64', libc: 'glibc' },
  'linux-armv7l': { os: 'linux', arch: 'arm', libc: 'glibc' },
  'linux-ppc64le': { os: 'linux', arch: 'ppc64le', libc: 'glibc' },
  'linux-s390x': { os: 'linux', arch: 's390x', libc: 'glibc' },
};

/** A Rust target triple (`aarch64-apple-darwin`, `x86_64-unknown-linux-musl`). */
export function parseRustTriple(triple: string): PlatformFacts {
  const cpu = triple.split('-')[0] ?? '';
  const arch = archFromCpuName(cpu)?.arch ?? (cpu.startsWith('armv7') ? 'arm' : null);
  if (/-apple-darwin$/.test(triple)) return { os: 'macos', arch, libc: null };
  if (/-windows-/.test(triple)) return { os: 'windows', arch, libc: null };
  const linux = /-linux-(gnu|musl)/.exec(triple);
  if (linux) return { os: 'linux', arch, libc: linux[1] === 'musl' ? 'musl' : 'glibc' };
  return { os: null, arch, libc: null };
}

// Gem::Platform strings: `arm64-darwin-23`, `x86_64-linux`, `x86_64-linux-musl`, `x64-mingw-ucrt`.
const GEM_PLATFORM =
  /^(x86_64|x64|x86|i[3-6]86|arm64|aarch64|arm|armv7l?|universal)-(darwin|linux|mingw|mswin)(?:[-_\d](.*))?$/;
const GEM_CPU: Record<string, string> = {
  x86_64: 'amd64',
  x64: 'amd64',
  x86: '386',
  i386: '386',
  i486: '386',
  i586: '386',
  i686: '386',
  arm64: 'arm64',
  aarch64: 'arm64',
  arm: 'arm',
  armv7: 'arm',
  armv7l: 'arm',
};

export function parseGemPlatform(platform: string): PlatformFacts | null {
  const m = GEM_PLATFORM.exec(platform);
  if (!m) return null;
  const arch = GEM_CPU[m[1]!] ?? null;
  if (m[2] === 'darwin') return { os: 'macos', arch, libc: null };
  if (m[2] === 'mingw' || m[2] === 'mswin') return { os: 'windows', arch, libc: null };
  return { os: 'linux', arch, libc: (m[3] ?? '').includes('musl') ? 'musl' : 'glibc' };
}

// A platform gem's directory: `nokogiri-1.16.0-arm64-darwin`.
const GEM_DIR_PLATFORM = /-((?:x86_64|x64|x86|arm64|aarch64|arm|universal)-(?:darwin|linux|mingw|mswin)[\w.-]*)$/;

const NPM_OS: Record<string, HostOs> = { darwin: 'macos', win32: 'windows', linux: 'linux' };

// ---------------------------------------------------------------------------------------------

interface Root {
  kind: EnvironmentKind;
  path: string;
}

function findRoots(model: CheckModel): Root[] {
  const roots = new Map<string, EnvironmentKind>();
  const add = (path: string, kind: EnvironmentKind): void => {
    // The context itself cannot be left out by an ignore line, so it is never an environment.
    if (path !== '' && !roots.has(path)) roots.set(path, kind);
  };
  // model.entryByPath is looked up only for the few names that need it: without a Dockerfile it
  // is made on the first lookup.
  const { texts } = model;
  for (const e of model.entries) {
    const name = baseName(e.path);
    if (e.type === 'file') {
      if (name !== 'pyvenv.cfg' && name !== 'CACHEDIR.TAG' && name !== 'config') continue;
      const parent = parentOf(e.path);
      if (name === 'pyvenv.cfg') add(parent, 'python-venv');
      else if (name === 'CACHEDIR.TAG') {
        const text = texts.get(e.path);
        const isCargo =
          model.entryByPath.has(joinPath(parent, '.rustc_info.json')) ||
          (text?.startsWith(CACHEDIR_SIGNATURE) === true &&
            (model.entryByPath.get(joinPath(parent, 'debug'))?.type === 'dir' ||
              model.entryByPath.get(joinPath(parent, 'release'))?.type === 'dir'));
        if (isCargo) add(parent, 'rust-target');
      } else if (name === 'config' && baseName(parent) === '.bundle') {
        // BUNDLE_PATH is relative to the directory holding .bundle/ (bundler's settings).
        const m = /^BUNDLE_PATH:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(texts.get(e.path) ?? '');
        const target = m?.[1];
        if (target !== undefined && !target.startsWith('/')) {
          const dir = joinPath(parentOf(parent), target.replace(/^\.\//, '').replace(/\/+$/, ''));
          if (model.entryByPath.get(dir)?.type === 'dir') add(dir, 'ruby-bundle');
        }
      }
      continue;
    }
    if (e.type !== 'dir') continue;
    if (name === 'conda-meta') add(parentOf(e.path), 'conda-env');
    else if (name === 'node_modules') add(e.path, 'node-modules');
    else if (name === '.tox') add(e.path, 'tox');
    else if (name === '.nox') add(e.path, 'nox');
    else if (name === '__pycache__') add(e.path, 'pycache');
    else if (name === 'bundle' && parentName(e.path) === 'vendor') add(e.path, 'ruby-bundle');
  }
  return [...roots]
    .map(([path, kind]) => ({ path, kind }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Finds the outermost root at or above a path, remembering the answer for every directory on the
 * way, so a walk over all entries costs one map lookup per entry. `roots` must not change after.
 */
function createLocator<T>(roots: ReadonlyMap<string, T>): (path: string) => T | null {
  if (roots.size === 0) return () => null;
  const byDir = new Map<string, T | null>([['', roots.get('') ?? null]]);
  const ofDir = (dir: string): T | null => {
    const known = byDir.get(dir);
    if (known !== undefined) return known;
    const found = ofDir(parentOf(dir)) ?? roots.get(dir) ?? null;
    byDir.set(dir, found);
    return found;
  };
  return (path) => ofDir(parentOf(path)) ?? roots.get(path) ?? null;
}

/** The outermost root at or above `path` in `byRoot` (for maps still being built). */
function outermost<T>(byRoot: ReadonlyMap<string, T>, path: string): T | null {
  let at = path.indexOf('/');
  while (at !== -1) {
    const hit = byRoot.get(path.slice(0, at));
    if (hit !== undefined) return hit;
    at = path.indexOf('/', at + 1);
  }
  return byRoot.get(path) ?? null;
}

function emptyEnvironment(root: Root): Environment {
  return {
    kind: root.kind,
    path: root.path,
    files: 0,
    paths: [],
    bytes: 0,
    nested: [],
    python: null,
    creator: null,
    hostOs: null,
    hostArch: null,
    hostLibc: null,
    evidence: [],
  };
}

const EVIDENCE_ORDER: Record<EvidenceKind, number> = {
  'pyvenv-home': 0,
  'windows-layout': 1,
  'conda-subdir': 2,
  'conda-command': 3,
  'rustc-host': 4,
  'gem-platform': 5,
  'npm-platform-package': 6,
  'wheel-tag': 7,
  'python-version': 8,
  'bytecode-version': 9,
};

const memo = new WeakMap<CheckModel, EnvironmentScan>();

/** Every environment and all macOS litter in the context. Memoised per model. */
export function scanEnvironments(model: CheckModel): EnvironmentScan {
  const cached = memo.get(model);
  if (cached !== undefined) return cached;
  const scan = computeScan(model);
  memo.set(model, scan);
  return scan;
}

/** The environment a path belongs to (at or below its root), or null. */
export function environmentOf(scan: EnvironmentScan, path: string): Environment | null {
  let locate = locators.get(scan);
  if (locate === undefined) {
    locate = createLocator(new Map(scan.environments.map((e) => [e.path, e])));
    locators.set(scan, locate);
  }
  return locate(path);
}

const locators = new WeakMap<EnvironmentScan, (path: string) => Environment | null>();

export function isDependencyEnvironment(env: Environment | null): boolean {
  return env !== null && DEPENDENCY_KINDS.has(env.kind);
}

function computeScan(model: CheckModel): EnvironmentScan {
  const target = model.target;
  const breaks = (f: PlatformFacts): boolean =>
    (f.os !== null && f.os !== 'linux') ||
    (f.arch !== null && f.arch !== target.platform.arch) ||
    (f.libc !== null && f.libc !== target.libc);

  // Outermost environments absorb everything inside them (roots are sorted, so an outer root is
  // placed before its inner ones); __pycache__ directories count only outside them.
  const top = new Map<string, Environment>();
  for (const root of findRoots(model)) {
    const outer = outermost(top, root.path);
    if (outer === null) top.set(root.path, emptyEnvironment(root));
    else if (root.kind !== 'pycache') outer.nested.push(root.path);
  }

  const environmentAt = createLocator(top);
  const litter: MacosLitter = { dsStore: [], appleDouble: [], macosxDirs: [], paths: [], bytes: 0 };
  const macosxAll = new Map<string, true>(
    model.entries.filter((e) => e.type === 'dir' && baseName(e.path) === '__MACOSX').map((e) => [e.path, true]),
  );
  const macosxAt = createLocator(macosxAll);
  litter.macosxDirs = [...macosxAll.keys()].filter((dir) => macosxAt(parentOf(dir)) === null);
  const pythonDirs = new Map<Environment, Set<string>>();
  for (const e of model.entries) {
    const name = baseName(e.path);
    const env = environmentAt(e.path);
    if (e.type === 'dir') {
      if (env !== null) {
        // lib/python3.12/ (POSIX venvs and conda envs).
        const m = /^python(\d+\.\d+)$/.exec(name);
        if (m && baseName(parentOf(e.path)) === 'lib') {
          const set = pythonDirs.get(env) ?? new Set<string>();
          set.add(m[1]!);
          pythonDirs.set(env, set);
        }
      }
    } else {
      if (env !== null) {
        env.files++;
        env.paths.push(e.path);
        env.bytes += e.size;
      }
      // .DS_Store ("Bud1") and AppleDouble (00 05 16 07) files carry a magic number; when the
      // file was read, the bytes decide, otherwise the name does.
      const sniffed = e.type === 'file' ? model.sniffed.get(e.path) : undefined;
      const isDsStore =
        e.type === 'file' && name === '.DS_Store' && (sniffed === undefined || sniffed.format === 'ds-store');
      const isAppleDouble =
        e.type === 'file' && name.startsWith('._') && (sniffed === undefined || sniffed.format === 'appledouble');
      if (isDsStore) litter.dsStore.push(e.path);
      if (isAppleDouble) litter.appleDouble.push(e.path);
      if (isDsStore || isAppleDouble || macosxAt(e.path) !== null) {
        litter.paths.push(e.path);
        litter.bytes += e.size;
      }
    }
  }

  const environments = [...top.values()];
  const npmPackages = findNpmPlatformPackages(model);
  const wheelTags = new Map<
    Environment,
    Map<string, { count: number; path: string; facts: PlatformFacts; breaks: boolean }>
  >();
  const bytecode = new Map<Environment, Map<string, { count: number; path: string }>>();

  for (const [path, text] of model.texts) {
    const env = environmentAt(path);
    if (env === null) continue;
    const name = baseName(path);
    if (name === 'pyvenv.cfg') {
      const cfg = parsePyvenvCfg(text);
      if (parentOf(path) === env.path) {
        env.python = cfg.pythonMinor;
        env.creator = cfg.creator === 'unknown' ? null : cfg.creator;
      }
      const home = cfg.home ?? cfg.executable;
      if (home !== null) {
        const hostKind = classifyHostPath(home, model.root);
        const os: HostOs | null = cfg.hostOs ?? null;
        env.evidence.push({
          kind: 'pyvenv-home',
          path,
          value: `home = ${home}`,
          os,
          arch: null,
          libc: null,
          breaks: os !== null || hostKind !== null,
        });
      }
    } else if (name === 'history') {
      for (const line of text.split('\n')) {
        const sub = /^\+[^\s:]*?\/([a-z0-9-]+)::/.exec(line);
        if (sub && sub[1] !== 'noarch' && Object.hasOwn(CONDA_SUBDIRS, sub[1]!)) {
          const facts = CONDA_SUBDIRS[sub[1]!]!;
          if (!env.evidence.some((x) => x.kind === 'conda-subdir' && x.value === sub[1])) {
            env.evidence.push({ kind: 'conda-subdir', path, value: sub[1]!, ...facts, breaks: breaks(facts) });
          }
        }
        const cmd = /^# cmd: (\S+)/.exec(line);
        if (cmd && !env.evidence.some((x) => x.kind === 'conda-command')) {
          const kind = classifyHostPath(cmd[1]!, model.root);
          if (kind !== null) {
            env.evidence.push({
              kind: 'conda-command',
              path,
              value: cmd[1]!,
              os: kind === 'macos' || kind === 'windows' ? kind : null,
              arch: null,
              libc: null,
              breaks: false,
            });
          }
        }
      }
    } else if (name === '.rustc_info.json') {
      const m = /host: ([A-Za-z0-9_.-]+)/.exec(text);
      if (m) {
        const facts = parseRustTriple(m[1]!);
        env.evidence.push({ kind: 'rustc-host', path, value: m[1]!, ...facts, breaks: breaks(facts) });
      }
    } else if (name === 'WHEEL') {
      const wheel = parseWheelFile(text);
      const platforms = wheel.tags.map((t) => parseWheelPlatformTag(t.platform));
      if (platforms.length === 0 || platforms.some((p) => p.kind === 'any')) continue;
      const libcVersion = target.libc === 'glibc' ? (target.glibcVersion ?? undefined) : undefined;
      const fits = platforms.some((p) => wheelPlatformMatches(p, target.platform, target.libc, libcVersion));
      // One line per platform tag: the first tag of the wheel names it.
      const first = platforms[0]!;
      const facts: PlatformFacts = { os: first.os, arch: first.arch, libc: first.libc };
      const perEnv = wheelTags.get(env) ?? new Map();
      const seen = perEnv.get(first.tag) ?? { count: 0, path, facts, breaks: !fits };
      seen.count++;
      perEnv.set(first.tag, seen);
      wheelTags.set(env, perEnv);
    }
  }

  for (const e of model.entries) {
    const env = environmentAt(e.path);
    if (env === null) continue;
    const name = baseName(e.path);
    if (env.kind === 'ruby-bundle' && e.type === 'dir') {
      const segments = e.path.slice(env.path.length + 1).split('/');
      // ruby/<abi>/extensions/<platform>/ and ruby/<abi>/gems/<name>-<version>-<platform>/ (rubygems basic_specification.rb).
      let platform: string | null = null;
      if (segments.length === 4 && segments[0] === 'ruby' && segments[2] === 'extensions') platform = segments[3]!;
      else if (segments.length === 4 && segments[0] === 'ruby' && segments[2] === 'gems')
        platform = GEM_DIR_PLATFORM.exec(segments[3]!)?.[1] ?? null;
      const facts = platform === null ? null : parseGemPlatform(platform);
      if (facts !== null && !env.evidence.some((x) => x.kind === 'gem-platform' && x.value === platform)) {
        env.evidence.push({ kind: 'gem-platform', path: e.path, value: platform!, ...facts, breaks: breaks(facts) });
      }
    }
    if (
      env.kind === 'python-venv' &&
      e.type === 'dir' &&
      e.path === joinPath(env.path, 'Scripts') &&
      model.entryByPath.has(joinPath(env.path, 'Lib'))
    ) {
      env.evidence.push({
        kind: 'windows-layout',
        path: e.path,
        value: 'Scripts/ and Lib/ (a Windows venv)',
        os: 'windows',
        arch: null,
        libc: null,
        breaks: true,
      });
    }
    if (env.kind === 'pycache' && e.type === 'file') {
      const m = /\.cpython-(\d)(\d+)(?:\.opt-\d+)?\.pyc$/.exec(name);
      if (m) {
        const version = `${m[1]}.${m[2]}`;
        const perEnv = bytecode.get(env) ?? new Map();
        const seen = perEnv.get(version) ?? { count: 0, path: e.path };
        seen.count++;
        perEnv.set(version, seen);
        bytecode.set(env, perEnv);
      }
    }
  }

  for (const p of npmPackages) {
    if (p.matches) continue;
    const env = environmentAt(p.dir);
    if (env === null) continue;
    const facts: PlatformFacts = {
      os: p.os?.length === 1 ? (NPM_OS[p.os[0]!] ?? null) : null,
      arch: p.cpu?.length === 1 ? archFromNodeArch(p.cpu[0]!) : null,
      libc: p.libc?.length === 1 && (p.libc[0] === 'glibc' || p.libc[0] === 'musl') ? p.libc[0] : null,
    };
    const fields = [
      p.os && `os ${p.os.join(',')}`,
      p.cpu && `cpu ${p.cpu.join(',')}`,
      p.libc && `libc ${p.libc.join(',')}`,
    ]
      .filter(Boolean)
      .join(', ');
    env.evidence.push({
      kind: 'npm-platform-package',
      path: p.dir,
      value: `${p.name} (${fields})`,
      ...facts,
      breaks: p.family !== null && p.targetSibling === null,
    });
  }

  for (const env of environments) {
    for (const [tag, seen] of wheelTags.get(env) ?? []) {
      if (!seen.breaks) continue;
      const value = `${tag} (${seen.count} wheel${seen.count === 1 ? '' : 's'})`;
      env.evidence.push({ kind: 'wheel-tag', path: seen.path, value, ...seen.facts, breaks: seen.breaks });
    }
    for (const [version, seen] of bytecode.get(env) ?? []) {
      env.evidence.push({
        kind: 'bytecode-version',
        path: seen.path,
        value: `CPython ${version} (${seen.count} file${seen.count === 1 ? '' : 's'})`,
        os: null,
        arch: null,
        libc: null,
        breaks: false,
      });
    }
    if (env.python === null) {
      const versions = [...(pythonDirs.get(env) ?? [])].sort();
      if (versions.length === 1) env.python = versions[0]!;
    }
    if (env.python !== null && (env.kind === 'python-venv' || env.kind === 'conda-env')) {
      const mismatch = target.pythonVersion !== null && target.pythonVersion !== env.python;
      env.evidence.push({
        kind: 'python-version',
        path: env.path,
        value: mismatch ? `CPython ${env.python}, the image has ${target.pythonVersion}` : `CPython ${env.python}`,
        os: null,
        arch: null,
        libc: null,
        breaks: mismatch,
      });
    }
    env.evidence.sort(
      (a, b) =>
        EVIDENCE_ORDER[a.kind] - EVIDENCE_ORDER[b.kind] ||
        (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
        (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
    );
    const host = env.evidence.find((x) => x.os !== null);
    if (host !== undefined) {
      env.hostOs = host.os;
      env.hostArch = host.arch ?? env.evidence.find((x) => x.os === host.os && x.arch !== null)?.arch ?? null;
      env.hostLibc = host.libc ?? env.evidence.find((x) => x.os === host.os && x.libc !== null)?.libc ?? null;
    }
    env.nested.sort();
  }
  return { environments, litter };
}

/** Human names of the kinds, for messages. */
export const ENVIRONMENT_NAMES = {
  'python-venv': 'Python virtual environment',
  'conda-env': 'conda environment',
  'node-modules': 'node_modules tree',
  'ruby-bundle': 'Bundler vendor/bundle',
  'rust-target': 'Rust target/ directory',
  tox: 'tox environments',
  nox: 'nox sessions',
  pycache: '__pycache__ directory',
} satisfies Record<EnvironmentKind, string>;
