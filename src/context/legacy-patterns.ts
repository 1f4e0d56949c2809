// Where Docker 20.10 reads an ignore file differently from what buildctx models (current
// moby/patternmatcher and the BuildKit walker, Docker 23.0 and later). Docker 20.10 is still what
// Debian 12's `docker.io` ships; its classic builder (pkg/fileutils, pkg/archive 20.10.24) sends
// a different set for four classes of pattern, each confirmed with the oracle
// (/work/shared/oracle `tar` is 20.10's archive and matcher):
//   dir-contents-reincluded  `/storage/*` then `!/storage/`      20.10 sends the contents too
//   double-star-in-name      `**.orig`                           20.10 keeps nested matches
//   excluded-again-parent    `/data`, `!/data/.gitkeep`, `/data*` 20.10 drops the kept file
//   regexp-metacharacter     `a(b)`, `a+b`, `{`, `}`, `|`        20.10 reads them as a regexp
// Pure: the caller hands in the parsed patterns.
import type { IgnorePattern } from '../types.js';
import { PatternMatcher } from './matcher.js';

export type LegacyPatternClass =
  | 'dir-contents-reincluded'
  | 'double-star-in-name'
  | 'excluded-again-parent'
  | 'regexp-metacharacter';

export interface LegacyDifference {
  kind: LegacyPatternClass;
  /** The ignore-file lines involved, 1-based, in order. */
  lines: number[];
  /** What Docker 20.10 does differently, for people. */
  detail: string;
}

/** Cleaned pattern without a leading "!". */
function body(p: IgnorePattern): string {
  return p.pattern.startsWith('!') ? p.pattern.slice(1) : p.pattern;
}

function parentsOf(path: string): string[] {
  const out: string[] = [];
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1))
    out.push(path.slice(0, slash));
  return out;
}

/** Whether one pattern, alone, matches a path (each pattern compiled once). */
function pathTester(patterns: readonly IgnorePattern[]): (index: number, path: string) => boolean {
  const matchers = new Map<number, PatternMatcher | null>();
  return (index, path) => {
    let m = matchers.get(index);
    if (m === undefined) {
      try {
        m = PatternMatcher.create([body(patterns[index]!)]);
      } catch {
        m = null;
      }
      matchers.set(index, m);
    }
    try {
      return m !== null && m.matchWithParent(path, null, null).excluded;
    } catch {
      return false;
    }
  };
}

/** An unescaped character of `set` in the pattern. */
function hasUnescaped(pattern: string, set: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') {
      i++;
      continue;
    }
    if (set.includes(pattern[i]!)) return true;
  }
  return false;
}

/** Work is bounded: the classes that pair patterns look at the first this many lines only. */
export const MAX_PAIRED_PATTERNS = 300;

export function legacyDockerDifferences(patterns: readonly IgnorePattern[]): LegacyDifference[] {
  const out: LegacyDifference[] = [];
  const paired = patterns.slice(0, MAX_PAIRED_PATTERNS);
  const matches = pathTester(paired);
  for (const p of patterns) {
    const b = body(p);
    // 20.10 regexpMatch escaped only `.` and `$`: `+(){}|` reached the regexp as operators.
    if (hasUnescaped(b, '+(){}|')) {
      out.push({
        kind: 'regexp-metacharacter',
        lines: [p.line],
        detail: `line ${p.line} (${p.text.trim()}) holds a character Docker 20.10 reads as a regular-expression operator`,
      });
    }
    if (b.split('/').some((segment) => segment.includes('**') && segment !== '**')) {
      out.push({
        kind: 'double-star-in-name',
        lines: [p.line],
        detail: `line ${p.line} (${p.text.trim()}) has ** inside a name, which Docker 20.10 matches differently below the root`,
      });
    }
  }
  paired.forEach((exception, i) => {
    if (!exception.pattern.startsWith('!')) return;
    const target = body(exception);
    // `X/*` excluded, then `!X` re-includes the directory: current Docker keeps its contents out.
    const contents = paired
      .slice(0, i)
      .find((q) => !q.pattern.startsWith('!') && (q.pattern === `${target}/*` || q.pattern === `${target}/**`));
    if (contents !== undefined) {
      out.push({
        kind: 'dir-contents-reincluded',
        lines: [contents.line, exception.line],
        detail: `lines ${contents.line} and ${exception.line} (${contents.text.trim()}, ${exception.text.trim()}): Docker 20.10 also sends what is inside ${target}/`,
      });
    }
    // An exception below a directory that a later line excludes again.
    const parents = parentsOf(target);
    const excludesParent = (q: IgnorePattern, k: number) =>
      !q.pattern.startsWith('!') && parents.some((d) => matches(k, d));
    const again = paired.find((q, k) => k > i && excludesParent(q, k));
    const first = again === undefined ? undefined : paired.find((q, k) => k < i && excludesParent(q, k));
    if (again !== undefined && first !== undefined) {
      out.push({
        kind: 'excluded-again-parent',
        lines: [first.line, exception.line, again.line],
        detail: `lines ${first.line}, ${exception.line} and ${again.line} (${[first, exception, again].map((q) => q.text.trim()).join(', ')}): Docker 20.10 does not send ${target}`,
      });
    }
  });
  return out.sort((a, b) => a.lines[0]! - b.lines[0]! || a.kind.localeCompare(b.kind));
}
