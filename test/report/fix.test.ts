// The fix output: unified diffs of append-only edits, and the text and JSON summaries.
import { describe, expect, test } from 'vitest';
import { loadContext } from '../../src/context/load-context.js';
import { appendBlock, blockLines, planFix } from '../../src/facts/plan-fix.js';
import { protectedPaths } from '../../src/facts/advice-guard.js';
import { parseDockerfile } from '../../src/dockerfile/parse-dockerfile.js';
import type { FixResult } from '../../src/fix/fix.js';
import { MemoryFileSystem } from '../../src/fs/memory-fs.js';
import { renderAppendDiff, renderFixJson, renderFixText } from '../../src/report/fix.js';
import type { Finding } from '../../src/types.js';
import { REPORT } from './fixture-report.js';

describe('renderAppendDiff', () => {
  const added = (old: string | null, lines: string[]) => {
    const before = old === null ? null : Buffer.from(old);
    return renderAppendDiff('.dockerignore', before, appendBlock(before, lines));
  };

  test.for([
    ['a new file', null, '--- /dev/null\n+++ b/.dockerignore\n@@ -0,0 +1,2 @@\n+# c\n+x\n'],
    ['an empty file', '', '--- a/.dockerignore\n+++ b/.dockerignore\n@@ -0,0 +1,2 @@\n+# c\n+x\n'],
    ['one line', 'a\n', '--- a/.dockerignore\n+++ b/.dockerignore\n@@ -1 +1,4 @@\n a\n+\n+# c\n+x\n'],
    [
      'more than three lines: three of context',
      'a\nb\nc\nd\n',
      '--- a/.dockerignore\n+++ b/.dockerignore\n@@ -2,3 +2,6 @@\n b\n c\n d\n+\n+# c\n+x\n',
    ],
    [
      'no final newline',
      'a\nb',
      '--- a/.dockerignore\n+++ b/.dockerignore\n@@ -1,2 +1,5 @@\n a\n-b\n\\ No newline at end of file\n+b\n+\n+# c\n+x\n',
    ],
  ] as const)('%s', ([, old, diff]) => {
    expect(added(old, ['# c', 'x'])).toBe(diff);
  });
});

function finding(check: string, lines: string[], path: string): Finding {
  return {
    check,
    severity: 'warning',
    path,
    message: `${check} message`,
    data: { ignoreLines: lines },
    fingerprint: `fp-${check}-${path}`,
  };
}

function fixture(): FixResult {
  const oldIgnore = '.git\n!node_modules/keep.js';
  const fs = new MemoryFileSystem([
    { path: '.dockerignore', type: 'file', content: oldIgnore },
    { path: 'node_modules/keep.js', type: 'file', content: 'k' },
    { path: 'node_modules/a.js', type: 'file', size: 1500 },
    { path: 'web/node_modules/b.js', type: 'file', size: 2500 },
    { path: 'assets/logo.png', type: 'file', size: 40 },
    { path: 'cache/x', type: 'file', size: 9 },
  ]);
  const ctx = loadContext({ fs, cwd: '/ctx', classic: false, measureExcluded: false, stat: true, readLinks: true });
  const findings = [
    finding('deps', ['node_modules', '/cache'], 'node_modules'),
    finding('media', ['assets'], 'assets'),
    finding('other', [], 'x'),
  ];
  const prot = protectedPaths(parseDockerfile('FROM x\nCOPY assets /a\nCOPY . .\n'), ctx.entries);
  const plan = planFix({ entries: ctx.entries, patterns: ctx.ignore!.patterns, findings, protected: prot });
  const before = Buffer.from(oldIgnore);
  return {
    target: { path: '/ctx/.dockerignore', displayPath: '.dockerignore', source: 'root', exists: true },
    before: { ...REPORT, summary: { ...REPORT.summary, files: 7, bytes: 4068 } },
    after: { ...REPORT, summary: { ...REPORT.summary, files: 4, bytes: 100 } },
    plan,
    oldContent: before,
    newContent: appendBlock(before, blockLines(plan)),
    changed: true,
    targeted: findings,
    remaining: [findings[1]!, findings[2]!],
    unresolved: [
      {
        check: 'foreign-binary',
        severity: 'error',
        path: 'bin/app',
        message: 'bin/app is a Mach-O arm64 executable; the COPY on line 3 names it',
        data: {
          ignoreLines: [],
          dockerfileFix: 'build it in a stage: FROM golang AS build … RUN GOOS=linux CGO_ENABLED=0 go build',
        },
        fingerprint: 'fb',
      },
    ],
  };
}

describe('fix summaries', () => {
  test('text', async () => {
    await expect(renderFixText(fixture(), { written: false })).toMatchFileSnapshot('__snapshots__/fix.txt');
  });

  test('json', async () => {
    await expect(renderFixJson(fixture(), { written: true })).toMatchFileSnapshot('__snapshots__/fix.json');
  });

  test('the plan behind them: nested form, restated exception, refused COPY path', () => {
    const { plan } = fixture();
    expect(plan.lines.map((l) => [l.line, l.files, l.bytes, l.restated?.lines ?? null])).toEqual([
      ['**/node_modules', 2, 4000, ['!node_modules/keep.js']],
      ['/cache', 1, 9, null],
    ]);
    expect(plan.lines[0]!.nested).toEqual({ files: 1, bytes: 2500, example: 'web/node_modules' });
    expect(plan.skipped.map((s) => [s.line, s.reason])).toEqual([['assets', 'copied']]);
    expect(plan.withoutLines.map((f) => f.check)).toEqual(['other']);
  });
});
