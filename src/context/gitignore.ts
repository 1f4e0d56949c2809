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

/**
 * Compiles the sources into one matcher. Sources below `.git` other than `info/exclude` are the
 * caller's to leave out. Matching is case-sensitive, as git on Linux (core.ignoreCase false).
 *
 * A rebased rule matches only below its own base, so a path is tested against the rules of the
 * sources at its ancestors alone, in the same global order: one rule list per directory holding
 * a source (its ancestors' rules and its own, the rule objects shared), picked by the path's
 * deepest such directory. One list of every rule made each path cost every rule of the tree: a
 * monorepo of 1,000 packages with a 10-line .gitignore each took 354 s on 100,000 files.
 */
export function compileGitIgnore(sources: readonly GitIgnoreSource[]): GitIgnoreMatcher {
  const ordered = [...sources].sort((a, b) => {
    const aExclude = a.exclude === true || a.path.startsWith('.git/') ? 0 : 1;
    const bExclude = b.exclude === true || b.path.startsWith('.git/') ? 0 : 1;
    return aExclude - bExclude || depth(a.base) - depth(b.base) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  });
  ignore ??= require('ignore') as typeof ignoreType;
  const make = ignore;
  const rules: GitIgnoreRule[] = [];
  // Each source's rules compiled once, marked with their index in `rules`.
  const compiled = ordered.map((source) => {
    const own = make({ ignorecase: false });
    for (const rule of parseGitIgnore(source)) {
      own.add({ pattern: rebase(rule), mark: String(rules.length) });
      rules.push(rule);
    }
    return { base: source.base, own };
  });
  const isWithin = (path: string, base: string): boolean => base === '' || path === base || path.startsWith(base + '/');
  // Per base, the sources at it and above it, in the global order.
  const chains = new Map<string, ignoreType.Ignore>();
  for (const { base } of compiled) {
    if (chains.has(base)) continue;
    const chain = make({ ignorecase: false });
    for (const c of compiled) if (isWithin(base, c.base)) chain.add(c.own);
    chains.set(base, chain);
  }
  const empty = make({ ignorecase: false });
  /** The rule list of the deepest directory holding a source at or above `dir`, per directory asked. */
  const chainOfDir = new Map<string, ignoreType.Ignore>();
  const chainFor = (dir: string): ignoreType.Ignore => {
    let chain = chainOfDir.get(dir);
    if (chain === undefined) {
      chain = chains.get(dir) ?? (dir === '' ? empty : chainFor(dir.slice(0, Math.max(dir.lastIndexOf('/'), 0))));
      chainOfDir.set(dir, chain);
    }
    return chain;
  };
  const query = (path: string, isDir: boolean): ignoreType.TestResult => {
    try {
      // A directory with sources of its own is tested with them too, as it is when a path below it is.
      const chain = chainFor(isDir ? path : path.slice(0, Math.max(path.lastIndexOf('/'), 0)));
      return chain.test(isDir ? path + '/' : path);
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
