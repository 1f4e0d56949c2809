// Python packaging metadata: pyvenv.cfg, wheel WHEEL files and platform tags, extension-module
// file names. Pure text parsers; inputs are bounded by MAX_METADATA_CHARS.
import { archFromCpuName, compareVersions, linuxArch, type Libc, type TargetPlatform } from './platform.js';

/** Text looked at at most; real pyvenv.cfg and WHEEL files are a few hundred bytes. */
export const MAX_METADATA_CHARS = 64 * 1024;
/** Wheel tags expanded at most. */
const MAX_WHEEL_TAGS = 1024;

// ---------------------------------------------------------------------------------------------
// pyvenv.cfg (PEP 405). CPython's site.py reads every line containing "=", splits at the first
// "=", strips both sides and lowercases the key; there are no sections or comments.

export type VenvCreator = 'venv' | 'virtualenv' | 'uv' | 'unknown';

export interface PyvenvCfg {
  /** Directory of the base interpreter (`home`). */
  home: string | null;
  /** Full version as written: stdlib `version`, virtualenv/uv `version_info` (`3.11.2.final.0` → `3.11.2`). */
  version: string | null;
  /** `3.11`. */
  pythonMinor: string | null;
  /** `executable` (3.11+ stdlib) or `base-executable` (virtualenv). */
  executable: string | null;
  /** The command that created it (3.11+ stdlib). */
  command: string | null;
  /** `implementation` (virtualenv, uv): `CPython`, `PyPy`. */
  implementation: string | null;
  includeSystemSitePackages: boolean | null;
  prompt: string | null;
  creator: VenvCreator;
  /** Version of virtualenv or uv when it wrote its own key. */
  creatorVersion: string | null;
  /**
   * The OS the base interpreter path belongs to when it says so: Windows drive paths,
   * macOS-only locations (/opt/homebrew, /Library/Frameworks, /Users/, /usr/local/Cellar).
   */
  hostOs: 'windows' | 'macos' | null;
  /** Every key → value, keys lowercased, sorted by key. */
  entries: Record<string, string>;
}

const MACOS_PATH = /^(?:\/opt\/homebrew\/|\/Library\/Frameworks\/|\/Users\/|\/usr\/local\/Cellar\/|\/Applications\/)/;
const WINDOWS_PATH = /^(?:[A-Za-z]:[\\/]|\\\\)/;

export function parsePyvenvCfg(text: string): PyvenvCfg {
  const entries: Record<string, string> = {};
  for (const line of text.slice(0, MAX_METADATA_CHARS).split(/\r?\n|\r/)) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    entries[key] = line.slice(eq + 1).trim();
  }
  const get = (key: string): string | null => (Object.hasOwn(entries, key) ? entries[key]! : null);
  const rawVersion = get('version') ?? get('version_info');
  const version = rawVersion === null ? null : (/^\d+(?:\.\d+){0,2}/.exec(rawVersion)?.[0] ?? rawVersion);
  const minor = version === null ? null : (/^(\d+\.\d+)/.exec(version)?.[1] ?? null);
  const includeSystem = get('include-system-site-packages');
  let creator: VenvCreator = 'unknown';
  let creatorVersion: string | null = null;
  if (get('uv') !== null) {
    creator = 'uv';
    creatorVersion = get('uv');
  } else if (get('virtualenv') !== null) {
    creator = 'virtualenv';
    creatorVersion = get('virtualenv');
  } else if (get('home') !== null && get('version') !== null) {
    // The stdlib writer (Lib/venv/__init__.py) uses `version`; the others use `version_info`.
    creator = 'venv';
  }
  const executable = get('executable') ?? get('base-executable');
  const paths = [get('home'), executable, get('base-prefix')].filter((p): p is string => p !== null);
  const hostOs = paths.some((p) => WINDOWS_PATH.test(p))
    ? 'windows'
    : paths.some((p) => MACOS_PATH.test(p))
      ? 'macos'
      : null;
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(entries).sort()) sorted[key] = entries[key]!;
  return {
    home: get('home'),
    version,
    pythonMinor: minor,
    executable,
    command: get('command'),
    implementation: get('implementation'),
    includeSystemSitePackages: includeSystem === null ? null : includeSystem.toLowerCase() === 'true',
    prompt: get('prompt'),
    creator,
    creatorVersion,
    hostOs,
    entries: sorted,
  };
}

// ---------------------------------------------------------------------------------------------
// *.dist-info/WHEEL (PEP 427): RFC 822 style headers, one `Tag:` per line.

export interface WheelTag {
  python: string;
  abi: string;
  platform: string;
}

export interface WheelFile {
  wheelVersion: string | null;
  generator: string | null;
  rootIsPurelib: boolean | null;
  build: string | null;
  /** Tags in file order, compressed tag sets (`py2.py3`) expanded. */
  tags: WheelTag[];
}

export function parseWheelFile(text: string): WheelFile {
  const result: WheelFile = { wheelVersion: null, generator: null, rootIsPurelib: null, build: null, tags: [] };
  for (const line of text.slice(0, MAX_METADATA_CHARS).split(/\r?\n|\r/)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || /^\s/.test(line)) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'wheel-version') result.wheelVersion = value;
    else if (key === 'generator') result.generator = value;
    else if (key === 'root-is-purelib') result.rootIsPurelib = value.toLowerCase() === 'true';
    else if (key === 'build') result.build = value;
    else if (key === 'tag') {
      for (const tag of expandWheelTag(value)) {
        if (result.tags.length < MAX_WHEEL_TAGS) result.tags.push(tag);
      }
    }
  }
  return result;
}

/** `py2.py3-none-any` → two tags. Tags that do not have three parts are skipped. */
export function expandWheelTag(tag: string): WheelTag[] {
  const parts = tag.split('-');
  if (parts.length !== 3 || parts.some((p) => p === '')) return [];
  const [pythons, abis, platforms] = parts.map((p) => p.split('.')) as [string[], string[], string[]];
  const out: WheelTag[] = [];
  for (const python of pythons) {
    for (const abi of abis) {
      for (const platform of platforms) {
        if (out.length < MAX_WHEEL_TAGS) out.push({ python, abi, platform });
      }
    }
  }
  return out;
}

// Platform tags: packaging.python.org "Platform compatibility tags", PEP 600 (manylinux_X_Y),
// PEP 599/571/513 (legacy aliases), PEP 656 (musllinux).

export type WheelPlatformKind = 'any' | 'manylinux' | 'musllinux' | 'linux' | 'macos' | 'windows' | 'other';

export interface WheelPlatform {
  tag: string;
  kind: WheelPlatformKind;
  os: 'linux' | 'macos' | 'windows' | null;
  /** The CPU as the tag spells it (`x86_64`, `universal2`, `amd64`). */
  cpu: string | null;
  /** Docker arch, when the CPU maps to one arch. */
  arch: string | null;
  variant: string | null;
  libc: Libc | null;
  /** Lowest libc version: glibc for manylinux, musl for musllinux. */
  minLibc: string | null;
  /** Lowest macOS version for macosx tags. */
  minMacos: string | null;
}

const LEGACY_MANYLINUX: Record<string, string> = { manylinux1: '2.5', manylinux2010: '2.12', manylinux2014: '2.17' };
const WINDOWS_TAGS: Record<string, string | null> = {
  win32: 'x86',
  win_amd64: 'amd64',
  win_arm64: 'arm64',
  win_ia64: null,
};

export function parseWheelPlatformTag(tag: string): WheelPlatform {
  const base: WheelPlatform = {
    tag,
    kind: 'other',
    os: null,
    cpu: null,
    arch: null,
    variant: null,
    libc: null,
    minLibc: null,
    minMacos: null,
  };
  const withCpu = (p: WheelPlatform, cpu: string): WheelPlatform => {
    const mapped = archFromCpuName(cpu);
    return { ...p, cpu, arch: mapped?.arch ?? null, variant: mapped?.variant ?? null };
  };
  if (tag === 'any') return { ...base, kind: 'any' };
  let m = /^(manylinux|musllinux)_(\d+)_(\d+)_(.+)$/.exec(tag);
  if (m) {
    const isMusl = m[1] === 'musllinux';
    return withCpu(
      {
        ...base,
        kind: isMusl ? 'musllinux' : 'manylinux',
        os: 'linux',
        libc: isMusl ? 'musl' : 'glibc',
        minLibc: `${m[2]}.${m[3]}`,
      },
      m[4]!,
    );
  }
  m = /^(manylinux1|manylinux2010|manylinux2014)_(.+)$/.exec(tag);
  if (m)
    return withCpu(
      { ...base, kind: 'manylinux', os: 'linux', libc: 'glibc', minLibc: LEGACY_MANYLINUX[m[1]!]! },
      m[2]!,
    );
  m = /^linux_(.+)$/.exec(tag);
  if (m) return withCpu({ ...base, kind: 'linux', os: 'linux' }, m[1]!);
  m = /^macosx_(\d+)_(\d+)_(.+)$/.exec(tag);
  if (m) return withCpu({ ...base, kind: 'macos', os: 'macos', minMacos: `${m[1]}.${m[2]}` }, m[3]!);
  if (Object.hasOwn(WINDOWS_TAGS, tag)) {
    const cpu = WINDOWS_TAGS[tag] ?? tag.slice(4);
    return withCpu({ ...base, kind: 'windows', os: 'windows' }, cpu);
  }
  return base;
}

/**
 * Whether an installer would pick a wheel with this platform tag for the target (packaging's
 * tag rules): `any` always; manylinux needs glibc ≥ X.Y, musllinux musl ≥ X.Y (checked when the
 * version is given); `linux_<arch>` only the arch; macOS and Windows never.
 */
export function wheelPlatformMatches(
  p: WheelPlatform,
  target: TargetPlatform,
  libc: Libc,
  libcVersion?: string,
): boolean {
  if (p.kind === 'any') return true;
  if (p.os !== 'linux' || p.arch !== target.arch) return false;
  if (p.variant !== null && target.variant !== undefined && p.variant !== target.variant) return false;
  if (p.libc !== null && p.libc !== libc) return false;
  if (p.minLibc !== null && libcVersion !== undefined && compareVersions(p.minLibc, libcVersion) > 0) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Extension-module file names (binaries.md §5.3). CPython's importer only tries names ending in
// one of importlib.machinery.EXTENSION_SUFFIXES; anything else is invisible to `import`.

export type ExtensionKind = 'versioned' | 'stable-abi' | 'generic';

export interface ExtensionSuffix {
  /** The module name: the file name up to the first dot. */
  module: string;
  /** The suffix after the module name, e.g. `.cpython-311-x86_64-linux-gnu.so`. */
  suffix: string;
  kind: ExtensionKind;
  implementation: 'cpython' | 'pypy' | null;
  /** `3.11`, null for `.abi3.so`, `.so`, `.pyd`. */
  python: string | null;
  os: 'linux' | 'macos' | 'windows' | null;
  arch: string | null;
  libc: Libc | null;
  /** ABI flags: `t` free-threaded, `d` debug, `m` pymalloc (3.7 and older). */
  isFreeThreaded: boolean;
  isDebug: boolean;
  hasPymalloc: boolean;
}

interface Triplet {
  os: 'linux' | 'macos' | null;
  arch: string | null;
  libc: Libc | null;
}

// GNU triplets as CPython's configure writes them into SOABI (PLATFORM_TRIPLET).
function parseTriplet(triplet: string): Triplet {
  if (triplet === 'darwin') return { os: 'macos', arch: null, libc: null };
  const m = /^([a-z0-9_]+)-linux-(gnu|musl)([a-z0-9_]*)$/.exec(triplet);
  if (!m) return { os: null, arch: null, libc: null };
  const cpu = m[1]!;
  // x86_64-linux-gnux32 is the x32 ABI: no Docker platform.
  const arch = m[3] === 'x32' ? null : cpu === 'arm' ? 'arm' : (archFromCpuName(cpu)?.arch ?? null);
  return { os: 'linux', arch, libc: m[2] === 'musl' ? 'musl' : 'glibc' };
}

export function parseExtensionSuffix(fileName: string): ExtensionSuffix | null {
  const name = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = name.indexOf('.');
  if (dot <= 0) return null;
  const module = name.slice(0, dot);
  const suffix = name.slice(dot);
  const base = {
    module,
    suffix,
    implementation: null,
    python: null,
    os: null,
    arch: null,
    libc: null,
    isFreeThreaded: false,
    isDebug: false,
    hasPymalloc: false,
  };
  let m = /^\.cpython-(\d)(\d+)([a-z]*)(?:-([a-z0-9_]+(?:-[a-z0-9_]+)*))?\.so$/.exec(suffix);
  if (m) {
    const flags = m[3]!;
    const t = m[4] === undefined ? { os: null, arch: null, libc: null } : parseTriplet(m[4]);
    return {
      ...base,
      kind: 'versioned',
      implementation: 'cpython',
      python: `${m[1]}.${m[2]}`,
      ...t,
      isFreeThreaded: flags.includes('t'),
      isDebug: flags.includes('d'),
      hasPymalloc: flags.includes('m'),
    };
  }
  m = /^\.pypy(\d)(\d+)-pp\d+-([a-z0-9_]+(?:-[a-z0-9_]+)*)\.so$/.exec(suffix);
  if (m)
    return { ...base, kind: 'versioned', implementation: 'pypy', python: `${m[1]}.${m[2]}`, ...parseTriplet(m[3]!) };
  m = /^\.cp(\d)(\d+)(t?)-(win32|win_amd64|win_arm64)\.pyd$/.exec(suffix);
  if (m) {
    const cpu = m[4] === 'win32' ? '386' : m[4] === 'win_amd64' ? 'amd64' : 'arm64';
    return {
      ...base,
      kind: 'versioned',
      implementation: 'cpython',
      python: `${m[1]}.${m[2]}`,
      os: 'windows',
      arch: cpu,
      isFreeThreaded: m[3] === 't',
    };
  }
  if (suffix === '.abi3.so') return { ...base, kind: 'stable-abi' };
  if (suffix === '.pyd') return { ...base, kind: 'generic', os: 'windows' };
  if (suffix === '.so') return { ...base, kind: 'generic' };
  return null;
}

/**
 * importlib.machinery.EXTENSION_SUFFIXES of a Linux CPython for the target, e.g. for 3.11 on
 * amd64/glibc `['.cpython-311-x86_64-linux-gnu.so', '.abi3.so', '.so']` (binaries.md §5.3,
 * verified). 3.7 and older add the pymalloc `m`; free-threaded builds (3.13+) use `t` and have
 * no stable ABI suffix. musl triplets follow CPython's configure (`x86_64-linux-musl`).
 */
export function extensionSuffixesFor(
  python: string,
  target: TargetPlatform,
  libc: Libc,
  opts: { freeThreaded?: boolean } = {},
): string[] {
  const arch = linuxArch(target.arch);
  const [major, minor] = python.split('.');
  if (arch === undefined || major === undefined || minor === undefined) return ['.so'];
  const triplet = libc === 'musl' ? arch.gnuTriplet.replace(/-gnu(\w*)$/, '-musl$1') : arch.gnuTriplet;
  const flags = (opts.freeThreaded ? 't' : '') + (compareVersions(python, '3.8') < 0 ? 'm' : '');
  const versioned = `.cpython-${major}${minor}${flags}-${triplet}.so`;
  return opts.freeThreaded ? [versioned, '.so'] : [versioned, '.abi3.so', '.so'];
}
