// The context walk. One depth-first pass over the real tree evaluates up to three "views" at
// once, each a faithful port of one of Docker's walkers:
//   - BuildKit's filterFS.Walk (tonistiigi/fsutil filter.go @6d9dc2eb): what `docker build` sends;
//     optionally with include patterns (FollowPaths) for what a Dockerfile actually requests;
//   - the classic builder's Tarballer.Do (moby/go-archive archive.go v0.3.3): the tar it streams.
// The walk also measures what the ignore file keeps out, below pruned directories too, so the
// report can say what the ignore file saved. Spec: dockerignore-semantics.md §6.
//
// Speed (test/bench): allocation per entry is kept to what is returned; views with the same
// exclude patterns share one match per entry; a directory of which provably nothing is sent is
// not walked entry by entry but only counted (measure-tree.ts), by worker threads when the file
// system offers them, while this walk goes on.
import type { DirSize, ContextEntry, EntryType, ExcludedEntry } from '../types.js';
import {
  FsError,
  joinPath,
  type DirEntry,
  type DirIdentity,
  type EntryStat,
  type FileSystem,
  type FsErrorCode,
  type TreeMeasure,
  type TreeMeasurer,
} from '../fs/file-system.js';
import { canMatchBelow, isSimpleGlob } from './match-below.js';
import { isPrefixOnly, patternWithoutTrailingGlob, type Pattern, type PatternMatcher } from './matcher.js';
import { measureTrees, type PendingDir } from '../fs/measure-tree.js';
import { compareBytes, encodePath, isAscii, sortPathsByBytes } from '../paths.js';

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
  /**
   * Count files and bytes below directories the eligible view prunes (what the ignore file
   * saved). Regular files there are lstat'ed for their size even when `stat` is false.
   */
  measureExcluded: boolean;
  /** lstat every entry (sizes, modes, times); false lists names and types from readdir only. */
  stat: boolean;
  /** readlink every sent symlink. */
  readLinks: boolean;
  /** Called every PROGRESS_EVERY entries the walk itself visits (directories only counted are not reported). */
  onProgress?: (progress: WalkProgress) => void;
  /**
   * Return before the background measurer has delivered its counts (see WalkResult.settle), so
   * that the caller's own work overlaps the counting. Without a background measurer (a small
   * context, or a file system without one) the counts are complete on return either way.
   */
  deferCounts?: boolean;
}

export interface WalkProgress {
  entries: number;
  bytes: number;
  dir: string;
}

export interface UnreadableDir {
  /** The directory that could not be read, or an entry that could not be lstat'ed. */
  path: string;
  code: string;
  /** True when Docker would fail the build (the eligible view had to read it). */
  fatal: boolean;
  /** For an entry that could not be lstat'ed: its type as its directory's listing gave it. Absent for a directory that could not be read. */
  type?: EntryType;
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
  /** Sorted by path bytes. */
  unreadable: UnreadableDir[];
  /** Excluded directories the eligible view never walked because nothing inside can be sent. */
  prunedDirs: number;
  /** Entries seen (sent or not, counted ones included), for benchmarks. */
  visited: number;
  /**
   * With `deferCounts`, while the background measurer still counts: waits for it and adds its
   * counts to `excludedFiles`, `excludedBytes`, `visited`, the excluded directories' `files` and
   * `bytes` and `unreadable` (non-fatal entries only: the fatal ones are all there before). Until
   * then those hold only what the walk counted itself. Idempotent; absent when nothing is pending.
   */
  settle?: () => void;
}

export const PROGRESS_EVERY = 2048;
/**
 * Entries the walk counts itself below excluded directories before it hands the rest to the
 * file system's background measurer: small contexts never start worker threads.
 */
export const MEASURE_INLINE_ENTRIES = 8192;
/** Once the measurer runs, an excluded tree is read breadth-first until it splits into this many jobs. */
export const MEASURE_SPLIT_JOBS = 32;

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
  /** lstat of the directory before it was read (device and inode), or null when not taken. */
  identity: EntryStat | null;
  entry: ContextEntry | null;
  /** The directory's names in byte order. */
  names: string[];
  /** Their entries with types, parallel to `names`; null when read as names only (FileSystem.readNames). */
  listing: DirEntry[] | null;
  /** For a names-only read: the typed entries by name, read again only when an lstat failed. */
  listed: Map<string, DirEntry> | null;
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
  kind: ViewKind;
  exclude: PatternMatcher | null;
  include: PatternMatcher | null;
  onlyPrefixExcludeExceptions: boolean;
  onlyPrefixIncludes: boolean;
  exceptionPrefixes: string[];
  includePrefixes: string[];
  /** Views with equal exclude patterns share a group and one match per entry. */
  group: number;
  /** Exceptions, to prove that nothing below an excluded directory can be sent; null when that cannot be proven. */
  deadProof: { index: number; pattern: Pattern }[] | null;
}

function samePatterns(a: PatternMatcher, b: PatternMatcher): boolean {
  if (a === b) return true;
  if (a.patterns.length !== b.patterns.length) return false;
  return a.patterns.every((p, i) => {
    const q = b.patterns[i]!;
    return p.cleaned === q.cleaned && p.exclusion === q.exclusion && p.index === q.index;
  });
}

function compileViews(specs: readonly ViewSpec[]): CompiledView[] {
  const groups: PatternMatcher[] = [];
  return specs.map((spec) => {
    const exclude = spec.exclude;
    const include = spec.include ?? null;
    const exceptions = exclude === null ? [] : exclude.patterns.filter((p) => p.exclusion);
    const includes = include === null ? [] : include.patterns.filter((p) => !p.exclusion);
    let group = -1;
    if (exclude !== null) {
      group = groups.findIndex((g) => samePatterns(g, exclude));
      if (group === -1) group = groups.push(exclude) - 1;
    }
    // Provable only without include patterns and with simple globs everywhere (a pattern that
    // could fail to compile must still be matched where Docker matches it).
    const provable = include === null && exclude !== null && exclude.patterns.every((p) => isSimpleGlob(p.cleaned));
    return {
      kind: spec.kind,
      exclude,
      include,
      // fsutil NewFilterFS: pruning is allowed only while every exception is a literal prefix.
      onlyPrefixExcludeExceptions: exceptions.every((p) => isPrefixOnly(p.cleaned)),
      onlyPrefixIncludes: includes.every((p) => isPrefixOnly(p.cleaned)),
      // BuildKit trims a trailing "/**" or "/*"; the classic walker takes the text as it is.
      exceptionPrefixes: exceptions.map(
        (p) => (spec.kind === 'buildkit' ? patternWithoutTrailingGlob(p.cleaned) : p.cleaned) + '/',
      ),
      includePrefixes: includes.map((p) => patternWithoutTrailingGlob(p.cleaned) + '/'),
      group,
      deadProof: provable
        ? exclude.patterns.flatMap((pattern, index) => (pattern.exclusion ? [{ index, pattern }] : []))
        : null,
    };
  });
}

function someStartsWith(prefixes: readonly string[], dirSlash: string): boolean {
  for (const p of prefixes) if (p.startsWith(dirSlash)) return true;
  return false;
}

/**
 * True when nothing below the excluded directory `rel` can be sent by this view: every
 * exception that did not match `rel` (info 0) cannot match below it. Patterns that matched stay
 * matched for every descendant and later exclude patterns only exclude more, so each
 * descendant ends excluded as `rel` did (MatchesUsingParentResults, patternmatcher.go).
 */
function isDeadBelow(view: CompiledView, rel: string, info: Uint8Array): boolean {
  for (const { index, pattern } of view.deadProof!) {
    if (info[index] === 1) continue;
    if (canMatchBelow(pattern.cleaned, rel)) return false;
  }
  return true;
}

/** A directory's names, and their types when read with them (Frame). */
interface Listing {
  names: string[];
  listing: DirEntry[] | null;
}

const EMPTY_LISTING: Listing = { names: [], listing: [] };

/** Sorts names by their bytes, as Go's os.ReadDir does; a directory listing usually arrives sorted already. */
function sortByBytes(entries: DirEntry[]): DirEntry[] {
  let ascii = true;
  let sorted = true;
  for (let i = 0; i < entries.length; i++) {
    const name = entries[i]!.name;
    if (!isAscii(name)) {
      ascii = false;
      break;
    }
    if (i > 0 && entries[i - 1]!.name > name) sorted = false;
  }
  if (ascii) {
    return sorted ? entries : entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  const keyed = entries.map((e) => ({ e, k: encodePath(e.name) }));
  keyed.sort((a, b) => Buffer.compare(a.k, b.k));
  return keyed.map((x) => x.e);
}

function makeEntry(rel: string, type: EntryType, d: DirEntry | null, st: EntryStat | null): ContextEntry {
  const entry: ContextEntry = {
    path: rel,
    type,
    size: st !== null && type === 'file' ? st.size : 0,
    mode: st?.mode ?? 0,
    mtimeMs: st?.mtimeMs ?? 0,
  };
  // Both builders treat any non-directory with several links as a hard link (fsutil
  // setUnixOpt, go-archive addTarFile), symlinks and FIFOs included.
  if (st !== null && type !== 'dir' && st.nlink > 1) entry.ino = st.ino;
  const special = st !== null ? st.special : d?.special;
  if (special !== undefined) entry.special = special;
  if (st !== null && (special === 'char-device' || special === 'block-device')) entry.rdev = st.rdev;
  return entry;
}

function lstatOrNull(fs: FileSystem, abs: string): EntryStat | null {
  try {
    return fs.lstat(abs);
  } catch (error) {
    if (error instanceof FsError) return null;
    throw error;
  }
}

/** Walks the context once and returns what each view sends. Throws only for an unreadable root. */
export function walkContext(options: WalkOptions): WalkResult {
  const { fs, root } = options;
  const views = compileViews(options.views);
  const nViews = views.length;
  const out: ContextEntry[][] = views.map(() => []);
  const excluded: ExcludedEntry[] = [];
  /**
   * Excluded roots still waiting for the measurer's counts, each mapped to the excluded
   * directory that absorbed it when the walk collapsed its parent (or to itself): late counts
   * are added along that chain, so a collapsed directory's entries need not be kept until the end.
   */
  const absorbedBy = new Map<ExcludedEntry, ExcludedEntry>();
  const dirSizes: DirSize[] = [];
  const unreadable: UnreadableDir[] = [];
  let excludedFiles = 0;
  let excludedBytes = 0;
  let prunedDirs = 0;
  let visited = 0;
  /** Entries this walk visited itself (the stamp for per-entry scratch, and progress). */
  let walked = 0;
  let sentBytesTotal = 0;

  // Counting below excluded directories: inline first, then in the background when possible.
  let inlineAllowance = MEASURE_INLINE_ENTRIES;
  let measurer: TreeMeasurer | null | undefined;
  const jobRoots: ExcludedEntry[] = [];
  const applyMeasure = (into: ExcludedEntry, m: TreeMeasure): void => {
    for (let e: ExcludedEntry | undefined = into; e !== undefined; ) {
      e.files += m.files;
      e.bytes += m.bytes;
      const next = absorbedBy.get(e);
      e = next === e ? undefined : next;
    }
    excludedFiles += m.files;
    excludedBytes += m.bytes;
    visited += m.entries;
    for (const u of m.unreadable) unreadable.push({ path: u.path, code: u.code, fatal: false });
  };
  const submitJobs = (into: ExcludedEntry, pending: readonly PendingDir[]): void => {
    for (const p of pending) {
      measurer!.submit(p.abs, p.rel, p.identity);
      jobRoots.push(into);
    }
    if (pending.length > 0 && !absorbedBy.has(into)) absorbedBy.set(into, into);
  };
  const measureBelow = (into: ExcludedEntry, abs: string, rel: string, identity: DirIdentity): void => {
    const dir: PendingDir[] = [{ abs, rel, identity }];
    if (measurer === undefined && inlineAllowance > 0) {
      const partial = measureTrees(fs, dir, inlineAllowance);
      inlineAllowance -= partial.entries;
      applyMeasure(into, partial);
      if (partial.pending.length === 0) return;
      measurer = fs.createTreeMeasurer?.() ?? null;
      if (measurer === null) applyMeasure(into, measureTrees(fs, partial.pending));
      else submitJobs(into, partial.pending);
      return;
    }
    if (measurer === undefined) measurer = fs.createTreeMeasurer?.() ?? null;
    if (measurer === null) {
      applyMeasure(into, measureTrees(fs, dir));
      return;
    }
    // Read the top of the tree here, breadth-first, so that its parts spread over the workers.
    const top = measureTrees(fs, dir, Infinity, MEASURE_SPLIT_JOBS);
    applyMeasure(into, top);
    submitJobs(into, top.pending);
  };

  /**
   * The listing of a directory, or nothing when it vanished or is no longer the directory the
   * walk lstat'ed inside its parent (`identity`): a directory swapped for a symlink mid-walk
   * would otherwise list the link's target (say /etc) as context paths. The file system checks
   * the directory it opened (FileSystem.readDir); a mismatch reads as ENOENT, which fsutil
   * treats as an entry that vanished.
   */
  const readChildren = (abs: string, rel: string, fatal: boolean, identity: DirIdentity): Listing => {
    try {
      return list(abs, identity);
    } catch (error) {
      if (error instanceof FsError) {
        // A directory that vanished or turned into a file mid-walk: fsutil maps ENOENT/ENOTDIR to SkipDir.
        if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR')
          unreadable.push({ path: rel, code: error.code, fatal });
        return EMPTY_LISTING;
      }
      throw error;
    }
  };

  // A walk that lstat's every entry takes types from the lstat, so it reads names only (no object
  // per name); the listing's types are then read again only for an entry whose lstat failed.
  const namesOnly = options.stat && fs.readNames !== undefined;
  function list(abs: string, identity: DirIdentity | undefined): Listing {
    if (namesOnly) return { names: sortPathsByBytes(fs.readNames!(abs, identity)), listing: null };
    const listing = sortByBytes(fs.readDir(abs, identity));
    return { names: listing.map((d) => d.name), listing };
  }
  /** The listed entry `name` of the directory on top of the stack; null when it is gone from it. */
  const listedEntry = (frame: Frame, name: string): DirEntry | null => {
    if (frame.listing !== null) return frame.listing[frame.next - 1]!;
    if (frame.listed === null) {
      frame.listed = new Map();
      const parent = stack.length > 1 ? stack[stack.length - 2]!.identity : null;
      try {
        const again =
          frame.identity === null ? fs.readDir(frame.abs) : fs.readDir(frame.abs, { self: frame.identity, parent });
        for (const d of again) frame.listed.set(d.name, d);
      } catch (error) {
        // Unreadable now, or swapped: its entries read as vanished, as readChildren's do.
        if (!(error instanceof FsError)) throw error;
      }
    }
    return frame.listed.get(name) ?? null;
  };

  const rootIdentity = lstatOrNull(fs, root);
  const rootListing = list(root, rootIdentity === null ? undefined : { self: rootIdentity, parent: null });
  const rootFrame: Frame = {
    rel: '',
    abs: root,
    identity: rootIdentity,
    entry: null,
    names: rootListing.names,
    listing: rootListing.listing,
    listed: null,
    next: 0,
    views: views.map(() => ({ includeInfo: null, excludeInfo: null, emitted: true })),
    excludedRoot: null,
    walkedExcluded: false,
    decider: -1,
    excludedMark: 0,
    sentBytes: 0,
    sentFiles: 0,
  };
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
    for (let v = 0; v < nViews; v++) emittedDepth[v] = Math.min(emittedDepth[v]!, stack.length);
    if (frame.entry === null || parent === undefined) return;
    const eligible = frame.views[0];
    if (eligible !== null && eligible !== undefined && eligible.emitted) {
      dirSizes.push({ path: frame.rel, bytes: frame.sentBytes, files: frame.sentFiles });
    } else if (frame.walkedExcluded) {
      // An excluded directory of which nothing was sent: one excluded root, summed now (counts
      // the measurer has yet to deliver follow absorbedBy), so the entries below are dropped.
      const entry: ExcludedEntry = { path: frame.rel, type: 'dir', files: 0, bytes: 0, rule: frame.decider };
      for (let k = frame.excludedMark; k < excluded.length; k++) {
        const e = excluded[k]!;
        entry.files += e.files;
        entry.bytes += e.bytes;
        if (absorbedBy.has(e)) {
          absorbedBy.set(e, entry);
          absorbedBy.set(entry, entry);
        }
      }
      excluded.length = frame.excludedMark;
      excluded.push(entry);
    }
    parent.sentBytes += frame.sentBytes;
    parent.sentFiles += frame.sentFiles;
  };

  // Per-entry scratch, one slot per view or match group (no allocation per entry).
  const groupCount = Math.max(0, ...views.map((v) => v.group + 1));
  const groupParent: (Uint8Array | null | undefined)[] = new Array<Uint8Array | null | undefined>(groupCount).fill(
    undefined,
  );
  const groupStamp = new Array<number>(groupCount).fill(-1);
  const groupExcluded = new Array<boolean>(groupCount).fill(false);
  const groupDecider = new Array<number>(groupCount).fill(-1);
  const groupOut: (Uint8Array | null)[] = new Array<Uint8Array | null>(groupCount).fill(null);
  const childViews: (ViewFrame | null)[] = new Array<ViewFrame | null>(nViews).fill(null);

  try {
    walkFrames();
  } catch (error) {
    // Release the measurer's threads before the error goes up.
    if (measurer !== undefined && measurer !== null) measurer.finish();
    throw error;
  }

  function walkFrames(): void {
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.next >= frame.names.length) {
        stack.pop();
        finishFrame(frame);
        continue;
      }
      const name = frame.names[frame.next++]!;
      visited++;
      const stamp = ++walked;
      const isTopLevel = frame.rel === '';
      const rel = isTopLevel ? name : frame.rel + '/' + name;
      const abs = joinPath(frame.abs, name);

      let st: EntryStat | null = null;
      let statError: FsErrorCode | null = null;
      if (options.stat) {
        try {
          st = fs.lstat(abs);
          if (st === null) continue; // vanished mid-walk
        } catch (error) {
          if (!(error instanceof FsError)) throw error;
          // Decided on the directory listing's type below; reported if Docker would need it.
          statError = error.code;
        }
      }
      // Without an lstat, the listing's type (and the listing's special kind for makeEntry).
      let d: DirEntry | null = null;
      if (st === null) {
        d = listedEntry(frame, name);
        if (d === null) continue; // vanished mid-walk
      }
      const type = st !== null ? st.type : d!.type;
      const isDir = type === 'dir';
      // Made only when something keeps it: most entries of a large tree are excluded.
      let entry: ContextEntry | null = null;

      if (options.onProgress !== undefined && walked % PROGRESS_EVERY === 0) {
        options.onProgress({ entries: walked, bytes: sentBytesTotal, dir: frame.rel });
      }

      let descend = false;
      let eligibleExcluded = false;
      let eligibleDecider = -1;
      let eligibleWalked = false;
      let eligibleSends = false;

      for (let v = 0; v < nViews; v++) {
        childViews[v] = null;
        const parentView = frame.views[v];
        if (parentView === null || parentView === undefined) continue;
        const view = views[v]!;

        // Include patterns (BuildKit FollowPaths).
        let skip = false;
        let includeOut: Uint8Array | null = null;
        if (view.include !== null) {
          includeOut = isDir ? new Uint8Array(view.include.size) : null;
          const r = view.include.matchWithParent(rel, isTopLevel ? null : parentView.includeInfo, includeOut);
          if (!r.excluded) {
            if (isDir && view.onlyPrefixIncludes && !someStartsWith(view.includePrefixes, rel + '/')) continue;
            skip = true;
          }
        }

        // Exclude patterns, matched once per group of views with equal patterns.
        let excludedHere = false;
        let decider = -1;
        let excludeOut: Uint8Array | null = null;
        let pruned = false;
        if (view.exclude !== null) {
          const g = view.group;
          const parentInfo = isTopLevel ? null : parentView.excludeInfo;
          if (groupStamp[g] !== stamp || groupParent[g] !== parentInfo) {
            const o = isDir ? new Uint8Array(view.exclude.size) : null;
            const r = view.exclude.matchWithParent(rel, parentInfo, o);
            groupStamp[g] = stamp;
            groupParent[g] = parentInfo;
            groupExcluded[g] = r.excluded;
            groupDecider[g] = r.decider;
            groupOut[g] = o;
          }
          excludeOut = groupOut[g]!;
          decider = groupDecider[g]!;
          if (groupExcluded[g]!) {
            excludedHere = true;
            if (isDir) {
              const prunable = view.kind === 'classic' || view.onlyPrefixExcludeExceptions;
              if (prunable && (!view.exclude.hasExclusions || !someStartsWith(view.exceptionPrefixes, rel + '/')))
                pruned = true;
              else if (view.deadProof !== null && isDeadBelow(view, rel, excludeOut!)) pruned = true;
            }
            skip = true;
          }
        }
        if (v === 0) {
          eligibleExcluded = excludedHere;
          eligibleDecider = decider;
        }
        if (pruned) {
          if (v === 0) prunedDirs++;
          continue;
        }

        if (view.kind === 'classic') {
          if (skip) {
            if (isDir) {
              childViews[v] = { includeInfo: includeOut, excludeInfo: excludeOut, emitted: false };
              descend = true;
            }
            continue;
          }
          // archive/tar cannot write sockets: "archive/tar: sockets not supported", logged and skipped.
          if (statError === null) {
            entry ??= makeEntry(rel, type, d, st);
            if (entry.special !== 'socket') out[v]!.push(entry);
          }
          if (isDir) {
            childViews[v] = { includeInfo: includeOut, excludeInfo: excludeOut, emitted: true };
            descend = true;
          }
          continue;
        }
        if (isDir) {
          childViews[v] = { includeInfo: includeOut, excludeInfo: excludeOut, emitted: false };
          descend = true;
          if (v === 0 && skip) eligibleWalked = true;
        }
        if (!skip) {
          if (v === 0) eligibleSends = true;
          if (statError !== null) continue;
          emitParents(v);
          entry ??= makeEntry(rel, type, d, st);
          out[v]!.push(entry);
          if (isDir) childViews[v]!.emitted = true;
        }
      }

      if (statError !== null) {
        // lstat failed (EACCES on the parent's search bit, ENAMETOOLONG past PATH_MAX, …): Docker's
        // walk stats every entry it sends and fails the build on the error.
        unreadable.push({ path: rel, code: statError, fatal: eligibleSends, type });
        continue;
      }

      // The eligible view: sizes of what is sent, and what the ignore file keeps out.
      const eligibleSent = frame.views[0] !== null && frame.views[0] !== undefined && !eligibleExcluded;
      if (!isDir) {
        const size = st !== null && type === 'file' ? st.size : 0;
        if (frame.excludedRoot !== null) {
          frame.excludedRoot.files++;
          frame.excludedRoot.bytes += size;
          excludedFiles++;
          excludedBytes += size;
        } else if (eligibleSent) {
          frame.sentFiles++;
          frame.sentBytes += size;
          sentBytesTotal += size;
        } else if (eligibleExcluded) {
          excluded.push({ path: rel, type, files: 1, bytes: size, rule: eligibleDecider });
          excludedFiles++;
          excludedBytes += size;
        }
        // Only a kept entry carries its target (readlink of sent symlinks only).
        if (type === 'symlink' && options.readLinks && entry !== null) {
          const target = fs.readLink(abs);
          if (target !== null) entry.linkTarget = target;
        }
        continue;
      }

      let excludedRoot = frame.excludedRoot;
      const eligiblePruned =
        frame.views[0] !== null && frame.views[0] !== undefined && childViews[0] === null && eligibleExcluded;
      if (excludedRoot === null && eligiblePruned) {
        excludedRoot = { path: rel, type: 'dir', files: 0, bytes: 0, rule: eligibleDecider };
        excluded.push(excludedRoot);
      }
      if (!descend) {
        if (excludedRoot !== null && options.measureExcluded) {
          const self = st ?? lstatOrNull(fs, abs);
          // Gone or no longer a directory: nothing to count, as for an entry that vanished.
          if (self !== null && self.type === 'dir')
            measureBelow(excludedRoot, abs, rel, { self, parent: frame.identity });
        }
        continue;
      }
      const fatal = childViews[0] !== null && !eligibleExcluded;
      const identity = st ?? lstatOrNull(fs, abs);
      const children =
        identity === null || identity.type !== 'dir'
          ? EMPTY_LISTING
          : readChildren(abs, rel, fatal, { self: identity, parent: frame.identity });
      const child: Frame = {
        rel,
        abs,
        identity,
        entry: (entry ??= makeEntry(rel, type, d, st)),
        names: children.names,
        listing: children.listing,
        listed: null,
        next: 0,
        views: childViews.slice(),
        excludedRoot,
        walkedExcluded: eligibleWalked,
        decider: eligibleDecider,
        excludedMark: excluded.length,
        sentBytes: 0,
        sentFiles: 0,
      };
      stack.push(child);
    }
  }

  const sortUnreadable = (): void => {
    unreadable.sort((a, b) => compareBytes(a.path, b.path));
  };
  sortUnreadable();
  const result: WalkResult = {
    views: out,
    excluded,
    excludedFiles,
    excludedBytes,
    dirSizes,
    unreadable,
    prunedDirs,
    visited,
  };
  if (measurer === undefined || measurer === null) return result;
  const pending = measurer;
  let settled = false;
  const settle = (): void => {
    if (settled) return;
    settled = true;
    const results = pending.finish();
    for (let k = 0; k < results.length; k++) applyMeasure(jobRoots[k]!, results[k]!);
    sortUnreadable();
    result.excludedFiles = excludedFiles;
    result.excludedBytes = excludedBytes;
    result.visited = visited;
    delete result.settle;
  };
  if (options.deferCounts === true) result.settle = settle;
  else settle();
  return result;
}
