// The CI guard: compares a report with a baseline report (what grew, which findings are new) and
// decides whether the run fails. Plain functions over reports; reading files is the CLI's job.
import { BuildctxError } from '../errors.js';
import { fingerprintOf } from '../analyze/fingerprint.js';
import { SEVERITY_RANK } from '../analyze/registry.js';
import type {
  BaselineComparison,
  Change,
  Finding,
  GrowthLimitResult,
  PathChange,
  PathSize,
  PathSizes,
  Report,
  Severity,
} from '../types.js';
import { comparePathSizes } from './path-growth.js';
import { formatBytes } from '../units.js';

/** `--fail-on`: the least severe finding that fails the run; `none`: findings never do. */
export type FailOn = Severity | 'none';

export const FAIL_ON_LEVELS = ['error', 'warning', 'info', 'none'] as const satisfies readonly FailOn[];

/** Bound on a baseline file: reports are small; this only stops a wrong file from being read whole. */
export const MAX_BASELINE_BYTES = 64 * 2 ** 20;

/** What the guard reads from a previous JSON report. */
export interface Baseline {
  summary: { files: number; bytes: number; tarBytes: number };
  findings: { check: string; fingerprint: string }[];
  /** The report's `pathSizes`; null when it has none (written without them, or not as JSON). */
  pathSizes: PathSizes | null;
}

/** `--max-growth`: a size in bytes, or a percentage of the baseline's content bytes. */
export type GrowthSpec = { bytes: number } | { percent: number };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(file: string, why: string): BuildctxError {
  return new BuildctxError('input-invalid', `--baseline ${file}: ${why}`);
}

function countOf(summary: Record<string, unknown>, key: string, file: string): number {
  const n = summary[key];
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw invalid(file, `not a buildctx JSON report (summary.${key} is not a count)`);
  return n;
}

/** Reads a JSON report written by `--format json` (schemaVersion 1); throws a one-line error otherwise. */
export function parseBaseline(text: string, file: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(file, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(value) || !('schemaVersion' in value))
    throw invalid(file, 'not a buildctx JSON report (no schemaVersion)');
  if (value.schemaVersion !== 1)
    throw invalid(
      file,
      `schemaVersion ${JSON.stringify(value.schemaVersion)} is not supported (this buildctx reads 1)`,
    );
  const summary = value.summary;
  if (!isRecord(summary)) throw invalid(file, 'not a buildctx JSON report (no summary)');
  if (!Array.isArray(value.findings)) throw invalid(file, 'not a buildctx JSON report (no findings list)');
  const findings = value.findings.map((f: unknown, i) => {
    if (!isRecord(f) || typeof f.check !== 'string' || typeof f.path !== 'string')
      throw invalid(file, `findings[${i}] has no check or path`);
    const data = isRecord(f.data) ? f.data : {};
    // Recomputed rather than trusted, so both sides of the comparison use the same algorithm.
    return { check: f.check, fingerprint: fingerprintOf({ check: f.check, path: f.path, data }) };
  });
  return {
    pathSizes: parsePathSizes(value.pathSizes, file),
    summary: {
      files: countOf(summary, 'files', file),
      bytes: countOf(summary, 'bytes', file),
      tarBytes: countOf(summary, 'tarBytes', file),
    },
    findings,
  };
}

function parsePathSizes(value: unknown, file: string): PathSizes | null {
  if (value === undefined) return null;
  const bad = (why: string) => invalid(file, `pathSizes ${why}`);
  if (!isRecord(value) || !Array.isArray(value.paths)) throw bad('is not { depth, paths }');
  const depth = value.depth;
  if (depth !== null && (typeof depth !== 'number' || !Number.isSafeInteger(depth) || depth < 0))
    throw bad('depth is not a count or null');
  const paths = value.paths.map((p: unknown, i): PathSize => {
    if (
      !isRecord(p) ||
      typeof p.path !== 'string' ||
      (p.type !== 'dir' && p.type !== 'file') ||
      !Number.isSafeInteger(p.bytes) ||
      !Number.isSafeInteger(p.files)
    )
      throw bad(`[${i}] is not { path, type, bytes, files }`);
    return { path: p.path, type: p.type, bytes: p.bytes as number, files: p.files as number };
  });
  return { depth, paths };
}

function change(before: number, after: number): Change {
  return { before, after, delta: after - before };
}

/** The percentage as an exact decimal, so 0.29% of 10000 bytes is 29, not 28.999…. */
function percentOfBytes(bytes: number, percent: number): number {
  const [whole, fraction = ''] = percent
    .toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 })
    .split('.');
  const scaled = BigInt(whole! + fraction);
  return Number((BigInt(bytes) * scaled) / (100n * 10n ** BigInt(fraction.length)));
}

function growthLimit(bytes: Change, spec: GrowthSpec): GrowthLimitResult {
  const isPercent = 'percent' in spec;
  const maxBytes = isPercent ? percentOfBytes(bytes.before, spec.percent) : spec.bytes;
  return { maxBytes, percent: isPercent ? spec.percent : null, actual: bytes.delta, exceeded: bytes.delta > maxBytes };
}

export interface BaselineOptions {
  /** The baseline file as the user named it (recorded in the report). */
  file: string;
  maxGrowth?: GrowthSpec;
  /** Checks disabled in this run: their baseline findings are not counted as fixed. */
  disabled?: ReadonlySet<string>;
}

/**
 * Marks each finding `new` or not and adds the `baseline` section. Findings are matched by
 * fingerprint as a multiset: when the baseline holds a fingerprint twice and the run has it three
 * times, the last one (in report order) is new.
 */
export function applyBaseline(report: Report, baseline: Baseline, options: BaselineOptions): Report {
  const remaining = new Map<string, number>();
  for (const f of baseline.findings) {
    if (options.disabled?.has(f.check) === true) continue;
    remaining.set(f.fingerprint, (remaining.get(f.fingerprint) ?? 0) + 1);
  }
  let newFindings = 0;
  const findings: Finding[] = report.findings.map((f) => {
    const left = remaining.get(f.fingerprint) ?? 0;
    if (left > 0) remaining.set(f.fingerprint, left - 1);
    else newFindings++;
    return { ...f, new: left === 0 };
  });
  let fixedFindings = 0;
  for (const n of remaining.values()) fixedFindings += n;
  const bytes = change(baseline.summary.bytes, report.summary.bytes);
  const comparison: BaselineComparison = {
    file: options.file,
    files: change(baseline.summary.files, report.summary.files),
    bytes,
    tarBytes: change(baseline.summary.tarBytes, report.summary.tarBytes),
    newFindings,
    fixedFindings,
    ...(options.maxGrowth !== undefined ? { growthLimit: growthLimit(bytes, options.maxGrowth) } : {}),
    paths:
      baseline.pathSizes !== null && report.pathSizes !== undefined
        ? comparePathSizes(baseline.pathSizes, report.pathSizes)
        : [],
    pathsCompared: baseline.pathSizes !== null && report.pathSizes !== undefined,
  };
  return { ...report, findings, baseline: comparison };
}

/** Findings that fail the run at `failOn`: at or above it, not suppressed, and not already in the baseline. */
export function failingFindings(report: Report, failOn: FailOn): Finding[] {
  if (failOn === 'none') return [];
  const worst = SEVERITY_RANK[failOn];
  return report.findings.filter((f) => f.suppressed !== true && f.new !== false && SEVERITY_RANK[f.severity] <= worst);
}

/** Why the guard fails the run, one line each; empty when it passes. */
export function guardFailures(report: Report, failOn: FailOn): string[] {
  const reasons: string[] = [];
  for (const l of report.limits) if (l.exceeded) reasons.push(`--${l.limit} exceeded: ${l.actual} > ${l.max}`);
  const growth = report.baseline?.growthLimit;
  if (growth?.exceeded === true) {
    const where = topGrowth(report.baseline!.paths);
    reasons.push(
      `--max-growth exceeded: content grew by ${growth.actual} bytes, allowed ${growth.maxBytes}${where === '' ? '' : `; grew most: ${where}`}`,
    );
  }
  const failing = failingFindings(report, failOn);
  if (failing.length > 0) {
    const since = report.baseline !== undefined ? ' new since the baseline' : '';
    reasons.push(`${failing.length} finding${failing.length === 1 ? '' : 's'} at or above --fail-on ${failOn}${since}`);
  }
  return reasons;
}

/** How many grown paths a --max-growth failure names. */
export const GROWTH_CULPRITS = 5;

/** "a/b (+8MB, added), c (+2MB)": the paths that grew most, for messages. */
export function topGrowth(paths: readonly PathChange[]): string {
  return paths
    .filter((p) => p.delta > 0)
    .slice(0, GROWTH_CULPRITS)
    .map(
      (p) =>
        `${p.path}${p.type === 'dir' ? '/' : ''} (+${formatBytes(p.delta)}${p.status === 'added' ? ', added' : ''})`,
    )
    .join(', ');
}
