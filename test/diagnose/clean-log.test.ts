// cleanLog's fast paths: a line that no prefix expression can match skips all eight, and a
// segment without ESC skips the escape expressions. Both must be exact, never a shortcut that
// changes what the recognisers see.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cleanLog, mayHavePrefix, PREFIXES } from '../../src/diagnose/clean-log.js';

// Pieces of the prefixes, of lines that resemble them, and of the characters they test first.
const PIECES = [
  '#12 ',
  '#3 0.512 ',
  '##[error]',
  '#',
  '[',
  ']',
  '[web] | ',
  '[pod/web-1/app] ',
  '0.661 ',
  '2024-05-08 21:31:27 ',
  '2024-05-08T21:31:27.123Z ',
  'web-1  | ',
  'web_1 |',
  '|',
  ' ',
  '\t',
  '\u00a0',
  '\u2003',
  '\ufeff',
  'x',
  'Error: ',
  '/app/x.node: invalid ELF header',
  '7',
  '\u001b[31m',
  '\u001b]0;title\u0007',
  '\u001b',
  '\r',
  '\n',
  'é',
];

const lineLike = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((p) => p.join(''));

describe('cleanLog fast paths', () => {
  test('a line any prefix expression matches is never skipped', () => {
    fc.assert(
      fc.property(lineLike, (line) => {
        if (PREFIXES.some((p) => p.test(line))) expect(mayHavePrefix(line)).toBe(true);
      }),
      { numRuns: 3000, seed: 4101 },
    );
  });

  test('each kind of prefix is seen by the fast test', () => {
    const lines = [
      '#12 0.345 text',
      '#12 text',
      ' 0.661 text',
      'web-1  | text',
      '2024-05-08 21:31:27 text',
      '[web] | text',
      '[pod/web-7d4b9c-xk2/app] text',
      '##[error]text',
      '\u00a0 0.661 text',
    ];
    for (const line of lines) {
      expect(
        PREFIXES.some((p) => p.test(line)),
        line,
      ).toBe(true);
      expect(mayHavePrefix(line), line).toBe(true);
    }
    expect(mayHavePrefix('Error: /app/x.node: invalid ELF header')).toBe(false);
    expect(mayHavePrefix('')).toBe(false);
  });

  test('lines with and without escapes, carriage returns and prefixes clean as before', () => {
    const log = cleanLog('#5 0.101 \u001b[31mError:\u001b[0m x\rweb-1  | y\n\u001b]0;t\u0007plain line  \nz');
    expect(log.text).toBe('Error: x\ny\nplain line\nz');
    expect(log.lineNumbers).toEqual([1, 1, 2, 3]);
  });
});
