// BuildKit's Dockerfile word processor: quote removal, escapes, and `$VAR` / `${VAR...}`
// expansion exactly as moby/buildkit frontend/dockerfile/shell/lex.go does it (Lex.process,
// shellWord.processStopOn, processSingleQuote, processDoubleQuote, processDollar, processName,
// convertShellPatternToRegex, trimPrefix, trimSuffix). This is not a POSIX shell: there is no
// command substitution, no globbing, and `${VAR=x}` is an error.

import { isGoSpace } from '../context/go-filepath.js';

/** Variable lookup: the value, or undefined when the variable is not set. */
export interface EnvLookup {
  get(name: string): string | undefined;
}

export interface LexOptions {
  /** The Dockerfile escape token (`\` or the `# escape=` directive's backtick). */
  escapeToken: string;
  /** Keep quote characters in the output (heredoc detection, RUN display). */
  rawQuotes?: boolean;
  /** Keep escape characters in the output. */
  rawEscapes?: boolean;
  /** Leave references to unset variables as written instead of expanding them to "". */
  skipUnsetEnv?: boolean;
  /** Treat quotes as ordinary characters. */
  skipProcessQuotes?: boolean;
}

export interface LexResult {
  /** The processed word (ProcessWord). */
  result: string;
  /** The word split on unquoted white space after expansion (ProcessWords). */
  words: string[];
  /** Variables that were looked up and found. */
  matched: string[];
  /** Variables that were looked up and not set. */
  unmatched: string[];
}

/** A lexing error; the message is BuildKit's, so a build that fails says the same. */
export class LexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LexError';
  }
}

/** Input past one of our bounds (MAX_EXPANDED_LENGTH, MAX_SUBSTITUTION_DEPTH, MAX_PATTERN_COST), not a Docker error. */
export class LimitError extends LexError {}

/** Longest part of a word quoted in a limit's message. */
const QUOTED_WORD_CHARS = 60;

/** `text + more`, unless that is longer than MAX_EXPANDED_LENGTH. */
function bounded(text: string, more: string): string {
  if (text.length + more.length > MAX_EXPANDED_LENGTH) {
    throw new LimitError(
      `the expanded value is longer than ${MAX_EXPANDED_LENGTH / (1024 * 1024)} MiB (a limit of buildctx)`,
    );
  }
  return text + more;
}

const EOF = -1;

/**
 * Longest value one word may expand to, in UTF-16 units. BuildKit has no limit, so
 * `ARG a=${a}${a}` repeated doubles without end (2^24 copies took 36 s and 2.5 GB); a real ARG
 * or ENV value is far below this.
 */
export const MAX_EXPANDED_LENGTH = 1024 * 1024;
/**
 * Deepest nesting of `${...}` inside `${...}`. Go's stack grows; ours does not, and 2,000
 * levels overflowed it. Real Dockerfiles nest a handful.
 */
export const MAX_SUBSTITUTION_DEPTH = 200;
/**
 * Most backtracking steps a `${VAR#pat}`, `%` or `/` substitution may cost, estimated as
 * length^(stars + 1) (times length again for `//`). Go matches these patterns in linear time;
 * JavaScript's backtracking regexps take polynomial time in the number of `*`, so a hostile
 * pattern on a long value would hang.
 */
export const MAX_PATTERN_COST = 1e8;

// POSIX special parameters: `$@`, `$*`, `$#`, ... read as one-character names (lex.go isSpecialParam).
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

/** Buffers the words of ProcessWords. */
interface WordSink {
  words: string[];
  inWord: boolean;
}

class Scanner {
  private readonly chars: string[];
  private pos = 0;

  constructor(text: string) {
    this.chars = Array.from(text);
  }

  peek(): string | typeof EOF {
    return this.pos < this.chars.length ? this.chars[this.pos]! : EOF;
  }

  next(): string | typeof EOF {
    return this.pos < this.chars.length ? this.chars[this.pos++]! : EOF;
  }
}

class WordProcessor {
  private readonly scanner: Scanner;
  private rawEscapes: boolean;
  // One buffer shared by every nesting level, as lex.go shares shellWord.wordsBuffer: a nested
  // `${x:-...}` resets it, so ProcessWords drops what the current word held before the `${`.
  private buffer = '';
  private depth = 0;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();

  constructor(
    text: string,
    private readonly env: EnvLookup,
    private readonly opts: LexOptions,
  ) {
    this.scanner = new Scanner(text);
    this.rawEscapes = opts.rawEscapes === true;
  }

  process(): { result: string; words: string[] } {
    return this.processStopOn(EOF, this.rawEscapes);
  }

  private addChar(sink: WordSink, ch: string): void {
    if (isGoSpace(ch.codePointAt(0)!) && sink.inWord) {
      if (this.buffer.length !== 0) {
        sink.words.push(this.buffer);
        this.buffer = '';
        sink.inWord = false;
      }
    } else if (!isGoSpace(ch.codePointAt(0)!)) {
      this.addRawString(sink, ch);
    }
  }

  /** addChar for every character of `value`, a run of non-space characters at a time. */
  private addExpanded(sink: WordSink, value: string): void {
    let start = 0;
    for (let i = 0; i < value.length; i++) {
      // Every Go space is one UTF-16 unit (none is astral), so a unit test equals a rune test.
      if (!isGoSpace(value.charCodeAt(i))) continue;
      if (i > start) this.addRawString(sink, value.slice(start, i));
      this.addChar(sink, value[i]!);
      start = i + 1;
    }
    if (start < value.length) this.addRawString(sink, value.slice(start));
  }

  private addRawString(sink: WordSink, s: string): void {
    this.buffer += s;
    sink.inWord = true;
  }

  private finishWords(sink: WordSink): string[] {
    if (this.buffer.length > 0) {
      sink.words.push(this.buffer);
      this.buffer = '';
      sink.inWord = false;
    }
    return sink.words;
  }

  private processStopOn(stopChar: string | typeof EOF, rawEscapes: boolean): { result: string; words: string[] } {
    let result = '';
    this.buffer = '';
    const sink: WordSink = { words: [], inWord: false };
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      for (;;) {
        const ch = this.scanner.peek();
        if (ch === EOF) break;
        if (stopChar !== EOF && ch === stopChar) {
          this.scanner.next();
          return { result, words: this.finishWords(sink) };
        }
        if (ch === '$') {
          const value = this.processDollar();
          result = bounded(result, value);
          this.addExpanded(sink, value);
          continue;
        }
        if (!this.opts.skipProcessQuotes && (ch === "'" || ch === '"')) {
          const value = ch === "'" ? this.processSingleQuote() : this.processDoubleQuote();
          result = bounded(result, value);
          this.addRawString(sink, value);
          continue;
        }
        let c = this.scanner.next() as string;
        if (c === this.opts.escapeToken) {
          if (this.rawEscapes) {
            this.addRawString(sink, c);
            result += c;
          }
          // An escape token escapes the next character; at the very end it is dropped.
          const escaped = this.scanner.next();
          if (escaped === EOF) break;
          c = escaped;
          this.addRawString(sink, c);
        } else {
          this.addChar(sink, c);
        }
        result += c;
      }
      if (stopChar !== EOF) {
        throw new LexError(`unexpected end of statement while looking for matching ${stopChar}`);
      }
      return { result, words: this.finishWords(sink) };
    } finally {
      this.rawEscapes = saved;
    }
  }

  private processSingleQuote(): string {
    // Everything up to the next `'` is literal; a single quote cannot be escaped inside.
    let result = '';
    const open = this.scanner.next() as string;
    if (this.opts.rawQuotes) result += open;
    for (;;) {
      const ch = this.scanner.next();
      if (ch === EOF) throw new LexError('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") {
        if (this.opts.rawQuotes) result += ch;
        return result;
      }
      result += ch;
    }
  }

  private processDoubleQuote(): string {
    // `$` expands inside double quotes; the escape token only escapes `"`, `$` and itself.
    let result = '';
    const open = this.scanner.next() as string;
    if (this.opts.rawQuotes) result += open;
    for (;;) {
      const peeked = this.scanner.peek();
      if (peeked === EOF) throw new LexError('unexpected end of statement while looking for matching double-quote');
      if (peeked === '"') {
        this.scanner.next();
        if (this.opts.rawQuotes) result += peeked;
        return result;
      }
      if (peeked === '$') {
        result = bounded(result, this.processDollar());
        continue;
      }
      let ch = this.scanner.next() as string;
      if (ch === this.opts.escapeToken) {
        if (this.rawEscapes) result += ch;
        const after = this.scanner.peek();
        if (after === EOF) continue;
        if (after === '"' || after === '$' || after === this.opts.escapeToken) ch = this.scanner.next() as string;
      }
      result += ch;
    }
  }

  private lookup(name: string): string | undefined {
    const value = this.env.get(name);
    if (value === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return value;
  }

  private processDollar(): string {
    this.scanner.next();
    if (this.scanner.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      const value = this.lookup(name);
      if (value === undefined && this.opts.skipUnsetEnv) return `$${name}`;
      return value ?? '';
    }
    this.scanner.next();
    const first = this.scanner.peek();
    if (first === EOF) throw new LexError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new LexError('syntax error: bad substitution');
    const name = this.processName();
    let ch = this.scanner.next();
    // Go formats a missing character (EOF) as U+FFFD in the error message.
    let modifier = ch === EOF ? '\uFFFD' : ch;
    if (ch === '}') {
      const value = this.lookup(name);
      if (value === undefined && this.opts.skipUnsetEnv) return `\${${name}}`;
      return value ?? '';
    }
    if (ch === '/') return this.processReplace(name);
    let nullIsUnset = false;
    if (ch === ':') {
      nullIsUnset = true;
      ch = this.scanner.next();
      modifier += ch === EOF ? '\uFFFD' : ch;
    } else if (!(ch === '+' || ch === '-' || ch === '?' || ch === '#' || ch === '%')) {
      throw new LexError(`unsupported modifier (${modifier}) in substitution`);
    }
    // `#` and `%` take a pattern, so escapes stay in it for the pattern compiler.
    const patternModifier = ch === '#' || ch === '%';
    if (nullIsUnset && patternModifier) throw new LexError(`unsupported modifier (${modifier}) in substitution`);
    const word = this.processNested('}', patternModifier, "syntax error: missing '}'");
    const value = this.lookup(name);
    if (this.opts.skipUnsetEnv && value === undefined) return `\${${name}${modifier}${word}}`;
    const isUnset = value === undefined || (nullIsUnset && value === '');
    switch (ch) {
      case '-':
        return isUnset ? word : value!;
      case '+':
        return isUnset ? '' : word;
      case '?':
        if (value === undefined) throw new LexError(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
        if (nullIsUnset && value === '')
          throw new LexError(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
        return value;
      case '%':
      case '#': {
        // `%`/`#` remove the shortest match, `%%`/`##` the longest.
        let pattern = word;
        let greedy = false;
        if (pattern.startsWith(ch)) {
          greedy = true;
          pattern = pattern.slice(1);
        }
        return ch === '%' ? trimSuffix(pattern, value ?? '', greedy) : trimPrefix(pattern, value ?? '', greedy);
      }
      default:
        throw new LexError(`unsupported modifier (${modifier}) in substitution`);
    }
  }

  private processReplace(name: string): string {
    const replaceAll = this.scanner.peek() === '/';
    if (replaceAll) this.scanner.next();
    const pattern = this.processNested('/', true, "syntax error: missing '/' in ${}");
    const replacement = this.processNested('}', true, "syntax error: missing '}'");
    const value = this.lookup(name);
    if (this.opts.skipUnsetEnv && value === undefined) return `\${${name}/${pattern}/${replacement}}`;
    const subject = value ?? '';
    checkPatternCost(pattern, subject, true);
    const re = compileShellPattern(pattern, true, false, replaceAll);
    if (replaceAll) return goReplaceAll(re, subject, replacement);
    const found = re.exec(subject);
    if (found === null) return subject;
    return subject.slice(0, found.index) + replacement + subject.slice(found.index + found[0].length);
  }

  /** processStopOn inside `${...}`: a missing stop character at the end is reported as `eofMessage`. */
  private processNested(stop: string, rawEscapes: boolean, eofMessage: string): string {
    if (this.depth >= MAX_SUBSTITUTION_DEPTH)
      throw new LimitError(`\${...} nested more than ${MAX_SUBSTITUTION_DEPTH} deep (a limit of buildctx)`);
    this.depth++;
    try {
      return this.processStopOn(stop, rawEscapes).result;
    } catch (error) {
      if (error instanceof LimitError) throw error;
      if (this.scanner.peek() === EOF) throw new LexError(eofMessage);
      throw error;
    } finally {
      this.depth--;
    }
  }

  private processName(): string {
    // A name is letters, digits and `_`; a leading digit run or one special parameter is a name too.
    let name = '';
    for (;;) {
      const ch = this.scanner.peek();
      if (ch === EOF) break;
      if (name === '' && DIGIT.test(ch)) {
        while (this.scanner.peek() !== EOF && DIGIT.test(this.scanner.peek() as string)) name += this.scanner.next();
        return name;
      }
      if (name === '' && SPECIAL_PARAMS.has(ch)) return this.scanner.next() as string;
      if (!LETTER.test(ch) && !DIGIT.test(ch) && ch !== '_') break;
      name += this.scanner.next();
    }
    return name;
  }
}

/**
 * Processes one Dockerfile word. Throws LexError where BuildKit's lexer returns an error; the
 * caller decides whether that fails the build.
 */
export function processWord(word: string, env: EnvLookup, opts: LexOptions): LexResult {
  const processor = new WordProcessor(word, env, opts);
  let out: { result: string; words: string[] };
  try {
    out = processor.process();
  } catch (error) {
    if (error instanceof LimitError) {
      const shown = word.length > QUOTED_WORD_CHARS ? `${word.slice(0, QUOTED_WORD_CHARS)}…` : word;
      throw new LimitError(`cannot process "${shown}": ${error.message}`);
    }
    if (error instanceof LexError) throw new LexError(`failed to process "${word}": ${error.message}`);
    throw error;
  }
  return {
    result: out.result,
    words: out.words,
    matched: [...processor.matched].sort(),
    unmatched: [...processor.unmatched].sort(),
  };
}

/**
 * Go's Regexp.Expand for a pattern without capture groups: `$$` is `$`, a well-formed `$name` or
 * `${name}` refers to a group that does not exist and expands to nothing, and a malformed
 * reference keeps its `$` as text (regexp/regexp.go expand, extract).
 */
function expandGoTemplate(template: string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    const end = endOfTemplateName(template, i);
    if (end < 0) out += '$';
    else i = end;
  }
  return out;
}

function endOfTemplateName(template: string, start: number): number {
  let i = start;
  const brace = template[i] === '{';
  if (brace) i++;
  const nameStart = i;
  while (i < template.length) {
    const ch = String.fromCodePoint(template.codePointAt(i)!);
    if (ch !== '_' && !LETTER.test(ch) && !DIGIT.test(ch)) break;
    i += ch.length;
  }
  if (i === nameStart) return -1;
  if (brace) {
    if (template[i] !== '}') return -1;
    i++;
  }
  return i;
}

/**
 * Go's Regexp.ReplaceAllString loop: an empty match right after the previous match is not
 * replaced, and the search always advances by at least one character (regexp/regexp.go
 * replaceAll). JavaScript's String.replace differs on patterns that match both empty and
 * non-empty strings.
 */
function goReplaceAll(re: RegExp, src: string, replacement: string): string {
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= src.length) {
    re.lastIndex = searchPos;
    const found = re.exec(src);
    if (found === null) break;
    const start = found.index;
    const end = start + found[0].length;
    out = bounded(out, src.slice(lastMatchEnd, start));
    if (end > lastMatchEnd || start === 0) out = bounded(out, expandGoTemplate(replacement));
    lastMatchEnd = end;
    const width = searchPos < src.length ? String.fromCodePoint(src.codePointAt(searchPos)!).length : 1;
    searchPos = Math.max(searchPos + width, end);
  }
  return out + src.slice(lastMatchEnd);
}

const REGEX_SPECIALS = new Set(['[', ']', '{', '}', '.', '+', '(', ')', '|', '^', '$']);

/**
 * A `${VAR#pattern}` / `${VAR/pattern/...}` pattern as a regexp: `?` is one character, `*` the
 * shortest or (greedy) longest string, `\` escapes only `*`, `?` and `\`, and `\}` / `\/` are
 * the literal delimiters. There are no bracket expressions (lex.go convertShellPatternToRegex).
 */
export function compileShellPattern(pattern: string, greedy: boolean, anchored: boolean, global = false): RegExp {
  let out = anchored ? '^' : '';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const tok = chars[i]!;
    // Go's `.` is any character but a newline; JavaScript's `.` also stops at \r, U+2028, U+2029.
    if (tok === '*') {
      out += greedy ? '[^\\n]*' : '[^\\n]*?';
      continue;
    }
    if (tok === '?') {
      out += '[^\\n]';
      continue;
    }
    if (tok === '\\') {
      const next = chars[i + 1];
      if (next === '}' || next === '/') continue;
      i++;
      if (next !== '*' && next !== '?' && next !== '\\') {
        throw new LexError(`invalid pattern (${pattern}) in substitution: invalid escape '\\${next ?? ''}'`);
      }
      out += `\\${next}`;
      continue;
    }
    out += REGEX_SPECIALS.has(tok) ? `\\${tok}` : tok;
  }
  return new RegExp(out, global ? 'gu' : 'u');
}

/** Refuses a pattern substitution whose backtracking could take too long (MAX_PATTERN_COST). */
function checkPatternCost(pattern: string, value: string, unanchored: boolean): void {
  const stars = Array.from(pattern.replace(/\\./g, '')).filter((c) => c === '*').length;
  const n = Math.max(value.length, 2);
  const cost = n ** (stars + 1) * (unanchored ? n : 1);
  if (cost > MAX_PATTERN_COST) {
    throw new LimitError(
      `pattern ${JSON.stringify(pattern)} with ${stars} * on a value of ${value.length} characters is too costly to match (a limit of buildctx)`,
    );
  }
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  checkPatternCost(pattern, value, false);
  const found = compileShellPattern(pattern, greedy, true).exec(value);
  return found === null ? value : value.slice(found[0].length);
}

/** Reverses a pattern without reversing its escapes: `a\*c` becomes `c\*a` (lex.go reversePattern). */
export function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const out = new Array<string>(chars.length);
  const last = chars.length - 1;
  for (let i = 0; i <= last; ) {
    const tok = chars[i]!;
    const at = last - i;
    if (tok === '\\' && i !== last) {
      out[at - 1] = tok;
      out[at] = chars[i + 1]!;
      i += 2;
    } else {
      out[at] = tok;
      i++;
    }
  }
  return out.join('');
}

function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  // A regexp cannot find the shortest rightmost match, so both sides are reversed (lex.go trimSuffix).
  const reversed = Array.from(value).reverse().join('');
  return Array.from(trimPrefix(reversePattern(pattern), reversed, greedy))
    .reverse()
    .join('');
}
