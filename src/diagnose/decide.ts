// For each recognised message: which files of the context could be the one it is about, and
// whether their bytes really produce that message on the image's platform. Loader messages are
// checked against the exact messages glibc, musl and the kernel print for the sniffed file
// (sniff/compat.ts assessBinary); Python and npm messages against CPython's extension suffixes
// and npm's platform fields. Files are read only through the injected Reader.
import type { DockerfileModel } from '../dockerfile/model.js';
import { releasesWithGlibc } from '../dockerfile/base-image.js';
import { assessBinary, PATH_PLACEHOLDER, type Assessment } from '../sniff/compat.js';
import { nodePrebuildMatches, nodePrebuildPlatform, npmPlatformMatches, parseNpmPlatformFields } from '../sniff/node-metadata.js';
import { formatPlatform, linuxArch, type Libc, type TargetPlatform } from '../sniff/platform.js';
import { extensionSuffixesFor, parseExtensionSuffix, parsePyvenvCfg, type ExtensionSuffix } from '../sniff/python-metadata.js';
import { pythonForPycMagic } from '../sniff/sniff-magic.js';
import { describeSniffed } from '../sniff/sniff.js';
import type { Sniffed } from '../sniff/sniffed.js';
import { absoluteContainerPath, entrypointOf, mapContainerPath, workdirOf, type MappedPath } from './map-paths.js';
import type { CulpritKind, MessageKind, MessageVerdict, ParsedMessage, PathOrigin } from './model.js';
import { LOADER_OF, parseEsbuildPackage, parseMessages, parseRollupPackage, parseSharpPlatform } from './parse-messages.js';
import { LOOK_ALIKES } from './recognisers.js';
import {
  basenameOf,
  dirsIn,
  filesBelow,
  filesIn,
  findExtensionFiles,
  findPackageDirs,
  findPackageDirsByPrefix,
  findPythonSource,
  findSourcelessPyc,
  joinPath,
  nativeFiles,
  parentOf,
  venvRootOf,
  type EntryMap,
} from './search-context.js';

/** package.json, pyvenv.cfg: read at most this much. */
export const MAX_MANIFEST_BYTES = 256 * 1024;
/** A lockfile is read at most this much (large monorepo lockfiles run to a few MB). */
export const MAX_LOCKFILE_BYTES = 32 * 1024 * 1024;
/** Symlinks followed inside the context at most (Linux MAXSYMLINKS). */
const MAX_LINK_HOPS = 40;

/** File reads the decision step may make; the orchestrator implements them with bounded reads. */
export interface Reader {
  /** What the regular file at a context path is; null when it cannot be read. */
  sniff(path: string): Sniffed | null;
  /** The file's text, when it is a regular file of at most `maxBytes`. */
  text(path: string, maxBytes: number): string | null;
}

export interface DecideTarget {
  platform: TargetPlatform;
  libc: Libc;
  glibcVersion: string | null;
  pythonVersion: string | null;
  nodeModuleVersion: number | null;
}

export interface DecideContext {
  entries: EntryMap;
  model: DockerfileModel | null;
  target: DecideTarget;
  read: Reader;
}

export interface CulpritDraft {
  path: string;
  type: 'file' | 'dir' | 'symlink';
  kind: CulpritKind;
  what: string;
  explanation: string;
  origin: PathOrigin | null;
}

export interface Decision {
  verdict: MessageVerdict;
  reason: string;
  advice: string | null;
  candidates: string[];
  culprits: CulpritDraft[];
}

type Handler = (m: ParsedMessage, ctx: DecideContext) => Decision;

// ---------------------------------------------------------------------------------------------
// Small helpers.

function culpritFound(reason: string, candidates: string[], culprits: CulpritDraft[]): Decision {
  return { verdict: 'culprit', reason, advice: null, candidates: [...new Set(candidates)].sort(), culprits };
}

function nothingFound(reason: string, advice: string, candidates: string[] = []): Decision {
  return { verdict: 'not-in-context', reason, advice, candidates: [...new Set(candidates)].sort(), culprits: [] };
}

function lookAlike(reason: string, advice: string, candidates: string[] = []): Decision {
  return { verdict: 'not-a-context-problem', reason, advice, candidates: [...new Set(candidates)].sort(), culprits: [] };
}

function typeOf(ctx: DecideContext, path: string): 'file' | 'dir' | 'symlink' {
  const t = ctx.entries.get(path)?.type;
  return t === 'dir' ? 'dir' : t === 'symlink' ? 'symlink' : 'file';
}

function platformName(ctx: DecideContext): string {
  return `${formatPlatform(ctx.target.platform)} (${ctx.target.libc})`;
}

/** Where the file sits, for the explanation: "a host node_modules", "a host virtual environment". */
function environmentPhrase(path: string, entries: EntryMap): string {
  if (path.split('/').includes('node_modules')) return 'a node_modules installed on the host and copied into the image';
  if (venvRootOf(path, entries) !== null) return 'a virtual environment made on the host and copied into the image';
  if (/(?:^|\/)(?:site|dist)-packages\//.test(path)) return 'Python packages installed on the host and copied into the image';
  return 'a file built on the host and copied into the image';
}

// Paths on the machine that made an environment, never in a Linux image: macOS locations,
// Windows drives, home directories, version managers (binaries.md §3, errors-in-the-wild §3).
const HOST_PATH = /^(?:\/Users\/|\/opt\/homebrew\/|\/Library\/|\/usr\/local\/Cellar\/|\/Applications\/|\/home\/[^/]+\/|\/root\/\.local\/share\/uv\/|[A-Za-z]:[\\/]|\\\\)|\/\.pyenv\/versions\//;

export function isHostPath(path: string): boolean {
  return HOST_PATH.test(path);
}

/** Follows symlinks inside the context from `path`; returns the final path and the links passed. */
function followLinks(path: string, ctx: DecideContext): { path: string; links: string[]; absoluteTarget: string | null } {
  let current = path;
  const links: string[] = [];
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    const entry = ctx.entries.get(current);
    if (entry?.type !== 'symlink' || entry.linkTarget === undefined) return { path: current, links, absoluteTarget: null };
    links.push(current);
    // An absolute target points into the image, not into the context.
    if (entry.linkTarget.startsWith('/')) return { path: current, links, absoluteTarget: entry.linkTarget };
    const joined = absoluteContainerPath(entry.linkTarget, '/' + parentOf(current)).slice(1);
    if (joined.startsWith('..')) return { path: current, links, absoluteTarget: null };
    current = joined;
  }
  return { path: current, links, absoluteTarget: null };
}

function mapped(m: ParsedMessage, ctx: DecideContext, path = m.path): MappedPath[] {
  if (path === null) return [];
  return mapContainerPath(path, { model: ctx.model, entries: ctx.entries });
}

// ---------------------------------------------------------------------------------------------
// Loader messages: does this file make glibc, musl or the kernel print this message?

type Family = 'glibc' | 'musl' | 'exec';

function familyOf(kind: MessageKind): Family {
  return LOADER_OF[kind] ?? 'exec';
}

// The kind the real loader's message must have for this file to explain what was seen: the
// shell prints its syntax error only after the kernel refused the file with ENOEXEC.
function expectedKind(kind: MessageKind): MessageKind {
  return kind === 'shell-syntax-error' ? 'exec-format-error' : kind;
}

interface LoaderCheck {
  matches: boolean;
  assessment: Assessment;
}

/** Runs assessBinary for the family and compares the exact messages it predicts with the message seen. */
function checkLoader(s: Sniffed, m: ParsedMessage, ctx: DecideContext): LoaderCheck {
  const family = familyOf(m.kind);
  const libc: Libc = family === 'exec' ? ctx.target.libc : family;
  const glibcVersion = ctx.target.glibcVersion ?? undefined;
  // musl never checks e_machine or symbol versions: a foreign file of the same class and byte
  // order fails at its first relocation, a glibc-linked one at its first glibc-only symbol
  // (binaries.md §4.3). Neither is decided by the headers, so the messages have no template.
  if (m.kind === 'musl-unsupported-relocation' || m.kind === 'musl-symbol-not-found') {
    const a = assessBinary(s, ctx.target.platform, 'musl');
    const arch = linuxArch(ctx.target.platform.arch);
    const matches =
      s.format === 'elf' &&
      (m.kind === 'musl-symbol-not-found'
        ? s.libc === 'glibc'
        : s.arch !== ctx.target.platform.arch && arch !== undefined && s.bits === arch.elfBits && s.endian === arch.elfEndian);
    return { matches, assessment: a };
  }
  // Debian's ld.so and upstream's word a foreign big-endian file differently (compat.ts).
  const flavors = family === 'glibc' ? (['debian', 'upstream'] as const) : (['debian'] as const);
  let first: Assessment | null = null;
  for (const glibcFlavor of flavors) {
    const a = assessBinary(s, ctx.target.platform, libc, { glibcFlavor, ...(glibcVersion !== undefined ? { glibcVersion } : {}) });
    first ??= a;
    const template = a.loaderErrors[family];
    if (template === undefined || m.path === null) continue;
    const predicted = parseMessages(template.replaceAll(PATH_PLACEHOLDER, m.path)).map((p) => p.kind);
    if (predicted.includes(expectedKind(m.kind))) return { matches: true, assessment: a };
  }
  return { matches: false, assessment: first! };
}

function culpritKindOf(s: Sniffed, a: Assessment, m: ParsedMessage): CulpritKind {
  if (m.kind === 'exec-not-found' && s.format === 'elf') return 'missing-interpreter';
  switch (a.reason) {
    case 'macos-binary':
      return 'macos-binary';
    case 'windows-binary':
      return 'windows-binary';
    case 'arch-mismatch':
    case 'unsupported-abi':
    case 'arm-variant-too-new':
    case 'dotnet-arch':
      return 'foreign-arch';
    case 'class-mismatch':
      return 'wrong-elf-class';
    case 'byte-order-mismatch':
      return 'wrong-byte-order';
    case 'not-linux':
      return 'other-os-binary';
    case 'musl-on-glibc':
      return 'musl-binary';
    case 'glibc-on-musl':
      return 'glibc-binary';
    case 'glibc-too-new':
      return 'glibc-too-new';
    default:
      break;
  }
  if (s.format === 'script') return s.hasBom ? 'bom-before-shebang' : s.hasCrlf ? 'crlf-shebang' : 'not-a-binary';
  if (s.format === 'empty' || s.format === 'too-short' || s.size < 64) return 'truncated-file';
  return 'not-a-binary';
}

// What the loader does, in words, for each loader message.
const LOADER_SAYS: Partial<Record<MessageKind, string>> = {
  'glibc-invalid-elf-header': "glibc's loader found no ELF header at the start of the file",
  'glibc-cannot-open-file':
    'glibc says "No such file or directory" for a file that exists when it is built for another CPU: it skips the file as if it were absent (elf/dl-load.c open_verify)',
  'glibc-wrong-elf-class': 'glibc cannot load a file of the other word size (32 vs 64 bit) into the process',
  'glibc-wrong-byte-order': 'glibc refuses an ELF file of the other byte order',
  'glibc-file-too-short': 'glibc refuses a file shorter than an ELF header',
  'glibc-os-abi-invalid': 'glibc refuses an ELF file built for another operating system',
  'musl-exec-format': "musl's loader cannot map the file (ENOEXEC)",
  'musl-unsupported-relocation': 'musl never checks the CPU a library is built for and fails on its first relocation of a foreign kind',
  'musl-symbol-not-found': 'musl lacks the glibc-only symbols a glibc-linked file needs',
  'musl-missing-library': "the file needs glibc's dynamic loader, which a musl image does not have",
  'exec-format-error': 'the kernel refuses to start the file (ENOEXEC)',
  'shell-syntax-error': 'the kernel refused to start the file, so the shell read the binary as a script',
  'exec-not-found': 'the kernel reports "no such file" for a program whose interpreter is missing',
};

function causeOf(kind: CulpritKind, s: Sniffed, path: string, ctx: DecideContext): string {
  const env = environmentPhrase(path, ctx.entries);
  switch (kind) {
    case 'macos-binary':
      return `it was built on macOS: ${env}`;
    case 'windows-binary':
      return `it was built for Windows: ${env}`;
    case 'foreign-arch':
    case 'wrong-elf-class':
    case 'wrong-byte-order':
      return `it is built for ${s.format === 'elf' ? (s.platform ?? s.unsupported ?? s.machineName) : 'another CPU'}, the image is ${formatPlatform(ctx.target.platform)}: ${env}`;
    case 'other-os-binary':
      return `it is built for ${s.format === 'elf' ? s.os : 'another OS'}: ${env}`;
    case 'musl-binary':
      return `it is linked against musl (built on Alpine), the image uses glibc: ${env}`;
    case 'glibc-binary':
      return `it is linked against glibc, the image uses musl (Alpine): ${env}`;
    case 'missing-interpreter': {
      const interp = s.format === 'elf' ? s.interp : null;
      return `its program interpreter ${interp ?? '(PT_INTERP)'} belongs to ${s.format === 'elf' ? s.libc : 'another libc'}, and the image (${ctx.target.libc}) does not have it`;
    }
    case 'truncated-file':
      return `it is ${s.size} bytes long: an interrupted copy or a placeholder`;
    case 'crlf-shebang':
      return 'its #! line ends in CR LF, so the kernel looks for an interpreter whose name ends in a carriage return';
    case 'bom-before-shebang':
      return 'a UTF-8 byte-order mark precedes #!, so the kernel does not see a #! line';
    default:
      if (s.format === 'git-lfs-pointer') return 'it is a Git LFS pointer: the real file was never fetched (`git lfs pull` before the build)';
      if (s.format === 'html') return 'it is an HTML page saved in place of a download';
      if (s.format === 'script' || (s.format === 'unknown' && s.looksLikeText)) return 'it is a text file without a #! line the kernel could follow';
      return 'it is not machine code';
  }
}

function binaryCulprit(m: ParsedMessage, ctx: DecideContext, path: string, s: Sniffed, a: Assessment, origin: PathOrigin | null): CulpritDraft {
  const kind = culpritKindOf(s, a, m);
  const says = LOADER_SAYS[m.kind] ?? 'the loader refuses the file';
  return {
    path,
    type: typeOf(ctx, path),
    kind,
    what: describeSniffed(s),
    explanation: `${says}; ${path} is a ${describeSniffed(s)} — ${causeOf(kind, s, path, ctx)}.`,
    origin,
  };
}

/** Culprits among the files a message names, confirmed by the loader's own message. */
function namedBinaryCulprits(m: ParsedMessage, ctx: DecideContext, candidates: string[], path = m.path): CulpritDraft[] {
  const out: CulpritDraft[] = [];
  for (const mp of mapped(m, ctx, path)) {
    candidates.push(mp.contextPath);
    const link = followLinks(mp.contextPath, ctx);
    if (link.absoluteTarget !== null) continue;
    const s = ctx.read.sniff(link.path);
    if (s === null) continue;
    const check = checkLoader(s, { ...m, path: path ?? m.path }, ctx);
    if (check.matches) out.push(binaryCulprit(m, ctx, link.path, s, check.assessment, mp.origin));
  }
  return out;
}

const IMAGE_PLATFORM_ADVICE =
  'Nothing in the context is built for another platform: the whole image does not match the machine that runs it ' +
  '(an amd64 image on an arm64 host, or the reverse). Compare `docker image inspect --format "{{.Os}}/{{.Architecture}}" IMAGE` ' +
  'with the host (`uname -m`), and build with `--platform`. If the image is built for another platform than the Dockerfile says, pass it with --platform.';

function notInImageAdvice(m: ParsedMessage, candidates: string[]): string {
  if (candidates.length === 0) {
    return `${m.path ?? 'The file'} does not come from the build context: it was made in the image (a RUN step, the base image). Look there — ` +
      'e.g. `docker run --rm --entrypoint sh IMAGE -c "file <path>"` — or rebuild that step for the image\'s platform.';
  }
  return `The context's ${candidates.join(', ')} would load on the image's platform: the file in the image is not this one (a later RUN ` +
    'step replaced it), or the image is another platform than assumed (pass --platform).';
}

function decideLoaderFile(m: ParsedMessage, ctx: DecideContext): Decision {
  const candidates: string[] = [];
  const culprits = namedBinaryCulprits(m, ctx, candidates);
  if (culprits.length > 0) return culpritFound('foreign-binary', candidates, culprits);
  // Debian's musl-gcc output links "libc.so", which glibc resolves to its own linker script.
  if (m.kind === 'glibc-invalid-elf-header' && m.path !== null && /^\/(?:usr\/)?lib(?:64)?\/(?:[^/]+\/)?libc\.so$/.test(m.path)) {
    return decideByNeeded(m, ctx, 'libc.so');
  }
  if (m.kind === 'glibc-cannot-open-file' || m.kind === 'musl-missing-file') {
    return nothingFound('file-not-in-image', notInImageAdvice(m, candidates), candidates);
  }
  return nothingFound('no-matching-file', notInImageAdvice(m, candidates), candidates);
}

// ---------------------------------------------------------------------------------------------
// Starting a program.

function decideExecFormat(m: ParsedMessage, ctx: DecideContext): Decision {
  const path = m.path ?? entrypointOf(ctx.model);
  const candidates: string[] = [];
  const culprits = namedBinaryCulprits(m, ctx, candidates, path).filter(
    // A shell's syntax error is only the loader's failure when the file is not a script.
    (c) => m.kind !== 'shell-syntax-error' || (c.kind !== 'not-a-binary' && c.kind !== 'bom-before-shebang'),
  );
  if (culprits.length > 0) return culpritFound('foreign-executable', candidates, culprits);
  return lookAlike('image-platform', IMAGE_PLATFORM_ADVICE, candidates);
}

function venvInterpreterLink(scriptPath: string, interp: string, ctx: DecideContext): CulpritDraft | null {
  for (const mp of mapContainerPath(interp, { model: ctx.model, entries: ctx.entries })) {
    const link = followLinks(mp.contextPath, ctx);
    if (link.absoluteTarget === null) continue;
    const venv = venvRootOf(link.links[0] ?? mp.contextPath, ctx.entries);
    const cfg = venv === null ? null : ctx.read.text(joinPath(venv, 'pyvenv.cfg'), MAX_MANIFEST_BYTES);
    const home = cfg === null ? null : parsePyvenvCfg(cfg).home;
    if (!isHostPath(link.absoluteTarget) && (home === null || !isHostPath(home))) continue;
    const at = link.links.at(-1)!;
    return {
      path: at,
      type: 'symlink',
      kind: 'host-interpreter-link',
      what: `symlink to ${link.absoluteTarget}`,
      explanation:
        `${scriptPath} starts with #!${interp}; in the context that is the symlink ${at} → ${link.absoluteTarget}, the Python of the ` +
        `machine that made the virtual environment${home !== null ? ` (pyvenv.cfg home = ${home})` : ''}, which the image does not have.`,
      origin: mp.origin,
    };
  }
  return null;
}

function decideExecNotFound(m: ParsedMessage, ctx: DecideContext): Decision {
  const path = m.path ?? entrypointOf(ctx.model);
  if (path === null) return nothingFound('no-program', 'The message names no program and the Dockerfile sets no ENTRYPOINT or CMD with a path.');
  const candidates: string[] = [];
  const culprits: CulpritDraft[] = [];
  const abs = absoluteContainerPath(path, workdirOf(ctx.model));
  for (const mp of mapContainerPath(path, { model: ctx.model, entries: ctx.entries })) {
    candidates.push(mp.contextPath);
    const link = followLinks(mp.contextPath, ctx);
    if (link.absoluteTarget !== null) {
      if (isHostPath(link.absoluteTarget)) {
        culprits.push({
          path: link.links.at(-1)!,
          type: 'symlink',
          kind: 'host-interpreter-link',
          what: `symlink to ${link.absoluteTarget}`,
          explanation: `${link.links.at(-1)!} is a symlink to ${link.absoluteTarget}, a path on the machine that made it; COPY keeps symlinks as they are, so in the image it points nowhere.`,
          origin: mp.origin,
        });
      }
      continue;
    }
    const s = ctx.read.sniff(link.path);
    if (s === null) continue;
    const check = checkLoader(s, { ...m, path }, ctx);
    if (check.matches) {
      culprits.push(binaryCulprit(m, ctx, link.path, s, check.assessment, mp.origin));
      continue;
    }
    if (s.format !== 'script') continue;
    const interp = m.facts['interpreter'] ?? s.interpreter;
    if (isHostPath(interp)) {
      culprits.push({
        path: link.path,
        type: 'file',
        kind: 'host-shebang',
        what: describeSniffed(s),
        explanation: `${link.path} starts with #!${interp}, a path on the machine that wrote it (pip writes the venv's absolute Python path into console scripts); the image has no such interpreter.`,
        origin: mp.origin,
      });
      continue;
    }
    const viaLink = venvInterpreterLink(link.path, interp, ctx);
    if (viaLink !== null) {
      culprits.push(viaLink);
      continue;
    }
    // A console script of a venv names the venv's own python; one made elsewhere names that place.
    const venv = venvRootOf(link.path, ctx.entries);
    const scriptDir = abs.slice(0, abs.lastIndexOf('/'));
    if (venv !== null && /^python[\d.]*$/.test(basenameOf(interp)) && parentOf(interp) !== scriptDir) {
      culprits.push({
        path: link.path,
        type: 'file',
        kind: 'host-shebang',
        what: describeSniffed(s),
        explanation: `${link.path} starts with #!${interp}, where the virtual environment lived when it was made; in the image it is at ${scriptDir.replace(/\/bin$/, '')}, so the interpreter is not found.`,
        origin: mp.origin,
      });
    }
  }
  if (culprits.length > 0) return culpritFound('program-cannot-start', candidates, culprits);
  return nothingFound(
    'no-matching-file',
    candidates.length === 0
      ? `${path} does not come from the build context. If it is a venv script made in a build stage, its interpreter link points where that stage ` +
          'installed Python (e.g. uv\'s /root/.local/share/uv/python): install Python where the final image has it (UV_PYTHON_INSTALL_DIR) or copy it too.'
      : `${candidates.join(', ')} would start on ${platformName(ctx)}: check that its interpreter exists in the image.`,
    candidates,
  );
}

// ---------------------------------------------------------------------------------------------
// Libraries named by soname.

/** Files of the context whose DT_NEEDED list holds `soname`, confirmed by the loader's message. */
function decideByNeeded(m: ParsedMessage, ctx: DecideContext, soname: string): Decision {
  const candidates: string[] = [];
  const culprits: CulpritDraft[] = [];
  for (const path of nativeFiles(ctx.entries)) {
    const s = ctx.read.sniff(path);
    if (s === null || s.format !== 'elf' || !s.needed.includes(soname)) continue;
    candidates.push(path);
    const check = checkLoader(s, { ...m, path: '/' + path }, ctx);
    const loaderSaysSo = soname === 'libc.so' || check.matches;
    if (loaderSaysSo && (check.assessment.reason === 'musl-on-glibc' || check.assessment.reason === 'glibc-on-musl')) {
      culprits.push(binaryCulprit(m, ctx, path, s, check.assessment, null));
    }
  }
  if (culprits.length > 0) return culpritFound('libc-mismatch', candidates, culprits);
  return nothingFound('no-matching-file', `No file in the context needs ${soname}: the library that does comes from the image.`, candidates);
}

const MUSL_SONAME = /^(?:libc\.musl-[\w-]+\.so\.1|ld-musl-[\w-]+\.so\.1)$/;
const GLIBC_LOADER_SONAME = /^ld-linux[\w.-]*\.so\.\d+$/;

function systemLibraryAdvice(soname: string, neededBy: string[]): string {
  const by = neededBy.length > 0 ? ` In the context, ${neededBy.join(', ')} need${neededBy.length === 1 ? 's' : ''} it.` : '';
  return `${soname} is not in the image: install the system package that provides it (apt-get install …, apk add …), or use a base image that has it.${by}`;
}

function decideMissingLibrary(m: ParsedMessage, ctx: DecideContext): Decision {
  const soname = m.soname ?? '';
  const libcArtefact = m.kind === 'glibc-missing-library' ? MUSL_SONAME.test(soname) : GLIBC_LOADER_SONAME.test(soname);
  if (libcArtefact) {
    if (m.path !== null) {
      const candidates: string[] = [];
      const culprits = namedBinaryCulprits(m, ctx, candidates).filter((c) => c.kind === 'musl-binary' || c.kind === 'glibc-binary');
      // glibc's "error while loading shared libraries" for a program: the program itself needs it.
      if (culprits.length === 0 && m.kind === 'glibc-missing-library') {
        for (const mp of mapped(m, ctx)) {
          const s = ctx.read.sniff(mp.contextPath);
          if (s?.format === 'elf' && s.needed.includes(soname)) {
            const a = assessBinary(s, ctx.target.platform, 'glibc');
            culprits.push(binaryCulprit(m, ctx, mp.contextPath, s, a, mp.origin));
          }
        }
      }
      if (culprits.length > 0) return culpritFound('libc-mismatch', candidates, culprits);
      if (m.kind === 'musl-missing-library') return nothingFound('no-matching-file', notInImageAdvice(m, candidates), candidates);
    }
    return decideByNeeded(m, ctx, soname);
  }
  const neededBy: string[] = [];
  for (const path of nativeFiles(ctx.entries)) {
    const s = ctx.read.sniff(path);
    if (s?.format === 'elf' && s.needed.includes(soname)) neededBy.push(path);
  }
  return lookAlike('system-library-missing', systemLibraryAdvice(soname, neededBy.slice(0, 5)), neededBy);
}

// ---------------------------------------------------------------------------------------------
// glibc symbol versions.

function decideGlibcVersion(m: ParsedMessage, ctx: DecideContext): Decision {
  const version = m.facts['version'] ?? '';
  const candidates: string[] = [];
  const culprits: CulpritDraft[] = [];
  for (const mp of mapped(m, ctx)) {
    candidates.push(mp.contextPath);
    const link = followLinks(mp.contextPath, ctx);
    const s = ctx.read.sniff(link.path);
    if (s?.format !== 'elf' || !s.versionNeeds.some((v) => v.version === version && !v.weak)) continue;
    const from = s.versionNeeds.find((v) => v.version === version)!.file;
    culprits.push({
      path: link.path,
      type: 'file',
      kind: 'glibc-too-new',
      what: describeSniffed(s),
      explanation:
        `${link.path} needs symbol version ${version} from ${from}, and the image's ${m.facts['library'] ?? from} is older: ` +
        `it was built on a system with a newer ${version.startsWith('GLIBC_') ? 'glibc' : 'C++ runtime'} (${environmentPhrase(link.path, ctx.entries)}).`,
      origin: mp.origin,
    });
  }
  if (culprits.length > 0) return culpritFound('built-against-newer-libc', candidates, culprits);
  const glibc = /^GLIBC_(\d+\.\d+)/.exec(version)?.[1];
  const images = glibc === undefined ? [] : releasesWithGlibc(glibc);
  return nothingFound(
    'file-from-image',
    `${m.path ?? 'The file'} does not come from the build context. The image's C library is older than ${version} needs: ` +
      (images.length > 0 ? `use a base image with glibc ${glibc} or newer, e.g. ${images.slice(0, 3).join(', ')}.` : 'use a newer base image.'),
    candidates,
  );
}

// ---------------------------------------------------------------------------------------------
// Python.

function suffixLoads(ext: ExtensionSuffix, ctx: DecideContext): boolean {
  const { platform, libc, pythonVersion } = ctx.target;
  if (pythonVersion !== null) return extensionSuffixesFor(pythonVersion, platform, libc).includes(ext.suffix);
  // Without the image's Python version, judge by platform only.
  if (ext.kind === 'stable-abi') return true;
  if (ext.kind === 'generic') return ext.os !== 'windows';
  return ext.implementation === 'cpython' && ext.os === 'linux' && ext.arch === platform.arch && (ext.libc === null || ext.libc === libc);
}

function suffixPlatform(ext: ExtensionSuffix): string {
  if (ext.os === 'macos') return 'macOS';
  if (ext.os === 'windows') return `Windows${ext.arch !== null ? ` ${ext.arch}` : ''}`;
  if (ext.os === 'linux') return `linux/${ext.arch ?? '?'}${ext.libc !== null ? ` (${ext.libc})` : ''}`;
  return 'another platform';
}

function decideModuleNotFound(m: ParsedMessage, ctx: DecideContext): Decision {
  const name = m.module ?? '';
  const files = findExtensionFiles(name, ctx.entries);
  if (files.length === 0) {
    return nothingFound(
      'module-not-in-context',
      `No file in the context provides ${name}: the package is not installed where the image's Python looks (check \`pip show\` in the image, sys.path, and that the venv the image uses is the one dependencies were installed into).`,
    );
  }
  if (findPythonSource(name, ctx.entries).length > 0) {
    return nothingFound('module-has-source', `${name} exists as Python source in the context; the error comes from how it is imported (sys.path), not from a foreign file.`, files);
  }
  const { platform, libc, pythonVersion } = ctx.target;
  const accepted = pythonVersion !== null ? extensionSuffixesFor(pythonVersion, platform, libc) : null;
  const loads = files.filter((f) => {
    const ext = parseExtensionSuffix(basenameOf(f));
    return ext !== null && suffixLoads(ext, ctx);
  });
  if (loads.length > 0) {
    return nothingFound('extension-loads', `${loads.join(', ')} has a suffix CPython on ${platformName(ctx)} imports: the error comes from something else (an import inside it, or sys.path).`, files);
  }
  const culprits = files.map((path): CulpritDraft => {
    const ext = parseExtensionSuffix(basenameOf(path))!;
    const s = ctx.read.sniff(path);
    const wanted = accepted !== null ? accepted.join(', ') : `the suffixes of CPython on ${formatPlatform(platform)}`;
    const built = ext.python !== null && ext.os === 'linux' && ext.arch === platform.arch ? `CPython ${ext.python}` : suffixPlatform(ext);
    return {
      path,
      type: typeOf(ctx, path),
      kind: 'foreign-extension-suffix',
      what: s === null ? `Python extension (${ext.suffix})` : `${describeSniffed(s)}, Python extension (${ext.suffix})`,
      explanation:
        `CPython${pythonVersion !== null ? ` ${pythonVersion}` : ''} on ${platformName(ctx)} only imports extension files ending in ${wanted}; ` +
        `${basenameOf(path)} ends in ${ext.suffix} (built for ${built}), so the importer never sees it and reports ${name} as missing — ${environmentPhrase(path, ctx.entries)}.`,
      origin: null,
    };
  });
  return culpritFound('foreign-extension-suffix', files, culprits);
}

/** The bytes of a Python bytes literal as printed (`b'U\r\r\n'`). */
export function parseBytesLiteral(literal: string): number[] | null {
  const m = /^b(['"])(.*)\1$/s.exec(literal);
  if (m === null) return null;
  const body = m[2]!;
  const out: number[] = [];
  const simple: Record<string, number> = { n: 10, r: 13, t: 9, '\\': 92, "'": 39, '"': 34, '0': 0, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out.push(c.charCodeAt(0) & 0xff);
      continue;
    }
    const next = body[i + 1] ?? '';
    if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 2, i + 4))) {
      out.push(Number.parseInt(body.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (Object.hasOwn(simple, next)) {
      out.push(simple[next]!);
      i += 1;
    } else {
      out.push(92);
    }
  }
  return out;
}

function decideBadMagic(m: ParsedMessage, ctx: DecideContext): Decision {
  const bytes = m.facts['magic'] === undefined ? null : parseBytesLiteral(m.facts['magic']);
  const magic = bytes !== null && bytes.length >= 2 ? bytes[0]! | (bytes[1]! << 8) : null;
  const files = findSourcelessPyc(m.module, ctx.entries);
  const culprits: CulpritDraft[] = [];
  for (const path of files) {
    const s = ctx.read.sniff(path);
    if (s?.format !== 'pyc') continue;
    const mismatch = magic !== null ? s.magic === magic : ctx.target.pythonVersion !== null && s.python !== ctx.target.pythonVersion;
    if (!mismatch) continue;
    culprits.push({
      path,
      type: 'file',
      kind: 'stale-bytecode',
      what: describeSniffed(s),
      explanation:
        `${basenameOf(path)} has no .py source beside it, so CPython imports the bytecode itself; it was compiled by CPython ${s.python ?? '?'} ` +
        `(magic ${s.magic}) and the image runs ${ctx.target.pythonVersion !== null ? `CPython ${ctx.target.pythonVersion}` : 'another version'}, which refuses it.`,
      origin: null,
    });
  }
  if (culprits.length > 0) return culpritFound('stale-bytecode', files, culprits);
  const version = magic === null ? null : pythonForPycMagic(magic)?.python;
  return nothingFound(
    'no-matching-file',
    `No sourceless .pyc in the context matches${version ? ` (the file was compiled by CPython ${version})` : ''}: the bytecode was made in the image or comes from a package.`,
    files,
  );
}

function decideVenvExists(m: ParsedMessage, ctx: DecideContext): Decision {
  const candidates: string[] = [];
  for (const mp of mapped(m, ctx)) {
    candidates.push(mp.contextPath);
    const cfg = joinPath(mp.contextPath, 'pyvenv.cfg');
    if (!ctx.entries.has(cfg)) continue;
    const text = ctx.read.text(cfg, MAX_MANIFEST_BYTES);
    const parsed = text === null ? null : parsePyvenvCfg(text);
    const made = parsed === null ? '' : ` (made by ${parsed.creator}${parsed.home !== null ? `, home = ${parsed.home}` : ''})`;
    return culpritFound('host-venv-copied', candidates, [
      {
        path: cfg,
        type: 'file',
        kind: 'host-venv',
        what: `virtual environment ${mp.contextPath}${made}`,
        explanation: `${mp.origin.instruction ?? 'COPY'} brings the host's ${mp.contextPath} to ${m.path} before the venv is created in the image, and uv refuses to replace an existing environment.`,
        origin: mp.origin,
      },
    ]);
  }
  return nothingFound('no-matching-file', `${m.path} is not in the context: an earlier step of the image created it. Run \`uv venv --clear\` or create it once.`, candidates);
}

// ---------------------------------------------------------------------------------------------
// Node.js.

// NODE_MODULE_VERSION → Node.js major (nodejs/node doc/abi_version_registry.json).
const NODE_MAJOR_BY_ABI: Record<number, number> = {
  46: 4, 47: 5, 48: 6, 51: 7, 57: 8, 59: 9, 64: 10, 67: 11, 72: 12, 79: 13, 83: 14, 88: 15, 93: 16, 102: 17, 108: 18, 111: 19,
  115: 20, 120: 21, 127: 22, 131: 23, 137: 24, 141: 25,
};

/** The NODE_MODULE_VERSION of a Node.js major, when known. */
export function abiForNodeMajor(major: number): number | null {
  const found = Object.entries(NODE_MAJOR_BY_ABI).find(([, m]) => m === major);
  return found === undefined ? null : Number(found[0]);
}

function nodeVersionOf(abi: number): string {
  const major = NODE_MAJOR_BY_ABI[abi];
  return major === undefined ? `NODE_MODULE_VERSION ${abi}` : `Node.js ${major} (NODE_MODULE_VERSION ${abi})`;
}

function decideNodeAbi(m: ParsedMessage, ctx: DecideContext): Decision {
  const compiled = Number(m.facts['compiledAbi']);
  const required = Number(m.facts['requiredAbi']);
  const candidates: string[] = [];
  const paths: { path: string; origin: PathOrigin | null }[] = m.path !== null
    ? mapped(m, ctx).map((mp) => ({ path: followLinks(mp.contextPath, ctx).path, origin: mp.origin }))
    : filesBelow('', ctx.entries, (n) => n.endsWith('.node')).map((path) => ({ path, origin: null }));
  const culprits: CulpritDraft[] = [];
  for (const { path, origin } of paths) {
    candidates.push(path);
    const s = ctx.read.sniff(path);
    if (s?.format !== 'elf' || s.nodeAddon === null || s.nodeAddon.kind === 'node-api') continue;
    if (s.nodeAddon.kind === 'node-abi' && s.nodeAddon.moduleVersion !== compiled) continue;
    culprits.push({
      path,
      type: 'file',
      kind: 'node-abi-mismatch',
      what: describeSniffed(s),
      explanation:
        `${path} is a native addon compiled for ${nodeVersionOf(compiled)}; the image runs ${nodeVersionOf(required)}, and an addon ` +
        `only loads into the Node.js ABI it was built for — ${environmentPhrase(path, ctx.entries)}.`,
      origin,
    });
  }
  if (culprits.length > 0) return culpritFound('node-abi-mismatch', candidates, culprits);
  return nothingFound('no-matching-file', 'The addon is not from the build context: it was built in the image for another Node.js. Run `npm rebuild` after changing the Node.js version.', candidates);
}

function prebuildCulprit(path: string, ctx: DecideContext, why: string): CulpritDraft {
  const s = ctx.read.sniff(path);
  return {
    path,
    type: typeOf(ctx, path),
    kind: 'foreign-prebuild',
    what: s === null ? 'Node.js addon' : describeSniffed(s),
    explanation: why,
    origin: null,
  };
}

function decideAddonNotFound(m: ParsedMessage, ctx: DecideContext): Decision {
  const path = m.path ?? '';
  const dir = path.slice(0, path.lastIndexOf('/'));
  const name = basenameOf(path);
  const candidates: string[] = [];
  const culprits: CulpritDraft[] = [];
  const dirs = dir === '' ? [] : mapContainerPath(dir, { model: ctx.model, entries: ctx.entries }).map((mp) => mp.contextPath);
  for (const cdir of dirs) {
    // sharp < 0.33 keeps one addon per platform in build/Release; node-pre-gyp one directory per platform.
    const siblings = filesIn(cdir, ctx.entries, (n) => n.endsWith('.node') && n !== name);
    const cousins = dirsIn(parentOf(cdir), ctx.entries).flatMap((d) => filesIn(d, ctx.entries, (n) => n === name));
    for (const file of [...siblings, ...cousins]) {
      candidates.push(file);
      const prebuild = nodePrebuildPlatform(file);
      if (prebuild !== null && !nodePrebuildMatches(prebuild, ctx.target.platform, ctx.target.libc)) {
        culprits.push(prebuildCulprit(file, ctx, `Node looks for ${name} built for ${platformName(ctx)}; the context has ${file}, built for ${prebuild.os}-${prebuild.nodeArchs.join('+')}${prebuild.libc !== null ? ` (${prebuild.libc})` : ''} — ${environmentPhrase(file, ctx.entries)}.`));
        continue;
      }
      const s = ctx.read.sniff(file);
      if (s === null) continue;
      const a = assessBinary(s, ctx.target.platform, ctx.target.libc);
      if (a.verdict !== 'ok' && a.verdict !== 'unknown') {
        culprits.push(prebuildCulprit(file, ctx, `Node looks for ${name} built for ${platformName(ctx)}; the context has ${file} instead, a ${describeSniffed(s)} — ${environmentPhrase(file, ctx.entries)}.`));
      }
    }
  }
  if (culprits.length > 0) return culpritFound('foreign-prebuild', candidates, culprits);
  return nothingFound('no-matching-file', `The package's addon for ${platformName(ctx)} is missing and nothing in the context stands in its way: install the package in the image (\`npm ci\`, \`npm rebuild\`).`, candidates);
}

interface RuntimePlatform {
  platform: TargetPlatform;
  libc: Libc;
}

function runtimeOf(ctx: DecideContext, arch: string | null, libc: Libc | null): RuntimePlatform {
  return {
    platform: arch === null ? ctx.target.platform : { os: 'linux', arch },
    libc: libc ?? ctx.target.libc,
  };
}

/** A platform package in the context that npm would not install for the runtime. */
function foreignPackage(dir: string, runtime: RuntimePlatform, ctx: DecideContext, fallback: (dir: string) => boolean): { mismatched: string } | null {
  const text = ctx.read.text(joinPath(dir, 'package.json'), MAX_MANIFEST_BYTES);
  const fields = text === null ? null : parseNpmPlatformFields(text);
  if (fields !== null && (fields.os !== null || fields.cpu !== null || fields.libc !== null)) {
    const check = npmPlatformMatches(fields, runtime.platform, runtime.libc);
    if (check.matches) return null;
    const parts = check.mismatched.map((k) => `${k} ${JSON.stringify(fields[k])}`);
    return { mismatched: parts.join(', ') };
  }
  return fallback(dir) ? { mismatched: 'its name' } : null;
}

/** The file that shows what a package is: its native addon or binary, else its package.json. */
function packageFile(dir: string, ctx: DecideContext): string {
  const native = filesBelow(dir, ctx.entries, (n) => n.endsWith('.node') || n === 'esbuild' || n === 'esbuild.exe');
  return native[0] ?? (ctx.entries.has(joinPath(dir, 'package.json')) ? joinPath(dir, 'package.json') : dir);
}

function packageCulprits(dirs: string[], runtime: RuntimePlatform, ctx: DecideContext, what: string, fallback: (dir: string) => boolean): CulpritDraft[] {
  const out: CulpritDraft[] = [];
  for (const dir of dirs) {
    const foreign = foreignPackage(dir, runtime, ctx, fallback);
    if (foreign === null) continue;
    const file = packageFile(dir, ctx);
    const s = file === dir || file.endsWith('package.json') ? null : ctx.read.sniff(file);
    out.push({
      path: file,
      type: typeOf(ctx, file),
      kind: 'foreign-platform-package',
      what: s === null ? `npm package ${dir.slice(dir.lastIndexOf('node_modules/') + 13)}` : describeSniffed(s),
      explanation:
        `${what} needs the package for ${formatPlatform(runtime.platform)} (${runtime.libc}); ${dir} is for another platform (${foreign.mismatched}) — ` +
        `${environmentPhrase(file, ctx.entries)}.`,
      origin: null,
    });
  }
  return out;
}

/** A lockfile that lists the package's other platform packages but not this one (npm/cli#4828). */
function lockfileCulprit(needed: string, ctx: DecideContext, what: string): CulpritDraft | null {
  for (const lock of ['package-lock.json', 'npm-shrinkwrap.json']) {
    const found = [...ctx.entries.keys()].filter((p) => basenameOf(p) === lock && !p.split('/').includes('node_modules')).sort();
    for (const path of found) {
      const text = ctx.read.text(path, MAX_LOCKFILE_BYTES);
      if (text === null) continue;
      let packages: Record<string, unknown> | null = null;
      try {
        const json = JSON.parse(text) as { packages?: Record<string, unknown> };
        packages = typeof json.packages === 'object' && json.packages !== null ? json.packages : null;
      } catch {
        continue;
      }
      if (packages === null || Object.hasOwn(packages, `node_modules/${needed}`)) continue;
      const scope = needed.slice(0, needed.indexOf('/') + 1);
      const siblings = Object.keys(packages).filter((k) => scope !== '' && k.startsWith(`node_modules/${scope}`)).length;
      if (siblings === 0) continue;
      return {
        path,
        type: 'file',
        kind: 'lockfile-missing-package',
        what: 'npm lockfile',
        explanation: `${path} lists ${siblings} other ${scope.slice(0, -1)} platform package${siblings === 1 ? '' : 's'} but not ${needed}: it was generated on another platform with an npm that drops the other platforms' optional dependencies (npm/cli#4828), so \`npm ci\` in the image cannot install what ${what} needs.`,
        origin: null,
      };
    }
  }
  return null;
}

function decideSharp(m: ParsedMessage, ctx: DecideContext): Decision {
  const runtimeId = m.facts['runtime'] ?? '';
  const parsed = parseSharpPlatform(runtimeId);
  const runtime = runtimeOf(ctx, parsed?.arch ?? null, parsed?.libc ?? null);
  const candidates: string[] = [];
  const culprits: CulpritDraft[] = [];
  const installed = m.facts['installed'];
  if (installed !== undefined) {
    // sharp < 0.33: node_modules/sharp/{build/Release/*.node, vendor/<version>/<platform>}.
    for (const sharp of findPackageDirs('sharp', ctx.entries)) {
      candidates.push(sharp);
      const addon = filesBelow(joinPath(sharp, 'build/Release'), ctx.entries, (n) => n.endsWith('.node'))[0];
      const vendor = dirsIn(joinPath(sharp, 'vendor'), ctx.entries).flatMap((v) => dirsIn(v, ctx.entries)).find((d) => basenameOf(d) === installed);
      const path = addon ?? vendor ?? joinPath(sharp, 'package.json');
      const s = addon === undefined ? null : ctx.read.sniff(addon);
      culprits.push({
        path,
        type: typeOf(ctx, path),
        kind: 'foreign-platform-package',
        what: s === null ? `sharp installed for ${installed}` : describeSniffed(s),
        explanation: `sharp was installed for ${installed} and runs on ${runtimeId}: ${sharp} is from ${environmentPhrase(path, ctx.entries)}.`,
        origin: null,
      });
    }
  } else {
    const dirs = findPackageDirsByPrefix('@img/sharp-', ctx.entries);
    candidates.push(...dirs);
    culprits.push(...packageCulprits(dirs, runtime, ctx, `sharp on ${runtimeId}`, (dir) => !basenameOf(dir).includes(runtimeId)));
  }
  if (culprits.length > 0) return culpritFound('foreign-platform-package', candidates, culprits);
  return nothingFound(
    'no-matching-file',
    `No sharp installation for another platform is in the context: sharp was installed in the image without its ${runtimeId} package. Install optional dependencies (\`npm install --include=optional sharp\`, or \`npm install --os=linux --cpu=… sharp\`).`,
    candidates,
  );
}

function decideEsbuild(m: ParsedMessage, ctx: DecideContext): Decision {
  const needed = m.facts['needed'] ?? '';
  const target = parseEsbuildPackage(needed);
  const runtime = runtimeOf(ctx, target?.arch ?? null, null);
  const present = m.facts['present'];
  const candidates: string[] = [];
  let culprits: CulpritDraft[] = [];
  const dirs = present !== undefined ? findPackageDirs(present, ctx.entries) : [...findPackageDirsByPrefix('@esbuild/', ctx.entries), ...findPackageDirsByPrefix('esbuild-', ctx.entries)];
  candidates.push(...dirs);
  culprits = packageCulprits(dirs, runtime, ctx, `esbuild on ${formatPlatform(runtime.platform)}`, (dir) => {
    const name = dir.slice(dir.lastIndexOf('node_modules/') + 13);
    return name !== needed && parseEsbuildPackage(name) !== null;
  });
  if (culprits.length === 0) {
    const lock = lockfileCulprit(needed, ctx, 'esbuild');
    if (lock !== null) culprits.push(lock);
  }
  if (culprits.length > 0) return culpritFound('foreign-platform-package', candidates, culprits);
  return nothingFound('no-matching-file', `No esbuild package for another platform is in the context: the image's install skipped ${needed} (optional dependencies off?). Run \`npm ci\` in the image with optional dependencies.`, candidates);
}

function decideRollup(m: ParsedMessage, ctx: DecideContext): Decision {
  const needed = m.facts['needed'] ?? '';
  const target = parseRollupPackage(needed);
  const runtime = runtimeOf(ctx, target?.arch ?? null, target?.libc ?? null);
  const dirs = findPackageDirsByPrefix('@rollup/rollup-', ctx.entries);
  const culprits = packageCulprits(dirs, runtime, ctx, `rollup on ${formatPlatform(runtime.platform)}`, (dir) => {
    const p = parseRollupPackage(dir.slice(dir.lastIndexOf('node_modules/') + 13));
    return p !== null && (p.os !== 'linux' || p.arch !== runtime.platform.arch || (p.libc !== null && p.libc !== runtime.libc));
  });
  if (culprits.length === 0) {
    const lock = lockfileCulprit(needed, ctx, 'rollup');
    if (lock !== null) culprits.push(lock);
  }
  if (culprits.length > 0) return culpritFound('foreign-platform-package', dirs, culprits);
  return nothingFound('no-matching-file', `Nothing in the context is rollup's package for another platform: the image's install skipped ${needed}. Install with optional dependencies, or add it explicitly.`, dirs);
}

// ---------------------------------------------------------------------------------------------
// Look-alikes and markers.

function decideLookAlike(m: ParsedMessage, ctx: DecideContext): Decision {
  const info = LOOK_ALIKES[m.kind]!;
  const candidates = m.path === null ? [] : mapped(m, ctx).map((mp) => mp.contextPath);
  return lookAlike(info.reason, info.advice, candidates);
}

function decideDlopenMarker(): Decision {
  return nothingFound('no-loader-message', "Node's dlopen failed; the loader's own message (the line with the file's path before ERR_DLOPEN_FAILED) says why: include it.");
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
  'exec-format-error': decideExecFormat,
  'shell-syntax-error': decideExecFormat,
  'exec-not-found': decideExecNotFound,
  'python-module-not-found': decideModuleNotFound,
  'python-bad-magic': decideBadMagic,
  'uv-venv-exists': decideVenvExists,
  'node-module-version': decideNodeAbi,
  'node-addon-not-found': decideAddonNotFound,
  'node-dlopen-failed': decideDlopenMarker,
  'sharp-platform': decideSharp,
  'esbuild-platform': decideEsbuild,
  'esbuild-missing-package': decideEsbuild,
  'rollup-platform': decideRollup,
  'elf-alignment': decideLookAlike,
  'node-self-register': decideLookAlike,
  'macos-incompatible-arch': decideLookAlike,
  'uv-venv-mismatch': decideLookAlike,
} satisfies Record<MessageKind, Handler>;

/** What the context has to do with one message. */
export function decideMessage(m: ParsedMessage, ctx: DecideContext): Decision {
  return HANDLERS[m.kind](m, ctx);
}

