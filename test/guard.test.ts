// The guard: fingerprints, baselines, growth limits and which findings fail the run.
import { describe, expect, test } from 'vitest';
import { fingerprintOf } from '../src/analyze/fingerprint.js';
import {
  applyBaseline,
  failingFindings,
  guardFailures,
  parseBaseline,
  type Baseline,
  type FailOn,
} from '../src/guard/guard.js';
import { renderJson } from '../src/report/json.js';
import type { Finding, Report, Severity } from '../src/types.js';
import { REPORT } from './report/fixture-report.js';

function finding(severity: Severity, path: string, data: Record<string, unknown> = {}, check = 'sample'): Finding {
  return {
    check,
    severity,
    path,
    message: `${severity} at ${path}`,
    data,
    fingerprint: fingerprintOf({ check, path, data }),
  };
}

function report(findings: Finding[], bytes = 1000): Report {
  return { ...REPORT, summary: { ...REPORT.summary, bytes }, findings, limits: [] };
}

function baselineOf(r: Report): Baseline {
  return parseBaseline(renderJson(r), 'base.json');
}

describe('fingerprintOf', () => {
  test('is a fixed function of check, path and fingerprintKey (same value on every machine)', () => {
    expect(fingerprintOf({ check: 'unreadable-directory', path: 'locked', data: { code: 'EACCES' } })).toBe(
      'f39d3a5696e1c246488582e49c124ed5',
    );
  });

  test.for([
    ['another check', { check: 'other', path: 'a', data: {} }],
    ['another path', { check: 'c', path: 'b', data: {} }],
    ['a fingerprintKey', { check: 'c', path: 'a', data: { fingerprintKey: 'k' } }],
    ['a non-UTF-8 byte', { check: 'c', path: 'a\udcff', data: {} }],
  ] as const)('changes with %s', ([, other]) => {
    expect(fingerprintOf(other)).not.toBe(fingerprintOf({ check: 'c', path: 'a', data: {} }));
  });

  test('ignores other data, message, line and severity', () => {
    const base = { check: 'c', path: 'a', data: { bytes: 1, fingerprintKey: 'k' } };
    expect(fingerprintOf({ ...base, data: { bytes: 2, fingerprintKey: 'k' } })).toBe(fingerprintOf(base));
    const f = finding('error', 'a');
    expect(fingerprintOf({ ...f, severity: 'info', line: 9, message: 'other' } as Finding)).toBe(f.fingerprint);
  });
});

describe('parseBaseline', () => {
  test('reads what --format json writes, recomputing fingerprints', () => {
    const b = baselineOf(report([finding('error', 'x'), finding('info', 'y\udcfe')], 5000));
    expect(b.summary).toEqual({ files: REPORT.summary.files, bytes: 5000, tarBytes: REPORT.summary.tarBytes });
    expect(b.findings).toEqual([
      { check: 'sample', fingerprint: finding('error', 'x').fingerprint },
      { check: 'sample', fingerprint: finding('info', 'y\udcfe').fingerprint },
    ]);
  });

  test.for([
    ['not JSON', '{', /base\.json: not JSON/],
    ['an array', '[]', /no schemaVersion/],
    ['another schema version', '{"schemaVersion":2}', /schemaVersion 2 is not supported/],
    ['no summary', '{"schemaVersion":1,"findings":[]}', /no summary/],
    [
      'a bad count',
      '{"schemaVersion":1,"summary":{"files":-1,"bytes":0,"tarBytes":0},"findings":[]}',
      /summary\.files/,
    ],
    ['no findings', '{"schemaVersion":1,"summary":{"files":1,"bytes":0,"tarBytes":0}}', /no findings list/],
    [
      'a finding without a path',
      '{"schemaVersion":1,"summary":{"files":1,"bytes":0,"tarBytes":0},"findings":[{"check":"c"}]}',
      /findings\[0\]/,
    ],
  ] as const)('rejects %s', ([, text, message]) => {
    expect(() => parseBaseline(text, 'base.json')).toThrow(message);
  });
});

describe('applyBaseline', () => {
  test('marks findings new or not, matching fingerprints as a multiset, and counts fixed ones', () => {
    const before = report([finding('error', 'a'), finding('error', 'a'), finding('warning', 'gone')]);
    const now = report([finding('error', 'a'), finding('error', 'a'), finding('error', 'a'), finding('info', 'b')]);
    const r = applyBaseline(now, baselineOf(before), { file: 'base.json' });
    expect(r.findings.map((f) => f.new)).toEqual([false, false, true, true]);
    expect(r.baseline).toMatchObject({ file: 'base.json', newFindings: 2, fixedFindings: 1 });
    expect(r.baseline!.growthLimit).toBeUndefined();
  });

  test('baseline findings of checks disabled now are not "fixed"', () => {
    const before = report([finding('error', 'a', {}, 'off'), finding('error', 'b')]);
    const r = applyBaseline(report([]), baselineOf(before), { file: 'b', disabled: new Set(['off']) });
    expect(r.baseline!.fixedFindings).toBe(1);
  });

  test('changes in files, bytes and tar bytes', () => {
    const before = { ...report([], 1000), summary: { ...REPORT.summary, files: 10, bytes: 1000, tarBytes: 4096 } };
    const now = { ...report([], 700), summary: { ...REPORT.summary, files: 12, bytes: 700, tarBytes: 3072 } };
    const b = applyBaseline(now, baselineOf(before), { file: 'b' }).baseline!;
    expect([b.files, b.bytes, b.tarBytes]).toEqual([
      { before: 10, after: 12, delta: 2 },
      { before: 1000, after: 700, delta: -300 },
      { before: 4096, after: 3072, delta: -1024 },
    ]);
  });

  test.for([
    // [baseline bytes, bytes now, limit, allowed bytes, exceeded]
    [100_000, 100_290, { percent: 0.29 }, 290, false], // 100000 × 0.29 / 100 is 289.99… in floating point
    [100_000, 100_291, { percent: 0.29 }, 290, true],
    [1_000_000, 1_050_000, { percent: 5 }, 50_000, false],
    [1_000_000, 1_050_001, { percent: 5 }, 50_000, true],
    [999, 1_049, { percent: 5 }, 49, true], // floor(49.95)
    [0, 1, { percent: 50 }, 0, true],
    [5_000, 0, { percent: 0 }, 0, false], // shrinking never exceeds
    [1_000, 11_000_000, { bytes: 10_000_000 }, 10_000_000, true],
    [1_000, 10_001_000, { bytes: 10_000_000 }, 10_000_000, false],
  ] as const)('growth %i → %i with %o: allowed %i, exceeded %s', ([before, after, spec, maxBytes, exceeded]) => {
    const g = applyBaseline(report([], after), baselineOf(report([], before)), { file: 'b', maxGrowth: spec }).baseline!
      .growthLimit!;
    expect(g).toEqual({ maxBytes, percent: 'percent' in spec ? spec.percent : null, actual: after - before, exceeded });
  });
});

describe('failing findings', () => {
  const all = report([finding('error', 'e'), finding('warning', 'w'), finding('info', 'i')]);

  test.for([
    ['error', ['e']],
    ['warning', ['e', 'w']],
    ['info', ['e', 'w', 'i']],
    ['none', []],
  ] as const)('--fail-on %s', ([failOn, paths]) => {
    expect(failingFindings(all, failOn as FailOn).map((f) => f.path)).toEqual(paths);
  });

  test('findings the baseline holds never fail', () => {
    const r = applyBaseline(all, baselineOf(report([finding('error', 'e')])), { file: 'b' });
    expect(failingFindings(r, 'info').map((f) => f.path)).toEqual(['w', 'i']);
  });

  test('guardFailures names limits, growth and findings', () => {
    const r = applyBaseline({ ...all, limits: REPORT.limits }, baselineOf(report([], 10)), {
      file: 'b',
      maxGrowth: { bytes: 5 },
    });
    expect(guardFailures(r, 'warning')).toEqual([
      '--max-size exceeded: 12345678 > 10000000',
      '--max-growth exceeded: content grew by 990 bytes, allowed 5',
      '2 findings at or above --fail-on warning new since the baseline',
    ]);
    expect(guardFailures(report([]), 'info')).toEqual([]);
  });
});
