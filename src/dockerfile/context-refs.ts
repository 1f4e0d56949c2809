// Where a Dockerfile reaches into the build context, and what BuildKit therefore requests.
//
// dockerfile2llb records, for every COPY without --from, every ADD source that is not an
// http(s) URL, and every RUN --mount without from=, the path path.Join("/", src) in the
// stage's ctxPaths (convert.go dispatch; convert_runmount.go dispatchRunMounts). Only stages
// reachable from the target are dispatched. normalizeContextPaths turns the union into the
// FollowPaths of the `context` local: none at all (the whole context) when one path is "/",
// else the sorted paths without their leading "/" (convert.go normalizeContextPaths,
// filterPaths). The client resolves symlinks in them and uses them as include patterns
// (tonistiigi/fsutil followlinks.go FollowLinks; dockerignore-semantics.md §6.2).
//
// What one COPY takes follows the file operation: wildcard resolution over the source tree
// (fsutil copy/copy.go ResolveWildcards, splitWildcards, resolveWildcards with filepath.Match
// on the path below the last literal directory), then a copy of each match, where --exclude
// and the --parents include pattern are patternmatcher patterns relative to that match
// (copy.go copier.include/exclude with MatchesUsingParentResults; BuildKit
// solver/llbsolver/file/backend.go docopy; convert_copy.go dispatchCopy).

import type { EntryType } from '../types.js';
import { goMatch } from '../context/go-filepath.js';
import { PatternMatcher, PatternSyntaxError } from '../context/matcher.js';
import { compareBytes, pathIndexOf, sortPathsByBytes } from '../paths.js';
import { goPathJoin, normalizePath } from './go-path.js';
import type { DockerfileModel, Instruction } from './model.js';
import { reachableStages } from './stage-graph.js';
import { classifySource, isGitSource } from './source-kind.js';

/** continuity fs.RootPath gives up after this many symlinks in one path. */
export const MAX_SYMLINK_HOPS = 255;

export type ContextSourceKind = 'copy' | 'add' | 'mount';

/** One place where a build reads the build context. */
export interface ContextSource {
  stage: number;
  /** Line of the instruction (for an ONBUILD trigger: the FROM line of the stage it runs in). */
  line: number;
  kind: ContextSourceKind;
  /** The source as written. */
  source: string;
  /** After variable expansion. */
  value: string;
  /** path.Join("/", value): what BuildKit records in ctxPaths. */
  normalized: string;
  /** Absolute destination in the image (COPY/ADD) or mount point (RUN --mount). */
  destination: string | null;
  /** The destination depends on the base image's WORKDIR, which is not known here. */
  destinationFromImage: boolean;
  excludes: string[];
  parents: boolean;
  /** Variables that may change `value` at build time (see ExpandedWord). */
  unresolved: string[];
  /** True when the instruction is an ONBUILD trigger of the base stage. */
  onbuild: boolean;
}

function instructionsOf(model: DockerfileModel, stage: number): { instr: Instruction; onbuild: boolean }[] {
  const s = model.stages[stage]!;
  return [
    ...s.triggers.map((instr) => ({ instr, onbuild: true })),
    ...s.instructions.map((instr) => ({ instr, onbuild: false })),
  ];
}

const isFromContext = (from: string | null): boolean => from === null || from === '';

/**
 * Every COPY/ADD source and RUN --mount that reads the build context, in the stages the
 * target needs, in build order. URLs, Git repositories, heredocs, --from sources and
 * secret, ssh, cache and tmpfs mounts are not context sources.
 */
export function contextSources(model: DockerfileModel, target?: number | string): ContextSource[] {
  const out: ContextSource[] = [];
  for (const stage of reachableStages(model, target)) {
    for (const { instr, onbuild } of instructionsOf(model, stage)) {
      const copy = instr.copy;
      if (copy !== undefined && (instr.keyword === 'COPY' || instr.keyword === 'ADD') && isFromContext(copy.from)) {
        for (const src of copy.sources) {
          if (classifySource(src.value) !== 'local') continue;
          out.push({
            stage,
            line: instr.startLine,
            kind: instr.keyword === 'ADD' ? 'add' : 'copy',
            source: src.raw,
            value: src.value,
            normalized: goPathJoin('/', src.value),
            destination: copy.destinationPath,
            destinationFromImage: copy.destinationFromImage,
            excludes: copy.excludes,
            parents: copy.parents,
            unresolved: [...new Set([...src.unresolved, ...copy.destination.unresolved])].sort(),
            onbuild,
          });
        }
      }
      for (const mount of instr.run?.mounts ?? []) {
        if (mount.type !== 'bind' || !isFromContext(mount.from)) continue;
        const value = mount.source?.value ?? '';
        out.push({
          stage,
          line: instr.startLine,
          kind: 'mount',
          source: mount.source?.raw ?? '',
          value,
          normalized: goPathJoin('/', value),
          destination: mount.targetPath,
          destinationFromImage: false,
          excludes: [],
          parents: false,
          unresolved: [...new Set([...(mount.source?.unresolved ?? []), ...(mount.target?.unresolved ?? [])])].sort(),
          onbuild,
        });
      }
    }
  }
  return out;
}

/**
 * The FollowPaths BuildKit sends for the `context` local when building `target`:
 * null when the whole context is requested (some recorded path is "/", e.g. `COPY . .`),
 * [] when no instruction uses the context (the context is then not loaded at all; only
 * `.dockerignore` is read), else the sorted paths exactly as BuildKit lists them. The list is
 * not pruned of paths below other paths; fsutil does that on the client.
 */
export function followPaths(model: DockerfileModel, target?: number | string): string[] | null {
  const recorded = new Set<string>();
  let used = false;
  for (const stage of reachableStages(model, target)) {
    for (const { instr } of instructionsOf(model, stage)) {
      const copy = instr.copy;
      if (copy !== undefined && instr.keyword === 'COPY' && isFromContext(copy.from)) {
        for (const src of copy.sources) recorded.add(goPathJoin('/', src.value));
        if (copy.sources.length > 0) used = true;
      }
      if (copy !== undefined && instr.keyword === 'ADD') {
        for (const src of copy.sources) {
          // dispatch records every ADD source without an http:// or https:// prefix, Git refs included.
          if (src.value.startsWith('http://') || src.value.startsWith('https://')) continue;
          recorded.add(goPathJoin('/', src.value));
          if (!isGitSource(src.value)) used = true;
        }
      }
      for (const mount of instr.run?.mounts ?? []) {
        // Secret and ssh mounts are handled before the path is recorded; a cache mount
        // without from= reads scratch; a tmpfs mount records its (empty) source but reads scratch.
        if (mount.type === 'secret' || mount.type === 'ssh' || mount.type === 'cache') continue;
        if (!isFromContext(mount.from)) continue;
        recorded.add(goPathJoin('/', mount.source?.value ?? ''));
        if (mount.type === 'bind') used = true;
      }
    }
  }
  if (!used) return [];
  if (recorded.has('/')) return null;
  return [...recorded].map((p) => goPathJoin('.', p)).sort(compareBytes);
}

/** A context path with its type; symlinks carry their target. ContextEntry fits. */
export interface SourcePathEntry {
  path: string;
  type: EntryType;
  linkTarget?: string;
}

export interface SelectedSources {
  /** The copy roots: the source itself, or what its wildcards matched. */
  readonly roots: readonly string[];
  /** Every context path the instruction reads: roots, symlinks followed, everything copied below. */
  readonly matched: readonly string[];
  /**
   * A path that must exist does not (a literal source, the directory before a wildcard, a
   * `--parents` path without wildcards, a broken symlink): BuildKit fails the build.
   */
  missing: boolean;
  /**
   * An --exclude or --parents pattern Docker's matcher rejects, with its message: BuildKit fails
   * the copy (fsutil newCopier "invalid excludepatterns"). Nothing is selected then.
   */
  patternError: string | null;
}

interface Tree {
  entries: ReadonlyMap<string, SourcePathEntry>;
  children: Map<string, string[]>;
  /**
   * What each source selected here, by what select() reads of it: the checks, the advice guard
   * and the copied-path facts each ask for every source of the Dockerfile over the same entries,
   * and contextSources makes new objects on each call. Results are shared, so read only.
   */
  selections: Map<string, SelectedSources>;
}

/**
 * Trees already built, per paths array: the checks, the advice guard and the copied-path facts
 * all select over the same walked entries (a tree is a pass over every entry and a sort per directory). The
 * arrays are readonly and never change after the walk.
 */
const trees = new WeakMap<readonly (string | SourcePathEntry)[], Tree>();

function treeOf(paths: readonly (string | SourcePathEntry)[]): Tree {
  let tree = trees.get(paths);
  if (tree === undefined) {
    tree = buildTree(paths);
    trees.set(paths, tree);
  }
  return tree;
}

function buildTree(paths: readonly (string | SourcePathEntry)[]): Tree {
  // Entries (the walk's) are indexed as the check model indexes them, and that index is shared
  // until a parent has to be added; a bare path is a file unless something is listed below it.
  const objects = paths.every((p) => typeof p !== 'string');
  let entries: ReadonlyMap<string, SourcePathEntry>;
  let owned: Map<string, SourcePathEntry> | null = null;
  if (objects) entries = pathIndexOf(paths as readonly SourcePathEntry[]);
  else {
    owned = new Map();
    for (const p of paths)
      owned.set(typeof p === 'string' ? p : p.path, typeof p === 'string' ? { path: p, type: 'file' } : p);
    entries = owned;
  }
  for (const path of [...entries.keys()]) {
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const dir = path.slice(0, slash);
      const known = entries.get(dir);
      if (known !== undefined && known.type === 'dir') break;
      if (known === undefined || known.type === 'file') {
        owned ??= new Map(entries);
        owned.set(dir, { path: dir, type: 'dir' });
        entries = owned;
      }
    }
  }
  const children = new Map<string, string[]>();
  for (const path of entries.keys()) {
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '' : path.slice(0, slash);
    const list = children.get(parent) ?? [];
    list.push(path);
    children.set(parent, list);
  }
  for (const list of children.values()) sortPathsByBytes(list);
  return { entries, children, selections: new Map() };
}

function typeOf(tree: Tree, path: string): EntryType | null {
  if (path === '') return 'dir';
  return tree.entries.get(path)?.type ?? null;
}

/**
 * continuity fs.RootPath inside the context: symlinks in every component (and the last one
 * when `followLast`) are followed, absolute targets start at the context root and `..` stops
 * there. Returns the resolved path and the symlinks passed through, or null after too many hops.
 */
function resolveInContext(tree: Tree, path: string, followLast: boolean): { path: string; links: string[] } | null {
  const queue = path.split('/').filter((c) => c !== '');
  const resolved: string[] = [];
  const links: string[] = [];
  let hops = 0;
  while (queue.length > 0) {
    const c = queue.shift()!;
    if (c === '.') continue;
    if (c === '..') {
      resolved.pop();
      continue;
    }
    const candidate = [...resolved, c].join('/');
    const entry = tree.entries.get(candidate);
    if (entry?.type === 'symlink' && (queue.length > 0 || followLast)) {
      if (++hops > MAX_SYMLINK_HOPS) return null;
      links.push(candidate);
      const linkTarget = entry.linkTarget ?? '';
      if (linkTarget.startsWith('/')) resolved.length = 0;
      queue.unshift(...linkTarget.split('/').filter((x) => x !== ''));
      continue;
    }
    resolved.push(c);
  }
  return { path: resolved.join('/'), links };
}

/** fsutil containsWildcards: `*`, `?` or `[` not preceded by a `\` escape. */
function containsWildcards(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (ch === '\\') i++;
    else if (ch === '*' || ch === '?' || ch === '[') return true;
  }
  return false;
}

/** splitWildcards: the literal directory before the first wildcard component, and the rest. */
function splitWildcards(absPath: string): [literal: string, pattern: string] {
  const parts = absPath.split('/');
  const literal: string[] = [];
  const pattern: string[] = [];
  let found = false;
  for (const p of parts) {
    if (!found && containsWildcards(p)) found = true;
    (found ? pattern : literal).push(p === '' ? '/' : p);
  }
  return [goPathJoin(...literal), goPathJoin(...pattern)];
}

function safeGoMatch(pattern: string, name: string): boolean {
  // resolveWildcards ignores filepath.Match errors: a bad pattern matches nothing.
  try {
    return goMatch(pattern, name);
  } catch {
    return false;
  }
}

function toContextPath(abs: string): string {
  const clean = goPathJoin('/', abs);
  return clean === '/' ? '' : clean.slice(1);
}

/** What `source` takes from a context holding `paths` (context-relative, any order). */
export function selectSources(source: ContextSource, paths: readonly (string | SourcePathEntry)[]): SelectedSources {
  return selectIn(treeOf(paths), source);
}

/** selectSources for several sources over one context (the tree is built once). */
export function selectEachSource(
  sources: readonly ContextSource[],
  paths: readonly (string | SourcePathEntry)[],
): SelectedSources[] {
  const tree = treeOf(paths);
  return sources.map((source) => selectIn(tree, source));
}

/** select(), once per tree for sources that select alike. */
function selectIn(tree: Tree, source: ContextSource): SelectedSources {
  const key = JSON.stringify([source.kind === 'mount', source.parents, source.value, source.excludes]);
  let selected = tree.selections.get(key);
  if (selected === undefined) {
    try {
      selected = select(source, tree);
    } catch (error) {
      if (!(error instanceof PatternSyntaxError)) throw error;
      selected = { roots: [], matched: [], missing: false, patternError: error.message };
    }
    tree.selections.set(key, selected);
  }
  return selected;
}

function select(source: ContextSource, tree: Tree): SelectedSources {
  const taken = new Set<string>();
  const roots: string[] = [];
  let missing = false;

  let src = source.value;
  let include: PatternMatcher | null = null;
  if (source.kind !== 'mount' && source.parents) {
    // --parents: an optional "/./" pivot; the part after it is kept below the destination.
    const pivot = src.indexOf('/./');
    const pattern = pivot < 0 ? src : src.slice(pivot + 3);
    src = pivot < 0 ? '/' : src.slice(0, pivot);
    const includePattern = normalizePath('/', pattern, false).replace(/^\//, '');
    include = PatternMatcher.create([includePattern]);
    if (!containsWildcards(src) && !containsWildcards(pattern)) {
      const required = resolveInContext(tree, toContextPath(goPathJoin(src, pattern)), true);
      if (required === null || typeOf(tree, required.path) === null) missing = true;
    }
  }
  const exclude = source.excludes.length > 0 ? PatternMatcher.create(source.excludes) : null;
  const srcAbs = goPathJoin('/', normalizePath('/', src, false));

  if (source.kind !== 'mount' && containsWildcards(srcAbs)) {
    const [literal, pattern] = splitWildcards(srcAbs);
    const base = resolveInContext(tree, toContextPath(literal), true);
    if (base === null || typeOf(tree, base.path) === null) {
      missing = true;
    } else {
      for (const link of base.links) taken.add(link);
      const walk = (dir: string): void => {
        for (const child of tree.children.get(dir) ?? []) {
          const rel = base.path === '' ? child : child.slice(base.path.length + 1);
          if (safeGoMatch(pattern, rel)) {
            roots.push(child);
            continue;
          }
          if (typeOf(tree, child) === 'dir') walk(child);
        }
      };
      if (typeOf(tree, base.path) === 'dir') walk(base.path);
    }
  } else {
    roots.push(toContextPath(srcAbs));
  }

  for (const root of roots) {
    const resolved = resolveInContext(tree, root, true);
    if (resolved === null || typeOf(tree, resolved.path) === null) {
      missing = true;
      continue;
    }
    // The named path itself is read when it is an entry (a file, a directory, or a symlink to follow).
    if (tree.entries.has(root)) taken.add(root);
    for (const link of resolved.links) taken.add(link);
    if (resolved.path !== '') taken.add(resolved.path);
    if (typeOf(tree, resolved.path) === 'dir') copyTree(tree, resolved.path, include, exclude, taken);
  }

  taken.delete('');
  return { roots: sortPathsByBytes([...roots]), matched: sortPathsByBytes([...taken]), missing, patternError: null };
}

/**
 * The copier's walk below one root: every entry is matched against the include and exclude
 * patterns relative to the root, with the parent's results; directories are walked whatever
 * their own result (an exception may re-include something below), and a directory that is
 * not itself included is created when something below it is.
 */
function copyTree(
  tree: Tree,
  root: string,
  include: PatternMatcher | null,
  exclude: PatternMatcher | null,
  taken: Set<string>,
): void {
  const visit = (dir: string, inc: Uint8Array | null, exc: Uint8Array | null, pending: string[]): void => {
    for (const child of tree.children.get(dir) ?? []) {
      const rel = root === '' ? child : child.slice(root.length + 1);
      const incOut = include === null ? null : new Uint8Array(include.size);
      const excOut = exclude === null ? null : new Uint8Array(exclude.size);
      const included = include === null || include.matchWithParent(rel, inc, incOut).excluded;
      const excluded = exclude !== null && exclude.matchWithParent(rel, exc, excOut).excluded;
      const isIncluded = included && !excluded;
      if (isIncluded) {
        for (const p of pending) taken.add(p);
        pending.length = 0;
        taken.add(child);
      }
      if (typeOf(tree, child) === 'dir') {
        const below = isIncluded ? [] : [...pending, child];
        visit(child, incOut, excOut, below);
        if (!isIncluded && below.length === 0) pending.length = 0;
      }
    }
  };
  visit(root, null, null, []);
}
