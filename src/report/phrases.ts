// Small pieces of text the human-facing reporters (table, markdown, github) share.
import { formatBytes, formatCount } from '../cli/format.js';
import type { Finding, GrowthLimitResult, Severity } from '../types.js';

const SEVERITIES = ['error', 'warning', 'info'] as const satisfies readonly Severity[];

/** "1 file", "1,234 files". */
export function plural(n: number, word: string, plural = word + 's'): string {
  return `${formatCount(n)} ${n === 1 ? word : plural}`;
}

/** "+1.2MB", "-300B", "±0". */
export function formatSigned(n: number, format: (n: number) => string): string {
  return n > 0 ? `+${format(n)}` : n < 0 ? `-${format(-n)}` : '±0';
}

/** "1 error, 2 warnings, 3 info", or "no findings". */
export function severityCounts(findings: readonly Finding[]): string {
  const parts: string[] = [];
  for (const sev of SEVERITIES) {
    const n = findings.filter((f) => f.severity === sev).length;
    if (n > 0) parts.push(sev === 'info' ? `${formatCount(n)} info` : plural(n, sev));
  }
  return parts.length === 0 ? 'no findings' : parts.join(', ');
}

/** What `--max-growth` allowed: "5% = 1.2MB" or "10MB". */
export function growthAllowance(g: GrowthLimitResult): string {
  return g.percent !== null ? `${g.percent}% = ${formatBytes(g.maxBytes)}` : formatBytes(g.maxBytes);
}
