// Every registered check is tested (its docs page is checked by test/docs.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checks } from '../../src/analyze/registry.js';

const ROOT = path.join(import.meta.dirname, '../..');

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? testFiles(p) : d.name.endsWith('.test.ts') ? [p] : [];
  });
}

const TEST_SOURCES = testFiles(path.join(ROOT, 'test')).map((f) => fs.readFileSync(f, 'utf8'));

describe('check registry', () => {
  test.for(checks.map((c) => c.meta.id))('%s has tests', (id) => {
    const own = fs.existsSync(path.join(ROOT, 'test/checks', `${id}.test.ts`));
    expect(own || TEST_SOURCES.some((s) => s.includes(`'${id}'`))).toBe(true);
  });

  test('ids are unique kebab-case', () => {
    const ids = checks.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});
