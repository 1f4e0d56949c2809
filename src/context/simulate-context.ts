// The context a walk would find with an edited ignore file, computed from the walk already made
// with the current one: how `fix` measures its planned lines without reading the tree again.
//
// Exact when every view's new patterns are its old ones with lines inserted that can only keep
// more out — exclusions, and literal exceptions for files the view sends now (the exceptions fix
// restates). For each path Docker's matcher (MatchesUsingParentResults) then answers "excluded"
// wherever it did before, except for those named files, which were sent: nothing the first walk
// did not see (below a directory it pruned or only counted) can be sent, so what each view sends
// is a subset of what it sends now, and what it stops sending is what the ignore file saves in
// addition. Anything else — an exception that could re-include a path below a pruned directory,
// changed include patterns, a walk that met unreadable entries — answers null: walk again.
// test/context/simulate-context.test.ts holds the result to a real walk over random trees and files.
import type { ContextEntry, DirSize, ExcludedEntry } from '../types.js';
import { compareBytes, parentOf } from '../paths.js';
import type { LoadedContext, PlannedViews, PreparedContext } from './load-context.js';
import { PatternMatcher } from './matcher.js';
import { ParentResults } from './parent-results.js';

/** Mode of the ignore file when fix creates it (the overlay file system shows the same). */
const NEW_FILE_MODE = 0o100644;

export interface IgnoreFileEdit {
  /** Context-relative path of the ignore file, or null when it lies outside the context. */
  path: string | null;
  /** Its size after the edit. */
  size: number;
  /** It exists now (otherwise the edit creates it). */
  exists: boolean;
}

/** The walk's order: depth first, names by their bytes (a directory before what it holds). */
export function compareWalkOrder(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = compareBytes(pa[i]!, pb[i]!);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

/** Two lists in walk order, merged. */
function mergeInWalkOrder(a: readonly ExcludedEntry[], b: readonly ExcludedEntry[]): ExcludedEntry[] {
  const out: ExcludedEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareWalkOrder(a[i]!.path, b[j]!.path) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** The pattern texts a matcher was made from, in order, "!" kept. */
function patternTexts(m: PatternMatcher | null): string[] {
  return m === null ? [] : m.patterns.map((p) => (p.exclusion ? '!' : '') + p.cleaned);
}

/**
 * True when `after` is `before` with lines inserted that only keep more out of what `sent`
 * holds: exclusions, and literal exceptions naming a non-directory `sent` holds.
 */
function onlyKeepsMoreOut(
  before: PatternMatcher | null,
  after: PatternMatcher | null,
  entries: readonly ContextEntry[],
): boolean {
  let sent: Map<string, ContextEntry> | undefined;
  const old = patternTexts(before);
  const now = patternTexts(after);
  let k = 0;
  for (const p of now) {
    if (k < old.length && p === old[k]) {
      k++;
      continue;
    }
    if (!p.startsWith('!')) continue;
    // A literal exception for a file matches that file alone (nothing lies below a file).
    const named = p.slice(1);
    if (/[*?[\]\\^]/.test(named)) return false;
    sent ??= new Map(entries.map((e) => [e.path, e]));
    const e = sent.get(named);
    if (e === undefined || e.type === 'dir') return false;
  }
  return k === old.length;
}

/**
 * What one view sends with its new patterns, out of what it sent: an entry its patterns keep
 * (and its include patterns ask for), and for BuildKit every directory above one (sent as a
 * parent, fsutil filter.go). `keep[i]` says whether entries[i] is still sent; `deciders[i]` is the
 * deciding pattern of an entry left out (when asked for).
 */
function keptByView(
  entries: readonly ContextEntry[],
  kind: 'buildkit' | 'classic',
  excl: ParentResults | null,
  include: PatternMatcher | null,
  deciders: Int32Array | null,
): { kept: ContextEntry[]; keep: Uint8Array } {
  const incl = include === null ? null : new ParentResults(include);
  const keep = new Uint8Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const isDir = e.type === 'dir';
    let sent = true;
    if (incl !== null && !incl.match(e.path, isDir).excluded) sent = false;
    if (excl !== null) {
      const r = excl.match(e.path, isDir);
      if (r.excluded) {
        sent = false;
        if (deciders !== null) deciders[i] = r.decider;
      }
    }
    keep[i] = sent ? 1 : 0;
  }
  if (kind === 'buildkit') {
    // Parents precede their entries (walk order): mark each sent entry's ancestors, nearest first.
    const parent = parentIndexes(entries);
    for (let i = entries.length - 1; i >= 0; i--) if (keep[i] === 1 && parent[i]! >= 0) keep[parent[i]!] = 1;
  }
  return { kept: entries.filter((_, i) => keep[i] === 1), keep };
}

/** For each entry (in walk order), the index of its parent directory in the list; -1 at the top. */
function parentIndexes(entries: readonly ContextEntry[]): Int32Array {
  const parent = new Int32Array(entries.length).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const want = parentOf(entries[i]!.path);
    while (stack.length > 0 && entries[stack[stack.length - 1]!]!.path !== want) stack.pop();
    if (stack.length > 0) parent[i] = stack[stack.length - 1]!;
    if (entries[i]!.type === 'dir') stack.push(i);
  }
  return parent;
}

/** `entries` with the ignore file's entry resized, or added where the walk would list it. */
function withEditedFile(entries: readonly ContextEntry[], edit: IgnoreFileEdit, created: ContextEntry | null) {
  if (edit.path === null) return entries;
  if (created !== null) {
    const at = entries.findIndex((e) => compareWalkOrder(e.path, created.path) > 0);
    const out = [...entries];
    out.splice(at === -1 ? out.length : at, 0, created);
    return out;
  }
  return entries.map((e) => (e.path === edit.path ? { ...e, size: edit.size } : e));
}

/**
 * The LoadedContext `loadContext` would return for `prepared` and `planned` (the same build with
 * the edited ignore file), from `before` and without reading the tree; null when that cannot be
 * exact. `visited` and `prunedDirs` (walk statistics) are the first walk's.
 */
export function simulateContext(
  before: LoadedContext,
  prepared: PreparedContext,
  planned: PlannedViews,
  edit: IgnoreFileEdit,
): LoadedContext | null {
  if (before.unreadable.length > 0) return null;
  if (planned.classicView >= 0 !== (before.classicEntries !== null)) return null;
  if (planned.referencedView >= 0 !== (before.referenced !== null)) return null;
  if (planned.referencedError !== before.referencedError) return null;
  // The created file sits at the top of the context, where no directory can prune it.
  if (!edit.exists && (edit.path === null || edit.path.includes('/'))) return null;
  const created: ContextEntry | null =
    edit.exists || edit.path === null
      ? null
      : { path: edit.path, type: 'file', size: edit.size, mode: NEW_FILE_MODE, mtimeMs: 0 };

  // The ignore file's own entry and the counts it is part of, before any line changes.
  let excludedBytes = before.excludedBytes;
  let excludedRoots = before.excluded;
  const dirDelta = new Map<string, number>();
  if (edit.exists && edit.path !== null) {
    const at = edit.path;
    const old = before.entries.find((e) => e.path === at);
    const holder = old === undefined ? before.excluded.find((x) => x.path === at) : undefined;
    if (old !== undefined) {
      if (old.type !== 'file') return null;
      for (let p = parentOf(at); p !== ''; p = parentOf(p)) dirDelta.set(p, edit.size - old.size);
    } else if (holder !== undefined && holder.type === 'file') {
      excludedBytes += edit.size - holder.bytes;
      excludedRoots = before.excluded.map((x) => (x === holder ? { ...x, bytes: edit.size } : x));
    } else {
      // Inside a directory counted whole (its old size is not known here), or not seen at all.
      return null;
    }
  }

  const views = planned.views;
  const entries0 = withEditedFile(before.entries, edit, created);
  if (!onlyKeepsMoreOut(before.matcher, views[0]!.exclude, entries0)) return null;
  const deciders = new Int32Array(entries0.length).fill(-1);
  const eligible = views[0]!.exclude === null ? null : new ParentResults(views[0]!.exclude);
  const { kept: entries, keep } = keptByView(entries0, 'buildkit', eligible, null, deciders);

  let classicEntries: ContextEntry[] | null = null;
  if (before.classicEntries !== null) {
    const view = views[planned.classicView]!;
    const list = withEditedFile(before.classicEntries, edit, created);
    const patterns = before.classicPatterns ?? [];
    const beforeClassic = patterns.length === 0 ? null : PatternMatcher.create(patterns);
    if (!onlyKeepsMoreOut(beforeClassic, view.exclude, list)) return null;
    const excl = view.exclude === null ? null : new ParentResults(view.exclude);
    classicEntries = keptByView(list, 'classic', excl, null, null).kept;
  }

  let referenced: ContextEntry[] | null = null;
  if (before.referenced !== null) {
    const view = views[planned.referencedView]!;
    // The include patterns come from the same Dockerfile; the exclude patterns are the eligible view's, checked above.
    const excl = view.exclude === null ? null : new ParentResults(view.exclude);
    referenced = keptByView(
      withEditedFile(before.referenced, edit, created),
      'buildkit',
      excl,
      view.include ?? null,
      null,
    ).kept;
  }

  // What the eligible view stops sending becomes excluded roots (the topmost entry of each removed
  // subtree), which absorb the old roots below them; directories still sent lose its bytes.
  const n = entries0.length;
  const parent = parentIndexes(entries0);
  const rootIndex = new Int32Array(n).fill(-1);
  const lostBytes = new Float64Array(n);
  const lostFiles = new Int32Array(n);
  const newRoots = new Map<number, ExcludedEntry>();
  let excludedFiles = before.excludedFiles;
  for (let i = 0; i < n; i++) {
    if (keep[i] === 1) continue;
    const e = entries0[i]!;
    const up = parent[i]!;
    if (up >= 0 && keep[up] === 0) rootIndex[i] = rootIndex[up]!;
    else {
      rootIndex[i] = i;
      newRoots.set(i, { path: e.path, type: e.type, files: 0, bytes: 0, rule: deciders[i]! });
    }
    if (e.type === 'dir') continue;
    const root = newRoots.get(rootIndex[i]!)!;
    root.files++;
    root.bytes += e.size;
    excludedFiles++;
    excludedBytes += e.size;
    if (up >= 0) {
      lostBytes[up]! += e.size;
      lostFiles[up]!++;
    }
  }
  // Sums to every directory above (children follow their parents in walk order).
  for (let i = n - 1; i >= 0; i--) {
    const up = parent[i]!;
    if (up < 0 || entries0[i]!.type !== 'dir') continue;
    lostBytes[up]! += lostBytes[i]!;
    lostFiles[up]! += lostFiles[i]!;
  }
  const dirIndex = new Map<string, number>();
  for (let i = 0; i < n; i++) if (entries0[i]!.type === 'dir') dirIndex.set(entries0[i]!.path, i);
  const kept: ExcludedEntry[] = [];
  for (const x of excludedRoots) {
    const up = parentOf(x.path);
    const at = up === '' ? -1 : (dirIndex.get(up) ?? -1);
    if (at >= 0 && keep[at] === 0) {
      const into = newRoots.get(rootIndex[at]!)!;
      into.files += x.files;
      into.bytes += x.bytes;
      continue;
    }
    // Still a root; a new line matching a directory above it can now be the deciding one.
    const rule = eligible === null ? -1 : eligible.match(x.path, x.type === 'dir').decider;
    kept.push(rule === x.rule ? x : { ...x, rule });
  }
  const excluded = mergeInWalkOrder(kept, [...newRoots.values()]);

  const dirSizes: DirSize[] = [];
  for (const d of before.dirSizes) {
    const i = dirIndex.get(d.path);
    if (i === undefined || keep[i] === 0) continue;
    const bytes = lostBytes[i]! - (dirDelta.get(d.path) ?? 0);
    const files = lostFiles[i]!;
    dirSizes.push(bytes === 0 && files === 0 ? d : { path: d.path, bytes: d.bytes - bytes, files: d.files - files });
  }

  return {
    ...before,
    root: prepared.root,
    dockerfile: prepared.dockerfile,
    ignore: prepared.ignore,
    matcher: prepared.matcher,
    entries,
    referenced,
    classicEntries,
    classicPatterns: planned.classicPatterns,
    excluded,
    excludedFiles,
    excludedBytes,
    dirSizes,
    unreadable: [],
  };
}
