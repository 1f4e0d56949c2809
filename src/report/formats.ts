// The output formats and the reporters the CLI loads for them. The HTML reporter (with the
// treemap layout, d3-hierarchy) is imported only when `--format html` asks for it, so the other
// formats start without it (docs/performance.md, start-up); `reporters.ts` holds all of them.
import type { CheckMeta, Report } from '../types.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTable, type Detail } from './table.js';
import type { FailOn } from '../guard/guard.js';

export const FORMATS = ['table', 'json', 'sarif', 'markdown', 'github', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReporterOptions {
  /** ANSI colours (table). */
  color: boolean;
  /** Terminal width, when known (table). */
  columns?: number | undefined;
  /** How much the table shows: quiet (findings and the verdict), normal, verbose. */
  detail?: Detail | undefined;
  /** The --fail-on level the table's verdict line is computed for (default error). */
  failOn?: FailOn | undefined;
  /** The repository root that annotation paths are relative to (github); absent: the context. */
  root?: string | undefined;
  /** The checks SARIF describes as rules; default every registered check. */
  checks?: readonly CheckMeta[] | undefined;
}

export type Reporter = (report: Report, options: ReporterOptions) => string;

/** Every reporter but HTML. */
export const textReporters = {
  table: renderTable,
  json: renderJson,
  sarif: renderSarif,
  markdown: renderMarkdown,
  github: renderGithub,
} satisfies Record<Exclude<Format, 'html'>, Reporter>;

/** The reporter for a format, importing the HTML one on first use. */
export async function loadReporter(format: Format): Promise<Reporter> {
  return format === 'html' ? (await import('./html.js')).renderHtml : textReporters[format];
}
