// Literal .dockerignore lines: each names exactly one path, whatever its characters, as Docker
// reads the line back (ReadAll, then the matcher).
import { describe, expect, test } from 'vitest';
import { parseIgnoreFile } from '../../src/context/ignore-file.js';
import { isBareName, literalIgnoreLine } from '../../src/context/ignore-lines.js';
import { PatternMatcher } from '../../src/context/matcher.js';

function matches(line: string, path: string): boolean {
  const patterns = parseIgnoreFile(Buffer.from(line + '\n')).map((p) => p.pattern);
  return PatternMatcher.create(patterns).matchesOrParentMatches(path).excluded;
}

describe('literalIgnoreLine', () => {
  test.for([
    ['build', '/build', ['xbuild', 'a/build', 'buil']],
    ['web/node_modules', 'web/node_modules', ['node_modules', 'x/web/node_modules']],
    ['a*b', '/a\\*b', ['aXb', 'ab']],
    ['what?', '/what\\?', ['whatX']],
    ['[id].tsx', '/\\[id\\].tsx', ['i.tsx', 'd.tsx']],
    ['back\\slash', '/back\\\\slash', ['backslash']],
    ['up^arrow', '/up\\^arrow', ['uparrow']],
    ['a.b+c(d)|{e}$', '/a.b+c(d)|{e}$', ['aXb+c(d)|{e}$']],
    ['#hash', '/#hash', []],
    ['sp ace/x', 'sp ace/x', ['sp  ace/x']],
  ] as const)('%s → %s', ([path, line, others]) => {
    expect(literalIgnoreLine(path)).toBe(line);
    expect(matches(line, path)).toBe(true);
    expect(matches(line, path + '/below')).toBe(true);
    for (const other of others) expect(matches(line, other)).toBe(false);
  });

  test.for([' lead', 'trail ', 'new\nline', 'tab\t', ''])('%j cannot be written as a line', (path) => {
    expect(literalIgnoreLine(path)).toBeNull();
  });
});

describe('isBareName', () => {
  test.for([
    ['node_modules', true],
    ['.venv', true],
    ['/build', false],
    ['a/b', false],
    ['*.log', false],
    ['**/x', false],
    ['!keep', false],
    ['# comment', false],
    ['  spaced  ', true],
  ] as const)('%s → %s', ([line, bare]) => {
    expect(isBareName(line)).toBe(bare);
  });
});
