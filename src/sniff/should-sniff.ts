// Which files are worth opening: only those a runtime in the image could load or execute.
//
// The rule (a regular file qualifies for the first reason that applies):
//  1. native-library  — the name ends in .so, .so.<n>[.<n>…], .dylib, .bundle, .jnilib, .node,
//                       .pyd, .dll or .exe (any case): what dlopen, CPython, Node, Ruby, the JVM or
//                       Windows loaders pick up by name;
//  2. bytecode        — .pyc outside __pycache__: a sourceless module, which only the CPython
//                       its magic number names imports (cached bytecode in __pycache__ carries
//                       its version in its name, and CPython ignores or rewrites it — PEP 3147);
//  3. object-file     — .o: a host-built object that `make` in the image would link;
//  4. executable-bit  — any x bit in the mode: candidate ENTRYPOINT/CMD and console scripts;
//  5. bin-directory   — the parent directory is bin, sbin, .bin, Scripts or libexec (venvs,
//                       node_modules packages, unpacked archives lose x bits but keep layout).
// Everything else is skipped without a read. Static archives (.a) are skipped too: the sniffer
// does not read ar members. Non-regular files (links, FIFOs, devices) are never candidates.

export type SniffCandidateReason = 'native-library' | 'bytecode' | 'object-file' | 'executable-bit' | 'bin-directory';

// st_mode file-type bits (POSIX <sys/stat.h>; the values Linux and Node's fs.constants use).
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const ANY_EXECUTE_BIT = 0o111;

const NATIVE_LIBRARY = /\.(?:so(?:\.\d+)*|dylib|bundle|jnilib|node|pyd|dll|exe)$/i;
const BIN_DIRECTORIES = new Set(['bin', 'sbin', '.bin', 'Scripts', 'libexec']);

/**
 * Why a file is worth sniffing, or null. `path` is context-relative POSIX, `mode` is st_mode
 * (type and permission bits; a mode without type bits is taken as a regular file). `size` is
 * accepted for callers' symmetry: empty candidates still qualify, since an empty `x.so` is itself
 * a finding (glibc: "file too short").
 */
export function sniffCandidateReason(path: string, mode: number, size: number): SniffCandidateReason | null {
  const type = mode & S_IFMT;
  if ((type !== S_IFREG && type !== 0) || size < 0) return null;
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  if (NATIVE_LIBRARY.test(name)) return 'native-library';
  const parent = slash < 0 ? '' : path.slice(path.lastIndexOf('/', slash - 1) + 1, slash);
  if (name.endsWith('.pyc')) return parent === '__pycache__' ? null : 'bytecode';
  if (name.endsWith('.o')) return 'object-file';
  if ((mode & ANY_EXECUTE_BIT) !== 0) return 'executable-bit';
  if (BIN_DIRECTORIES.has(parent)) return 'bin-directory';
  return null;
}

/** True when the file is worth sniffing (see the rule above). */
export function shouldSniff(path: string, mode: number, size: number): boolean {
  return sniffCandidateReason(path, mode, size) !== null;
}
