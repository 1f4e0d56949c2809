// The human report: totals, what the ignore file saved, the largest directories and files,
// findings and limits. A plain function of the report.
import { newTable, type CliTable } from './cli-table.js';
import { formatBytes, formatCount, formatPercent } from '../units.js';
import type { Finding, Report, Severity } from '../types.js';
import { displayPath, toWellFormed } from './display-path.js';
import { formatSigned, growthAllowance, suggestedDockerfileFix, suggestedIgnoreLines } from './phrases.js';

export interface TableOptions {
  color: boolean;
  /** Terminal width, when known. */
  columns?: number | undefined;
}

const SEVERITY_COLOR: Record<Severity, string> = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m' };
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

function table(head: string[], color: boolean, align?: ('left' | 'right')[]): CliTable {
  return newTable({
    head,
    style: { head: color ? ['bold'] : [], border: [], compact: false },
    ...(align !== undefined ? { colAligns: align } : {}),
  });
}

/** The fix a finding suggests: ignore lines (already checked to work) and the Dockerfile change. */
function fixLines(f: Finding): string[] {
  const out: string[] = [];
  const ignore = suggestedIgnoreLines(f);
  if (ignore.length > 0) out.push(`      fix: add to the ignore file: ${ignore.map(displayPath).join('  ')}`);
  const dockerfile = suggestedDockerfileFix(f);
  if (dockerfile !== null) out.push(`      and in the Dockerfile: ${dockerfile}`);
  return out;
}

export function renderTable(report: Report, options: TableOptions): string {
  const { color } = options;
  const bold = (s: string): string => (color ? BOLD + s + RESET : s);
  const s = report.summary;
  const lines: string[] = [];
  lines.push(`${bold('Build context')} ${report.context}`);
  lines.push(`  Dockerfile:  ${report.dockerfile ?? '(none)'}`);
  lines.push(`  Ignore file: ${report.ignoreFile === null ? '(none: everything is sent)' : `${report.ignoreFile}${report.ignoreFileSource === 'dockerfile-specific' ? ' (Dockerfile-specific, replaces .dockerignore)' : ''}`}`);
  const t = report.target;
  lines.push(`  Target:      ${t.platform} (${t.platformSource}), ${t.libc} (${t.libcSource})${t.baseImage !== null ? `, base image ${t.baseImage}` : ''}`);
  lines.push('');

  const totals = table(['', 'files', 'dirs', 'bytes'], color, ['left', 'right', 'right', 'right']);
  totals.push(['eligible (ignore file applied)', formatCount(s.files), formatCount(s.dirs), formatBytes(s.bytes)]);
  totals.push(['requested by the Dockerfile', formatCount(s.referencedFiles), '', formatBytes(s.referencedBytes)]);
  totals.push(['BuildKit transfer, cold build', '', '', `≈ ${formatBytes(s.transferBytes)}`]);
  if (s.uncopiedFiles !== null && s.uncopiedBytes !== null) totals.push(['eligible, never copied', formatCount(s.uncopiedFiles), '', formatBytes(s.uncopiedBytes)]);
  const all = s.bytes + s.excludedBytes;
  totals.push([
    'kept out by the ignore file',
    formatCount(s.excludedFiles),
    '',
    `${formatBytes(s.excludedBytes)} (${formatPercent(s.excludedBytes, all)})`,
  ]);
  totals.push(['classic builder tar stream', '', '', formatBytes(s.tarBytes)]);
  totals.push(['identified by their bytes', formatCount(s.sniffedFiles), '', '']);
  if (s.harmlessForeign > 0) totals.push(['  foreign but harmless', formatCount(s.harmlessForeign), '', '']);
  lines.push(totals.toString());

  if (report.largestDirs.length > 0) {
    lines.push('', bold('Largest directories sent'));
    const t = table(['directory', 'files', 'bytes', 'share'], color, ['left', 'right', 'right', 'right']);
    for (const d of report.largestDirs) t.push([displayPath(d.path) + '/', formatCount(d.files), formatBytes(d.bytes), formatPercent(d.bytes, s.bytes)]);
    lines.push(t.toString());
  }
  if (report.largestFiles.length > 0) {
    lines.push('', bold('Largest files sent'));
    const t = table(['file', 'bytes', ...(report.largestFiles.some((f) => f.kind !== undefined) ? ['kind'] : [])], color, ['left', 'right', 'left']);
    for (const f of report.largestFiles) t.push([displayPath(f.path), formatBytes(f.bytes), ...(f.kind !== undefined ? [f.kind] : [])]);
    lines.push(t.toString());
  }

  if (report.contentKinds.length > 0) {
    lines.push('', bold('Large files by content'));
    for (const k of report.contentKinds) {
      const where = k.dirs.map((d) => (d.path === '.' ? `${formatBytes(d.bytes)} at the top level` : `${formatBytes(d.bytes)} under ${displayPath(d.path)}/`)).join(', ');
      lines.push(`  ${formatBytes(k.bytes)} of ${k.kind.replace('-', ' ')} in ${formatCount(k.files)} file${k.files === 1 ? '' : 's'}: ${where}`);
    }
  }

  lines.push('');
  if (report.findings.length === 0) {
    lines.push(bold('Findings: none'));
  } else {
    lines.push(bold(`Findings (${report.findings.length})`));
    for (const f of report.findings) {
      const sev = color ? SEVERITY_COLOR[f.severity] + f.severity + RESET : f.severity;
      const where = f.line !== undefined ? `${displayPath(f.path)}:${f.line}` : displayPath(f.path);
      const tag = f.new === true ? ' (new)' : f.new === false ? ' (in baseline)' : '';
      lines.push(`  ${sev} [${f.check}]${tag} ${where}: ${toWellFormed(f.message)}`);
      lines.push(...fixLines(f));
    }
  }
  for (const l of report.limits) {
    if (!l.exceeded) continue;
    const fmt = l.limit === 'max-size' ? formatBytes : formatCount;
    lines.push('', bold(`Limit exceeded: --${l.limit} ${fmt(l.max)}, measured ${fmt(l.actual)}`));
    lines.push('  Biggest contributors:');
    for (const c of l.contributors) lines.push(`    ${l.limit === 'max-size' ? formatBytes(c.bytes) : formatCount(c.files)}  ${displayPath(c.path)}`);
  }
  const b = report.baseline;
  if (b !== undefined) {
    lines.push('', bold(`Since the baseline ${b.file}`));
    lines.push(`  files ${formatSigned(b.files.delta, formatCount)} (${formatCount(b.files.before)} → ${formatCount(b.files.after)}), bytes ${formatSigned(b.bytes.delta, formatBytes)} (${formatBytes(b.bytes.before)} → ${formatBytes(b.bytes.after)}), classic tar ${formatSigned(b.tarBytes.delta, formatBytes)}`);
    lines.push(`  findings: ${b.newFindings} new, ${b.fixedFindings} fixed`);
    const g = b.growthLimit;
    if (g?.exceeded === true) lines.push('', bold(`Limit exceeded: --max-growth ${growthAllowance(g)}, grew ${formatBytes(g.actual)}`));
  }
  return lines.join('\n') + '\n';
}
