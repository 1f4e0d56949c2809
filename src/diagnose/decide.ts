// For each recognised message: which files of the context could be the one it is about, and
// whether their bytes really produce that message on the image's platform. Loader messages are
// checked against the exact messages glibc, musl and the kernel print for the sniffed file
// (decide-loader.ts); Python and npm messages against CPython's extension suffixes and npm's
// platform fields (decide-python.ts, decide-node.ts). Files are read only through the Reader.
import { lookAlike, nothingFound, mapped, type DecideContext, type Decision, type Handler } from './decide-common.js';
import { decideSourceNotFound } from './decide-build.js';
import {
  decideCrlfInterpreter,
  decideExecFormat,
  decideExecNotFound,
  decideGlibcVersion,
  decideLoaderFile,
  decideMissingLibrary,
} from './decide-loader.js';
import {
  decideAddonNotFound,
  decideEsbuild,
  decideNodeAbi,
  decidePlatformPackage,
  decideRollup,
  decideSharp,
} from './decide-node.js';
import {
  decideBadMagic,
  decideModuleNotFound,
  decideUvVenvInvalid,
  decideVenvExists,
  decideVenvPythonMissing,
} from './decide-python.js';
import type { MessageKind, ParsedMessage } from './model.js';
import { LOOK_ALIKES } from './recognisers.js';

export type { CulpritDraft, DecideContext, Decision, Reader } from './decide-common.js';

function decideLookAlike(m: ParsedMessage, ctx: DecideContext): Decision {
  const info = LOOK_ALIKES[m.kind]!;
  const candidates = m.path === null ? [] : mapped(m, ctx).map((mp) => mp.contextPath);
  return lookAlike(info.reason, info.advice, candidates);
}

function decideDlopenMarker(): Decision {
  return nothingFound(
    'no-loader-message',
    "Node's dlopen failed; the loader's own message (the line with the file's path before ERR_DLOPEN_FAILED) says why: include it.",
  );
}

const HANDLERS = {
  'glibc-invalid-elf-header': decideLoaderFile,
  'glibc-wrong-elf-class': decideLoaderFile,
  'glibc-wrong-byte-order': decideLoaderFile,
  'glibc-file-too-short': decideLoaderFile,
  'glibc-os-abi-invalid': decideLoaderFile,
  'glibc-cannot-open-file': decideLoaderFile,
  'glibc-missing-library': decideMissingLibrary,
  'glibc-version-not-found': decideGlibcVersion,
  'musl-exec-format': decideLoaderFile,
  'musl-missing-library': decideMissingLibrary,
  'musl-missing-file': decideLoaderFile,
  'musl-symbol-not-found': decideLoaderFile,
  'musl-unsupported-relocation': decideLoaderFile,
  'buildkit-source-not-found': decideSourceNotFound,
  'exec-format-error': decideExecFormat,
  'crlf-interpreter': decideCrlfInterpreter,
  'shell-syntax-error': decideExecFormat,
  'exec-not-found': decideExecNotFound,
  'python-module-not-found': decideModuleNotFound,
  'python-bad-magic': decideBadMagic,
  'uv-venv-exists': decideVenvExists,
  'uv-venv-invalid': decideUvVenvInvalid,
  'venv-python-missing': decideVenvPythonMissing,
  'node-module-version': decideNodeAbi,
  'node-addon-not-found': decideAddonNotFound,
  'node-dlopen-failed': decideDlopenMarker,
  'sharp-platform': decideSharp,
  'esbuild-platform': decideEsbuild,
  'esbuild-missing-package': decideEsbuild,
  'rollup-platform': decideRollup,
  'platform-package-missing': decidePlatformPackage,
  'elf-alignment': decideLookAlike,
  'node-self-register': decideLookAlike,
  'macos-incompatible-arch': decideLookAlike,
  'uv-venv-mismatch': decideLookAlike,
  'cpu-unsupported': decideLookAlike,
  'image-platform': decideLookAlike,
} satisfies Record<MessageKind, Handler>;

/** What the context has to do with one message. */
export function decideMessage(m: ParsedMessage, ctx: DecideContext): Decision {
  return HANDLERS[m.kind](m, ctx);
}
