// Finding.data is typed per check id: each check's data type is inferred from what it yields
// (defineCheck), collected in FindingDataMap, and isFindingOf narrows a finding to it. The type
// assertions are checked by `npm run typecheck`; the runtime ones check the data really has them.
import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  checks,
  isFindingOf,
  type CheckId,
  type FindingDataMap,
  type TypedFinding,
} from '../../src/analyze/registry.js';
import type { ContextSourceKind } from '../../src/dockerfile/context-refs.js';
import { analyzeContext, doc } from './analyze-context.js';

describe('FindingDataMap', () => {
  test('has a data type for every registered check id, and nothing else', () => {
    expectTypeOf<keyof FindingDataMap>().toEqualTypeOf<CheckId>();
    const ids: CheckId[] = checks.map((c) => c.meta.id as CheckId);
    expect(new Set(ids).size).toBe(checks.length);
  });

  test('types each check by what it yields', () => {
    expectTypeOf<FindingDataMap['copy-source-missing']>().toMatchTypeOf<{
      source: string;
      kind: ContextSourceKind;
      effect: 'empty' | 'missing';
      stage: number;
      wouldIgnoreLine: number | null;
    }>();
    expectTypeOf<FindingDataMap['foreign-binary']['arch']>().toEqualTypeOf<string | null>();
    expectTypeOf<FindingDataMap['foreign-binary']['examples']>().toEqualTypeOf<string[]>();
    expectTypeOf<TypedFinding<'unpinned-base-image'>['check']>().toEqualTypeOf<'unpinned-base-image'>();
  });

  test('isFindingOf narrows a report finding to its data type', async () => {
    const report = await analyzeContext({
      Dockerfile: doc('FROM alpine:3.20', 'COPY missing.txt /app/'),
      '.dockerignore': '.git\n',
    });
    const finding = report.findings.find((f) => isFindingOf(f, 'copy-source-missing'));
    expect(finding).toBeDefined();
    if (finding === undefined || !isFindingOf(finding, 'copy-source-missing')) return;
    expectTypeOf(finding.data.effect).toEqualTypeOf<'empty' | 'missing'>();
    expect(finding.data).toMatchObject({ source: 'missing.txt', effect: 'missing', kind: 'copy', stage: 0 });
    expect(report.findings.filter((f) => isFindingOf(f, 'foreign-binary'))).toEqual([]);
  });
});
