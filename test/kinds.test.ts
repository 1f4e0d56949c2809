import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { kindOf, MEMBERS, TIMEOUTS } from './kinds.js';

const ROOT = path.join(import.meta.dirname, '..');

function testFilesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = `${dir}${d.name}`;
    if (d.isDirectory()) return testFilesUnder(`${rel}/`);
    return rel.endsWith('.test.ts') ? [rel] : [];
  });
}

describe('test kinds', () => {
  test.for(Object.entries(MEMBERS).flatMap(([kind, members]) => members.map((m) => [kind, m])))(
    '%s member %s exists and holds test files',
    ([kind, member]) => {
      if (member!.endsWith('/')) expect(testFilesUnder(member!).length).toBeGreaterThan(0);
      else expect(fs.statSync(path.join(ROOT, member!)).isFile() && member!.endsWith('.test.ts')).toBe(true);
      expect(kindOf(member!.endsWith('/') ? `${member}x.test.ts` : member!)).toBe(kind);
    },
  );

  test('every other test file is a unit test', () => {
    const all = testFilesUnder('test/');
    expect(all).toContain('test/kinds.test.ts');
    expect(all.filter((f) => kindOf(f) === 'unit').length).toBeGreaterThan(80);
    expect(kindOf('test/kinds.test.ts')).toBe('unit');
    expect(kindOf('test/cli-like/x.test.ts')).toBe('unit');
  });

  test('the runner gave this file the unit timeout', ({ task }) => {
    expect(task.timeout).toBe(TIMEOUTS.unit);
  });
});
