// Orchestration: options → Report. The one place that sequences I/O.
import { computeTarBytes, type InjectedFile } from './context/tar-size.js';
import { compareBytes } from './context/paths.js';
import { loadContext, type LoadedContext } from './context/load-context.js';
import type { WalkProgress } from './context/walk.js';
import type { FileSystem } from './fs/file-system.js';
import { nodeFileSystem } from './fs/node-fs.js';
import type { CheckModel } from './findings/check-model.js';
import { runChecks } from './findings/registry.js';
import type { ContextEntry, DirSize, FileSize, LimitResult, Report, Summary } from './types.js';
import { VERSION } from './version.js';

export interface AnalyzeOptions {
  /** The build context directory; default ".". */
  context?: string;
  /** `-f`: the Dockerfile, relative to `cwd` as docker build takes it. */
  dockerfile?: string;
  /** An ignore file to use instead of the one Docker would pick. */
  ignoreFile?: string;
  /** How many of the largest directories and files to report; default 10. */
  top?: number;
  /** Working directory for relative paths; default process.cwd(). */
  cwd?: string;
  /** Guard: content bytes sent may not exceed this. */
  maxSize?: number;
  /** Guard: non-directory entries sent may not exceed this. */
  maxFiles?: number;
  /** Check ids not to run. */
  disable?: readonly string[];
  /** File system to read; default the real one. */
  fs?: FileSystem;
  onProgress?: (progress: WalkProgress) => void;
}

export const DEFAULT_TOP = 10;

/** The Dockerfile that docker/cli injects when -f points outside the context (build/context.go AddDockerfileToBuildContext). */
const INJECTED_DOCKERFILE_NAME_BYTES = '.dockerfile.'.length + 20;

function injectedFiles(ctx: LoadedContext, dockerfileSize: number): InjectedFile[] {
  if (ctx.dockerfile.contextPath !== null || !ctx.dockerfile.exists) return [];
  const files: InjectedFile[] = [{ name: 'x'.repeat(INJECTED_DOCKERFILE_NAME_BYTES), size: dockerfileSize }];
  // The .dockerignore in the stream gets "\n.dockerfile.<random>\n" appended, or is created as
  // ".dockerignore\n.dockerfile.<random>\n" when the context has none.
  if (!ctx.classicEntries!.some((e) => e.path === '.dockerignore')) {
    files.push({ name: '.dockerignore', size: '.dockerignore'.length + 2 + INJECTED_DOCKERFILE_NAME_BYTES });
  }
  return files;
}

function classicTarBytes(ctx: LoadedContext, fs: FileSystem): number {
  const entries = ctx.classicEntries!;
  const dockerfileSize = ctx.dockerfile.exists ? (fs.lstat(ctx.dockerfile.path)?.size ?? 0) : 0;
  const injected = injectedFiles(ctx, dockerfileSize);
  if (injected.length === 0 || !entries.some((e) => e.path === '.dockerignore')) return computeTarBytes(entries, injected);
  const grown = entries.map((e) => (e.path === '.dockerignore' ? { ...e, size: e.size + 2 + INJECTED_DOCKERFILE_NAME_BYTES } : e));
  return computeTarBytes(grown, injected);
}

function byBytesThenPath<T extends { bytes: number; path: string }>(a: T, b: T): number {
  return b.bytes - a.bytes || compareBytes(a.path, b.path);
}

export function summarize(ctx: LoadedContext, tarBytes: number): Summary {
  let files = 0;
  let dirs = 0;
  let bytes = 0;
  let symlinks = 0;
  let specialFiles = 0;
  for (const e of ctx.entries) {
    if (e.type === 'dir') {
      dirs++;
      continue;
    }
    files++;
    bytes += e.size;
    if (e.type === 'symlink') symlinks++;
    else if (e.type === 'other') specialFiles++;
  }
  return { files, dirs, bytes, tarBytes, excludedFiles: ctx.excludedFiles, excludedBytes: ctx.excludedBytes, symlinks, specialFiles };
}

export function largestDirs(dirSizes: readonly DirSize[], top: number): DirSize[] {
  return [...dirSizes].sort(byBytesThenPath).slice(0, top);
}

export function largestFiles(entries: readonly ContextEntry[], top: number): FileSize[] {
  // Keeps only the best `top` while scanning: a context can hold millions of files.
  const best: FileSize[] = [];
  for (const e of entries) {
    if (e.type !== 'file' || top === 0) continue;
    const candidate = { path: e.path, bytes: e.size };
    if (best.length === top && byBytesThenPath(candidate, best[top - 1]!) >= 0) continue;
    let i = best.length === top ? top - 1 : best.length;
    while (i > 0 && byBytesThenPath(candidate, best[i - 1]!) < 0) {
      best[i] = best[i - 1]!;
      i--;
    }
    best[i] = candidate;
  }
  return best;
}

/** How many contributors a limit violation lists. */
export const LIMIT_CONTRIBUTORS = 5;

/** Top-level entries of the context with the bytes and entries sent from them. */
export function topLevelSizes(ctx: LoadedContext): DirSize[] {
  const out: DirSize[] = ctx.dirSizes.filter((d) => !d.path.includes('/'));
  for (const e of ctx.entries) {
    if (e.type !== 'dir' && !e.path.includes('/')) out.push({ path: e.path, bytes: e.size, files: 1 });
  }
  return out;
}

export function checkLimits(summary: Summary, topLevel: readonly DirSize[], maxSize: number | undefined, maxFiles: number | undefined): LimitResult[] {
  const limits: LimitResult[] = [];
  if (maxSize !== undefined) {
    limits.push({
      limit: 'max-size',
      max: maxSize,
      actual: summary.bytes,
      exceeded: summary.bytes > maxSize,
      contributors: [...topLevel].sort(byBytesThenPath).slice(0, LIMIT_CONTRIBUTORS),
    });
  }
  if (maxFiles !== undefined) {
    limits.push({
      limit: 'max-files',
      max: maxFiles,
      actual: summary.files,
      exceeded: summary.files > maxFiles,
      contributors: [...topLevel].sort((a, b) => b.files - a.files || compareBytes(a.path, b.path)).slice(0, LIMIT_CONTRIBUTORS),
    });
  }
  return limits;
}

/** The model checks run on. */
export function buildCheckModel(ctx: LoadedContext): CheckModel {
  const entryByPath = new Map<string, ContextEntry>();
  for (const e of ctx.entries) entryByPath.set(e.path, e);
  return {
    root: ctx.root,
    entries: ctx.entries,
    entryByPath,
    excluded: ctx.excluded,
    ignore: ctx.ignore,
    dockerfile: { path: ctx.dockerfile.contextPath ?? (ctx.dockerfile.exists ? ctx.dockerfile.path : null), exists: ctx.dockerfile.exists },
    unreadable: ctx.unreadable,
  };
}

/** Analyzes a build context the way `docker build` would see it and returns the report. */
export function analyze(options: AnalyzeOptions = {}): Report {
  const fs = options.fs ?? nodeFileSystem;
  const top = options.top ?? DEFAULT_TOP;
  const ctx = loadContext({
    fs,
    cwd: options.cwd ?? process.cwd(),
    ...(options.context !== undefined ? { context: options.context } : {}),
    ...(options.dockerfile !== undefined ? { dockerfile: options.dockerfile } : {}),
    ...(options.ignoreFile !== undefined ? { ignoreFile: options.ignoreFile } : {}),
    classic: true,
    measureExcluded: true,
    stat: true,
    readLinks: true,
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
  });
  const tarBytes = classicTarBytes(ctx, fs);
  const summary = summarize(ctx, tarBytes);
  return {
    schemaVersion: 1,
    tool: { name: 'buildctx', version: VERSION },
    context: ctx.root,
    dockerfile: ctx.dockerfile.exists ? ctx.dockerfile.path : null,
    ignoreFile: ctx.ignore?.displayPath ?? null,
    ignoreFileSource: ctx.ignore?.source ?? null,
    summary,
    largestDirs: largestDirs(ctx.dirSizes, top),
    largestFiles: largestFiles(ctx.entries, top),
    findings: runChecks(buildCheckModel(ctx), { disabled: new Set(options.disable ?? []) }),
    limits: options.maxSize === undefined && options.maxFiles === undefined ? [] : checkLimits(summary, topLevelSizes(ctx), options.maxSize, options.maxFiles),
  };
}
