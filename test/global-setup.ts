// Builds the package once per source state, before any test runs, into a private directory that
// nothing rewrites while a run uses it: the tests that start the real bin never see a half-built
// dist/, whether a developer runs `npm run build` meanwhile or two `npm test` runs overlap.
//
// The build only strips types, file by file, with esbuild (vitest's own transformer): 0.2 s of CPU
// where `tsc` took 11.8 s, all of it before the first test could start. Type errors are
// `npm run typecheck`'s business, and `tsconfig.json` (verbatimModuleSyntax) keeps every file
// transformable on its own. The CLI's bundle, which the bin runs, is built beside it by
// esbuild.config.mjs, as `npm run build` does.
//
// The directory is named by a hash of what the build reads (src/, bin/, tsconfig.json,
// package.json, esbuild.config.mjs), so an unchanged tree reuses the last build, and a run that races another builds
// into a temporary name and renames it into place (rename(2) is atomic; the loser discards its copy).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import type { TestProject } from 'vitest/node';

const ROOT = path.join(import.meta.dirname, '..');
/** Under node_modules so the built files resolve the package's dependencies. */
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'buildctx-test');
/** Builds older than this are removed; no run lasts that long. */
const STALE_MS = 24 * 60 * 60 * 1000;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(p) : [p];
  });
}

function sourceHash(): string {
  const hash = createHash('sha256');
  const inputs = [
    ...filesUnder(path.join(ROOT, 'src')),
    ...filesUnder(path.join(ROOT, 'bin')),
    path.join(ROOT, 'tsconfig.json'),
    path.join(ROOT, 'package.json'),
    path.join(ROOT, 'esbuild.config.mjs'),
  ];
  for (const file of inputs.sort()) {
    hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function removeStale(keep: string): void {
  if (!fs.existsSync(CACHE)) return;
  for (const name of fs.readdirSync(CACHE)) {
    const dir = path.join(CACHE, name);
    if (dir === keep) continue;
    if (Date.now() - fs.statSync(dir).mtimeMs > STALE_MS) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function build(target: string): void {
  const tmp = `${target}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const src = path.join(ROOT, 'src');
    buildSync({
      entryPoints: filesUnder(src).filter((file) => file.endsWith('.ts')),
      outbase: src,
      outdir: path.join(tmp, 'dist'),
      format: 'esm',
      platform: 'node',
      target: 'node20',
      tsconfig: path.join(ROOT, 'tsconfig.json'),
      logLevel: 'error',
    });
    // The bin runs the CLI's bundle (esbuild.config.mjs), built here exactly as `npm run build` builds it.
    const bundled = spawnSync(
      process.execPath,
      [path.join(ROOT, 'esbuild.config.mjs'), path.join(tmp, 'dist', 'bundle')],
      {
        encoding: 'utf8',
      },
    );
    if (bundled.status !== 0) throw new Error(`esbuild.config.mjs failed: ${bundled.stderr}`);
    fs.mkdirSync(path.join(tmp, 'bin'));
    fs.copyFileSync(path.join(ROOT, 'bin/buildctx.js'), path.join(tmp, 'bin/buildctx.js'));
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(tmp, 'package.json'));
    try {
      fs.renameSync(tmp, target);
    } catch (error) {
      // Another run finished the same build first; theirs is identical.
      if (!fs.existsSync(path.join(target, 'bin/buildctx.js'))) throw error;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export default function setup(project: TestProject): void {
  const target = path.join(CACHE, sourceHash());
  fs.mkdirSync(CACHE, { recursive: true });
  if (!fs.existsSync(path.join(target, 'bin/buildctx.js'))) build(target);
  fs.utimesSync(target, new Date(), new Date());
  removeStale(target);
  project.provide('builtPackage', target);
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory holding this run's build: bin/buildctx.js, dist/, package.json. */
    builtPackage: string;
  }
}
