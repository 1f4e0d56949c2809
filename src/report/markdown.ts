// GitHub-flavoured Markdown for a pull-request comment: a headline with the totals, what changed
// since the baseline, the findings as a table, and the largest directories and files folded
// into <details> blocks.
import { formatBytes, formatCount, formatPercent } from '../units.js';
import { checkDocsUrl } from '../analyze/registry.js';
import type { Change, Report, Severity } from '../types.js';
import { displayPath, toWellFormed } from './display-path.js';
import {
  formatSigned,
  growthAllowance,
  pathChangesText,
  plural,
  severityCounts,
  suggestedIgnoreLines,
  visibleFindings,
} from './phrases.js';

/** Changed paths listed in the pull-request comment. */
const MARKDOWN_PATHS = 10;

const SEVERITY_ICON = { error: '🛑', warning: '⚠️', info: 'ℹ️' } as const satisfies Record<Severity, string>;

/**
 * Text for a table cell or a line: no raw HTML or emphasis (a path like `__init__.py` must not
 * turn bold), `|` escaped so it cannot split the cell, line breaks as <br>, U+FFFD for bytes
 * that are not UTF-8.
 */
export function escapeMarkdown(text: string): string {
  return toWellFormed(text)
    .replace(/[\\`*_[\]~#]/g, (c) => '\\' + c)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * A code span (callers pass one line: displayPath quotes control characters): the fence is
 * longer than any backtick run inside.
 */
function code(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return fence + pad + text + pad + fence;
}

/** A code span inside a table cell: GFM splits cells before it reads spans, so `|` is escaped even there. */
function codeCell(text: string): string {
  return code(text).replace(/\|/g, '\\|');
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function changeRow(label: string, c: Change, fmt: (n: number) => string): string {
  return row([label, fmt(c.before), fmt(c.after), formatSigned(c.delta, fmt)]);
}

export function renderMarkdown(report: Report): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(
    `### buildctx: ${plural(s.files, 'file')}, ${formatBytes(s.bytes)} sent — ${severityCounts(report.findings)}`,
  );
  out.push('');
  const kept =
    report.ignoreFile === null
      ? 'no ignore file'
      : `${code(displayPath(report.ignoreFile))} keeps out ${plural(s.excludedFiles, 'file')} (${formatBytes(s.excludedBytes)})`;
  out.push(
    `${plural(s.files, 'file')} in ${plural(s.dirs, 'directory', 'directories')}, ${formatBytes(s.bytes)} of content; classic builder tar stream ${formatBytes(s.tarBytes)}; ${kept}. The Dockerfile requests ${plural(s.referencedFiles, 'file')} (${formatBytes(s.referencedBytes)}); BuildKit transfers about ${formatBytes(s.transferBytes)} on a cold build.`,
  );

  for (const l of report.limits) {
    if (!l.exceeded) continue;
    const fmt = l.limit === 'max-size' ? formatBytes : formatCount;
    out.push(
      '',
      `**Limit exceeded:** \`--${l.limit} ${fmt(l.max)}\`, measured ${fmt(l.actual)}. Biggest contributors: ${l.contributors.map((c) => `${code(displayPath(c.path))} (${l.limit === 'max-size' ? formatBytes(c.bytes) : formatCount(c.files)})`).join(', ')}.`,
    );
  }

  const b = report.baseline;
  if (b !== undefined) {
    out.push('', `#### What changed since ${code(displayPath(b.file))}`, '');
    out.push(row(['', 'baseline', 'now', 'change']), row(['---', '---:', '---:', '---:']));
    out.push(
      changeRow('files sent', b.files, formatCount),
      changeRow('bytes sent', b.bytes, formatBytes),
      changeRow('classic tar stream', b.tarBytes, formatBytes),
    );
    if (b.paths.length > 0) {
      out.push('', row(['where', 'baseline', 'now', 'change']), row(['---', '---:', '---:', '---:']));
      for (const c of b.paths.slice(0, MARKDOWN_PATHS)) {
        const name = codeCell(displayPath(c.path) + (c.type === 'dir' ? '/' : ''));
        const status = c.status === 'added' || c.status === 'removed' ? ` (${c.status})` : '';
        out.push(row([name + status, formatBytes(c.before), formatBytes(c.after), formatSigned(c.delta, formatBytes)]));
      }
      if (b.paths.length > MARKDOWN_PATHS) out.push('', `… and ${b.paths.length - MARKDOWN_PATHS} more changed paths.`);
    } else if (!b.pathsCompared) out.push('', `Where: ${pathChangesText(b, 0)}.`);
    out.push('', `${plural(b.newFindings, 'new finding')}, ${b.fixedFindings} fixed.`);
    const g = b.growthLimit;
    if (g !== undefined)
      out.push(
        `${g.exceeded ? '**Growth limit exceeded:**' : 'Growth limit:'} grew ${formatSigned(g.actual, formatBytes)}, allowed ${growthAllowance(g)}.`,
      );
  }

  const shown = visibleFindings(report.findings);
  if (shown.length > 0) {
    out.push('', '#### Findings', '');
    const withNew = b !== undefined;
    out.push(row(['severity', 'check', 'path', 'message', ...(withNew ? ['new'] : [])]));
    out.push(row(['---', '---', '---', '---', ...(withNew ? ['---'] : [])]));
    for (const f of shown) {
      const where = codeCell(displayPath(f.path) + (f.line !== undefined ? `:${f.line}` : ''));
      const check = `[${codeCell(f.check)}](${checkDocsUrl(f.check)})`;
      out.push(
        row([
          `${SEVERITY_ICON[f.severity]} ${f.severity}`,
          check,
          where,
          escapeMarkdown(f.message),
          ...(withNew ? [f.new === true ? 'new' : ''] : []),
        ]),
      );
    }
    // Exactly what `buildctx fix --write` appends (planned once in analyze).
    const lines = report.suggestedIgnoreLines ?? [...new Set(shown.flatMap(suggestedIgnoreLines))];
    if (lines.length > 0) {
      // A fenced block cannot break out of itself with a line of backticks: make the fence longer than any run inside.
      const longest = Math.max(0, ...lines.map((l) => Math.max(0, ...[...l.matchAll(/`+/g)].map((m) => m[0].length))));
      const fence = '`'.repeat(Math.max(3, longest + 1));
      out.push(
        '',
        `<details><summary>Suggested ${escapeMarkdown(report.ignoreFile ?? '.dockerignore')} lines (${lines.length}; \`buildctx fix --write\` adds them)</summary>`,
        '',
      );
      out.push(fence, ...lines.map(toWellFormed), fence, '', '</details>');
    }
  }

  if (report.largestDirs.length > 0) {
    out.push('', `<details><summary>Largest directories sent (${report.largestDirs.length})</summary>`, '');
    out.push(row(['directory', 'files', 'bytes', 'share']), row(['---', '---:', '---:', '---:']));
    for (const d of report.largestDirs)
      out.push(
        row([
          codeCell(displayPath(d.path) + '/'),
          formatCount(d.files),
          formatBytes(d.bytes),
          formatPercent(d.bytes, s.bytes),
        ]),
      );
    out.push('', '</details>');
  }
  if (report.largestFiles.length > 0) {
    out.push('', `<details><summary>Largest files sent (${report.largestFiles.length})</summary>`, '');
    out.push(row(['file', 'bytes']), row(['---', '---:']));
    for (const f of report.largestFiles) out.push(row([codeCell(displayPath(f.path)), formatBytes(f.bytes)]));
    out.push('', '</details>');
  }
  return out.join('\n') + '\n';
}
