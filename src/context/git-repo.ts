// The git repository a context belongs to, found as git finds it: the nearest `.git` at the
// context root or above it. `.git` is a directory, or a file holding `gitdir: <path>` (a linked
// worktree, a submodule); a linked worktree's `commondir` names the repository's shared directory,
// where `info/exclude` lives (gitrepository-layout(5)). What git ignores in the context then
// depends on that repository: its index (a tracked file is never ignored), its `info/exclude`,
// and the `.gitignore` files of the directories between the work tree's top and the context.
// Only regular files are read, each bounded; nothing is run and no symlink is followed.
import * as path from 'node:path';
import type { FileSystem } from '../fs/file-system.js';
import { isTracked, MAX_GIT_INDEX_BYTES, parseGitIndex, type GitIndex } from './git-index.js';
import type { GitIgnoreSource } from './gitignore.js';

/** A `.git` file or `commondir` file larger than this is not one git wrote. */
const MAX_POINTER_BYTES = 4096;
/** Rule files (`.gitignore`, `info/exclude`) larger than this are not read. */
export const MAX_RULE_FILE_BYTES = 256 * 1024;
/** Directories climbed from the context looking for `.git` (deeper trees stop looking). */
export const MAX_GIT_LOOKUP_DEPTH = 64;

export interface GitRepo {
  /** The context's path inside the work tree, POSIX ('' when the context is the work tree's top). */
  prefix: string;
  /** How the repository was found: a `.git` directory, or a `.git` file's `gitdir:` (worktree, submodule). */
  kind: 'dir' | 'gitfile';
  /** What git tracks, relative to the context; null when there is no index yet (nothing is tracked). */
  index: GitIndex | null;
  /**
   * False when what git tracks cannot be known: a `.git` file that points to no directory (a
   * worktree or submodule copied away from its repository), or an index this reader does not
   * understand or that is too large.
   */
  known: boolean;
  /**
   * Rule files outside the context's own tree, in git's order: `info/exclude`, then the
   * `.gitignore` of each directory from the top down to the context's parent. `path` is for
   * display (relative to the context: `../../.gitignore`), `base` is relative to the work tree's top.
   */
  outer: GitIgnoreSource[];
}

const textDecoder = new TextDecoder('utf-8');

function readSmall(fs: FileSystem, abs: string, max: number): string | null {
  const file = fs.openRegularFile(abs, max);
  if (!file.ok) return null;
  try {
    if (file.size > max) return null;
    const bytes = file.readAt(0, file.size);
    return bytes === null ? null : textDecoder.decode(bytes);
  } finally {
    file.close();
  }
}

/** git's read_gitfile: one line `gitdir: <path>`, relative to the file's directory when not absolute. */
function readGitFile(fs: FileSystem, file: string): string | null {
  const text = readSmall(fs, file, MAX_POINTER_BYTES);
  const match = text === null ? null : /^gitdir: *(.+?)\r?\n?$/.exec(text.split('\n')[0] ?? '');
  if (match === null || match[1] === undefined) return null;
  return path.resolve(path.dirname(file), match[1]);
}

/** The index: null when there is none yet, 'unknown' when it cannot be read or understood. */
function readIndex(fs: FileSystem, gitDir: string): GitIndex | null | 'unknown' {
  const abs = path.join(gitDir, 'index');
  if (fs.lstat(abs) === null) return null;
  const file = fs.openRegularFile(abs, MAX_GIT_INDEX_BYTES);
  if (!file.ok) return 'unknown';
  try {
    if (file.size > MAX_GIT_INDEX_BYTES) return 'unknown';
    const bytes = file.readAt(0, file.size);
    return (bytes === null ? null : parseGitIndex(bytes)) ?? 'unknown';
  } finally {
    file.close();
  }
}

/** The index seen from a directory of the work tree: its files below `prefix`, relative to it. */
export function indexBelow(index: GitIndex, prefix: string): GitIndex {
  if (prefix === '') return index;
  const cut = prefix + '/';
  const files = new Set<string>();
  for (const f of index.files) if (f.startsWith(cut)) files.add(f.slice(cut.length));
  const sparseDirs = new Set<string>();
  for (const d of index.sparseDirs) if (d.startsWith(cut)) sparseDirs.add(d.slice(cut.length));
  // A sparse directory entry at or above the context tracks everything in it.
  if (isTracked(index, cut + '.')) sparseDirs.add('');
  return { version: index.version, files, sparseDirs };
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * The repository the context at `root` (absolute) belongs to, or null when there is none (or its
 * `.git` is neither a directory nor a `gitdir:` file — a symlinked `.git` is not followed).
 */
export function findGitRepo(fs: FileSystem, root: string): GitRepo | null {
  let dir = path.resolve(root);
  const up: string[] = [];
  for (let depth = 0; depth <= MAX_GIT_LOOKUP_DEPTH; depth++) {
    const dotGit = path.join(dir, '.git');
    const st = fs.lstat(dotGit);
    if (st !== null && (st.type === 'dir' || st.type === 'file')) {
      const kind = st.type === 'dir' ? 'dir' : 'gitfile';
      const prefix = up.join('/');
      const gitDir = st.type === 'dir' ? dotGit : readGitFile(fs, dotGit);
      if (gitDir === null || fs.lstat(gitDir)?.type !== 'dir')
        return { prefix, kind, index: null, known: false, outer: [] };
      const common = readSmall(fs, path.join(gitDir, 'commondir'), MAX_POINTER_BYTES);
      const commonDir = common === null ? gitDir : path.resolve(gitDir, common.trim());
      const full = readIndex(fs, gitDir);
      return {
        prefix,
        kind,
        index: full === null || full === 'unknown' ? null : indexBelow(full, prefix),
        known: full !== 'unknown',
        outer: outerSources(fs, root, dir, up, commonDir),
      };
    }
    if (st !== null) return null;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    up.unshift(path.basename(dir));
    dir = parent;
  }
  return null;
}

function outerSources(
  fs: FileSystem,
  root: string,
  top: string,
  up: readonly string[],
  commonDir: string,
): GitIgnoreSource[] {
  const out: GitIgnoreSource[] = [];
  const display = (abs: string): string => toPosix(path.relative(root, abs)) || '.';
  const excludePath = path.join(commonDir, 'info', 'exclude');
  const exclude = readSmall(fs, excludePath, MAX_RULE_FILE_BYTES);
  if (exclude !== null) out.push({ path: display(excludePath), base: '', text: exclude, exclude: true });
  // The .gitignore files above the context: the top's, then each directory down to the context's parent.
  for (let i = 0; i < up.length; i++) {
    const abs = path.join(top, ...up.slice(0, i), '.gitignore');
    const text = readSmall(fs, abs, MAX_RULE_FILE_BYTES);
    if (text !== null) out.push({ path: display(abs), base: up.slice(0, i).join('/'), text });
  }
  return out;
}
