// formatCount writes thousands separators itself instead of asking ICU (src/units.ts): it must
// print exactly what toLocaleString('en-US') prints.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatCount } from '../../src/units.js';

describe('formatCount', () => {
  test('prints what toLocaleString("en-US") prints, for any number', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer(),
          fc.maxSafeInteger(),
          fc.integer({ min: -1_000_000, max: 1_000_000 }),
          fc.double(),
          fc.constantFrom(0, -0, 999, 1000, -1000, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER, 2 ** 53, NaN),
        ),
        (n) => {
          expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('groups by three from the right', () => {
    expect([0, 7, 12, 123, 1234, 12345, 123456, 1234567, -1234567].map(formatCount)).toEqual([
      '0',
      '7',
      '12',
      '123',
      '1,234',
      '12,345',
      '123,456',
      '1,234,567',
      '-1,234,567',
    ]);
  });
});
