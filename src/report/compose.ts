// Output of `buildctx compose`: each service's build in every format. JSON is one object with
// the project and `builds[]` (one report per build); SARIF is one run per build, each result
// carrying the service as a logical location; Markdown and GitHub annotations name the service.
import type { ComposeResult } from '../scan/compose.js';
import type { ScannedBuild } from '../scan/scan.js';
import type { Finding, Report } from '../types.js';
import { VERSION } from '../version.js';
import { withRawPaths } from './json.js';
import { textReporters, type Format, type ReporterOptions } from './formats.js';
import { SARIF_SCHEMA } from './sarif.js';
import { renderScanTable } from './scan.js';

/** The facts of a build that are not in its report. */
function buildFacts(b: ScannedBuild) {
  return {
    build: b.build,
    service: b.service,
    services: b.services,
    composeFiles: b.composeFiles,
    contextRule: b.contextRule,
    buildTarget: b.target,
    buildArgs: b.buildArgs,
    platforms: b.platforms,
    namedContexts: b.namedContexts,
    mounts: b.mounts,
  };
}

export function renderComposeJson(result: ComposeResult): string {
  const builds = result.builds.map((b) => ({ ...buildFacts(b), error: b.error, ...(b.report ?? {}) }));
  return JSON.stringify(withRawPaths({ project: result.project, warnings: result.warnings, builds }), null, 2) + '\n';
}

/** A report whose findings say which service they belong to. */
function namedReport(b: ScannedBuild): Report {
  const who = b.service ?? b.build;
  return {
    ...b.report!,
    findings: b.report!.findings.map((f: Finding) => ({ ...f, message: `[${who}] ${f.message}` })),
  };
}

interface SarifLog {
  runs: { automationDetails?: { id: string }; results?: { locations?: { logicalLocations?: unknown[] }[] }[] }[];
  [key: string]: unknown;
}

function renderComposeSarif(result: ComposeResult, options: ReporterOptions): string {
  let log: SarifLog | null = null;
  for (const b of result.builds) {
    if (b.report === null) continue;
    const one = JSON.parse(textReporters.sarif(b.report, options)) as SarifLog;
    for (const run of one.runs) {
      run.automationDetails = { id: `compose/${b.service ?? b.build}/` };
      for (const r of run.results ?? [])
        for (const loc of r.locations ?? []) loc.logicalLocations = [{ name: b.service ?? b.build, kind: 'module' }];
    }
    if (log === null) log = one;
    else log.runs.push(...one.runs);
  }
  // SARIF wants at least one run: an empty one when no build could be analyzed.
  if (log === null)
    log = {
      $schema: SARIF_SCHEMA,
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'buildctx', version: VERSION } }, results: [] } as SarifLog['runs'][number]],
    };
  return JSON.stringify(log, null, 2) + '\n';
}

export function renderCompose(result: ComposeResult, format: Format, options: ReporterOptions): string {
  switch (format) {
    case 'json':
      return renderComposeJson(result);
    case 'sarif':
      return renderComposeSarif(result, options);
    case 'table':
      return (
        `Compose project ${result.project.dir} (${result.project.files.join(' + ')})\n` +
        renderScanTable(result, { color: options.color, columns: options.columns })
      );
    case 'markdown':
      return result.builds
        .map((b) =>
          b.report === null
            ? `### ${b.build}: not analyzed — ${b.error}\n`
            : `## ${b.build}\n\n` + textReporters.markdown(namedReport(b)),
        )
        .join('\n');
    case 'github':
      return result.builds
        .filter((b) => b.report !== null)
        .map((b) => textReporters.github(namedReport(b), options))
        .join('');
    case 'html':
      // The HTML report is one page about one context; the command refuses it (see cli/commands.ts).
      throw new Error('compose: no HTML output');
  }
}
