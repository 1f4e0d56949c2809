// SARIF output validated against the official OASIS 2.1.0 schema (a draft-04 JSON schema,
// copied into test/fixtures-data), plus the properties code scanning relies on.
import { existsSync, readFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { checks } from '../../src/analyze/registry.js';
import { renderSarif } from '../../src/report/sarif.js';
import type { Report } from '../../src/types.js';
import { FINDINGS, FIXTURE_CHECKS, REPORT, REPORT_WITH_BASELINE } from './fixture-report.js';

const schema = JSON.parse(
  readFileSync(new URL('../fixtures-data/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
) as object;
// Both are CommonJS modules that also set `exports.default`, the name TypeScript's NodeNext
// view of them knows.
// Strict, so an unknown format fails compilation instead of passing silently; only
// strictRequired is off: the schema's anyOf branches name properties defined one level up.
const ajv = new ajvDraft04.default({ allErrors: true, strictRequired: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

interface SarifLog {
  runs: {
    tool: {
      driver: {
        rules: {
          id: string;
          helpUri?: string;
          shortDescription: { text: string };
          defaultConfiguration?: { level: string };
        }[];
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      baselineState?: string;
      partialFingerprints: Record<string, string>;
      locations: {
        physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } };
      }[];
    }[];
  }[];
}

const EMPTY: Report = { ...REPORT, findings: [], limits: [], largestDirs: [], largestFiles: [] };

describe('schema validation', () => {
  test.for([
    ['fixture report', REPORT],
    ['with a baseline', REPORT_WITH_BASELINE],
    ['no findings', EMPTY],
  ] as const)('%s validates', ([, report]) => {
    for (const options of [{ checks: FIXTURE_CHECKS }, {}]) {
      const log = JSON.parse(renderSarif(report, options)) as unknown;
      const ok = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  test('the validator rejects a bad level and an unencoded URI (it can fail)', () => {
    const badLevel = JSON.parse(renderSarif(REPORT)) as SarifLog;
    (badLevel.runs[0]!.results[0] as unknown as Record<string, unknown>).level = 'fatal';
    expect(validate(badLevel)).toBe(false);
    const badUri = JSON.parse(renderSarif(REPORT)) as SarifLog;
    badUri.runs[0]!.results[1]!.locations[0]!.physicalLocation.artifactLocation.uri = 'odd dir/a|b';
    expect(validate(badUri)).toBe(false);
  });
});

describe('content', () => {
  const log = JSON.parse(renderSarif(REPORT, { checks: FIXTURE_CHECKS })) as SarifLog;
  const run = log.runs[0]!;

  test('one rule per registered check, with help link and level', () => {
    const real = (JSON.parse(renderSarif(EMPTY)) as SarifLog).runs[0]!.tool.driver.rules;
    expect(real.map((r) => r.id)).toEqual(checks.map((c) => c.meta.id));
    for (const [i, rule] of real.entries()) {
      expect(rule.helpUri).toBe(`https://github.com/buildctx/buildctx/blob/main/docs/checks/${rule.id}.md`);
      expect(rule.shortDescription.text).toBe(checks[i]!.meta.title);
    }
  });

  test('every helpUri is a check page in docs/checks/', () => {
    for (const c of checks)
      expect(existsSync(new URL(`../../docs/checks/${c.meta.id}.md`, import.meta.url))).toBe(true);
  });

  test('levels map from severity; every result points at its rule', () => {
    expect(run.results.map((r) => r.level)).toEqual(['error', 'error', 'warning', 'warning', 'note', 'note']);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(run.tool.driver.rules.map((r) => r.id)).toContain('removed-check');
  });

  test('locations: percent-encoded context-relative URIs, absolute paths as file URIs, lines', () => {
    const where = run.results.map((r) => r.locations[0]!.physicalLocation);
    expect(where.map((w) => w.artifactLocation)).toEqual([
      { uri: 'locked', uriBaseId: 'CONTEXT' },
      { uri: 'odd%20dir/a%2Cb%3Ac%25.d', uriBaseId: 'CONTEXT' },
      { uri: 'pipe%7Cname%0Anewline', uriBaseId: 'CONTEXT' },
      { uri: 'file:///work/outside/Dockerfile' },
      { uri: 'f%FFo/bin', uriBaseId: 'CONTEXT' },
      { uri: 'x.txt', uriBaseId: 'CONTEXT' },
    ]);
    expect(where.map((w) => w.region?.startLine)).toEqual([undefined, undefined, 7, 3, undefined, undefined]);
    expect(run.originalUriBaseIds).toEqual({ CONTEXT: { uri: 'file:///work/project/' } });
  });

  test('fingerprints are the findings’ fingerprints; baselineState only with a baseline', () => {
    expect(run.results.map((r) => r.partialFingerprints['buildctx/v1'])).toEqual(FINDINGS.map((f) => f.fingerprint));
    expect(run.results.every((r) => r.baselineState === undefined)).toBe(true);
    const withBaseline = (JSON.parse(renderSarif(REPORT_WITH_BASELINE, { checks: FIXTURE_CHECKS })) as SarifLog)
      .runs[0]!;
    expect(withBaseline.results.map((r) => r.baselineState)).toEqual([
      'unchanged',
      'new',
      'new',
      'new',
      'unchanged',
      'new',
    ]);
  });
});
