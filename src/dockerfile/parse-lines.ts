// The first stage of BuildKit's Dockerfile parsing: bytes to instruction nodes. It reproduces
// moby/buildkit frontend/dockerfile/parser (parser.go Parse, processLine, trimContinuationCharacter,
// heredocsFromLine, ParseHeredoc; directives.go DirectiveParser; split_command.go splitCommand,
// extractBuilderFlags; line_parsers.go parseWords, parseJSON, parseMaybeJSON(ToList),
// parseNameVal, parseNameOrNameVal, parseSubCommand). The dockerfile-ast package groups lines
// differently in places BuildKit is explicit about (an escaped escape token at the end of a line,
// `3<<EOF` heredocs, an unknown directive ending the directive block), so the grouping is done
// here, rule by rule, and every rule cites the code it follows.

import { goTrimSpace, isGoSpace } from '../context/go-filepath.js';
import { decodeName, encodePath } from '../paths.js';
import { LexError, processWord } from './shell-lex.js';
import type { DockerfileProblem, Heredoc, ParserDirective } from './model.js';

export const DEFAULT_ESCAPE_TOKEN = '\\';

/** Line scanner limit: bufio.Scanner's MaxScanTokenSize; a longer line fails the parse. */
export const MAX_LINE_BYTES = 64 * 1024;

/** One instruction as BuildKit's parser leaves it (parser.Node). */
export interface RawNode {
  /** The instruction word as written (any case). */
  keyword: string;
  /** Flag words (`--name=value`) with quotes and escapes already removed. */
  flags: string[];
  /** Arguments as the instruction's line parser split them. */
  args: string[];
  /** True when the arguments were a JSON array. */
  json: boolean;
  heredocs: Heredoc[];
  /** 1-based first and last line, heredoc bodies included. */
  startLine: number;
  endLine: number;
  /** The logical line: continuations joined, comment lines dropped. */
  original: string;
  /** The triggered instruction of an ONBUILD. */
  child: RawNode | null;
}

export interface LineParse {
  nodes: RawNode[];
  directives: ParserDirective[];
  escapeToken: string;
  problems: DockerfileProblem[];
}

// directives.go: the names BuildKit recognises; any other `# name=value` line ends the block.
const VALID_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
// Go's `\s` is [\t\n\f\r ]; `.` is any character but \n.
const DIRECTIVE_RE = /^#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*([^\n]+?)[\t\n\f\r ]*$/;
// parser.go reWhitespace: the separator of whitespace-delimited arguments (ASCII only).
const ARG_WHITESPACE = /[\t\v\f\r ]+/;
const HEREDOC_RE = /^(\d*)<<(-?)([^<]*)$/;
// parser.go heredocDirectives / heredocCompoundDirectives.
const HEREDOC_INSTRUCTIONS = new Set(['add', 'copy', 'run']);
const HEREDOC_COMPOUND = new Set(['onbuild']);

class ParseError extends Error {}

class DirectiveState {
  escapeToken = DEFAULT_ESCAPE_TOKEN;
  private done = false;
  private readonly seen = new Set<string>();
  readonly directives: ParserDirective[] = [];

  /** DirectiveParser.ParseLine: called on every processed line until the first non-directive. */
  parseLine(token: string, line: number): void {
    if (this.done) return;
    const match = DIRECTIVE_RE.exec(token);
    if (match === null) {
      this.done = true;
      return;
    }
    const name = match[1]!.toLowerCase();
    if (!VALID_DIRECTIVES.has(name)) {
      this.done = true;
      return;
    }
    if (this.seen.has(name)) throw new ParseError(`only one ${name} parser directive can be used`);
    this.seen.add(name);
    const value = match[2]!;
    this.directives.push({ name, value, line });
    if (name === 'escape') {
      if (value !== '`' && value !== '\\')
        throw new ParseError(`invalid escape token '${value}' does not match \` or \\`);
      this.escapeToken = value;
    }
  }
}

/** bufio.Scanner with parser.go scanLines: lines keep their "\n". */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      if (start < text.length) lines.push(text.slice(start));
      return lines;
    }
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
}

function trimNewline(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === '\n' || s[end - 1] === '\r')) end--;
  return s.slice(0, end);
}

function trimLeadingSpace(s: string): string {
  let i = 0;
  while (i < s.length && isGoSpace(s.charCodeAt(i))) i++;
  return s.slice(i);
}

function isComment(line: string): boolean {
  return trimLeadingSpace(trimNewline(line)).startsWith('#');
}

function isEmptyContinuationLine(line: string): boolean {
  return trimLeadingSpace(trimNewline(line)).length === 0;
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/**
 * trimContinuationCharacter: the escape token as the last non-blank character continues the
 * line, unless another escape token precedes it (parser.go setEscapeToken's regexp).
 */
function continuationPattern(escapeToken: string): RegExp {
  const e = escapeRegExp(escapeToken);
  return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}

/**
 * Parses Dockerfile text into nodes. `text` is the file decoded with decodeName (bytes that are
 * not UTF-8 survive as U+DC80+byte). Never throws for content: what BuildKit would reject is
 * returned in `problems`.
 */
export function parseLines(text: string): LineParse {
  const directives = new DirectiveState();
  const problems: DockerfileProblem[] = [];
  const nodes: RawNode[] = [];
  const lines = splitLines(text);
  // bufio.Scanner stops at the first line longer than its buffer and the parse fails there.
  const tooLong = lines.findIndex((l) => encodePath(l).length > MAX_LINE_BYTES);
  if (tooLong >= 0) {
    problems.push({
      line: tooLong + 1,
      message: `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES - 1}`,
    });
    lines.length = tooLong;
  }
  let i = 0;
  let currentLine = 0;
  let continuation = continuationPattern(directives.escapeToken);

  const processLine = (raw: string, stripLeft: boolean, lineNo: number): string => {
    let token = trimNewline(raw);
    if (stripLeft) token = trimLeadingSpace(token);
    const before = directives.escapeToken;
    try {
      directives.parseLine(token, lineNo);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      problems.push({ line: lineNo, message: error.message });
    }
    if (directives.escapeToken !== before) continuation = continuationPattern(directives.escapeToken);
    // trimComments: a token starting with `#` is removed entirely.
    return token.startsWith('#') ? '' : token;
  };

  const trimContinuation = (line: string): [string, boolean] => {
    if (continuation.test(line)) return [line.replace(continuation, '$1'), false];
    return [line, true];
  };

  while (i < lines.length) {
    let raw = lines[i++]!;
    if (currentLine === 0 && raw.startsWith('\uFEFF')) raw = raw.slice(1);
    const processed = processLine(raw, true, currentLine + 1);
    currentLine++;
    const startLine = currentLine;
    let [line, isEnd] = trimContinuation(processed);
    if (isEnd && line === '') continue;

    while (!isEnd && i < lines.length) {
      const next = lines[i++]!;
      const token = processLine(next, false, currentLine + 1);
      currentLine++;
      if (isComment(next)) continue;
      if (isEmptyContinuationLine(token)) continue;
      const [part, end] = trimContinuation(token);
      line += part;
      isEnd = end;
    }

    let node: RawNode;
    try {
      node = nodeFromLine(line, directives.escapeToken, startLine);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      problems.push({ line: startLine, message: error.message });
      continue;
    }

    if (canContainHeredoc(node)) {
      let docs: Omit<Heredoc, 'content'>[];
      try {
        docs = heredocsFromLine(line);
      } catch (error) {
        if (!(error instanceof ParseError)) throw error;
        problems.push({ line: startLine, message: error.message });
        docs = [];
      }
      for (const doc of docs) {
        let terminated = false;
        let content = '';
        while (i < lines.length) {
          const bodyLine = lines[i++]!;
          currentLine++;
          let candidate = trimNewline(bodyLine);
          if (doc.chomp) candidate = candidate.replace(/^\t+/, '');
          if (candidate === doc.name) {
            terminated = true;
            break;
          }
          content += bodyLine;
        }
        if (!terminated) {
          // The parse fails here; the rest of the file was read into the heredoc.
          problems.push({ line: startLine, message: 'unterminated heredoc' });
          return { nodes, directives: directives.directives, escapeToken: directives.escapeToken, problems };
        }
        node.heredocs.push({ ...doc, content });
      }
    }
    node.endLine = currentLine;
    if (node.child !== null) node.child.endLine = currentLine;
    nodes.push(node);
  }

  if (nodes.length === 0 && problems.length === 0) {
    problems.push({ line: Math.max(currentLine, 1), message: 'file with no instructions' });
  }
  return { nodes, directives: directives.directives, escapeToken: directives.escapeToken, problems };
}

function canContainHeredoc(node: RawNode): boolean {
  let n = node;
  if (HEREDOC_COMPOUND.has(n.keyword.toLowerCase()) && n.child !== null) n = n.child;
  return HEREDOC_INSTRUCTIONS.has(n.keyword.toLowerCase()) && !n.json;
}

/** newNodeFromLine: splitCommand, then the instruction's line parser. */
function nodeFromLine(line: string, escapeToken: string, startLine: number): RawNode {
  const trimmed = goTrimSpace(line);
  const match = ARG_WHITESPACE.exec(trimmed);
  const keyword = match === null ? trimmed : trimmed.slice(0, match.index);
  let flags: string[] = [];
  let rest = '';
  if (match !== null) {
    [rest, flags] = extractBuilderFlags(trimmed.slice(match.index + match[0].length), escapeToken);
    rest = goTrimSpace(rest);
  }
  const node: RawNode = {
    keyword,
    flags,
    args: [],
    json: false,
    heredocs: [],
    startLine,
    endLine: startLine,
    original: line,
    child: null,
  };
  switch (keyword.toLowerCase()) {
    case 'add':
    case 'copy':
    case 'volume':
      parseMaybeJsonToList(rest, node);
      break;
    case 'cmd':
    case 'entrypoint':
    case 'run':
    case 'shell':
      parseMaybeJson(rest, node);
      break;
    case 'arg':
      node.args = parseWords(rest, escapeToken);
      break;
    case 'env':
    case 'label':
      node.args = parseNameVal(rest, keyword.toUpperCase(), escapeToken);
      break;
    case 'expose':
    case 'from':
      node.args = rest === '' ? [] : rest.split(ARG_WHITESPACE);
      break;
    case 'healthcheck':
      parseHealthConfig(rest, node);
      break;
    case 'maintainer':
    case 'stopsignal':
    case 'user':
    case 'workdir':
      node.args = rest === '' ? [] : [rest];
      break;
    case 'onbuild':
      if (rest !== '') {
        node.child = nodeFromLine(rest, escapeToken, startLine);
        node.args = [node.child.keyword, ...node.child.args];
      }
      break;
    default:
      // parseIgnore: the arguments of an unknown instruction are dropped; instructions.Parse rejects it.
      break;
  }
  return node;
}

/**
 * extractBuilderFlags: the leading `--` words are flags. BuildKit walks the line byte by byte
 * and appends each byte as a rune, so a non-ASCII byte in a flag becomes its Latin-1 character
 * and the bytes 0x85 and 0xA0 count as white space; that is reproduced on purpose. Newer
 * BuildKit takes the escape token from the `# escape=` directive (split_command.go @ca4838f8).
 */
export function extractBuilderFlags(line: string, escapeToken: string): [rest: string, flags: string[]] {
  const b = encodePath(line);
  const esc = escapeToken.charCodeAt(0);
  const DASH = 0x2d;
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word: number[] = [];
  let quote = 0;
  let blankOK = false;
  const wordText = (): string => String.fromCharCode(...word);
  const restFrom = (pos: number): string => decodeName(b.subarray(pos));
  for (let pos = 0; pos <= b.length; pos++) {
    const ch = pos < b.length ? b[pos]! : 0;
    if (phase === 'spaces') {
      if (pos === b.length) break;
      if (isGoSpace(ch)) continue;
      if (ch !== DASH || pos + 1 === b.length || b[pos + 1] !== DASH) return [restFrom(pos), words];
      phase = 'word';
    }
    if (pos === b.length) {
      if (wordText() !== '--' && (blankOK || word.length > 0)) words.push(wordText());
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        phase = 'spaces';
        if (wordText() === '--') return [restFrom(pos), words];
        if (blankOK || word.length > 0) words.push(wordText());
        word = [];
        blankOK = false;
        continue;
      }
      if (ch === 0x27 || ch === 0x22) {
        quote = ch;
        blankOK = true;
        phase = 'quote';
        continue;
      }
      let c = ch;
      if (c === esc) {
        if (pos + 1 === b.length) continue;
        pos++;
        c = b[pos]!;
      }
      word.push(c);
      continue;
    }
    // Inside quotes the escape token still escapes, whatever the quote character.
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    let c = ch;
    if (c === esc) {
      if (pos + 1 === b.length) {
        phase = 'word';
        continue;
      }
      pos++;
      c = b[pos]!;
    }
    word.push(c);
  }
  return ['', words];
}

/**
 * parseWords: words split on white space, quotes and escape tokens kept for the later
 * variable expansion, which removes them.
 */
export function parseWords(rest: string, escapeToken: string): string[] {
  const chars = Array.from(rest);
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;
  for (let pos = 0; pos <= chars.length; pos++) {
    let ch = chars[pos] ?? '';
    const atEnd = pos === chars.length;
    if (phase === 'spaces') {
      if (atEnd) break;
      if (isGoSpace(ch.codePointAt(0)!)) continue;
      phase = 'word';
    }
    if (atEnd) {
      if (blankOK || word.length > 0) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch.codePointAt(0)!)) {
        phase = 'spaces';
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
      }
      if (ch === escapeToken) {
        if (pos + 1 === chars.length) continue;
        word += ch;
        pos++;
        ch = chars[pos]!;
      }
      word += ch;
      continue;
    }
    if (ch === quote) phase = 'word';
    if (ch === escapeToken && quote !== "'") {
      if (pos + 1 === chars.length) {
        phase = 'word';
        continue;
      }
      pos++;
      word += ch;
      ch = chars[pos]!;
    }
    word += ch;
  }
  return words;
}

/** parseNameVal for ENV and LABEL: [key, value, key, value, ...]. */
function parseNameVal(rest: string, instruction: string, escapeToken: string): string[] {
  const words = parseWords(rest, escapeToken);
  if (words.length === 0) return [];
  if (!words[0]!.includes('=')) {
    // The legacy `KEY value` form: the value is the rest of the line, unsplit.
    const m = ARG_WHITESPACE.exec(rest);
    if (m === null) throw new ParseError(`${instruction} must have two arguments`);
    return [rest.slice(0, m.index), rest.slice(m.index + m[0].length)];
  }
  const out: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) throw new ParseError(`Syntax error - can't find = in "${word}". Must be of the form: name=value`);
    out.push(word.slice(0, eq), word.slice(eq + 1));
  }
  return out;
}

const NOT_STRING_ARRAY = 'when using JSON array syntax, arrays must be comprised of strings only';

/** parseJSON: null when `rest` is not a JSON array (then the instruction falls back to plain text). */
function parseJsonArray(rest: string): string[] | null {
  const text = trimLeadingSpace(rest);
  if (!text.startsWith('[')) return null;
  let value: unknown;
  try {
    value = new JsonReader(text).readFirstValue();
  } catch (error) {
    if (error instanceof JsonSyntaxError) return null;
    throw error;
  }
  const items = value as unknown[];
  if (!items.every((v) => typeof v === 'string')) throw new ParseError(NOT_STRING_ARRAY);
  return items as string[];
}

function parseMaybeJson(rest: string, node: RawNode): void {
  if (rest === '') return;
  const json = parseJsonArray(rest);
  if (json !== null) {
    node.args = json;
    node.json = true;
    return;
  }
  node.args = [rest];
}

function parseMaybeJsonToList(rest: string, node: RawNode): void {
  const json = parseJsonArray(rest);
  if (json !== null) {
    node.args = json;
    node.json = true;
    return;
  }
  node.args = rest === '' ? [] : rest.split(ARG_WHITESPACE);
}

function parseHealthConfig(rest: string, node: RawNode): void {
  const m = /^[^\t\n\v\f\r \u0085\u00a0]*/.exec(rest)!;
  if (m[0] === '') return;
  const after = trimLeadingSpace(rest.slice(m[0].length));
  const cmd: RawNode = { ...node, args: [], json: false };
  parseMaybeJson(after, cmd);
  node.args = [m[0], ...cmd.args];
  node.json = cmd.json;
}

class JsonSyntaxError extends Error {}

/**
 * Reads the first JSON value of a text the way encoding/json's Decoder does: what follows the
 * value is not examined, strings decode Go's way (a lone surrogate escape becomes U+FFFD).
 */
class JsonReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  readFirstValue(): unknown {
    this.skipSpace();
    return this.readValue();
  }

  private fail(): never {
    throw new JsonSyntaxError('invalid JSON');
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  private readValue(): unknown {
    const c = this.text[this.pos];
    if (c === '[') return this.readArray();
    if (c === '{') return this.readObject();
    if (c === '"') return this.readString();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (m === null) this.fail();
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private readArray(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.readValue());
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') this.fail();
    }
  }

  private readObject(): Record<string, unknown> {
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return {};
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail();
      this.readString();
      this.skipSpace();
      if (this.text[this.pos++] !== ':') this.fail();
      this.skipSpace();
      this.readValue();
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === '}') return {};
      if (c !== ',') this.fail();
    }
  }

  private readString(): string {
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail();
      const c = this.text[this.pos++]!;
      if (c === '"') return out;
      const code = c.charCodeAt(0);
      if (code < 0x20) this.fail();
      if (code >= 0xdc80 && code <= 0xdcff && !isHighSurrogate(this.text.charCodeAt(this.pos - 2))) {
        // A byte that is not UTF-8: encoding/json replaces it with U+FFFD.
        out += '\uFFFD';
        continue;
      }
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.pos++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const unit = this.readHex4();
          if (unit >= 0xd800 && unit <= 0xdbff && this.text.startsWith('\\u', this.pos)) {
            const save = this.pos;
            this.pos += 2;
            const low = this.readHex4();
            if (low >= 0xdc00 && low <= 0xdfff) {
              out += String.fromCharCode(unit, low);
              break;
            }
            this.pos = save;
          }
          out += unit >= 0xd800 && unit <= 0xdfff ? '\uFFFD' : String.fromCharCode(unit);
          break;
        }
        default:
          this.fail();
      }
    }
  }

  private readHex4(): number {
    const hex = this.text.slice(this.pos, this.pos + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail();
    this.pos += 4;
    return parseInt(hex, 16);
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** heredocsFromLine: every word of the line that is a heredoc opener, in order. */
function heredocsFromLine(line: string): Omit<Heredoc, 'content'>[] {
  let words: string[];
  try {
    // The whole line, quotes and escapes kept, `\` as escape whatever the directive says.
    words = processWord(line, EMPTY_ENV, {
      escapeToken: '\\',
      rawQuotes: true,
      rawEscapes: true,
      skipUnsetEnv: true,
    }).words;
  } catch (error) {
    if (!(error instanceof LexError)) throw error;
    return [];
  }
  const out: Omit<Heredoc, 'content'>[] = [];
  for (const word of words) {
    const doc = parseHeredoc(word, true);
    if (doc !== null) out.push(doc);
  }
  return out;
}

const EMPTY_ENV = { get: (): undefined => undefined };

/**
 * ParseHeredoc: `<<NAME`, `<<-NAME` (strip leading tabs), `3<<NAME` (file descriptor); a quoted
 * name disables expansion of the body. Returns null for a word that is not a heredoc opener.
 */
export function parseHeredoc(word: string, strict = false): Omit<Heredoc, 'content'> | null {
  const m = HEREDOC_RE.exec(word);
  if (m === null || m[3] === '') return null;
  const rest = m[3]!;
  const lex = { escapeToken: '\\', skipUnsetEnv: true };
  let words: string[];
  let rawWords: string[];
  try {
    words = processWord(rest, EMPTY_ENV, lex).words;
    if (words.length !== 1) return null;
    rawWords = processWord(rest, EMPTY_ENV, { ...lex, rawQuotes: true }).words;
  } catch (error) {
    if (!(error instanceof LexError)) throw error;
    if (strict) throw new ParseError(error.message);
    return null;
  }
  if (rawWords.length !== words.length) {
    if (strict) throw new ParseError(`internal lexing of heredoc produced inconsistent results: ${rest}`);
    return null;
  }
  const quotes = (s: string): number => (s.match(/['"]/g) ?? []).length;
  return {
    name: words[0]!,
    fileDescriptor: m[1] === '' ? 0 : Number.parseInt(m[1]!, 10),
    expand: quotes(words[0]!) === quotes(rawWords[0]!),
    chomp: m[2] === '-',
  };
}
