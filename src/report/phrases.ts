// Small pieces of text the human-facing reporters (table, markdown, github) share.
import { formatBytes, formatCount, plural } from '../units.js';
import type { BaselineComparison, Finding, GrowthLimitResult, PathChange, Severity } from '../types.js';
import { displayPath } from './display-path.js';

const SEVERITIES = ['error', 'warning', 'info'] as const satisfies readonly Severity[];

export { plural } from '../units.js';

/** "+1.2MB", "-300B", "±0". */
export function formatSigned(n: number, format: (n: number) => string): string {
  return n > 0 ? `+${format(n)}` : n < 0 ? `-${format(-n)}` : '±0';
}

/** "1 error, 2 warnings, 3 info", or "no findings". */
export function severityCounts(findings: readonly Finding[]): string {
  const parts: string[] = [];
  const shown = visibleFindings(findings);
  for (const sev of SEVERITIES) {
    const n = shown.filter((f) => f.severity === sev).length;
    if (n > 0) parts.push(sev === 'info' ? `${formatCount(n)} info` : plural(n, sev));
  }
  const suppressed = findings.length - shown.length;
  const counts = parts.length === 0 ? 'no findings' : parts.join(', ');
  return suppressed > 0 ? `${counts} (${formatCount(suppressed)} suppressed)` : counts;
}

/** The findings people are shown: suppressed ones are only counted (JSON and SARIF keep them). */
export function visibleFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.suppressed !== true);
}

/** What `--max-growth` allowed: "5% = 1.2MB" or "10MB". */
export function growthAllowance(g: GrowthLimitResult): string {
  return g.percent !== null ? `${g.percent}% = ${formatBytes(g.maxBytes)}` : formatBytes(g.maxBytes);
}

/** The ignore lines a finding suggests (already checked to work), or none. */
export function suggestedIgnoreLines(f: Pick<Finding, 'data'>): string[] {
  const lines = f.data.ignoreLines;
  return Array.isArray(lines) ? lines.filter((l): l is string => typeof l === 'string') : [];
}

/** The Dockerfile change a finding suggests, or null. */
export function suggestedDockerfileFix(f: Pick<Finding, 'data'>): string | null {
  return typeof f.data.dockerfileFix === 'string' ? f.data.dockerfileFix : null;
}

/** One changed path: "node_modules/sharp/ +40kB (added)". */
export function pathChangeText(c: PathChange): string {
  const status = c.status === 'added' || c.status === 'removed' ? ` (${c.status})` : '';
  return `${displayPath(c.path)}${c.type === 'dir' ? '/' : ''} ${formatSigned(c.delta, formatBytes)}${status}`;
}

/** The changed paths of a baseline comparison as one phrase, at most `max` of them. */
export function pathChangesText(b: BaselineComparison, max: number): string {
  if (!b.pathsCompared) return 'not known: the baseline report has no path sizes (write it with --format json)';
  if (b.paths.length === 0) return 'no path changed';
  const more = b.paths.length - max;
  return b.paths.slice(0, max).map(pathChangeText).join(', ') + (more > 0 ? `, and ${more} more` : '');
}
