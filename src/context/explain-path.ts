// `why`: for one path, whether BuildKit sends it, which ignore-file line decided, through which
// ancestor the rule applied, and whether the walker would ever reach it. Evaluated exactly as
// the walk does: MatchesUsingParentResults down the chain of ancestors (spec §5, §6.2).
import { BuildctxError } from '../errors.js';
import type { IgnoreFile, IgnorePattern } from '../types.js';
import { goClean } from './go-filepath.js';
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

/** Cleans a user-given path into a context-relative one; throws a usage error if it leaves the context. */
export function normalizeQueryPath(given: string): string {
  const cleaned = goClean(given.replace(/^\.\/+/, ''));
  if (cleaned === '.' || cleaned === '') throw new BuildctxError('usage', `"${given}" names the context root itself`);
  if (cleaned.startsWith('/') || cleaned === '..' || cleaned.startsWith('../')) {
    throw new BuildctxError('usage', `"${given}" is not inside the context (paths are relative to the context directory)`);
  }
  return cleaned;
}

/**
 * Explains one context-relative path. `isDir(prefix)` says whether an ancestor or the path is a
 * directory (ancestors are directories by construction).
 */
export function explainPath(matcher: PatternMatcher | null, ignore: IgnoreFile | null, path: string): PathExplanation {
  if (matcher === null || ignore === null) {
    return { path, sent: true, rule: null, via: null, prunedAt: null, arrivesEmpty: false };
  }
  const segments = path.split('/');
  const onlyPrefix = matcher.patterns.filter((p) => p.exclusion).every((p) => isPrefixOnly(p.cleaned));
  const exceptionPrefixes = matcher.patterns.filter((p) => p.exclusion).map((p) => patternWithoutTrailingGlob(p.cleaned) + '/');
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
    if (isAncestor && excluded && prunedAt === null) {
      const dirSlash = prefix + '/';
      if (onlyPrefix && (!matcher.hasExclusions || !exceptionPrefixes.some((p) => p.startsWith(dirSlash)))) prunedAt = prefix;
    }
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
