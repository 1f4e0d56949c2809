// The terminal report. Default: a few summary lines, the largest directories and files as one
// tree, one line per finding with its detail wrapped below, each distinct fix once, the verdict.
// `quiet`: findings and the verdict only. `verbose`: every total, every row, every finding's fix.
// No line is wider than `columns`. A plain function of the report.
import { failingFindings, type FailOn } from '../guard/guard.js';
import { findCheck } from '../analyze/registry.js';
import { newTable, type CliTable } from './cli-table.js';
import { formatBytes, formatCount, formatPercent } from '../units.js';
import type { Finding, Report, Severity } from '../types.js';
import { displayPath, toWellFormed } from './display-path.js';
import { largestTree, treePrefix } from './largest-tree.js';
import {
  formatSigned,
  growthAllowance,
  pathChangesText,
  plural,
  severityCounts,
  suggestedDockerfileFix,
  suggestedIgnoreLines,
  visibleFindings,
} from './phrases.js';
import { displayWidth, pad, truncate, truncateMiddle, wrap } from './text-layout.js';

export type Detail = 'quiet' | 'normal' | 'verbose';

export interface TableOptions {
  color: boolean;
  /** Terminal width; default 100 (not a terminal). */
  columns?: number | undefined;
  /** How much to show; default `normal`. */
  detail?: Detail | undefined;
  /** The `--fail-on` level the verdict line is computed for; default `error`. */
  failOn?: FailOn | undefined;
}

/** The width used when the output is not a terminal. */
export const DEFAULT_COLUMNS = 100;
/** Narrower than this, lines are laid out as if the terminal were this wide and wrapped hard. */
const MIN_COLUMNS = 40;
/** Rows of the "largest" tree below this share of everything sent are left out (verbose keeps them). */
export const LARGEST_MIN_SHARE = 0.01;
/** Lines of a finding's detail in the default report (1 when the report would pass REPORT_LINES); `--verbose` shows all. */
export const DETAIL_LINES = 2;
/** The default report aims to fit this many lines: findings' details shrink to one line to get there. */
export const REPORT_LINES = 40;
/** Rows of the "largest" tree in the default report (`--verbose`: every row the report holds). */
export const LARGEST_ROWS = 6;
/** Width of the label column of the summary ("Kept out   "). */
const LABEL = 11;

const SEVERITY_COLOR: Record<Severity, string> = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m' };
const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

interface Painter {
  bold(s: string): string;
  dim(s: string): string;
  severity(sev: Severity, s: string): string;
}

function painter(color: boolean): Painter {
  return {
    bold: (s) => (color ? BOLD + s + RESET : s),
    dim: (s) => (color ? DIM + s + RESET : s),
    severity: (sev, s) => (color ? SEVERITY_COLOR[sev] + s + RESET : s),
  };
}

/** A summary line: a label, then text wrapped under itself. */
function labelled(label: string, text: string, width: number): string[] {
  const lines = wrap(text, width, ' '.repeat(LABEL));
  lines[0] = pad(label, LABEL) + lines[0]!.slice(LABEL);
  return lines;
}

/** The Dockerfile as a user names it: relative to the context when inside it. */
function dockerfileName(report: Report): string {
  const d = report.dockerfile;
  if (d === null) return 'no Dockerfile';
  return displayPath(d.startsWith(report.context + '/') ? d.slice(report.context.length + 1) : d);
}

function headerLines(report: Report, width: number, p: Painter): string[] {
  const t = report.target;
  const ignore =
    report.ignoreFile === null
      ? 'no ignore file'
      : `${displayPath(report.ignoreFile)}${report.ignoreFileSource === 'dockerfile-specific' ? ' (Dockerfile-specific)' : ''}`;
  const target = `${t.platform} ${t.libc}${t.baseImage !== null ? ` (${t.baseImage})` : ''}`;
  const lines = labelled('Context', `${displayPath(report.context)}`, width);
  lines[0] = p.bold(lines[0]!);
  lines.push(...labelled('Build', `${dockerfileName(report)} · ${ignore} · ${target}`, width));
  return lines;
}

function summaryLines(report: Report, width: number): string[] {
  const s = report.summary;
  const out: string[] = [];
  const sent = `${plural(s.files, 'file')}, ${formatBytes(s.bytes)}`;
  const tar = `classic tar ${formatBytes(s.tarBytes)}`;
  const requestsAll = s.referencedFiles === s.files && s.referencedBytes === s.bytes;
  if (requestsAll) {
    // Eligible = requested: one line says both, with BuildKit's transfer beside it.
    const who = report.dockerfile === null ? 'all sent as there is no Dockerfile' : 'all requested by the Dockerfile';
    out.push(...labelled('Sends', `${sent}, ${who} (≈ ${formatBytes(s.transferBytes)} cold; ${tar})`, width));
  } else {
    out.push(...labelled('Sends', `${sent} (${tar})`, width));
    const requested =
      s.referencedFiles === 0
        ? 'nothing: the Dockerfile reads no file of the context'
        : `${plural(s.referencedFiles, 'file')}, ${formatBytes(s.referencedBytes)}; BuildKit transfers ≈ ${formatBytes(s.transferBytes)} on a cold build`;
    out.push(...labelled('Requested', requested, width));
  }
  if (s.uncopiedFiles !== null && s.uncopiedBytes !== null && s.uncopiedFiles > 0) {
    out.push(
      ...labelled(
        'Unused',
        `${plural(s.uncopiedFiles, 'file')}, ${formatBytes(s.uncopiedBytes)} sent but never copied into an image`,
        width,
      ),
    );
  }
  const kept =
    report.ignoreFile === null
      ? 'nothing: there is no ignore file'
      : s.excludedFiles === 0
        ? `nothing: ${displayPath(report.ignoreFile)} matches no file`
        : `${plural(s.excludedFiles, 'file')}, ${formatBytes(s.excludedBytes)} (${formatPercent(s.excludedBytes, s.bytes + s.excludedBytes)}) by ${displayPath(report.ignoreFile)}`;
  out.push(...labelled('Kept out', kept, width));
  return out;
}

/** Changed paths the default report names (the JSON has up to MAX_PATH_CHANGES). */
const CHANGED_PATHS = 5;

function guardLines(report: Report, width: number, verbose: boolean, p: Painter): string[] {
  const out: string[] = [];
  const b = report.baseline;
  if (b !== undefined) {
    const text = `${displayPath(b.file)}: ${formatSigned(b.files.delta, formatCount)} file${Math.abs(b.files.delta) === 1 ? '' : 's'}, ${formatSigned(b.bytes.delta, formatBytes)} (${formatBytes(b.bytes.before)} → ${formatBytes(b.bytes.after)}); ${b.newFindings} new finding${b.newFindings === 1 ? '' : 's'}, ${b.fixedFindings} fixed`;
    out.push(...labelled('Since', text, width));
    if (b.paths.length > 0 || b.bytes.delta !== 0 || b.files.delta !== 0)
      out.push(...labelled('Changed', pathChangesText(b, verbose ? Infinity : CHANGED_PATHS), width));
    const g = b.growthLimit;
    if (g?.exceeded === true)
      out.push(
        ...labelled('Limit', `--max-growth ${growthAllowance(g)} exceeded: grew ${formatBytes(g.actual)}`, width).map(
          p.bold,
        ),
      );
  }
  for (const l of report.limits) {
    if (!l.exceeded) continue;
    const fmt = l.limit === 'max-size' ? formatBytes : formatCount;
    const top = l.contributors
      .map((c) => `${displayPath(c.path)} ${l.limit === 'max-size' ? formatBytes(c.bytes) : formatCount(c.files)}`)
      .join(', ');
    out.push(
      ...labelled(
        'Limit',
        `--${l.limit} ${fmt(l.max)} exceeded: measured ${fmt(l.actual)}; biggest: ${top}`,
        width,
      ).map(p.bold),
    );
  }
  return out;
}

function largestLines(report: Report, width: number, verbose: boolean, p: Painter): string[] {
  const rows = largestTree(report.largestDirs, report.largestFiles, report.summary.bytes, {
    minShare: verbose ? 0 : LARGEST_MIN_SHARE,
    maxRows: verbose ? Infinity : LARGEST_ROWS,
  });
  if (rows.length === 0) return [];
  const cells = rows.map((r) => [formatCount(r.files), formatBytes(r.bytes), formatPercent(r.share, 1)] as const);
  const filesW = Math.max(5, ...cells.map((c) => c[0].length));
  const bytesW = Math.max(5, ...cells.map((c) => c[1].length));
  const shareW = 5;
  const numbers = (a: string, b: string, c: string): string =>
    `  ${pad(a, filesW, 'right')}  ${pad(b, bytesW, 'right')}  ${pad(c, shareW, 'right')}`;
  const numbersW = displayWidth(numbers('', '', ''));
  const longest = Math.max(...rows.map((r) => displayWidth(treePrefix(r) + displayPath(r.label))));
  const labelW = Math.max(8, Math.min(width - numbersW, longest + 2));
  const out = [
    p.bold(pad('Largest', labelW) + numbers('files', 'bytes', 'share')),
    p.dim('─'.repeat(Math.min(width, labelW + numbersW))),
  ];
  rows.forEach((r, i) => {
    const prefix = treePrefix(r);
    const label = prefix + truncateMiddle(displayPath(r.label), Math.max(1, labelW - displayWidth(prefix)));
    out.push(pad(label, labelW) + numbers(...cells[i]!));
  });
  return out;
}

function contentLines(report: Report, width: number): string[] {
  return report.contentKinds.flatMap((k) => {
    const where = k.dirs
      .map((d) =>
        d.path === '.'
          ? `${formatBytes(d.bytes)} at the top level`
          : `${formatBytes(d.bytes)} under ${displayPath(d.path)}/`,
      )
      .join(', ');
    return labelled(
      'Content',
      `${formatBytes(k.bytes)} of ${k.kind.replace('-', ' ')} in ${plural(k.files, 'file')}: ${where}`,
      width,
    );
  });
}

/** `error  foreign-binary  .venv  Binary built for another platform`, cut to the width. */
function findingHead(f: Finding, width: number, sevWidth: number, p: Painter): string {
  const where = displayPath(f.path) + (f.line !== undefined ? `:${f.line}` : '');
  const tag = f.new === true ? ' (new)' : '';
  const title = findCheck(f.check)?.meta.title ?? '';
  const fixed = `${pad(f.severity, sevWidth)}  ${f.check}${tag}  `;
  const room = width - displayWidth(fixed);
  let path = where;
  let rest = title === '' ? '' : `  ${title}`;
  if (displayWidth(path) > room) {
    path = truncateMiddle(path, Math.max(1, room));
    rest = '';
  } else {
    rest = truncate(rest, room - displayWidth(path));
    if (rest.trim() === '' || rest.trim() === '…') rest = '';
  }
  const line = fixed + path + rest;
  return p.severity(f.severity, f.severity) + line.slice(f.severity.length);
}

const DETAIL_INDENT = '    ';

/** The message wrapped under the finding's line, cut to `max` lines (ending in "…"). */
function detailLines(f: Finding, width: number, max: number): string[] {
  const lines = wrap(toWellFormed(f.message), width, DETAIL_INDENT);
  if (lines.length <= max) return lines;
  const rest = lines
    .slice(max - 1)
    .map((l) => l.slice(DETAIL_INDENT.length))
    .join(' ');
  const kept = [...lines.slice(0, max - 1), DETAIL_INDENT + truncate(rest, width - DETAIL_INDENT.length)];
  // The error the image will print is what people search for: keep it when the cut hid it.
  const loaderError = f.data.loaderError;
  if (typeof loaderError === 'string' && !kept.join(' ').includes(loaderError))
    kept.push(DETAIL_INDENT + truncateMiddle(`→ ${toWellFormed(loaderError)}`, width - DETAIL_INDENT.length));
  return kept;
}

function perFindingFix(f: Finding, width: number): string[] {
  const out: string[] = [];
  const ignore = suggestedIgnoreLines(f);
  if (ignore.length > 0)
    out.push(
      ...wrap(`fix: add to the ignore file: ${ignore.map(displayPath).join('  ')}`, width, DETAIL_INDENT + '  '),
    );
  const dockerfile = suggestedDockerfileFix(f);
  if (dockerfile !== null)
    out.push(...wrap(`and in the Dockerfile: ${toWellFormed(dockerfile)}`, width, DETAIL_INDENT + '  '));
  return out;
}

/** Every distinct fix once: the ignore lines together, then each distinct Dockerfile change. */
function fixLines(report: Report, width: number, p: Painter): string[] {
  const ignore = [...new Set(visibleFindings(report.findings).flatMap(suggestedIgnoreLines))];
  const dockerfile = [
    ...new Set(
      visibleFindings(report.findings)
        .map(suggestedDockerfileFix)
        .filter((d): d is string => d !== null),
    ),
  ];
  const out: string[] = [];
  if (ignore.length > 0) {
    const file = displayPath(report.ignoreFile ?? '.dockerignore');
    out.push(...wrap(`Fix: add ${plural(ignore.length, 'line')} to ${file} — buildctx fix --write`, width).map(p.bold));
    out.push(...wrap(ignore.map(displayPath).join('  '), width, DETAIL_INDENT));
  }
  for (const d of dockerfile)
    out.push(
      ...wrap(`${ignore.length > 0 ? 'and in' : 'Fix: in'} the Dockerfile: ${toWellFormed(d)}`, width, '').map(
        (l, i) => (i === 0 ? l : DETAIL_INDENT + l.trimStart()),
      ),
    );
  return out.flatMap((l) => (displayWidth(l) > width ? wrap(l, width, DETAIL_INDENT) : [l]));
}

function verdictLines(report: Report, failOn: FailOn, width: number, p: Painter): string[] {
  const failing = failingFindings(report, failOn).length;
  const reasons: string[] = [];
  if (failing > 0)
    reasons.push(
      `${plural(failing, 'finding')} at or above --fail-on ${failOn}${report.baseline !== undefined ? ' new since the baseline' : ''}`,
    );
  for (const l of report.limits) if (l.exceeded) reasons.push(`--${l.limit} exceeded`);
  if (report.baseline?.growthLimit?.exceeded === true) reasons.push('--max-growth exceeded');
  const text =
    reasons.length > 0
      ? `Fails: ${reasons.join(', ')}`
      : `Passes: ${failOn === 'none' ? 'no limit exceeded' : `no finding at or above --fail-on ${failOn}`}`;
  return wrap(text, width, DETAIL_INDENT).map((l, i) => p.bold(i === 0 ? l.slice(DETAIL_INDENT.length) : l));
}

function findingsBlock(report: Report, width: number, detail: Detail, p: Painter, detailMax: number): string[] {
  const out: string[] = [];
  const f = visibleFindings(report.findings);
  if (f.length === 0)
    return [
      p.bold(f.length === report.findings.length ? 'Findings: none' : `Findings: ${severityCounts(report.findings)}`),
    ];
  if (detail !== 'quiet') out.push(p.bold(truncate(`Findings: ${severityCounts(report.findings)}`, width)));
  const sevWidth = Math.max(...f.map((x) => x.severity.length));
  for (const finding of f) {
    out.push(findingHead(finding, width, sevWidth, p));
    if (detail === 'quiet') continue;
    out.push(...detailLines(finding, width, detail === 'verbose' ? Infinity : detailMax));
    if (detail === 'verbose') out.push(...perFindingFix(finding, width));
  }
  return out;
}

function verboseTotals(report: Report, color: boolean): string {
  const s = report.summary;
  const t: CliTable = newTable({
    head: ['', 'files', 'dirs', 'bytes'],
    style: { head: color ? ['bold'] : [], border: [], compact: true },
    colAligns: ['left', 'right', 'right', 'right'],
  });
  t.push(['eligible (ignore file applied)', formatCount(s.files), formatCount(s.dirs), formatBytes(s.bytes)]);
  t.push(['requested by the Dockerfile', formatCount(s.referencedFiles), '', formatBytes(s.referencedBytes)]);
  t.push(['BuildKit transfer, cold build', '', '', `≈ ${formatBytes(s.transferBytes)}`]);
  if (s.uncopiedFiles !== null && s.uncopiedBytes !== null)
    t.push(['eligible, never copied', formatCount(s.uncopiedFiles), '', formatBytes(s.uncopiedBytes)]);
  t.push([
    'kept out by the ignore file',
    formatCount(s.excludedFiles),
    '',
    `${formatBytes(s.excludedBytes)} (${formatPercent(s.excludedBytes, s.bytes + s.excludedBytes)})`,
  ]);
  t.push(['classic builder tar stream', '', '', formatBytes(s.tarBytes)]);
  t.push(['symbolic links, special files', formatCount(s.symlinks), formatCount(s.specialFiles), '']);
  t.push(['identified by their bytes', formatCount(s.sniffedFiles), '', '']);
  if (s.harmlessForeign > 0) t.push(['  foreign but harmless', formatCount(s.harmlessForeign), '', '']);
  return t.toString();
}

export function renderTable(report: Report, options: TableOptions): string {
  const width = Math.max(MIN_COLUMNS, options.columns ?? DEFAULT_COLUMNS);
  const detail = options.detail ?? 'normal';
  const failOn = options.failOn ?? 'error';
  const p = painter(options.color);
  const lines: string[] = [];
  const section = (block: string[]): void => {
    if (block.length === 0) return;
    if (lines.length > 0) lines.push('');
    lines.push(...block);
  };
  if (detail !== 'quiet') {
    section([
      ...headerLines(report, width, p),
      ...summaryLines(report, width),
      ...guardLines(report, width, detail === 'verbose', p),
      ...contentLines(report, width),
    ]);
    if (detail === 'verbose') section(verboseTotals(report, options.color).split('\n'));
    section(largestLines(report, width, detail === 'verbose', p));
  } else {
    section(guardLines(report, width, false, p));
  }
  const tail = (detailMax: number): string[] => {
    const out: string[] = [];
    const add = (block: string[]): void => {
      if (block.length > 0) out.push('', ...block);
    };
    add(findingsBlock(report, width, detail, p, detailMax));
    if (detail !== 'quiet') add(fixLines(report, width, p));
    add(verdictLines(report, failOn, width, p));
    return lines.length === 0 ? out.slice(1) : out;
  };
  let rest = tail(DETAIL_LINES);
  if (detail === 'normal' && lines.length + rest.length > REPORT_LINES) rest = tail(1);
  return [...lines, ...rest].join('\n') + '\n';
}
