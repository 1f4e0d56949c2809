// GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` line per finding, so
// the findings annotate the files of the diff, plus a one-line summary notice. Escaping follows
// the runner's rules (actions/toolkit packages/core/src/command.ts): in the message `%`, CR and
// LF are percent-encoded; in property values also `:` and `,`.
import { posix } from 'node:path';
import { formatBytes, formatCount } from '../units.js';
import type { Report, Severity } from '../types.js';
import { toWellFormed } from './display-path.js';
import {
  formatSigned,
  growthAllowance,
  pathChangesText,
  plural,
  severityCounts,
  suggestedIgnoreLines,
  visibleFindings,
} from './phrases.js';
import { GROWTH_CULPRITS } from '../guard/guard.js';

export interface GithubOptions {
  /**
   * The directory annotation paths are relative to: the repository root (GITHUB_WORKSPACE, or the
   * working directory). Absent: paths stay relative to the context.
   */
  root?: string | undefined;
}

type WorkflowCommand = 'error' | 'warning' | 'notice';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const satisfies Record<
  Severity,
  WorkflowCommand
>;

/** The runner reads the log as UTF-8 text: a byte of a name that is not UTF-8 arrives as U+FFFD. */
export function escapeData(text: string): string {
  return toWellFormed(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function workflowCommand(
  command: WorkflowCommand,
  properties: Record<string, string | number | undefined>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${command}${props === '' ? '' : ' ' + props}::${escapeData(message)}\n`;
}

/** The finding's path as the repository sees it: the context's place below `root` plus the path. */
function annotationPath(report: Report, path: string, root: string | undefined): string {
  if (root === undefined) return path;
  return posix.relative(root, path.startsWith('/') ? path : posix.join(report.context, path));
}

function summaryLine(report: Report): string {
  const s = report.summary;
  const parts = [
    `${plural(s.files, 'file')}, ${formatBytes(s.bytes)} sent (classic tar ${formatBytes(s.tarBytes)})`,
    severityCounts(report.findings),
  ];
  const b = report.baseline;
  if (b !== undefined)
    parts.push(
      `since the baseline: ${formatSigned(b.bytes.delta, formatBytes)}, ${b.newFindings} new, ${b.fixedFindings} fixed`,
    );
  return parts.join('; ');
}

export function renderGithub(report: Report, options: GithubOptions = {}): string {
  let out = '';
  for (const f of visibleFindings(report.findings)) {
    const title = f.new === false ? `${f.check} (in baseline)` : f.check;
    const lines = suggestedIgnoreLines(f);
    const fix = lines.length > 0 ? `\nFix: add to ${report.ignoreFile ?? '.dockerignore'}: ${lines.join('  ')}` : '';
    out += workflowCommand(
      COMMAND[f.severity],
      { file: annotationPath(report, f.path, options.root), line: f.line, title },
      f.message + fix,
    );
  }
  for (const l of report.limits) {
    if (!l.exceeded) continue;
    const fmt = l.limit === 'max-size' ? formatBytes : formatCount;
    out += workflowCommand(
      'error',
      { title: `buildctx --${l.limit}` },
      `--${l.limit} ${fmt(l.max)} exceeded: measured ${fmt(l.actual)}`,
    );
  }
  const growth = report.baseline?.growthLimit;
  if (growth?.exceeded === true) {
    out += workflowCommand(
      'error',
      { title: 'buildctx --max-growth' },
      `content grew by ${formatBytes(growth.actual)} since the baseline, allowed ${growthAllowance(growth)}; changed: ${pathChangesText(report.baseline!, GROWTH_CULPRITS)}`,
    );
  }
  out += workflowCommand('notice', { title: 'buildctx' }, summaryLine(report));
  return out;
}
