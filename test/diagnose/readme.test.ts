// The README's diagnose section names every message kind the recognisers produce.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { RECOGNISERS } from '../../src/diagnose/recognisers.js';

test('every message kind is in the README table', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('### `buildctx diagnose');
  const section = readme.slice(start, readme.indexOf('\n## ', start));
  expect(start).toBeGreaterThan(0);
  const missing = [...new Set(RECOGNISERS.map((r) => r.kind))].filter((kind) => !section.includes('`' + kind + '`'));
  expect(missing).toEqual([]);
});
