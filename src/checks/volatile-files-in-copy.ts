import type { FindingDraft } from '../types.js';
import type { CheckModel } from '../facts/check-model.js';
import { isSafeAdvice } from '../facts/suggest-fix.js';
import { defineCheck } from '../facts/define-check.js';
import { dockerfilePath, MAX_LISTED_PATHS, sourceUses, type SourceUse } from '../facts/dockerfile-facts.js';

// A COPY's cache key is the checksum of every file it copies (BuildKit contenthash), so a file
// that changes on every commit, test run or editor save makes the COPY — and every layer after
// it — miss the cache on each build, even when no source changed.

export type VolatileKind = 'vcs' | 'python-bytecode' | 'log' | 'editor' | 'test-output';

interface DirRule {
  kind: VolatileKind;
  names: readonly string[];
}

const DIR_RULES: readonly DirRule[] = [
  { kind: 'vcs', names: ['.git', '.hg', '.svn'] },
  {
    kind: 'test-output',
    names: [
      '.pytest_cache',
      '.mypy_cache',
      '.ruff_cache',
      '.hypothesis',
      'htmlcov',
      '.nyc_output',
      'coverage',
      'test-results',
    ],
  },
];

/**
 * Reported by their own checks, with the same fix: `__pycache__`, `.tox` and `.nox` by
 * host-environment, `.DS_Store` by macos-litter. Listing them here too would show one file twice.
 */
const OWNED_ELSEWHERE_DIRS = new Set(['__pycache__', '.tox', '.nox']);
const OWNED_ELSEWHERE_FILES = new Set(['.DS_Store']);

/** Each volatile directory name's rule (the first that lists it). */
const DIR_RULE_BY_NAME = new Map<string, DirRule>();
for (const rule of DIR_RULES)
  for (const name of rule.names) if (!DIR_RULE_BY_NAME.has(name)) DIR_RULE_BY_NAME.set(name, rule);

interface FileRule {
  kind: VolatileKind;
  test: RegExp;
  /** The ignore line for files of this rule. */
  line: string;
}

const FILE_RULES: readonly FileRule[] = [
  { kind: 'python-bytecode', test: /\.pyc$/, line: '**/*.pyc' },
  { kind: 'python-bytecode', test: /\.pyo$/, line: '**/*.pyo' },
  { kind: 'log', test: /\.log$/, line: '**/*.log' },
  { kind: 'log', test: /^(npm-debug|yarn-debug|yarn-error)\.log/, line: '**/*.log*' },
  { kind: 'editor', test: /\.sw[po]$/, line: '**/*.sw[po]' },
  { kind: 'editor', test: /~$/, line: '**/*~' },
  { kind: 'editor', test: /^\.#/, line: '**/.#*' },
  { kind: 'editor', test: /^#.*#$/, line: '**/\\#*#' },
  { kind: 'test-output', test: /^\.coverage(\..*)?$/, line: '**/.coverage*' },
  { kind: 'test-output', test: /^coverage\.xml$/, line: '**/coverage.xml' },
];

/** Read only: every path below a volatile directory gets the same object. */
export interface VolatileMatch {
  readonly kind: VolatileKind;
  /** The volatile directory or file the path lies in (or is). */
  readonly root: string;
  readonly isDir: boolean;
  /** The ignore line that keeps it out. */
  readonly line: string;
}

/** What a directory path says of everything below it: owned by another check, in a volatile directory, or neither. */
interface DirVerdict {
  owned: boolean;
  /** The outermost volatile directory on the path, as a match for what lies below it. */
  match: VolatileMatch | null;
}

const NEITHER: DirVerdict = { owned: false, match: null };
const OWNED: DirVerdict = { owned: true, match: null };

/** The last directory asked about: paths come in walk order, so siblings ask one after another. */
let lastDir: string | undefined;
let lastVerdict: DirVerdict = NEITHER;

function dirVerdict(dir: string): DirVerdict {
  if (dir === lastDir) return lastVerdict;
  lastDir = dir;
  lastVerdict = dir === '' ? NEITHER : verdictOf(dir.split('/'));
  return lastVerdict;
}

/** The outermost volatile directory decides, unless a directory another check owns is anywhere on the path. */
function verdictOf(segments: readonly string[]): DirVerdict {
  let at = -1;
  let dirRule: DirRule | undefined;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (OWNED_ELSEWHERE_DIRS.has(segment)) return OWNED;
    if (dirRule === undefined) {
      dirRule = DIR_RULE_BY_NAME.get(segment);
      at = i;
    }
  }
  if (dirRule === undefined) return NEITHER;
  const root = segments.slice(0, at + 1).join('/');
  return { owned: false, match: { kind: dirRule.kind, root, isDir: true, line: `**/${segments[at]!}` } };
}

/** Whether a context path is a volatile file or lies in a volatile directory. */
export function classifyVolatile(path: string): VolatileMatch | null {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  if (OWNED_ELSEWHERE_FILES.has(name)) return null;
  const verdict = dirVerdict(slash < 0 ? '' : path.slice(0, slash));
  if (verdict.owned) return null;
  // Shared by every path below the directory; callers only read it.
  if (verdict.match !== null) return verdict.match;
  const rule = FILE_RULES.find((r) => r.test.test(name));
  return rule === undefined ? null : { kind: rule.kind, root: path, isDir: false, line: rule.line };
}

/** The suggested ignore lines that keep out only volatile files, checked with Docker's matcher. */
function verifiedIgnoreLines(model: CheckModel, lines: readonly string[], own: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    try {
      const sim = model.simulateIgnore([line]);
      const onlyVolatile = sim.removed.every((e) => e.type === 'dir' || classifyVolatile(e.path) !== null);
      if (sim.files > 0 && onlyVolatile && isSafeAdvice(model, [line], own)) out.push(line);
    } catch {
      // A line Docker's matcher rejects is never suggested.
    }
  }
  return out;
}

function groupByInstruction(uses: readonly SourceUse[]): SourceUse[][] {
  const groups = new Map<string, SourceUse[]>();
  for (const use of uses) {
    if (use.source.kind === 'mount') continue;
    const key = `${use.source.stage}:${use.source.line}`;
    groups.set(key, [...(groups.get(key) ?? []), use]);
  }
  return [...groups.values()];
}

function* findings(model: CheckModel): Generator<FindingDraft> {
  for (const group of groupByInstruction(sourceUses(model))) {
    const roots = new Map<string, VolatileMatch>();
    let files = 0;
    let bytes = 0;
    // One use's matched paths are distinct: the set is for paths several uses of the line take.
    const seen = group.length > 1 ? new Set<string>() : null;
    for (const use of group) {
      for (const p of use.selected.matched) {
        if (seen !== null) {
          if (seen.has(p)) continue;
          seen.add(p);
        }
        const entry = model.entryByPath.get(p);
        if (entry === undefined || entry.type === 'dir') continue;
        const match = classifyVolatile(p);
        if (match === null) continue;
        files++;
        bytes += entry.size;
        if (!roots.has(match.root)) roots.set(match.root, match);
      }
    }
    if (files === 0) continue;
    const matches = [...roots.values()];
    const kinds = [...new Set(matches.map((m) => m.kind))].sort();
    // `.git` at the top is kept out with the plain name; nested ones need `**/`.
    const lines = [
      ...new Set(matches.map((m) => (m.isDir && !m.root.includes('/') && m.kind === 'vcs' ? m.root : m.line))),
    ].sort();
    const ignoreLines = verifiedIgnoreLines(
      model,
      lines,
      matches.map((m) => m.root),
    );
    const listed = matches.map((m) => (m.isDir ? m.root + '/' : m.root)).slice(0, MAX_LISTED_PATHS);
    const first = group[0]!.source;
    const instr = first.kind === 'add' ? 'ADD' : 'COPY';
    yield {
      path: dockerfilePath(model),
      line: first.line,
      message:
        `${instr} on line ${first.line} copies ${files} ${files === 1 ? 'file that changes' : 'files that change'} between builds (${listed.slice(0, 5).join(', ')}${listed.length > 5 ? ', …' : ''}): ` +
        `the layer and everything after it miss the cache whenever ${files === 1 ? 'it changes' : 'they change'}` +
        (ignoreLines.length > 0
          ? `; add to ${model.ignore?.displayPath ?? '.dockerignore'}: ${ignoreLines.join(', ')}`
          : ''),
      data: {
        files: listed,
        count: files,
        bytes,
        kinds,
        ignoreLines,
        // What this finding is about may leave the COPY: `buildctx fix` keeps it out even inside a copied directory.
        removablePaths: matches.map((m) => m.root),
        fingerprintKey: `${first.stage}:${group.map((u) => u.source.source).join(' ')}`,
      },
    };
  }
}

export default defineCheck({
  meta: {
    id: 'volatile-files-in-copy',
    title: 'Files that change on every build in a COPY',
    defaultSeverity: 'warning',
    description:
      'A COPY takes files that change without a source change (.git, __pycache__, logs, editor swap files, test output), so its layer misses the cache.',
  },
  run: findings,
});
