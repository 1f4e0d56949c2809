// Compose and bake files read with the `yaml` package (YAML 1.2, anchors, aliases, `<<` merge
// keys as go-yaml v3 and so Compose accept them) into a small tree that keeps each node's line and
// tag (`!reset`, `!override` — compose-spec merge.md). Every cost hostile text can grow is bounded:
// the file size, the nesting depth, and the nodes alias expansion may produce ("billion laughs").
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { YMap, YNode, YScalar } from './yaml-nodes.js';

/** Compose files larger than this are refused unread: real ones are a few KB (Sentry's 40-service file is 30 KB), and `yaml` takes about a second per MB. */
export const MAX_COMPOSE_BYTES = 512 * 1024;
/** Deeper nesting than this is refused: Compose files nest about 6 levels. */
export const MAX_YAML_DEPTH = 64;
/** Nodes the tree may hold once aliases are expanded: an alias bomb stops here. */
export const MAX_YAML_NODES = 200_000;
/** Flow brackets deeper than this are refused before `yaml` sees them (its composer recurses). */
const MAX_FLOW_BRACKETS = 1000;

/** A Compose or bake file that is not YAML we can read; `line` is 1-based (0 when none applies). */
export class YamlTreeError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(line > 0 ? `line ${line}: ${message}` : message);
    this.name = 'YamlTreeError';
    this.line = line;
  }
}

/** The deepest flow-bracket nesting outside quoted scalars and comments: one linear pass. */
function flowDepth(text: string): { depth: number; line: number } {
  let depth = 0;
  let max = 0;
  let maxLine = 1;
  let line = 1;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (quote !== '') {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end - 1;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s:,[{]/.test(text[i - 1]!))) quote = c;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth > max) {
        max = depth;
        maxLine = line;
      }
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return { depth: max, line: maxLine };
}

/** Keys are scalars in Compose; a YAML key of another kind is refused, as Compose does. */
function keyText(key: unknown, line: number): string {
  if (isScalar(key)) return String(key.value);
  if (key === null || key === undefined) return '';
  throw new YamlTreeError('a mapping key that is not a scalar', line);
}

/** Parses one YAML document into a YNode tree; null for an empty document. Throws YamlTreeError. */
export function readYamlTree(text: string, file?: string): YNode | null {
  const flow = flowDepth(text);
  if (flow.depth > MAX_FLOW_BRACKETS)
    throw new YamlTreeError(
      `flow collections nested ${flow.depth} deep (at most ${MAX_YAML_DEPTH} are read)`,
      flow.line,
    );
  const lineCounter = new LineCounter();
  let doc;
  try {
    // uniqueKeys is checked below in linear time: yaml's own check is quadratic in the keys of a map.
    doc = parseDocument(text, {
      lineCounter,
      merge: true,
      uniqueKeys: false,
      prettyErrors: false,
      strict: true,
      version: '1.2',
    });
  } catch (error) {
    if (error instanceof RangeError)
      throw new YamlTreeError(`nested too deep to read (at most ${MAX_YAML_DEPTH} levels)`, 0);
    throw error;
  }
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined): number =>
    node?.range ? lineCounter.linePos(node.range[0]).line : 0;
  const first = doc.errors[0];
  if (first !== undefined) {
    const line = first.linePos?.[0].line ?? lineCounter.linePos(first.pos[0]).line;
    throw new YamlTreeError(first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), line);
  }
  let nodes = 0;
  let deepest = 0;
  // Anchored nodes are converted once and shared by their aliases; an alias adds the size of what
  // it stands for to the budget, so expansion is bounded without building the expanded tree.
  const anchored = new Map<unknown, { node: YNode; size: number; height: number }>();
  const convert = (node: unknown, depth: number, line: number, seen: readonly unknown[]): YNode => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      const at = lineOf(node) || line;
      if (target === undefined) throw new YamlTreeError(`unknown alias *${node.source}`, at);
      const known = anchored.get(target);
      if (known !== undefined) {
        nodes += known.size;
        if (nodes > MAX_YAML_NODES)
          throw new YamlTreeError(`more than ${MAX_YAML_NODES} nodes once aliases are expanded (an alias bomb?)`, at);
        if (depth + known.height > MAX_YAML_DEPTH)
          throw new YamlTreeError(`nested more than ${MAX_YAML_DEPTH} levels deep`, at);
        deepest = Math.max(deepest, depth + known.height);
        return known.node;
      }
      if (seen.includes(target)) throw new YamlTreeError(`alias *${node.source} refers to itself`, at);
      return convert(target, depth, at, [...seen, target]);
    }
    if (++nodes > MAX_YAML_NODES)
      throw new YamlTreeError(`more than ${MAX_YAML_NODES} nodes once aliases are expanded (an alias bomb?)`, line);
    if (depth > MAX_YAML_DEPTH) throw new YamlTreeError(`nested more than ${MAX_YAML_DEPTH} levels deep`, line);
    if ((node as { anchor?: string } | null)?.anchor === undefined) return build(node, depth, line, seen);
    const start = nodes - 1;
    const outer = deepest;
    deepest = depth;
    const built = build(node, depth, line, seen);
    anchored.set(node, { node: built, size: nodes - start, height: deepest - depth });
    deepest = Math.max(outer, deepest);
    return built;
  };
  const build = (node: unknown, depth: number, line: number, seen: readonly unknown[]): YNode => {
    deepest = Math.max(deepest, depth);
    const own = lineOf(node as YamlNode) || line;
    const tag = (node as YamlNode | null)?.tag;
    const withTag = <T extends YNode>(n: T): T => {
      const tagged = tag !== undefined && !tag.startsWith('tag:yaml.org,2002:') ? { ...n, tag } : n;
      return file === undefined ? tagged : { ...tagged, file };
    };
    if (isMap(node)) {
      const entries = new Map<string, YNode>();
      const keyLines = new Map<string, number>();
      const merged: YMap[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyLine = lineOf(pair.key as YamlNode) || own;
        // With `merge: true`, yaml gives a plain `<<` key a symbol value; a quoted "<<" stays a string.
        if (isScalar(pair.key) && typeof pair.key.value === 'symbol') {
          // A merge key: its mappings fill keys the map does not set itself, earlier ones first (yaml.org merge).
          const value = convert(pair.value, depth + 1, keyLine, seen);
          const sources = value.kind === 'seq' ? value.items : [value];
          for (const s of sources) {
            if (s.kind !== 'map')
              throw new YamlTreeError('a merge key ("<<") takes a mapping or a list of mappings', keyLine);
            merged.push(s);
          }
          continue;
        }
        const key = keyText(pair.key, keyLine);
        if (entries.has(key)) throw new YamlTreeError(`duplicate key "${key}"`, keyLine);
        const value =
          pair.value === null
            ? ({ kind: 'scalar', value: null, line: keyLine } as YScalar)
            : convert(pair.value, depth + 1, keyLine, seen);
        entries.set(key, value);
        keyLines.set(key, keyLine);
      }
      for (const m of merged) {
        for (const [k, v] of m.entries) if (!entries.has(k)) entries.set(k, v);
      }
      return withTag({ kind: 'map', entries, keyLines, line: own });
    }
    if (isSeq(node)) {
      return withTag({ kind: 'seq', items: node.items.map((item) => convert(item, depth + 1, own, seen)), line: own });
    }
    if (isScalar(node)) {
      const v = node.value;
      const value =
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
      return withTag({ kind: 'scalar', value, line: own });
    }
    return { kind: 'scalar', value: null, line: own };
  };
  if (doc.contents === null) return null;
  return convert(doc.contents, 0, 1, []);
}
