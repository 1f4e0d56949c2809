// How the walkers, and the oracle's `match`, decide a path: MatchesUsingParentResults down the
// chain of ancestors, each evaluated as a directory first (spec §6.2).
import type { PatternMatcher } from '../../src/context/matcher.js';

/** Whether `path` ends excluded; throws what the matcher throws (a pattern that fails to compile). */
export function matchChain(matcher: PatternMatcher, path: string): boolean {
  const parts = path.split('/');
  let parent: Uint8Array | null = null;
  let excluded = false;
  for (let i = 0; i < parts.length; i++) {
    const out: Uint8Array = new Uint8Array(matcher.size);
    excluded = matcher.matchWithParent(parts.slice(0, i + 1).join('/'), parent, out).excluded;
    parent = out;
  }
  return excluded;
}
