// `buildctx scan --all`: every build a repository declares — Compose services with a `build`,
// and Dockerfiles no Compose file names (built with their own directory as the context) — each
// analyzed as `docker build` would see it.
import * as path from 'node:path';
import { analyze, type AnalyzeOptions } from '../analyze/analyze.js';
import { ComposeSyntaxError, MAX_COMPOSE_BYTES, parseComposeBuilds } from '../compose/parse-compose.js';
import { BuildctxError } from '../errors.js';
import { findBuildFiles } from '../fs/find-build-files.js';
import { FsError } from '../fs/file-system.js';
import { nodeFileSystem } from '../fs/node-fs.js';
import type { Report } from '../types.js';

export type ScanOptions = Omit<AnalyzeOptions, 'context' | 'dockerfile' | 'ignoreFile' | 'target' | 'fs'> & {
  /** The directory to search; default ".". */
  root?: string;
};

export interface ScanBuild {
  /** What declares the build: `compose.yaml:web` for a Compose service, else the Dockerfile's path (relative to the root). */
  build: string;
  /** Absolute path of the context directory. */
  context: string;
  /** Absolute path of the Dockerfile, or null for the context's default. */
  dockerfile: string | null;
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

/** The builds declared below `root` (absolute), without analyzing them. */
export function discoverBuilds(root: string): { builds: ScanBuild[]; warnings: string[] } {
  const files = findBuildFiles(root);
  const builds: ScanBuild[] = [];
  const warnings: string[] = [];
  const named = new Set<string>();
  const seen = new Set<string>();
  for (const rel of files.composeFiles) {
    const abs = path.join(root, rel);
    let text: string;
    try {
      const bytes = nodeFileSystem.readFile(abs, MAX_COMPOSE_BYTES);
      if (bytes === null) continue;
      text = Buffer.from(bytes).toString('utf8');
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      warnings.push(`${rel}: cannot read it (${error.code === 'OTHER' ? error.message : error.code.toLowerCase()}); its builds are not analyzed`);
      continue;
    }
    let parsed;
    try {
      parsed = parseComposeBuilds(text);
    } catch (error) {
      if (!(error instanceof ComposeSyntaxError)) throw error;
      warnings.push(`${rel}: ${error.message}; its builds are not analyzed`);
      continue;
    }
    for (const w of parsed.warnings) warnings.push(`${rel}: ${w}`);
    for (const b of parsed.builds) {
      // Compose resolves the context from the file's directory and the Dockerfile from the context.
      const context = path.resolve(path.dirname(abs), b.context);
      const dockerfile = b.dockerfile === null ? null : path.resolve(context, b.dockerfile);
      const key = `${context}\0${dockerfile ?? path.join(context, 'Dockerfile')}`;
      named.add(dockerfile ?? path.join(context, 'Dockerfile'));
      if (seen.has(key)) continue;
      seen.add(key);
      builds.push({ build: `${rel}:${b.service}`, context, dockerfile });
    }
  }
  for (const rel of files.dockerfiles) {
    const abs = path.join(root, rel);
    if (named.has(abs)) continue;
    builds.push({ build: rel, context: path.dirname(abs), dockerfile: abs });
  }
  return { builds, warnings };
}

/** Finds and analyzes every build below the root. An unanalyzable build gets an error, not an exception. */
export async function scanRepository(options: ScanOptions = {}): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const given = options.root ?? '.';
  const abs = path.resolve(cwd, given);
  const st = nodeFileSystem.lstat(abs);
  if (st === null) throw new BuildctxError('context-missing', `scan: "${given}" does not exist`);
  const root = nodeFileSystem.realPath(abs);
  if (nodeFileSystem.lstat(root)?.type !== 'dir') throw new BuildctxError('context-not-directory', `scan: "${given}" is not a directory`);
  const { builds, warnings } = discoverBuilds(root);
  const { root: _root, ...analyzeOptions } = options;
  const scanned: ScannedBuild[] = [];
  for (const b of builds) {
    try {
      const report = await analyze({ ...analyzeOptions, cwd: root, context: b.context, ...(b.dockerfile !== null ? { dockerfile: b.dockerfile } : {}) });
      scanned.push({ ...b, report, error: null });
    } catch (error) {
      if (!(error instanceof BuildctxError)) throw error;
      scanned.push({ ...b, report: null, error: error.message });
    }
  }
  return { root, builds: scanned, warnings };
}

/** A path for the scan's output: relative to the root ("." for the root itself). */
export function relativeToRoot(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return rel === '' ? '.' : toPosix(rel);
}
