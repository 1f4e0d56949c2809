// Output of `buildctx fix`: the unified diff of the ignore file, each added line with its
// measured effect, the lines not added and why, and the before/after totals. A plain function.
import { newTable } from './cli-table.js';
import { formatBytes, formatCount } from '../units.js';
import type { FixResult } from '../fix/fix.js';
import type { Finding } from '../types.js';
import { displayPath, toWellFormed } from './display-path.js';
import { withRawPaths } from './json.js';
import { suggestedDockerfileFix } from './phrases.js';

/** Unchanged lines shown before the added block, as `diff -u` does. */
const DIFF_CONTEXT_LINES = 3;

function splitLines(bytes: Uint8Array): string[] {
  const text = toWellFormed(Buffer.from(bytes).toString('utf8'));
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A unified diff of an append-only edit (`diff -u` format, `\ No newline at end of file` included). */
export function renderAppendDiff(name: string, oldContent: Uint8Array | null, newContent: Uint8Array): string {
  const oldLines = oldContent === null ? [] : splitLines(oldContent);
  const newLines = splitLines(newContent);
  const out = [oldContent === null ? '--- /dev/null' : `--- a/${name}`, `+++ b/${name}`];
  const missingNewline = oldContent !== null && oldContent.length > 0 && oldContent[oldContent.length - 1] !== 0x0a;
  // With no final newline the old last line changes too: it is removed and added back.
  const keep = missingNewline ? oldLines.length - 1 : oldLines.length;
  const start = Math.max(0, keep - DIFF_CONTEXT_LINES);
  const context = oldLines.slice(start, keep);
  const removed = oldLines.slice(keep);
  const added = newLines.slice(keep);
  const oldCount = context.length + removed.length;
  const newCount = context.length + added.length;
  const range = (first: number, count: number): string =>
    count === 1 ? `${first}` : `${count === 0 ? first - 1 : first},${count}`;
  out.push(`@@ -${range(start + 1, oldCount)} +${range(start + 1, newCount)} @@`);
  for (const l of context) out.push(' ' + l);
  for (const l of removed) out.push('-' + l);
  if (missingNewline) out.push('\\ No newline at end of file');
  for (const l of added) out.push('+' + l);
  return out.join('\n') + '\n';
}

function count(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

function findingLine(f: Finding): string {
  const where = f.line !== undefined ? `${displayPath(f.path)}:${f.line}` : displayPath(f.path);
  return `  ${f.severity} [${f.check}] ${where}: ${toWellFormed(f.message)}`;
}

export interface FixTextOptions {
  /** The edit was written to disk. */
  written: boolean;
}

export function renderFixText(result: FixResult, options: FixTextOptions): string {
  const { plan, target } = result;
  const out: string[] = [];
  const name = displayPath(target.displayPath);
  if (result.changed) {
    out.push(renderAppendDiff(target.displayPath, result.oldContent, result.newContent));
    out.push(`Lines for ${name}${target.exists ? '' : ' (a new file)'}:`);
    const t = newTable({
      head: ['line', 'files', 'bytes', 'resolves'],
      style: { head: [], border: [], compact: true },
      colAligns: ['left', 'right', 'right', 'left'],
    });
    for (const p of plan.lines) {
      t.push([
        displayPath(p.line),
        formatCount(p.files),
        formatBytes(p.bytes),
        p.findings.map((f) => `${f.check} (${displayPath(f.path)})`).join('\n'),
      ]);
    }
    out.push(t.toString());
    for (const p of plan.lines) {
      if (p.nested !== null) {
        out.push(
          `  ${p.suggested} → ${p.line}: Docker anchors every pattern at the context root, so "${p.suggested}" alone matches only ./${p.suggested} and would leave nested copies such as ${displayPath(p.nested.example)} (${count(p.nested.files, 'file')}, ${formatBytes(p.nested.bytes)}) in the context.`,
        );
      }
      if (p.notWidened !== null) out.push(`  ${p.line} stays anchored at the root: ${toWellFormed(p.notWidened)}.`);
      if (p.restated !== null) {
        out.push(
          `  ${p.line} is followed by ${count(p.restated.lines.length, 'literal exception')} so that line ${p.restated.exception.line} (${p.restated.exception.text.trim()}) still keeps what it names.`,
        );
      }
    }
  }
  if (plan.skipped.length > 0) {
    out.push('', 'Not added:');
    for (const s of plan.skipped)
      out.push(`  ${displayPath(s.line)}  (${s.findings.map((f) => f.check).join(', ')}): ${toWellFormed(s.detail)}`);
  }
  if (!result.changed && plan.skipped.length === 0 && result.targeted.length === 0 && result.unresolved.length === 0)
    out.push('Nothing to fix: no findings.');
  else if (!result.changed) out.push('', `Nothing to add to ${name}.`);

  out.push('');
  const totals = newTable({
    head: ['', 'before', 'after'],
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'right', 'right'],
  });
  const b = result.before.summary;
  const a = result.after.summary;
  totals.push(['files sent', formatCount(b.files), formatCount(a.files)]);
  totals.push(['bytes sent', formatBytes(b.bytes), formatBytes(a.bytes)]);
  totals.push(['findings', formatCount(result.targeted.length), formatCount(result.remaining.length)]);
  out.push(totals.toString());

  if (result.remaining.length > 0) {
    out.push('', 'Findings no ignore line fixes:');
    for (const f of result.remaining) out.push(findingLine(f));
  }
  if (result.unresolved.length > 0) {
    out.push('', `Findings no ignore line can resolve (change the Dockerfile or the files instead):`);
    for (const f of result.unresolved) {
      out.push(findingLine(f));
      const change = suggestedDockerfileFix(f);
      if (change !== null && !f.message.includes(change)) out.push(`      instead: ${toWellFormed(change)}`);
    }
  }
  if (result.changed)
    out.push('', options.written ? `Wrote ${name}.` : `Run with --write to append these lines to ${name}.`);
  return out.join('\n') + '\n';
}

/** The same facts for machines: what was planned, refused and measured. */
export function renderFixJson(result: FixResult, options: FixTextOptions): string {
  const totals = (r: FixResult['before'], findings: number) => ({
    files: r.summary.files,
    bytes: r.summary.bytes,
    findings,
  });
  const out = {
    ignoreFile: result.target.displayPath,
    ignoreFileSource: result.target.source,
    created: result.changed && !result.target.exists,
    changed: result.changed,
    written: options.written,
    lines: result.plan.lines.map((p) => ({
      line: p.line,
      suggested: p.suggested,
      files: p.files,
      bytes: p.bytes,
      findings: p.findings,
      nested: p.nested,
      notWidened: p.notWidened,
      restated: p.restated === null ? null : { lines: p.restated.lines, exceptionLine: p.restated.exception.line },
    })),
    skipped: result.plan.skipped,
    before: totals(result.before, result.targeted.length),
    after: totals(result.after, result.remaining.length),
    remaining: result.remaining,
    unresolved: result.unresolved,
  };
  return JSON.stringify(withRawPaths(out), null, 2) + '\n';
}
