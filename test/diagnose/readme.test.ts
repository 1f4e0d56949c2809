// The diagnose command's page names every message kind the recognisers produce.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { RECOGNISERS } from '../../src/diagnose/recognisers.js';

test('every message kind is in the table of docs/commands/diagnose.md', () => {
  const page = readFileSync(new URL('../../docs/commands/diagnose.md', import.meta.url), 'utf8');
  const missing = [...new Set(RECOGNISERS.map((r) => r.kind))].filter((kind) => !page.includes('`' + kind + '`'));
  expect(missing, 'add these message kinds to docs/commands/diagnose.md').toEqual([]);
});
