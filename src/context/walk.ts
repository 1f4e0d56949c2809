// The context walk. One depth-first pass over the real tree evaluates up to three "views" at
// once, each a faithful port of one of Docker's walkers:
//   - BuildKit's filterFS.Walk (tonistiigi/fsutil filter.go @6d9dc2eb): what `docker build` sends;
//     optionally with include patterns (FollowPaths) for what a Dockerfile actually requests;
//   - the classic builder's Tarballer.Do (moby/go-archive archive.go v0.3.3): the tar it streams.
// The walk also measures what the ignore file keeps out, below pruned directories too, so the
// report can say what the ignore file saved. Spec: dockerignore-semantics.md §6.
import type { DirSize, ContextEntry, EntryType, ExcludedEntry } from '../types.js';
import { FsError, joinPath, type DirEntry, type EntryStat, type FileSystem } from '../fs/file-system.js';
import { isPrefixOnly, patternWithoutTrailingGlob, type PatternMatcher } from './matcher.js';
import { encodePath, isAscii } from './paths.js';

export type ViewKind = 'buildkit' | 'classic';

export interface ViewSpec {
  kind: ViewKind;
  /** Exclude patterns (the ignore file), or null for none. */
  exclude: PatternMatcher | null;
  /** BuildKit include patterns (FollowPaths), or null for the whole context. */
  include?: PatternMatcher | null;
}

export interface WalkOptions {
  fs: FileSystem;
  /** Absolute, symlink-free path of the context directory. */
  root: string;
  /** views[0] must be the BuildKit view without include patterns: the eligible context. */
  views: ViewSpec[];
  /** Count files and bytes below directories the eligible view prunes (what the ignore file saved). */
  measureExcluded: boolean;
  /** lstat every entry (sizes, modes, times); false lists names and types from readdir only. */
  stat: boolean;
  /** readlink every sent symlink. */
  readLinks: boolean;
  /** Called every PROGRESS_EVERY entries. */
  onProgress?: (progress: WalkProgress) => void;
}

export interface WalkProgress {
  entries: number;
  bytes: number;
  dir: string;
}

export interface UnreadableDir {
  path: string;
  code: string;
  /** True when Docker would fail the build (the eligible view had to read it). */
  fatal: boolean;
}

export interface WalkResult {
  /** Per view, the entries it sends in walk order. */
  views: ContextEntry[][];
  /** Excluded roots of the eligible view: an excluded file, or a directory of which nothing is sent. */
  excluded: ExcludedEntry[];
  excludedFiles: number;
  excludedBytes: number;
  /** Every directory the eligible view sends, with the bytes and entries sent from below it. */
  dirSizes: DirSize[];
  unreadable: UnreadableDir[];
  /** Directories the eligible view never opened because no exception can match inside. */
  prunedDirs: number;
  /** Entries seen (sent or not), for progress and benchmarks. */
  visited: number;
}

export const PROGRESS_EVERY = 2048;

/** Per-frame, per-view state: the parent results Docker's walkers carry on their stacks. */
interface ViewFrame {
  includeInfo: Uint8Array | null;
  excludeInfo: Uint8Array | null;
  /** BuildKit: the directory entry has been sent (eagerly or as the parent of a later entry). */
  emitted: boolean;
}

interface Frame {
  rel: string;
  abs: string;
  entry: ContextEntry | null;
  children: DirEntry[];
  next: number;
  views: (ViewFrame | null)[];
  /** Everything below is excluded from the eligible view; counts accumulate here. */
  excludedRoot: ExcludedEntry | null;
  /** The eligible view walked into this excluded directory looking for exceptions. */
  walkedExcluded: boolean;
  decider: number;
  excludedMark: number;
  sentBytes: number;
  sentFiles: number;
}

/** Compiled view: matchers plus fsutil's pruning facts, computed once. */
interface CompiledView {
  spec: ViewSpec;
  onlyPrefixExcludeExceptions: boolean;
  onlyPrefixIncludes: boolean;
  exceptionPrefixes: string[];
  includePrefixes: string[];
}

function compileView(spec: ViewSpec): CompiledView {
  const exclude = spec.exclude;
  const include = spec.include ?? null;
  const exceptions = exclude === null ? [] : exclude.patterns.filter((p) => p.exclusion);
  const includes = include === null ? [] : include.patterns.filter((p) => !p.exclusion);
  return {
    spec,
    // fsutil NewFilterFS: pruning is allowed only while every exception is a literal prefix.
    onlyPrefixExcludeExceptions: exceptions.every((p) => isPrefixOnly(p.cleaned)),
    onlyPrefixIncludes: includes.every((p) => isPrefixOnly(p.cleaned)),
    // BuildKit trims a trailing "/**" or "/*"; the classic walker takes the text as it is.
    exceptionPrefixes: exceptions.map((p) => (spec.kind === 'buildkit' ? patternWithoutTrailingGlob(p.cleaned) : p.cleaned) + '/'),
    includePrefixes: includes.map((p) => patternWithoutTrailingGlob(p.cleaned) + '/'),
  };
}

function someStartsWith(prefixes: readonly string[], dirSlash: string): boolean {
  for (const p of prefixes) if (p.startsWith(dirSlash)) return true;
  return false;
}

/** What one view decides for one entry. */
interface Decision {
  /** Do not descend (SkipDir) — for directories only. */
  prune: boolean;
  /** Not sent itself (it may still be walked into, and be sent later as a parent). */
  skip: boolean;
  /** The eligible view's exclude result, for accounting. */
  excluded: boolean;
  decider: number;
  child: ViewFrame | null;
}

function decide(view: CompiledView, rel: string, isDir: boolean, parent: ViewFrame, isTopLevel: boolean): Decision {
  const { spec } = view;
  const include = spec.include ?? null;
  const exclude = spec.exclude;
  const child: ViewFrame | null = isDir ? { includeInfo: null, excludeInfo: null, emitted: false } : null;
  let skip = false;
  if (include !== null) {
    const out = isDir ? new Uint8Array(include.size) : null;
    const r = include.matchWithParent(rel, isTopLevel ? null : parent.includeInfo, out);
    if (child !== null) child.includeInfo = out;
    if (!r.excluded) {
      if (isDir && view.onlyPrefixIncludes && !someStartsWith(view.includePrefixes, rel + '/')) {
        return { prune: true, skip: true, excluded: false, decider: -1, child: null };
      }
      skip = true;
    }
  }
  let excluded = false;
  let decider = -1;
  if (exclude !== null) {
    const out = isDir ? new Uint8Array(exclude.size) : null;
    const r = exclude.matchWithParent(rel, isTopLevel ? null : parent.excludeInfo, out);
    if (child !== null) child.excludeInfo = out;
    decider = r.decider;
    if (r.excluded) {
      excluded = true;
      if (isDir) {
        const prunable = spec.kind === 'classic' || view.onlyPrefixExcludeExceptions;
        if (prunable && (!exclude.hasExclusions || !someStartsWith(view.exceptionPrefixes, rel + '/'))) {
          return { prune: true, skip: true, excluded, decider, child: null };
        }
      }
      skip = true;
    }
  }
  return { prune: false, skip, excluded, decider, child };
}

/** Sorts names by their bytes, as Go's os.ReadDir does. */
function sortByBytes(entries: DirEntry[]): DirEntry[] {
  if (entries.every((e) => isAscii(e.name))) {
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  const keyed = entries.map((e) => ({ e, k: encodePath(e.name) }));
  keyed.sort((a, b) => Buffer.compare(a.k, b.k));
  return keyed.map((x) => x.e);
}

function makeEntry(rel: string, type: EntryType, d: DirEntry, st: EntryStat | null): ContextEntry {
  const entry: ContextEntry = {
    path: rel,
    type,
    size: st !== null && type === 'file' ? st.size : 0,
    mode: st?.mode ?? 0,
    mtimeMs: st?.mtimeMs ?? 0,
  };
  if (st !== null && type === 'file' && st.nlink > 1) entry.ino = st.ino;
  const special = st?.special ?? d.special;
  if (special !== undefined) entry.special = special;
  return entry;
}

/** Walks the context once and returns what each view sends. Throws only for an unreadable root. */
export function walkContext(options: WalkOptions): WalkResult {
  const { fs, root } = options;
  const views = options.views.map(compileView);
  const out: ContextEntry[][] = views.map(() => []);
  const excluded: ExcludedEntry[] = [];
  const dirSizes: DirSize[] = [];
  const unreadable: UnreadableDir[] = [];
  let excludedFiles = 0;
  let excludedBytes = 0;
  let prunedDirs = 0;
  let visited = 0;
  let sentBytesTotal = 0;

  const readChildren = (abs: string, rel: string, fatal: boolean): DirEntry[] => {
    try {
      return sortByBytes(fs.readDir(abs));
    } catch (error) {
      if (error instanceof FsError) {
        // A directory that vanished or turned into a file mid-walk: fsutil maps ENOENT/ENOTDIR to SkipDir.
        if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR') unreadable.push({ path: rel, code: error.code, fatal });
        return [];
      }
      throw error;
    }
  };

  const rootFrame: Frame = {
    rel: '',
    abs: root,
    entry: null,
    children: [],
    next: 0,
    views: views.map(() => ({ includeInfo: null, excludeInfo: null, emitted: true })),
    excludedRoot: null,
    walkedExcluded: false,
    decider: -1,
    excludedMark: 0,
    sentBytes: 0,
    sentFiles: 0,
  };
  try {
    rootFrame.children = sortByBytes(fs.readDir(root));
  } catch (error) {
    if (error instanceof FsError) throw error;
    throw error;
  }
  const stack: Frame[] = [rootFrame];
  // Per view: how many frames from the bottom of the stack have their directory entry sent.
  const emittedDepth = views.map(() => 1);

  /** BuildKit's lazy parent emission: send every not-yet-sent ancestor directory first. */
  const emitParents = (v: number): void => {
    for (let depth = emittedDepth[v]!; depth < stack.length; depth++) {
      const frame = stack[depth]!;
      const vf = frame.views[v]!;
      if (!vf.emitted) {
        vf.emitted = true;
        out[v]!.push(frame.entry!);
      }
    }
    emittedDepth[v] = stack.length;
  };

  const finishFrame = (frame: Frame): void => {
    const parent = stack[stack.length - 1];
    for (let v = 0; v < views.length; v++) emittedDepth[v] = Math.min(emittedDepth[v]!, stack.length);
    if (frame.entry === null || parent === undefined) return;
    const eligible = frame.views[0];
    if (eligible !== null && eligible !== undefined && eligible.emitted) {
      dirSizes.push({ path: frame.rel, bytes: frame.sentBytes, files: frame.sentFiles });
    } else if (frame.walkedExcluded) {
      // An excluded directory of which nothing was sent: report it as one excluded root.
      const below = excluded.splice(frame.excludedMark);
      let files = 0;
      let bytes = 0;
      for (const e of below) {
        files += e.files;
        bytes += e.bytes;
      }
      excluded.push({ path: frame.rel, type: 'dir', files, bytes, rule: frame.decider });
    }
    parent.sentBytes += frame.sentBytes;
    parent.sentFiles += frame.sentFiles;
  };

  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next >= frame.children.length) {
      stack.pop();
      finishFrame(frame);
      continue;
    }
    const d = frame.children[frame.next++]!;
    visited++;
    const rel = frame.rel === '' ? d.name : frame.rel + '/' + d.name;
    const abs = joinPath(frame.abs, d.name);
    const isTopLevel = frame.rel === '';

    let st: EntryStat | null = null;
    if (options.stat) {
      st = fs.lstat(abs);
      if (st === null) continue; // vanished mid-walk
    }
    const type = st?.type ?? d.type;
    const isDir = type === 'dir';
    const entry = makeEntry(rel, type, d, st);

    if (options.onProgress !== undefined && visited % PROGRESS_EVERY === 0) {
      options.onProgress({ entries: visited, bytes: sentBytesTotal, dir: frame.rel });
    }

    const childViews: (ViewFrame | null)[] = views.map(() => null);
    let descend = false;
    let eligibleExcluded = false;
    let eligibleDecider = -1;
    let eligibleWalked = false;

    for (let v = 0; v < views.length; v++) {
      const parentView = frame.views[v];
      if (parentView === null || parentView === undefined) continue;
      const view = views[v]!;
      const decision = decide(view, rel, isDir, parentView, isTopLevel);
      if (v === 0) {
        eligibleExcluded = decision.excluded;
        eligibleDecider = decision.decider;
      }
      if (view.spec.kind === 'classic') {
        if (decision.skip) {
          if (isDir && !decision.prune) {
            childViews[v] = decision.child;
            descend = true;
          }
          continue;
        }
        // archive/tar cannot write sockets: "archive/tar: sockets not supported", logged and skipped.
        if (entry.special !== 'socket') out[v]!.push(entry);
        if (isDir) {
          childViews[v] = { ...decision.child!, emitted: true };
          descend = true;
        }
        continue;
      }
      if (decision.prune) {
        if (v === 0) prunedDirs++;
        continue;
      }
      if (isDir) {
        childViews[v] = decision.child;
        descend = true;
        if (v === 0 && decision.skip) eligibleWalked = true;
      }
      if (!decision.skip) {
        emitParents(v);
        out[v]!.push(entry);
        if (isDir) childViews[v]!.emitted = true;
      }
    }

    // The eligible view: sizes of what is sent, and what the ignore file keeps out.
    const eligibleSent = frame.views[0] !== null && frame.views[0] !== undefined && !eligibleExcluded;
    if (!isDir) {
      if (frame.excludedRoot !== null) {
        frame.excludedRoot.files++;
        frame.excludedRoot.bytes += entry.size;
        excludedFiles++;
        excludedBytes += entry.size;
      } else if (eligibleSent) {
        frame.sentFiles++;
        frame.sentBytes += entry.size;
        sentBytesTotal += entry.size;
      } else if (eligibleExcluded) {
        excluded.push({ path: rel, type, files: 1, bytes: entry.size, rule: eligibleDecider });
        excludedFiles++;
        excludedBytes += entry.size;
      }
      if (type === 'symlink' && options.readLinks) {
        const target = fs.readLink(abs);
        if (target !== null) entry.linkTarget = target;
      }
      continue;
    }

    let excludedRoot = frame.excludedRoot;
    const eligiblePruned = frame.views[0] !== null && frame.views[0] !== undefined && childViews[0] === null && eligibleExcluded;
    if (excludedRoot === null && eligiblePruned) {
      excludedRoot = { path: rel, type: 'dir', files: 0, bytes: 0, rule: eligibleDecider };
      excluded.push(excludedRoot);
    }
    if (!descend && !(excludedRoot !== null && options.measureExcluded)) continue;
    const fatal = childViews[0] !== null && !eligibleExcluded;
    const child: Frame = {
      rel,
      abs,
      entry,
      children: readChildren(abs, rel, fatal),
      next: 0,
      views: childViews,
      excludedRoot,
      walkedExcluded: eligibleWalked,
      decider: eligibleDecider,
      excludedMark: excluded.length,
      sentBytes: 0,
      sentFiles: 0,
    };
    stack.push(child);
  }

  return { views: out, excluded, excludedFiles, excludedBytes, dirSizes, unreadable, prunedDirs, visited };
}
