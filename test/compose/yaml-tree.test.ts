// The YAML reader: anchors and merge keys as Compose accepts them, tags kept, and every cost
// hostile text can grow bounded with an error that names the line.
import { describe, expect, test } from 'vitest';
import type { YMap, YNode } from '../../src/compose/yaml-nodes.js';
import { MAX_YAML_DEPTH, readYamlTree, YamlTreeError } from '../../src/compose/yaml-tree.js';

function plain(node: YNode | null | undefined): unknown {
  if (node === null || node === undefined) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  return Object.fromEntries([...node.entries].map(([k, v]) => [k, plain(v)]));
}

function errorOf(text: string): YamlTreeError {
  try {
    readYamlTree(text);
  } catch (error) {
    if (error instanceof YamlTreeError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('readYamlTree', () => {
  test('anchors, aliases and << merge keys (explicit keys win, earlier merges win)', () => {
    const tree = readYamlTree(
      [
        'x-base: &base',
        '  build: ./app',
        '  restart: always',
        'x-more: &more',
        '  restart: never',
        '  init: true',
        'services:',
        '  a:',
        '    <<: [*base, *more]',
        '    restart: "no"',
        '  b: *base',
        '  "<<": literal',
      ].join('\n'),
    );
    expect(plain((tree as YMap).entries.get('services'))).toEqual({
      a: { restart: 'no', build: './app', init: true },
      b: { build: './app', restart: 'always' },
      '<<': 'literal',
    });
  });

  test('an anchor reused many times is converted once and reads the same everywhere', () => {
    const tree = readYamlTree('a: &a {x: [1, 2], y: {z: 3}}\nb: [*a, *a, *a]\nc: *a\n') as YMap;
    expect(plain(tree.entries.get('b'))).toEqual([
      { x: [1, 2], y: { z: 3 } },
      { x: [1, 2], y: { z: 3 } },
      { x: [1, 2], y: { z: 3 } },
    ]);
    expect(plain(tree.entries.get('c'))).toEqual({ x: [1, 2], y: { z: 3 } });
  });

  test('an alias cannot lift a deep anchor past the depth limit', () => {
    const deep = '['.repeat(40) + ']'.repeat(40);
    const e = errorOf(`a: &a ${deep}\nb: ${'['.repeat(30)}*a${']'.repeat(30)}\n`);
    expect(e.message).toMatch(/levels deep/);
    expect(e.line).toBe(2);
  });

  test('tags are kept; lines are 1-based and point at keys', () => {
    const tree = readYamlTree(
      'services:\n  web:\n    ports: !reset []\n    build: !override\n      context: .\n',
    ) as YMap;
    const web = (tree.entries.get('services') as YMap).entries.get('web') as YMap;
    expect(web.entries.get('ports')?.tag).toBe('!reset');
    expect(web.entries.get('build')?.tag).toBe('!override');
    expect((tree.entries.get('services') as YMap).keyLines?.get('web')).toBe(2);
  });

  test('an empty document is null', () => {
    expect(readYamlTree('# nothing\n')).toBeNull();
  });

  test.for([
    ['duplicate keys', 'services:\n  a: 1\n  a: 2\n', 3, /duplicate key "a"/],
    ['a tab in the indentation', 'services:\n\tweb: {}\n', 2, /Tabs/],
    ['two documents', 'a: 1\n---\nb: 2\n', 2, /multiple documents/],
    ['an unclosed flow sequence', 'a: [1, 2\nb: 3\n', 0, /./],
  ] as const)('%s is an error with its line', ([, text, line, message]) => {
    const e = errorOf(text);
    expect(e.message).toMatch(message);
    if (line > 0) expect(e.line).toBe(line);
  });

  test('an alias bomb stops at the node limit, naming a line', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9)
          .fill(`*${'abcdefghij'[i - 1]}`)
          .join(',')}]`,
      );
    const e = errorOf(lines.join('\n') + '\n');
    expect(e.message).toMatch(/alias bomb/);
    // The alias whose expansion crosses the limit is named.
    expect(e.line).toBeGreaterThan(1);
  });

  test('flow collections nested 5,000 deep are refused before yaml reads them', () => {
    const e = errorOf('a: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n');
    expect(e.message).toMatch(/nested/);
    expect(e.line).toBe(1);
  });

  test(`nesting past ${MAX_YAML_DEPTH} levels is refused`, () => {
    const e = errorOf('a: ' + '['.repeat(MAX_YAML_DEPTH + 5) + ']'.repeat(MAX_YAML_DEPTH + 5) + '\n');
    expect(e.message).toMatch(new RegExp(`more than ${MAX_YAML_DEPTH} levels`));
  });

  test('a self-referencing alias is refused', () => {
    expect(errorOf('a: &a [1, *a]\n').message).toMatch(/alias|itself/);
  });
});
