// The JSON report's schema (docs/report.schema.json, JSON Schema 2020-12) accepts every report
// buildctx produces and rejects what it must not: the reporters' snapshots and the bundled
// examples here; every JSON report of the CLI and check tests through their helpers.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { renderJson } from '../../src/report/json.js';
import { assertReportSchema } from '../helpers/report-schema.js';

const ROOT = path.join(import.meta.dirname, '../..');
const EXAMPLES = path.join(ROOT, 'fixtures/examples');
const SNAPSHOTS = ['json.json', 'json-baseline.json'];

describe('docs/report.schema.json', () => {
  test.for(SNAPSHOTS)('the reporter snapshot %s validates', (name) => {
    expect(() =>
      assertReportSchema(JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '__snapshots__', name), 'utf8'))),
    ).not.toThrow();
  });

  const examples = fs
    .readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  test.for(examples)('the report of fixtures/examples/%s validates', async (name) => {
    const report = await analyze({ context: path.join(EXAMPLES, name) });
    expect(() => assertReportSchema(JSON.parse(renderJson(report)))).not.toThrow();
  });

  test('a report with an undocumented field, or without a required one, is refused', () => {
    const report = JSON.parse(
      fs.readFileSync(path.join(import.meta.dirname, '__snapshots__', 'json.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(() => assertReportSchema({ ...report, extra: 1 })).toThrow(/extra/);
    const { summary: _summary, ...rest } = report;
    expect(() => assertReportSchema(rest)).toThrow(/summary/);
  });
});
