// Finds every recognised message in an error text, with the paths, sonames, modules and versions
// it names, and reads what the text says about the platform it ran on. Pure.
import { goPathJoin } from '../dockerfile/go-path.js';
import { nodePrebuildPlatform } from '../sniff/node-metadata.js';
import { archFromCpuName, archFromNodeArch, type Libc } from '../sniff/platform.js';
import { cleanLog, lineAt } from './clean-log.js';
import type { MessageKind, ParsedMessage } from './model.js';
import { RECOGNISERS } from './recognisers.js';

/** Characters of one message kept in `text`. */
export const MAX_MESSAGE_CHARS = 600;
/** Messages reported at most (a log that repeats one error thousands of times is one message). */
export const MAX_MESSAGES = 200;

/** What the text tells about the machine that printed it. */
export interface LogHints {
  /** Docker arch of the failing process, when a message names it (`linux-x64` → `amd64`). */
  arch: string | null;
  libc: Libc | null;
  /** The message that told the platform (its `text`), for the report. */
  platformFrom: string | null;
  /** CPython minor of the interpreter, from its own library paths in a traceback. */
  pythonVersion: string | null;
  /** NODE_MODULE_VERSION of the running Node.js. */
  nodeModuleVersion: number | null;
}

export interface ParsedText {
  messages: ParsedMessage[];
  hints: LogHints;
}

const GROUPS_WITH_FIELDS = new Set(['path', 'soname', 'module']);

/** A match, before it is known to be the first of its kind: the message is built only then. */
interface Found {
  offset: number;
  kind: MessageKind;
  /** The matched text, not yet collapsed. */
  matched: string;
  path: string | null;
  soname: string | null;
  module: string | null;
  facts: Record<string, string>;
}

/** Bytes in a path at most (Linux PATH_MAX, including the terminating NUL). */
export const PATH_MAX = 4096;

interface Span {
  start: number;
  end: number;
}

/** Two lists of disjoint spans sorted by start, merged into one. */
function mergeSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.start < b[j]!.start)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

function collapse(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_MESSAGE_CHARS ? one.slice(0, MAX_MESSAGE_CHARS - 1) + '…' : one;
}

function sortedFacts(groups: Record<string, string | undefined>): Record<string, string> {
  const facts: Record<string, string> = {};
  for (const key of Object.keys(groups).sort()) {
    const value = groups[key];
    if (!GROUPS_WITH_FIELDS.has(key) && value !== undefined) facts[key] = value;
  }
  return facts;
}

/** Node resolves a relative `require` from the requiring file's directory. */
function resolveRequire(path: string, requiredBy: string | undefined): string {
  if (!path.startsWith('.') || requiredBy === undefined || !requiredBy.startsWith('/')) return path;
  return goPathJoin(requiredBy.slice(0, requiredBy.lastIndexOf('/')) || '/', path);
}

// Facts that vary between repeats of one problem: musl reports every missing symbol of a file.
const REPEAT_FACTS = new Set(['symbol']);

/** Length-prefixed, so that no two different values give the same key; null is its own mark. */
function keyPart(value: string | null): string {
  return value === null ? '\u0000;' : `${value.length}:${value}`;
}

/** What makes two matches the same message: kind, path, soname, module and facts (symbols aside). */
function keyOf(m: Found): string {
  let key = `${m.kind};${keyPart(m.path)}${keyPart(m.soname)}${keyPart(m.module)}`;
  for (const k in m.facts) if (!REPEAT_FACTS.has(k)) key += keyPart(k) + keyPart(m.facts[k]!);
  return key;
}

/** Every recognised message in `input`, in the order they appear, repeats counted once. */
export function parseErrorText(input: string): ParsedText {
  const log = cleanLog(input);
  // Text taken by an earlier recogniser: disjoint spans sorted by start. A recogniser's own
  // matches come in order and never overlap, so one pass against the sorted spans decides each,
  // and one merge adds the taken ones: linear in the matches, however many the log holds.
  let claimed: Span[] = [];
  const found: Found[] = [];
  for (const recogniser of RECOGNISERS) {
    if (!log.text.includes(recogniser.needle)) continue;
    const pattern = new RegExp(recogniser.pattern.source, recogniser.pattern.flags);
    const taken: Span[] = [];
    let next = 0;
    for (const match of log.text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (match[0].length === 0) continue;
      while (next < claimed.length && claimed[next]!.end <= start) next++;
      if (next < claimed.length && claimed[next]!.start < end) continue;
      const groups = match.groups ?? {};
      let path = groups['path'] ?? null;
      // No loader prints a path longer than Linux's PATH_MAX: such a "path" is noise.
      if (path !== null && path.length > PATH_MAX) continue;
      taken.push({ start, end });
      if (recogniser.kind === 'node-addon-not-found' && path !== null)
        path = resolveRequire(path, groups['requiredBy']);
      found.push({
        offset: start,
        kind: recogniser.kind,
        matched: match[0],
        path,
        soname: groups['soname'] ?? null,
        module: groups['module'] ?? null,
        facts: sortedFacts(groups),
      });
    }
    if (taken.length > 0) claimed = mergeSpans(claimed, taken);
  }
  found.sort((a, b) => a.offset - b.offset);
  const byKey = new Map<string, ParsedMessage>();
  for (const f of found) {
    const key = keyOf(f);
    const seen = byKey.get(key);
    if (seen !== undefined) seen.occurrences++;
    else if (byKey.size < MAX_MESSAGES) {
      byKey.set(key, {
        kind: f.kind,
        line: lineAt(log, f.offset),
        text: collapse(f.matched),
        path: f.path,
        soname: f.soname,
        module: f.module,
        facts: f.facts,
        occurrences: 1,
      });
    }
  }
  let messages = [...byKey.values()];
  // Node's `code: 'ERR_DLOPEN_FAILED'` only says that process.dlopen failed; the loader's
  // message beside it says why. Keep it only when nothing else was recognised.
  if (messages.some((m) => m.kind !== 'node-dlopen-failed'))
    messages = messages.filter((m) => m.kind !== 'node-dlopen-failed');
  return { messages, hints: readHints(messages, log.text) };
}

/** Only the messages (see parseErrorText). */
export function parseMessages(input: string): ParsedMessage[] {
  return parseErrorText(input).messages;
}

// ---------------------------------------------------------------------------------------------
// Platform hints.

interface PlatformHint {
  arch: string | null;
  libc: Libc | null;
}

/** sharp's platform ids: `linux-x64`, `linuxmusl-arm64`, `darwin-arm64`, `win32-x64` (lib/platform.js). */
export function parseSharpPlatform(id: string): { os: string; arch: string | null; libc: Libc | null } | null {
  const m = /^(linux|linuxmusl|darwin|win32|freebsd)-([a-z0-9]+?)(?:v\d+)?$/.exec(id);
  if (m === null) return null;
  const os = m[1] === 'linuxmusl' ? 'linux' : m[1]!;
  const libc: Libc | null = m[1] === 'linuxmusl' ? 'musl' : m[1] === 'linux' ? 'glibc' : null;
  return { os, arch: archFromNodeArch(m[2]!), libc };
}

// esbuild < 0.16 named its packages esbuild-<os>-<64|32|arm64|arm> (npm/esbuild lib/npm/node-platform.ts).
const OLD_ESBUILD_CPU: Record<string, string> = { '64': 'x64', '32': 'ia32', arm64: 'arm64', arm: 'arm' };

/** The platform an esbuild binary package is for: `@esbuild/linux-arm64`, `esbuild-darwin-64`. */
export function parseEsbuildPackage(name: string): { os: string; arch: string | null } | null {
  let m = /^@esbuild\/([a-z0-9]+)-([a-z0-9]+)$/.exec(name);
  if (m !== null) return { os: m[1]!, arch: archFromNodeArch(m[2]!) };
  m = /^esbuild-([a-z0-9]+)-([a-z0-9]+)$/.exec(name);
  if (m !== null) {
    const cpu = OLD_ESBUILD_CPU[m[2]!] ?? m[2]!;
    return { os: m[1] === 'windows' ? 'win32' : m[1]!, arch: archFromNodeArch(cpu) };
  }
  return null;
}

/** The platform a rollup native package is for: `@rollup/rollup-linux-x64-musl` (rollup package.json napi.triples). */
export function parseRollupPackage(name: string): { os: string; arch: string | null; libc: Libc | null } | null {
  const m = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(name);
  if (m === null) return null;
  const abi = m[3] ?? '';
  const libc: Libc | null = abi === 'musl' || abi === 'musleabihf' ? 'musl' : abi.startsWith('gnu') ? 'glibc' : null;
  return { os: m[1]!, arch: archFromNodeArch(m[2]!), libc };
}

function hintOf(m: ParsedMessage): PlatformHint | null {
  switch (m.kind) {
    case 'sharp-platform': {
      const p = parseSharpPlatform(m.facts['runtime'] ?? '');
      return p === null || p.os !== 'linux' ? null : { arch: p.arch, libc: p.libc };
    }
    case 'esbuild-platform':
    case 'esbuild-missing-package': {
      const p = parseEsbuildPackage(m.facts['needed'] ?? '');
      return p === null || p.os !== 'linux' ? null : { arch: p.arch, libc: null };
    }
    case 'rollup-platform': {
      const p = parseRollupPackage(m.facts['needed'] ?? '');
      return p === null || p.os !== 'linux' ? null : { arch: p.arch, libc: p.libc };
    }
    case 'node-addon-not-found': {
      const path = m.path ?? '';
      const sharp = /sharp-(linux(?:musl)?-[a-z0-9]+)\.node$/.exec(path);
      if (sharp !== null) {
        const p = parseSharpPlatform(sharp[1]!);
        return p === null ? null : { arch: p.arch, libc: p.libc };
      }
      const prebuild = nodePrebuildPlatform(path);
      if (prebuild === null || prebuild.os !== 'linux') return null;
      return { arch: prebuild.archs[0] ?? null, libc: prebuild.libc };
    }
    case 'glibc-version-not-found': {
      // The library is the image's own: /lib/x86_64-linux-gnu/libc.so.6.
      const triplet = /\/([a-z0-9_]+)-linux-gnu[a-z0-9]*\//.exec(m.facts['library'] ?? '');
      return triplet === null
        ? { arch: null, libc: 'glibc' }
        : { arch: archFromCpuName(triplet[1]!)?.arch ?? null, libc: 'glibc' };
    }
    default:
      return null;
  }
}

// A CPython's own library directory in a traceback: /usr/local/lib/python3.12/…, /usr/lib/python3.11/….
const PYTHON_LIB = /(?:^|[\s"'])\/usr(?:\/local)?\/lib\/python(\d+\.\d+)\//m;

function readHints(messages: readonly ParsedMessage[], text: string): LogHints {
  const hints: LogHints = { arch: null, libc: null, platformFrom: null, pythonVersion: null, nodeModuleVersion: null };
  for (const m of messages) {
    const hint = hintOf(m);
    if (hint === null) continue;
    if (hints.arch === null && hint.arch !== null) {
      hints.arch = hint.arch;
      hints.platformFrom = m.text;
    }
    if (hints.libc === null && hint.libc !== null) hints.libc = hint.libc;
  }
  hints.pythonVersion = PYTHON_LIB.exec(text)?.[1] ?? null;
  const abi = messages.find((m) => m.kind === 'node-module-version')?.facts['requiredAbi'];
  if (abi !== undefined) hints.nodeModuleVersion = Number(abi);
  return hints;
}

/** Kinds printed by a C library loader, and which one. */
export const LOADER_OF: Partial<Record<MessageKind, Libc>> = {
  'glibc-invalid-elf-header': 'glibc',
  'glibc-wrong-elf-class': 'glibc',
  'glibc-wrong-byte-order': 'glibc',
  'glibc-file-too-short': 'glibc',
  'glibc-os-abi-invalid': 'glibc',
  'glibc-cannot-open-file': 'glibc',
  'glibc-missing-library': 'glibc',
  'glibc-version-not-found': 'glibc',
  'musl-exec-format': 'musl',
  'musl-missing-library': 'musl',
  'musl-missing-file': 'musl',
  'musl-symbol-not-found': 'musl',
  'musl-unsupported-relocation': 'musl',
};
