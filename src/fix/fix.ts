// `buildctx fix`: analyze, plan the ignore-file lines (src/facts/plan-fix.ts), then analyze
// again with the edited file in place of the real one, so the before/after numbers and the
// findings that remain are computed by the analysis itself, from the first walk's entries where
// that is exact (src/context/simulate-context.ts). Writing the file is the caller's step.
import * as path from 'node:path';
import {
  analyzeContext,
  analyzeWithIgnoreFile,
  plannedIgnoreLines,
  type AnalyzeOptions,
  type Analysis,
} from '../analyze/analyze.js';
import { MAX_IGNORE_FILE_BYTES } from '../context/load-context.js';
import { appendBlock, blockLines, planFix, type FixPlan } from '../facts/plan-fix.js';
import { protectedPathsOf } from '../facts/advice-guard.js';
import { BuildctxError } from '../errors.js';
import { FsError, type FileSystem } from '../fs/file-system.js';
import { nodeFileSystem } from '../fs/node-fs.js';
import { overlayFile } from '../fs/overlay-fs.js';
import type { Finding, IgnoreFileSource, Report } from '../types.js';

export interface FixOptions extends AnalyzeOptions {
  /** Fix only the findings of these checks (and count only theirs as remaining). */
  only?: readonly string[];
}

export interface FixTarget {
  /** Absolute path of the ignore file that is edited (or created). */
  path: string;
  /** For display: context-relative when inside the context. */
  displayPath: string;
  /** Which file Docker reads; null when there is none and the root .dockerignore is created. */
  source: IgnoreFileSource | null;
  exists: boolean;
}

export interface FixResult {
  target: FixTarget;
  before: Report;
  /** The report with the edited ignore file (the same as `before` when nothing changes). */
  after: Report;
  plan: FixPlan;
  /** The file's bytes now (null when it does not exist) and after the edit. */
  oldContent: Uint8Array | null;
  newContent: Uint8Array;
  changed: boolean;
  /** Findings in scope before the edit. */
  targeted: Finding[];
  /** Findings in scope that the edited context still has. */
  remaining: Finding[];
  /**
   * Findings in scope (warnings and errors) that suggest no ignore line — Dockerfile lints, and
   * files an ignore line may not remove because the Dockerfile names them: the change they need is
   * in the Dockerfile (`data.dockerfileFix`, `data.dockerfileChange`) or their message.
   */
  unresolved: Finding[];
}

function readIgnoreBytes(fs: FileSystem, target: FixTarget): Uint8Array | null {
  const st = fs.lstat(target.path);
  if (st === null) return null;
  // Writing replaces the file by rename: a symlink would be replaced, not its target edited.
  if (st.type === 'symlink')
    throw new BuildctxError(
      'usage',
      `fix: ${target.displayPath} is a symbolic link; edit the file it points to, or pass that file with --ignore-file`,
    );
  if (st.type !== 'file')
    throw new BuildctxError('ignore-file-unreadable', `fix: ${target.displayPath} is not a regular file`);
  try {
    return fs.readFile(target.path, MAX_IGNORE_FILE_BYTES);
  } catch (error) {
    if (error instanceof FsError)
      throw new BuildctxError(
        'ignore-file-unreadable',
        `fix: cannot read ${target.displayPath}: ${error.code.toLowerCase()}`,
      );
    throw error;
  }
}

function targetOf(analysis: Analysis): FixTarget {
  const ignore = analysis.model.ignore;
  if (ignore !== null)
    return { path: ignore.path, displayPath: ignore.displayPath, source: ignore.source, exists: true };
  return {
    path: path.join(analysis.model.root, '.dockerignore'),
    displayPath: '.dockerignore',
    source: null,
    exists: false,
  };
}

function inScope(only: ReadonlySet<string> | null): (f: Finding) => boolean {
  return (f) => only === null || only.has(f.check);
}

/** Findings an ignore line can resolve: those that suggest lines (Dockerfile lints do not). */
function suggestsLines(f: Finding): boolean {
  return Array.isArray(f.data.ignoreLines) && f.data.ignoreLines.length > 0;
}

/** A suppressed finding is accepted as it is: fix leaves it alone. */
function unsuppressed(f: Finding): boolean {
  return f.suppressed !== true;
}

/** Plans the ignore-file edit that resolves the findings and measures the context with it. */
export async function planContextFix(options: FixOptions = {}): Promise<FixResult> {
  const fs = options.fs ?? nodeFileSystem;
  const only = options.only !== undefined && options.only.length > 0 ? new Set(options.only) : null;
  const before = await analyzeContext({ ...options, fs });
  const target = targetOf(before);
  const oldContent = readIgnoreBytes(fs, target);
  const prot = protectedPathsOf(before.model);
  const targeted = before.report.findings.filter(unsuppressed).filter(inScope(only)).filter(suggestsLines);
  const targetedPrints = new Set(targeted.map((f) => f.fingerprint));
  const plan =
    plannedIgnoreLines(before, targeted) ??
    planFix({
      entries: before.model.entries,
      patterns: before.model.ignore?.patterns ?? [],
      findings: targeted,
      protected: prot,
    });
  const lines = blockLines(plan);
  const newContent = appendBlock(oldContent, lines);
  const changed = lines.length > 0;
  // Measured from the first walk where the lines only keep more out (no second walk of the tree),
  // else by walking the context again with the edited file.
  const after = changed
    ? await analyzeWithIgnoreFile(
        before,
        { ...options, fs },
        overlayFile(fs, target.path, newContent),
        target.path,
        newContent.length,
        oldContent !== null,
      )
    : before;
  // The plan only ever keeps more out and never what a COPY names; check both on the result (a
  // new ignore file is the one entry it may add).
  const removable = targeted.flatMap((f) =>
    Array.isArray(f.data.removablePaths) ? f.data.removablePaths.filter((p): p is string => typeof p === 'string') : [],
  );
  const lost = [...prot.copied.keys(), ...prot.run.keys(), ...prot.publicEnv.keys()].filter(
    (p) =>
      !after.model.entryByPath.has(p) &&
      (prot.named.has(p) ||
        prot.run.has(p) ||
        prot.publicEnv.has(p) ||
        !removable.some((r) => p === r || p.startsWith(r + '/'))),
  );
  if (lost.length > 0) throw new Error(`fix: the planned lines would remove ${lost[0]}, which the Dockerfile copies`);
  const gained = after.model.entries.filter(
    (e) => !before.model.entryByPath.has(e.path) && path.join(after.model.root, e.path) !== target.path,
  );
  if (gained.length > 0) throw new Error(`fix: the planned lines would send ${gained[0]!.path}, which is not sent now`);
  return {
    target,
    before: before.report,
    after: after.report,
    plan,
    oldContent,
    newContent,
    changed,
    targeted,
    remaining: after.report.findings
      .filter(unsuppressed)
      .filter(inScope(only))
      .filter((f) => suggestsLines(f) || targetedPrints.has(f.fingerprint)),
    unresolved: before.report.findings
      .filter(unsuppressed)
      .filter(inScope(only))
      .filter((f) => !suggestsLines(f) && f.severity !== 'info'),
  };
}
