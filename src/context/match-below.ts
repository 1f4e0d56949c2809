// Can a pattern match anything below a directory? Docker's BuildKit walker answers this only for
// "prefix-only" exceptions and otherwise walks every excluded directory (fsutil filter.go). When
// the answer is provably "no" for every exception, nothing below can be sent, so the walk can
// skip reading the directory with the same result. Only simple globs are analysed: ASCII
// literals, `*`, `?` and `**`; anything else (classes, escapes, `^`, non-ASCII) answers "maybe".

/** True when `cleaned` (a pattern after Docker's Clean, without "!") is a glob we analyse exactly. */
export function isSimpleGlob(cleaned: string): boolean {
  for (let i = 0; i < cleaned.length; i++) {
    const c = cleaned.charCodeAt(i);
    // "[", "\", "]", "^" and anything outside printable ASCII.
    if (c < 0x20 || c > 0x7e || c === 0x5b || c === 0x5c || c === 0x5d || c === 0x5e) return false;
  }
  return true;
}

/**
 * One path segment against one glob segment: `*` is `[^/]*`, `?` is `[^/]`, everything else
 * literal (patternmatcher's compile escapes `.+()|{}$`). Both are ASCII without "/".
 */
function matchSegment(glob: string, name: string): boolean {
  let g = 0;
  let n = 0;
  let starG = -1;
  let starN = 0;
  while (n < name.length) {
    const c = glob.charCodeAt(g);
    if (g < glob.length && (c === 0x3f || c === name.charCodeAt(n))) {
      g++;
      n++;
    } else if (g < glob.length && c === 0x2a) {
      starG = g++;
      starN = n;
    } else if (starG !== -1) {
      g = starG + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob.charCodeAt(g) === 0x2a) g++;
  return g === glob.length;
}

/**
 * False only when no path strictly below `dir` (context-relative, "/"-separated) can match
 * `cleaned`. A simple glob without `**` compiles to a regexp in which nothing crosses "/", so
 * it matches paths of exactly as many segments as it has, each segment matching its glob.
 */
export function canMatchBelow(cleaned: string, dir: string): boolean {
  if (!isSimpleGlob(cleaned) || !isSimpleGlob(dir)) return true;
  const globs = cleaned.split('/');
  const names = dir.split('/');
  if (globs.length <= names.length && !cleaned.includes('**')) return false;
  for (let i = 0; i < names.length; i++) {
    const glob = globs[i];
    if (glob === undefined) return false;
    // "**" anywhere becomes "(.*/)?" or ".*", which crosses segments: give up.
    if (glob.includes('**')) return true;
    if (!matchSegment(glob, names[i]!)) return false;
  }
  return true;
}
