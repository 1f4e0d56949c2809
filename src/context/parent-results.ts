// Docker's matcher answers a path from its parent directory's per-pattern results
// (MatchesUsingParentResults): this keeps those results per directory for a pass over paths in
// walk order, and computes them for ancestors the pass has not seen.
import { parentOf } from '../paths.js';
import type { MatchResult, PatternMatcher } from './matcher.js';

/** Per-pattern results of each directory, computed for ancestors the entry list does not hold. */
export class ParentResults {
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
