// Output of `buildctx scan --all`: one summary table of the builds, then each build's findings;
// JSON is an array of reports, each with the `build` that declares it.
import { newTable } from './cli-table.js';
import { formatBytes, formatCount } from '../units.js';
import { relativeToRoot, type ScanResult } from '../scan/scan.js';
import type { Report, Severity } from '../types.js';
import { displayPath, toWellFormed } from './display-path.js';
import { withRawPaths } from './json.js';
import { DEFAULT_COLUMNS } from './table.js';
import { displayWidth, truncateMiddle, wrap } from './text-layout.js';

export interface ScanTextOptions {
  color: boolean;
  /** The terminal's width: no line is wider (default 100, at least 40). */
  columns?: number | undefined;
}

const MIN_COLUMNS = 40;

/** `text` wrapped to `width`, the lines after the first indented by two spaces. */
function hanging(text: string, width: number): string[] {
  const [first = '', ...rest] = wrap(`  ${text}`, width, '  ');
  return [first.slice(2), ...rest];
}
/** The table's text columns (build, context, Dockerfile) are cut in the middle to no less than this. */
const MIN_TEXT_WIDTH = 14;

/**
 * Widths for the text columns so that they shrink by `overflow` columns in all: the widest are cut
 * first, to a common width, and none below MIN_TEXT_WIDTH (or its own width when smaller).
 */
function shrinkWidths(natural: readonly number[], overflow: number): number[] {
  const target = Math.max(
    natural.reduce((n, w) => n + Math.min(w, MIN_TEXT_WIDTH), 0),
    natural.reduce((n, w) => n + w, 0) - overflow,
  );
  let cap = Math.max(...natural);
  while (cap > MIN_TEXT_WIDTH && natural.reduce((n, w) => n + Math.min(w, cap), 0) > target) cap--;
  return natural.map((w) => Math.min(w, cap));
}

const SEVERITY_COLOR: Record<Severity, string> = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m' };
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

function countBy(report: Report, severity: Severity): number {
  return report.findings.filter((f) => f.severity === severity).length;
}

export function renderScanTable(result: ScanResult, options: ScanTextOptions): string {
  const { color } = options;
  const width = Math.max(MIN_COLUMNS, options.columns ?? DEFAULT_COLUMNS);
  const bold = (s: string): string => (color ? BOLD + s + RESET : s);
  const rel = (abs: string): string => displayPath(relativeToRoot(result.root, abs));
  const lines: string[] = [`${bold('Builds below')} ${result.root}`, ''];
  if (result.builds.length === 0) {
    lines.push('No Dockerfile, Compose or bake build found.');
  } else {
    const head = ['build', 'context', 'Dockerfile', 'files', 'bytes', 'errors', 'warnings', 'info'];
    const rows = result.builds.map((b) => {
      const r = b.report;
      const dockerfile = r?.dockerfile ?? b.dockerfile;
      return [
        displayPath(b.build),
        rel(b.context),
        // An inline Dockerfile is named by where it is written (`compose.yaml:web dockerfile_inline`).
        dockerfile === null ? '(default)' : dockerfile.startsWith('/') ? rel(dockerfile) : displayPath(dockerfile),
        r === null ? 'failed' : formatCount(r.summary.files),
        r === null ? '' : formatBytes(r.summary.bytes),
        r === null ? '' : formatCount(countBy(r, 'error')),
        r === null ? '' : formatCount(countBy(r, 'warning')),
        r === null ? '' : formatCount(countBy(r, 'info')),
      ];
    });
    const render = (cells: string[][]): string => {
      const t = newTable({
        head,
        style: { head: color ? ['bold'] : [], border: [], compact: true },
        colAligns: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'],
      });
      for (const row of cells) t.push(row);
      return t.toString();
    };
    let table = render(rows);
    // Wider than the terminal: the build, context and Dockerfile columns are cut in the middle.
    // Only on a terminal of known width: piped, the table keeps every name whole.
    const overflow =
      options.columns === undefined
        ? 0
        : Math.max(...table.split('\n').map((l) => displayWidth(l.replace(/\u001b\[[0-9;]*m/g, '')))) - width;
    if (overflow > 0) {
      const natural = [0, 1, 2].map((i) => Math.max(displayWidth(head[i]!), ...rows.map((r) => displayWidth(r[i]!))));
      const widths = shrinkWidths(natural, overflow);
      const cut = natural.reduce((n, w) => n + w, 0) - widths.reduce((n, w) => n + w, 0);
      if (cut >= overflow)
        table = render(rows.map((r) => r.map((cell, i) => (i < 3 ? truncateMiddle(cell, widths[i]!) : cell))));
      else {
        // Too narrow for the table: one wrapped paragraph per build, continuation lines indented.
        table = rows
          .flatMap(([build, context, dockerfile, files, bytes, errors, warnings, info]) =>
            hanging(
              files === 'failed'
                ? `${build}: context ${context}, Dockerfile ${dockerfile}: failed`
                : `${build}: context ${context}, Dockerfile ${dockerfile}, ${files} files, ${bytes}, ${errors} errors, ${warnings} warnings, ${info} info`,
              width,
            ),
          )
          .join('\n');
      }
    }
    lines.push(table);
  }
  for (const b of result.builds) {
    if (b.error !== null) {
      const [first = '', ...rest] = wrap(
        `${displayPath(b.build)}: cannot be analyzed: ${toWellFormed(b.error)}`,
        width,
      );
      const name = displayPath(b.build);
      lines.push('', first.startsWith(name) ? bold(name) + first.slice(name.length) : first, ...rest);
      continue;
    }
    const findings = b.report!.findings;
    if (findings.length === 0) continue;
    lines.push(
      '',
      ...wrap(`${displayPath(b.build)} (${findings.length} finding${findings.length === 1 ? '' : 's'})`, width).map(
        bold,
      ),
    );
    for (const f of findings) {
      const where = f.line !== undefined ? `${displayPath(f.path)}:${f.line}` : displayPath(f.path);
      // Wrapped to the terminal, continuation lines indented under the severity.
      const [first = '', ...rest] = wrap(
        `${f.severity} [${f.check}] ${where}: ${toWellFormed(f.message)}`,
        width - 2,
        '  ',
      );
      const sev = color ? SEVERITY_COLOR[f.severity] + f.severity + RESET : f.severity;
      lines.push(`  ${sev}${first.slice(2 + f.severity.length)}`, ...rest.map((l) => `  ${l}`));
    }
  }
  return lines.join('\n') + '\n';
}

/** The reports of the builds that could be analyzed, each with its `build`. */
export function renderScanJson(result: ScanResult): string {
  const reports = result.builds
    .filter((b) => b.report !== null)
    .map((b) => ({
      build: b.build,
      contextRule: b.contextRule,
      ...(b.service !== null
        ? {
            service: b.service,
            services: b.services,
            composeFiles: b.composeFiles,
            buildTarget: b.target,
            buildArgs: b.buildArgs,
            platforms: b.platforms,
          }
        : {}),
      ...b.report!,
    }));
  return JSON.stringify(withRawPaths(reports), null, 2) + '\n';
}
