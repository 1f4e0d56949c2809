// Every output format, in one registry: `--format` takes its keys.
import type { CheckMeta, Report } from '../types.js';
import { renderGithub } from './github.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTable, type Detail } from './table.js';
import type { FailOn } from '../guard/guard.js';

export type Format = 'table' | 'json' | 'sarif' | 'markdown' | 'github' | 'html';

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

export const reporters = {
  table: renderTable,
  json: renderJson,
  sarif: renderSarif,
  markdown: renderMarkdown,
  github: renderGithub,
  html: renderHtml,
} satisfies Record<Format, Reporter>;

export const FORMATS = Object.keys(reporters) as Format[];
