// Loader messages — glibc, musl, the kernel starting a program: does this file make the loader
// print exactly this message? The answer comes from the messages assessBinary predicts for the
// sniffed bytes (sniff/compat.ts), parsed back with the recognisers.
import { releasesWithGlibc } from '../dockerfile/base-image.js';
import { assessBinary, PATH_PLACEHOLDER, type Assessment } from '../sniff/compat.js';
import { formatPlatform, linuxArch, type Libc } from '../sniff/platform.js';
import { parsePyvenvCfg } from '../sniff/python-metadata.js';
import { describeSniffed } from '../sniff/sniff.js';
import type { Sniffed } from '../sniff/sniffed.js';
import {
  culpritFound,
  environmentPhrase,
  followLinks,
  isHostPath,
  lookAlike,
  mapped,
  MAX_MANIFEST_BYTES,
  nothingFound,
  platformName,
  typeOf,
  type CulpritDraft,
  type DecideContext,
  type Decision,
} from './decide-common.js';
import { absoluteContainerPath, mapContainerPath, programsOf, workdirOf, type ProgramCandidate } from './map-paths.js';
import type { CulpritKind, MessageKind, ParsedMessage, PathOrigin } from './model.js';
import { LOADER_OF, parseMessages } from './parse-messages.js';
import { nativeFiles, venvRootOf } from './search-context.js';
import { baseName, joinPath, parentOf } from '../paths.js';

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
        : s.arch !== ctx.target.platform.arch &&
          arch !== undefined &&
          s.bits === arch.elfBits &&
          s.endian === arch.elfEndian);
    return { matches, assessment: a };
  }
  // Debian's ld.so and upstream's word a foreign big-endian file differently (compat.ts).
  const flavors = family === 'glibc' ? (['debian', 'upstream'] as const) : (['debian'] as const);
  let first: Assessment | null = null;
  for (const glibcFlavor of flavors) {
    const a = assessBinary(s, ctx.target.platform, libc, {
      glibcFlavor,
      ...(glibcVersion !== undefined ? { glibcVersion } : {}),
    });
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
  if (s.format === 'git-lfs-pointer') return 'git-lfs-pointer';
  // Shorter than an ELF header: a binary cut short (text that short is just text).
  if (s.format === 'empty' || s.format === 'too-short' || s.format === 'elf') return 'truncated-file';
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
  'musl-unsupported-relocation':
    'musl never checks the CPU a library is built for and fails on its first relocation of a foreign kind',
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
    case 'git-lfs-pointer':
      return 'it is a Git LFS pointer: the real file was never fetched (`git lfs pull` before the build)';
    default:
      if (s.format === 'html') return 'it is an HTML page saved in place of a download';
      if (s.format === 'script' || (s.format === 'unknown' && s.looksLikeText))
        return 'it is a text file without a #! line the kernel could follow';
      return 'it is not machine code';
  }
}

function binaryCulprit(
  m: ParsedMessage,
  ctx: DecideContext,
  path: string,
  s: Sniffed,
  a: Assessment,
  origin: PathOrigin | null,
): CulpritDraft {
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
function namedBinaryCulprits(
  m: ParsedMessage,
  ctx: DecideContext,
  candidates: string[],
  path = m.path,
): CulpritDraft[] {
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
    return (
      `${m.path ?? 'The file'} does not come from the build context: it was made in the image (a RUN step, the base image). Look there — ` +
      'e.g. `docker run --rm --entrypoint sh IMAGE -c "file <path>"` — or rebuild that step for the image\'s platform.'
    );
  }
  return (
    `The context's ${candidates.join(', ')} would load on the image's platform: the file in the image is not this one (a later RUN ` +
    'step replaced it), or the image is another platform than assumed (pass --platform).'
  );
}

export function decideLoaderFile(m: ParsedMessage, ctx: DecideContext): Decision {
  const candidates: string[] = [];
  const culprits = namedBinaryCulprits(m, ctx, candidates);
  if (culprits.length > 0) return culpritFound('foreign-binary', candidates, culprits);
  // Debian's musl-gcc output links "libc.so", which glibc resolves to its own linker script.
  if (
    m.kind === 'glibc-invalid-elf-header' &&
    m.path !== null &&
    /^\/(?:usr\/)?lib(?:64)?\/(?:[^/]+\/)?libc\.so$/.test(m.path)
  ) {
    return decideByNeeded(m, ctx, 'libc.so');
  }
  if (m.kind === 'glibc-cannot-open-file' || m.kind === 'musl-missing-file') {
    return nothingFound('file-not-in-image', notInImageAdvice(m, candidates), candidates);
  }
  return nothingFound('no-matching-file', notInImageAdvice(m, candidates), candidates);
}

// ---------------------------------------------------------------------------------------------
// Starting a program.

/** The program a message is about: the path it names, else the files the image starts, in order. */
function programTargets(m: ParsedMessage, ctx: DecideContext): ProgramCandidate[] {
  if (m.path !== null) return [{ path: m.path, via: 'named by the message' }];
  return programsOf(ctx.model);
}

/** Marks culprits found through the program the image starts (the message did not name it). */
function viaProgram(culprits: CulpritDraft[], target: ProgramCandidate, named: boolean): CulpritDraft[] {
  if (named) return culprits;
  return culprits.map((c) => ({
    ...c,
    confidence: 'likely',
    evidence: `the message names no file; the image starts it: ${target.via}`,
  }));
}

export function decideExecFormat(m: ParsedMessage, ctx: DecideContext): Decision {
  const candidates: string[] = [];
  const culprits: CulpritDraft[] = [];
  for (const target of programTargets(m, ctx)) {
    const found = namedBinaryCulprits(m, ctx, candidates, target.path).filter(
      // A shell's syntax error is only the loader's failure when the file is not a script.
      (c) =>
        m.kind !== 'shell-syntax-error' || !['not-a-binary', 'bom-before-shebang', 'crlf-shebang'].includes(c.kind),
    );
    culprits.push(...viaProgram(found, target, m.path !== null));
  }
  if (culprits.length > 0) return culpritFound('foreign-executable', candidates, culprits);
  return lookAlike('image-platform', IMAGE_PLATFORM_ADVICE, candidates);
}

function venvInterpreterLink(scriptPath: string, interp: string, ctx: DecideContext): CulpritDraft | null {
  for (const mp of mapContainerPath(interp, { model: ctx.model, entries: ctx.entries, mounts: ctx.mounts })) {
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
      kind: 'host-symlink',
      what: `symlink to ${link.absoluteTarget}`,
      explanation:
        `${scriptPath} starts with #!${interp}; in the context that is the symlink ${at} → ${link.absoluteTarget}, the Python of the ` +
        `machine that made the virtual environment${home !== null ? ` (pyvenv.cfg home = ${home})` : ''}, which the image does not have.`,
      origin: mp.origin,
    };
  }
  return null;
}

export function decideExecNotFound(m: ParsedMessage, ctx: DecideContext): Decision {
  const targets = programTargets(m, ctx);
  if (targets.length === 0)
    return nothingFound('no-program', 'The message names no program and the Dockerfile sets no ENTRYPOINT or CMD.');
  const first = targets[0]!.path;
  if (m.path !== null && !first.includes('/')) {
    return nothingFound(
      'not-on-path',
      `${first} is looked up on PATH, and no directory on the image's PATH holds it: put the directory that does on PATH (e.g. ENV PATH=/app/.venv/bin:$PATH) or name the program by its full path.`,
    );
  }
  const candidates: string[] = [];
  const culprits: CulpritDraft[] = [];
  for (const target of targets)
    culprits.push(...viaProgram(programCannotStart(m, ctx, target.path, candidates), target, m.path !== null));
  if (culprits.length > 0) return culpritFound('program-cannot-start', candidates, culprits);
  const abs = absoluteContainerPath(first, workdirOf(ctx.model));
  let advice: string;
  if (candidates.length > 0)
    advice = `${candidates.join(', ')} would start on ${platformName(ctx)}: check that its interpreter exists in the image.`;
  else if (/\/bin\/[^/]+$/.test(abs) && /\/\.?venv\/|\/env\//.test(abs)) {
    advice =
      `${abs} does not come from the build context. A venv script made in a build stage runs the Python that stage installed (its bin/python ` +
      "links there, e.g. uv's /root/.local/share/uv/python): install Python where the final image has it (UV_PYTHON_INSTALL_DIR) or copy it too.";
  } else {
    advice =
      `${m.path === null ? 'The program the image starts' : abs} is not in the build context: it is not in the image at that path, or the image made it. Check the COPY destination and WORKDIR ` +
      '(`buildctx why PATH` tells whether .dockerignore keeps the file out).';
  }
  return nothingFound('no-matching-file', advice, candidates);
}

/** Why the program at `path` cannot start, for each context file it can come from. */
function programCannotStart(m: ParsedMessage, ctx: DecideContext, path: string, candidates: string[]): CulpritDraft[] {
  const culprits: CulpritDraft[] = [];
  const abs = absoluteContainerPath(path, workdirOf(ctx.model));
  for (const mp of mapContainerPath(path, { model: ctx.model, entries: ctx.entries, mounts: ctx.mounts })) {
    candidates.push(mp.contextPath);
    const link = followLinks(mp.contextPath, ctx);
    if (link.absoluteTarget !== null) {
      if (isHostPath(link.absoluteTarget)) {
        culprits.push({
          path: link.links.at(-1)!,
          type: 'symlink',
          kind: 'host-symlink',
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
    // bash prints a CR at the end of the interpreter's name as ^M (`/bin/bash^M: bad interpreter`).
    if (s.hasCrlf && /(?:\^M|\r)$/.test(interp)) {
      culprits.push({
        path: link.path,
        type: 'file',
        kind: 'crlf-shebang',
        what: describeSniffed(s),
        explanation: `${link.path} has CR LF line ends: its #! line names ${s.interpreter} followed by a carriage return, an interpreter no image has.`,
        origin: mp.origin,
      });
      continue;
    }
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
    if (venv !== null && /^python[\d.]*$/.test(baseName(interp)) && parentOf(interp) !== scriptDir) {
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
  return culprits;
}

// ---------------------------------------------------------------------------------------------
// A #! line with a CR LF end, found from env's message (it names the interpreter, not the script).

/** Scripts read at most when looking for the one whose #! line env could not run. */
const MAX_SCRIPTS_READ = 2000;

function isScriptCandidate(path: string, mode: number | undefined): boolean {
  return (
    /\.(?:sh|bash|ksh|zsh|py|pl|rb)$/.test(path) ||
    (mode !== undefined && (mode & 0o111) !== 0) ||
    /(?:^|\/)s?bin\/[^/]+$/.test(path)
  );
}

export function decideCrlfInterpreter(m: ParsedMessage, ctx: DecideContext): Decision {
  const interpreter = m.facts['interpreter'] ?? '';
  const name = baseName(interpreter);
  const candidates: string[] = [];
  const culprits: CulpritDraft[] = [];
  const seen = new Set<string>();
  const consider = (
    path: string,
    confidence: 'likely' | 'possible',
    evidence: string,
    origin: PathOrigin | null,
  ): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const s = ctx.read.sniff(path);
    if (s?.format !== 'script' || !s.hasCrlf) return;
    candidates.push(path);
    // `#!/usr/bin/env bash` + CR LF: env is asked to run "bash\r".
    const runs = baseName(s.interpreter) === 'env' ? (s.argument ?? '') : s.interpreter;
    if (runs !== interpreter && baseName(runs) !== name) return;
    culprits.push({
      path,
      type: 'file',
      kind: 'crlf-shebang',
      what: describeSniffed(s),
      explanation: `${path} has CR LF line ends (saved or checked out on Windows): its first line is #!${s.interpreter}${s.argument !== null ? ' ' + s.argument : ''} followed by a carriage return, so env looks for a program named "${runs}\\r", which does not exist.`,
      origin,
      confidence,
      evidence,
    });
  };
  // The programs the image starts first: they are what `docker run` executes.
  for (const target of programsOf(ctx.model)) {
    for (const mp of mapContainerPath(target.path, { model: ctx.model, entries: ctx.entries, mounts: ctx.mounts })) {
      consider(
        followLinks(mp.contextPath, ctx).path,
        'likely',
        `the image starts it (${target.via}) and its #! line has a CR before the end`,
        mp.origin,
      );
    }
  }
  const firstProgram = culprits.length;
  let read = 0;
  for (const e of ctx.entries.values()) {
    if (e.type !== 'file' || !isScriptCandidate(e.path, e.mode) || read >= MAX_SCRIPTS_READ) continue;
    read++;
    consider(
      e.path,
      'possible',
      'a script of the context whose #! line runs that interpreter with a CR at the end; the message does not say which script ran',
      null,
    );
  }
  // One script is enough evidence when no other one could have printed the message.
  if (firstProgram === 0 && culprits.length === 1)
    culprits[0] = {
      ...culprits[0]!,
      confidence: 'likely',
      evidence: 'the only script in the context whose #! line runs that interpreter with a CR at the end',
    };
  if (culprits.length > 0) return culpritFound('crlf-line-ends', candidates, culprits);
  return nothingFound(
    'no-crlf-script',
    `No script in the build context runs ${interpreter} from a #! line with CR LF ends: the script comes from the image or a bind mount. Convert it to LF (dos2unix, or \`.gitattributes\`: \`*.sh text eol=lf\`).`,
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
  return nothingFound(
    'no-matching-file',
    `No file in the context needs ${soname}: the library that does comes from the image.`,
    candidates,
  );
}

const MUSL_SONAME = /^(?:libc\.musl-[\w-]+\.so\.1|ld-musl-[\w-]+\.so\.1)$/;
const GLIBC_LOADER_SONAME = /^ld-linux[\w.-]*\.so\.\d+$/;

function systemLibraryAdvice(soname: string, neededBy: string[]): string {
  const by =
    neededBy.length > 0 ? ` In the context, ${neededBy.join(', ')} need${neededBy.length === 1 ? 's' : ''} it.` : '';
  return `${soname} is not in the image: install the system package that provides it (apt-get install …, apk add …), or use a base image that has it.${by}`;
}

export function decideMissingLibrary(m: ParsedMessage, ctx: DecideContext): Decision {
  const soname = m.soname ?? '';
  const libcArtefact = m.kind === 'glibc-missing-library' ? MUSL_SONAME.test(soname) : GLIBC_LOADER_SONAME.test(soname);
  if (libcArtefact) {
    if (m.path !== null) {
      const candidates: string[] = [];
      const culprits = namedBinaryCulprits(m, ctx, candidates).filter(
        (c) => c.kind === 'musl-binary' || c.kind === 'glibc-binary',
      );
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
      if (m.kind === 'musl-missing-library')
        return nothingFound('no-matching-file', notInImageAdvice(m, candidates), candidates);
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

export function decideGlibcVersion(m: ParsedMessage, ctx: DecideContext): Decision {
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
      (images.length > 0
        ? `use a base image with glibc ${glibc} or newer, e.g. ${images.slice(0, 3).join(', ')}.`
        : 'use a newer base image.'),
    candidates,
  );
}
