// `why`: for one path, whether BuildKit sends it, which ignore-file line decided, through which
// ancestor the rule applied, and whether the walker would ever reach it. Evaluated exactly as
// the walk does: MatchesUsingParentResults down the chain of ancestors (spec §5, §6.2).
import { BuildctxError } from '../errors.js';
import type { FileSystem } from '../fs/file-system.js';
import type { IgnoreFile, IgnorePattern } from '../types.js';
import { goClean } from './go-filepath.js';
import { compareBytes } from '../paths.js';
import { toIgnoreError } from './load-context.js';
import { isPrefixOnly, patternWithoutTrailingGlob, type PatternMatcher } from './matcher.js';

export interface PathExplanation {
  path: string;
  /** BuildKit sends it (when the walker reaches it; see prunedAt). */
  sent: boolean;
  /** The ignore-file line that decided, or null when no rule matched. */
  rule: (IgnorePattern & { exception: boolean }) | null;
  /** The ancestor directory through which the deciding rule matched, when not the path itself. */
  via: string | null;
  /** An excluded ancestor the BuildKit walker never enters (no exception can match inside). */
  prunedAt: string | null;
  /**
   * BuildKit sends the entry but its file reader refuses it (filterFS.Open uses
   * MatchesOrParentMatches, which disagrees here): the file most likely arrives empty (spec §5, W37).
   */
  arrivesEmpty: boolean;
}

/** Cleans a context-relative path; throws a usage error if it leaves the context. */
export function normalizeQueryPath(given: string): string {
  const cleaned = goClean(given.replace(/^\.\/+/, ''));
  if (cleaned === '.' || cleaned === '') throw new BuildctxError('usage', `"${given}" names the context root itself`);
  if (cleaned.startsWith('/') || cleaned === '..' || cleaned.startsWith('../')) {
    throw new BuildctxError('usage', `"${given}" is not inside the context`);
  }
  return cleaned;
}

export interface QueryBase {
  /** Absolute, symlink-free context directory. */
  root: string;
  /** Absolute working directory. */
  cwd: string;
  /** Resolves symlinks of an existing absolute path; throws when it does not exist. */
  realPath: (abs: string) => string;
}

function relativeTo(root: string, abs: string): string | null {
  if (abs === root) return '.';
  const prefix = root.endsWith('/') ? root : root + '/';
  return abs.startsWith(prefix) ? abs.slice(prefix.length) : null;
}

/**
 * A user-given path as a context-relative one, the way `git check-ignore` takes paths: an
 * absolute path must lie inside the context; a relative one is relative to the working directory
 * when that lies inside the context, else to the context (as if `-C` had changed directory there,
 * like `git -C`). The last component is never resolved (it may be a symlink being asked about);
 * the directories above it are, so `/symlinked/ctx/a` names the context's `a`.
 */
export function resolveQueryPath(given: string, base: QueryBase): string {
  if (given === '') throw new BuildctxError('usage', 'an empty PATH names nothing');
  const cwdInside = relativeTo(base.root, goClean(base.cwd));
  const abs = given.startsWith('/') ? goClean(given) : cwdInside !== null ? goClean(base.cwd + '/' + given) : null;
  if (abs === null) return normalizeQueryPath(given);
  let rel = relativeTo(base.root, abs);
  if (rel === null) {
    const slash = abs.lastIndexOf('/');
    try {
      const parent = base.realPath(slash <= 0 ? '/' : abs.slice(0, slash));
      rel = relativeTo(base.root, goClean(parent + '/' + abs.slice(slash + 1)));
    } catch {
      rel = null;
    }
  }
  if (rel === null) throw new BuildctxError('usage', `"${given}" is not inside the context ${base.root}`);
  return normalizeQueryPath(rel);
}

/**
 * Whether the BuildKit walker skips an excluded directory without entering it: every exception is
 * a plain prefix and none lies below it (fsutil walker: SkipDir unless an exception could match inside).
 */
function pruneTest(matcher: PatternMatcher): (dir: string) => boolean {
  const exceptions = matcher.patterns.filter((p) => p.exclusion);
  const onlyPrefix = exceptions.every((p) => isPrefixOnly(p.cleaned));
  const exceptionPrefixes = exceptions.map((p) => patternWithoutTrailingGlob(p.cleaned) + '/');
  return (dir) => onlyPrefix && (!matcher.hasExclusions || !exceptionPrefixes.some((p) => p.startsWith(dir + '/')));
}

/**
 * For an excluded directory: the first sent entry below it, in byte order, or null. BuildKit
 * sends the directory itself as the parent of such an entry (`tmp` + `!/tmp/.gitkeep` sends
 * `tmp/`), so `ls` lists it. Visits only what the walker visits: pruned directories are skipped.
 */
export function firstSentBelow(
  fs: FileSystem,
  root: string,
  matcher: PatternMatcher | null,
  ignore: IgnoreFile | null,
  dir: string,
): string | null {
  if (matcher === null || ignore === null || !matcher.hasExclusions) return null;
  const prunes = pruneTest(matcher);
  const visit = (rel: string): string | null => {
    if (prunes(rel)) return null;
    let children;
    try {
      children = fs.readDir(root + '/' + rel);
    } catch {
      return null;
    }
    for (const child of children.sort((a, b) => compareBytes(a.name, b.name))) {
      const path = rel + '/' + child.name;
      const e = explainPath(matcher, ignore, path);
      if (e.sent) return path;
      if (child.type === 'dir' && e.prunedAt === null) {
        const found = visit(path);
        if (found !== null) return found;
      }
    }
    return null;
  };
  return visit(dir);
}

/**
 * Explains one context-relative path. `isDir(prefix)` says whether an ancestor or the path is a
 * directory (ancestors are directories by construction). Throws BuildctxError
 * ('ignore-file-invalid') when a pattern the path reaches does not compile: patternmatcher
 * compiles lazily, so Docker fails the build at that match too (".g\it": `\i` is no RE2 escape).
 */
export function explainPath(matcher: PatternMatcher | null, ignore: IgnoreFile | null, path: string): PathExplanation {
  if (matcher === null || ignore === null) {
    return { path, sent: true, rule: null, via: null, prunedAt: null, arrivesEmpty: false };
  }
  try {
    return explainMatched(matcher, ignore, path);
  } catch (error) {
    throw toIgnoreError(error, ignore);
  }
}

function explainMatched(matcher: PatternMatcher, ignore: IgnoreFile, path: string): PathExplanation {
  const segments = path.split('/');
  const prunes = pruneTest(matcher);
  const firstMatchAt: (string | null)[] = matcher.patterns.map(() => null);
  let parent: Uint8Array | null = null;
  let prunedAt: string | null = null;
  let decider = -1;
  let excluded = false;
  for (let i = 0; i < segments.length; i++) {
    const prefix = segments.slice(0, i + 1).join('/');
    const out = new Uint8Array(matcher.size);
    const r = matcher.matchWithParent(prefix, parent, out);
    for (let k = 0; k < out.length; k++) {
      if (out[k] === 1 && firstMatchAt[k] === null) firstMatchAt[k] = prefix;
      if (out[k] === 0) firstMatchAt[k] = null;
    }
    decider = r.decider;
    excluded = r.excluded;
    const isAncestor = i < segments.length - 1;
    if (isAncestor && excluded && prunedAt === null && prunes(prefix)) prunedAt = prefix;
    parent = out;
  }
  let rule: PathExplanation['rule'] = null;
  let via: string | null = null;
  if (decider >= 0) {
    const pattern = matcher.patterns[decider]!;
    const source = ignore.patterns[pattern.index]!;
    rule = { ...source, exception: pattern.exclusion };
    const at = firstMatchAt[decider] ?? null;
    via = at !== null && at !== path ? at : null;
  }
  let arrivesEmpty = false;
  if (!excluded) {
    try {
      arrivesEmpty = matcher.matchesOrParentMatches(path).excluded;
    } catch {
      arrivesEmpty = false;
    }
  }
  return { path, sent: !excluded, rule, via, prunedAt, arrivesEmpty };
}
