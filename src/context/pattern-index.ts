// Which ignore-file patterns can match a path at all, found without trying each one. An ignore
// file of 20,000 lines made every path try (and compile) 20,000 patterns; with this index a path
// tries the patterns whose literal text it carries, so cost grows with the patterns that can
// match, not with all of them. The answer is a superset: the matcher still decides each
// candidate exactly as moby/patternmatcher does, in list order.
//
// A pattern is filed under the most selective literal fact every path it matches must show:
//   - no wildcard at all: the whole path (exact match);
//   - a first segment without wildcards, followed by "/": the path's first segment;
//   - a last segment without wildcards, after "/": the path's last segment (`**/node_modules`);
//   - a segment without wildcards after segments of `*` and `?` only (`pkg*/mod5/**`): the
//     path's segment at that depth (`*` and `?` never match "/", so the depth is fixed);
//   - a literal tail after the last wildcard: the path's last 1–3 code units (`*.log`);
//   - otherwise (an escape, `|`, an escaped byte, a BOM: text the regexp may read otherwise):
//     every path.
// Callers file a pattern whose regexp does not compile under `always`, so that it fails on the
// first path that reaches it, as in Docker.

/**
 * Characters that end a literal run: glob wildcards, escapes, classes, RE2 repeat braces, and
 * `^`, which reaches RE2 unescaped as an assertion (`**\/*^a` matches "a").
 */
const WILDCARDS = /[*?[\]\\{}^]/;
/** Alternation (`|` reaches RE2 unescaped), escaped bytes and a BOM (both change the regexp's text). */
const UNINDEXABLE = /[|\uFEFF\uDC80-\uDCFF]/;
/** Longest path ending used as a key for literal tails. */
const TAIL_KEY_UNITS = 3;

/** Fewer patterns than this are simply tried in order: the index would cost more than it saves. */
export const INDEX_MIN_PATTERNS = 32;

function push(map: Map<string, number[]>, key: string, position: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [position]);
  else list.push(position);
}

function literalTail(cleaned: string): string {
  let start = cleaned.length;
  while (start > 0 && !WILDCARDS.test(cleaned[start - 1]!)) start--;
  return cleaned.slice(start);
}

/** Characters a segment before the literal one may hold besides literal text: `*` and `?` only. */
const NOT_ONE_SEGMENT = /[[\]\\{}^]|\*\*/;

/**
 * The first segment (at depth ≥ 1) without wildcards that every match must have at a fixed
 * depth: each segment before it is literal text, `*` and `?` (which never match "/"; `**`,
 * classes and escapes can). Null when there is none.
 */
function fixedDepthSegment(cleaned: string): { depth: number; segment: string } | null {
  const segments = cleaned.split('/');
  for (let depth = 0; depth < segments.length; depth++) {
    const s = segments[depth]!;
    if (depth > 0 && s !== '' && !WILDCARDS.test(s)) return { depth, segment: s };
    if (NOT_ONE_SEGMENT.test(s)) return null;
  }
  return null;
}

export class PatternIndex {
  private readonly always: number[] = [];
  private readonly exact = new Map<string, number[]>();
  private readonly first = new Map<string, number[]>();
  private readonly last = new Map<string, number[]>();
  /** By "depth/segment" (depth ≥ 1); `maxDepth` bounds the lookups a path makes. */
  private readonly segment = new Map<string, number[]>();
  private maxDepth = 0;
  /** By the last 1, 2 and 3 code units of the literal tail. */
  private readonly tails: Map<string, number[]>[] = [new Map(), new Map(), new Map()];
  private readonly seen: Int32Array;
  private stamp = 0;

  /**
   * `cleaned[i]` is pattern i after New's Clean (without "!"); `isAlways(i)` files it under every
   * path (a pattern whose regexp fails to compile).
   */
  constructor(cleaned: readonly string[], isAlways: (position: number) => boolean) {
    this.seen = new Int32Array(cleaned.length);
    cleaned.forEach((text, position) => {
      if (!WILDCARDS.test(text)) {
        push(this.exact, text, position);
        return;
      }
      if (isAlways(position) || UNINDEXABLE.test(text)) {
        this.always.push(position);
        return;
      }
      const slash = text.indexOf('/');
      if (slash > 0 && !WILDCARDS.test(text.slice(0, slash))) {
        push(this.first, text.slice(0, slash), position);
        return;
      }
      // After a backslash the regexp may read the rest differently (`\n`, `\x41`, `\Q…`): only
      // the text before the first wildcard is sure to be literal.
      if (text.includes('\\')) {
        this.always.push(position);
        return;
      }
      const lastSlash = text.lastIndexOf('/');
      const lastSegment = text.slice(lastSlash + 1);
      // `**/` eats its slash (`a**/b` matches "ab"), except at the start of a `**/name` suffix pattern.
      const slashKept =
        lastSlash > 0 &&
        (text[lastSlash - 1] !== '*' || (lastSlash === 2 && text.startsWith('**') && !WILDCARDS.test(text.slice(2))));
      if (slashKept && lastSegment !== '' && !WILDCARDS.test(lastSegment)) {
        push(this.last, lastSegment, position);
        return;
      }
      const depth = fixedDepthSegment(text);
      if (depth !== null) {
        push(this.segment, `${depth.depth}/${depth.segment}`, position);
        this.maxDepth = Math.max(this.maxDepth, depth.depth);
        return;
      }
      let tail = literalTail(text);
      if (tail.startsWith('/') && text[text.length - tail.length - 1] === '*') tail = tail.slice(1);
      if (tail !== '') {
        const units = Math.min(tail.length, TAIL_KEY_UNITS);
        push(this.tails[units - 1]!, tail.slice(-units), position);
        return;
      }
      this.always.push(position);
    });
  }

  /**
   * Positions of the patterns that may match `path` — or, with `ancestors`, any of its
   * ancestors too — plus `extra`, sorted and without repeats.
   */
  candidates(path: string, ancestors: boolean, extra: readonly number[]): number[] {
    const out: number[] = [];
    const stamp = ++this.stamp;
    const seen = this.seen;
    const add = (list: readonly number[] | undefined): void => {
      if (list === undefined) return;
      for (const p of list) {
        if (seen[p] !== stamp) {
          seen[p] = stamp;
          out.push(p);
        }
      }
    };
    add(this.always);
    add(extra);
    add(this.exact.get(path));
    const firstSlash = path.indexOf('/');
    if (this.first.size > 0) add(this.first.get(firstSlash < 0 ? path : path.slice(0, firstSlash)));
    // Segments 1..maxDepth; an ancestor's segments are the path's own.
    for (let depth = 1, start = firstSlash + 1; depth <= this.maxDepth && start > 0; depth++) {
      const slash = path.indexOf('/', start);
      add(this.segment.get(`${depth}/${slash < 0 ? path.slice(start) : path.slice(start, slash)}`));
      start = slash + 1;
    }
    // The ends of the path and, with ancestors, of each ancestor ("a/b/c": "a", "a/b").
    let end = path.length;
    for (;;) {
      const start = path.lastIndexOf('/', end - 1) + 1;
      if (ancestors && end < path.length) add(this.exact.get(path.slice(0, end)));
      if (this.last.size > 0) add(this.last.get(path.slice(start, end)));
      for (let units = 1; units <= TAIL_KEY_UNITS && units <= end; units++) {
        const map = this.tails[units - 1]!;
        if (map.size > 0) add(map.get(path.slice(end - units, end)));
      }
      if (!ancestors || start === 0) break;
      end = start - 1;
    }
    return out.sort((a, b) => a - b);
  }
}
