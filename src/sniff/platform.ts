// Target platforms in Docker's spelling and the names the same CPU goes by elsewhere (ELF
// e_machine, Node's process.arch, wheel tags, GNU triplets, loader file names). One table, so
// every reader in src/sniff maps to the same arch strings.

export type Libc = 'glibc' | 'musl';

/** A Linux image platform as Docker normalises it, e.g. `{ os: 'linux', arch: 'arm', variant: 'v7' }`. */
export interface TargetPlatform {
  os: 'linux';
  arch: string;
  variant?: string;
}

export type ElfEndian = 'le' | 'be';

export interface LinuxArch {
  /** ELF e_machine, class and byte order a native object carries. */
  elfMachine: number;
  elfBits: 32 | 64;
  elfEndian: ElfEndian;
  /** Node.js `process.arch`. */
  nodeArch: string;
  /** Debian multiarch triplet (also CPython's for glibc builds). */
  gnuTriplet: string;
  /** glibc's dynamic loader (PT_INTERP) — bminor/glibc sysdeps/unix/sysv/linux/<arch>/shlib-versions. */
  glibcLoader: string;
  /** musl's loader: /lib/ld-musl-$(ARCH)$(SUBARCH).so.1 — bminor/musl Makefile, configure. */
  muslLoader: string;
}

// binaries.md §1.2. linux/arm lists the hard-float names: Docker's arm images (v6 and v7) are armhf.
const LINUX_ARCHES = {
  amd64: {
    elfMachine: 62,
    elfBits: 64,
    elfEndian: 'le',
    nodeArch: 'x64',
    gnuTriplet: 'x86_64-linux-gnu',
    glibcLoader: '/lib64/ld-linux-x86-64.so.2',
    muslLoader: '/lib/ld-musl-x86_64.so.1',
  },
  arm64: {
    elfMachine: 183,
    elfBits: 64,
    elfEndian: 'le',
    nodeArch: 'arm64',
    gnuTriplet: 'aarch64-linux-gnu',
    glibcLoader: '/lib/ld-linux-aarch64.so.1',
    muslLoader: '/lib/ld-musl-aarch64.so.1',
  },
  arm: {
    elfMachine: 40,
    elfBits: 32,
    elfEndian: 'le',
    nodeArch: 'arm',
    gnuTriplet: 'arm-linux-gnueabihf',
    glibcLoader: '/lib/ld-linux-armhf.so.3',
    muslLoader: '/lib/ld-musl-armhf.so.1',
  },
  '386': {
    elfMachine: 3,
    elfBits: 32,
    elfEndian: 'le',
    nodeArch: 'ia32',
    gnuTriplet: 'i386-linux-gnu',
    glibcLoader: '/lib/ld-linux.so.2',
    muslLoader: '/lib/ld-musl-i386.so.1',
  },
  ppc64le: {
    elfMachine: 21,
    elfBits: 64,
    elfEndian: 'le',
    nodeArch: 'ppc64',
    gnuTriplet: 'powerpc64le-linux-gnu',
    glibcLoader: '/lib64/ld64.so.2',
    muslLoader: '/lib/ld-musl-powerpc64le.so.1',
  },
  s390x: {
    elfMachine: 22,
    elfBits: 64,
    elfEndian: 'be',
    nodeArch: 's390x',
    gnuTriplet: 's390x-linux-gnu',
    glibcLoader: '/lib/ld64.so.1',
    muslLoader: '/lib/ld-musl-s390x.so.1',
  },
  riscv64: {
    elfMachine: 243,
    elfBits: 64,
    elfEndian: 'le',
    nodeArch: 'riscv64',
    gnuTriplet: 'riscv64-linux-gnu',
    glibcLoader: '/lib/ld-linux-riscv64-lp64d.so.1',
    muslLoader: '/lib/ld-musl-riscv64.so.1',
  },
  loong64: {
    elfMachine: 258,
    elfBits: 64,
    elfEndian: 'le',
    nodeArch: 'loong64',
    gnuTriplet: 'loongarch64-linux-gnu',
    glibcLoader: '/lib64/ld-linux-loongarch-lp64d.so.1',
    muslLoader: '/lib/ld-musl-loongarch64.so.1',
  },
  mips64le: {
    elfMachine: 8,
    elfBits: 64,
    elfEndian: 'le',
    nodeArch: 'mips64el',
    gnuTriplet: 'mips64el-linux-gnuabi64',
    glibcLoader: '/lib64/ld.so.1',
    muslLoader: '/lib/ld-musl-mips64el.so.1',
  },
} as const satisfies Record<string, LinuxArch>;

export type LinuxArchName = keyof typeof LINUX_ARCHES;

/** Docker arch names this module knows the native binary format of, sorted. */
export const LINUX_ARCH_NAMES = (Object.keys(LINUX_ARCHES) as LinuxArchName[]).sort();

export function linuxArch(arch: string): LinuxArch | undefined {
  return Object.hasOwn(LINUX_ARCHES, arch) ? LINUX_ARCHES[arch as LinuxArchName] : undefined;
}

/** `linux/arm/v7` style string. */
export function formatPlatform(p: { os: string; arch: string; variant?: string | undefined | null }): string {
  return p.variant ? `${p.os}/${p.arch}/${p.variant}` : `${p.os}/${p.arch}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing `--platform` / `FROM --platform=` strings the way containerd/platforms does
// (platforms.go Parse, database.go normalizeOS/normalizeArch), then Normalize as its matcher does,
// so `linux/arm`, `linux/arm/v7` and `linux/armhf` all compare equal.

export type PlatformParse = { ok: true; platform: TargetPlatform } | { ok: false; reason: string };

const SPECIFIER_COMPONENT = /^[A-Za-z0-9_-]+$/;
// `<os>[(<osversion>)]`, the first component — containerd/platforms platforms.go.
const OS_AND_VERSION = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.-]*)\))?$/;

// containerd/platforms database.go isKnownOS / isKnownArch.
const KNOWN_OS = new Set([
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'hurd',
  'illumos',
  'ios',
  'js',
  'linux',
  'nacl',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'windows',
  'zos',
]);
const KNOWN_ARCH = new Set([
  '386',
  'amd64',
  'amd64p32',
  'arm',
  'armbe',
  'arm64',
  'arm64be',
  'ppc64',
  'ppc64le',
  'loong64',
  'mips',
  'mipsle',
  'mips64',
  'mips64le',
  'mips64p32',
  'mips64p32le',
  'ppc',
  'riscv',
  'riscv64',
  's390',
  's390x',
  'sparc',
  'sparc64',
  'wasm',
]);

function normalizeOs(os: string): string {
  const lower = os.toLowerCase();
  return lower === 'macos' ? 'darwin' : lower;
}

/** containerd/platforms normalizeArch: aliases and default variants. */
export function normalizeArch(arch: string, variant: string): [arch: string, variant: string] {
  let a = arch.toLowerCase();
  let v = variant.toLowerCase();
  switch (a) {
    case 'i386':
      a = '386';
      v = '';
      break;
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      a = 'amd64';
      if (v === 'v1') v = '';
      break;
    case 'aarch64':
    case 'arm64':
      a = 'arm64';
      if (v === '8' || v === 'v8') v = '';
      break;
    case 'armhf':
      a = 'arm';
      v = 'v7';
      break;
    case 'armel':
      a = 'arm';
      v = 'v6';
      break;
    case 'arm':
      if (v === '' || v === '7') v = 'v7';
      else if (v === '5' || v === '6' || v === '8') v = 'v' + v;
      break;
  }
  return [a, v];
}

function toTarget(arch: string, variant: string): TargetPlatform {
  // Normalize again, as containerd's matcher does, so `linux/arm` carries its implied v7.
  const [a, v] = normalizeArch(arch, variant);
  return v === '' ? { os: 'linux', arch: a } : { os: 'linux', arch: a, variant: v };
}

/**
 * Parses a Docker platform specifier (`linux/arm64`, `linux/arm/v7`, `linux/armhf`, `arm64`) into
 * the normalised target. Only Linux targets are accepted: images for other OSes are out of scope.
 */
export function parseDockerPlatform(specifier: string): PlatformParse {
  if (specifier.includes('*')) return { ok: false, reason: `"${specifier}": wildcards are not supported` };
  const parts = specifier.split('/');
  if (parts.length > 3) return { ok: false, reason: `"${specifier}": cannot parse platform specifier` };
  const osMatch = OS_AND_VERSION.exec(parts[0] ?? '');
  if (!osMatch) return { ok: false, reason: `"${parts[0] ?? ''}" is an invalid component of "${specifier}"` };
  for (const part of parts.slice(1)) {
    if (!SPECIFIER_COMPONENT.test(part))
      return { ok: false, reason: `"${part}" is an invalid component of "${specifier}"` };
  }
  const first = osMatch[1] ?? '';
  if (parts.length === 1) {
    const os = normalizeOs(first);
    // containerd fills in the daemon's own arch here; we cannot know it, so ask for it.
    if (KNOWN_OS.has(os)) return { ok: false, reason: `"${specifier}": no architecture given` };
    const [arch, variant] = normalizeArch(first, '');
    if (!KNOWN_ARCH.has(arch)) return { ok: false, reason: `"${specifier}": unknown operating system or architecture` };
    return { ok: true, platform: toTarget(arch, variant) };
  }
  const os = normalizeOs(first);
  if (os !== 'linux') return { ok: false, reason: `"${specifier}": only linux platforms are supported` };
  const [arch, variant] = normalizeArch(parts[1] ?? '', parts[2] ?? '');
  return { ok: true, platform: toTarget(arch, variant) };
}

// ---------------------------------------------------------------------------------------------
// Other vocabularies → Docker arch.

// Wheel platform-tag arches (packaging.python.org platform compatibility tags) and CPython/Debian
// triplet CPU names.
const FOREIGN_ARCH_NAMES: Record<string, { arch: string; variant?: string }> = {
  x86_64: { arch: 'amd64' },
  amd64: { arch: 'amd64' },
  aarch64: { arch: 'arm64' },
  arm64: { arch: 'arm64' },
  armv7l: { arch: 'arm', variant: 'v7' },
  armv6l: { arch: 'arm', variant: 'v6' },
  armv5tel: { arch: 'arm', variant: 'v5' },
  i386: { arch: '386' },
  i486: { arch: '386' },
  i586: { arch: '386' },
  i686: { arch: '386' },
  x86: { arch: '386' },
  ppc64le: { arch: 'ppc64le' },
  powerpc64le: { arch: 'ppc64le' },
  ppc64: { arch: 'ppc64' },
  powerpc64: { arch: 'ppc64' },
  s390x: { arch: 's390x' },
  riscv64: { arch: 'riscv64' },
  loongarch64: { arch: 'loong64' },
  mips64el: { arch: 'mips64le' },
};

/** Docker arch (and arm variant) for a wheel-tag / triplet CPU name such as `x86_64` or `armv7l`. */
export function archFromCpuName(name: string): { arch: string; variant?: string } | null {
  return Object.hasOwn(FOREIGN_ARCH_NAMES, name) ? { ...FOREIGN_ARCH_NAMES[name]! } : null;
}

// Node's process.arch values → Docker arch (nodejs/node doc/api/process.md).
const NODE_ARCHES: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips64el: 'mips64le',
};

export function archFromNodeArch(nodeArch: string): string | null {
  return Object.hasOwn(NODE_ARCHES, nodeArch) ? NODE_ARCHES[nodeArch]! : null;
}

/** Node's process.arch for a Docker arch (`amd64` → `x64`). */
export function nodeArchOf(arch: string): string | null {
  return linuxArch(arch)?.nodeArch ?? null;
}

/** Compares dotted version strings numerically (`2.9` < `2.17`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
