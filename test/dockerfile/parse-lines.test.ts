// The line layer of BuildKit's parser (frontend/dockerfile/parser): directives, continuation,
// comments, heredocs, flags and argument splitting. Expected values follow parser.go,
// split_command.go and line_parsers.go; several rows are places where the dockerfile-ast
// package groups lines differently from BuildKit.
import { describe, expect, test } from 'vitest';
import { extractBuilderFlags, parseLines, parseWords } from '../../src/dockerfile/parse-lines.js';

const doc = (...lines: string[]): string => lines.join('\n') + '\n';

interface NodeShape {
  keyword: string;
  startLine: number;
  endLine: number;
  args: string[];
  flags?: string[];
  json?: boolean;
  heredocs?: { name: string; fileDescriptor: number; expand: boolean; chomp: boolean; content: string }[];
}

interface LineCase {
  name: string;
  text: string;
  escape?: string;
  nodes: NodeShape[];
  problems?: { line: number; message: string }[];
}

const cases: LineCase[] = [
  {
    name: 'escape directive switches the continuation character',
    text: doc('# syntax=docker/dockerfile:1', '# escape=`', 'FROM a', 'RUN a `', '  b', 'RUN c:\\dir'),
    escape: '`',
    nodes: [
      { keyword: 'FROM', startLine: 3, endLine: 3, args: ['a'] },
      { keyword: 'RUN', startLine: 4, endLine: 5, args: ['a   b'] },
      { keyword: 'RUN', startLine: 6, endLine: 6, args: ['c:\\dir'] },
    ],
  },
  {
    name: 'a comment before the directive ends the directive block',
    text: doc('# hello', '# escape=`', 'FROM a', 'RUN a `', 'RUN b'),
    escape: '\\',
    nodes: [
      { keyword: 'FROM', startLine: 3, endLine: 3, args: ['a'] },
      { keyword: 'RUN', startLine: 4, endLine: 4, args: ['a `'] },
      { keyword: 'RUN', startLine: 5, endLine: 5, args: ['b'] },
    ],
  },
  {
    name: 'an unknown directive ends the directive block (dockerfile-ast applies the escape)',
    text: doc('# foo=bar', '# escape=`', 'FROM a'),
    escape: '\\',
    nodes: [{ keyword: 'FROM', startLine: 3, endLine: 3, args: ['a'] }],
  },
  {
    name: 'an indented directive still counts, a blank line first does not',
    text: doc('  #  ESCAPE = `  ', 'FROM a'),
    escape: '`',
    nodes: [{ keyword: 'FROM', startLine: 2, endLine: 2, args: ['a'] }],
  },
  {
    name: 'a repeated directive fails the parse',
    text: doc('# escape=\\', '# escape=`', 'FROM a'),
    nodes: [{ keyword: 'FROM', startLine: 3, endLine: 3, args: ['a'] }],
    problems: [{ line: 2, message: 'only one escape parser directive can be used' }],
  },
  {
    name: 'an escaped escape token at the end does not continue the line (dockerfile-ast joins it)',
    text: doc('FROM a', 'RUN echo \\\\', 'RUN b'),
    nodes: [
      { keyword: 'FROM', startLine: 1, endLine: 1, args: ['a'] },
      { keyword: 'RUN', startLine: 2, endLine: 2, args: ['echo \\\\'] },
      { keyword: 'RUN', startLine: 3, endLine: 3, args: ['b'] },
    ],
  },
  {
    name: 'comment and empty lines inside a continuation are dropped',
    text: doc('FROM a', 'RUN apt-get install \\', '  # a comment', '', '  curl \\  ', '  git', 'RUN x # not a comment'),
    nodes: [
      { keyword: 'FROM', startLine: 1, endLine: 1, args: ['a'] },
      { keyword: 'RUN', startLine: 2, endLine: 6, args: ['apt-get install   curl   git'] },
      { keyword: 'RUN', startLine: 7, endLine: 7, args: ['x # not a comment'] },
    ],
  },
  {
    name: 'a lone escape token line continues',
    text: doc('FROM a', 'RUN a \\', '\\', ' b'),
    nodes: [
      { keyword: 'FROM', startLine: 1, endLine: 1, args: ['a'] },
      { keyword: 'RUN', startLine: 2, endLine: 4, args: ['a  b'] },
    ],
  },
  {
    name: 'CRLF, a BOM and lower-case keywords',
    text: '\uFEFFfrom a AS b\r\ncopy x \\\r\n  y /z\r\n',
    nodes: [
      { keyword: 'from', startLine: 1, endLine: 1, args: ['a', 'AS', 'b'] },
      { keyword: 'copy', startLine: 2, endLine: 3, args: ['x', 'y', '/z'] },
    ],
  },
  {
    name: 'heredocs: quoted names, <<- and file descriptors (dockerfile-ast misses 3<<EOF)',
    text: doc('FROM a', 'RUN <<-"EOT" cat 3<<EOF', '\techo $A', '\tEOT', 'three', 'EOF', 'COPY <<EOF /x', 'b', 'EOF'),
    nodes: [
      { keyword: 'FROM', startLine: 1, endLine: 1, args: ['a'] },
      {
        keyword: 'RUN',
        startLine: 2,
        endLine: 6,
        args: ['<<-"EOT" cat 3<<EOF'],
        heredocs: [
          { name: 'EOT', fileDescriptor: 0, expand: false, chomp: true, content: '\techo $A\n' },
          { name: 'EOF', fileDescriptor: 3, expand: true, chomp: false, content: 'three\n' },
        ],
      },
      {
        keyword: 'COPY',
        startLine: 7,
        endLine: 9,
        args: ['<<EOF', '/x'],
        heredocs: [{ name: 'EOF', fileDescriptor: 0, expand: true, chomp: false, content: 'b\n' }],
      },
    ],
  },
  {
    name: 'no heredoc in JSON form, in quotes, or glued to a word',
    text: doc('FROM a', 'RUN ["cat", "<<EOF"]', 'RUN echo "<<EOF"', 'RUN cat<<EOF'),
    nodes: [
      { keyword: 'FROM', startLine: 1, endLine: 1, args: ['a'] },
      { keyword: 'RUN', startLine: 2, endLine: 2, args: ['cat', '<<EOF'], json: true, heredocs: [] },
      { keyword: 'RUN', startLine: 3, endLine: 3, args: ['echo "<<EOF"'], heredocs: [] },
      { keyword: 'RUN', startLine: 4, endLine: 4, args: ['cat<<EOF'], heredocs: [] },
    ],
  },
  {
    name: 'an unterminated heredoc fails the parse',
    text: doc('FROM a', 'RUN <<EOF', 'echo'),
    nodes: [{ keyword: 'FROM', startLine: 1, endLine: 1, args: ['a'] }],
    problems: [{ line: 2, message: 'unterminated heredoc' }],
  },
  {
    name: 'JSON form: trailing text after the array is ignored, bad JSON is plain text',
    text: doc('FROM a', 'COPY ["a b", "/x/"] ignored', "COPY ['a', 'b']", 'CMD ["a", 1]'),
    nodes: [
      { keyword: 'FROM', startLine: 1, endLine: 1, args: ['a'] },
      { keyword: 'COPY', startLine: 2, endLine: 2, args: ['a b', '/x/'], json: true },
      { keyword: 'COPY', startLine: 3, endLine: 3, args: ["['a',", "'b']"], json: false },
    ],
    problems: [{ line: 4, message: 'when using JSON array syntax, arrays must be comprised of strings only' }],
  },
  {
    name: 'flags: quotes removed, stop at the first word without --, -- ends them',
    text: doc('FROM a', 'RUN --mount=type=bind,source="a b",target=/x echo --mount=no', 'COPY --chown=1 -- --odd /y'),
    nodes: [
      { keyword: 'FROM', startLine: 1, endLine: 1, args: ['a'] },
      {
        keyword: 'RUN',
        startLine: 2,
        endLine: 2,
        args: ['echo --mount=no'],
        flags: ['--mount=type=bind,source=a b,target=/x'],
      },
      { keyword: 'COPY', startLine: 3, endLine: 3, args: ['--odd', '/y'], flags: ['--chown=1'] },
    ],
  },
  {
    name: 'ONBUILD keeps its trigger; a file of comments has no instructions',
    text: doc('FROM a', 'ONBUILD COPY --from=x . /y'),
    nodes: [
      { keyword: 'FROM', startLine: 1, endLine: 1, args: ['a'] },
      { keyword: 'ONBUILD', startLine: 2, endLine: 2, args: ['COPY', '.', '/y'] },
    ],
  },
];

describe('parseLines', () => {
  test.for(cases)('$name', (c) => {
    const r = parseLines(c.text);
    if (c.escape !== undefined) expect(r.escapeToken).toBe(c.escape);
    expect(r.problems).toEqual(c.problems ?? []);
    expect(r.nodes.map((n) => n.keyword)).toEqual(c.nodes.map((n) => n.keyword));
    c.nodes.forEach((want, i) => {
      const got = r.nodes[i]!;
      expect({ startLine: got.startLine, endLine: got.endLine, args: got.args }).toEqual({
        startLine: want.startLine,
        endLine: want.endLine,
        args: want.args,
      });
      if (want.flags !== undefined) expect(got.flags).toEqual(want.flags);
      if (want.json !== undefined) expect(got.json).toBe(want.json);
      if (want.heredocs !== undefined) expect(got.heredocs).toEqual(want.heredocs);
    });
  });

  test('an empty file and a file of comments have no instructions', () => {
    expect(parseLines('').problems).toEqual([{ line: 1, message: 'file with no instructions' }]);
    expect(parseLines('# a\n# b\n').problems).toEqual([{ line: 2, message: 'file with no instructions' }]);
  });

  test('a line longer than the scanner buffer stops the parse', () => {
    const r = parseLines(`FROM a\nRUN ${'x'.repeat(70 * 1024)}\nRUN b\n`);
    expect(r.problems).toEqual([{ line: 2, message: 'dockerfile line greater than max allowed size of 65535' }]);
    expect(r.nodes.map((n) => n.keyword)).toEqual(['FROM']);
  });
});

describe('extractBuilderFlags', () => {
  test.for([
    ['--a=1 --b rest of line', ['rest of line', ['--a=1', '--b']]],
    ['--a="x y"z rest', ['rest', ['--a=x yz']]],
    ["--a='x\\'y' rest", ['rest', ["--a=x'y"]]],
    ['--a=x\\ y rest', ['rest', ['--a=x y']]],
    ['-a rest', ['-a rest', []]],
    ['--a --', ['', ['--a']]],
    // BuildKit appends bytes as runes: é (C3 A9) becomes "Ã©", and the byte A0 of à splits a flag.
    ['--chown=é x', ['x', ['--chown=Ã©']]],
    ['--a=bàc x', ['c x', ['--a=bÃ']]],
  ] as const)('%s', ([line, expected]) => {
    expect(extractBuilderFlags(line, '\\')).toEqual(expected);
  });
});

describe('parseWords', () => {
  test.for([
    ['a=1 b="x y" c', ['a=1', 'b="x y"', 'c']],
    ["a='x\\' y'", ["a='x\\'", "y'"]],
    ['a=x\\ y', ['a=x\\ y']],
    ['a="b\\"c"', ['a="b\\"c"']],
    ['a="" b', ['a=""', 'b']],
  ] as const)('%s', ([rest, words]) => {
    expect(parseWords(rest, '\\')).toEqual(words);
  });
});
