// BuildKit's word expansion. The vectors are facts from moby/buildkit
// frontend/dockerfile/shell/lex_test.go (TestProcessWithMatches, TestShellParserMandatoryEnvVars,
// TestReversePattern, TestConvertShellPatternToRegex), plus cases for quoting and escapes.
import { describe, expect, test } from 'vitest';
import { LexError, compileShellPattern, processWord, reversePattern } from '../../src/dockerfile/shell-lex.js';

const env = (vars: Record<string, string>) => ({ get: (k: string) => (Object.hasOwn(vars, k) ? vars[k] : undefined) });
const lex = { escapeToken: '\\' };

interface Case {
  input: string;
  envs: Record<string, string>;
  expected?: string;
  error?: true;
  matched?: string[];
  unmatched?: string[];
}

// lex_test.go TestProcessWithMatches
const buildkitCases: Case[] = [
  { input: 'x', envs: { DUMMY: 'dummy' }, expected: 'x', matched: [], unmatched: [] },
  { input: 'x ${UNUSED}', envs: { DUMMY: 'dummy' }, expected: 'x ', matched: [], unmatched: ['UNUSED'] },
  { input: 'x ${FOO}', envs: { FOO: 'y' }, expected: 'x y', matched: ['FOO'], unmatched: [] },
  {
    input: '${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}',
    envs: { FOO: 'xxx', BAR: '' },
    expected: 'xxx  ccc',
    matched: ['BAR', 'FOO'],
    unmatched: ['BAZ'],
  },
  {
    input: '${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}',
    envs: { FOO: 'xxx', BAR: '' },
    expected: 'xxx bbb ccc',
    matched: ['BAR', 'FOO'],
    unmatched: ['BAZ'],
  },
  { input: '${FOO:-}', envs: { FOO: 'xxx', BAR: '' }, expected: 'xxx', matched: ['FOO'] },
  { input: '${FOO:-}', envs: {}, expected: '', unmatched: ['FOO'] },
  {
    input: '${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}',
    envs: { FOO: 'xxx', BAR: '' },
    expected: 'aaa bbb ',
    matched: ['BAR', 'FOO'],
    unmatched: ['BAZ'],
  },
  {
    input: '${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}',
    envs: { FOO: 'xxx', BAR: '' },
    expected: 'aaa  ',
    matched: ['BAR', 'FOO'],
    unmatched: ['BAZ'],
  },
  { input: '${FOO?aaa}', envs: { FOO: 'xxx', BAR: '' }, expected: 'xxx' },
  { input: '${BAR?bbb}', envs: { FOO: 'xxx', BAR: '' }, expected: '' },
  { input: '${BAZ?ccc}', envs: { FOO: 'xxx', BAR: '' }, error: true },
  { input: '${FOO:?aaa}', envs: { FOO: 'xxx', BAR: '' }, expected: 'xxx' },
  { input: '${BAR:?bbb}', envs: { FOO: 'xxx', BAR: '' }, error: true },
  { input: '${BAZ:?ccc}', envs: { FOO: 'xxx', BAR: '' }, error: true },
  { input: '${BAZ:?}', envs: { FOO: 'xxx', BAR: '' }, error: true },
  { input: '${FOO=aaa}', envs: { FOO: 'xxx', BAR: '' }, error: true },
  { input: '${FOO=:aaa}', envs: { FOO: 'xxx', BAR: '' }, error: true },
  { input: '${FOO=}', envs: {}, error: true },
  { input: '${FOO#()[]{\\}^$.\\*\\?|\\\\}', envs: { FOO: '()[]{}^$.*?|\\x' }, expected: 'x' },
  { input: '${FOO%%\\**}', envs: { FOO: 'xx**' }, expected: 'xx' },
  { input: '${FOO#*x*y}', envs: { FOO: 'xxyy' }, expected: 'y' },
  { input: '${FOO#*}', envs: { FOO: 'xxyy' }, expected: 'xxyy' },
  { input: '${FOO#$BAR}', envs: { FOO: 'xxyy', BAR: 'x' }, expected: 'xyy', matched: ['BAR', 'FOO'] },
  { input: '${FOO#$BAR}', envs: { FOO: 'xxyy', BAR: '' }, expected: 'xxyy' },
  { input: '${FOO#}', envs: { FOO: 'xxyy' }, expected: 'xxyy' },
  { input: '${FOO##*x}', envs: { FOO: 'xxyy' }, expected: 'yy' },
  { input: '${FOO##}', envs: { FOO: 'xxyy' }, expected: 'xxyy' },
  { input: '${FOO#?\\?}', envs: { FOO: '???y' }, expected: '?y' },
  {
    input: '${ABC:-.}${FOO%x}${ABC:-.}',
    envs: { FOO: 'xxyy' },
    expected: '.xxyy.',
    matched: ['FOO'],
    unmatched: ['ABC'],
  },
  { input: '${FOO%%\\**\\*}', envs: { FOO: 'a***yy*' }, expected: 'a' },
  { input: '${FOO%}', envs: { FOO: 'xxyy' }, expected: 'xxyy' },
  { input: '${FOO%%$BAR}', envs: { FOO: 'xxyy', BAR: '' }, expected: 'xxyy' },
  { input: '${FOO:#}', envs: {}, error: true },
  { input: '${FOO:##}', envs: {}, error: true },
  { input: '${FOO:%}', envs: {}, error: true },
  { input: '${FOO:%%}', envs: {}, error: true },
  {
    input: '${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}',
    envs: { FOO: '/foo*/*/*.txt', NEEDLE: '\\*/' },
    expected: '/foo.*/*.txt - /foo..*.txt',
  },
  {
    input: '${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}',
    envs: { FOO: '/tmp/tmp/bar.txt', NEEDLE: '/tmp' },
    expected: '/tmp/bar.txt - /bar.txt',
  },
  {
    input: '${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}',
    envs: { FOO: '/a/foo/b/c.txt', NEEDLE: '/?/', REPLACEMENT: '/' },
    expected: '/foo/b/c.txt - /foo/c.txt',
  },
  {
    input: '${FOO/$NEEDLE/$REPLACEMENT}',
    envs: { FOO: 'http://google.de', NEEDLE: 'http://', REPLACEMENT: 'https://' },
    expected: 'https://google.de',
  },
  { input: '${FOO//\\//\\/}', envs: { FOO: '/tmp/foo.txt' }, expected: '\\/tmp\\/foo.txt' },
  { input: '${FOO/$BAR/ww}', envs: { FOO: 'xxyy', BAR: '' }, expected: 'wwxxyy' },
  { input: '${FOO//ww}', envs: { FOO: 'xxyy' }, error: true },
  { input: '${FOO//}', envs: { FOO: 'xxyy' }, error: true },
  { input: '${FOO///}', envs: { FOO: 'xxyy' }, expected: 'xxyy' },
  { input: '${FOO///}', envs: {}, expected: '', unmatched: ['FOO'] },
  // lex_test.go TestProcessWithMatchesPlatform
  {
    input: 'something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz',
    envs: { VERSION: 'v1.2.3', TARGETOS: 'linux', TARGETARCH: 'arm', TARGETVARIANT: 'v7' },
    expected: 'something-v1.2.3.linux-arm-v7.tar.gz',
  },
  // TestShellParserMandatoryEnvVars
  { input: '${VAR:?message here$ARG}', envs: { VAR: 'plain', ARG: 'x' }, expected: 'plain' },
  { input: '${VAR:?message here$ARG}', envs: { VAR: '', ARG: 'x' }, error: true },
  { input: '${VAR?message here$ARG}', envs: { VAR: '', ARG: 'x' }, expected: '' },
  { input: '${VAR?message here$ARG}', envs: { ARG: 'x' }, error: true },
];

// Quoting, escapes and names (BuildKit behaviour of processSingleQuote, processDoubleQuote, processName).
const quotingCases: Case[] = [
  { input: "'$FOO'", envs: { FOO: 'x' }, expected: '$FOO' },
  { input: '"$FOO"', envs: { FOO: 'x y' }, expected: 'x y' },
  { input: '"a\\"b"', envs: {}, expected: 'a"b' },
  { input: '"a\\nb"', envs: {}, expected: 'a\\nb' },
  { input: 'a\\ b', envs: {}, expected: 'a b' },
  { input: '\\$FOO', envs: { FOO: 'x' }, expected: '$FOO' },
  { input: 'abc\\', envs: {}, expected: 'abc' },
  { input: '$', envs: {}, expected: '$' },
  { input: '$1x', envs: {}, expected: 'x', unmatched: ['1'] },
  { input: '$FOO_bar-1', envs: { FOO_bar: 'v' }, expected: 'v-1' },
  { input: '${FOO', envs: {}, error: true },
  { input: '${}', envs: {}, error: true },
  { input: "'abc", envs: {}, error: true },
  { input: '"abc', envs: {}, error: true },
];

describe('processWord', () => {
  test.for([...buildkitCases, ...quotingCases])('$input', (c) => {
    if (c.error) {
      expect(() => processWord(c.input, env(c.envs), lex)).toThrow(LexError);
      return;
    }
    const r = processWord(c.input, env(c.envs), lex);
    expect(r.result).toBe(c.expected);
    if (c.matched !== undefined) expect(r.matched).toEqual(c.matched);
    if (c.unmatched !== undefined) expect(r.unmatched).toEqual(c.unmatched);
  });

  test('the backtick escape token', () => {
    expect(processWord('a`$b`"', env({ b: 'x' }), { escapeToken: '`' }).result).toBe('a$b"');
    expect(processWord('C:\\dir', env({}), { escapeToken: '`' }).result).toBe('C:\\dir');
  });

  test.for([
    ['a b  c', ['a', 'b', 'c']],
    ['"a b" c', ['a b', 'c']],
    ['a$FOO', ['ax', 'y']],
    ['""', []],
  ] as const)('words of %s', ([input, words]) => {
    expect(processWord(input, env({ FOO: 'x y' }), lex).words).toEqual(words);
  });

  test('raw quotes and escapes, unset variables kept', () => {
    const r = processWord('<<"EOF" a\\ b $X ${Y:-z}', env({}), {
      escapeToken: '\\',
      rawQuotes: true,
      rawEscapes: true,
      skipUnsetEnv: true,
    });
    expect(r.words).toEqual(['<<"EOF"', 'a\\ b', '$X', '${Y:-z}']);
  });
});

describe('shell patterns', () => {
  // lex_test.go TestReversePattern
  test.for([
    ['a\\*c', 'c\\*a'],
    ['\\\\\\ab', 'b\\a\\\\'],
    ['ab\\', '\\ba'],
    ['👽\\🚀🖖', '🖖\\🚀👽'],
    ['\\\\b', 'b\\\\'],
  ] as const)('reversePattern(%s)', ([pattern, reversed]) => {
    expect(reversePattern(pattern)).toBe(reversed);
  });

  // lex_test.go TestConvertShellPatternToRegex: invalid escapes
  test.for(['\\', '\\x', '\\\\\\'])('invalid pattern %s', (pattern) => {
    expect(() => compileShellPattern(pattern, true, true)).toThrow(LexError);
  });
});
