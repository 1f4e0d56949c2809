// docs/report.schema.json, compiled once: the test helpers that produce reports (runCli for JSON
// output, analyzeContext) check every report against it, so a field added to the report without
// its schema fails the test that first produces it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';

const SCHEMA = path.join(import.meta.dirname, '../../docs/report.schema.json');

let validate: ReturnType<Ajv2020['compile']> | undefined;

/** Throws, naming docs/report.schema.json and the first problems, when `report` does not match. */
export function assertReportSchema(report: unknown): void {
  validate ??= new Ajv2020({ allErrors: true, strict: true }).compile(
    JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object,
  );
  if (validate(report)) return;
  const problems = (validate.errors ?? [])
    .slice(0, 5)
    .map(
      (e) =>
        `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    );
  throw new Error(
    `report does not match docs/report.schema.json — update the schema with the report: ${problems.join('; ')}`,
  );
}

/** A JSON report, or scan's array of them, in CLI output; other output is left alone. */
export function assertReportsInOutput(stdout: string): void {
  const text = stdout.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return;
  }
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (
      item !== null &&
      typeof item === 'object' &&
      (item as { schemaVersion?: unknown }).schemaVersion === 1 &&
      'summary' in item
    )
      assertReportSchema(item);
  }
}
