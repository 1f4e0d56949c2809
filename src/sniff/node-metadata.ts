// Node.js packaging metadata: package.json platform fields (os/cpu/libc) and prebuilt-addon
// directory names. Pure text parsers.
import { archFromNodeArch, nodeArchOf, type Libc, type TargetPlatform } from './platform.js';

/** package.json text looked at at most (platform packages' manifests are tiny). */
export const MAX_PACKAGE_JSON_CHARS = 1024 * 1024;

export interface NpmPlatformFields {
  name: string | null;
  version: string | null;
  /** `os`, `cpu`, `libc` as lists (a plain string counts as a one-element list); null when absent. */
  os: string[] | null;
  cpu: string[] | null;
  libc: string[] | null;
}

function stringList(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return null;
}

/** The platform fields of a package.json; null when the text is not a JSON object or too long. */
export function parseNpmPlatformFields(packageJsonText: string): NpmPlatformFields | null {
  if (packageJsonText.length > MAX_PACKAGE_JSON_CHARS) return null;
  let json: unknown;
  try {
    json = JSON.parse(packageJsonText.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  return {
    name: typeof o['name'] === 'string' ? o['name'] : null,
    version: typeof o['version'] === 'string' ? o['version'] : null,
    os: stringList(o['os']),
    cpu: stringList(o['cpu']),
    libc: stringList(o['libc']),
  };
}

// npm-install-checks checkList: "!x" entries exclude, plain entries include, a lone "any" allows all.
function listAllows(value: string, list: readonly string[]): boolean {
  if (list.length === 1 && list[0] === 'any') return true;
  let negated = 0;
  let match = false;
  for (const entry of list) {
    if (entry.startsWith('!')) {
      negated++;
      if (entry.slice(1) === value) return false;
    } else if (entry === value) {
      match = true;
    }
  }
  return match || negated === list.length;
}

export interface NpmPlatformCheck {
  matches: boolean;
  /** The fields that exclude the target, in os/cpu/libc order. */
  mismatched: ('os' | 'cpu' | 'libc')[];
}

/** Whether npm would install the package on the target (npm-install-checks checkPlatform). */
export function npmPlatformMatches(fields: NpmPlatformFields, target: TargetPlatform, libc: Libc): NpmPlatformCheck {
  const mismatched: NpmPlatformCheck['mismatched'] = [];
  if (fields.os !== null && !listAllows('linux', fields.os)) mismatched.push('os');
  const cpu = nodeArchOf(target.arch) ?? target.arch;
  if (fields.cpu !== null && !listAllows(cpu, fields.cpu)) mismatched.push('cpu');
  if (fields.libc !== null && !listAllows(libc, fields.libc)) mismatched.push('libc');
  return { matches: mismatched.length === 0, mismatched };
}

// ---------------------------------------------------------------------------------------------
// Prebuilt addons. prebuildify / node-gyp-build: prebuilds/<platform>-<arch>[+<arch>…]/<name>[.<tag>…].node
// with tags node|electron|node-webkit, napi, abi<N>, uv<N>, armv<N>, glibc|musl
// (prebuild/node-gyp-build node-gyp-build.js). node-pre-gyp: a directory such as
// napi-v6-linux-glibc-x64 or node-v115-darwin-arm64 holding the .node file.

export interface NodePrebuild {
  scheme: 'prebuildify' | 'node-pre-gyp';
  /** Node's process.platform: `linux`, `darwin`, `win32`, … */
  os: string;
  /** Node's process.arch values the directory is for. */
  nodeArchs: string[];
  /** Docker arches for them, where known (same order, unknown ones left out). */
  archs: string[];
  libc: Libc | null;
  /** `armv<N>` tag: the ARM level (`7`). */
  armVersion: string | null;
  isNapi: boolean;
  /** NODE_MODULE_VERSION from `abi<N>` / `node-v<N>`. */
  abi: number | null;
  runtime: string | null;
}

export function nodePrebuildPlatform(path: string): NodePrebuild | null {
  const segments = path.split('/');
  const file = segments.at(-1) ?? '';
  const dir = segments.at(-2) ?? '';
  if (!file.endsWith('.node') || segments.length < 2) return null;
  if (segments.at(-3) === 'prebuilds') {
    const tuple = dir.split('-');
    if (tuple.length !== 2 || tuple[0] === '' || tuple[1] === '') return null;
    const nodeArchs = tuple[1]!.split('+');
    const result: NodePrebuild = {
      scheme: 'prebuildify',
      os: tuple[0]!,
      nodeArchs,
      archs: nodeArchs.map(archFromNodeArch).filter((a): a is string => a !== null),
      libc: null,
      armVersion: null,
      isNapi: false,
      abi: null,
      runtime: null,
    };
    for (const tag of file.split('.').slice(0, -1)) {
      if (tag === 'node' || tag === 'electron' || tag === 'node-webkit') result.runtime = tag;
      else if (tag === 'napi') result.isNapi = true;
      else if (/^abi\d+$/.test(tag)) result.abi = Number(tag.slice(3));
      else if (/^armv\d+$/.test(tag)) result.armVersion = tag.slice(4);
      else if (tag === 'glibc' || tag === 'musl') result.libc = tag;
    }
    return result;
  }
  const m = /^(node|napi|electron)-v(\d+)(?:\.[\d.]+)?-([a-z0-9]+)-(?:(glibc|musl|unknown)-)?([a-z0-9]+)$/.exec(dir);
  if (!m) return null;
  const nodeArch = m[5]!;
  return {
    scheme: 'node-pre-gyp',
    os: m[3]!,
    nodeArchs: [nodeArch],
    archs: [archFromNodeArch(nodeArch)].filter((a): a is string => a !== null),
    libc: m[4] === 'glibc' || m[4] === 'musl' ? m[4] : null,
    armVersion: null,
    isNapi: m[1] === 'napi',
    abi: m[1] === 'node' ? Number(m[2]) : null,
    runtime: m[1] === 'electron' ? 'electron' : 'node',
  };
}

/** Whether node-gyp-build / node-pre-gyp would pick this prebuild on the target. */
export function nodePrebuildMatches(p: NodePrebuild, target: TargetPlatform, libc: Libc): boolean {
  if (p.os !== 'linux' || !p.archs.includes(target.arch)) return false;
  if (p.libc !== null && p.libc !== libc) return false;
  // node-gyp-build compares the armv tag with process.config's arm_version ("8" on arm64, none elsewhere).
  const armVersion = target.arch === 'arm64' ? '8' : target.arch === 'arm' ? (target.variant ?? 'v7').slice(1) : '';
  if (p.armVersion !== null && p.armVersion !== armVersion) return false;
  return true;
}

/** NODE_MODULE_VERSION → Node.js major (nodejs/node doc/abi_version_registry.json). */
export const NODE_MAJOR_BY_ABI: Record<number, number> = {
  46: 4,
  47: 5,
  48: 6,
  51: 7,
  57: 8,
  59: 9,
  64: 10,
  67: 11,
  72: 12,
  79: 13,
  83: 14,
  88: 15,
  93: 16,
  102: 17,
  108: 18,
  111: 19,
  115: 20,
  120: 21,
  127: 22,
  131: 23,
  137: 24,
  141: 25,
};

/** The NODE_MODULE_VERSION of a Node.js major, when known. */
export function abiForNodeMajor(major: number): number | null {
  const found = Object.entries(NODE_MAJOR_BY_ABI).find(([, m]) => m === major);
  return found === undefined ? null : Number(found[0]);
}
