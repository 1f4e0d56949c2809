// The terminal report of every bundled example, at 80 and 120 columns: file snapshots, at most
// 40 lines by default, and no line wider than the terminal in any detail level.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { renderTable, REPORT_LINES, type Detail } from '../../src/report/table.js';
import { displayWidth } from '../../src/report/text-layout.js';
import type { Report } from '../../src/types.js';
import { copyScenario } from '../checks/helpers.js';
import { REPORT, REPORT_WITH_BASELINE } from './fixture-report.js';

/** The same report wherever the test runs: the temp directory becomes /ctx/NAME. */
function pinned(report: Report, name: string): Report {
  const at = (p: string | null): string | null =>
    p !== null && p.startsWith(report.context) ? `/ctx/${name}${p.slice(report.context.length)}` : p;
  return { ...report, context: `/ctx/${name}`, dockerfile: at(report.dockerfile) };
}

/** Every bundled example (the host-environment scenarios and the fix examples alike). */
const EXAMPLES = fs
  .readdirSync(path.join(import.meta.dirname, '../../fixtures/examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const reports = new Map<string, Report>();
async function exampleReport(name: string): Promise<Report> {
  let r = reports.get(name);
  if (r === undefined) {
    r = pinned(await analyze({ context: copyScenario(name) }), name);
    reports.set(name, r);
  }
  return r;
}

describe.each(EXAMPLES)('%s', (name) => {
  test.for([80, 120])('at %i columns: matches its snapshot, fits the terminal and 40 lines', async (columns) => {
    const report = await exampleReport(name);
    const text = renderTable(report, { color: false, columns });
    await expect(text).toMatchFileSnapshot(`__snapshots__/examples/${name}-${columns}.txt`);
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(REPORT_LINES);
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
  });

  test.for(['quiet', 'verbose'] as Detail[])('%s: no line wider than 80 columns', async (detail) => {
    const text = renderTable(await exampleReport(name), { color: false, columns: 80, detail });
    for (const line of text.trimEnd().split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
  });
});

describe('table layout', () => {
  test('every finding and the verdict are in the quiet report, nothing else', () => {
    const text = renderTable(REPORT, { color: false, columns: 80, detail: 'quiet' });
    const lines = text.trimEnd().split('\n');
    expect(lines.filter((l) => /^(error|warning|info) /.test(l))).toHaveLength(REPORT.findings.length);
    expect(lines.at(-1)).toMatch(/^Fails: 2 findings at or above --fail-on error, --max-size exceeded$/);
    expect(text).not.toMatch(/Largest|Sends/);
  });

  test('the verdict follows --fail-on and the baseline', () => {
    expect(renderTable(REPORT, { color: false, failOn: 'none', detail: 'quiet' }).trimEnd().split('\n').at(-1)).toBe(
      'Fails: --max-size exceeded',
    );
    const noLimit = { ...REPORT, limits: [] };
    expect(renderTable(noLimit, { color: false, failOn: 'none' }).trimEnd().split('\n').at(-1)).toBe(
      'Passes: no limit exceeded',
    );
    expect(renderTable(REPORT_WITH_BASELINE, { color: false }).trimEnd().split('\n').slice(-2).join('\n')).toBe(
      'Fails: 1 finding at or above --fail-on error new since the baseline, --max-size exceeded,\n    --max-growth exceeded',
    );
  });

  test('each distinct fix is printed once, after the findings', () => {
    const f = REPORT.findings[0]!;
    const twice = { ...REPORT, findings: [f, { ...f, path: 'other' }] };
    const text = renderTable(twice, { color: false });
    expect(text.match(/^Fix: add 2 lines to \.dockerignore — buildctx fix --write$/gm)).toHaveLength(1);
    expect(text.match(/the Dockerfile: nothing to change/g)).toHaveLength(1);
    expect(text.indexOf('Fix:')).toBeGreaterThan(text.lastIndexOf('unreadable-directory'));
  });

  test('the largest tree lists each chain once with its share of the parent, no 0-byte rows', () => {
    const report: Report = {
      ...REPORT,
      summary: { ...REPORT.summary, bytes: 1000 },
      largestDirs: [
        { path: 'a', bytes: 800, files: 3 },
        { path: 'a/b/c', bytes: 600, files: 2 },
        { path: 'z', bytes: 0, files: 1 },
      ],
      largestFiles: [
        { path: 'a/b/c/big', bytes: 500 },
        { path: 'top.txt', bytes: 200 },
        { path: 'empty', bytes: 0 },
      ],
    };
    const text = renderTable(report, { color: false, columns: 80 });
    const block = text.slice(text.indexOf('Largest'), text.indexOf('\n\n', text.indexOf('Largest')));
    const rows = block
      .split('\n')
      .slice(2)
      .map((l) => l.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['a/ 3 800B 80%', '└ b/c/ 2 600B 75%', '└ big 1 500B 83%', 'top.txt 1 200B 20%']);
  });

  test('colours only the severity, and only when asked', () => {
    expect(renderTable(REPORT, { color: false })).not.toMatch(/\u001b\[/);
    expect(renderTable(REPORT, { color: true })).toMatch(/\u001b\[31merror\u001b\[0m +unreadable-directory/);
  });
});
