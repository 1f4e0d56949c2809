// The HTML report as text: self-contained, escaped, and small for a huge context.
import { describe, expect, test } from 'vitest';
import { buildContextTree } from '../../src/analyze/context-tree.js';
import type { CheckModel } from '../../src/facts/check-model.js';
import { packTree, renderHtml } from '../../src/report/html.js';
import { MAX_PATH_CHANGES } from '../../src/guard/path-growth.js';
import type { ContextEntry, ExcludedEntry, PathChange, Report } from '../../src/types.js';
import { REPORT, REPORT_WITH_BASELINE } from './fixture-report.js';

function file(path: string, size: number): ContextEntry {
  return { path, type: 'file', size, mode: 0o100644, mtimeMs: 0 };
}

/** Just what the tree reads from a model. */
function model(entries: ContextEntry[], excluded: ExcludedEntry[] = []): CheckModel {
  return { entries, excluded, dockerfileModel: null, ignore: null } as unknown as CheckModel;
}

describe('context tree', () => {
  test('sizes roll up; excluded paths keep the line that excluded them', () => {
    const m = {
      ...model(
        [{ ...file('src', 0), type: 'dir' }, file('src/a.py', 300), file('src/b.py', 100), file('README.md', 50)],
        [{ path: 'node_modules', type: 'dir', files: 7, bytes: 5000, rule: 0 }],
      ),
      ignore: { patterns: [{ pattern: 'node_modules', line: 3, text: 'node_modules' }] },
    } as unknown as CheckModel;
    const tree = buildContextTree(m);
    expect(tree).toMatchObject({ path: '', bytes: 5450, files: 10, status: 'excluded' });
    expect(tree.children!.map((c) => [c.path, c.bytes, c.files, c.status, c.ignoreLine])).toEqual([
      ['node_modules', 5000, 7, 'excluded', 3],
      ['src', 400, 2, 'sent', undefined],
      ['README.md', 50, 1, 'sent', undefined],
    ]);
  });

  test('a node budget and a minimum share keep the tree small; the bytes still add up', () => {
    const entries: ContextEntry[] = [];
    for (let d = 0; d < 50; d++)
      for (let f = 0; f < 200; f++) entries.push(file(`d${d}/f${f}`, 1 + ((d * 7 + f) % 13)));
    const tree = buildContextTree(model(entries), { maxNodes: 500 });
    let nodes = 0;
    const sum = (n: typeof tree): number => {
      nodes++;
      if (n.children === undefined) return n.bytes;
      const s = n.children.reduce((a, c) => a + sum(c), 0);
      expect(s).toBe(n.bytes);
      return s;
    };
    expect(sum(tree)).toBe(entries.reduce((a, e) => a + e.size, 0));
    expect(nodes).toBeLessThanOrEqual(500);
  });
});

describe('html', () => {
  test('one self-contained page: no external URL is loaded, data cannot close its script', () => {
    const nasty = {
      ...REPORT,
      context: '/work/</script><script>alert(1)</script>',
      tree: {
        name: '',
        path: '',
        bytes: 10,
        files: 1,
        status: 'sent' as const,
        children: [{ name: '</script><b>x', path: '</script><b>x', bytes: 10, files: 1, status: 'sent' as const }],
      },
    };
    const html = renderHtml(nasty);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('&#60;/script&#62;&#60;script&#62;alert(1)');
  });

  test('rectangles are stored relative to the parent and tile it', () => {
    const packed = packTree({
      name: '',
      path: '',
      bytes: 4,
      files: 2,
      status: 'sent',
      children: [
        { name: 'a', path: 'a', bytes: 3, files: 1, status: 'copied' },
        { name: 'b', path: 'b', bytes: 1, files: 1, status: 'excluded', ignoreLine: 2 },
      ],
    });
    expect(packed.name).toEqual(['', 'a', 'b']);
    expect(packed.status).toBe('203');
    expect(packed.line).toEqual([0, 0, 2]);
    const area = (i: number) =>
      ((packed.rect[4 * i + 2]! - packed.rect[4 * i]!) * (packed.rect[4 * i + 3]! - packed.rect[4 * i + 1]!)) /
      packed.scale ** 2;
    expect(area(1)).toBeCloseTo(0.75, 3);
    expect(area(2)).toBeCloseTo(0.25, 3);
  });

  test('a 200,000-file context of 11,000 directories, with 100 changed paths, yields a page under 5 MB', () => {
    const entries: ContextEntry[] = [];
    // 1,000 packages of 200 files in 10 folders each, sizes spread over four orders of magnitude:
    // far more directories and files than the tree's node budget, which alone bounds the page.
    for (let p = 0; p < 1000; p++) {
      for (let f = 0; f < 200; f++)
        entries.push(file(`node_modules/pkg${p}/dir${f % 10}/file${f}.js`, 10 + ((p * 7919 + f * 104729) % 99991)));
    }
    // With a baseline, every change it can list (MAX_PATH_CHANGES) is marked on the map and listed.
    const paths: PathChange[] = Array.from({ length: MAX_PATH_CHANGES }, (_, p) => ({
      path: `node_modules/pkg${p}`,
      type: 'dir',
      status: p % 2 === 0 ? 'grown' : 'added',
      before: p % 2 === 0 ? 1000 : 0,
      after: 5000,
      delta: p % 2 === 0 ? 4000 : 5000,
      filesDelta: 1,
    }));
    const report: Report = {
      ...REPORT_WITH_BASELINE,
      findings: [],
      tree: buildContextTree(model(entries)),
      baseline: { ...REPORT_WITH_BASELINE.baseline!, paths },
    };
    const html = renderHtml(report);
    const bytes = Buffer.byteLength(html);
    expect(bytes).toBeLessThan(5_000_000);
    expect(report.tree!.files).toBe(200_000);
    expect(html.match(/<li data-change=/g)).toHaveLength(MAX_PATH_CHANGES);
  });
});
