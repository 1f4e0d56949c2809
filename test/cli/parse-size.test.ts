import { describe, expect, test } from 'vitest';
import { parseCount, parseGrowth, parseSize } from '../../src/cli/parse-size.js';

describe('parseSize: exact units', () => {
  test.for([
    ['1048576', 1048576],
    ['500MB', 500_000_000],
    ['500mb', 500_000_000],
    ['1.5GiB', 1_610_612_736],
    ['1kB', 1000],
    ['1KiB', 1024],
    ['2 MiB', 2 * 1024 * 1024],
    ['0', 0],
    ['10B', 10],
  ] as const)('%s → %i', ([text, bytes]) => {
    expect(parseSize(text, '--max-size')).toBe(bytes);
  });

  test.for(['', 'MB', '-1MB', '1.5', '1XB', '1e3', '0.1B'])('rejects %j', (text) => {
    expect(() => parseSize(text, '--max-size')).toThrow(/--max-size/);
  });
});

describe('parseCount', () => {
  test('accepts whole numbers only', () => {
    expect(parseCount('42', '--top')).toBe(42);
    expect(() => parseCount('4.2', '--top')).toThrow(/--top/);
    expect(() => parseCount('-1', '--top')).toThrow(/--top/);
  });
});

describe('parseGrowth: a size or a percentage', () => {
  test.for([
    ['10MB', { bytes: 10_000_000 }],
    ['1MiB', { bytes: 1_048_576 }],
    ['0', { bytes: 0 }],
    ['5%', { percent: 5 }],
    ['2.5 %', { percent: 2.5 }],
    ['.5%', { percent: 0.5 }],
  ] as const)('%s → %o', ([text, spec]) => {
    expect(parseGrowth(text, '--max-growth')).toEqual(spec);
  });

  test.for(['%', '-5%', '5%%', 'five%', 'lots', '1e3%'])('rejects %j', (text) => {
    expect(() => parseGrowth(text, '--max-growth')).toThrow(/--max-growth/);
  });
});
