// Interpolation against the compose-spec interpolation.md forms and compose-go v2 template.go
// behaviour (nesting, `$$`, the first operator wins, lazy defaults, unset variables become "").
import { describe, expect, test } from 'vitest';
import { InterpolationError, substituteText } from '../../src/compose/interpolate.js';
import { parseDotenv } from '../../src/compose/dotenv.js';

const ENV: Record<string, string> = { FOO: 'first', BAR: '', BAZ: 'baz', lower_case: 'lc' };
const lookup = (name: string): string | undefined => ENV[name];

describe('substituteText', () => {
  test.for([
    ['$FOO', 'first'],
    ['${FOO}', 'first'],
    ['pre-${FOO}-post', 'pre-first-post'],
    ['$FOO$BAZ', 'firstbaz'],
    ['${lower_case}', 'lc'],
    ['${UNSET}', ''],
    ['$UNSET text', ' text'],
    // defaults
    ['${FOO:-default}', 'first'],
    ['${BAR:-default}', 'default'],
    ['${BAR-default}', ''],
    ['${UNSET-default}', 'default'],
    ['${UNSET:-default}', 'default'],
    ['${UNSET:-}', ''],
    ['${UNSET:-a b c}', 'a b c'],
    // alternatives
    ['${FOO:+alt}', 'alt'],
    ['${BAR:+alt}', ''],
    ['${BAR+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['${UNSET:+alt}', ''],
    // nesting (compose-spec examples)
    ['${UNSET:-${FOO}}', 'first'],
    ['${UNSET:-${UNSET2:-default}}', 'default'],
    ['${FOO:-${UNSET:-default}}', 'first'],
    ['${UNSET:-${BAR:-x}-${BAZ}}', 'x-baz'],
    ['${UNSET:-a}-${FOO:-b}', 'a-first'],
    ['${FOO?$BAZ}', 'first'],
    // escaping
    ['$$FOO', '$FOO'],
    ['$${FOO}', '${FOO}'],
    ['$$$FOO', '$first'],
    ['a$$b', 'a$b'],
    // a `$` followed by neither a name nor `{` is kept
    ['no variable', 'no variable'],
    ['$', '$'],
    ['cost: 5$ or $1', 'cost: 5$ or $1'],
    // a default holding a variable, as real projects write URLs
    ['${UNSET:-postgresql://u:${FOO}@db:5432/main?ssl=off}', 'postgresql://u:first@db:5432/main?ssl=off'],
    ['${BAZ:-postgresql://u:${FOO}@db}', 'baz'],
    // a default is expanded only when used: its required variable does not fail
    ['${FOO:-${UNSET:?never evaluated}}', 'first'],
    ['${UNSET:-a}-${BAR:-b}', 'a-b'],
  ] as const)('%s → %s', ([template, expected]) => {
    expect(substituteText(template, lookup)).toBe(expected);
  });

  test.for([
    ['${UNSET:?must be set}', 'required variable UNSET is missing a value: must be set'],
    ['${BAR:?empty is not enough}', 'required variable BAR is missing a value: empty is not enough'],
    ['${UNSET?gone}', 'required variable UNSET is missing a value: gone'],
    ['${UNSET?msg with $BAZ}', 'required variable UNSET is missing a value: msg with baz'],
    ['${UNSET?}', 'required variable UNSET is missing a value'],
    ['ok ${UNSET:-${UNSET2:?inner}}', 'required variable UNSET2 is missing a value: inner'],
  ] as const)('%s fails: %s', ([template, message]) => {
    let caught: unknown;
    try {
      substituteText(template, lookup);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InterpolationError);
    expect((caught as Error).message).toBe(message);
  });

  test('${BAR?x} is fine: BAR is set, if empty', () => {
    expect(substituteText('${BAR?x}', lookup)).toBe('');
  });

  test.for(['${}', '${ FOO}', '${1FOO}', 'x ${FOO'])('%s is an invalid template', (template) => {
    expect(() => substituteText(template, lookup)).toThrow(/^Invalid template/);
  });

  test('unset variables are collected for the warning', () => {
    const unset = new Set<string>();
    substituteText('${A}-$B-${C:-x}-${FOO}', lookup, unset);
    expect([...unset].sort()).toEqual(['A', 'B']);
  });
});

describe('parseDotenv', () => {
  test('forms Compose reads', () => {
    const text = [
      '# comment',
      'PLAIN=value',
      'export EXPORTED=yes',
      'SPACED = padded  ',
      'COMMENTED=abc # trailing',
      "SINGLE='literal $PLAIN'",
      'DOUBLE="expanded ${PLAIN}\\nnext"',
      'MULTI="line1',
      'line2"',
      'REF=${PLAIN}-${FROM_ENV}',
      'EMPTY=',
      'FROM_ENV',
    ].join('\n');
    const vars = parseDotenv(text, (n) => (n === 'FROM_ENV' ? 'env' : undefined));
    expect(Object.fromEntries(vars)).toEqual({
      PLAIN: 'value',
      EXPORTED: 'yes',
      SPACED: 'padded',
      COMMENTED: 'abc',
      SINGLE: 'literal $PLAIN',
      DOUBLE: 'expanded value\nnext',
      MULTI: 'line1\nline2',
      REF: 'value-env',
      EMPTY: '',
      FROM_ENV: 'env',
    });
  });

  test('an unterminated quote names its line', () => {
    expect(() => parseDotenv('A=1\nB="open\n', () => undefined)).toThrow(/^line 2: unterminated quoted value for B/);
  });
});
