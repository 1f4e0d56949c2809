// Every registered check is documented in the README and exercised by a test that names it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checks } from '../../src/findings/registry.js';
import { REPO } from './helpers.js';

const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(full);
    return e.name.endsWith('.test.ts') && e.name !== 'registry.test.ts' ? [full] : [];
  });
}

const tests = testFiles(path.join(REPO, 'test')).map((f) => fs.readFileSync(f, 'utf8'));

describe('registry', () => {
  test('check ids are unique, kebab-case, and name their file', () => {
    const ids = checks.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
      expect(fs.existsSync(path.join(REPO, 'src/findings', `${id}.ts`)), `src/findings/${id}.ts`).toBe(true);
    }
  });

  test.for(checks.map((c) => c.meta.id))('%s has a README section', (id) => {
    expect(readme).toContain(`### \`${id}\``);
  });

  test.for(checks.map((c) => c.meta.id))('%s has a test that names it', (id) => {
    expect(tests.some((t) => t.includes(`'${id}'`))).toBe(true);
  });

  test.for(checks.map((c) => c.meta))('$id has a title and a one-sentence description', (meta) => {
    expect(meta.title.length).toBeGreaterThan(0);
    expect(meta.description).toMatch(/\.$/);
  });
});
