// The builds a Compose file declares: `services.<name>.build`, as a string (the context) or a map
// (`context`, `dockerfile`). Compose files are YAML; this reader understands the subset they are
// written in — block mappings and sequences, plain and quoted scalars, comments, one-line flow
// collections (`build: { context: ., dockerfile: x }`), anchors on values — and refuses the rest
// rather than guess. Multi-line values it cannot read (block scalars, continued scalars, aliases,
// tags) are skipped when they are not on the way to a build, and reported when they are.
// Compose semantics: compose-spec build.md (context relative to the project directory, default
// "."; dockerfile relative to the context), interpolation.md (`$$` is a literal `$`).

/** Files larger than this are not read as Compose files. */
export const MAX_COMPOSE_BYTES = 4 * 1024 * 1024;

export interface ComposeBuild {
  service: string;
  /** As written (after `$$` → `$`); relative to the Compose file's directory unless absolute. */
  context: string;
  /** As written, relative to the context unless absolute; null for the default `Dockerfile`. */
  dockerfile: string | null;
  /** 1-based line of the service's `build` key. */
  line: number;
}

export interface ComposeParse {
  builds: ComposeBuild[];
  /** Builds or files this reader could not follow, one sentence each, with the line. */
  warnings: string[];
}

export class ComposeSyntaxError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'ComposeSyntaxError';
    this.line = line;
  }
}

type YamlNode =
  | { kind: 'map'; entries: Map<string, { node: YamlNode; line: number }>; line: number }
  | { kind: 'seq'; items: YamlNode[]; line: number }
  | { kind: 'scalar'; value: string | null; line: number }
  /** A value this reader does not interpret: why, for the warning. */
  | { kind: 'opaque'; why: string; line: number };

interface Line {
  no: number;
  indent: number;
  /** Without indentation and without a trailing comment. */
  text: string;
}

const fail = (message: string, line: number): never => {
  throw new ComposeSyntaxError(message, line);
};

/** Where a comment starts (`#` at the start or after whitespace, outside quotes), or -1. */
function commentStart(text: string): number {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = null;
      }
      continue;
    }
    if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) return i;
    // A quote opens a quoted scalar only where a scalar can start.
    if ((c === '"' || c === "'") && (i === 0 || /[\s:,[{-]/.test(text[i - 1]!))) quote = c;
  }
  return -1;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const raw = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < raw.length; i++) {
    const no = i + 1;
    let line = raw[i]!.endsWith('\r') ? raw[i]!.slice(0, -1) : raw[i]!;
    const indentMatch = /^[ \t]*/.exec(line)![0];
    if (indentMatch.includes('\t') && line.trim() !== '') {
      // YAML forbids tabs in indentation; a tab after the spaces before a comment is harmless.
      if (!line.trim().startsWith('#')) fail('a tab in the indentation (YAML allows only spaces)', no);
    }
    const cut = commentStart(line);
    if (cut >= 0) line = line.slice(0, cut);
    line = line.trimEnd();
    const indent = line.length - line.trimStart().length;
    const body = line.trimStart();
    if (body === '') continue;
    if (lines.length === 0 && body === '---') continue;
    if (body.startsWith('%')) fail('YAML directives are not supported', no);
    if (body === '---' || body === '...' || body.startsWith('--- ')) fail('more than one YAML document', no);
    lines.push({ no, indent, text: body });
  }
  return lines;
}

/** `key:` at the start of a block line: the key and the rest, or null when the line is not a mapping entry. */
function splitKey(text: string, lineNo: number): { key: string; rest: string } | null {
  if (text.startsWith('"') || text.startsWith("'")) {
    const { value, end } = readQuoted(text, 0, lineNo);
    const after = text.slice(end);
    if (!/^\s*:(\s|$)/.test(after)) return null;
    return { key: value, rest: after.replace(/^\s*:/, '').trim() };
  }
  if (text.startsWith('? ')) fail('complex mapping keys ("? ") are not supported', lineNo);
  const m = /^([^\s#][^#]*?)\s*:(?:\s+|$)/.exec(text);
  if (m === null || /^[[{&*!|>%@`]/.test(m[1]!)) return null;
  return { key: m[1]!, rest: text.slice(m[0].length).trim() };
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

/** A quoted scalar starting at `start`; throws when it does not end on this line. */
function readQuoted(text: string, start: number, lineNo: number): { value: string; end: number } {
  const quote = text[start]!;
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i++;
          continue;
        }
        return { value, end: i + 1 };
      }
      value += c;
      continue;
    }
    if (c === '"') return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const e = text[++i];
    if (e === undefined) break;
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex > 0) {
      const digits = text.slice(i + 1, i + 1 + hex);
      if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) fail(`bad escape \\${e}${digits} in a double-quoted string`, lineNo);
      value += String.fromCodePoint(parseInt(digits, 16));
      i += hex;
      continue;
    }
    const mapped = DOUBLE_ESCAPES[e];
    if (mapped === undefined) fail(`bad escape \\${e} in a double-quoted string`, lineNo);
    value += mapped;
  }
  throw new ComposeSyntaxError('a quoted string that does not end on its line', lineNo);
}

/** Plain scalars YAML resolves to null. */
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

/** One-line flow collections and scalars inside them. */
class FlowReader {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly lineNo: number,
  ) {}

  read(): YamlNode {
    const node = this.value();
    this.space();
    if (this.pos < this.text.length) fail(`unexpected "${this.text.slice(this.pos)}" after a flow collection`, this.lineNo);
    return node;
  }

  private space(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  private value(): YamlNode {
    this.space();
    const c = this.text[this.pos];
    if (c === '{') return this.map();
    if (c === '[') return this.seq();
    if (c === '"' || c === "'") {
      const { value, end } = readQuoted(this.text, this.pos, this.lineNo);
      this.pos = end;
      return { kind: 'scalar', value, line: this.lineNo };
    }
    if (c === '*' || c === '&' || c === '!') fail('anchors, aliases and tags inside flow collections are not supported', this.lineNo);
    const m = /^[^,[\]{}]*/.exec(this.text.slice(this.pos))![0];
    // In a flow collection ": " ends a key; a plain value stops there too.
    const colon = m.search(/:(\s|$)/);
    const raw = (colon >= 0 ? m.slice(0, colon) : m).trim();
    this.pos += colon >= 0 ? colon : m.length;
    return { kind: 'scalar', value: NULLS.has(raw) ? null : raw, line: this.lineNo };
  }

  private map(): YamlNode {
    this.pos++;
    const entries = new Map<string, { node: YamlNode; line: number }>();
    for (;;) {
      this.space();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { kind: 'map', entries, line: this.lineNo };
      }
      const key = this.value();
      if (key.kind !== 'scalar' || key.value === null) fail('a flow mapping key must be a scalar', this.lineNo);
      this.space();
      let node: YamlNode = { kind: 'scalar', value: null, line: this.lineNo };
      if (this.text[this.pos] === ':') {
        this.pos++;
        this.space();
        if (this.text[this.pos] !== ',' && this.text[this.pos] !== '}') node = this.value();
      }
      const name = (key as { value: string }).value;
      if (entries.has(name)) fail(`duplicate key "${name}"`, this.lineNo);
      entries.set(name, { node, line: this.lineNo });
      this.space();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== '}') fail('a flow mapping that does not end on its line', this.lineNo);
    }
  }

  private seq(): YamlNode {
    this.pos++;
    const items: YamlNode[] = [];
    for (;;) {
      this.space();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return { kind: 'seq', items, line: this.lineNo };
      }
      items.push(this.value());
      this.space();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== ']') fail('a flow sequence that does not end on its line', this.lineNo);
    }
  }
}

class BlockReader {
  private pos = 0;

  constructor(private readonly lines: Line[]) {}

  document(): YamlNode | null {
    if (this.lines.length === 0) return null;
    const first = this.lines[0]!;
    const node = this.block(first.indent);
    const extra = this.lines[this.pos];
    if (extra !== undefined) fail('unexpected content (check the indentation)', extra.no);
    return node;
  }

  private peek(): Line | undefined {
    return this.lines[this.pos];
  }

  private isItem(text: string): boolean {
    return text === '-' || text.startsWith('- ');
  }

  /** The block node whose first line is at `indent`. */
  private block(indent: number): YamlNode {
    const line = this.peek()!;
    if (this.isItem(line.text)) return this.seq(indent);
    if (splitKey(line.text, line.no) !== null) return this.map(indent);
    return fail('expected "key: value" or "- item"', line.no);
  }

  /** Skips every line indented more than `indent` (the body of a value this reader does not interpret). */
  private skipDeeper(indent: number): void {
    while ((this.peek()?.indent ?? -1) > indent) this.pos++;
  }

  /** The value of a key or item whose own line is at `indent`, with `rest` after the indicator. */
  private value(rest: string, indent: number, lineNo: number, allowIndentlessSeq: boolean): YamlNode {
    let text = rest;
    // An anchor names the value; the value itself is what follows.
    const anchor = /^&[^\s]+\s*/.exec(text);
    if (anchor !== null) text = text.slice(anchor[0].length);
    if (text === '') {
      const next = this.peek();
      if (next !== undefined && next.indent > indent) return this.block(next.indent);
      if (allowIndentlessSeq && next !== undefined && next.indent === indent && this.isItem(next.text)) return this.seq(indent);
      return { kind: 'scalar', value: null, line: lineNo };
    }
    const opaque = (why: string): YamlNode => {
      this.skipDeeper(indent);
      return { kind: 'opaque', why, line: lineNo };
    };
    if (text.startsWith('*')) return opaque('a YAML alias');
    if (text.startsWith('!')) return opaque('a YAML tag');
    if (/^[|>][0-9+-]*$/.test(text)) return opaque('a block scalar');
    let node: YamlNode;
    try {
      if (text.startsWith('{') || text.startsWith('[')) node = new FlowReader(text, lineNo).read();
      else if (text.startsWith('"') || text.startsWith("'")) {
        const { value, end } = readQuoted(text, 0, lineNo);
        if (text.slice(end).trim() !== '') fail('unexpected text after a quoted string', lineNo);
        node = { kind: 'scalar', value, line: lineNo };
      } else {
        if (/:(\s|$)/.test(text)) fail('a mapping cannot start on the line of its key', lineNo);
        if (/^[@`%]/.test(text)) fail(`a plain scalar cannot start with "${text[0]}"`, lineNo);
        node = { kind: 'scalar', value: NULLS.has(text) ? null : text, line: lineNo };
      }
    } catch (error) {
      // A quoted string or flow collection continued on the next lines.
      if (error instanceof ComposeSyntaxError && /does not end on its line/.test(error.message) && (this.peek()?.indent ?? -1) > indent) {
        return opaque('a value that spans several lines');
      }
      throw error;
    }
    if ((this.peek()?.indent ?? -1) > indent) {
      if (node.kind === 'scalar') return opaque('a value that spans several lines');
      fail('unexpected indented line', this.peek()!.no);
    }
    return node;
  }

  private map(indent: number): YamlNode {
    const entries = new Map<string, { node: YamlNode; line: number }>();
    const start = this.peek()!.no;
    for (let line = this.peek(); line !== undefined && line.indent === indent; line = this.peek()) {
      const kv = splitKey(line.text, line.no);
      if (kv === null) {
        if (this.isItem(line.text)) fail('a sequence item where a mapping key was expected', line.no);
        fail('expected "key: value"', line.no);
      }
      this.pos++;
      const node = this.value(kv!.rest, indent, line.no, true);
      if (entries.has(kv!.key)) fail(`duplicate key "${kv!.key}"`, line.no);
      entries.set(kv!.key, { node, line: line.no });
    }
    const next = this.peek();
    if (next !== undefined && next.indent > indent) fail('unexpected indented line', next.no);
    return { kind: 'map', entries, line: start };
  }

  private seq(indent: number): YamlNode {
    const items: YamlNode[] = [];
    const start = this.peek()!.no;
    for (let line = this.peek(); line !== undefined && line.indent === indent && this.isItem(line.text); line = this.peek()) {
      const rest = line.text.slice(1).trimStart();
      const offset = line.text.length - rest.length;
      if (rest !== '' && splitKey(rest, line.no) !== null) {
        // "- key: value": a mapping whose first entry shares the item's line.
        this.lines[this.pos] = { no: line.no, indent: indent + offset, text: rest };
        items.push(this.map(indent + offset));
        continue;
      }
      this.pos++;
      items.push(this.value(rest, indent, line.no, false));
    }
    return { kind: 'seq', items, line: start };
  }
}

/** Parses YAML text of the Compose subset; throws ComposeSyntaxError. */
export function parseComposeYaml(text: string): YamlNode | null {
  return new BlockReader(splitLines(text)).document();
}

function scalarOf(node: YamlNode | undefined): string | null | undefined {
  if (node === undefined) return undefined;
  return node.kind === 'scalar' ? node.value : undefined;
}

/** Compose interpolation: `$$` is a literal `$`; any other `$` is a variable this reader does not resolve. */
function uninterpolated(value: string): string | null {
  if (/\$(?!\$)/.test(value.replace(/\$\$/g, ''))) return null;
  return value.replace(/\$\$/g, '$');
}

/** A remote context (Git repository or URL) that is not a directory on disk (compose-spec build.md). */
function isRemote(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@') || context.startsWith('github.com/');
}

/** The builds of a Compose file; throws ComposeSyntaxError when it is not YAML this reader understands. */
export function parseComposeBuilds(text: string): ComposeParse {
  const root = parseComposeYaml(text);
  const warnings: string[] = [];
  if (root === null) return { builds: [], warnings };
  if (root.kind !== 'map') return fail('the top level is not a mapping', root.line);
  const rootMap = root as Extract<YamlNode, { kind: 'map' }>;
  if (rootMap.entries.has('include')) warnings.push(`line ${rootMap.entries.get('include')!.line}: "include" is not followed; scan the included files' directories on their own`);
  const services = rootMap.entries.get('services');
  if (services === undefined || (services.node.kind === 'scalar' && services.node.value === null)) return { builds: [], warnings };
  if (services.node.kind !== 'map') return fail('"services" is not a mapping', services.line);
  const builds: ComposeBuild[] = [];
  for (const [name, { node, line }] of (services.node as Extract<YamlNode, { kind: 'map' }>).entries) {
    if (node.kind === 'scalar' && node.value === null) continue;
    if (node.kind !== 'map') {
      warnings.push(`line ${line}: service "${name}" is ${node.kind === 'opaque' ? node.why : 'not a mapping'}; its build is not read`);
      continue;
    }
    const build = node.entries.get('build');
    if (build === undefined) {
      for (const key of ['<<', 'extends']) {
        const entry = node.entries.get(key);
        if (entry !== undefined) warnings.push(`line ${entry.line}: service "${name}" uses "${key}"; a build it inherits is not followed`);
      }
      continue;
    }
    const where = `line ${build.line}: service "${name}"`;
    let context: string | null | undefined;
    let dockerfile: string | null | undefined = null;
    if (build.node.kind === 'scalar') {
      context = build.node.value;
    } else if (build.node.kind === 'map') {
      const b = build.node.entries;
      if (b.has('<<')) {
        warnings.push(`${where}: its build merges a YAML anchor ("<<"); not read`);
        continue;
      }
      if (b.has('dockerfile_inline')) {
        warnings.push(`${where}: "dockerfile_inline" has no Dockerfile on disk; not analyzed`);
        continue;
      }
      context = b.has('context') ? scalarOf(b.get('context')!.node) : '.';
      dockerfile = b.has('dockerfile') ? scalarOf(b.get('dockerfile')!.node) : null;
    } else {
      warnings.push(`${where}: build is ${build.node.kind === 'opaque' ? build.node.why : 'a sequence'}; not read`);
      continue;
    }
    if (context === undefined || dockerfile === undefined) {
      warnings.push(`${where}: "context" and "dockerfile" must be strings; not read`);
      continue;
    }
    const contextText = uninterpolated(context ?? '.');
    const dockerfileText = dockerfile === null ? null : uninterpolated(dockerfile);
    if (contextText === null || (dockerfile !== null && dockerfileText === null)) {
      warnings.push(`${where}: build uses variable interpolation ($VAR), which depends on the environment; not analyzed`);
      continue;
    }
    if (isRemote(contextText)) {
      warnings.push(`${where}: the context ${contextText} is remote; not analyzed`);
      continue;
    }
    builds.push({ service: name, context: contextText, dockerfile: dockerfileText, line: build.line });
  }
  return { builds, warnings };
}
