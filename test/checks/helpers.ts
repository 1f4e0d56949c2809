// Builds check models from real directory trees the way analyze() does, with the option to set
// target facts that only a base image name gives (Python, Node, glibc versions).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCheckModel } from '../../src/analyze/analyze.js';
import { loadContext } from '../../src/context/load-context.js';
import { resolveTarget } from '../../src/dockerfile/target.js';
import type { CheckModel } from '../../src/facts/check-model.js';
import type { TargetInfo } from '../../src/dockerfile/target.js';
import { gatherEvidence } from '../../src/facts/gather-evidence.js';
import { checks, runChecks } from '../../src/analyze/registry.js';
import { nodeFileSystem } from '../../src/fs/node-fs.js';
import type { Finding } from '../../src/types.js';
import { tempDir } from '../helpers/make-tree.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The checks about host environments and foreign binaries (the scenarios' subject; others, such as the Dockerfile lints, report on the same contexts). */
export const HOST_CHECKS: ReadonlySet<string> = new Set([
  'foreign-binary',
  'glibc-too-new',
  'host-environment',
  'host-path-link',
  'foreign-extension-suffix',
  'stale-bytecode',
  'macos-litter',
]);
const BINARIES = path.join(REPO, 'fixtures/binaries');
const EXAMPLES = path.join(REPO, 'fixtures/examples');

/** A fixture binary as tree content, keeping its mode. */
export function bin(name: string, mode?: number): { content: Buffer; mode: number } {
  const file = path.join(BINARIES, name);
  return { content: fs.readFileSync(file), mode: mode ?? fs.statSync(file).mode & 0o777 };
}

export interface ModelOptions {
  platform?: string;
  libc?: string;
  deep?: boolean;
  sniff?: boolean;
  /** Facts a base image name would give. */
  target?: Partial<Pick<TargetInfo, 'glibcVersion' | 'pythonVersion' | 'nodeMajor'>>;
}

export function buildModel(dir: string, options: ModelOptions = {}): CheckModel {
  const ctx = loadContext({
    fs: nodeFileSystem,
    cwd: dir,
    context: dir,
    classic: false,
    measureExcluded: false,
    stat: true,
    readLinks: true,
  });
  const target = {
    ...resolveTarget(
      {
        ...(options.platform !== undefined ? { platform: options.platform } : {}),
        ...(options.libc !== undefined ? { libc: options.libc } : {}),
      },
      null,
    ),
    ...options.target,
  };
  const deep = options.deep === true;
  const evidence = gatherEvidence({
    fs: nodeFileSystem,
    root: ctx.root,
    entries: ctx.entries,
    checks,
    deep,
    sniff: options.sniff !== false,
  });
  return buildCheckModel(ctx, target, evidence, deep, null);
}

/** Findings of one check (all host checks when `check` is omitted). */
export function findingsOf(dir: string, check?: string, options: ModelOptions = {}): Finding[] {
  // Each check's own findings: merging by root is tested in test/facts/reach.test.ts.
  return runChecks(buildModel(dir, options), { mergeRoots: false }).filter((f) =>
    check === undefined ? HOST_CHECKS.has(f.check) : f.check === check,
  );
}

export interface ExampleManifest {
  /** The host-environment scenarios (fixtures/examples may hold other examples too). */
  scenarios: string[];
  symlinks: Record<string, Record<string, string>>;
  copies: Record<string, Record<string, string>>;
}

export const exampleManifest: ExampleManifest = JSON.parse(
  fs.readFileSync(path.join(EXAMPLES, 'manifest.json'), 'utf8'),
);

export const SCENARIOS = [...exampleManifest.scenarios].sort();

/** A copy of fixtures/examples/<name> in a temp dir, with the symlinks git cannot carry. */
export function copyScenario(name: string): string {
  const dir = path.join(tempDir(`buildctx-${name}-`), name);
  fs.cpSync(path.join(EXAMPLES, name), dir, { recursive: true });
  for (const [link, target] of Object.entries(exampleManifest.symlinks[name] ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, link)), { recursive: true });
    fs.symlinkSync(target, path.join(dir, link));
  }
  return dir;
}

/** Appends lines to the context's .dockerignore (creating it). */
export function appendIgnoreLines(dir: string, lines: readonly string[]): void {
  const file = path.join(dir, '.dockerignore');
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  fs.writeFileSync(file, `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${lines.join('\n')}\n`);
}

/**
 * The severity a finding about these trees gets: they have no Dockerfile, so nothing is built and
 * a check's error is graded down to a warning (reach `no-dockerfile`, src/facts/reach.ts). The
 * check's own severity, with a Dockerfile that runs or imports the files, is pinned beside each
 * table (`image` in test/checks/host-environment.test.ts and foreign-binary.test.ts) and in
 * test/facts/reach.test.ts.
 */
export function withoutDockerfile(severity: string): string {
  return severity === 'error' ? 'warning' : severity;
}
