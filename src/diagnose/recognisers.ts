// The messages diagnose understands: one entry per message shape, with who prints it and where
// the text was taken from. Order matters: a more specific shape comes before a general one, and
// text one recogniser took is not looked at again (parse-messages.ts).
//
// Named groups: `path` (the file the message is about), `soname`, `module`; every other named
// group becomes a fact of the message.
import type { MessageKind } from './model.js';

export interface Recogniser {
  /** Unique id of this shape. */
  id: string;
  kind: MessageKind;
  /** The message as it looks, for the README. */
  shape: string;
  /** The program or loader that prints it, with its source. */
  printedBy: string;
  /** Where the text was taken from: a public thread or a section of binaries.md. */
  seenIn: string;
  /** Global regular expression over the cleaned log (lines joined with "\n"). */
  pattern: RegExp;
  /** Text every match contains: the expression only runs on logs that hold it. */
  needle: string;
}

/** A look-alike: the message is understood and never caused by the build context. */
export interface LookAlike {
  reason: string;
  advice: string;
}

// Every pattern runs over the whole log, so each must cost time linear in its length: a run of
// path characters is tried only from its first character (the lookbehind), and no two unbounded
// repeats of the same characters follow each other (a 10 MB line of `/x/x…` stays linear).
const PATH_CHAR = `[^\\s'"\`:()]`;
// A path as loaders and shells print it: no whitespace, quotes, colon or parentheses.
const P = `(?<!${PATH_CHAR})${PATH_CHAR}+`;
// The same, but it must contain a "/" (a file named by path, not a soname or a command).
const PS = `(?<!${PATH_CHAR})(?=${PATH_CHAR}*\\/)${PATH_CHAR}+`;
// A library name without a directory.
const NAME = `(?<!${PATH_CHAR})[^\\s'"\`:()/]+`;
// A shell naming itself before its message: `sh: `, `-ash: `, `/bin/sh: `, `bash: `.
const SHELL = `(?<![\\w./-])(?:\\/(?:[\\w.-]{1,64}\\/){0,8})?-?[a-z]{0,16}sh: `;

const re = (source: string, flags = ''): RegExp => new RegExp(source, 'g' + flags);

export const RECOGNISERS: readonly Recogniser[] = [
  // --- BuildKit and the classic builder reading the context for COPY/ADD ---------------------
  {
    id: 'buildkit-checksum-not-found',
    kind: 'buildkit-source-not-found',
    shape:
      'failed to compute cache key: failed to calculate checksum of ref <id>::<id>: "/requirements.txt": not found',
    printedBy: 'BuildKit (solver/llbsolver contenthash: a COPY/ADD source the context does not send)',
    seenIn: 'https://github.com/DataMedSci/pymchelper/issues/836',
    needle: 'not found',
    pattern: re(
      `(?:failed to calculate checksum of ref [^\\s"]{1,200}: |failed to compute cache key: |ERROR: )"(?<path>[^"\\n]{1,4096})":? not found`,
    ),
  },
  {
    id: 'classic-copy-failed',
    kind: 'buildkit-source-not-found',
    shape:
      'COPY failed: file not found in build context or excluded by .dockerignore: stat requirements.txt: file does not exist',
    printedBy: 'the classic builder (docker build without BuildKit)',
    seenIn: 'https://github.com/sigstore/rekor/pull/1352',
    needle: 'failed: ',
    pattern: re(
      `(?:COPY|ADD) failed: (?:file not found in build context or excluded by \\.dockerignore: )?stat (?<path>[^:\\n]{1,4096}): (?:file does not exist|no such file or directory)`,
    ),
  },
  // --- Node.js and its native packages -------------------------------------------------------
  {
    id: 'node-module-version',
    kind: 'node-module-version',
    shape:
      "The module '<p>' was compiled against a different Node.js version using NODE_MODULE_VERSION <a>. This version of Node.js requires NODE_MODULE_VERSION <b>.",
    printedBy: 'Node.js process.dlopen (nodejs/node src/node_binding.cc)',
    seenIn: 'https://github.com/nodejs/help/issues/3414',
    needle: 'NODE_MODULE_VERSION',
    pattern: re(
      // The head may be cut off where a log wraps or a post quotes it (nodejs/help#3414 starts at
      // "NODE_MODULE_VERSION 72."): the two versions alone are the message.
      `(?:(?:The module '(?<path>[^'\\n]+)'\\s+)?was compiled against a different Node\\.js version using\\s+)?NODE_MODULE_VERSION (?<compiledAbi>\\d+)\\.\\s+This version of Node\\.js requires\\s+NODE_MODULE_VERSION (?<requiredAbi>\\d+)`,
    ),
  },
  {
    id: 'sharp-binaries-cannot-be-used',
    kind: 'sharp-platform',
    shape: "'darwin-x64' binaries cannot be used on the 'linux-x64' platform (sharp < 0.33)",
    printedBy: 'sharp lib/libvips.js',
    seenIn: 'https://github.com/lovell/sharp/issues/2443',
    needle: 'binaries cannot be used on the',
    pattern: re(`'(?<installed>[\\w-]+)' binaries cannot be used on the '(?<runtime>[\\w-]+)' platform`),
  },
  {
    id: 'sharp-could-not-load',
    kind: 'sharp-platform',
    shape: 'Could not load the "sharp" module using the linuxmusl-x64 runtime (sharp ≥ 0.33)',
    printedBy: 'sharp lib/sharp.js',
    seenIn: 'https://github.com/lovell/sharp/issues/4142',
    needle: 'Could not load the "sharp" module',
    pattern: re(`Could not load the "sharp" module using the (?<runtime>[\\w-]+) runtime`),
  },
  {
    id: 'esbuild-other-platform',
    kind: 'esbuild-platform',
    shape:
      'You installed esbuild for another platform … the "@esbuild/darwin-arm64" package is present but this platform needs the "@esbuild/linux-arm64" package instead',
    printedBy: 'esbuild lib/main.js (the JS shim)',
    seenIn: 'https://github.com/evanw/esbuild/issues/2617',
    needle: 'package is present but this platform',
    pattern: re(
      `the "(?<present>[^"\\s]+)" package is present but this platform\\s+needs the "(?<needed>[^"\\s]+)" package instead`,
    ),
  },
  {
    id: 'esbuild-package-not-found',
    kind: 'esbuild-missing-package',
    shape: 'The package "@esbuild/linux-x64" could not be found, and is needed by esbuild.',
    printedBy: 'esbuild lib/main.js (the JS shim)',
    seenIn: 'https://github.com/evanw/esbuild/issues/1819',
    needle: 'could not be found, and is needed by esbuild',
    pattern: re(`The package "(?<needed>[^"\\s]+)" could not be found, and is needed by esbuild`),
  },
  {
    id: 'rollup-native-missing',
    kind: 'rollup-platform',
    shape: 'Cannot find module @rollup/rollup-linux-x64-musl. npm has a bug related to optional dependencies',
    printedBy: 'rollup dist/native.js',
    seenIn: 'https://github.com/rollup/rollup/issues/5170',
    needle: '@rollup/rollup-',
    pattern: re(`Cannot find module '?(?<needed>@rollup\\/rollup-[\\w-]+)'?`),
  },
  {
    id: 'parcel-watcher-no-prebuild',
    kind: 'platform-package-missing',
    shape: 'No prebuild or local build of @parcel/watcher found. Tried @parcel/watcher-linux-x64-glibc.',
    printedBy: '@parcel/watcher index.js',
    seenIn: 'https://github.com/parcel-bundler/watcher/issues/152',
    needle: 'No prebuild or local build of',
    pattern: re(
      `No prebuild or local build of (?<package>[@\\w./-]+) found\\. Tried (?<needed>[@\\w./-]+?)\\.?(?=\\s|$)`,
    ),
  },
  {
    id: 'node-platform-package-not-found',
    kind: 'platform-package-missing',
    shape: "Cannot find module '@swc/core-linux-x64-gnu' | Cannot find module '../lightningcss.linux-x64-gnu.node'",
    printedBy: 'Node.js require, from a package that loads the optional dependency built for the running platform',
    seenIn: 'https://github.com/nrwl/nx/issues/9395',
    needle: 'Cannot find module',
    pattern: re(
      `Cannot find module '(?<needed>(?:@[\\w.-]+\\/)?[\\w.-]+?-(?:linux|darwin|win32|freebsd|android)-[\\w-]+|\\.\\.?\\/[\\w.-]+?\\.(?:linux|darwin|win32|freebsd|android)-[\\w-]+\\.node)'`,
    ),
  },
  {
    id: 'node-addon-not-found',
    kind: 'node-addon-not-found',
    shape: "Cannot find module '…/lib/binding/napi-v6-linux-glibc-x64/node_sqlite3.node'",
    printedBy: 'Node.js require (node-pre-gyp, sharp < 0.33 prebuilt addons)',
    seenIn: 'https://github.com/TryGhost/node-sqlite3/issues/1677',
    needle: 'Cannot find module',
    pattern: re(`Cannot find module '(?<path>[^'\\n]+\\.node)'(?:\\s+Require stack:\\s+- (?<requiredBy>\\S+))?`),
  },
  // --- glibc ------------------------------------------------------------------------------------
  {
    id: 'glibc-version-not-found',
    kind: 'glibc-version-not-found',
    shape: "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.28' not found (required by <p>)",
    printedBy: 'glibc elf/dl-version.c',
    seenIn: 'https://github.com/docker-library/python/issues/518',
    needle: ' not found (required by ',
    pattern: re(
      `(?<library>${P}): version [\`'‘](?<version>[^'’\`\\s]+)['’] not found \\(required by (?<path>[^)\\s]+)\\)`,
    ),
  },
  {
    id: 'glibc-program-missing-library',
    kind: 'glibc-missing-library',
    shape:
      '<p>: error while loading shared libraries: libdep.so.1: cannot open shared object file: No such file or directory',
    printedBy: 'glibc elf/dl-catch.c (starting a program)',
    seenIn: 'binaries.md §4.2',
    needle: 'error while loading shared libraries',
    pattern: re(
      `(?<path>${P}): error while loading shared libraries: (?<soname>${NAME}): cannot open shared object file`,
    ),
  },
  {
    id: 'glibc-cannot-open-file',
    kind: 'glibc-cannot-open-file',
    shape: '<p>: cannot open shared object file: No such file or directory (for a file that exists)',
    printedBy: 'glibc elf/dl-load.c open_verify (a foreign e_machine reads as ENOENT)',
    seenIn: 'https://github.com/dbgate/dbgate/issues/1384',
    needle: 'cannot open shared object file',
    pattern: re(`(?<path>${PS}): cannot open shared object file: No such file or directory`),
  },
  {
    id: 'glibc-missing-library',
    kind: 'glibc-missing-library',
    shape: 'libc.musl-x86_64.so.1: cannot open shared object file: No such file or directory',
    printedBy: 'glibc elf/dl-load.c _dl_map_object (a DT_NEEDED library is not found)',
    seenIn: 'https://github.com/pyca/cryptography/issues/5845',
    needle: 'cannot open shared object file',
    pattern: re(`(?<soname>${NAME}): cannot open shared object file: No such file or directory`),
  },
  {
    id: 'glibc-wrong-elf-class',
    kind: 'glibc-wrong-elf-class',
    shape: '<p>: wrong ELF class: ELFCLASS32',
    printedBy: 'glibc elf/dl-load.c _dl_map_object',
    seenIn: 'https://github.com/psycopg/psycopg2/issues/690',
    needle: 'wrong ELF class',
    pattern: re(`(?<path>${P}): wrong ELF class: (?<elfClass>ELFCLASS(?:32|64))`),
  },
  {
    id: 'glibc-wrong-byte-order',
    kind: 'glibc-wrong-byte-order',
    shape: '<p>: ELF file data encoding not little-endian',
    printedBy: 'glibc elf/dl-load.c open_verify (upstream glibc; Debian reports ENOENT)',
    seenIn: 'binaries.md §4.1',
    needle: 'ELF file data encoding not',
    pattern: re(`(?<path>${P}): ELF file data encoding not (?<endianness>little|big)-endian`),
  },
  {
    id: 'glibc-file-too-short',
    kind: 'glibc-file-too-short',
    shape: '<p>: file too short',
    printedBy: 'glibc elf/dl-load.c open_verify',
    seenIn: 'binaries.md §4.1 (fixtures/binaries/loader-output.json)',
    needle: 'file too short',
    pattern: re(`(?<path>${P}): file too short`),
  },
  {
    id: 'glibc-os-abi-invalid',
    kind: 'glibc-os-abi-invalid',
    shape: '<p>: ELF file OS ABI invalid',
    printedBy: 'glibc elf/dl-load.c open_verify',
    seenIn: 'binaries.md §4.1 (fixtures/binaries/loader-output.json)',
    needle: 'ELF file OS ABI invalid',
    pattern: re(`(?<path>${P}): ELF file OS ABI invalid`),
  },
  {
    id: 'elf-alignment',
    kind: 'elf-alignment',
    shape: 'ELF load command address/offset not properly aligned | not page-aligned',
    printedBy: 'glibc elf/dl-map-segments.h, elf/dl-load.c',
    seenIn: 'https://github.com/psycopg/psycopg2/issues/1149',
    needle: 'ELF load command',
    pattern: re(
      `(?:(?<path>${P}): )?ELF load command (?:address\\/offset not (?:properly aligned|page-aligned)|alignment not page-aligned)`,
    ),
  },
  {
    id: 'glibc-invalid-elf-header',
    kind: 'glibc-invalid-elf-header',
    shape: '<p>: invalid ELF header',
    printedBy: 'glibc elf/dl-load.c open_verify',
    seenIn: 'https://github.com/kelektiv/node.bcrypt.js/issues/755',
    needle: 'invalid ELF header',
    pattern: re(`(?<path>${P}): invalid ELF header`),
  },
  // --- musl -------------------------------------------------------------------------------------
  {
    id: 'musl-exec-format',
    kind: 'musl-exec-format',
    shape: 'Error loading shared library <p>: Exec format error',
    printedBy: 'musl ldso/dynlink.c map_library',
    seenIn: 'https://github.com/WiseLibs/better-sqlite3/issues/943',
    needle: 'Error loading shared library',
    pattern: re(`Error loading shared library (?<path>${P}): Exec format error`),
  },
  {
    id: 'musl-missing-library',
    kind: 'musl-missing-library',
    shape: 'Error loading shared library ld-linux-x86-64.so.2: No such file or directory (needed by <p>)',
    printedBy: 'musl ldso/dynlink.c load_deps',
    seenIn: 'https://github.com/MatthiasLohr/docker-f5fpc/issues/26',
    needle: 'Error loading shared library',
    pattern: re(
      `Error loading shared library (?<soname>${NAME}): No such file or directory(?: \\(needed by (?<path>[^)\\s]+)\\))?`,
    ),
  },
  {
    id: 'musl-missing-file',
    kind: 'musl-missing-file',
    shape: 'Error loading shared library <p>: No such file or directory',
    printedBy: 'musl ldso/dynlink.c',
    seenIn: 'binaries.md §4.3',
    needle: 'Error loading shared library',
    pattern: re(`Error loading shared library (?<path>${PS}): No such file or directory`),
  },
  {
    id: 'musl-symbol-not-found',
    kind: 'musl-symbol-not-found',
    shape: 'Error relocating <p>: __strcpy_chk: symbol not found',
    printedBy: 'musl ldso/dynlink.c do_relocs',
    seenIn: 'https://github.com/sgerrand/alpine-pkg-glibc/issues/176',
    needle: 'Error relocating',
    pattern: re(`Error relocating (?<path>${P}): (?<symbol>[^\\s:]+): symbol not found`),
  },
  {
    id: 'musl-unsupported-relocation',
    kind: 'musl-unsupported-relocation',
    shape: 'Error relocating <p>: unsupported relocation type 1026',
    printedBy: 'musl ldso/dynlink.c do_relocs (musl never checks e_machine)',
    seenIn: 'binaries.md §4.3',
    needle: 'Error relocating',
    pattern: re(`Error relocating (?<path>${P}): unsupported relocation type (?<relocation>\\d+)`),
  },
  // --- starting a program ---------------------------------------------------------------------
  {
    id: 'runc-exec-format',
    kind: 'exec-format-error',
    shape: 'exec /app/server: exec format error',
    printedBy: 'runc (the kernel refused the file: ENOEXEC)',
    seenIn: 'https://github.com/treeverse/lakeFS/issues/7257',
    needle: 'exec format error',
    pattern: re(`exec (?<path>${P}): exec format error`),
  },
  {
    id: 'runc-exec-format-no-path',
    kind: 'exec-format-error',
    shape: 'standard_init_linux.go:228: exec user process caused: exec format error',
    printedBy: 'runc before 1.1',
    seenIn: 'https://github.com/pelican-eggs/eggs/issues/1595',
    needle: 'exec user process caused',
    pattern: re(`exec user process caused:? "?exec format error"?`),
  },
  {
    id: 'daemon-cannot-start-exec-format',
    kind: 'exec-format-error',
    shape:
      'exec format errorFATA[0000] Error response from daemon: Cannot start container <id>: [8] System error: exec format error',
    printedBy: 'Docker daemon before 1.11 (libcontainer)',
    seenIn: 'https://github.com/moby/moby/issues/10668',
    needle: 'Cannot start container',
    pattern: re(`Cannot start container [\\w.-]{1,128}: (?:\\[8\\] System error: )?exec format error`),
  },
  {
    id: 'bash-exec-format',
    kind: 'exec-format-error',
    shape: 'bash: ./x: cannot execute binary file: Exec format error',
    printedBy: 'bash',
    seenIn: 'https://github.com/evanw/esbuild/issues/642',
    needle: 'cannot execute binary file',
    pattern: re(`(?:(?<path>${P}): )?cannot execute binary file: Exec format error`),
  },
  {
    id: 'python-exec-format',
    kind: 'exec-format-error',
    shape: "OSError: [Errno 8] Exec format error: '<p>'",
    printedBy: 'CPython subprocess',
    seenIn: 'binaries.md §4.2',
    needle: 'Exec format error',
    pattern: re(`OSError: \\[Errno 8\\] Exec format error(?:: '(?<path>[^'\\n]+)')?`),
  },
  {
    id: 'shell-exec-format',
    kind: 'exec-format-error',
    shape: 'sh: 1: ./x: Exec format error',
    printedBy: 'dash',
    seenIn: 'binaries.md §4.2',
    needle: 'Exec format error',
    pattern: re(`(?<path>${PS}): Exec format error`),
  },
  {
    id: 'shell-syntax-fallback',
    kind: 'shell-syntax-error',
    shape: './x: 1: Syntax error: word unexpected (expecting ")")',
    printedBy: 'dash or busybox sh reading a binary as a script (execvp retries ENOEXEC with /bin/sh)',
    seenIn: 'binaries.md §0.5, §4.2',
    needle: '(expecting ")")',
    pattern: re(`(?<path>${P}): (?:line )?\\d+: [Ss]yntax error: [^\\n]*?\\(expecting "\\)"\\)`),
  },
  {
    id: 'bare-exec-format',
    kind: 'exec-format-error',
    shape: 'exec format error',
    printedBy: 'runc, containerd and the daemon, without the program (e.g. `Error: exec format error`)',
    seenIn: 'https://github.com/moby/moby/issues/10668',
    needle: 'xec format error',
    pattern: re(`(?<![\\w-])[Ee]xec format error`),
  },
  {
    id: 'env-interpreter-crlf',
    kind: 'crlf-interpreter',
    shape:
      "/usr/bin/env: 'bash\\r': No such file or directory (straight or curly quotes, a real CR, or the CR shown as a space or a line break)",
    printedBy: 'GNU env and busybox env, exec-ing the interpreter a #! line with a CR LF ending names',
    seenIn: 'https://github.com/kartoza/docker-postgis/issues/106',
    needle: 'No such file or directory',
    pattern: re(
      `(?<![\\w.-])env: (?:can't execute )?['‘"](?<interpreter>[\\w.\\/+-]{1,255})(?:\\\\r|\\r|\\^M| |\\n)['’"]: No such file or directory`,
    ),
  },
  {
    id: 'runc-not-found',
    kind: 'exec-not-found',
    shape: 'exec /app/.venv/bin/fastapi: no such file or directory',
    printedBy: 'runc (the kernel could not open the interpreter: ENOENT)',
    seenIn: 'https://github.com/astral-sh/uv-docker-example/pull/33',
    needle: 'no such file or directory',
    pattern: re(`exec (?<path>${P}): no such file or directory`),
  },
  {
    id: 'runc-stat-not-found',
    kind: 'exec-not-found',
    shape:
      'OCI runtime create failed: … exec: "./docker/docker-entrypoint.sh": stat ./docker/docker-entrypoint.sh: no such file or directory: unknown',
    printedBy: 'runc, before starting the process (the program itself is missing or a dangling symlink)',
    seenIn: 'https://github.com/whyour/qinglong/issues/2567',
    needle: 'no such file or directory',
    pattern: re(`exec: \\\\?"(?<path>[^"\\\\]+)\\\\?": stat (?:[^:\\n]+): no such file or directory`),
  },
  {
    id: 'runc-not-in-path',
    kind: 'exec-not-found',
    shape: 'OCI runtime create failed: … exec: "fastapi": executable file not found in $PATH: unknown',
    printedBy: 'runc (the command is looked up on PATH)',
    seenIn: 'https://github.com/astral-sh/uv/issues/8342',
    needle: 'executable file not found in $PATH',
    pattern: re(`exec: \\\\?"(?<path>[^"\\\\]+)\\\\?": executable file not found in \\$PATH`),
  },
  {
    id: 'runc-not-found-no-path',
    kind: 'exec-not-found',
    shape: 'standard_init_linux.go:190: exec user process caused "no such file or directory"',
    printedBy: 'runc before 1.1',
    seenIn: 'https://github.com/gthole/gedgo/issues/9',
    needle: 'exec user process caused',
    pattern: re(`exec user process caused:? "?no such file or directory"?`),
  },
  {
    id: 'bash-required-file-not-found',
    kind: 'exec-not-found',
    shape: 'bash: ./x: cannot execute: required file not found',
    printedBy: 'bash 5.2',
    seenIn: 'https://github.com/wassim249/fastapi-langgraph-agent-production-ready-template/issues/18',
    needle: 'required file not found',
    pattern: re(`(?<path>${P}): cannot execute: required file not found`),
  },
  {
    id: 'bash-bad-interpreter',
    kind: 'exec-not-found',
    shape: 'bash: <p>: /usr/local/bin/python3.5: bad interpreter: No such file or directory',
    printedBy: 'bash before 5.2',
    seenIn: 'https://github.com/xonsh/xonsh/issues/1573',
    needle: 'bad interpreter',
    pattern: re(`(?<path>${P}): (?<interpreter>${P}): bad interpreter: No such file or directory`),
  },
  {
    id: 'sh-not-found',
    kind: 'exec-not-found',
    shape: 'sh: ./server: not found',
    printedBy: 'busybox sh, dash',
    seenIn: 'https://github.com/gliderlabs/docker-alpine/issues/12',
    needle: ': not found',
    pattern: re(`${SHELL}(?:\\d+: )?(?<path>${PS}): not found`),
  },
  {
    id: 'sh-no-such-file',
    kind: 'exec-not-found',
    shape: 'bash: ./dockerfy: No such file or directory',
    printedBy: 'bash, sh',
    seenIn: 'https://github.com/SocialCodeInc/dockerfy/issues/6',
    needle: 'No such file or directory',
    pattern: re(`${SHELL}(?:line \\d+: )?(?<path>${PS}): No such file or directory`),
  },
  {
    id: 'venv-python-missing',
    kind: 'venv-python-missing',
    shape: "Error: [Errno 2] No such file or directory: '/app/.venv/bin/python3'",
    printedBy: 'python -m venv, when the directory already holds a virtual environment made elsewhere',
    seenIn: 'https://github.com/docker-library/python/issues/216',
    needle: 'No such file or directory',
    pattern: re(`Error: \\[Errno 2\\] No such file or directory: '(?<path>[^'\\n]{0,4000}\\/bin\\/python[\\d.]*)'`),
  },
  {
    id: 'python-file-not-found',
    kind: 'exec-not-found',
    shape: "FileNotFoundError: [Errno 2] No such file or directory: '<p>'",
    printedBy: 'CPython subprocess',
    seenIn: 'binaries.md §4.2',
    needle: 'FileNotFoundError',
    // Only a path: `open('config.yaml')` fails with the same words.
    pattern: re(`FileNotFoundError: \\[Errno 2\\] No such file or directory: '(?=[^'\\n]*\\/)(?<path>[^'\\n]+)'`),
  },
  // --- Python -----------------------------------------------------------------------------------
  {
    id: 'python-module-not-found',
    kind: 'python-module-not-found',
    shape: "ModuleNotFoundError: No module named 'numpy.core._multiarray_umath'",
    printedBy: 'CPython import system',
    seenIn: 'https://github.com/numpy/numpy/issues/24114',
    needle: 'No module named',
    pattern: re(`ModuleNotFoundError: No module named '(?<module>[^'\\n]+)'`),
  },
  {
    id: 'python2-no-module',
    kind: 'python-module-not-found',
    shape: 'ImportError: No module named compose.cli.main',
    printedBy: 'CPython 2 import system',
    seenIn: 'https://github.com/docker/compose/issues/6481',
    needle: 'No module named',
    pattern: re(`ImportError: No module named '?(?<module>[\\w.]+)'?`),
  },
  {
    id: 'python-bad-magic',
    kind: 'python-bad-magic',
    shape: "ImportError: bad magic number in 'mod': b'U\\r\\r\\n'",
    printedBy: 'CPython Lib/importlib/_bootstrap_external.py _classify_pyc',
    seenIn: 'https://github.com/Mayachitra-Inc/MaleX/issues/5',
    needle: 'bad magic number in',
    pattern: re(
      `bad magic number in '(?<module>[^'\\n]+)': (?<magic>b'(?:[^'\\\\\\n]|\\\\.)*'|b"(?:[^"\\\\\\n]|\\\\.)*")`,
    ),
  },
  {
    id: 'python-bad-magic-pyc',
    kind: 'python-bad-magic',
    shape: 'RuntimeError: Bad magic number in .pyc file',
    printedBy: 'CPython Python/pythonrun.c (running a .pyc directly)',
    seenIn: 'https://github.com/whitelok/watermark-remover/issues/31',
    needle: 'Bad magic number in .pyc file',
    pattern: re(`Bad magic number in \\.pyc file`),
  },
  {
    id: 'uv-venv-exists',
    kind: 'uv-venv-exists',
    shape: 'error: Failed to create virtual environment … A virtual environment already exists at `/opt/app/.venv`',
    printedBy: 'uv venv',
    seenIn: 'https://github.com/NousResearch/hermes-agent/issues/8828',
    needle: 'already exists at',
    pattern: re('A virtual environment already exists at `(?<path>[^`\\n]+)`'),
  },
  {
    id: 'uv-venv-invalid',
    kind: 'uv-venv-invalid',
    shape:
      'error: Project virtual environment directory `/app/.venv` cannot be used because it is not a valid Python environment (no Python executable was found)',
    printedBy: 'uv sync, uv run (a project environment directory without a usable interpreter)',
    seenIn: 'https://github.com/activetigger/activetigger/issues/998',
    needle: 'is not a valid Python environment',
    pattern: re(
      'Project virtual environment directory `(?<path>[^`\\n]+)` cannot be used because it is not a valid Python environment',
    ),
  },
  {
    id: 'uv-canonicalize-python',
    kind: 'uv-venv-invalid',
    shape:
      'error: failed to canonicalize path `/code/.venv/bin/python` Caused by: No such file or directory (os error 2)',
    printedBy: "uv (an existing venv's bin/python links to an interpreter this machine does not have)",
    seenIn: 'https://github.com/astral-sh/uv/issues/3375',
    needle: 'failed to canonicalize path',
    pattern: re('failed to canonicalize path `?(?<path>[^`\\s]{1,4000}\\/bin\\/python[\\d.]*)`?'),
  },
  {
    id: 'uv-venv-dangling-python',
    kind: 'uv-venv-invalid',
    shape:
      'warning: Ignoring existing virtual environment linked to non-existent Python interpreter: /app/.venv/bin/python3 -> python',
    printedBy:
      "uv sync / uv run, before it removes and recreates a venv whose bin/python points at another machine's interpreter",
    seenIn: 'https://github.com/astral-sh/uv/issues/11010',
    needle: 'linked to non-existent Python interpreter',
    pattern: re(
      'Ignoring existing virtual environment linked to non-existent Python interpreter: (?<path>[^\\s`]{1,4000}\\/bin\\/python[\\d.]*)',
    ),
  },
  // --- look-alikes ------------------------------------------------------------------------------
  {
    id: 'uv-venv-mismatch',
    kind: 'uv-venv-mismatch',
    shape: 'warning: `VIRTUAL_ENV=/.venv` does not match the project environment path `.venv`',
    printedBy: 'uv run',
    seenIn: 'https://github.com/readthedocs/readthedocs.org/issues/12616',
    needle: 'does not match the project environment path',
    pattern: re(
      '`VIRTUAL_ENV=(?<virtualEnv>[^`\\n]+)` does not match the project environment path `(?<path>[^`\\n]+)`',
    ),
  },
  {
    id: 'node-self-register',
    kind: 'node-self-register',
    shape: "Error: Module did not self-register: '<p>'.",
    printedBy: 'Node.js process.dlopen (nodejs/node src/node_binding.cc)',
    seenIn: 'https://github.com/nodejs/node/issues/40505',
    needle: 'did not self-register',
    pattern: re(`Module did not self-register(?:: '(?<path>[^'\\n]+)')?`),
  },
  {
    id: 'macos-incompatible-arch',
    kind: 'macos-incompatible-arch',
    shape: "mach-o file, but is an incompatible architecture (have 'x86_64', need 'arm64')",
    printedBy: 'dyld on macOS',
    seenIn: 'https://github.com/vlcn-io/vite-starter/issues/25',
    needle: 'incompatible architecture',
    pattern: re(
      `mach-o file, but is an incompatible architecture(?: \\(have '(?<have>[^'\\n]+)', need '(?<need>[^'\\n]+)')?`,
    ),
  },
  {
    id: 'glibc-cpu-level',
    kind: 'cpu-unsupported',
    shape: 'Fatal glibc error: CPU does not support x86-64-v2',
    printedBy: 'glibc ld.so of a distribution built for a newer x86-64 level (RHEL 9, UBI 9)',
    seenIn: 'https://github.com/chainguard-images/images/issues/1658',
    needle: 'CPU does not support',
    pattern: re(`CPU does not support (?<cpuLevel>x86-64-v\\d)`),
  },
  {
    id: 'image-platform-warning',
    kind: 'image-platform',
    shape:
      "WARNING: The requested image's platform (linux/amd64) does not match the detected host platform (linux/arm64/v8)",
    printedBy: 'docker run',
    seenIn: 'https://github.com/sickcodes/dock-droid/issues/16',
    needle: 'does not match the detected host platform',
    pattern: re(
      `The requested image's platform \\((?<imagePlatform>[\\w/.-]+)\\) does not match the detected host platform \\((?<hostPlatform>[\\w/.-]+)\\)`,
    ),
  },
  {
    id: 'node-dlopen-failed',
    kind: 'node-dlopen-failed',
    shape: "code: 'ERR_DLOPEN_FAILED'",
    printedBy: 'Node.js process.dlopen',
    seenIn: 'https://github.com/WiseLibs/better-sqlite3/issues/943',
    needle: 'ERR_DLOPEN_FAILED',
    pattern: re(`ERR_DLOPEN_FAILED`),
  },
];

/** Messages that are understood and never caused by the build context, and what to check instead. */
export const LOOK_ALIKES: Partial<Record<MessageKind, LookAlike>> = {
  'elf-alignment': {
    reason: 'segment-alignment',
    advice:
      'The loader refuses how the library aligns its segments, not where it came from: libraries rewritten by patchelf 0.18 or newer ' +
      'fail on glibc older than 2.35, and wheels built for 4 KiB pages fail on kernels with 64 KiB pages (aarch64 RHEL). ' +
      'Use a newer base image, pin a wheel built for the page size, or run on a 4 KiB-page host.',
  },
  'node-self-register': {
    reason: 'not-a-node-addon',
    advice:
      'Node loaded the file, so it is a library for this platform; it just did not register as an addon. It is a plain shared ' +
      'library required as a .node file, or an addon loaded twice (two copies of the package, or a worker that loads it again). ' +
      'Check which package requires it and that only one copy is installed.',
  },
  'macos-incompatible-arch': {
    reason: 'error-on-macos',
    advice:
      'dyld printed this on macOS: the error happened on the Mac, not in a container. Reinstall the package on the Mac for its ' +
      'own architecture (arm64 or x86_64), e.g. `rm -rf node_modules && npm install` outside Rosetta.',
  },
  'cpu-unsupported': {
    reason: 'cpu-level',
    advice:
      'The program refuses the CPU it runs on, not a file of the build context: the image (or a wheel or binary in it) needs a newer ' +
      'instruction-set level (x86-64-v2/v3, AVX, ARMv8.2) than the host or VM offers. Run on a newer CPU or a VM that passes the host ' +
      'CPU through (e.g. QEMU `-cpu host`), or use a base image or package built for the older level.',
  },
  'image-platform': {
    reason: 'image-platform',
    advice:
      'The image was built or pulled for another platform than the host runs: nothing in the build context is involved. Build the ' +
      'image for the host (`docker build --platform linux/arm64 …`, or a multi-platform `docker buildx build --platform linux/amd64,linux/arm64`), ' +
      'or pull the variant for the host.',
  },
  'uv-venv-mismatch': {
    reason: 'bind-mount',
    advice:
      'A bind mount (compose `volumes: - .:/app`) brings the project directory, and its .venv, in at run time; the build context ' +
      'is not involved. Mount an anonymous volume over the project environment (`- /app/.venv`), or set UV_PROJECT_ENVIRONMENT ' +
      'to the venv the image built.',
  },
};
