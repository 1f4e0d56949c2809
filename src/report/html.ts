// `--format html`: one self-contained page (styles, script and data inline; no network) with a
// zoomable treemap of the context coloured by status, the findings overlaid, and beside it the
// summary, the findings with their fixes, the content kinds and the growth since a baseline.
// The layout is computed here with d3-hierarchy (squarified treemap of `report.tree`); the page
// only scales rectangles, so it opens fast whatever the context held.
import { hierarchy, treemap, treemapSquarify, type HierarchyRectangularNode } from 'd3-hierarchy';
import { checkDocsUrl, findCheck } from '../analyze/registry.js';
import type { BaselineComparison, ContextTreeNode, Finding, Report, TreeStatus } from '../types.js';
import { displayPath, toWellFormed } from './display-path.js';
import { formatBytes, formatCount, formatPercent } from '../units.js';
import { HTML_CLIENT_SCRIPT, HTML_STYLE } from './html-client.js';
import {
  formatSigned,
  pathChangesText,
  severityCounts,
  suggestedDockerfileFix,
  suggestedIgnoreLines,
  visibleFindings,
} from './phrases.js';

/** The layout space: a 16:10 box, the shape of most screens. */
const LAYOUT_WIDTH = 1600;
const LAYOUT_HEIGHT = 1000;
/** Rectangles are stored relative to their parent, in units of 1/RECT_SCALE of its side. */
const RECT_SCALE = 10_000;

export const STATUS_ORDER = ['copied', 'unused', 'sent', 'excluded'] as const satisfies readonly TreeStatus[];

function escapeHtml(text: string): string {
  return toWellFormed(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside <script>: nothing in it can close the element or start a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The tree in columns (parent index, name, bytes, files, status, rectangle, ignore line), depth first. */
interface PackedTree {
  parent: number[];
  name: string[];
  bytes: number[];
  files: number[];
  /** One character per node: the index into STATUS_ORDER. */
  status: string;
  /** x0, y0, x1, y1 per node, relative to the parent's rectangle, 0..RECT_SCALE. */
  rect: number[];
  /** The ignore-file line that excluded the node, or 0. */
  line: number[];
  /** Indices of the aggregate ("smaller items") nodes. */
  other: number[];
  scale: number;
  width: number;
  height: number;
}

export function packTree(tree: ContextTreeNode): PackedTree {
  const root = hierarchy(tree, (d) => d.children)
    .sum((d) => (d.children === undefined ? Math.max(0, d.bytes) : 0))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const laid = treemap<ContextTreeNode>().tile(treemapSquarify).size([LAYOUT_WIDTH, LAYOUT_HEIGHT]).round(false)(root);
  const packed: PackedTree = {
    parent: [],
    name: [],
    bytes: [],
    files: [],
    status: '',
    rect: [],
    line: [],
    other: [],
    scale: RECT_SCALE,
    width: LAYOUT_WIDTH,
    height: LAYOUT_HEIGHT,
  };
  const statusChars: string[] = [];
  const rel = (v: number, lo: number, size: number): number =>
    size <= 0 ? 0 : Math.round(((v - lo) / size) * RECT_SCALE);
  const visit = (node: HierarchyRectangularNode<ContextTreeNode>, parentIndex: number): void => {
    const index = packed.parent.length;
    const d = node.data;
    packed.parent.push(parentIndex);
    packed.name.push(toWellFormed(d.name));
    packed.bytes.push(d.bytes);
    packed.files.push(d.files);
    statusChars.push(String(STATUS_ORDER.indexOf(d.status)));
    const p = node.parent ?? node;
    const w = p.x1 - p.x0;
    const h = p.y1 - p.y0;
    if (node.parent === null) packed.rect.push(0, 0, RECT_SCALE, RECT_SCALE);
    else packed.rect.push(rel(node.x0, p.x0, w), rel(node.y0, p.y0, h), rel(node.x1, p.x0, w), rel(node.y1, p.y0, h));
    packed.line.push(d.ignoreLine ?? 0);
    if (d.other === true) packed.other.push(index);
    for (const c of node.children ?? []) visit(c, index);
  };
  visit(laid, -1);
  packed.status = statusChars.join('');
  return packed;
}

/** Paths a finding is about, from its data: its own path, the paths a fix would remove, listed groups and files. */
export function findingPaths(f: Finding): string[] {
  const out = new Set<string>([f.path]);
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  for (const key of ['removablePaths', 'paths', 'files'])
    for (const p of strings(f.data[key])) out.add(p.replace(/\/+$/, ''));
  const groups = f.data.groups;
  if (Array.isArray(groups))
    for (const g of groups)
      if (g !== null && typeof g === 'object' && typeof (g as { path?: unknown }).path === 'string')
        out.add((g as { path: string }).path);
  return [...out].filter((p) => p !== '' && !p.startsWith('/')).map(toWellFormed);
}

function pageData(report: Report) {
  const s = report.summary;
  return {
    context: toWellFormed(report.context),
    ignoreFile: report.ignoreFile === null ? null : toWellFormed(report.ignoreFile),
    hasDockerfile: report.dockerfile !== null,
    tree: report.tree === undefined ? null : packTree(report.tree),
    findings: visibleFindings(report.findings).map((f) => ({
      check: f.check,
      title: findCheck(f.check)?.meta.title ?? f.check,
      docs: checkDocsUrl(f.check),
      severity: f.severity,
      path: toWellFormed(f.path),
      line: f.line ?? null,
      message: toWellFormed(f.message),
      isNew: f.new ?? null,
      ignoreLines: suggestedIgnoreLines(f).map(toWellFormed),
      dockerfileFix: suggestedDockerfileFix(f),
      paths: findingPaths(f),
    })),
    bytes: s.bytes,
    // Every listed change (at most MAX_PATH_CHANGES): the page marks their boxes and lists them.
    growth:
      report.baseline === undefined || !report.baseline.pathsCompared
        ? null
        : report.baseline.paths.map((c) => ({
            path: toWellFormed(c.path),
            type: c.type,
            status: c.status,
            before: c.before,
            after: c.after,
            delta: c.delta,
            filesDelta: c.filesDelta,
          })),
  };
}

function row(label: string, value: string): string {
  return `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
}

function summaryHtml(report: Report): string {
  const s = report.summary;
  const t = report.target;
  const rows = [
    row('Dockerfile', report.dockerfile ?? 'none'),
    row('Ignore file', report.ignoreFile ?? 'none'),
    row('Target', `${t.platform} ${t.libc}${t.baseImage !== null ? ` (${t.baseImage})` : ''}`),
    row('Sent', `${formatCount(s.files)} files, ${formatBytes(s.bytes)}`),
    row(
      'Requested',
      `${formatCount(s.referencedFiles)} files, ${formatBytes(s.referencedBytes)}; BuildKit ≈ ${formatBytes(s.transferBytes)} cold`,
    ),
    ...(s.uncopiedFiles !== null && s.uncopiedBytes !== null
      ? [row('Never copied', `${formatCount(s.uncopiedFiles)} files, ${formatBytes(s.uncopiedBytes)}`)]
      : []),
    row(
      'Kept out',
      `${formatCount(s.excludedFiles)} files, ${formatBytes(s.excludedBytes)} (${formatPercent(s.excludedBytes, s.bytes + s.excludedBytes)})`,
    ),
    row('Classic tar', formatBytes(s.tarBytes)),
  ];
  for (const l of report.limits) {
    const fmt = l.limit === 'max-size' ? formatBytes : formatCount;
    rows.push(row(`--${l.limit}`, `${fmt(l.actual)} of ${fmt(l.max)}${l.exceeded ? ' — exceeded' : ''}`));
  }
  return `<table class="summary">${rows.join('')}</table>`;
}

function kindsHtml(report: Report): string {
  if (report.contentKinds.length === 0) return '';
  const items = report.contentKinds.map((k) => {
    const where = k.dirs
      .map((d) => `${formatBytes(d.bytes)} ${d.path === '.' ? 'at the top level' : `under ${d.path}/`}`)
      .join(', ');
    return `<li>${escapeHtml(`${formatBytes(k.bytes)} of ${k.kind.replace('-', ' ')} in ${formatCount(k.files)} files: ${where}`)}</li>`;
  });
  return `<h2>Large files by content</h2><ul class="kinds">${items.join('')}</ul>`;
}

/**
 * The changed paths, one row each, largest change first; the page marks their boxes on the map
 * and a click on a row selects its box (a removed path: the directory that held it).
 */
function growthListHtml(b: BaselineComparison): string {
  if (!b.pathsCompared || b.paths.length === 0) return '';
  const items = b.paths.map((c, i) => {
    const sides = `${formatBytes(c.before)} → ${formatBytes(c.after)}`;
    return `<li data-change="${i}" class="g-${c.status}"><span class="badge b-${c.status}">${c.status}</span> <code>${escapeHtml(`${displayPath(c.path)}${c.type === 'dir' ? '/' : ''}`)}</code> ${escapeHtml(formatSigned(c.delta, formatBytes))} <span class="sides">${escapeHtml(sides)}</span></li>`;
  });
  return `<ol id="growth">${items.join('')}</ol>`;
}

function baselineHtml(report: Report): string {
  const b = report.baseline;
  if (b === undefined) return '';
  const sign = (n: number, f: (n: number) => string): string => (n > 0 ? `+${f(n)}` : n < 0 ? `-${f(-n)}` : '±0');
  const rows = [
    row(
      'Files',
      `${sign(b.files.delta, formatCount)} (${formatCount(b.files.before)} → ${formatCount(b.files.after)})`,
    ),
    row(
      'Bytes',
      `${sign(b.bytes.delta, formatBytes)} (${formatBytes(b.bytes.before)} → ${formatBytes(b.bytes.after)})`,
    ),
    row('Findings', `${b.newFindings} new, ${b.fixedFindings} fixed`),
    // With path sizes the changed paths are the list below the table, marked on the map.
    ...(b.pathsCompared && b.paths.length > 0 ? [] : [row('Changed', pathChangesText(b, 0))]),
  ];
  if (b.growthLimit !== undefined)
    rows.push(
      row(
        '--max-growth',
        `${formatBytes(b.growthLimit.maxBytes)} allowed${b.growthLimit.exceeded ? ' — exceeded' : ''}`,
      ),
    );
  return `<h2>Since ${escapeHtml(b.file)}</h2><table class="summary">${rows.join('')}</table>${growthListHtml(b)}`;
}

export function renderHtml(report: Report): string {
  const title = `buildctx: ${report.context}`;
  const s = report.summary;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(report.context)}</h1><p>${escapeHtml(`${formatCount(s.files)} files, ${formatBytes(s.bytes)} sent — ${severityCounts(report.findings)}`)}</p></header>
<main>
<section class="mapcol">
<nav id="crumbs" aria-label="zoom"></nav>
<div id="map" role="tree" aria-label="treemap of the build context"></div>
<div id="legend"></div>
</section>
<aside>
<section id="details" aria-live="polite"><p class="hint">Click a box to zoom in and see why it is sent or kept out; click a finding to light up its files.</p></section>
<h2>Summary</h2>
${summaryHtml(report)}
${baselineHtml(report)}
<h2>Findings <span class="count">${escapeHtml(severityCounts(report.findings))}</span></h2>
<ol id="findings"></ol>
<div id="fixes"></div>
${kindsHtml(report)}
</aside>
</main>
<script type="application/json" id="buildctx-data">${scriptJson(pageData(report))}</script>
<script>${HTML_CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
