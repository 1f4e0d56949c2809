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
import { PatternMatcher, type MatchResult } from './matcher.js';

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

/** Per-pattern results of each directory, computed for ancestors the entry list does not hold. */
class ParentResults {
  private readonly infos = new Map<string, Uint8Array>();

  constructor(private readonly matcher: PatternMatcher) {}

  private infoOf(dir: string): Uint8Array | null {
    if (dir === '') return null;
    const known = this.infos.get(dir);
    if (known !== undefined) return known;
    // Top-down from the nearest known ancestor (a loop: the tree may be thousands of levels deep).
    const missing: string[] = [];
    for (let d = dir; d !== '' && !this.infos.has(d); d = parentOf(d)) missing.push(d);
    for (let k = missing.length - 1; k >= 0; k--) this.match(missing[k]!, true);
    return this.infos.get(dir)!;
  }

  match(path: string, isDir: boolean): MatchResult {
    const out = isDir ? new Uint8Array(this.matcher.size) : null;
    const r = this.matcher.matchWithParent(path, this.infoOf(parentOf(path)), out);
    if (out !== null) this.infos.set(path, out);
    return r;
  }
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
  sent: ReadonlyMap<string, ContextEntry>,
): boolean {
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
    const e = sent.get(named);
    if (e === undefined || e.type === 'dir') return false;
  }
  return k === old.length;
}

/**
 * What one view sends with its new patterns, out of what it sent: an entry its patterns keep
 * (and its include patterns ask for), and for BuildKit every directory above one (sent as a
 * parent, fsutil filter.go). `deciders` receives the deciding pattern of each entry left out.
 */
function keptByView(
  entries: readonly ContextEntry[],
  kind: 'buildkit' | 'classic',
  excl: ParentResults | null,
  include: PatternMatcher | null,
  deciders: Map<string, number> | null,
): ContextEntry[] {
  const incl = include === null ? null : new ParentResults(include);
  const direct = new Uint8Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const isDir = e.type === 'dir';
    let keep = true;
    if (incl !== null && !incl.match(e.path, isDir).excluded) keep = false;
    if (excl !== null) {
      const r = excl.match(e.path, isDir);
      if (r.excluded) {
        keep = false;
        deciders?.set(e.path, r.decider);
      }
    }
    direct[i] = keep ? 1 : 0;
  }
  if (kind === 'classic') return entries.filter((_, i) => direct[i] === 1);
  const parents = new Set<string>();
  for (let i = 0; i < entries.length; i++) {
    if (direct[i] === 0) continue;
    for (let p = parentOf(entries[i]!.path); p !== '' && !parents.has(p); p = parentOf(p)) parents.add(p);
  }
  return entries.filter((e, i) => direct[i] === 1 || parents.has(e.path));
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
  const byPath0 = new Map(entries0.map((e) => [e.path, e]));
  if (!onlyKeepsMoreOut(before.matcher, views[0]!.exclude, byPath0)) return null;
  const deciders = new Map<string, number>();
  const eligible = views[0]!.exclude === null ? null : new ParentResults(views[0]!.exclude);
  const entries = keptByView(entries0, 'buildkit', eligible, null, deciders);

  let classicEntries: ContextEntry[] | null = null;
  if (before.classicEntries !== null) {
    const view = views[planned.classicView]!;
    const list = withEditedFile(before.classicEntries, edit, created);
    const patterns = before.classicPatterns ?? [];
    const beforeClassic = patterns.length === 0 ? null : PatternMatcher.create(patterns);
    if (!onlyKeepsMoreOut(beforeClassic, view.exclude, new Map(list.map((e) => [e.path, e])))) return null;
    classicEntries = keptByView(
      list,
      'classic',
      view.exclude === null ? null : new ParentResults(view.exclude),
      null,
      null,
    );
  }

  let referenced: ContextEntry[] | null = null;
  if (before.referenced !== null) {
    const view = views[planned.referencedView]!;
    // The include patterns come from the same Dockerfile; the exclude patterns are the eligible view's, checked above.
    referenced = keptByView(
      withEditedFile(before.referenced, edit, created),
      'buildkit',
      view.exclude === null ? null : new ParentResults(view.exclude),
      view.include ?? null,
      null,
    );
  }

  // What the eligible view stops sending: new excluded roots, absorbing the old roots below them.
  const keptPaths = new Set(entries.map((e) => e.path));
  const removed = entries0.filter((e) => !keptPaths.has(e.path));
  const removedPaths = new Set(removed.map((e) => e.path));
  const newRoots = new Map<string, ExcludedEntry>();
  let excludedFiles = before.excludedFiles;
  const rootOf = (path: string): ExcludedEntry | undefined => {
    let top: string | null = null;
    for (let p = path; p !== ''; p = parentOf(p)) if (removedPaths.has(p)) top = p;
    return top === null ? undefined : newRoots.get(top);
  };
  for (const e of removed) {
    const parent = parentOf(e.path);
    if (parent === '' || !removedPaths.has(parent))
      newRoots.set(e.path, { path: e.path, type: e.type, files: 0, bytes: 0, rule: deciders.get(e.path) ?? -1 });
    if (e.type === 'dir') continue;
    const root = rootOf(e.path)!;
    root.files++;
    root.bytes += e.size;
    excludedFiles++;
    excludedBytes += e.size;
    for (let p = parentOf(e.path); p !== ''; p = parentOf(p)) dirDelta.set(p, (dirDelta.get(p) ?? 0) - e.size);
  }
  const kept: ExcludedEntry[] = [];
  for (const x of excludedRoots) {
    const into = rootOf(parentOf(x.path));
    if (into === undefined) {
      // Still a root; a new line matching a directory above it can now be the deciding one.
      const rule = eligible === null ? -1 : eligible.match(x.path, x.type === 'dir').decider;
      kept.push(rule === x.rule ? x : { ...x, rule });
    } else {
      into.files += x.files;
      into.bytes += x.bytes;
    }
  }
  const excluded = mergeInWalkOrder(kept, [...newRoots.values()]);

  const filesRemoved = new Map<string, number>();
  for (const e of removed) {
    if (e.type === 'dir') continue;
    for (let p = parentOf(e.path); p !== ''; p = parentOf(p)) filesRemoved.set(p, (filesRemoved.get(p) ?? 0) + 1);
  }
  const dirSizes: DirSize[] = [];
  for (const d of before.dirSizes) {
    if (!keptPaths.has(d.path)) continue;
    const bytes = dirDelta.get(d.path);
    const files = filesRemoved.get(d.path);
    dirSizes.push(
      bytes === undefined && files === undefined
        ? d
        : { path: d.path, bytes: d.bytes + (bytes ?? 0), files: d.files - (files ?? 0) },
    );
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
