// `buildctx scan --all`: every build a repository declares — Compose services with a `build`
// (each project read as `docker compose` reads it: base file, override, .env, include, extends),
// and Dockerfiles no Compose file names — each analyzed as its build would see it. A Dockerfile
// nobody names gets an inferred context, and the rule that chose it is part of the result.
import * as path from 'node:path';
import { analyze, readDockerfile, type AnalyzeOptions } from '../analyze/analyze.js';
import type { ComposeMount } from '../compose/mounts.js';
import {
  ComposeError,
  COMPOSE_FILE_NAMES,
  COMPOSE_OVERRIDE_NAMES,
  loadComposeProject,
  type ComposeProject,
  type NamedContext,
} from '../compose/project.js';
import { BAKE_JSON_NAMES, BakeError, loadBakeFiles, type BakeProject } from '../compose/bake.js';
import { contextSources } from '../dockerfile/context-refs.js';
import { BuildctxError } from '../errors.js';
import { findBuildFiles } from '../fs/find-build-files.js';
import type { FileSystem } from '../fs/file-system.js';
import { nodeFileSystem } from '../fs/node-fs.js';
import type { Report } from '../types.js';

export type ScanOptions = Omit<
  AnalyzeOptions,
  'context' | 'dockerfile' | 'ignoreFile' | 'target' | 'fs' | 'buildArgs'
> & {
  /** The directory to search; default ".". */
  root?: string;
  /** The environment Compose files are interpolated with; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Read contexts and Compose files outside the root (by default they are refused). */
  allowOutside?: boolean;
  /** Settings of one build (a configuration file's overrides for its context); they replace the shared ones. */
  settingsFor?: (build: ScanBuild) => BuildSettings;
};

/** What may differ from build to build of one scan. */
export type BuildSettings = Pick<
  AnalyzeOptions,
  'disable' | 'severity' | 'ignorePaths' | 'ignorePathsFile' | 'platform' | 'libc' | 'maxSize' | 'maxFiles'
>;

/**
 * How a build's context was chosen: `compose` (the Compose file that names the build), `bake` (a bake
 * file's target), `dockerfile-dir`
 * (a Dockerfile nobody names, whose every COPY source is in its own directory, or that copies nothing),
 * `copy-sources` (the nearest ancestor directory holding every COPY source), `guess` (no directory up
 * to the root holds them all: the Dockerfile's directory, a guess).
 */
export type ContextRule = 'compose' | 'bake' | 'dockerfile-dir' | 'copy-sources' | 'guess';

export interface ScanBuild {
  /** What declares the build: `compose.yaml:web` for a Compose service, `docker-bake.json:app` for a bake target, else the Dockerfile's path (relative to the root). */
  build: string;
  /** Absolute path of the context directory. */
  context: string;
  /** Absolute path of the Dockerfile, or null for the context's default. */
  dockerfile: string | null;
  /** Compose `dockerfile_inline`: the Dockerfile's text, analyzed instead of a file; else null. */
  dockerfileInline: string | null;
  contextRule: ContextRule;
  /** The Compose service (or bake target), or null for a Dockerfile nobody names. */
  service: string | null;
  /** Every service that builds exactly this (same context, Dockerfile, target, args, platforms, bind mounts). */
  services: string[];
  /** The Compose (or bake) files that formed the project (relative to the root), empty for a lone Dockerfile. */
  composeFiles: string[];
  target: string | null;
  buildArgs: Record<string, string>;
  platforms: string[];
  /** `additional_contexts` of a Compose build. */
  namedContexts: NamedContext[];
  /** What the service's container mounts from the host (Compose `volumes`, `develop.watch`). */
  mounts: ComposeMount[];
}

export interface ScannedBuild extends ScanBuild {
  report: Report | null;
  /** Why the build could not be analyzed (one line), or null. */
  error: string | null;
}

export interface ScanResult {
  /** Absolute path of the directory searched. */
  root: string;
  builds: ScannedBuild[];
  /** Compose files or builds that could not be read, one line each. */
  warnings: string[];
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function isUnder(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The Compose projects below the root: in each directory the default file set (compose.yaml & co.
 * plus the first override) is one project, and every other Compose file is a project of its own.
 */
export function composeProjectsOf(files: readonly string[]): string[][] {
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const dir = path.posix.dirname(f);
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  const projects: string[][] = [];
  for (const [dir, list] of [...byDir].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const names = new Set(list.map((f) => path.posix.basename(f)));
    const base = COMPOSE_FILE_NAMES.find((n) => names.has(n));
    const used = new Set<string>();
    if (base !== undefined) {
      const override = COMPOSE_OVERRIDE_NAMES.find((n) => names.has(n));
      const set = [base, ...(override !== undefined ? [override] : [])].map((n) => (dir === '.' ? n : `${dir}/${n}`));
      for (const f of set) used.add(f);
      projects.push(set);
    }
    for (const f of [...list].sort()) if (!used.has(f)) projects.push([f]);
  }
  return projects;
}

/** The default file set of a directory (compose.yaml & co., with or without its override). */
function isDefaultSet(set: readonly string[]): boolean {
  return (COMPOSE_FILE_NAMES as readonly string[]).includes(path.posix.basename(set[0]!));
}

/**
 * A Compose file that only makes sense on top of the base file beside it: every service it names
 * is a base service, and one of them cannot stand alone (no image and no build, or a build that
 * names no context and so would default to the file's directory).
 */
export function isOverlayOf(file: ComposeProject, base: ComposeProject): boolean {
  if (file.services.length === 0) return false;
  const names = new Set(base.services.map((s) => s.name));
  if (!file.services.every((s) => names.has(s.name))) return false;
  return file.services.some(
    (s) => (s.image === null && s.build === null) || (s.build !== null && !s.build.contextGiven),
  );
}

/** COPY/ADD/RUN --mount sources of a Dockerfile's target, as context-relative paths to test; null when unreadable. */
function copySourcesOf(fs: FileSystem, dockerfile: string): string[] | null {
  let model;
  try {
    model = readDockerfile(fs, { readPath: dockerfile, exists: true, refusal: null }, {});
  } catch (error) {
    if (error instanceof BuildctxError) return null;
    throw error;
  }
  if (model === null) return null;
  const out: string[] = [];
  for (const s of contextSources(model)) {
    if (s.unresolved.length > 0) continue;
    // A wildcard source is tested by the directory before its first wildcard.
    const segments = s.normalized.split('/');
    const wild = segments.findIndex((seg) => /[*?[\\]/.test(seg));
    const literal = (wild < 0 ? segments : segments.slice(0, wild)).join('/');
    const rel = literal.replace(/^\/+/, '');
    if (rel !== '') out.push(rel);
  }
  return [...new Set(out)];
}

/**
 * The context of a Dockerfile nobody names: its own directory when every COPY source is there,
 * else the nearest ancestor up to the root where every one exists, else (a guess) the directory
 * holding the most of them.
 */
export function inferContext(
  fs: FileSystem,
  root: string,
  dockerfile: string,
  readPath = dockerfile,
): { context: string; rule: ContextRule } {
  const own = path.dirname(dockerfile);
  const sources = copySourcesOf(fs, readPath);
  if (sources === null || sources.length === 0) return { context: own, rule: 'dockerfile-dir' };
  const held = (dir: string): number => sources.filter((s) => fs.lstat(path.join(dir, s)) !== null).length;
  // The guess, when no directory holds them all: the one holding the most, the nearest on a tie.
  let best = { dir: own, count: -1 };
  for (let dir = own; isUnder(dir, root); dir = path.dirname(dir)) {
    const count = held(dir);
    if (count === sources.length) return { context: dir, rule: dir === own ? 'dockerfile-dir' : 'copy-sources' };
    if (count > best.count) best = { dir, count };
    if (dir === root) break;
  }
  return { context: best.dir, rule: 'guess' };
}

/** The builds of a Compose project's services (all active ones, or the ones named), as Compose would run them. */
export function buildsOfProject(
  project: ComposeProject,
  options: {
    fs: FileSystem;
    rel: (abs: string) => string;
    confineTo?: string;
    services?: readonly string[];
    /** Names the builds `LABEL:service` instead of by the file that defines the service. */
    label?: string;
  },
): { builds: ScanBuild[]; refused: ScannedBuild[]; warnings: string[]; dockerfiles: string[] } {
  const builds: ScanBuild[] = [];
  const refused: ScannedBuild[] = [];
  const warnings: string[] = [];
  const dockerfiles: string[] = [];
  const seen = new Map<string, ScanBuild>();
  const { fs, rel, confineTo } = options;
  const chosen = options.services === undefined ? null : new Set(options.services);
  for (const service of project.services) {
    const b = service.build;
    if (b === null || (chosen !== null && !chosen.has(service.name))) continue;
    const where = `${options.label ?? rel(service.file)}:${service.name}`;
    if (chosen === null && !service.active) {
      warnings.push(`${where}: not built by default (profiles: ${service.profiles.join(', ')}); not analyzed`);
      continue;
    }
    if (b.remote) {
      warnings.push(`${where}: the context ${b.context} is remote; not analyzed`);
      continue;
    }
    const dockerfile = b.dockerfileInline !== null ? '' : (b.dockerfile ?? path.join(b.context, 'Dockerfile'));
    if (b.dockerfileInline === null) dockerfiles.push(dockerfile);
    // Services that share a build (an anchor reused by 20 consumers) are analyzed once; bind mounts
    // are part of the key because bind-mount-shadows-image judges each service's own.
    const binds = service.mounts
      .filter((m) => m.kind === 'bind' && m.origin === 'volumes')
      .map((m) => `${m.source}:${m.target}`);
    const key = [
      b.context,
      dockerfile,
      b.dockerfileInline ?? '',
      b.target ?? '',
      JSON.stringify(b.args),
      b.platforms.join(','),
      JSON.stringify(b.additionalContexts),
      ...binds,
    ].join('\0');
    const same = seen.get(key);
    if (same !== undefined) {
      same.services.push(service.name);
      continue;
    }
    const build: ScanBuild = {
      build: where,
      context: b.context,
      dockerfile: b.dockerfileInline !== null ? null : b.dockerfile,
      dockerfileInline: b.dockerfileInline,
      contextRule: 'compose',
      service: service.name,
      services: [service.name],
      composeFiles: project.files.map(rel),
      target: b.target,
      buildArgs: b.args,
      platforms: b.platforms,
      namedContexts: b.additionalContexts,
      mounts: service.mounts,
    };
    seen.set(key, build);
    if (confineTo !== undefined) {
      const outside = [b.context, ...b.additionalContexts.filter((c) => c.kind === 'local').map((c) => c.source)].find(
        (dir) => !isUnder(realOr(fs, dir), confineTo),
      );
      if (outside !== undefined) {
        refused.push({
          ...build,
          report: null,
          error: `the context ${outside} is outside ${confineTo}; not read (give --allow-outside to read it)`,
        });
        continue;
      }
    }
    builds.push(build);
  }
  return { builds, refused, warnings, dockerfiles };
}

/** Links followed from a symlinked Dockerfile at most. */
const MAX_DOCKERFILE_LINK_HOPS = 40;

/** The absolute path a symlink chain ends at (each hop resolved from the real directory of the link), or null for a loop. */
function linkTarget(fs: FileSystem, abs: string): string | null {
  let current = abs;
  for (let hop = 0; hop <= MAX_DOCKERFILE_LINK_HOPS; hop++) {
    if (fs.lstat(current)?.type !== 'symlink') return current;
    const to = fs.readLink(current);
    if (to === null) return null;
    current = path.resolve(realOr(fs, path.dirname(current)), to);
  }
  return null;
}

/**
 * The bake files below the root: in each directory `docker-bake.json` with `docker-bake.override.json`
 * is one set, every other `docker-bake*.json` (what `docker buildx bake --print` wrote) one of its own;
 * an HCL file is named in a warning, unread.
 */
function bakeBuilds(
  fs: FileSystem,
  root: string,
  files: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  rel: (abs: string) => string,
  allowOutside: boolean,
): { builds: ScanBuild[]; refused: ScannedBuild[]; warnings: string[]; dockerfiles: string[] } {
  const builds: ScanBuild[] = [];
  const refused: ScannedBuild[] = [];
  const warnings: string[] = [];
  const dockerfiles: string[] = [];
  const sets: string[][] = [];
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    if (f.endsWith('.hcl')) {
      warnings.push(
        `${f}: HCL bake files are not read; \`docker buildx bake --print > ${path.posix.join(path.posix.dirname(f), 'docker-bake.print.json')}\` writes its targets as JSON, which scan reads`,
      );
      continue;
    }
    const dir = path.posix.dirname(f);
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  for (const [dir, list] of byDir) {
    const defaults = BAKE_JSON_NAMES.map((n) => (dir === '.' ? n : `${dir}/${n}`)).filter((f) => list.includes(f));
    if (defaults.length > 0) sets.push(defaults);
    for (const f of list) if (!defaults.includes(f)) sets.push([f]);
  }
  for (const set of sets) {
    let project: BakeProject;
    try {
      const abs = set.map((f) => path.join(root, f));
      if (!allowOutside) {
        const outside = abs.find((f) => !isUnder(realOr(fs, f), root));
        if (outside !== undefined)
          throw new BakeError(rel(outside), `outside ${root}; not read (give --allow-outside to read it)`);
      }
      project = loadBakeFiles(fs, abs, { env, show: rel });
    } catch (error) {
      if (!(error instanceof BakeError)) throw error;
      warnings.push(`${error.message}; the targets of ${set.join(' + ')} are not analyzed`);
      continue;
    }
    for (const w of project.warnings) warnings.push(`${set.join(' + ')}: ${w}`);
    for (const t of project.targets) {
      const where = `${rel(t.file)}:${t.name}`;
      if (t.remote) {
        warnings.push(`${where}: the context ${t.context} is remote; not analyzed`);
        continue;
      }
      if (t.dockerfileInline === null) dockerfiles.push(t.dockerfile ?? path.join(t.context, 'Dockerfile'));
      const build: ScanBuild = {
        build: where,
        context: t.context,
        dockerfile: t.dockerfileInline !== null ? null : t.dockerfile,
        dockerfileInline: t.dockerfileInline,
        contextRule: 'bake',
        service: t.name,
        services: [t.name],
        composeFiles: set,
        target: t.target,
        buildArgs: t.args,
        platforms: t.platforms,
        namedContexts: t.contexts,
        mounts: [],
      };
      const outside = allowOutside
        ? undefined
        : [t.context, ...t.contexts.filter((c) => c.kind === 'local').map((c) => c.source)].find(
            (d) => !isUnder(realOr(fs, d), root),
          );
      if (outside !== undefined)
        refused.push({
          ...build,
          report: null,
          error: `the context ${outside} is outside ${root}; not read (give --allow-outside to read it)`,
        });
      else builds.push(build);
    }
  }
  return { builds, refused, warnings, dockerfiles };
}

/** What makes two builds the same image: context, Dockerfile, target, args, platforms, named contexts. */
function imageKey(b: ScanBuild): string {
  return JSON.stringify([
    b.context,
    b.dockerfile ?? path.join(b.context, 'Dockerfile'),
    b.dockerfileInline,
    b.target,
    Object.entries(b.buildArgs).sort(),
    b.platforms,
    b.namedContexts.map((c) => [c.name, c.source]).sort(),
  ]);
}

/** The real path of a directory, or the path itself when it cannot be resolved. */
function realOr(fs: FileSystem, dir: string): string {
  try {
    return fs.lstat(dir) === null ? dir : fs.realPath(dir);
  } catch {
    return dir;
  }
}

/** The builds declared below `root` (absolute), without analyzing them. */
export function discoverBuilds(
  root: string,
  options: { env?: Readonly<Record<string, string | undefined>>; allowOutside?: boolean; fs?: FileSystem } = {},
): { builds: ScanBuild[]; warnings: string[]; refused: ScannedBuild[] } {
  const fs = options.fs ?? nodeFileSystem;
  const env = options.env ?? process.env;
  const files = findBuildFiles(root);
  const builds: ScanBuild[] = [];
  const refused: ScannedBuild[] = [];
  const warnings: string[] = [];
  const named = new Set<string>();
  const rel = (abs: string): string => {
    const r = path.relative(root, abs);
    return r === '' ? '.' : r.startsWith('..') || path.isAbsolute(r) ? abs : toPosix(r);
  };
  const load = (set: readonly string[]): ComposeProject =>
    loadComposeProject({
      fs,
      cwd: root,
      projectDir: path.join(root, path.posix.dirname(set[0]!)),
      files: set.map((f) => path.join(root, f)),
      env,
      ...(options.allowOutside === true ? {} : { confineTo: root }),
      noParentSearch: true,
    });
  const defaults = new Map<string, { set: string[]; project: ComposeProject | null }>();
  for (let set of composeProjectsOf(files.composeFiles)) {
    let project: ComposeProject;
    const dirName = path.posix.dirname(set[0]!);
    try {
      project = load(set);
    } catch (error) {
      if (!(error instanceof ComposeError)) throw error;
      warnings.push(`${error.message}; the builds of ${set.join(' + ')} are not analyzed`);
      if (isDefaultSet(set)) defaults.set(dirName, { set, project: null });
      continue;
    }
    let label: string | undefined;
    let only: string[] | undefined;
    const base = defaults.get(dirName);
    if (isDefaultSet(set)) defaults.set(dirName, { set, project });
    else if (base?.project != null && isOverlayOf(project, base.project)) {
      // `docker compose -f compose.yaml -f compose.prod.yaml`: the file only adjusts the base's
      // services (a build without its own context, a service without image or build), so it is read
      // on top of the base file, as its users run it; only the services it names are reported.
      label = set[0]!;
      only = project.services.map((s) => s.name);
      set = [base.set[0]!, ...set];
      try {
        project = load(set);
      } catch (error) {
        if (!(error instanceof ComposeError)) throw error;
        warnings.push(`${error.message}; the builds of ${set.join(' + ')} are not analyzed`);
        continue;
      }
    }
    for (const w of project.warnings) warnings.push(`${set.join(' + ')}: ${w}`);
    const found = buildsOfProject(project, {
      fs,
      rel,
      ...(options.allowOutside === true ? {} : { confineTo: root }),
      ...(label !== undefined ? { label } : {}),
      ...(only !== undefined ? { services: only } : {}),
    });
    builds.push(...found.builds);
    refused.push(...found.refused);
    warnings.push(...found.warnings);
    for (const d of found.dockerfiles) named.add(d);
  }
  const bake = bakeBuilds(fs, root, files.bakeFiles, env, rel, options.allowOutside === true);
  // A bake file often restates the Compose builds (one target per service): what a Compose build
  // already analyzes is not analyzed twice.
  const composed = new Map(builds.map((b) => [imageKey(b), b.build]));
  for (const b of bake.builds) {
    const same = composed.get(imageKey(b));
    if (same === undefined) builds.push(b);
    else warnings.push(`${b.build}: builds what ${same} builds; analyzed once, as ${same}`);
  }
  refused.push(...bake.refused);
  warnings.push(...bake.warnings);
  for (const d of bake.dockerfiles) named.add(d);
  const own: ScanBuild[] = [];
  /** Per symlinked Dockerfile: the file it leads to inside the root. */
  const linkTargets = new Map<string, string>();
  for (const r of files.dockerfiles) {
    const abs = path.join(root, r);
    if (named.has(abs)) continue;
    const unnamed: ScanBuild = {
      build: r,
      context: path.dirname(abs),
      dockerfile: abs,
      dockerfileInline: null,
      contextRule: 'dockerfile-dir',
      service: null,
      services: [],
      composeFiles: [],
      target: null,
      buildArgs: {},
      platforms: [],
      namedContexts: [],
      mounts: [],
    };
    let readPath = abs;
    if (fs.lstat(abs)?.type === 'symlink') {
      const target = linkTarget(fs, abs);
      if (target === null || !isUnder(target, root) || fs.lstat(target)?.type !== 'file') {
        const to = fs.readLink(abs) ?? '?';
        refused.push({
          ...unnamed,
          report: null,
          error:
            target === null || isUnder(target, root)
              ? `the Dockerfile ${r} is a symbolic link (to ${to}) that leads to no regular file`
              : `the Dockerfile ${r} is a symbolic link that leads out of ${root} (to ${to}); buildctx never follows a link out of the scanned tree: pass the file it points to with -f`,
        });
        continue;
      }
      readPath = target;
      linkTargets.set(abs, target);
    }
    const { context, rule } = inferContext(fs, root, abs, readPath);
    own.push({ ...unnamed, context, contextRule: rule });
  }
  // A Dockerfile that a symlink beside the build leads to is the same build when both have the
  // same context: the link is the name it is built by (`docker build .` reads ./Dockerfile).
  for (const b of own) {
    const duplicate = own.some(
      (link) => link !== b && linkTargets.get(link.dockerfile!) === b.dockerfile && link.context === b.context,
    );
    if (!duplicate) builds.push(b);
  }
  return { builds, warnings, refused };
}

/** The message prefix of a copy-source-missing finding whose context is a guess. */
const GUESS_NOTE =
  'the context is a guess (no directory from the Dockerfile up to the scan root holds every COPY source): ';

/** Findings that claim a source is missing are not errors when the context itself is a guess. */
function markGuess(report: Report): Report {
  return {
    ...report,
    findings: report.findings.map((f) =>
      f.check === 'copy-source-missing'
        ? {
            ...f,
            severity: 'info' as const,
            message: GUESS_NOTE + f.message,
            data: { ...f.data, contextGuessed: true },
          }
        : f,
    ),
  };
}

/** Analyzes each build with its context, Dockerfile, target, args and platform; an unanalyzable one gets an error. */
export async function analyzeBuilds(
  builds: readonly ScanBuild[],
  {
    settingsFor,
    ...shared
  }: Omit<AnalyzeOptions, 'context' | 'dockerfile' | 'target' | 'buildArgs'> & Pick<ScanOptions, 'settingsFor'>,
): Promise<ScannedBuild[]> {
  const scanned: ScannedBuild[] = [];
  for (const b of builds) {
    const options = { ...shared, ...settingsFor?.(b) };
    // A non-Linux platform (wasi/wasm) has no binaries to check against: the Linux ones are the targets.
    const linux = b.platforms.filter((p) => p.startsWith('linux/'));
    try {
      const report = await analyze({
        ...options,
        context: b.context,
        ...(b.dockerfile !== null ? { dockerfile: b.dockerfile } : {}),
        ...(b.target !== null ? { target: b.target } : {}),
        ...(Object.keys(b.buildArgs).length > 0 ? { buildArgs: b.buildArgs } : {}),
        ...(options.platform === undefined && linux.length > 0 ? { platform: linux.join(',') } : {}),
        ...(b.dockerfileInline !== null
          ? { dockerfileInline: { text: b.dockerfileInline, name: `${b.build} dockerfile_inline` } }
          : {}),
        ...(b.namedContexts.length > 0
          ? { buildContexts: Object.fromEntries(b.namedContexts.map((c) => [c.name, c.source])) }
          : {}),
        ...(b.mounts.length > 0 ? { mounts: b.mounts } : {}),
      });
      scanned.push({ ...b, report: b.contextRule === 'guess' ? markGuess(report) : report, error: null });
    } catch (error) {
      if (!(error instanceof BuildctxError)) throw error;
      scanned.push({ ...b, report: null, error: error.message });
    }
  }
  return scanned;
}

/** The builds below the root, found but not analyzed (`refused`: those outside the root, with their error). */
export function findBuilds(options: Pick<ScanOptions, 'cwd' | 'root' | 'env' | 'allowOutside'> = {}): {
  root: string;
  builds: ScanBuild[];
  warnings: string[];
  refused: ScannedBuild[];
} {
  const cwd = options.cwd ?? process.cwd();
  const given = options.root ?? '.';
  const abs = path.resolve(cwd, given);
  const st = nodeFileSystem.lstat(abs);
  if (st === null) throw new BuildctxError('context-missing', `scan: "${given}" does not exist`);
  const root = nodeFileSystem.realPath(abs);
  if (nodeFileSystem.lstat(root)?.type !== 'dir')
    throw new BuildctxError('context-not-directory', `scan: "${given}" is not a directory`);
  return {
    root,
    ...discoverBuilds(root, {
      ...(options.env !== undefined ? { env: options.env } : {}),
      ...(options.allowOutside !== undefined ? { allowOutside: options.allowOutside } : {}),
    }),
  };
}

/** Finds and analyzes every build below the root. An unanalyzable build gets an error, not an exception. */
export async function scanRepository(options: ScanOptions = {}): Promise<ScanResult> {
  const { root, builds, warnings, refused } = findBuilds(options);
  const { root: _root, env: _env, allowOutside: _allow, ...analyzeOptions } = options;
  const scanned: ScannedBuild[] = [...refused, ...(await analyzeBuilds(builds, { ...analyzeOptions, cwd: root }))];
  return { root, builds: scanned, warnings };
}

/** A path for the scan's output: relative to the root ("." for the root itself). */
export function relativeToRoot(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return rel === '' ? '.' : toPosix(rel);
}
