// Resolves what `docker build [-f DOCKERFILE] CONTEXT` would use — the context directory, the
// Dockerfile, the ignore file (BuildKit's Dockerfile-specific one first) — and walks the context.
import * as path from 'node:path';
import { BuildctxError } from '../errors.js';
import { FsError, type FileSystem } from '../fs/file-system.js';
import type { ContextEntry, IgnoreFile, IgnoreFileSource } from '../types.js';
import { goClean } from './go-filepath.js';
import { parseIgnoreFile } from './ignore-file.js';
import { packageLevelMatchesWith, PatternMatcher, PatternSyntaxError, PatternUnsupportedError } from './matcher.js';
import { walkContext, type ViewSpec, type WalkProgress, type WalkResult } from './walk.js';

/** Ignore files larger than this are refused (Docker reads them whole; 64 MiB is far past any real one). */
export const MAX_IGNORE_FILE_BYTES = 64 * 1024 * 1024;
/** Symlink hops followed when resolving an ignore file inside its directory (Linux MAXSYMLINKS). */
const MAX_LINK_HOPS = 40;

export interface LoadOptions {
  fs: FileSystem;
  /** Working directory that relative paths are resolved against. */
  cwd: string;
  /** The CONTEXT argument; default ".". */
  context?: string;
  /** `-f`: relative to cwd, as docker build takes it. Default: CONTEXT/Dockerfile. */
  dockerfile?: string;
  /** Use this ignore file instead of Docker's choice. */
  ignoreFile?: string;
  /** Also compute the classic builder's tar stream (entries in tar order). */
  classic: boolean;
  measureExcluded: boolean;
  stat: boolean;
  readLinks: boolean;
  /** BuildKit FollowPaths-derived include patterns (context-relative), or null for the whole context. */
  includePatterns?: string[] | null;
  /** Already resolved by prepareContext (skips resolving again). */
  prepared?: PreparedContext;
  onProgress?: (progress: WalkProgress) => void;
  /** Return before the background counting ends (WalkOptions.deferCounts); call `settle` before reading the counts. */
  deferCounts?: boolean;
}

export interface DockerfileRef {
  /** Absolute path. */
  path: string;
  /** The file read for its text: `path` with symlinks followed (inside the context only); null when a link leads out. */
  readPath: string | null;
  /** Why the Dockerfile's text is not read (a link out of the context), or null. */
  refusal: string | null;
  /** Path relative to the context ("/"-separated), or null when it lies outside. */
  contextPath: string | null;
  exists: boolean;
  /** Given with -f (otherwise the default CONTEXT/Dockerfile). */
  explicit: boolean;
}

export interface LoadedContext extends Omit<WalkResult, 'views'> {
  root: string;
  dockerfile: DockerfileRef;
  ignore: IgnoreFile | null;
  matcher: PatternMatcher | null;
  /** What BuildKit sends (exclude patterns only), in walk order. */
  entries: ContextEntry[];
  /** With include patterns given: what BuildKit requests for the Dockerfile's sources. */
  referenced: ContextEntry[] | null;
  /** Why BuildKit would refuse the include patterns, when it would. */
  referencedError: string | null;
  /** The classic builder's tar entries in stream order, when asked. */
  classicEntries: ContextEntry[] | null;
  /** The classic builder's patterns, including its forced "!Dockerfile" / "!.dockerignore". */
  classicPatterns: string[] | null;
}

function statKind(fs: FileSystem, abs: string): 'dir' | 'other' | 'missing' {
  const st = fs.lstat(abs);
  if (st === null) return 'missing';
  if (st.type === 'dir') return 'dir';
  if (st.type === 'symlink') {
    try {
      const real = fs.realPath(abs);
      return fs.lstat(real)?.type === 'dir' ? 'dir' : 'other';
    } catch {
      return 'missing';
    }
  }
  return 'other';
}

export function resolveContextRoot(fs: FileSystem, cwd: string, context: string): string {
  const abs = path.resolve(cwd, context);
  const kind = statKind(fs, abs);
  if (kind === 'missing') throw new BuildctxError('context-missing', `context "${context}" does not exist`);
  if (kind === 'other') throw new BuildctxError('context-not-directory', `context "${context}" is not a directory`);
  // fsutil NewFS: filepath.EvalSymlinks(root) — a symlinked context directory is followed.
  return fs.realPath(abs);
}

/**
 * The Dockerfile docker build uses: `-f` relative to the working directory, else
 * CONTEXT/Dockerfile, falling back to a lowercase "dockerfile" (buildx handleLowercaseDockerfile).
 */
export function resolveDockerfile(fs: FileSystem, cwd: string, root: string, given: string | undefined): DockerfileRef {
  let abs: string;
  if (given !== undefined) {
    abs = path.resolve(cwd, given);
  } else {
    abs = path.join(root, 'Dockerfile');
    if (fs.lstat(abs) === null && fs.lstat(path.join(root, 'dockerfile')) !== null) abs = path.join(root, 'dockerfile');
  }
  const exists = fs.lstat(abs) !== null;
  const rel = path.relative(root, abs);
  const inside = isWithin(root, abs);
  let readPath: string | null = abs;
  let refusal: string | null = null;
  try {
    if (exists) readPath = followDockerfileLinks(fs, root, abs, inside, given ?? path.basename(abs));
  } catch (error) {
    // Only reading the text needs the target: listing the context (ls, why, pack) goes on.
    if (!(error instanceof BuildctxError)) throw error;
    readPath = null;
    refusal = error.message;
  }
  return {
    path: abs,
    readPath,
    refusal,
    contextPath: inside ? rel.split(path.sep).join('/') : null,
    exists,
    explicit: given !== undefined,
  };
}

function isWithin(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel !== '' && !rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel);
}

/**
 * The file a Dockerfile symlink leads to (Docker reads through it: the CLI evaluates symlinks
 * of the Dockerfile path). A link inside the context is followed only while it stays inside —
 * buildctx never follows a link out of the context; a Dockerfile the user names outside it is
 * the user's own choice and is followed.
 */
function followDockerfileLinks(fs: FileSystem, root: string, abs: string, inside: boolean, display: string): string {
  let current = abs;
  for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
    if (fs.lstat(current)?.type !== 'symlink') return current;
    const target = fs.readLink(current);
    if (target === null) return current;
    const next = path.resolve(path.dirname(current), target);
    if (inside) {
      let parent: string;
      try {
        parent = fs.realPath(path.dirname(next));
      } catch {
        parent = path.dirname(next);
      }
      if (!isWithin(root, path.join(parent, path.basename(next)))) {
        throw new BuildctxError(
          'dockerfile-invalid',
          `Dockerfile ${display} is a symbolic link that leads out of the context (${target}); buildctx never follows a link out of the context: pass the file it points to with -f`,
        );
      }
    }
    current = next;
  }
  throw new BuildctxError('dockerfile-invalid', `Dockerfile ${display}: too many levels of symbolic links`);
}

/**
 * Reads `name` inside `dir`, following symlinks only within `dir` (as fsutil's FollowPaths
 * resolution does: an absolute target is taken relative to the directory's root). Returns null
 * when the file does not exist.
 */
function readWithin(fs: FileSystem, dir: string, name: string, display: string): Uint8Array | null {
  let rel = goClean(name);
  for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
    const abs = path.join(dir, rel);
    const st = fs.lstat(abs);
    if (st === null) return null;
    if (st.type === 'symlink') {
      const target = fs.readLink(abs);
      if (target === null) return null;
      const base = target.startsWith('/') ? target : path.posix.join(path.posix.dirname('/' + rel), target);
      rel = goClean('/' + base).slice(1) || '.';
      continue;
    }
    if (st.type !== 'file') throw new BuildctxError('ignore-file-unreadable', `${display} is not a regular file`);
    try {
      return fs.readFile(abs, MAX_IGNORE_FILE_BYTES);
    } catch (error) {
      const reason = error instanceof FsError ? error.code.toLowerCase() : String(error);
      throw new BuildctxError('ignore-file-unreadable', `cannot read ${display}: ${reason}`);
    }
  }
  throw new BuildctxError('ignore-file-unreadable', `${display}: too many levels of symbolic links`);
}

interface IgnoreChoice {
  file: IgnoreFile;
  data: Uint8Array;
}

/**
 * BuildKit's choice (frontend/dockerui/config.go): `<Dockerfile>.dockerignore` next to the
 * Dockerfile replaces the root `.dockerignore`; the two are never merged (spec §7).
 */
function chooseIgnoreFile(
  fs: FileSystem,
  cwd: string,
  root: string,
  dockerfile: DockerfileRef,
  given: string | undefined,
  rootOnly: boolean,
): IgnoreChoice | null {
  const displayOf = (abs: string): string => {
    const rel = path.relative(root, abs);
    return rel.startsWith('..') || path.isAbsolute(rel) ? path.relative(cwd, abs) || abs : rel;
  };
  if (given !== undefined) {
    const abs = path.resolve(cwd, given);
    const data = readWithin(fs, path.dirname(abs), path.basename(abs), given);
    if (data === null) throw new BuildctxError('ignore-file-unreadable', `ignore file "${given}" does not exist`);
    return { file: { path: abs, displayPath: displayOf(abs), source: 'option', patterns: [] }, data };
  }
  const specific = dockerfile.path + '.dockerignore';
  const specificData = rootOnly
    ? null
    : readWithin(fs, path.dirname(dockerfile.path), path.basename(specific), displayOf(specific));
  if (specificData !== null) {
    return {
      file: { path: specific, displayPath: displayOf(specific), source: 'dockerfile-specific', patterns: [] },
      data: specificData,
    };
  }
  const rootIgnore = path.join(root, '.dockerignore');
  const rootData = readWithin(fs, root, '.dockerignore', '.dockerignore');
  if (rootData === null) return null;
  return {
    file: { path: rootIgnore, displayPath: '.dockerignore', source: 'root' as IgnoreFileSource, patterns: [] },
    data: rootData,
  };
}

export function compileIgnoreFile(file: IgnoreFile): PatternMatcher {
  try {
    return PatternMatcher.create(file.patterns.map((p) => p.pattern));
  } catch (error) {
    throw toIgnoreError(error, file);
  }
}

export function toIgnoreError(error: unknown, file: IgnoreFile | null): unknown {
  if (error instanceof PatternUnsupportedError) {
    const p = file?.patterns[error.index];
    const where =
      p !== undefined && file !== null ? `${file.displayPath}:${p.line}` : (file?.displayPath ?? 'ignore file');
    return new BuildctxError(
      'unsupported',
      `${where}: buildctx cannot evaluate pattern ${JSON.stringify(error.pattern)} exactly as Docker would (${error.message})`,
    );
  }
  if (!(error instanceof PatternSyntaxError) || file === null) return error;
  const p = file.patterns[error.index];
  const where = p !== undefined ? `${file.displayPath}:${p.line}` : file.displayPath;
  const text = p !== undefined ? p.text.trim() : error.pattern;
  return new BuildctxError(
    'ignore-file-invalid',
    `${where}: invalid pattern ${JSON.stringify(text)}: ${error.message} (docker build refuses this ignore file)`,
  );
}

export type PrepareOptions = Pick<LoadOptions, 'fs' | 'cwd' | 'context' | 'dockerfile' | 'ignoreFile'> & {
  /**
   * Only the context's own `.dockerignore` applies: a named context (BuildKit dockerui
   * namedcontext.go reads `.dockerignore` at its root) or an inline Dockerfile (no file beside it).
   */
  rootIgnoreOnly?: boolean;
};

/** The options that locate a build (context, -f, --ignore-file) from a wider options object. */
export function prepareOptionsOf(
  fs: FileSystem,
  options: { cwd?: string; context?: string; dockerfile?: string; ignoreFile?: string },
): PrepareOptions {
  return {
    fs,
    cwd: options.cwd ?? process.cwd(),
    ...(options.context !== undefined ? { context: options.context } : {}),
    ...(options.dockerfile !== undefined ? { dockerfile: options.dockerfile } : {}),
    ...(options.ignoreFile !== undefined ? { ignoreFile: options.ignoreFile } : {}),
  };
}

export interface PreparedContext {
  root: string;
  dockerfile: DockerfileRef;
  ignore: IgnoreFile | null;
  /** The compiled ignore file, or null when there is none or it has no patterns. */
  matcher: PatternMatcher | null;
}

/** Resolves the context, the Dockerfile and the ignore file, without walking. */
export function prepareContext(options: PrepareOptions): PreparedContext {
  const { fs, cwd } = options;
  const root = resolveContextRoot(fs, cwd, options.context ?? '.');
  const dockerfile = resolveDockerfile(fs, cwd, root, options.dockerfile);
  if (dockerfile.explicit && !dockerfile.exists) {
    throw new BuildctxError('dockerfile-missing', `Dockerfile "${options.dockerfile}" does not exist`);
  }
  const choice = chooseIgnoreFile(fs, cwd, root, dockerfile, options.ignoreFile, options.rootIgnoreOnly === true);
  let ignore: IgnoreFile | null = null;
  let matcher: PatternMatcher | null = null;
  if (choice !== null) {
    ignore = { ...choice.file, patterns: parseIgnoreFile(choice.data, choice.file.displayPath) };
    matcher = compileIgnoreFile(ignore);
    if (matcher.size === 0) matcher = null;
  }
  return { root, dockerfile, ignore, matcher };
}

/** The views one walk evaluates for a build (walk.ts), and where each lands in the result. */
export interface PlannedViews {
  views: ViewSpec[];
  /** The classic builder's patterns, including its forced "!Dockerfile" / "!.dockerignore". */
  classicPatterns: string[] | null;
  classicView: number;
  referencedView: number;
  referencedError: string | null;
}

/** The views `loadContext` walks: BuildKit's, the classic builder's, and the Dockerfile's sources. */
export function planViews(
  options: Pick<LoadOptions, 'fs' | 'classic' | 'includePatterns' | 'ignoreFile'>,
  prepared: PreparedContext,
): PlannedViews {
  const { fs } = options;
  const { root, dockerfile, ignore, matcher } = prepared;
  const views: ViewSpec[] = [{ kind: 'buildkit', exclude: matcher }];
  let classicPatterns: string[] | null = null;
  let classicView = -1;
  if (options.classic) {
    const classic = classicExcludes(fs, root, dockerfile, ignore, options.ignoreFile !== undefined, matcher);
    classicPatterns = classic.patterns;
    const classicMatcher = classic.matcher ?? compileClassic(classicPatterns, ignore);
    classicView = views.push({ kind: 'classic', exclude: classicMatcher }) - 1;
  }
  let referencedView = -1;
  let referencedError: string | null = null;
  if (options.includePatterns != null) {
    try {
      const include = PatternMatcher.create(options.includePatterns);
      include.precompile();
      referencedView = views.push({ kind: 'buildkit', exclude: matcher, include }) - 1;
    } catch (error) {
      // BuildKit fails the build with "invalid includepatterns" (fsutil NewFilterFS).
      if (!(error instanceof PatternSyntaxError) && !(error instanceof PatternUnsupportedError)) throw error;
      referencedError = `invalid includepatterns: ${error.message} (${JSON.stringify(error.pattern)})`;
    }
  }
  return { views, classicPatterns, classicView, referencedView, referencedError };
}

/** Loads and walks a build context the way docker build would. */
export function loadContext(options: LoadOptions): LoadedContext {
  const { fs } = options;
  const prepared = options.prepared ?? prepareContext(options);
  const { root, dockerfile, ignore, matcher } = prepared;
  const { views, classicPatterns, classicView, referencedView, referencedError } = planViews(options, prepared);

  let result;
  try {
    result = walkContext({
      fs,
      root,
      views,
      measureExcluded: options.measureExcluded,
      stat: options.stat,
      readLinks: options.readLinks,
      ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
      ...(options.deferCounts === true ? { deferCounts: true } : {}),
    });
  } catch (error) {
    if (error instanceof FsError)
      throw new BuildctxError(
        'context-unreadable',
        `cannot read context "${options.context ?? '.'}": ${error.code.toLowerCase()}`,
      );
    throw toIgnoreError(error, ignore);
  }

  const loaded: LoadedContext = {
    root,
    dockerfile,
    ignore,
    matcher,
    entries: result.views[0]!,
    referenced: referencedView >= 0 ? result.views[referencedView]! : null,
    referencedError,
    classicEntries: classicView >= 0 ? result.views[classicView]! : null,
    classicPatterns,
    ...walkTotals(result),
  };
  const settleWalk = result.settle;
  if (settleWalk !== undefined) {
    // The walk's totals were copied above; its late counts are copied again once they are in.
    loaded.settle = () => {
      settleWalk();
      delete loaded.settle;
      loaded.excludedFiles = result.excludedFiles;
      loaded.excludedBytes = result.excludedBytes;
      loaded.visited = result.visited;
    };
  }
  return loaded;
}

function walkTotals({ views: _views, settle: _settle, ...rest }: WalkResult): Omit<WalkResult, 'views' | 'settle'> {
  return rest;
}

function compileClassic(patterns: string[], ignore: IgnoreFile | null): PatternMatcher | null {
  if (patterns.length === 0) return null;
  try {
    return PatternMatcher.create(patterns);
  } catch (error) {
    throw toIgnoreError(error, ignore);
  }
}

/** docker/cli TrimBuildFilesFromExcludes: `if keep, _ := Matches(...); keep` — an error forces nothing. */
function forcedBack(file: string, matcher: () => PatternMatcher): boolean {
  try {
    return packageLevelMatchesWith(file, matcher());
  } catch {
    return false;
  }
}

/**
 * The classic builder's patterns: docker/cli reads only CONTEXT/.dockerignore (no
 * Dockerfile-specific file) and TrimBuildFilesFromExcludes appends "!.dockerignore" and
 * "!<Dockerfile>" when the deprecated single-parent Matches says they are excluded (spec §6.1).
 */
function classicExcludes(
  fs: FileSystem,
  root: string,
  dockerfile: DockerfileRef,
  ignore: IgnoreFile | null,
  optionGiven: boolean,
  prepared: PatternMatcher | null,
): { patterns: string[]; matcher: PatternMatcher | null } {
  let patterns: string[];
  // New(patterns), made once and extended: a long ignore file is validated and compiled once.
  let matcher: PatternMatcher | null = null;
  if (optionGiven || ignore?.source === 'root') {
    patterns = ignore?.patterns.map((p) => p.pattern) ?? [];
    matcher = prepared;
  } else {
    const data = readWithin(fs, root, '.dockerignore', '.dockerignore');
    patterns = data === null ? [] : parseIgnoreFile(data).map((p) => p.pattern);
  }
  const out = [...patterns];
  const current = (): PatternMatcher => (matcher ??= PatternMatcher.create(out));
  const keep = (line: string): void => {
    out.push(line);
    try {
      matcher = matcher?.extend([line]) ?? null;
    } catch {
      matcher = null; // compileClassic reports the error
    }
  };
  if (forcedBack('.dockerignore', current)) keep('!.dockerignore');
  const relDockerfile = dockerfile.contextPath ?? path.relative(root, dockerfile.path).split(path.sep).join('/');
  if (forcedBack(relDockerfile, current)) keep('!' + relDockerfile);
  return { patterns: out, matcher: out.length === 0 ? null : matcher };
}
