// File snapshots of every format on a fixed report, with and without a baseline.
import { describe, expect, test } from 'vitest';
import { FORMATS, reporters, type Format } from '../../src/report/reporters.js';
import { FIXTURE_CHECKS, REPORT, REPORT_WITH_BASELINE } from './fixture-report.js';

const EXTENSION = {
  table: 'txt',
  json: 'json',
  sarif: 'sarif',
  markdown: 'md',
  github: 'txt',
  html: 'html',
} as const satisfies Record<Format, string>;

describe.each(FORMATS)('%s', (format) => {
  const options = { color: false, columns: 100, root: '/work', checks: FIXTURE_CHECKS };

  test('matches its snapshot', async () => {
    await expect(reporters[format](REPORT, options)).toMatchFileSnapshot(
      `__snapshots__/${format}.${EXTENSION[format]}`,
    );
  });

  test('with a baseline: matches its snapshot', async () => {
    await expect(reporters[format](REPORT_WITH_BASELINE, options)).toMatchFileSnapshot(
      `__snapshots__/${format}-baseline.${EXTENSION[format]}`,
    );
  });

  test('is deterministic', () => {
    expect(reporters[format](REPORT, options)).toBe(reporters[format](structuredClone(REPORT), options));
  });
});
