import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { TIMEOUTS } from '../kinds.js';
import { parseConfig } from '../../src/cli/config.js';
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
    // A fraction of a byte is dropped, in exact decimal arithmetic (0.29 × 1000 is not 289).
    ['1.3KiB', 1331],
    ['0.29kB', 290],
    ['1.0001kB', 1000],
    ['.5k', 500],
    ['0.0000000000009094947017729282379150390625TiB', 1],
    ['999TiB', 999 * 2 ** 40],
    ['999999999999999', 999_999_999_999_999],
    ['0000000000000001TB', 1e12],
  ] as const)('%s → %i', ([text, bytes]) => {
    expect(parseSize(text, '--max-size')).toBe(bytes);
  });

  test.for(['', 'MB', '-1MB', '1.5', '1XB', '1e3', '0.1B', '1000TB', '1000000GiB', '9007199254740993'])(
    'rejects %j',
    (text) => {
      expect(() => parseSize(text, '--max-size')).toThrow(/--max-size/);
    },
  );
});

describe('the JSON Schema and the validator agree on sizes', () => {
  const schema = JSON.parse(
    fs.readFileSync(path.join(import.meta.dirname, '../../src/cli/config-schema.json'), 'utf8'),
  ) as { definitions: Record<string, { oneOf: { type: string; pattern?: string }[] }> };
  const patterns = (key: string) =>
    schema.definitions[key]!.oneOf.flatMap((s) => (s.pattern === undefined ? [] : [new RegExp(s.pattern, 'u')]));
  const validate = new Ajv({ strict: true }).compile(schema);
  const accepts = (parse: () => unknown) => {
    try {
      parse();
      return true;
    } catch {
      return false;
    }
  };
  const SIZES = [
    ...['0', '10', '10B', '10 b', ' 500 mb ', '1.5GiB', '1.3KiB', '.5k', '0.5 TB', '1kib', '2 MiB', '7g'],
    ...['999999999999999', '000000999999999999999', '999999999999kB', '999999MiB', '999TiB', '999.99999tb'],
    ...['1.5B', '1.5', '.5', '1.', '.', '', ' ', 'MB', '-1MB', '+1MB', '1e3', '1XB', '1 k b', '1kbb', '1 000'],
    ...['1000000000000000', '1000000000000kB', '1000000000MB', '1000000GiB', '1000TB', '1000.5TiB', '٣MB'],
    ...['5%', '2.5 %', '.5%', '%', '5%%', '-5%', '1e3%', '5 MB%'],
  ];

  test.for(SIZES)('%j', (text) => {
    const sizeOk = accepts(() => parseSize(text, 'maxSize'));
    expect(patterns('maxSize').some((re) => re.test(text))).toBe(sizeOk);
    expect(validate({ maxSize: text })).toBe(sizeOk);
    expect(accepts(() => parseConfig({ maxSize: text }, 'x'))).toBe(sizeOk);
    const growthOk = accepts(() => parseGrowth(text, 'maxGrowth'));
    expect(patterns('maxGrowth').some((re) => re.test(text))).toBe(growthOk);
    expect(validate({ maxGrowth: text })).toBe(growthOk);
  });

  test.for([0, 1048576, 2 ** 53 - 1, 2 ** 53, 1.5, -1])('the number %d', (n) => {
    const ok = Number.isSafeInteger(n) && n >= 0;
    expect(validate({ maxSize: n, maxGrowth: n, maxFiles: n })).toBe(ok);
    expect(accepts(() => parseConfig({ maxSize: n, maxGrowth: n, maxFiles: n }, 'x'))).toBe(ok);
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

test('the runner gave this file the cli timeout', ({ task }) => {
  expect(task.timeout).toBe(TIMEOUTS.cli);
});
