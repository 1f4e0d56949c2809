// The data `diagnose` produces: the messages it recognised in an error text, and the files of the
// build context that explain them. Plain, JSON-serialisable data; paths into the context are
// context-relative POSIX strings, paths the message names are container paths as printed.

/** What a recognised message is. Each id is one recogniser in recognisers.ts. */
export type MessageKind =
  // glibc ld.so (dlopen from Python, Node, ctypes; or starting a program)
  | 'glibc-invalid-elf-header'
  | 'glibc-wrong-elf-class'
  | 'glibc-wrong-byte-order'
  | 'glibc-file-too-short'
  | 'glibc-os-abi-invalid'
  | 'glibc-cannot-open-file'
  | 'glibc-missing-library'
  | 'glibc-version-not-found'
  // musl ld.so (Alpine)
  | 'musl-exec-format'
  | 'musl-missing-library'
  | 'musl-missing-file'
  | 'musl-symbol-not-found'
  | 'musl-unsupported-relocation'
  // BuildKit reading the build context for COPY/ADD
  | 'buildkit-source-not-found'
  // starting a program (kernel execve through runc, shells, Python subprocess)
  | 'exec-format-error'
  | 'crlf-interpreter'
  | 'shell-syntax-error'
  | 'exec-not-found'
  // Python
  | 'python-module-not-found'
  | 'python-bad-magic'
  | 'uv-venv-exists'
  | 'uv-venv-invalid'
  | 'venv-python-missing'
  // Node.js and its native packages
  | 'node-module-version'
  | 'node-addon-not-found'
  | 'node-dlopen-failed'
  | 'sharp-platform'
  | 'esbuild-platform'
  | 'esbuild-missing-package'
  | 'rollup-platform'
  | 'platform-package-missing'
  // look-alikes: understood, never caused by the build context
  | 'elf-alignment'
  | 'node-self-register'
  | 'macos-incompatible-arch'
  | 'uv-venv-mismatch'
  | 'cpu-unsupported'
  | 'image-platform';

/** One recognised message. */
export interface ParsedMessage {
  kind: MessageKind;
  /** 1-based line of the input where the message starts. */
  line: number;
  /** The message as found, prefixes and colours removed, whitespace runs collapsed. */
  text: string;
  /** The file the message is about, as the failing program named it (a container path), or null. */
  path: string | null;
  /** A library named only by its soname (`libc.musl-x86_64.so.1`), or null. */
  soname: string | null;
  /** A Python module (dotted) or npm package the message names, or null. */
  module: string | null;
  /** Other facts the message states (versions, ABI numbers, platforms, symbols), keys sorted. */
  facts: Record<string, string>;
  /** How often the same message occurs in the input. */
  occurrences: number;
}

/** What the run found out about a message. */
export type MessageVerdict =
  /** A file in the build context explains it (see `culprits`). */
  | 'culprit'
  /** Understood, but nothing in the context explains it. */
  | 'not-in-context'
  /** Understood, and never a build-context problem (a look-alike). */
  | 'not-a-context-problem';

/** Why a file explains a message — stable ids for data and tests. */
export type CulpritKind =
  | 'macos-binary'
  | 'windows-binary'
  | 'foreign-arch'
  | 'wrong-elf-class'
  | 'wrong-byte-order'
  | 'other-os-binary'
  | 'not-a-binary'
  | 'git-lfs-pointer'
  | 'truncated-file'
  | 'musl-binary'
  | 'glibc-binary'
  | 'glibc-too-new'
  | 'missing-interpreter'
  | 'crlf-shebang'
  | 'bom-before-shebang'
  | 'host-shebang'
  | 'host-symlink'
  | 'foreign-extension-suffix'
  | 'stale-bytecode'
  | 'node-abi-mismatch'
  | 'foreign-platform-package'
  | 'foreign-prebuild'
  | 'lockfile-missing-package'
  | 'host-venv'
  | 'missing-copy-source'
  | 'ignored-copy-source'
  | 'outside-context';

/**
 * How sure the diagnosis is that a file is the cause: `certain` when the message names the file
 * and its bytes produce exactly that message; `likely` when the bytes (or the package metadata)
 * produce the message but the message does not name the file (the program the image runs, the
 * only candidate); `possible` when the file is one of several that could.
 */
export type Confidence = 'certain' | 'likely' | 'possible';

export interface DiagnosedMessage extends ParsedMessage {
  verdict: MessageVerdict;
  /** Stable id of the reasoning (`foreign-binary`, `system-library-missing`, `page-alignment`, …). */
  reason: string;
  /** For messages without a culprit: what to check instead. */
  advice: string | null;
  /** Context paths that were looked at for this message, sorted. */
  candidates: string[];
}

/** How a container path was traced back into the context. */
export interface PathOrigin {
  /** The container path the message named, made absolute. */
  containerPath: string;
  /**
   * `copy` through a COPY/ADD (or RUN --mount) of the Dockerfile, `bind-mount` through a Compose
   * bind mount of the host directory (the running container sees the host file, whatever the
   * ignore file says), `layout` by matching the context's own tree.
   */
  method: 'copy' | 'bind-mount' | 'layout';
  /** The Dockerfile instruction (`COPY . /app`) or the Compose mount (`compose.yaml:9 web: .:/app`). */
  instruction: string | null;
  /** Its line in the Dockerfile (or the Compose file, for a bind mount). */
  line: number | null;
  /** For a bind mount: the Compose file (context-relative when inside) and the mount's container path. */
  mount?: { file: string; target: string; service: string };
}

export interface CulpritFix {
  /** Lines to append to the ignore file, nested-aware (`**\/node_modules`). */
  ignoreLines: string[];
  /** The ignore file they go to (display path). */
  ignoreFile: string;
  /** True when Docker's matcher, run on the sent entries with these lines appended, excludes the culprit. */
  verified: boolean;
  /** What the lines keep out of the context. */
  removes: { files: number; bytes: number };
  /** Dockerfile lines that rebuild what the ignore lines take away, inside the image. */
  dockerfile: string[];
  /** Further steps in words. */
  notes: string[];
  /**
   * A change to the project's own files when ignoring is wrong (the file is a COPY/ADD source, the
   * program the image runs, or the project's own source): applied by `applyFileEdit`.
   */
  edits: FileEdit[];
}

/** An edit to one file of the context, machine-applicable. */
export type FileEdit =
  /** Replace lines [line, line + deleteCount) of the file (1-based) with `insert`; deleteCount 0 inserts before `line`. */
  | { kind: 'replace-lines'; path: string; line: number; deleteCount: number; insert: string[] }
  /** Convert CR LF line ends to LF. */
  | { kind: 'crlf-to-lf'; path: string }
  /** Append lines at the end of the file (created when absent). */
  | { kind: 'append'; path: string; lines: string[] };

export interface Culprit {
  /** Context-relative path of the file (or package directory) that explains the message. */
  path: string;
  type: 'file' | 'dir' | 'symlink';
  kind: CulpritKind;
  /** What the file is (`Mach-O 64-bit arm64 bundle`, `script (#!/Users/a/p/.venv/bin/python3)`). */
  what: string;
  /** Why this file makes the message appear. */
  explanation: string;
  /** Indices into `messages` of the messages it explains. */
  messages: number[];
  /** How the message's path leads to this file, when the message named one. */
  origin: PathOrigin | null;
  confidence: Confidence;
  /** Why this file ranks where it does among the culprits (the evidence, in words). */
  evidence: string;
  fix: CulpritFix;
}

export type FactOrigin = 'option' | 'log' | 'dockerfile' | 'base-image' | 'default';

export interface DiagnosisTarget {
  platform: string;
  platformSource: FactOrigin;
  libc: 'glibc' | 'musl';
  libcSource: FactOrigin;
  /** CPython minor of the image, when the log or the base image tells it. */
  pythonVersion: string | null;
  /** NODE_MODULE_VERSION of the image's Node.js, when the log or the base image tells it. */
  nodeModuleVersion: number | null;
  baseImage: string | null;
}

export type DiagnosisOutcome = 'culprit-found' | 'nothing-in-context' | 'no-message-recognised';

export interface Diagnosis {
  schemaVersion: 1;
  tool: { name: 'buildctx'; version: string };
  /** Absolute path of the context directory. */
  context: string;
  dockerfile: string | null;
  ignoreFile: string | null;
  outcome: DiagnosisOutcome;
  target: DiagnosisTarget;
  messages: DiagnosedMessage[];
  /** Files that explain the messages, the file a message names first. */
  culprits: Culprit[];
}
