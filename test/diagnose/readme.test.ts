// The diagnose page names every message kind the recognisers produce.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { RECOGNISERS } from '../../src/diagnose/recognisers.js';

test('every message kind is in the table of docs/commands/diagnose.md', () => {
  const section = readFileSync(new URL('../../docs/commands/diagnose.md', import.meta.url), 'utf8');
  expect(section.startsWith('# `buildctx diagnose')).toBe(true);
  const missing = [...new Set(RECOGNISERS.map((r) => r.kind))].filter((kind) => !section.includes('`' + kind + '`'));
  expect(missing).toEqual([]);
});
