// What git ignores in a work tree: every `.gitignore` (each relative to its own directory) plus
// `.git/info/exclude`, with git's precedence, evaluated with the `ignore` package (gitignore
// pattern semantics). Pure: the caller hands in the files' text.
//
// Git's rules (gitignore(5); dir.c prep_exclude, last_matching_pattern_from_lists):
//   - within one file the last matching pattern wins; a file deeper in the tree wins over the
//     files above it; `.gitignore` files win over `$GIT_DIR/info/exclude`;
//   - a pattern without a slash (a trailing one aside) matches a name at any depth below its
//     file's directory; any other pattern is anchored at that directory;
//   - a path below an ignored directory stays ignored: git never descends into it, so no
//     pattern can re-include anything there (the `ignore` package tests parents the same way).
// Each pattern is rewritten relative to the root so one last-match-wins list holds them all in
// git's order: info/exclude first, then the `.gitignore` files from the shallowest to the
// deepest. A rebased pattern only matches paths inside its own directory, so this order gives
// exactly git's precedence.
import { createRequire } from 'node:module';
import type ignoreType from 'ignore';

const require = createRequire(import.meta.url);
/** The `ignore` package, loaded when a .gitignore is first compiled (most runs have none to compile). */
let ignore: typeof ignoreType | null = null;

/** One ignore-rule file and the text read from it. */
export interface GitIgnoreSource {
  /** Context-relative path of the file (`a/.gitignore`, `.git/info/exclude`). */
  path: string;
  /** The directory its patterns are relative to ('' for the root). */
  base: string;
  text: string;
  /** `$GIT_DIR/info/exclude` (read before every .gitignore); also assumed for a path below `.git/`. */
  exclude?: boolean;
}

/** A pattern as written, with where it came from. */
export interface GitIgnoreRule {
  source: string;
  line: number;
  /** The pattern as written (trailing spaces trimmed as git does). */
  pattern: string;
  negative: boolean;
  /** No slash other than a trailing one: matches a name at any depth below `base`. */
  basenameOnly: boolean;
  /** A trailing slash: directories only. */
  directoryOnly: boolean;
  /** The pattern without `!`, leading and trailing slash. */
  body: string;
  base: string;
}

export interface GitIgnoreMatcher {
  /** True when git ignores the path (a directory when `isDir`), directly or through an ancestor directory. */
  isIgnored(path: string, isDir: boolean): boolean;
  /** The rule that ignores the path or the ancestor it is ignored with; null when not ignored. */
  ruleFor(path: string, isDir: boolean): GitIgnoreRule | null;
  readonly rules: readonly GitIgnoreRule[];
}

const UTF8_BOM = '\uFEFF';

/**
 * git trim_trailing_spaces: drops trailing spaces (not tabs) unless the last one is escaped
 * with a backslash, which then stays as `\ `.
 */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ') end--;
  if (end === line.length) return line;
  // An odd number of backslashes before the spaces escapes the first of them.
  let slashes = 0;
  for (let i = end - 1; i >= 0 && line[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1 ? line.slice(0, end + 1) : line.slice(0, end);
}

/** The patterns of one file, as git's add_patterns_from_buffer and parse_path_pattern read them. */
export function parseGitIgnore(source: GitIgnoreSource): GitIgnoreRule[] {
  const text = source.text.startsWith(UTF8_BOM) ? source.text.slice(1) : source.text;
  const rules: GitIgnoreRule[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    const unterminated = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (unterminated === '' || unterminated.startsWith('#')) return;
    const pattern = trimTrailingSpaces(unterminated);
    if (pattern === '') return;
    const negative = pattern.startsWith('!');
    let body = negative ? pattern.slice(1) : pattern;
    const directoryOnly = body.length > 0 && body.endsWith('/');
    if (directoryOnly) body = body.slice(0, -1);
    const basenameOnly = !body.includes('/');
    if (body.startsWith('/')) body = body.slice(1);
    if (body === '') return;
    rules.push({
      source: source.path,
      line: index + 1,
      pattern,
      negative,
      basenameOnly,
      directoryOnly,
      body,
      base: source.base,
    });
  });
  return rules;
}

/** Escapes a literal path for a gitignore pattern: `\`, `*`, `?`, `[` and a leading `!` or `#`. */
function escapeGitIgnorePath(path: string): string {
  const escaped = path.replace(/[\\*?[]/g, (c) => '\\' + c);
  return escaped.startsWith('!') || escaped.startsWith('#') ? '\\' + escaped : escaped;
}

/** The rule rewritten relative to the work-tree root (see the header). */
function rebase(rule: GitIgnoreRule): string {
  if (rule.base === '') return rule.pattern;
  const body = (rule.basenameOnly ? '**/' : '') + rule.body + (rule.directoryOnly ? '/' : '');
  return (rule.negative ? '!' : '') + escapeGitIgnorePath(rule.base) + '/' + body;
}

function depth(path: string): number {
  return path === '' ? 0 : path.split('/').length;
}

/** Rule references the per-directory lists may hold in all (8 bytes each); past it, one list of every rule serves every path. */
export const MAX_CHAIN_RULES = 4_000_000;

function parentDir(dir: string): string {
  return dir.slice(0, Math.max(dir.lastIndexOf('/'), 0));
}

/**
 * Compiles the sources into one matcher. Sources below `.git` other than `info/exclude` are the
 * caller's to leave out. Matching is case-sensitive, as git on Linux (core.ignoreCase false).
 *
 * A rebased rule matches only below its own base, so a path is tested against the rules of the
 * sources at its ancestors alone, in the same global order: one rule list per directory holding
 * a source (its nearest such ancestor's list, then its own rules; the compiled rules shared),
 * picked by the path's deepest such directory. One list of every rule made each path cost every
 * rule of the tree: a monorepo of 1,000 packages with a 10-line .gitignore each took 354 s on
 * 100,000 files. The lists grow with depth (a .gitignore in each of 5,000 nested directories
 * would hold 12.5 million references), so past `maxChainRules`, or when an exclude file sits
 * below the top (its rules then come before shallower ones), the one list serves every path.
 */
export function compileGitIgnore(
  sources: readonly GitIgnoreSource[],
  maxChainRules = MAX_CHAIN_RULES,
): GitIgnoreMatcher {
  const isExclude = (s: GitIgnoreSource): boolean => s.exclude === true || s.path.startsWith('.git/');
  const ordered = [...sources].sort((a, b) => {
    const aExclude = isExclude(a) ? 0 : 1;
    const bExclude = isExclude(b) ? 0 : 1;
    return aExclude - bExclude || depth(a.base) - depth(b.base) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  });
  ignore ??= require('ignore') as typeof ignoreType;
  const make = ignore;
  const rules: GitIgnoreRule[] = [];
  // Each source's rules compiled once, marked with their index in `rules`.
  const compiled = ordered.map((source) => {
    const own = make({ ignorecase: false });
    const parsed = parseGitIgnore(source);
    for (const rule of parsed) {
      own.add({ pattern: rebase(rule), mark: String(rules.length) });
      rules.push(rule);
    }
    return { base: source.base, own, count: parsed.length };
  });
  const chains = chainsByBase(
    compiled,
    ordered.some((s) => isExclude(s) && s.base !== ''),
    make,
    maxChainRules,
  );
  const all = chains === null ? make({ ignorecase: false }) : null;
  if (all !== null) for (const c of compiled) all.add(c.own);
  /** The rule list of the deepest directory holding a source at or above `dir`, per directory asked. */
  const chainOfDir = new Map<string, ignoreType.Ignore>();
  const empty = make({ ignorecase: false });
  const chainFor = (dir: string): ignoreType.Ignore => {
    if (all !== null) return all;
    const known = chainOfDir.get(dir);
    if (known !== undefined) return known;
    // Up to the nearest directory with a list or an answer (a loop: trees can be thousands deep).
    const walked: string[] = [];
    let found: ignoreType.Ignore | undefined;
    for (let d = dir; ; d = parentDir(d)) {
      found = chains!.get(d) ?? chainOfDir.get(d);
      if (found !== undefined || d === '') break;
      walked.push(d);
    }
    const chain = found ?? empty;
    for (const d of walked) chainOfDir.set(d, chain);
    return chain;
  };
  const query = (path: string, isDir: boolean): ignoreType.TestResult => {
    try {
      // A directory with sources of its own is tested with them too, as it is when a path below it is.
      return chainFor(isDir ? path : parentDir(path)).test(isDir ? path + '/' : path);
    } catch {
      // A path the package refuses (never one the walk produces): not known to be ignored.
      return { ignored: false, unignored: false };
    }
  };
  return {
    rules,
    isIgnored: (path, isDir) => query(path, isDir).ignored,
    ruleFor(path, isDir) {
      const result = query(path, isDir);
      if (!result.ignored || result.rule?.mark === undefined) return null;
      return rules[Number(result.rule.mark)] ?? null;
    },
  };
}

/**
 * Per directory holding a source, its nearest such ancestor's list and then its own sources'
 * rules; null when one list of every rule must serve instead (see compileGitIgnore). `compiled`
 * is in the global order, so a directory's ancestors come before it.
 */
function chainsByBase(
  compiled: readonly { base: string; own: ignoreType.Ignore; count: number }[],
  deepExclude: boolean,
  make: typeof ignoreType,
  maxChainRules: number,
): Map<string, ignoreType.Ignore> | null {
  if (deepExclude) return null;
  const byBase = new Map<string, { own: ignoreType.Ignore; count: number }[]>();
  for (const c of compiled) {
    const at = byBase.get(c.base);
    if (at === undefined) byBase.set(c.base, [c]);
    else at.push(c);
  }
  const chains = new Map<string, ignoreType.Ignore>();
  const counts = new Map<string, number>();
  let total = 0;
  for (const [base, own] of byBase) {
    let above: string | undefined;
    for (let d = base; d !== ''; ) {
      d = parentDir(d);
      if (chains.has(d)) {
        above = d;
        break;
      }
    }
    const chain = make({ ignorecase: false });
    let count = 0;
    if (above !== undefined) {
      chain.add(chains.get(above)!);
      count = counts.get(above)!;
    }
    for (const c of own) {
      chain.add(c.own);
      count += c.count;
    }
    total += count;
    if (total > maxChainRules) return null;
    chains.set(base, chain);
    counts.set(base, count);
  }
  return chains;
}
