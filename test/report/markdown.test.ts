// Markdown for PR comments: GFM tables must keep their shape whatever the messages and names hold.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fingerprintOf } from '../../src/analyze/fingerprint.js';
import { escapeMarkdown, renderMarkdown } from '../../src/report/markdown.js';
import type { Finding } from '../../src/types.js';
import { REPORT, REPORT_WITH_BASELINE } from './fixture-report.js';

/** Cells of a GFM table row: split on `|` that is not backslash-escaped (GFM table extension). */
function cells(row: string): string[] {
  expect(row.startsWith('| ') && row.endsWith(' |')).toBe(true);
  return row.slice(1, -1).split(/(?<!\\)\|/);
}

/** The table that follows a heading line, as rows of cells (header and delimiter rows included). */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  let i = lines.indexOf(heading);
  expect(i).toBeGreaterThanOrEqual(0);
  while (!lines[i]!.startsWith('|')) i++;
  const rows: string[][] = [];
  while (lines[i]?.startsWith('|') === true) rows.push(cells(lines[i++]!));
  return rows;
}

describe('findings table', () => {
  test.for([
    ['without a baseline', REPORT, 4],
    ['with a baseline (a "new" column)', REPORT_WITH_BASELINE, 5],
  ] as const)('%s: one row per finding, every row the same width', ([, report, width]) => {
    const rows = tableAfter(renderMarkdown(report), '#### Findings');
    expect(rows).toHaveLength(2 + report.findings.length);
    for (const row of rows) expect(row).toHaveLength(width);
    expect(rows[1]!.every((c) => /^ ?-+:? ?$/.test(c))).toBe(true);
  });

  // Weighted towards the characters that could break a row.
  const tricky = fc.oneof(
    fc.string({ unit: fc.constantFrom('|', '\\', '`', '\n', '\r', '<', '_', '*', 'a', ' ', '\udcff') }),
    fc.string({ unit: 'grapheme' }),
  );

  test('any message or path keeps the row intact', () => {
    fc.assert(
      fc.property(tricky, tricky, (message, path) => {
        const finding: Finding = {
          check: 'sample-warning',
          severity: 'warning',
          path,
          message,
          data: {},
          fingerprint: fingerprintOf({ check: 'sample-warning', path, data: {} }),
        };
        const rows = tableAfter(renderMarkdown({ ...REPORT, findings: [finding] }), '#### Findings');
        expect(rows).toHaveLength(3);
        expect(rows[2]).toHaveLength(4);
      }),
      { seed: 7001 },
    );
  });
});

describe('escapeMarkdown', () => {
  test.for([
    ['a | b', 'a \\| b'],
    ['one\ntwo\r\nthree', 'one<br>two<br>three'],
    ['__init__.py', '\\_\\_init\\_\\_.py'],
    ['<script>&', '&lt;script&gt;&amp;'],
    ['*x* `y` [z](u)', '\\*x\\* \\`y\\` \\[z\\](u)'],
  ] as const)('%j → %j', ([text, escaped]) => {
    expect(escapeMarkdown(text)).toBe(escaped);
  });
});

describe('sections', () => {
  test('headline totals; "what changed" only with a baseline; details blocks for the largest entries', () => {
    const plain = renderMarkdown(REPORT);
    expect(plain.split('\n')[0]).toBe('### buildctx: 1,234 files, 12.35MB sent — 2 errors, 2 warnings, 2 info');
    expect(plain).not.toContain('What changed');
    // Suggested ignore lines, largest directories, largest files.
    expect(plain.match(/<details>/g)).toHaveLength(3);
    expect(plain.match(/<\/details>/g)).toHaveLength(3);
    const changed = tableAfter(renderMarkdown(REPORT_WITH_BASELINE), '#### What changed since `baseline.json`');
    expect(changed.map((r) => r[0]!.trim())).toEqual(['', '---', 'files sent', 'bytes sent', 'classic tar stream']);
    expect(changed[2]!.map((c) => c.trim())).toEqual(['files sent', '1,200', '1,234', '+34']);
  });

  test('a clean report has no findings table', () => {
    const md = renderMarkdown({ ...REPORT, findings: [], limits: [] });
    expect(md).toContain('no findings');
    expect(md).not.toContain('#### Findings');
  });
});
