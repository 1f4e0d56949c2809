// Files git ignores but Docker sends: local build output, virtual environments, caches, editor
// state — whatever the repository already declared as not part of the source. One finding for
// the whole context, grouped by the directories git ignores, with .dockerignore lines that keep
// exactly those files out (verified with Docker's matcher on the walked tree).
import { formatBytes, plural } from '../units.js';
import { coverWithIgnoreLines } from '../context/cover-with-lines.js';
import { isTracked } from '../context/git-index.js';
import {
  compileGitIgnore,
  type GitIgnoreMatcher,
  type GitIgnoreRule,
  type GitIgnoreSource,
} from '../context/gitignore.js';
import { goTrimSpace } from '../context/go-filepath.js';
import { escapeIgnorePath } from '../context/ignore-lines.js';
import { compareBytes } from '../paths.js';
import { keptByException } from '../context/simulate-ignore.js';
import { pathsCopiedByName } from '../dockerfile/copied-paths.js';
import { protectedPathsOf } from '../facts/advice-guard.js';
import type { ContextEntry } from '../types.js';
import type { CheckModel } from '../facts/check-model.js';
import { defineCheck } from '../facts/define-check.js';

const GITIGNORE = '.gitignore';
/** Groups listed in the finding's data and message. */
const TOP_GROUPS = 10;
const MESSAGE_GROUPS = 3;
/** Suggested lines at most; a tree needing more gets the first ones and the rest stays reported. */
const MAX_SUGGESTED_LINES = 100;

function isInsideGitDir(path: string): boolean {
  return path === '.git' || path.startsWith('.git/') || path.includes('/.git/') || path.endsWith('/.git');
}

function isGitignoreFile(path: string): boolean {
  return (path === GITIGNORE || path.endsWith('/' + GITIGNORE)) && !isInsideGitDir(path);
}

function baseOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** `prefix/path`: a context path as a path of the work tree whose directory `prefix` is the context. */
function inTree(prefix: string, path: string): string {
  return prefix === '' ? path : path === '' ? prefix : `${prefix}/${path}`;
}

/**
 * The rule files that decide for this context, with bases relative to the work tree's top: the
 * repository's info/exclude and the .gitignore files above the context (model.git), and every
 * .gitignore the walk saw. Without a repository, the context's own files alone.
 */
function gitIgnoreSources(model: CheckModel, prefix: string): GitIgnoreSource[] {
  const sources: GitIgnoreSource[] = [...(model.git?.outer ?? [])];
  for (const [path, text] of model.texts) {
    if (isGitignoreFile(path)) sources.push({ path, base: inTree(prefix, baseOf(path)), text });
  }
  return sources.sort((a, b) => compareBytes(a.path, b.path));
}

/** The directory git ignores as a whole that holds `path` (the highest one), or the file itself. */
function groupRootOf(matcher: ContextMatcher, path: string): { root: string; isDir: boolean } {
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
    const dir = path.slice(0, slash);
    if (matcher.isIgnored(dir, true)) return { root: dir, isDir: true };
  }
  return { root: path, isDir: false };
}

/** The git matcher asked with context paths; its rules' bases stay relative to the work tree's top. */
type ContextMatcher = Pick<GitIgnoreMatcher, 'isIgnored' | 'ruleFor'>;

function contextMatcher(matcher: GitIgnoreMatcher, prefix: string): ContextMatcher {
  if (prefix === '') return matcher;
  return {
    isIgnored: (path, isDir) => matcher.isIgnored(inTree(prefix, path), isDir),
    ruleFor: (path, isDir) => matcher.ruleFor(inTree(prefix, path), isDir),
  };
}

/**
 * The .dockerignore line that reads a git rule the same way, when there is one: a positive rule of
 * literal text, `*` and `?`, with `**` only as a whole segment. Both matchers keep `*` and `?`
 * inside one segment; a name-only rule matches at any depth, which Docker needs a leading `**`
 * segment for.
 * A directory-only rule loses its trailing slash, so the caller verifies what the line removes.
 */
function dockerLineFor(rule: GitIgnoreRule, prefix: string): string | null {
  if (rule.negative || /[\\[\]^]/.test(rule.body) || goTrimSpace(rule.body) !== rule.body) return null;
  if (rule.body.startsWith('!') || rule.base.startsWith('!')) return null;
  if (rule.body.split('/').some((segment) => segment.includes('**') && segment !== '**')) return null;
  // Bases are relative to the work tree's top: a rule from above the context reads the same in
  // Docker's terms only when it matches a name at any depth; an anchored one gets literal lines.
  let local: string;
  if (prefix === '') local = rule.base;
  else if (rule.base === prefix || rule.base.startsWith(prefix + '/')) local = rule.base.slice(prefix.length + 1);
  else if (rule.basenameOnly && (rule.base === '' || prefix.startsWith(rule.base + '/'))) local = '';
  else return null;
  const base = local === '' ? '' : escapeIgnorePath(local) + '/';
  return rule.basenameOnly ? `${base}**/${rule.body}` : `/${base}${rule.body}`;
}

interface Group {
  path: string;
  type: 'dir' | 'file';
  files: number;
  bytes: number;
  rule: GitIgnoreRule | null;
}

function describeRule(rule: GitIgnoreRule | null): string | null {
  return rule === null ? null : `${rule.source}:${rule.line}:${rule.pattern}`;
}

export default defineCheck({
  meta: {
    id: 'gitignored-in-context',
    title: 'Files git ignores are sent to the builder',
    defaultSeverity: 'warning',
    description:
      'Files that the repository’s .gitignore rules ignore (build output, environments, caches) are in the build context; the ignore file should keep them out.',
  },
  wants: (entry) => (entry.type === 'file' && isGitignoreFile(entry.path) ? 'text' : null),
  // A .gitignore the ignore file excludes still decides what git ignores next to it.
  wantsExcluded: (entry) => (entry.type === 'file' && isGitignoreFile(entry.path) ? 'text' : null),
  // A tracked file is never ignored, whatever the rules say: git check-ignore asks the index first.
  // The repository may start above the context, or be a linked worktree or submodule (a `.git` file).
  wantsGitIndex: true,
  *run(model) {
    // A repository whose index cannot be read: tracked files cannot be told from ignored ones.
    if (model.git !== null && !model.git.known) return;
    const prefix = model.git?.prefix ?? '';
    const sources = gitIgnoreSources(model, prefix);
    if (sources.length === 0) return;
    const compiled = compileGitIgnore(sources);
    if (compiled.rules.length === 0) return;
    const matcher = contextMatcher(compiled, prefix);
    const copied = pathsCopiedByName(model.dockerfileModel, model.entries);
    const excepted = keptByException(model.entries, model.ignore?.patterns ?? []);
    // Needed by name: a file ENTRYPOINT/CMD/RUN runs, an env file of public values a build stage reads.
    const prot = protectedPathsOf(model);
    const needed = new Set([...prot.run.keys(), ...prot.publicEnv.keys()]);

    const ignored: ContextEntry[] = [];
    let copiedFiles = 0;
    let exceptedFiles = 0;
    let neededFiles = 0;
    let trackedFiles = 0;
    const index = model.git?.index ?? null;
    for (const entry of model.entries) {
      if (entry.type === 'dir' || isInsideGitDir(entry.path) || !matcher.isIgnored(entry.path, false)) continue;
      if (index !== null && isTracked(index, entry.path)) {
        trackedFiles++;
        continue;
      }
      // Copied by name: the Dockerfile wants it, whatever git thinks. Re-included by a `!` line: the user wants it.
      if (copied.has(entry.path)) copiedFiles++;
      else if (needed.has(entry.path)) neededFiles++;
      else if (excepted.has(entry.path)) exceptedFiles++;
      else ignored.push(entry);
    }
    if (ignored.length === 0) return;

    const groups = new Map<string, Group>();
    let bytes = 0;
    for (const entry of ignored) {
      bytes += entry.size;
      const { root, isDir } = groupRootOf(matcher, entry.path);
      let group = groups.get(root);
      if (group === undefined) {
        group = { path: root, type: isDir ? 'dir' : 'file', files: 0, bytes: 0, rule: matcher.ruleFor(root, isDir) };
        groups.set(root, group);
      }
      group.files++;
      group.bytes += entry.size;
    }
    const ranked = [...groups.values()].sort(
      (a, b) => b.bytes - a.bytes || b.files - a.files || compareBytes(a.path, b.path),
    );

    // Lines: the git rules that decided, in Docker syntax, where Docker reads them the same way;
    // then literal paths for the rest. Nothing a COPY names or a `!` line keeps may go.
    const rules = [...new Set(ranked.map((g) => g.rule).filter((r): r is GitIgnoreRule => r !== null))];
    const candidates = [...new Set(rules.map((r) => dockerLineFor(r, prefix)).filter((l): l is string => l !== null))];
    const keep = new Set([...copied.keys(), ...excepted.keys(), ...needed]);
    const coverage = coverWithIgnoreLines({
      entries: model.entries,
      targets: new Set(ignored.map((e) => e.path)),
      keep,
      candidates,
      roots: ranked.map((g) => g.path).sort(compareBytes),
      simulate: (lines) => model.simulateIgnore(lines),
      maxLines: MAX_SUGGESTED_LINES,
    });

    const shown = ranked
      .slice(0, MESSAGE_GROUPS)
      .map((g) => `${g.path}${g.type === 'dir' ? '/' : ''} (${plural(g.files, 'file')}, ${formatBytes(g.bytes)})`);
    const more = ranked.length > MESSAGE_GROUPS ? `, and ${plural(ranked.length - MESSAGE_GROUPS, 'more group')}` : '';
    const sourcePath = sources.find((s) => s.path === GITIGNORE)?.path ?? sources[0]!.path;
    // BuildKit requests only what the target's COPY/ADD/RUN --mount sources name (model.referenced);
    // files none of them names go to the classic builder alone.
    const requested = model.referenced === null ? null : new Set(model.referenced.map((e) => e.path));
    const requestedFiles = requested === null ? ignored.length : ignored.filter((e) => requested.has(e.path)).length;
    const are = ignored.length === 1 ? 'is' : 'are';
    yield {
      path: sourcePath,
      ...(requestedFiles === 0 ? { severity: 'info' as const } : {}),
      message:
        requestedFiles === 0
          ? `${plural(ignored.length, 'file')} (${formatBytes(bytes)}) that git ignores ${are} in the context: ${shown.join(', ')}${more}; BuildKit does not send ${ignored.length === 1 ? 'it' : 'them'} for this Dockerfile (no COPY takes ${ignored.length === 1 ? 'it' : 'them'}), the classic builder does`
          : `${plural(ignored.length, 'file')} (${formatBytes(bytes)}) that git ignores ${are} sent to the builder: ${shown.join(', ')}${more}`,
      data: {
        requestedFiles,
        files: ignored.length,
        bytes,
        groupCount: ranked.length,
        groups: ranked
          .slice(0, TOP_GROUPS)
          .map((g) => ({ path: g.path, type: g.type, files: g.files, bytes: g.bytes, rule: describeRule(g.rule) })),
        gitignoreFiles: sources.map((s) => s.path),
        copiedFiles,
        exceptedFiles,
        neededFiles,
        trackedFiles,
        ignoreLines: coverage.lines,
        uncoveredFiles: coverage.uncovered.length,
      },
    };
  },
});
