// What the decision step works with, and the helpers its parts share. Files are read only
// through the injected Reader, so every part is a pure function of its inputs.
import { compareBytes, parentOf } from '../paths.js';
import type { DockerfileModel } from '../dockerfile/model.js';
import { formatPlatform, type Libc, type TargetPlatform } from '../sniff/platform.js';
import type { Sniffed } from '../sniff/sniffed.js';
import { absoluteContainerPath, mapContainerPath, type ContextMount, type MappedPath } from './map-paths.js';
import type { SourceProblem } from '../facts/source-problems.js';
import type { Confidence, CulpritKind, FileEdit, MessageVerdict, ParsedMessage, PathOrigin } from './model.js';
import { venvRootOf, type EntryMap } from './search-context.js';

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
  /** COPY/ADD/RUN --mount sources of the target that take nothing from the context (computed on first use). */
  sourceProblems(): readonly SourceProblem[];
  /** The Dockerfile as a context-relative path, when it is inside the context. */
  dockerfilePath: string | null;
  /** The ignore file Docker reads (display path), or null when there is none. */
  ignoreFile: string | null;
  /** The mounts of the Compose service that runs the image (bind mounts of the context's directories, volumes); [] without one. */
  mounts: readonly { target: string; mount: ContextMount | null }[];
}

export interface CulpritDraft {
  path: string;
  type: 'file' | 'dir' | 'symlink';
  kind: CulpritKind;
  what: string;
  explanation: string;
  origin: PathOrigin | null;
  /** Default: `certain` when the message named the file, else `likely`. */
  confidence?: Confidence;
  /** Why it ranks where it does; default: said from the confidence. */
  evidence?: string;
  /** The fix, when the decision already knows it (a verified exception line, a Dockerfile edit). */
  fixHint?: { ignoreLines?: string[]; edits?: FileEdit[]; notes?: string[] };
}

export interface Decision {
  verdict: MessageVerdict;
  reason: string;
  advice: string | null;
  candidates: string[];
  culprits: CulpritDraft[];
}

export type Handler = (m: ParsedMessage, ctx: DecideContext) => Decision;

// ---------------------------------------------------------------------------------------------
// Small helpers.

function uniqueSorted(paths: readonly string[]): string[] {
  return [...new Set(paths)].sort(compareBytes);
}

export function culpritFound(reason: string, candidates: string[], culprits: CulpritDraft[]): Decision {
  return { verdict: 'culprit', reason, advice: null, candidates: uniqueSorted(candidates), culprits };
}

export function nothingFound(reason: string, advice: string, candidates: string[] = []): Decision {
  return { verdict: 'not-in-context', reason, advice, candidates: uniqueSorted(candidates), culprits: [] };
}

export function lookAlike(reason: string, advice: string, candidates: string[] = []): Decision {
  return { verdict: 'not-a-context-problem', reason, advice, candidates: uniqueSorted(candidates), culprits: [] };
}

export function typeOf(ctx: DecideContext, path: string): 'file' | 'dir' | 'symlink' {
  const t = ctx.entries.get(path)?.type;
  return t === 'dir' ? 'dir' : t === 'symlink' ? 'symlink' : 'file';
}

export function platformName(ctx: DecideContext): string {
  return `${formatPlatform(ctx.target.platform)} (${ctx.target.libc})`;
}

/** How the file got into the image, for explanations: from a host node_modules, a host venv, … */
export function environmentPhrase(path: string, entries: EntryMap): string {
  if (path.split('/').includes('node_modules')) return 'a node_modules installed on the host and copied into the image';
  if (venvRootOf(path, entries) !== null) return 'a virtual environment made on the host and copied into the image';
  if (/(?:^|\/)(?:site|dist)-packages\//.test(path))
    return 'Python packages installed on the host and copied into the image';
  return 'a file built on the host and copied into the image';
}

// Paths on the machine that made an environment, never in a Linux image: macOS locations,
// Windows drives, home directories, version managers (binaries.md §3, errors-in-the-wild §3).
const HOST_PATH =
  /^(?:\/Users\/|\/opt\/homebrew\/|\/Library\/|\/usr\/local\/Cellar\/|\/Applications\/|\/home\/[^/]+\/|\/root\/\.local\/share\/uv\/|[A-Za-z]:[\\/]|\\\\)|\/\.pyenv\/versions\//;

export function isHostPath(path: string): boolean {
  return HOST_PATH.test(path);
}

/** Follows symlinks inside the context from `path`; returns the final path and the links passed. */
export function followLinks(
  path: string,
  ctx: DecideContext,
): { path: string; links: string[]; absoluteTarget: string | null } {
  let current = path;
  const links: string[] = [];
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    const entry = ctx.entries.get(current);
    if (entry?.type !== 'symlink' || entry.linkTarget === undefined)
      return { path: current, links, absoluteTarget: null };
    links.push(current);
    // An absolute target points into the image, not into the context.
    if (entry.linkTarget.startsWith('/')) return { path: current, links, absoluteTarget: entry.linkTarget };
    // A relative target resolves inside the copied tree; `..` stops at the root, as in the image.
    current = absoluteContainerPath(entry.linkTarget, '/' + parentOf(current)).slice(1);
  }
  return { path: current, links, absoluteTarget: null };
}

export function mapped(m: ParsedMessage, ctx: DecideContext, path = m.path): MappedPath[] {
  if (path === null) return [];
  return mapContainerPath(path, { model: ctx.model, entries: ctx.entries, mounts: ctx.mounts });
}
