// Output of `buildctx scan --all`: one summary table of the builds, then each build's findings;
// JSON is an array of reports, each with the `build` that declares it.
import { newTable } from './cli-table.js';
import { formatBytes, formatCount } from '../units.js';
import { relativeToRoot, type ScanResult } from '../scan/scan.js';
import type { Report, Severity } from '../types.js';
import { displayPath, toWellFormed } from './display-path.js';
import { withRawPaths } from './json.js';

export interface ScanTextOptions {
  color: boolean;
}

const SEVERITY_COLOR: Record<Severity, string> = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m' };
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

function countBy(report: Report, severity: Severity): number {
  return report.findings.filter((f) => f.severity === severity).length;
}

export function renderScanTable(result: ScanResult, options: ScanTextOptions): string {
  const { color } = options;
  const bold = (s: string): string => (color ? BOLD + s + RESET : s);
  const rel = (abs: string): string => displayPath(relativeToRoot(result.root, abs));
  const lines: string[] = [`${bold('Builds below')} ${result.root}`, ''];
  if (result.builds.length === 0) {
    lines.push('No Dockerfile, Compose or bake build found.');
  } else {
    const t = newTable({
      head: ['build', 'context', 'Dockerfile', 'files', 'bytes', 'errors', 'warnings', 'info'],
      style: { head: color ? ['bold'] : [], border: [], compact: true },
      colAligns: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'],
    });
    for (const b of result.builds) {
      const r = b.report;
      const dockerfile = r?.dockerfile ?? b.dockerfile;
      t.push([
        displayPath(b.build),
        rel(b.context),
        // An inline Dockerfile is named by where it is written (`compose.yaml:web dockerfile_inline`).
        dockerfile === null ? '(default)' : dockerfile.startsWith('/') ? rel(dockerfile) : displayPath(dockerfile),
        r === null ? 'failed' : formatCount(r.summary.files),
        r === null ? '' : formatBytes(r.summary.bytes),
        r === null ? '' : formatCount(countBy(r, 'error')),
        r === null ? '' : formatCount(countBy(r, 'warning')),
        r === null ? '' : formatCount(countBy(r, 'info')),
      ]);
    }
    lines.push(t.toString());
  }
  for (const b of result.builds) {
    if (b.error !== null) {
      lines.push('', `${bold(displayPath(b.build))}: cannot be analyzed: ${toWellFormed(b.error)}`);
      continue;
    }
    const findings = b.report!.findings;
    if (findings.length === 0) continue;
    lines.push('', bold(`${displayPath(b.build)} (${findings.length} finding${findings.length === 1 ? '' : 's'})`));
    for (const f of findings) {
      const sev = color ? SEVERITY_COLOR[f.severity] + f.severity + RESET : f.severity;
      const where = f.line !== undefined ? `${displayPath(f.path)}:${f.line}` : displayPath(f.path);
      lines.push(`  ${sev} [${f.check}] ${where}: ${toWellFormed(f.message)}`);
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
