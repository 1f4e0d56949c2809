// What extra ignore lines would keep out, computed on the sent entries with Docker's matcher and
// the walk's parent-result chain — how a suggested fix is checked before it is suggested.
import type { IgnorePattern, ContextEntry } from '../types.js';
import { parseIgnoreFile } from './ignore-file.js';
import { PatternMatcher } from './matcher.js';
import { ParentResults } from './parent-results.js';
import { encodePath, parentOf } from '../paths.js';

export interface SimulationResult {
  removed: ContextEntry[];
  files: number;
  bytes: number;
  /**
   * Files still sent that BuildKit's file reader would refuse, so they arrive empty: the walk
   * sends the entry (parent results) but MatchesOrParentMatches says excluded — a pattern repeated
   * after an exception (dockerignore-semantics.md W37). Includes those the file causes already.
   */
  arrivesEmpty: string[];
}

/**
 * Entries (in walk order, parents before children, as the walk emits them) that `current`
 * patterns plus `extraLines` would keep out: excluded, and for a directory, nothing below it
 * still sent. Throws PatternSyntaxError for an invalid line.
 */
export function simulateIgnoreLines(
  entries: readonly ContextEntry[],
  current: readonly IgnorePattern[],
  extraLines: readonly string[],
): SimulationResult {
  const added = parseIgnoreFile(encodePath(extraLines.join('\n') + '\n')).map((p) => p.pattern);
  const patterns = [...current.map((p) => p.pattern), ...added];
  // A line Docker cannot compile is refused whatever the tree holds (not only once a path reaches it).
  PatternMatcher.create(added).precompile();
  const matcher = PatternMatcher.create(patterns);
  const results = new ParentResults(matcher);
  const removed: ContextEntry[] = [];
  let files = 0;
  let bytes = 0;
  for (const entry of entries) {
    const r = results.match(entry.path, entry.type === 'dir');
    if (!r.excluded) continue;
    removed.push(entry);
    if (entry.type !== 'dir') {
      files++;
      bytes += entry.size;
    }
  }
  if (!matcher.hasExclusions) return { removed, files, bytes, arrivesEmpty: [] };
  // BuildKit still sends an excluded directory as the parent of an entry an exception re-includes.
  const gone = new Set(removed.map((e) => e.path));
  const parentsOfSent = new Set<string>();
  for (const entry of entries) {
    if (gone.has(entry.path)) continue;
    for (let p = parentOf(entry.path); p !== '' && !parentsOfSent.has(p); p = parentOf(p)) parentsOfSent.add(p);
  }
  // Without an exception naming a file (or a parent), the walk's parent results and the reader's
  // ancestor check see the same patterns: only those files can arrive empty.
  const arrivesEmpty: string[] = [];
  for (const path of namedByExceptions(entries, patterns).keys()) {
    if (!gone.has(path) && refusedByReader(matcher, path)) arrivesEmpty.push(path);
  }
  return { removed: removed.filter((e) => e.type !== 'dir' || !parentsOfSent.has(e.path)), files, bytes, arrivesEmpty };
}

/**
 * Non-directory entries (and directories when `withDirs`) an exception among `patterns` names,
 * directly or through a parent, in walk order, with the index in `patterns` of the last such one.
 */
function namedByExceptions(
  entries: readonly ContextEntry[],
  patterns: readonly string[],
  withDirs = false,
): Map<string, number> {
  const named = new Map<string, number>();
  const indexes = patterns.flatMap((p, i) => (p.startsWith('!') ? [i] : []));
  if (indexes.length === 0) return named;
  // The exceptions as plain patterns: "excluded" then means "some exception names it".
  const matcher = PatternMatcher.create(indexes.map((i) => patterns[i]!.slice(1)));
  const results = new ParentResults(matcher);
  for (const entry of entries) {
    const r = results.match(entry.path, entry.type === 'dir');
    if (r.excluded && (withDirs || entry.type !== 'dir'))
      named.set(entry.path, indexes[matcher.patterns[r.decider]!.index]!);
  }
  return named;
}

/** filterFS.Open's check (MatchesOrParentMatches); a match error means Docker fails elsewhere, not here. */
function refusedByReader(matcher: PatternMatcher, path: string): boolean {
  try {
    return matcher.matchesOrParentMatches(path).excluded;
  } catch {
    return false;
  }
}

/**
 * Sent entries that an exception line names, directly or through a parent directory: whether the
 * exception decides today or only guards against a later line, the file asks for them to be sent.
 * Maps each path to the last such line.
 */
export function keptByException(
  entries: readonly ContextEntry[],
  current: readonly IgnorePattern[],
): Map<string, IgnorePattern> {
  const named = namedByExceptions(
    entries,
    current.map((p) => p.pattern),
    true,
  );
  return new Map([...named].map(([path, index]) => [path, current[index]!]));
}

/**
 * The indexes of the entries one exclusion pattern alone keeps out: simulateIgnoreLines(entries,
 * [], [pattern]).removed, in walk order. With no exception, a directory the pattern matches takes
 * everything below it (MatchesUsingParentResults carries the parent's match), and the walk lists
 * that subtree right after the directory, so it is taken without matching each path. A pattern
 * whose leading segments are literal (`packages/web/**\/dist`) matches only below that directory,
 * so only its subtree is matched: a fix that names many packages' directories costs each line
 * its own package, not the whole context.
 */
function removedByExclusion(entries: readonly ContextEntry[], pattern: string): Int32Array {
  const results = new ParentResults(PatternMatcher.create([pattern]));
  const removed: number[] = [];
  const [from, to] = candidateRange(entries, pattern);
  for (let i = from; i < to; i++) {
    const entry = entries[i]!;
    if (!results.match(entry.path, entry.type === 'dir').excluded) continue;
    removed.push(i);
    if (entry.type !== 'dir') continue;
    const below = entry.path + '/';
    while (i + 1 < to && entries[i + 1]!.path.startsWith(below)) removed.push(++i);
  }
  return Int32Array.from(removed);
}

const GLOB_OR_ESCAPE = /[*?[\\]/;
const walkIndexes = new WeakMap<readonly ContextEntry[], Map<string, number>>();

/**
 * The entries a pattern can match: the subtree of the directory its literal leading segments
 * name (the directory itself and what the walk lists right after it), or all of them. A path
 * outside that directory differs from the pattern in a literal segment, so neither it nor a
 * parent of it matches.
 */
function candidateRange(entries: readonly ContextEntry[], pattern: string): [number, number] {
  const segments = pattern.split('/');
  let literal = 0;
  while (literal < segments.length - 1 && !GLOB_OR_ESCAPE.test(segments[literal]!) && segments[literal] !== '')
    literal++;
  if (literal === 0) return [0, entries.length];
  let index = walkIndexes.get(entries);
  if (index === undefined) {
    index = new Map();
    for (let i = 0; i < entries.length; i++) index.set(entries[i]!.path, i);
    walkIndexes.set(entries, index);
  }
  const dir = segments.slice(0, literal).join('/');
  const at = index.get(dir);
  if (at === undefined || entries[at]!.type !== 'dir') return [0, entries.length];
  const below = dir + '/';
  let end = at + 1;
  while (end < entries.length && entries[end]!.path.startsWith(below)) end++;
  return [at, end];
}

const removedPerLine = new WeakMap<readonly ContextEntry[], Map<string, Int32Array>>();

/**
 * `simulateIgnoreLines` for one walk, with a fast path. When neither the ignore file nor the new
 * lines hold an exception, appending exclusions has union semantics: a sent entry is removed
 * exactly when one of the new lines matches it or an ancestor (the file's own patterns match no
 * sent entry nor its ancestors, or it would not be sent; without exceptions nothing below an
 * excluded directory is sent). So each line is evaluated once, alone, over the entries, and a set
 * of lines is the union of its lines' results: checking N candidates costs N walks of the entries
 * with one pattern each, not N walks with every line of the ignore file (a 246-line ignore file
 * made that ignore lines × entries × suggestions). With an exception anywhere, the full
 * simulation runs. Results are the same either way (test/context/simulate-ignore.test.ts).
 */
export function createIgnoreSimulator(
  entries: readonly ContextEntry[],
  current: readonly IgnorePattern[],
): (lines: readonly string[]) => SimulationResult {
  const currentHasExceptions = current.some((p) => p.pattern.startsWith('!'));
  // Per line, the indexes (in walk order) of the entries it removes alone: they depend on the
  // entries only, so every simulator over the same entries shares them (the report's checks and
  // its fix plan try the same lines).
  let perLine = removedPerLine.get(entries);
  if (perLine === undefined) {
    perLine = new Map();
    removedPerLine.set(entries, perLine);
  }
  const removedByLine = (pattern: string): Int32Array => {
    let removed = perLine.get(pattern);
    if (removed === undefined) {
      removed = removedByExclusion(entries, pattern);
      perLine.set(pattern, removed);
    }
    return removed;
  };
  return (lines) => {
    const added = parseIgnoreFile(encodePath(lines.join('\n') + '\n')).map((p) => p.pattern);
    if (currentHasExceptions || added.some((p) => p.startsWith('!')))
      return simulateIgnoreLines(entries, current, lines);
    PatternMatcher.create(added).precompile();
    // The union in walk order: the lines' indexes, sorted as numbers (cost follows what is
    // removed, not the size of the context; no sort by path, no set of paths).
    const lists = added.map(removedByLine);
    let union = lists.length === 1 ? lists[0]! : new Int32Array(lists.reduce((n, l) => n + l.length, 0));
    if (lists.length > 1) {
      let at = 0;
      for (const l of lists) {
        union.set(l, at);
        at += l.length;
      }
      union = union.sort();
    }
    const removed: ContextEntry[] = [];
    let files = 0;
    let bytes = 0;
    for (let k = 0; k < union.length; k++) {
      if (k > 0 && union[k] === union[k - 1]) continue;
      const e = entries[union[k]!]!;
      removed.push(e);
      if (e.type === 'dir') continue;
      files++;
      bytes += e.size;
    }
    return { removed, files, bytes, arrivesEmpty: [] };
  };
}
