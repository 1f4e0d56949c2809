// Orchestration: options → Report. The one place that sequences I/O.
import { computeTarBytes, type InjectedFile } from '../context/tar-size.js';
import { computeTransferBytes } from '../context/transfer-size.js';
import { takenPaths } from '../facts/dockerfile-facts.js';
import { compareBytes, pathIndexOf } from '../paths.js';
import {
  loadContext,
  planViews,
  prepareContext,
  prepareOptionsOf,
  type DockerfileRef,
  type LoadedContext,
  type PrepareOptions,
  type PreparedContext,
} from '../context/load-context.js';
import { simulateContext } from '../context/simulate-context.js';
import type { WalkProgress } from '../context/walk.js';
import type { ComposeMount } from '../compose/mounts.js';
import type { FileSystem } from '../fs/file-system.js';
import { nodeFileSystem } from '../fs/node-fs.js';
import type { CheckModel } from '../facts/check-model.js';
import type { Check } from '../facts/define-check.js';
import { checks, findCheck, runChecks, SEVERITY_RANK, type RunChecksOptions } from './registry.js';
import { fingerprintOf } from './fingerprint.js';
import { namedContextKind } from '../compose/context-kind.js';
import { namedContextView, readsNamedContext } from '../dockerfile/named-context.js';
import { planFix, type FixPlan } from '../facts/plan-fix.js';
import { protectedPathsOf } from '../facts/advice-guard.js';
import { gatherEvidence, type EarlierEvidence, type Evidence } from '../facts/gather-evidence.js';
import { summarizeBinaries } from '../facts/classify-binaries.js';
import type { TargetInfo } from '../dockerfile/target.js';
import { createIgnoreSimulator } from '../context/simulate-ignore.js';
import { resolveTarget, type FinalStage } from '../dockerfile/target.js';
import { parseDockerfile } from '../dockerfile/parse-dockerfile.js';
import { followPaths } from '../dockerfile/context-refs.js';
import type { DockerfileModel } from '../dockerfile/model.js';
import { BuildctxError } from '../errors.js';
import { FsError } from '../fs/file-system.js';
import { formatPlatform } from '../sniff/platform.js';
import * as path from 'node:path';
import { contentKindOf, type ContentKind } from '../sniff/content-kind.js';
import type {
  ContentKindTotal,
  ContextEntry,
  DirSize,
  FileSize,
  LimitResult,
  Report,
  Summary,
  Finding,
  NamedContextReport,
  Severity,
  SuppressionDirective,
} from '../types.js';
import { applySuppressions } from './suppress.js';
import { parseDockerfileSuppressions, parseIgnoreFileSuppressions } from '../facts/suppressions.js';
import { MAX_IGNORE_FILE_BYTES } from '../context/load-context.js';
import { VERSION } from '../version.js';
import { buildContextTree } from './context-tree.js';
import { computePathSizes } from './path-sizes.js';

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
  /** Severity per check id, replacing the check's own (the configuration file's `checks`). */
  severity?: Readonly<Record<string, Severity>>;
  /** Findings about paths these patterns match (.gitignore syntax, context-relative) are suppressed. */
  ignorePaths?: readonly string[];
  /** Where `ignorePaths` are written (a configuration file), recorded in each suppression. */
  ignorePathsFile?: string;
  /**
   * Target platform (`os/arch[/variant]`), overriding the Dockerfile; default linux/amd64. Several,
   * comma-separated as `docker buildx build --platform` takes them, make a multi-platform build: the
   * first is the report's target and binaries are checked against every one.
   */
  platform?: string;
  /** Target libc (`glibc` | `musl`), overriding what the base image name says. */
  libc?: string;
  /** Identify every file, not only the ones that can matter. */
  deep?: boolean;
  /** Do not identify binaries at all (faster; binary checks then see nothing). */
  sniff?: boolean;
  /** `--target`: the stage to build (default: the last one). */
  target?: string;
  /** `--build-arg` values. */
  buildArgs?: Record<string, string>;
  /**
   * An inline Dockerfile (Compose `dockerfile_inline`) used instead of a file: its text, and the
   * name findings on it carry (`compose.yaml:web dockerfile_inline`).
   */
  dockerfileInline?: { text: string; name: string };
  /**
   * Named build contexts (`--build-context NAME=SOURCE`, Compose `additional_contexts`, bake
   * `contexts`): a local directory (relative to `cwd`) is walked with its own `.dockerignore` and
   * the sources `COPY --from=NAME` takes are checked against it; an image or URL is only listed.
   */
  buildContexts?: Readonly<Record<string, string>>;
  /** The Compose service's mounts, for checks about what the running container sees. */
  mounts?: readonly ComposeMount[];
  /** Add `report.tree`, the context as an aggregated tree (for the HTML treemap). */
  tree?: boolean;
  /** Add `report.pathSizes` (for a later `--baseline`): `rolled` keeps it small, `all` lists every path. */
  pathSizes?: 'rolled' | 'all';
  /** File system to read; default the real one. */
  fs?: FileSystem;
  onProgress?: (progress: WalkProgress) => void;
}

export const DEFAULT_TOP = 10;
/** Dockerfiles larger than this are not parsed (BuildKit's own limit for the definition is far lower in practice). */
export const MAX_DOCKERFILE_BYTES = 4 * 1024 * 1024;

/** Reads and parses the Dockerfile docker build would use; null when there is none. */
export function readDockerfile(
  fs: FileSystem,
  ref: Pick<DockerfileRef, 'readPath' | 'exists' | 'refusal'>,
  options: Pick<AnalyzeOptions, 'buildArgs' | 'target' | 'platform'>,
  onText?: (text: string) => void,
): DockerfileModel | null {
  if (!ref.exists) return null;
  if (ref.readPath === null)
    throw new BuildctxError('dockerfile-invalid', ref.refusal ?? 'the Dockerfile cannot be read');
  const file = ref.readPath;
  let data: Uint8Array | null;
  try {
    data = fs.readFile(file, MAX_DOCKERFILE_BYTES);
  } catch (error) {
    const reason = error instanceof FsError ? error.message : String(error);
    throw new BuildctxError('dockerfile-invalid', `cannot read Dockerfile ${file}: ${reason}`);
  }
  if (data === null) return null;
  const text = new TextDecoder('utf-8').decode(data);
  onText?.(text);
  return parseDockerfileText(text, file, options);
}

/** Parses a Dockerfile's text with the build's args, target and platform; `name` is for the error. */
export function parseDockerfileText(
  text: string,
  name: string,
  options: Pick<AnalyzeOptions, 'buildArgs' | 'target' | 'platform'>,
): DockerfileModel {
  // TARGETPLATFORM and friends take the first platform of a multi-platform build.
  const platform = splitPlatforms(options.platform)[0];
  const model = parseDockerfile(text, {
    ...(options.buildArgs !== undefined ? { buildArgs: options.buildArgs } : {}),
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(platform !== undefined ? { platform } : {}),
  });
  if (options.target !== undefined && model.target === null) {
    throw new BuildctxError('usage', `--target "${options.target}": no such stage in ${name}`);
  }
  return model;
}

/** `--platform linux/amd64,linux/arm64`: each platform once, in order; [] when none is given. */
export function splitPlatforms(text: string | undefined): string[] {
  if (text === undefined) return [];
  const list = [
    ...new Set(
      text
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    ),
  ];
  if (list.length === 0) throw new BuildctxError('usage', `--platform "${text}": no platform given`);
  return list;
}

/** The final stage's platform and base image, following `FROM <stage>` back to an image. */
export function finalStageOf(model: DockerfileModel): FinalStage | null {
  if (model.target === null) return null;
  const final = model.stages[model.target];
  if (final === undefined) return null;
  let stage = final;
  const seen = new Set<number>();
  while (stage.baseStage !== null && !seen.has(stage.index)) {
    seen.add(stage.index);
    const next = model.stages[stage.baseStage];
    if (next === undefined) break;
    stage = next;
  }
  return { platform: final.platform?.value ?? null, image: stage.isScratch ? 'scratch' : stage.base.value };
}

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

function classicTarBytes(ctx: LoadedContext, fs: FileSystem, inlineBytes: number | null): number {
  const entries = ctx.classicEntries!;
  const dockerfileSize = inlineBytes ?? (ctx.dockerfile.exists ? (fs.lstat(ctx.dockerfile.path)?.size ?? 0) : 0);
  const injected = injectedFiles(ctx, dockerfileSize);
  if (injected.length === 0 || !entries.some((e) => e.path === '.dockerignore'))
    return computeTarBytes(entries, injected);
  const grown = entries.map((e) =>
    e.path === '.dockerignore' ? { ...e, size: e.size + 2 + INJECTED_DOCKERFILE_NAME_BYTES } : e,
  );
  return computeTarBytes(grown, injected);
}

function byBytesThenPath<T extends { bytes: number; path: string }>(a: T, b: T): number {
  return b.bytes - a.bytes || compareBytes(a.path, b.path);
}

/** The summary fields that describe the walk itself. */
export type WalkSummary = Omit<
  Summary,
  'referencedFiles' | 'referencedBytes' | 'transferBytes' | 'uncopiedFiles' | 'uncopiedBytes' | 'suppressedFindings'
>;

export function summarize(
  ctx: LoadedContext,
  tarBytes: number,
  sniffedFiles: number,
  harmlessForeign = 0,
): WalkSummary {
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
  return {
    files,
    dirs,
    bytes,
    tarBytes,
    excludedFiles: ctx.excludedFiles,
    excludedBytes: ctx.excludedBytes,
    symlinks,
    specialFiles,
    sniffedFiles,
    harmlessForeign,
  };
}

/**
 * The directories with the most bytes sent. A directory whose whole content sits in one
 * subdirectory (`.venv/lib` → `.venv/lib/python3.12`) says nothing its child does not, so only
 * the deepest directory of such a chain is listed.
 */
export function largestDirs(dirSizes: readonly DirSize[], top: number): DirSize[] {
  const byPath = new Map(dirSizes.map((d) => [d.path, d]));
  const passThrough = new Set<string>();
  for (const d of dirSizes) {
    const slash = d.path.lastIndexOf('/');
    if (slash === -1) continue;
    const parent = byPath.get(d.path.slice(0, slash));
    if (parent !== undefined && parent.bytes === d.bytes && parent.files === d.files) passThrough.add(parent.path);
  }
  return dirSizes
    .filter((d) => !passThrough.has(d.path))
    .sort(byBytesThenPath)
    .slice(0, top);
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

function countFiles(entries: Iterable<ContextEntry>): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of entries) {
    if (e.type === 'dir') continue;
    files++;
    bytes += e.size;
  }
  return { files, bytes };
}

/**
 * What BuildKit requests and transfers for the target, and what is sent but never used.
 * `includePatterns` is followPaths(): null for the whole context, [] when nothing reads it.
 */
export function referenceSummary(
  model: CheckModel,
  includePatterns: readonly string[] | null,
): Pick<Summary, 'referencedFiles' | 'referencedBytes' | 'transferBytes' | 'uncopiedFiles' | 'uncopiedBytes'> {
  const readsContext = includePatterns === null || includePatterns.length > 0;
  const requested = !readsContext ? [] : (model.referenced ?? model.entries);
  const referenced = countFiles(requested);
  // Without a load of the context (no source reads it) BuildKit transfers nothing at all.
  const transferBytes = readsContext ? computeTransferBytes(requested) : 0;
  if (model.dockerfileModel === null) {
    return {
      referencedFiles: referenced.files,
      referencedBytes: referenced.bytes,
      transferBytes,
      uncopiedFiles: null,
      uncopiedBytes: null,
    };
  }
  const used = takenPaths(model, true);
  const uncopied = countFiles(model.entries.filter((e) => !used.has(e.path)));
  return {
    referencedFiles: referenced.files,
    referencedBytes: referenced.bytes,
    transferBytes,
    uncopiedFiles: uncopied.files,
    uncopiedBytes: uncopied.bytes,
  };
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

export function checkLimits(
  summary: Pick<Summary, 'files' | 'bytes'>,
  topLevel: readonly DirSize[],
  maxSize: number | undefined,
  maxFiles: number | undefined,
): LimitResult[] {
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
      contributors: [...topLevel]
        .sort((a, b) => b.files - a.files || compareBytes(a.path, b.path))
        .slice(0, LIMIT_CONTRIBUTORS),
    });
  }
  return limits;
}

/** The model checks run on. */
export function buildCheckModel(
  ctx: LoadedContext,
  target: TargetInfo,
  evidence: Evidence,
  deep: boolean,
  dockerfile: DockerfileModel | null,
): CheckModel {
  // The path index is a map of every sent entry. With a Dockerfile the checks always look paths
  // up, and it is made here, with the walk's other long-lived data (made during the checks, it
  // tipped V8 into doubling the young generation more often: mono-wild peaked above 100 MiB in
  // 11 of 16 runs against 6 of 16); without one it is made on the first lookup, which a context
  // without environments never makes.
  let entryByPath = dockerfile !== null ? pathIndexOf(ctx.entries) : undefined;
  const ignorePatterns = ctx.ignore?.patterns ?? [];
  return {
    dockerfileModel: dockerfile,
    referenced: ctx.referenced,
    target,
    sniffed: evidence.sniffed,
    texts: evidence.texts,
    git: evidence.git,
    unreadableFiles: evidence.unreadableFiles,
    deep,
    simulateIgnore: createIgnoreSimulator(ctx.entries, ignorePatterns),
    root: ctx.root,
    entries: ctx.entries,
    get entryByPath(): ReadonlyMap<string, ContextEntry> {
      entryByPath ??= pathIndexOf(ctx.entries);
      return entryByPath;
    },
    excluded: ctx.excluded,
    ignore: ctx.ignore,
    dockerfile: {
      path: ctx.dockerfile.contextPath ?? (ctx.dockerfile.exists ? ctx.dockerfile.path : null),
      exists: ctx.dockerfile.exists,
    },
    unreadable: ctx.unreadable,
    suppressions: [],
  };
}

/**
 * The patterns `fix --write` appends for these findings: their `data.ignoreLines` planned as
 * `fix` plans them (nested-aware, nothing that removes nothing more, nothing the Dockerfile
 * names, existing exceptions restated), so every reporter shows exactly what fix writes.
 */
function suggestedIgnoreLines(planned: PlannedLines | null): string[] {
  return (planned?.plan.lines ?? []).flatMap((p) => [p.line, ...(p.restated?.lines ?? [])]);
}

/** A plan for the findings that suggest lines, and those findings. */
interface PlannedLines {
  findings: readonly Finding[];
  plan: FixPlan;
}

function planIgnoreLines(model: CheckModel, findings: readonly Finding[]): PlannedLines | null {
  const withLines = findings.filter((f) => Array.isArray(f.data.ignoreLines) && f.data.ignoreLines.length > 0);
  if (withLines.length === 0) return null;
  const plan = planFix({
    entries: model.entries,
    patterns: model.ignore?.patterns ?? [],
    findings: withLines,
    protected: protectedPathsOf(model),
  });
  return { findings: withLines, plan };
}

/** The `# buildctx-ignore` comments of the Dockerfile and the ignore file, with unknown check ids marked. */
function suppressionsOf(fs: FileSystem, model: CheckModel, dockerfileText: string | null): SuppressionDirective[] {
  const out: SuppressionDirective[] = [];
  if (
    dockerfileText?.includes('buildctx-ignore') === true &&
    model.dockerfileModel !== null &&
    model.dockerfile.path !== null
  )
    out.push(...parseDockerfileSuppressions(dockerfileText, model.dockerfileModel, model.dockerfile.path));
  if (model.ignore !== null) {
    let bytes: Uint8Array | null = null;
    try {
      bytes = fs.readFile(model.ignore.path, MAX_IGNORE_FILE_BYTES);
    } catch {
      // The walk read it a moment ago; if it is gone now there is nothing to suppress with.
    }
    const text = bytes === null ? '' : new TextDecoder('utf-8').decode(bytes);
    if (text.includes('buildctx-ignore')) out.push(...parseIgnoreFileSuppressions(text, model.ignore.displayPath));
  }
  return out.map((d) => {
    const unknown = d.checks.filter((id) => findCheck(id) === undefined);
    return unknown.length > 0 ? { ...d, unknown } : d;
  });
}

/** Files from this size on are classified by content kind. */
export const KIND_MIN_BYTES = 1_000_000;
/** At most this many of the largest files are classified. */
export const KIND_MAX_FILES = 2000;
/** The sample file-type reads (its reasonableDetectionSizeInBytes). */
const KIND_HEAD_BYTES = 4100;
/** Directories listed per content kind. */
const KIND_DIRS = 3;

/** What classifyLargeFiles found per file it examined (null: no kind). */
type ExaminedKinds = Map<string, ContentKind | null>;

async function classifyLargeFiles(
  fs: FileSystem,
  root: string,
  entries: readonly ContextEntry[],
  earlier: { examined: ExaminedKinds; changed: string | null } | null,
): Promise<ExaminedKinds> {
  const large = entries
    .filter((e) => e.type === 'file' && e.size >= KIND_MIN_BYTES)
    .sort((a, b) => b.size - a.size)
    .slice(0, KIND_MAX_FILES);
  const examined: ExaminedKinds = new Map();
  if (large.length === 0) return examined;
  let fileTypeFromBuffer: typeof import('file-type').fileTypeFromBuffer | undefined;
  for (const entry of large) {
    const known = earlier !== null && entry.path !== earlier.changed ? earlier.examined.get(entry.path) : undefined;
    if (known !== undefined) {
      examined.set(entry.path, known);
      continue;
    }
    const file = fs.openRegularFile(path.join(root, entry.path), KIND_HEAD_BYTES);
    if (!file.ok) continue;
    let head: Uint8Array | null;
    try {
      head = file.readAt(0, KIND_HEAD_BYTES);
    } finally {
      file.close();
    }
    if (head === null) continue;
    // Loaded only when there is something to classify: the module costs ~50 ms to load.
    fileTypeFromBuffer ??= (await import('file-type')).fileTypeFromBuffer;
    const detected = await fileTypeFromBuffer(head);
    examined.set(entry.path, contentKindOf(detected?.ext, head, entry.path));
  }
  return examined;
}

function kindsOf(examined: ExaminedKinds): Map<string, ContentKind> {
  const kinds = new Map<string, ContentKind>();
  for (const [p, k] of examined) if (k !== null) kinds.set(p, k);
  return kinds;
}

function contentKindTotals(
  entries: readonly ContextEntry[],
  kinds: ReadonlyMap<string, ContentKind>,
): ContentKindTotal[] {
  const totals = new Map<ContentKind, { files: number; bytes: number; dirs: Map<string, DirSize> }>();
  for (const e of entries) {
    const kind = kinds.get(e.path);
    if (kind === undefined) continue;
    let t = totals.get(kind);
    if (t === undefined) totals.set(kind, (t = { files: 0, bytes: 0, dirs: new Map() }));
    t.files++;
    t.bytes += e.size;
    const slash = e.path.indexOf('/');
    const dir = slash === -1 ? '.' : e.path.slice(0, slash);
    const d = t.dirs.get(dir) ?? { path: dir, bytes: 0, files: 0 };
    d.bytes += e.size;
    d.files++;
    t.dirs.set(dir, d);
  }
  return [...totals.entries()]
    .map(([kind, t]) => ({
      kind,
      files: t.files,
      bytes: t.bytes,
      dirs: [...t.dirs.values()].sort(byBytesThenPath).slice(0, KIND_DIRS),
    }))
    .sort((a, b) => b.bytes - a.bytes || (a.kind < b.kind ? -1 : 1));
}

/** A report and the model its checks ran on. */
export interface Analysis {
  report: Report;
  model: CheckModel;
}

/** Analyzes a build context the way `docker build` would see it and returns the report. */
export async function analyze(options: AnalyzeOptions = {}): Promise<Report> {
  return (await analyzeContext(options)).report;
}

/** What a command reads of a build besides the walk itself. */
export interface LoadMode {
  /**
   * The report's measurements: the classic builder's file list (`classicEntries`), the sizes of
   * excluded directories, and what the target's COPY/ADD sources request (`referenced`). Off for
   * a command that only needs what BuildKit sends.
   */
  measure: boolean;
  /** Read the files these checks ask for (identify binaries, small texts, the git index); null reads none. */
  evidence: { checks: readonly Check[]; deep: boolean; sniff: boolean } | null;
  /**
   * Let the excluded trees' counting (on worker threads, for large ones) go on while the evidence
   * is read and the checks run; `ctx.settle()` must then be called before the counts are read.
   * None of the checks reads them: an excluded entry's path, type and rule, the sizes of excluded
   * files and the fatal unreadable directories are complete when the walk returns.
   */
  deferCounts?: boolean;
}

/** A build as Docker would see it, and the check model over it, before any check runs. */
export interface LoadedBuild {
  fs: FileSystem;
  pathOptions: PrepareOptions;
  prepared: PreparedContext;
  dockerfile: DockerfileModel | null;
  /** The Dockerfile's text when it was read (for its `# buildctx-ignore` comments), else null. */
  dockerfileText: string | null;
  /** BuildKit's FollowPaths for the Dockerfile when `measure` asked for them, else null. */
  includePatterns: string[] | null;
  ctx: LoadedContext;
  /** One target per platform of the build (several for `--platform a,b`); the first is the model's. */
  targets: TargetInfo[];
  model: CheckModel;
}

/**
 * The one way a build's model is made, for the report, `fix`, `scan` and `diagnose` alike: resolve
 * the context, Dockerfile and ignore file; read the Dockerfile (or the inline one); walk; resolve
 * the target of each platform; read what the checks ask for; build the CheckModel. Named contexts
 * and the checks of further platforms are the report's (analyzeContext).
 */
export function loadBuild(
  options: Pick<
    AnalyzeOptions,
    | 'fs'
    | 'cwd'
    | 'context'
    | 'dockerfile'
    | 'dockerfileInline'
    | 'ignoreFile'
    | 'platform'
    | 'libc'
    | 'target'
    | 'buildArgs'
    | 'mounts'
    | 'onProgress'
  >,
  mode: LoadMode,
): LoadedBuild {
  const fs = options.fs ?? nodeFileSystem;
  const inline = options.dockerfileInline;
  // An inline Dockerfile replaces -f: leave the path out rather than set it to undefined.
  const { dockerfile: _path, ...withoutDockerfile } = options;
  const pathOptions = prepareOptionsOf(fs, inline === undefined ? options : withoutDockerfile);
  const prepared = prepareContext({ ...pathOptions, rootIgnoreOnly: inline !== undefined });
  if (inline !== undefined) prepared.dockerfile = inlineDockerfileRef(inline);
  // The text too, for its `# buildctx-ignore` comments.
  let dockerfileText: string | null = inline?.text ?? null;
  const dockerfile =
    inline !== undefined
      ? readInlineDockerfile(inline, options)
      : readDockerfile(fs, prepared.dockerfile, options, (text) => {
          dockerfileText = text;
        });
  const includePatterns = mode.measure && dockerfile !== null ? followPaths(dockerfile) : null;
  const ctx = loadContext({
    ...pathOptions,
    prepared,
    classic: mode.measure,
    measureExcluded: mode.measure,
    stat: true,
    readLinks: true,
    ...(includePatterns !== null ? { includePatterns } : {}),
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    ...(mode.deferCounts === true ? { deferCounts: true } : {}),
  });
  return completeBuild(
    options,
    mode,
    { fs, pathOptions, prepared, dockerfile, dockerfileText, includePatterns, ctx },
    null,
  );
}

/** A build read and walked: what the model is made from. */
type WalkedBuild = Omit<LoadedBuild, 'targets' | 'model'>;

/** loadBuild past the walk; `earlier`: the evidence an analysis of the same files found (the changed file excepted). */
function completeBuild(
  options: Parameters<typeof loadBuild>[0],
  mode: LoadMode,
  walked: WalkedBuild,
  earlier: { evidence: EarlierEvidence; changed: string | null } | null,
): LoadedBuild {
  const { fs, ctx, dockerfile, dockerfileText } = walked;
  const targets = resolveTargets(options, dockerfile);
  const evidence: Evidence =
    mode.evidence === null
      ? { sniffed: new Map(), texts: new Map(), unreadableFiles: [], git: null }
      : gatherEvidence({
          fs,
          root: ctx.root,
          entries: ctx.entries,
          excluded: ctx.excluded,
          ...mode.evidence,
          ...(earlier !== null ? { reuse: earlier } : {}),
        });
  const model = buildCheckModel(ctx, targets[0]!, evidence, mode.evidence?.deep === true, dockerfile);
  if (options.mounts !== undefined && options.mounts.length > 0) model.mounts = options.mounts;
  if (mode.evidence !== null) model.suppressions = suppressionsOf(fs, model, dockerfileText);
  return { ...walked, targets, model };
}

/** `analyze`, also returning the check model (for planning fixes on the same walk). */
export async function analyzeContext(options: AnalyzeOptions = {}): Promise<Analysis> {
  const build = loadBuild(options, reportMode(options));
  try {
    return await reportOf(options, build, null);
  } finally {
    // reportOf settles the counts before it reads them; this releases the counting threads
    // when it fails first.
    build.ctx.settle?.();
  }
}

/** What the report reads: every measurement, and the files the enabled checks ask for. */
function reportMode(options: AnalyzeOptions): LoadMode {
  const disabled = new Set(options.disable ?? []);
  const enabled = checks.filter((c) => !disabled.has(c.meta.id));
  return {
    measure: true,
    evidence: { checks: enabled, deep: options.deep === true, sniff: options.sniff !== false },
    deferCounts: true,
  };
}

/** What a report analysis read, kept so that `analyzeWithIgnoreFile` can start from it. */
interface AnalysisState {
  build: LoadedBuild;
  examined: ExaminedKinds;
  planned: PlannedLines | null;
}

/**
 * The plan the report made for its suggested lines, when `findings` are exactly the findings it
 * planned for (fix without --only): planning is a function of the model and the findings, so fix
 * does not plan the same lines again.
 */
export function plannedIgnoreLines(analysis: Analysis, findings: readonly Finding[]): FixPlan | null {
  const p = states.get(analysis)?.planned;
  if (p === undefined || p === null || p.findings.length !== findings.length) return null;
  return p.findings.every((f, i) => f === findings[i]) ? p.plan : null;
}

const states = new WeakMap<Analysis, AnalysisState>();

/**
 * `analyzeContext(options)` on `fs`, which shows the ignore file at `ignorePath` with `size` bytes
 * of new content (fix's overlay): from the walk `before` made, without reading the tree again,
 * where the edit only keeps more out (src/context/simulate-context.ts); otherwise analyzed anew.
 * Files the first analysis read are not read again, except the ignore file.
 */
export async function analyzeWithIgnoreFile(
  before: Analysis,
  options: AnalyzeOptions,
  fs: FileSystem,
  ignorePath: string,
  size: number,
  exists: boolean,
): Promise<Analysis> {
  const state = states.get(before);
  if (state === undefined) return analyzeContext({ ...options, fs });
  const { build } = state;
  const inline = options.dockerfileInline;
  const pathOptions = { ...build.pathOptions, fs };
  const prepared = prepareContext({ ...pathOptions, rootIgnoreOnly: inline !== undefined });
  if (inline !== undefined) prepared.dockerfile = inlineDockerfileRef(inline);
  const planned = planViews(
    {
      fs,
      classic: true,
      includePatterns: build.includePatterns,
      ...(pathOptions.ignoreFile !== undefined ? { ignoreFile: pathOptions.ignoreFile } : {}),
    },
    prepared,
  );
  const rel = contextPathOf(fs, prepared.root, ignorePath);
  const ctx = simulateContext(build.ctx, prepared, planned, { path: rel, size, exists });
  if (ctx === null) return analyzeContext({ ...options, fs });
  const { model } = build;
  const evidence: EarlierEvidence = {
    sniffed: model.sniffed,
    texts: model.texts,
    git: model.git,
    unreadableFiles: model.unreadableFiles,
  };
  const after = completeBuild(
    { ...options, fs },
    reportMode(options),
    { ...build, fs, pathOptions, prepared, ctx },
    { evidence, changed: rel },
  );
  return reportOf({ ...options, fs }, after, { examined: state.examined, changed: rel });
}

/** `abs` relative to the context root ("/"-separated, through the real path of its directory), or null outside it. */
function contextPathOf(fs: FileSystem, root: string, abs: string): string | null {
  let dir: string;
  try {
    dir = fs.realPath(path.dirname(abs));
  } catch {
    return null;
  }
  const rel = path.relative(root, path.join(dir, path.basename(abs)));
  if (rel === '' || rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

/** The report over a loaded build: checks, named contexts, sizes, limits. */
async function reportOf(
  options: AnalyzeOptions,
  build: LoadedBuild,
  earlier: { examined: ExaminedKinds; changed: string | null } | null,
): Promise<Analysis> {
  const top = options.top ?? DEFAULT_TOP;
  const disabled = new Set(options.disable ?? []);
  const enabled = checks.filter((c) => !disabled.has(c.meta.id));
  const deep = options.deep === true;
  const sniff = options.sniff !== false;
  const { fs, pathOptions, dockerfile, includePatterns, ctx, targets, model } = build;
  const inline = options.dockerfileInline;
  const target = targets[0]!;
  const tarBytes = classicTarBytes(ctx, fs, inline === undefined ? null : Buffer.byteLength(inline.text));
  const binaries = summarizeBinaries(model, !sniff ? 'off' : deep ? 'all' : 'candidates');
  const examined = await classifyLargeFiles(fs, ctx.root, ctx.entries, earlier);
  const kinds = kindsOf(examined);
  const severity = new Map(Object.entries(options.severity ?? {}));
  const findings = applySuppressions(runChecksForTargets(model, targets, { disabled, severity }), {
    directives: model.suppressions,
    ignorePaths: options.ignorePaths ?? [],
    ignorePathsFile: options.ignorePathsFile ?? null,
    disabled,
  });
  // Everything below reads the excluded trees' counts.
  ctx.settle?.();
  const named =
    options.buildContexts === undefined
      ? null
      : analyzeNamedContexts(options.buildContexts, {
          fs,
          cwd: pathOptions.cwd,
          dockerfile,
          dockerfilePath: model.dockerfile.path,
          targets,
          enabled,
          run: { disabled, severity },
          deep,
          sniff,
        });
  const allFindings = named === null ? findings : sortFindings([...findings, ...named.findings]);
  // Only the main context's lines: `fix --write` appends them to its ignore file; suppressed findings are accepted as they are.
  const planned = planIgnoreLines(
    model,
    findings.filter((f) => f.suppressed !== true),
  );
  const summary: Summary = {
    ...summarize(ctx, tarBytes, model.sniffed.size, binaries.harmlessForeign),
    ...referenceSummary(model, includePatterns),
    suppressedFindings: allFindings.filter((f) => f.suppressed === true).length,
  };
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'buildctx', version: VERSION },
    context: ctx.root,
    dockerfile: ctx.dockerfile.exists ? ctx.dockerfile.path : null,
    ignoreFile: ctx.ignore?.displayPath ?? null,
    ignoreFileSource: ctx.ignore?.source ?? null,
    summary,
    largestDirs: largestDirs(ctx.dirSizes, top),
    largestFiles: largestFiles(ctx.entries, top).map((f) => {
      const kind = kinds.get(f.path);
      return kind === undefined ? f : { ...f, kind };
    }),
    contentKinds: contentKindTotals(ctx.entries, kinds),
    target: {
      platform: formatPlatform(target.platform),
      platformSource: target.platformSource,
      libc: target.libc,
      libcSource: target.libcSource,
      baseImage: target.baseImage,
      ...(targets.length > 1 ? { platforms: targets.map((t) => formatPlatform(t.platform)) } : {}),
    },
    binaries,
    findings: allFindings,
    suggestedIgnoreLines: suggestedIgnoreLines(planned),
    limits:
      options.maxSize === undefined && options.maxFiles === undefined
        ? []
        : checkLimits(summary, topLevelSizes(ctx), options.maxSize, options.maxFiles),
    ...(named !== null ? { namedContexts: named.contexts } : {}),
    ...(options.pathSizes !== undefined
      ? { pathSizes: computePathSizes(ctx.dirSizes, ctx.entries, options.pathSizes === 'all') }
      : {}),
    ...(options.tree === true ? { tree: buildContextTree(model) } : {}),
  };
  const analysis: Analysis = { report, model };
  states.set(analysis, { build, examined, planned });
  return analysis;
}

/** The DockerfileRef of an inline Dockerfile: no file, its name for messages. */
function inlineDockerfileRef(inline: { name: string }): DockerfileRef {
  return { path: inline.name, readPath: null, refusal: null, contextPath: null, exists: true, explicit: true };
}

function readInlineDockerfile(
  inline: { text: string; name: string },
  options: Pick<AnalyzeOptions, 'buildArgs' | 'target' | 'platform'>,
): DockerfileModel {
  if (Buffer.byteLength(inline.text) > MAX_DOCKERFILE_BYTES)
    throw new BuildctxError('dockerfile-invalid', `${inline.name}: more than ${MAX_DOCKERFILE_BYTES} bytes; not read`);
  return parseDockerfileText(inline.text, inline.name, options);
}

/** The build's target for each platform it builds for (one unless --platform lists several). */
function resolveTargets(
  options: Pick<AnalyzeOptions, 'platform' | 'libc'>,
  dockerfile: DockerfileModel | null,
): TargetInfo[] {
  const finalStage = dockerfile === null ? null : finalStageOf(dockerfile);
  const libc = options.libc !== undefined ? { libc: options.libc } : {};
  const platforms = splitPlatforms(options.platform);
  if (platforms.length === 0) return [resolveTarget(libc, finalStage)];
  return platforms.map((platform) => resolveTarget({ platform, ...libc }, finalStage));
}

/**
 * The checks for the first target, then for each further platform of a multi-platform build the
 * findings the first did not have (same fingerprint: the same problem), marked with the platform:
 * an x86-64 binary is fine for linux/amd64 and breaks the linux/arm64 image of the same build.
 */
function runChecksForTargets(model: CheckModel, targets: readonly TargetInfo[], run: RunChecksOptions): Finding[] {
  // The model itself when it is the first target's (always, from analyze): what the checks work
  // out per model (environments, binaries, reach, protected paths) is then shared with the
  // summary and the advice instead of worked out again for a copy.
  const first = targets[0]!;
  const findings = runChecks(model.target === first ? model : { ...model, target: first }, run);
  if (targets.length === 1) return findings;
  const seen = new Set(findings.map((f) => f.fingerprint));
  for (const target of targets.slice(1)) {
    const platform = formatPlatform(target.platform);
    for (const f of runChecks({ ...model, target }, run)) {
      if (seen.has(f.fingerprint)) continue;
      seen.add(f.fingerprint);
      findings.push({ ...f, message: `[${platform}] ${f.message}`, data: { ...f.data, platform } });
    }
  }
  return sortFindings(findings);
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.check < b.check ? -1 : a.check > b.check ? 1 : 0) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/** Checks whose findings on the Dockerfile are about a named context (the rest repeat the main report's). */
const NAMED_CONTEXT_DOCKERFILE_CHECKS: ReadonlySet<string> = new Set(['copy-source-missing', 'copy-source-ignored']);

interface NamedContextInput {
  fs: FileSystem;
  cwd: string;
  dockerfile: DockerfileModel | null;
  /** The main model's Dockerfile display path: findings on the Dockerfile keep pointing at it. */
  dockerfilePath: string | null;
  targets: readonly TargetInfo[];
  enabled: readonly (typeof checks)[number][];
  run: RunChecksOptions;
  deep: boolean;
  sniff: boolean;
}

/**
 * Each named context: a local directory the target reads (COPY --from=NAME, RUN --mount from=NAME,
 * FROM NAME) is walked with its own root `.dockerignore` (BuildKit dockerui namedcontext.go reads
 * only that one) and checked as a context whose sources are the ones taken from it; its findings
 * carry `data.namedContext` and absolute paths. Images, URLs and unused directories are listed.
 */
function analyzeNamedContexts(
  given: Readonly<Record<string, string>>,
  input: NamedContextInput,
): { contexts: NamedContextReport[]; findings: Finding[] } {
  const contexts: NamedContextReport[] = [];
  const findings: Finding[] = [];
  for (const name of Object.keys(given).sort(compareBytes)) {
    const source = given[name]!;
    const kind = namedContextKind(source);
    const used = input.dockerfile !== null && readsNamedContext(input.dockerfile, name);
    if (kind !== 'local' || !used || input.dockerfile === null) {
      contexts.push({ name, kind, source, used, ignoreFile: null, files: null, bytes: null, excludedFiles: null });
      continue;
    }
    const view = namedContextView(input.dockerfile, name);
    let prepared;
    try {
      prepared = prepareContext({ fs: input.fs, cwd: input.cwd, context: source, rootIgnoreOnly: true });
    } catch (error) {
      if (
        error instanceof BuildctxError &&
        (error.code === 'context-missing' || error.code === 'context-not-directory')
      )
        throw new BuildctxError(error.code, `named context ${name}: ${error.message}`);
      throw error;
    }
    const ctx = loadContext({
      fs: input.fs,
      cwd: input.cwd,
      context: source,
      prepared,
      classic: false,
      measureExcluded: true,
      stat: true,
      readLinks: true,
      // A named local context is sent whole, less its .dockerignore (no FollowPaths for it).
      includePatterns: null,
    });
    const evidence = gatherEvidence({
      fs: input.fs,
      root: ctx.root,
      entries: ctx.entries,
      excluded: ctx.excluded,
      checks: input.enabled,
      deep: input.deep,
      sniff: input.sniff,
    });
    const built = buildCheckModel(ctx, input.targets[0]!, evidence, input.deep, view);
    const model: CheckModel = { ...built, dockerfile: { path: input.dockerfilePath, exists: true } };
    const sent = summarize(ctx, 0, evidence.sniffed.size);
    contexts.push({
      name,
      kind,
      source: ctx.root,
      used,
      ignoreFile: ctx.ignore?.path ?? null,
      files: sent.files,
      bytes: sent.bytes,
      excludedFiles: sent.excludedFiles,
    });
    for (const f of runChecksForTargets(model, input.targets, input.run)) {
      const onDockerfile = f.path === input.dockerfilePath;
      if (onDockerfile && !NAMED_CONTEXT_DOCKERFILE_CHECKS.has(f.check)) continue;
      const { ignoreLines, ...data } = f.data as Record<string, unknown> & { ignoreLines?: unknown };
      const path = onDockerfile ? f.path : f.path === '' || f.path === '.' ? ctx.root : `${ctx.root}/${f.path}`;
      const key = typeof data.fingerprintKey === 'string' ? data.fingerprintKey : '';
      const moved = {
        ...data,
        namedContext: name,
        // Lines for the named context's own .dockerignore, never the main one's.
        ...(Array.isArray(ignoreLines) && ignoreLines.length > 0 ? { namedContextIgnoreLines: ignoreLines } : {}),
        fingerprintKey: `${name}|${key}`,
      };
      findings.push({
        ...f,
        path,
        message: `named context ${name} (${ctx.root}): ${f.message.replace(/the build context/g, `the named context ${name}`)}`,
        data: moved,
        fingerprint: fingerprintOf({ check: f.check, path, data: moved }),
      });
    }
  }
  return { contexts, findings };
}
