// Will a sniffed file load or run on the target image? The verdict follows what the loaders
// actually check, in their order, and `loaderErrors` carries the exact messages they print
// (binaries.md §4), with `<p>` standing for the path the program passed to the loader.
import { compareVersions, linuxArch, type LinuxArch, type Libc, type TargetPlatform } from './platform.js';
import { interpreterLibc } from './sniff-elf.js';
import type { Sniffed, SniffedElf } from './sniffed.js';

export type { Libc, TargetPlatform } from './platform.js';

export type Verdict = 'ok' | 'foreign' | 'libc-mismatch' | 'glibc-too-new' | 'unknown';

/** Why the verdict is what it is — stable ids for data and tests. */
export type AssessReason =
  /** Built for the target's arch, libc and (when given) glibc version. */
  | 'native'
  /** Statically linked for the target arch: carries its own libc. */
  | 'static'
  /** Target arch, no libc dependency visible in this file (e.g. a library needing nothing). */
  | 'libc-undetermined'
  /** ELF relocatable object or core file for the target arch: never loaded at run time. */
  | 'object-file'
  /** Java class, WebAssembly, Python bytecode: no CPU or libc in it. */
  | 'platform-neutral'
  /** IL-only AnyCPU .NET assembly. */
  | 'dotnet-portable'
  /** IL-only .NET assembly pinned to one CPU. */
  | 'dotnet-arch'
  | 'arch-mismatch'
  | 'class-mismatch'
  | 'byte-order-mismatch'
  /** Machine/class/byte order with no Docker platform at all (x32, aarch64_be, ppc64, …). */
  | 'unsupported-abi'
  /** ARM object needing a newer architecture level than the target variant. */
  | 'arm-variant-too-new'
  /** ELF for another OS (EI_OSABI FreeBSD, …). */
  | 'not-linux'
  | 'macos-binary'
  | 'windows-binary'
  | 'musl-on-glibc'
  | 'glibc-on-musl'
  | 'glibc-too-new'
  /** Text, HTML, Git LFS pointer, script, data: not machine code. */
  | 'not-native'
  | 'malformed'
  /** The target arch is not one this module knows the binary format of. */
  | 'unknown-target';

export interface LoaderErrors {
  /** glibc dlopen(3) (Python import, Node require, ctypes, JNI …), as dlerror() prints it. */
  glibc?: string;
  /** musl dlopen(3) (Alpine), as dlerror() prints it. */
  musl?: string;
  /** Starting it as a container process: runc's error, or the loader's own message. */
  exec?: string;
}

export interface Assessment {
  verdict: Verdict;
  reason: AssessReason;
  /** One sentence for people. */
  detail: string;
  /** Messages for the target's libc (only that key) and for exec, when they are certain. */
  loaderErrors: LoaderErrors;
}

export interface AssessOptions {
  /** The target image's glibc version (`2.36`); GLIBC_x.y needs are compared only when given. */
  glibcVersion?: string;
  /**
   * Debian and Ubuntu patch ld.so to test e_machine before the byte order, so a big-endian
   * s390x library reads as "No such file or directory" there and as "ELF file data encoding not
   * little-endian" with upstream glibc (Fedora, RHEL/UBI, Arch). Default `debian`.
   */
  glibcFlavor?: 'debian' | 'upstream';
}

/** The placeholder for the path in message templates. */
export const PATH_PLACEHOLDER = '<p>';
const P = PATH_PLACEHOLDER;
const ENOENT = 'No such file or directory';

const ARM_VARIANT_LEVEL: Record<string, number> = { v5: 5, v6: 6, v7: 7, v8: 8 };
// glibc's VALID_ELF_OSABI: SYSV and GNU only (sysdeps/gnu/ldsodefs.h).
const ELFOSABI_SYSV = 0;
const ELFOSABI_GNU = 3;

export function assessBinary(s: Sniffed, target: TargetPlatform, libc: Libc, opts: AssessOptions = {}): Assessment {
  const arch = linuxArch(target.arch);
  if (arch === undefined) {
    return {
      verdict: 'unknown',
      reason: 'unknown-target',
      detail: `no binary format known for linux/${target.arch}`,
      loaderErrors: {},
    };
  }
  const flavor = opts.glibcFlavor ?? 'debian';
  const errors = (exec: boolean): LoaderErrors => loaderErrors(s, arch, libc, flavor, opts.glibcVersion, exec);
  switch (s.format) {
    case 'elf':
      return assessElf(s, target, arch, libc, opts.glibcVersion, errors);
    case 'macho':
      return {
        verdict: 'foreign',
        reason: 'macos-binary',
        detail: `macOS Mach-O ${s.arch} file`,
        loaderErrors: errors(s.fileType === 'execute'),
      };
    case 'macho-universal':
      return {
        verdict: 'foreign',
        reason: 'macos-binary',
        detail: `macOS universal binary (${s.slices.map((x) => x.arch).join(', ')})`,
        loaderErrors: errors(s.fileType === 'execute'),
      };
    case 'pe': {
      if (s.dotnet?.isPortable) {
        return { verdict: 'ok', reason: 'dotnet-portable', detail: 'IL-only AnyCPU .NET assembly', loaderErrors: {} };
      }
      if (s.dotnet?.ilOnly) {
        return s.arch === target.arch
          ? { verdict: 'ok', reason: 'dotnet-arch', detail: `IL-only .NET assembly for ${s.arch}`, loaderErrors: {} }
          : {
              verdict: 'foreign',
              reason: 'dotnet-arch',
              detail: `IL-only .NET assembly pinned to ${s.arch ?? s.machineName}, target is ${target.arch}`,
              loaderErrors: {},
            };
      }
      return {
        verdict: 'foreign',
        reason: 'windows-binary',
        detail: `Windows ${s.isDll ? 'DLL' : 'executable'} (${s.machineName})`,
        loaderErrors: errors(!s.isDll),
      };
    }
    case 'dos':
      return { verdict: 'foreign', reason: 'windows-binary', detail: 'MS-DOS executable', loaderErrors: errors(true) };
    case 'java-class':
    case 'wasm':
    case 'pyc':
      return { verdict: 'ok', reason: 'platform-neutral', detail: 'no CPU- or libc-specific code', loaderErrors: {} };
    default:
      return { verdict: 'unknown', reason: 'not-native', detail: 'not machine code', loaderErrors: errors(true) };
  }
}

function assessElf(
  s: SniffedElf,
  target: TargetPlatform,
  arch: LinuxArch,
  libc: Libc,
  glibcVersion: string | undefined,
  errors: (exec: boolean) => LoaderErrors,
): Assessment {
  const isExecutable = s.type === 'executable' || s.type === 'pie-executable';
  const foreign = (reason: AssessReason, detail: string): Assessment => ({
    verdict: 'foreign',
    reason,
    detail,
    loaderErrors: errors(isExecutable),
  });
  if (s.bits === null || s.endian === null || s.machine === null || s.malformed === 'truncated-header') {
    return {
      verdict: 'unknown',
      reason: 'malformed',
      detail: `malformed ELF (${s.malformed ?? 'header'})`,
      loaderErrors: errors(true),
    };
  }
  if (s.osabi !== ELFOSABI_SYSV && s.osabi !== ELFOSABI_GNU) return foreign('not-linux', `ELF for ${s.os}`);
  if (s.arch === null) return foreign('unsupported-abi', `${s.unsupported ?? s.machineName}: no Docker platform`);
  if (s.arch !== target.arch) {
    const reason =
      s.bits !== arch.elfBits
        ? 'class-mismatch'
        : s.endian !== arch.elfEndian
          ? 'byte-order-mismatch'
          : 'arch-mismatch';
    return foreign(reason, `built for ${s.platform ?? s.arch}, target is linux/${target.arch}`);
  }
  if (target.arch === 'arm' && s.variant !== null) {
    const need = ARM_VARIANT_LEVEL[s.variant] ?? 0;
    const have = ARM_VARIANT_LEVEL[target.variant ?? 'v7'] ?? 7;
    // The loaders accept it; the first newer instruction dies with SIGILL.
    if (need > have) {
      return {
        verdict: 'foreign',
        reason: 'arm-variant-too-new',
        detail: `needs ARM ${s.variant}, target is ${target.variant ?? 'v7'}`,
        loaderErrors: {},
      };
    }
  }
  if (s.type === 'relocatable' || s.type === 'core') {
    return {
      verdict: 'ok',
      reason: 'object-file',
      detail: `ELF ${s.type} for ${s.platform ?? s.arch}; not loaded at run time`,
      loaderErrors: {},
    };
  }
  if (s.libc === 'musl' && libc === 'glibc') {
    return {
      verdict: 'libc-mismatch',
      reason: 'musl-on-glibc',
      detail: 'built against musl, target uses glibc',
      loaderErrors: errors(isExecutable),
    };
  }
  if (s.libc === 'glibc' && libc === 'musl') {
    return {
      verdict: 'libc-mismatch',
      reason: 'glibc-on-musl',
      detail: 'built against glibc, target uses musl',
      loaderErrors: errors(isExecutable),
    };
  }
  if (
    s.libc === 'glibc' &&
    glibcVersion !== undefined &&
    s.minGlibc !== null &&
    compareVersions(s.minGlibc, glibcVersion) > 0
  ) {
    return {
      verdict: 'glibc-too-new',
      reason: 'glibc-too-new',
      detail: `needs GLIBC_${s.minGlibc}, target has ${glibcVersion}`,
      loaderErrors: errors(isExecutable),
    };
  }
  if (s.libc === 'static')
    return { verdict: 'ok', reason: 'static', detail: 'statically linked for the target', loaderErrors: {} };
  if (s.libc === 'undetermined') {
    return {
      verdict: 'ok',
      reason: 'libc-undetermined',
      detail: 'target arch; no libc dependency in this file',
      loaderErrors: {},
    };
  }
  return { verdict: 'ok', reason: 'native', detail: `built for the target (${s.libc})`, loaderErrors: {} };
}

// ---------------------------------------------------------------------------------------------
// Message templates.

function loaderErrors(
  s: Sniffed,
  arch: LinuxArch,
  libc: Libc,
  flavor: 'debian' | 'upstream',
  glibcVersion: string | undefined,
  withExec: boolean,
): LoaderErrors {
  const out: LoaderErrors = {};
  const dl = libc === 'glibc' ? glibcDlopenError(s, arch, flavor, glibcVersion) : muslDlopenError(s, arch);
  if (dl !== undefined) out[libc] = dl;
  if (withExec) {
    const exec = execError(s, arch, libc, flavor, glibcVersion);
    if (exec !== undefined) out.exec = exec;
  }
  return out;
}

/** Debian's multiarch library directory, or the Fedora/RHEL layout for upstream glibc. */
function glibcLibDir(arch: LinuxArch, flavor: 'debian' | 'upstream'): string {
  if (flavor === 'debian') return `/lib/${arch.gnuTriplet}`;
  return arch.elfBits === 64 ? '/lib64' : '/lib';
}

/** e_machine as the host loader reads it: in its own byte order. */
function nativeMachine(s: SniffedElf, arch: LinuxArch): number | null {
  if (s.machine === null || s.endian === null) return null;
  return s.endian === arch.elfEndian ? s.machine : ((s.machine & 0xff) << 8) | (s.machine >> 8);
}

/** The first non-weak GLIBC_x.y need above the target's version, in DT_VERNEED order (elf/dl-version.c). */
function firstUnmetGlibc(s: SniffedElf, glibcVersion: string | undefined): { file: string; version: string } | null {
  if (glibcVersion === undefined) return null;
  for (const need of s.versionNeeds) {
    const m = /^GLIBC_(\d+\.\d+(?:\.\d+)?)$/.exec(need.version);
    if (!need.weak && m && compareVersions(m[1]!, glibcVersion) > 0) return need;
  }
  return null;
}

// glibc ld.so, elf/dl-load.c open_verify() then _dl_map_object_from_fd(), in that order.
function glibcDlopenError(
  s: Sniffed,
  arch: LinuxArch,
  flavor: 'debian' | 'upstream',
  glibcVersion: string | undefined,
): string | undefined {
  const ehdrSize = arch.elfBits === 64 ? 64 : 52;
  if (s.size < ehdrSize) return `${P}: file too short`;
  if (s.format !== 'elf') return `${P}: invalid ELF header`;
  // A class mismatch is "not fatal": the search goes on and ends in "wrong ELF class".
  if (s.bits !== arch.elfBits) return `${P}: wrong ELF class: ELFCLASS${arch.elfBits === 64 ? 32 : 64}`;
  const machine = nativeMachine(s, arch);
  const osabiValid = s.osabi === ELFOSABI_SYSV || s.osabi === ELFOSABI_GNU;
  const abiVersionValid = s.abiVersion === 0 || s.osabi === ELFOSABI_GNU;
  const identValid =
    s.endian === arch.elfEndian && s.identVersion === 1 && osabiValid && abiVersionValid && s.identPadZero;
  if (!identValid) {
    // Debian's unsubmitted-ldso-machine-mismatch.diff moves the machine test up to here.
    if (flavor === 'debian') {
      if (machine === null) return undefined;
      if (machine !== arch.elfMachine) return `${P}: cannot open shared object file: ${ENOENT}`;
    }
    if (s.endian !== arch.elfEndian) {
      return `${P}: ELF file data encoding not ${arch.elfEndian === 'le' ? 'little' : 'big'}-endian`;
    }
    if (s.identVersion !== 1) return `${P}: ELF file version ident does not match current one`;
    if (!osabiValid) return `${P}: ELF file OS ABI invalid`;
    if (!abiVersionValid) return `${P}: ELF file ABI version invalid`;
    return `${P}: nonzero padding in e_ident`;
  }
  if (s.version !== 1) return `${P}: ELF file version does not match current one`;
  // elf_machine_matches_host() failing means "not this file, keep searching" → ENOENT.
  if (machine !== arch.elfMachine) return `${P}: cannot open shared object file: ${ENOENT}`;
  if (s.eType !== 2 && s.eType !== 3) return `${P}: only ET_DYN and ET_EXEC can be loaded`;
  if (s.phentsize !== (arch.elfBits === 64 ? 56 : 32)) return `${P}: ELF file's phentsize not the expected size`;
  if (s.type === 'executable') return `${P}: cannot dynamically load executable`;
  if (s.type === 'pie-executable') return `${P}: cannot dynamically load position-independent executable`;
  if (s.libc === 'musl') {
    // Alpine's soname is not found; Debian musl-gcc's "libc.so" finds glibc's linker script.
    const musl = s.needed.find((n) => n.startsWith('libc.musl-'));
    if (musl !== undefined) return `${musl}: cannot open shared object file: ${ENOENT}`;
    if (s.needed.includes('libc.so')) return `${glibcLibDir(arch, flavor)}/libc.so: invalid ELF header`;
  }
  const unmet = firstUnmetGlibc(s, glibcVersion);
  if (unmet !== null) {
    return `${glibcLibDir(arch, flavor)}/${unmet.file}: version \`${unmet.version}' not found (required by ${P})`;
  }
  return undefined;
}

// musl ldso/dynlink.c map_library(): it reads a native Ehdr and checks only its size, e_type and
// the program headers; e_machine is never looked at (binaries.md §4.3).
function muslDlopenError(s: Sniffed, arch: LinuxArch): string | undefined {
  const noexec = `Error loading shared library ${P}: Exec format error`;
  if (s.format !== 'elf' || s.size < (arch.elfBits === 64 ? 64 : 52)) return noexec;
  if (s.bits !== arch.elfBits || s.endian !== arch.elfEndian) return noexec;
  if (s.eType !== 2 && s.eType !== 3) return noexec;
  // No PT_DYNAMIC: map_library gives up with ENOEXEC.
  if (!s.isDynamic) return noexec;
  if (s.libc === 'glibc') {
    const ldso = s.needed.find((n) => n.startsWith('ld-linux'));
    if (ldso !== undefined) return `Error loading shared library ${ldso}: ${ENOENT} (needed by ${P})`;
  }
  // Same class and byte order: a foreign machine fails at relocation or at the first call,
  // neither of which the file's headers decide.
  return undefined;
}

// Starting the file as the container's process: the kernel (fs/binfmt_elf.c load_elf_binary), then
// runc reports `exec <path>: <errno text>`; a glibc version failure is printed by ld.so itself.
function execError(
  s: Sniffed,
  arch: LinuxArch,
  libc: Libc,
  flavor: 'debian' | 'upstream',
  glibcVersion: string | undefined,
): string | undefined {
  const enoexec = `exec ${P}: exec format error`;
  const enoent = `exec ${P}: no such file or directory`;
  if (s.format === 'script') {
    if (s.hasBom) return enoexec;
    // The kernel looks for "<interpreter>\r" (or the interpreter gets "arg\r").
    if (s.hasCrlf) return enoent;
    return undefined;
  }
  if (s.format !== 'elf') return enoexec;
  if (s.bits === null || s.endian === null || s.machine === null) return enoexec;
  if (s.eType !== 2 && s.eType !== 3) return enoexec;
  if (nativeMachine(s, arch) !== arch.elfMachine || s.bits !== arch.elfBits) {
    // amd64 kernels run i386 (IA32 emulation) and arm64 kernels may run 32-bit ARM: then the
    // outcome depends on the loader the image has, or the binary may simply run.
    const compat = (arch.elfMachine === 62 && s.machine === 3) || (arch.elfMachine === 183 && s.machine === 40);
    if (!compat) return enoexec;
    return s.interp !== null ? enoent : undefined;
  }
  // A loader the image does not have: glibc's on Alpine, musl's on Debian, FreeBSD's anywhere.
  if (s.interp !== null && interpreterLibc(s.interp) !== libc) return enoent;
  if (libc === 'glibc' && s.libc === 'glibc') {
    const unmet = firstUnmetGlibc(s, glibcVersion);
    if (unmet !== null) {
      return `${P}: ${glibcLibDir(arch, flavor)}/${unmet.file}: version \`${unmet.version}' not found (required by ${P})`;
    }
  }
  return undefined;
}
