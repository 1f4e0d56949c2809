// Every output format, in one registry: `--format` takes its keys (in FORMATS order).
import { textReporters, type Format, type Reporter } from './formats.js';
import { renderHtml } from './html.js';

export { FORMATS, type Format, type Reporter, type ReporterOptions } from './formats.js';

export const reporters = { ...textReporters, html: renderHtml } satisfies Record<Format, Reporter>;
