// Go's regexp (RE2 syntax, parsed with syntax.Perl = ClassNL | OneLine | PerlX | UnicodeGroups)
// compiled to a Thompson program with the same MatchString answers, run without backtracking
// (regexp-automaton.ts). moby/patternmatcher turns every wildcard .dockerignore line into such a
// regexp. The source is parsed here by Go's rules (Go 1.19 src/regexp/syntax/parse.go,
// perl_groups.go); no user text reaches the JavaScript regexp engine, whose backtracking makes
// a line like `a*a*a*a*a*a*a*a*a*a*a*b` take seconds per name where Go's RE2 is linear.
//
// Subjects use the project's path dialect (src/paths.ts): an invalid UTF-8 byte is one
// lone surrogate U+DC80..U+DCFF. Go reads such a byte as utf8.RuneError (U+FFFD), so every rune
// set that holds U+FFFD also holds U+DC80..U+DCFF, and no other set does. Runes Go can never
// decode (U+D800..U+DFFF) are dropped from every set.
//
// Go's parser also enforces limits on the tree it builds (nesting height 1000, compiled size,
// rune count). This tree mirrors Go's shapes (merged literals, flattened concatenations and
// alternations, single-rune classes as literals) but does not factor common prefixes out of
// alternations (parse.go factor), so a regexp within a few levels of a limit that relies on such
// factoring may be judged differently; patternmatcher output, which has no groups, never nears them.

import { GO_CASE_ORBITS, GO_CATEGORY_TABLES, GO_SCRIPT_TABLES } from './go-unicode-tables.js';
import {
  ASSERT_BEGIN_LINE,
  ASSERT_BEGIN_TEXT,
  ASSERT_END_LINE,
  ASSERT_END_TEXT,
  ASSERT_NO_WORD_BOUNDARY,
  ASSERT_WORD_BOUNDARY,
  createAutomaton,
  OP_ASSERT,
  OP_MATCH,
  OP_NOP,
  OP_RUNE,
  OP_SPLIT,
  setHas,
  type Engine,
  type GoRegexp,
  type Program,
} from './regexp-automaton.js';

export type { GoRegexp } from './regexp-automaton.js';

/** ErrorCode strings of Go's regexp/syntax, word for word. */
export type GoRegexpErrorCode =
  | 'regexp/syntax: internal error'
  | 'invalid character class'
  | 'invalid character class range'
  | 'invalid escape sequence'
  | 'invalid named capture'
  | 'invalid or unsupported Perl syntax'
  | 'invalid nested repetition operator'
  | 'invalid repeat count'
  | 'invalid UTF-8'
  | 'missing closing ]'
  | 'missing closing )'
  | 'missing argument to repetition operator'
  | 'trailing backslash at end of expression'
  | 'unexpected )'
  | 'expression nests too deeply';

/** Thrown exactly when Go's regexp.Compile fails; the message is Go's *syntax.Error text. */
export class GoRegexpSyntaxError extends Error {
  /** Go's syntax.ErrorCode text, e.g. `missing closing ]`. */
  readonly goCode: GoRegexpErrorCode;
  /** The fragment Go quotes (syntax.Error.Expr), in the path dialect. */
  readonly expr: string;

  constructor(goCode: GoRegexpErrorCode, expr: string) {
    super(`error parsing regexp: ${goCode}: \`${expr}\``);
    this.name = 'GoRegexpSyntaxError';
    this.goCode = goCode;
    this.expr = expr;
  }
}

/**
 * Thrown for a valid Go regexp whose MatchString answers this port cannot reproduce: a literal
 * surrogate (\x{D800}..\x{DFFF}) in a regexp that starts with ^ or \A. Go's one-pass matcher
 * compares the leading literal run as bytes written with utf8.EncodeRune, which turns a
 * surrogate into U+FFFD, and whether that matcher runs depends on its one-pass analysis
 * (regexp/onepass.go), which is not ported.
 */
export class GoRegexpUnsupportedError extends Error {
  constructor(reason: string, source: string) {
    super(`unsupported regexp (${reason}): \`${source}\``);
    this.name = 'GoRegexpUnsupportedError';
  }
}

const MAX_RUNE = 0x10ffff;
const RUNE_ERROR = 0xfffd;
const SURROGATE_MIN = 0xd800;
const SURROGATE_MAX = 0xdfff;
/** The path dialect's escaped bytes (src/paths.ts). */
const ESCAPED_BYTE_MIN = 0xdc80;
const ESCAPED_BYTE_MAX = 0xdcff;
/** Largest {n,m} count and largest product of nested counts (parse.go, repeatIsValid). */
const MAX_REPEAT_COUNT = 1000;
/** parseInt gives up on numbers this large (parse.go). */
const MAX_PARSED_INT = 1e8;
/** Height limit of the parse tree (parse.go maxHeight). */
const MAX_HEIGHT = 1000;
/** Compiled-size limit in instructions: 128 MiB / 40-byte Inst (parse.go maxSize). */
const MAX_SIZE = Math.floor((128 << 20) / 40);
/** Limit on runes held by all literals and classes: 128 MiB / 4 bytes (parse.go maxRunes). */
const MAX_RUNES = (128 << 20) / 4;

// Parse flags that change meaning inside the pattern; ClassNL, PerlX and UnicodeGroups are
// always on under syntax.Perl.
const FOLD_CASE = 1;
const DOT_NL = 2;
const ONE_LINE = 4;
const NON_GREEDY = 8;

// ---------------------------------------------------------------------------------------------
// Rune sets: sorted, merged [lo, hi] pairs in one flat array, as Go's classes are.

type RuneSet = number[];

/** Sorts and merges loose [lo, hi] pairs (cleanClass in parse.go). */
function cleanSet(pairs: number[]): RuneSet {
  const ranges: [number, number][] = [];
  for (let i = 0; i < pairs.length; i += 2) ranges.push([pairs[i]!, pairs[i + 1]!]);
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: RuneSet = [];
  for (const [lo, hi] of ranges) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) {
      if (hi > out[n - 1]!) out[n - 1] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

/** Complement over 0..U+10FFFF of a clean set. */
function negateSet(set: RuneSet): RuneSet {
  const out: RuneSet = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    if (next <= set[i]! - 1) out.push(next, set[i]! - 1);
    next = set[i + 1]! + 1;
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

function isSingleRune(set: RuneSet): boolean {
  return set.length === 2 && set[0] === set[1];
}

/** Decodes the gap/length base-36 encoding of go-unicode-tables.ts. */
function decodeRanges(encoded: string): RuneSet {
  const out: RuneSet = [];
  const numbers = encoded.split(',');
  let next = 0;
  for (let i = 0; i + 1 < numbers.length; i += 2) {
    const lo = next + parseInt(numbers[i]!, 36);
    const hi = lo + parseInt(numbers[i + 1]!, 36);
    out.push(lo, hi);
    next = hi + 1;
  }
  return out;
}

let caseOrbits: number[][] | undefined;
let orbitOfRune: Map<number, number[]> | undefined;

/** Go's unicode.SimpleFold cycles, decoded once on first use. */
function loadCaseOrbits(): [number[][], Map<number, number[]>] {
  if (caseOrbits === undefined || orbitOfRune === undefined) {
    caseOrbits = [];
    orbitOfRune = new Map();
    let first = 0;
    for (const encoded of GO_CASE_ORBITS.split(';')) {
      const steps = encoded.split(',').map((x) => parseInt(x, 36));
      first += steps[0]!;
      const orbit = [first];
      for (let i = 1; i < steps.length; i++) orbit.push(orbit[i - 1]! + steps[i]!);
      caseOrbits.push(orbit);
      for (const r of orbit) orbitOfRune.set(r, orbit);
    }
  }
  return [caseOrbits, orbitOfRune];
}

/** Every rune that simple-folds to one in the set, added to it (appendFoldedRange). */
function foldSet(set: RuneSet): RuneSet {
  const [orbits] = loadCaseOrbits();
  const added: number[] = [...set];
  for (const orbit of orbits) {
    if (orbit.some((r) => setHas(set, r))) for (const r of orbit) added.push(r, r);
  }
  return cleanSet(added);
}

/** The runes a literal matches: itself, or its whole fold orbit under (?i). */
function literalSet(r: number, fold: boolean): RuneSet {
  const orbit = fold ? loadCaseOrbits()[1].get(r) : undefined;
  return orbit === undefined ? [r, r] : cleanSet(orbit.flatMap((x) => [x, x]));
}

const FULL_SET: RuneSet = [0, MAX_RUNE];
const unicodeTableCache = new Map<string, RuneSet>();

/** \p{name}: "Any", a general category or a script of Go's unicode package (unicodeTable). */
function lookUpUnicodeTable(name: string): RuneSet | undefined {
  if (name === 'Any') return FULL_SET;
  let set = unicodeTableCache.get(name);
  if (set === undefined) {
    const encoded = Object.hasOwn(GO_CATEGORY_TABLES, name)
      ? GO_CATEGORY_TABLES[name]
      : Object.hasOwn(GO_SCRIPT_TABLES, name)
        ? GO_SCRIPT_TABLES[name]
        : undefined;
    if (encoded === undefined) return undefined;
    set = decodeRanges(encoded);
    unicodeTableCache.set(name, set);
  }
  return set;
}

// Perl and POSIX classes are ASCII-only in RE2 (perl_groups.go); \s has no \v.
const DIGIT: RuneSet = [0x30, 0x39];
const WORD: RuneSet = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
const PERL_GROUPS: Readonly<Record<string, [negated: boolean, set: RuneSet]>> = {
  '\\d': [false, DIGIT],
  '\\D': [true, DIGIT],
  '\\s': [false, [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20]],
  '\\S': [true, [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20]],
  '\\w': [false, WORD],
  '\\W': [true, WORD],
};
const POSIX_GROUPS: Readonly<Record<string, RuneSet>> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: DIGIT,
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: WORD,
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

/** A Perl or POSIX group as a class item: folded first under (?i), then negated (appendGroup). */
function groupSet(set: RuneSet, negated: boolean, flags: number): RuneSet {
  const folded = flags & FOLD_CASE ? foldSet(set) : set;
  return negated ? negateSet(folded) : folded;
}

// ---------------------------------------------------------------------------------------------
// Parse tree. Shapes follow Go's where its limits depend on them: literal runes merge into one
// node, single-rune classes become literals, nested concatenations and alternations flatten.

type AssertKind = 'begin-text' | 'end-text' | 'begin-line' | 'end-line' | 'word-boundary' | 'no-word-boundary';

type Node = (
  | { op: 'literal'; runes: number[]; fold: boolean }
  | { op: 'class'; set: RuneSet }
  | { op: 'empty' }
  | { op: 'assert'; kind: AssertKind }
  | { op: 'concat'; subs: Node[] }
  | { op: 'alternate'; subs: Node[] }
  | { op: 'repeat'; counted: boolean; min: number; max: number; greedy: boolean; sub: Node }
  | { op: 'capture'; sub: Node }
) & { height: number; size: number };

type NodeBody = Node extends infer N ? (N extends Node ? Omit<N, 'height' | 'size'> : never) : never;

/** True for nodes Go's isCharClass accepts: a one-rune literal or a class. */
function isCharClassNode(node: Node): boolean {
  return (node.op === 'literal' && node.runes.length === 1) || node.op === 'class';
}

function nodeRuneSet(node: Node): RuneSet {
  if (node.op === 'class') return node.set;
  if (node.op === 'literal') return literalSet(node.runes[0]!, node.fold);
  throw new Error('not a character class node');
}

/** Inverse of literalSet for Go's push: a class of one rune, or of one two-rune fold orbit. */
function classAsLiteral(set: RuneSet): { runes: number[]; fold: boolean } | undefined {
  if (isSingleRune(set)) return { runes: [set[0]!], fold: false };
  let pair: [number, number] | undefined;
  if (set.length === 2 && set[1] === set[0]! + 1) pair = [set[0]!, set[1]!];
  else if (set.length === 4 && set[0] === set[1] && set[2] === set[3]) pair = [set[0]!, set[2]!];
  if (pair === undefined) return undefined;
  const orbit = loadCaseOrbits()[1].get(pair[0]);
  return orbit?.length === 2 && orbit[1] === pair[1] ? { runes: [pair[0]], fold: true } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Parser.

interface Frame {
  branches: Node[];
  items: Node[];
  /** Flags in force before the group opened; restored at its `)`. */
  outerFlags: number;
  capture: boolean;
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function isOctal(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x37;
}

class Parser {
  private readonly src: string;
  private flags = ONE_LINE;
  private readonly frames: Frame[] = [{ branches: [], items: [], outerFlags: ONE_LINE, capture: false }];
  private runeCount = 0;

  constructor(src: string) {
    this.src = src;
  }

  private get frame(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  private code(i: number): number | undefined {
    return i < this.src.length ? this.src.charCodeAt(i) : undefined;
  }

  /**
   * nextRune: the rune at i and its width in UTF-16 units. An escaped byte (or any lone
   * surrogate) is invalid UTF-8; Go's error quotes the text from there to `end`. At the end of
   * the text Go's decoder yields U+FFFD with width 0, which callers rely on.
   */
  private readRune(i: number, end = this.src.length): [rune: number, width: number] {
    if (i >= end) return [RUNE_ERROR, 0];
    const cp = this.src.codePointAt(i)!;
    if (cp >= SURROGATE_MIN && cp <= SURROGATE_MAX)
      throw new GoRegexpSyntaxError('invalid UTF-8', this.src.slice(i, end));
    return [cp, cp > 0xffff ? 2 : 1];
  }

  /** checkUTF8 over src[start:end]. */
  private checkUtf8(start: number, end: number): void {
    for (let i = start; i < end; ) i += this.readRune(i, end)[1];
  }

  private node(body: NodeBody): Node {
    let height = 1;
    let size = 1;
    switch (body.op) {
      case 'literal':
        size = body.runes.length;
        break;
      case 'capture':
        height = 1 + body.sub.height;
        size = 2 + body.sub.size;
        break;
      case 'concat':
      case 'alternate':
        height = 1 + body.subs.reduce((max, s) => Math.max(max, s.height), 0);
        size = body.subs.reduce((sum, s) => sum + s.size, 0) + (body.op === 'alternate' ? body.subs.length - 1 : 0);
        break;
      case 'repeat': {
        height = 1 + body.sub.height;
        const sub = body.sub.size;
        if (!body.counted) size = (body.min === 0 && body.max === -1 ? 2 : 1) + sub;
        else if (body.max === -1) size = body.min === 0 ? 2 + sub : 1 + body.min * sub;
        else size = body.max * sub + (body.max - body.min);
        break;
      }
      default:
        break;
    }
    // Go panics out of the parse with these two limits; the error quotes the whole regexp.
    if (height > MAX_HEIGHT) throw new GoRegexpSyntaxError('expression nests too deeply', this.src);
    if (Math.max(size, 1) > MAX_SIZE) throw new GoRegexpSyntaxError('regexp/syntax: internal error', this.src);
    return { ...body, height, size: Math.max(size, 1) } as Node;
  }

  private push(node: Node): void {
    this.frame.items.push(node);
  }

  private pushLiteral(r: number): void {
    this.countRunes(1);
    this.push(this.node({ op: 'literal', runes: [r], fold: (this.flags & FOLD_CASE) !== 0 }));
  }

  private pushClass(set: RuneSet): void {
    this.countRunes(set.length);
    const literal = classAsLiteral(set);
    this.push(literal === undefined ? this.node({ op: 'class', set }) : this.node({ op: 'literal', ...literal }));
  }

  private countRunes(n: number): void {
    this.runeCount += n;
    if (this.runeCount > MAX_RUNES) throw new GoRegexpSyntaxError('regexp/syntax: internal error', this.src);
  }

  /** The concatenation of the current branch, literal runes merged as Go's maybeConcat does. */
  private concatItems(items: Node[]): Node {
    const subs: Node[] = [];
    let runes: number[] = [];
    let fold = false;
    const flushLiteral = (): void => {
      if (runes.length > 0) subs.push(this.node({ op: 'literal', runes, fold }));
      runes = [];
    };
    for (const item of items.flatMap((i) => (i.op === 'concat' ? i.subs : [i]))) {
      if (item.op === 'literal') {
        if (item.fold !== fold) flushLiteral();
        fold = item.fold;
        runes.push(...item.runes);
      } else {
        flushLiteral();
        subs.push(item);
      }
    }
    flushLiteral();
    if (subs.length === 0) return this.node({ op: 'empty' });
    if (subs.length === 1) return subs[0]!;
    return this.node({ op: 'concat', subs });
  }

  /** The alternation of the branches; runs of single-rune branches merge into classes. */
  private alternateBranches(branches: Node[]): Node {
    const subs: Node[] = [];
    for (const branch of branches.flatMap((b) => (b.op === 'alternate' ? b.subs : [b]))) {
      const last = subs[subs.length - 1];
      if (last !== undefined && isCharClassNode(last) && isCharClassNode(branch)) {
        subs[subs.length - 1] = this.node({
          op: 'class',
          set: cleanSet([...nodeRuneSet(last), ...nodeRuneSet(branch)]),
        });
      } else {
        subs.push(branch);
      }
    }
    if (subs.length === 1) return subs[0]!;
    return this.node({ op: 'alternate', subs });
  }

  /** The node a frame stands for once closed: concat per branch, then alternation. */
  private closeFrame(frame: Frame): Node {
    const branches = [...frame.branches, this.concatItems(frame.items)];
    return branches.length === 1 ? branches[0]! : this.alternateBranches(branches);
  }

  parse(): Node {
    const src = this.src;
    let pos = 0;
    // Start of the previous token when it was a repetition operator (Go's lastRepeat).
    let lastRepeat = -1;
    while (pos < src.length) {
      let repeat = -1;
      const c = src.charCodeAt(pos);
      switch (c) {
        case 0x28: // (
          if (this.code(pos + 1) === 0x3f) {
            pos = this.parsePerlFlags(pos);
          } else {
            this.openGroup(true, this.flags);
            pos++;
          }
          break;
        case 0x7c: // |
          this.frame.branches.push(this.concatItems(this.frame.items));
          this.frame.items = [];
          pos++;
          break;
        case 0x29: // )
          this.closeGroup();
          pos++;
          break;
        case 0x5e: // ^
          this.push(this.node({ op: 'assert', kind: this.flags & ONE_LINE ? 'begin-text' : 'begin-line' }));
          pos++;
          break;
        case 0x24: // $
          this.push(this.node({ op: 'assert', kind: this.flags & ONE_LINE ? 'end-text' : 'end-line' }));
          pos++;
          break;
        case 0x2e: // .
          this.pushClass(this.flags & DOT_NL ? FULL_SET : [0, 0x09, 0x0b, MAX_RUNE]);
          pos++;
          break;
        case 0x5b: // [
          pos = this.parseClass(pos);
          break;
        case 0x2a: // *
        case 0x2b: // +
        case 0x3f: {
          // ?
          const [min, max] = c === 0x2a ? [0, -1] : c === 0x2b ? [1, -1] : [0, 1];
          repeat = pos;
          pos = this.applyRepeat(false, min, max, pos, pos + 1, lastRepeat);
          break;
        }
        case 0x7b: {
          // {
          const counted = this.parseRepeatCount(pos);
          if (counted === undefined) {
            // Not a well-formed {n,m}: the brace is a literal.
            this.pushLiteral(0x7b);
            pos++;
            break;
          }
          const [min, max, after] = counted;
          if (min < 0 || min > MAX_REPEAT_COUNT || max > MAX_REPEAT_COUNT || (max >= 0 && min > max)) {
            throw new GoRegexpSyntaxError('invalid repeat count', src.slice(pos, after));
          }
          repeat = pos;
          pos = this.applyRepeat(true, min, max, pos, after, lastRepeat);
          break;
        }
        case 0x5c: // \
          pos = this.parseBackslash(pos);
          break;
        default: {
          const [r, width] = this.readRune(pos);
          this.pushLiteral(r);
          pos += width;
          break;
        }
      }
      lastRepeat = repeat;
    }
    if (this.frames.length !== 1) throw new GoRegexpSyntaxError('missing closing )', src);
    return this.closeFrame(this.frame);
  }

  private openGroup(capture: boolean, outerFlags: number): void {
    this.frames.push({ branches: [], items: [], outerFlags, capture });
  }

  private closeGroup(): void {
    if (this.frames.length === 1) throw new GoRegexpSyntaxError('unexpected )', this.src);
    const frame = this.frames.pop()!;
    const inner = this.closeFrame(frame);
    this.flags = frame.outerFlags;
    this.push(frame.capture ? this.node({ op: 'capture', sub: inner }) : inner);
  }

  /** Applies *, +, ?, {n,m} at `start` (operator text ends at `end`) to the last item. */
  private applyRepeat(
    counted: boolean,
    min: number,
    max: number,
    start: number,
    end: number,
    lastRepeat: number,
  ): number {
    let greedy = (this.flags & NON_GREEDY) === 0;
    if (this.code(end) === 0x3f) {
      end++;
      greedy = !greedy;
    }
    // Perl forbids stacking operators: a** is an error, not a doubled star.
    if (lastRepeat >= 0)
      throw new GoRegexpSyntaxError('invalid nested repetition operator', this.src.slice(lastRepeat, end));
    const items = this.frame.items;
    const sub = items[items.length - 1];
    if (sub === undefined)
      throw new GoRegexpSyntaxError('missing argument to repetition operator', this.src.slice(start, end));
    // Items hold one rune per literal until the branch is closed, so an operator binds to the
    // last rune only (ab* is a(b*)), while a group's merged literal (?:ab)* repeats as a whole.
    const node = this.node({ op: 'repeat', counted, min, max, greedy, sub });
    items[items.length - 1] = node;
    if (counted && (min >= 2 || max >= 2) && !isRepeatValid(node, MAX_REPEAT_COUNT)) {
      throw new GoRegexpSyntaxError('invalid repeat count', this.src.slice(start, end));
    }
    return end;
  }

  /** parseRepeat: {n}, {n,} or {n,m} at i as [min, max (-1 = none), end], or undefined. */
  private parseRepeatCount(i: number): [min: number, max: number, end: number] | undefined {
    const first = this.parseCount(i + 1);
    if (first === undefined) return undefined;
    let [min, j] = first;
    let max: number;
    if (j >= this.src.length) return undefined;
    if (this.code(j) !== 0x2c) {
      max = min;
    } else {
      j++;
      if (j >= this.src.length) return undefined;
      if (this.code(j) === 0x7d) {
        max = -1;
      } else {
        const second = this.parseCount(j);
        if (second === undefined) return undefined;
        [max, j] = second;
        // A count too large to parse makes the whole repetition invalid.
        if (max < 0) min = -1;
      }
    }
    if (this.code(j) !== 0x7d) return undefined;
    return [min, max, j + 1];
  }

  /** parseInt: decimal digits without a leading zero; -1 when too large. */
  private parseCount(i: number): [value: number, end: number] | undefined {
    const isDigit = (k: number): boolean => {
      const d = this.code(k);
      return d !== undefined && d >= 0x30 && d <= 0x39;
    };
    if (!isDigit(i)) return undefined;
    if (this.code(i) === 0x30 && isDigit(i + 1)) return undefined;
    let j = i;
    while (isDigit(j)) j++;
    let value = 0;
    for (let k = i; k < j; k++) {
      if (value >= MAX_PARSED_INT) {
        value = -1;
        break;
      }
      value = value * 10 + this.src.charCodeAt(k) - 0x30;
    }
    return [value, j];
  }

  /** (?flags), (?flags:, (?P<name> at i; returns the index after the construct. */
  private parsePerlFlags(i: number): number {
    const src = this.src;
    if (src.length - i > 4 && this.code(i + 2) === 0x50 && this.code(i + 3) === 0x3c) {
      // (?P<name>expr)
      const end = src.indexOf('>', i);
      if (end < 0) {
        this.checkUtf8(i, src.length);
        throw new GoRegexpSyntaxError('invalid named capture', src.slice(i));
      }
      this.checkUtf8(i + 4, end);
      const name = src.slice(i + 4, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new GoRegexpSyntaxError('invalid named capture', src.slice(i, end + 1));
      this.openGroup(true, this.flags);
      return end + 1;
    }
    let flags = this.flags;
    let negated = false;
    let sawFlag = false;
    let t = i + 2;
    while (t < src.length) {
      const [c, width] = this.readRune(t);
      t += width;
      let set = 0;
      let clear = 0;
      switch (c) {
        case 0x69: // i
          set = FOLD_CASE;
          break;
        case 0x6d: // m: multi-line means ^ and $ stop being text-only
          clear = ONE_LINE;
          break;
        case 0x73: // s
          set = DOT_NL;
          break;
        case 0x55: // U
          set = NON_GREEDY;
          break;
        case 0x2d: // -
          if (negated) throw new GoRegexpSyntaxError('invalid or unsupported Perl syntax', src.slice(i, t));
          negated = true;
          sawFlag = false;
          continue;
        case 0x3a: // :
        case 0x29: // )
          if (negated && !sawFlag) throw new GoRegexpSyntaxError('invalid or unsupported Perl syntax', src.slice(i, t));
          if (c === 0x3a) this.openGroup(false, this.flags);
          this.flags = flags;
          return t;
        default:
          throw new GoRegexpSyntaxError('invalid or unsupported Perl syntax', src.slice(i, t));
      }
      if (negated) [set, clear] = [clear, set];
      flags = (flags | set) & ~clear;
      sawFlag = true;
    }
    throw new GoRegexpSyntaxError('invalid or unsupported Perl syntax', src.slice(i, t));
  }

  /** A backslash at i outside a class; returns the index after the construct. */
  private parseBackslash(i: number): number {
    const src = this.src;
    switch (this.code(i + 1)) {
      case 0x41: // \A
        this.push(this.node({ op: 'assert', kind: 'begin-text' }));
        return i + 2;
      case 0x62: // \b
        this.push(this.node({ op: 'assert', kind: 'word-boundary' }));
        return i + 2;
      case 0x42: // \B
        this.push(this.node({ op: 'assert', kind: 'no-word-boundary' }));
        return i + 2;
      case 0x43: // \C (any byte) is not supported
        throw new GoRegexpSyntaxError('invalid escape sequence', src.slice(i, i + 2));
      case 0x51: {
        // \Q...\E: everything up to \E (or the end of the pattern) is literal.
        const quoteEnd = src.indexOf('\\E', i + 2);
        const end = quoteEnd < 0 ? src.length : quoteEnd;
        for (let k = i + 2; k < end; ) {
          const [r, width] = this.readRune(k, end);
          this.pushLiteral(r);
          k += width;
        }
        return quoteEnd < 0 ? src.length : quoteEnd + 2;
      }
      case 0x7a: // \z
        this.push(this.node({ op: 'assert', kind: 'end-text' }));
        return i + 2;
      default:
        break;
    }
    const unicodeClass = this.parseUnicodeClass(i);
    if (unicodeClass !== undefined) {
      this.pushClass(unicodeClass[0]);
      return unicodeClass[1];
    }
    const perl = this.parsePerlClass(i);
    if (perl !== undefined) {
      this.pushClass(perl);
      return i + 2;
    }
    const [r, end] = this.parseEscape(i);
    this.pushLiteral(r);
    return end;
  }

  /** \d \s \w \D \S \W at i, as a set, or undefined. */
  private parsePerlClass(i: number): RuneSet | undefined {
    const key = this.src.slice(i, i + 2);
    if (!Object.hasOwn(PERL_GROUPS, key)) return undefined;
    const [negated, set] = PERL_GROUPS[key]!;
    return groupSet(set, negated, this.flags);
  }

  /** \pX, \p{Name}, \p{^Name}, \PX at i: [set, end], undefined if not \p or \P; throws on bad names. */
  private parseUnicodeClass(i: number): [RuneSet, number] | undefined {
    const src = this.src;
    const kind = this.code(i + 1);
    if (this.code(i) !== 0x5c || (kind !== 0x70 && kind !== 0x50)) return undefined;
    let negated = kind === 0x50;
    const [c, width] = this.readRune(i + 2);
    let name: string;
    let end: number;
    if (c !== 0x7b) {
      end = i + 2 + width;
      name = src.slice(i + 2, end);
    } else {
      const close = src.indexOf('}', i);
      if (close < 0) {
        this.checkUtf8(i, src.length);
        throw new GoRegexpSyntaxError('invalid character class range', src.slice(i));
      }
      this.checkUtf8(i + 3, close);
      end = close + 1;
      name = src.slice(i + 3, close);
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const table = lookUpUnicodeTable(name);
    if (table === undefined) throw new GoRegexpSyntaxError('invalid character class range', src.slice(i, end));
    // Go folds with unicode.FoldCategory/FoldScript, which hold exactly the runes SimpleFold
    // adds (checked by regexp-gen when it writes the tables).
    const folded = this.flags & FOLD_CASE && name !== 'Any' ? foldSet(table) : table;
    return [negated ? negateSet(folded) : folded, end];
  }

  /** A single-rune escape at i (parseEscape): [rune, end]. */
  private parseEscape(i: number): [rune: number, end: number] {
    const src = this.src;
    let t = i + 1;
    if (t >= src.length) throw new GoRegexpSyntaxError('trailing backslash at end of expression', '');
    const [c, width] = this.readRune(t);
    t += width;
    const invalid = (): GoRegexpSyntaxError => new GoRegexpSyntaxError('invalid escape sequence', src.slice(i, t));
    if (c >= 0x31 && c <= 0x37 && !isOctal(this.code(t))) {
      // A lone \1..\7 would be a backreference, which RE2 does not support.
      throw invalid();
    }
    if (c >= 0x30 && c <= 0x37) {
      // Up to three octal digits in all.
      let r = c - 0x30;
      for (let k = 1; k < 3 && isOctal(this.code(t)); k++) r = r * 8 + this.src.charCodeAt(t++) - 0x30;
      return [r, t];
    }
    switch (c) {
      case 0x78: {
        // \x41 or \x{10FFFF}
        if (t >= src.length) throw invalid();
        const [h, hWidth] = this.readRune(t);
        t += hWidth;
        if (h === 0x7b) {
          let digits = 0;
          let r = 0;
          for (;;) {
            if (t >= src.length) throw invalid();
            const [d, dWidth] = this.readRune(t);
            t += dWidth;
            if (d === 0x7d) break;
            const v = unhex(d);
            if (v < 0) throw invalid();
            r = r * 16 + v;
            if (r > MAX_RUNE) throw invalid();
            digits++;
          }
          if (digits === 0) throw invalid();
          return [r, t];
        }
        const x = unhex(h);
        const [l, lWidth] = this.readRune(t);
        t += lWidth;
        const y = unhex(l);
        if (x < 0 || y < 0) throw invalid();
        return [x * 16 + y, t];
      }
      case 0x61: // \a
        return [0x07, t];
      case 0x66: // \f
        return [0x0c, t];
      case 0x6e: // \n
        return [0x0a, t];
      case 0x72: // \r
        return [0x0d, t];
      case 0x74: // \t
        return [0x09, t];
      case 0x76: // \v
        return [0x0b, t];
      default:
        // Escaped ASCII punctuation (and controls, space) is itself; \_ is allowed too.
        if (c < 0x80 && !isAlnum(c)) return [c, t];
        throw invalid();
    }
  }

  /** A bracket class at i; returns the index after its `]`. */
  private parseClass(i: number): number {
    const src = this.src;
    let t = i + 1;
    let negated = false;
    if (this.code(t) === 0x5e) {
      negated = true;
      t++;
    }
    const pairs: number[] = [];
    // `]` right after `[` or `[^` is a literal.
    let first = true;
    while (t >= src.length || this.code(t) !== 0x5d || first) {
      first = false;
      if (src.length - t > 2 && this.code(t) === 0x5b && this.code(t + 1) === 0x3a) {
        // [:alpha:] or [:^alpha:]; the closing :] is searched in the rest of the pattern.
        const close = src.indexOf(':]', t + 2);
        if (close >= 0) {
          const name = src.slice(t, close + 2);
          const inner = name.slice(2, -2);
          const groupNegated = inner.startsWith('^');
          const groupName = groupNegated ? inner.slice(1) : inner;
          if (!Object.hasOwn(POSIX_GROUPS, groupName))
            throw new GoRegexpSyntaxError('invalid character class range', name);
          pairs.push(...groupSet(POSIX_GROUPS[groupName]!, groupNegated, this.flags));
          t = close + 2;
          continue;
        }
      }
      const unicodeClass = this.parseUnicodeClass(t);
      if (unicodeClass !== undefined) {
        pairs.push(...unicodeClass[0]);
        t = unicodeClass[1];
        continue;
      }
      const perl = this.parsePerlClass(t);
      if (perl !== undefined) {
        pairs.push(...perl);
        t += 2;
        continue;
      }
      const rangeStart = t;
      let lo: number;
      [lo, t] = this.parseClassChar(t, i);
      let hi = lo;
      // [a-] is a and -; a range needs something other than ] after the -.
      if (src.length - t >= 2 && this.code(t) === 0x2d && this.code(t + 1) !== 0x5d) {
        [hi, t] = this.parseClassChar(t + 1, i);
        if (hi < lo) throw new GoRegexpSyntaxError('invalid character class range', src.slice(rangeStart, t));
      }
      pairs.push(...(this.flags & FOLD_CASE ? foldSet([lo, hi]) : [lo, hi]));
    }
    const set = cleanSet(pairs);
    this.pushClass(negated ? negateSet(set) : set);
    return t + 1;
  }

  private parseClassChar(t: number, classStart: number): [rune: number, end: number] {
    if (t >= this.src.length) throw new GoRegexpSyntaxError('missing closing ]', this.src.slice(classStart));
    if (this.code(t) === 0x5c) return this.parseEscape(t);
    const [r, width] = this.readRune(t);
    return [r, t + width];
  }
}

/** repeatIsValid: nested counted repetitions may not multiply past n copies. */
function isRepeatValid(node: Node, n: number): boolean {
  if (node.op === 'repeat' && node.counted) {
    let m = node.max;
    if (m === 0) return true;
    if (m < 0) m = node.min;
    if (m > n) return false;
    if (m > 0) n = Math.floor(n / m);
  }
  switch (node.op) {
    case 'repeat':
    case 'capture':
      return isRepeatValid(node.sub, n);
    case 'concat':
    case 'alternate':
      return node.subs.every((s) => isRepeatValid(s, n));
    default:
      return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Rune sets in the path dialect.

/** Couples a Go rune set to the path dialect: no surrogates, escaped bytes iff U+FFFD. */
function dialectSet(set: RuneSet): RuneSet {
  const pairs: number[] = [];
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i]!;
    const hi = set[i + 1]!;
    if (hi < SURROGATE_MIN || lo > SURROGATE_MAX) {
      pairs.push(lo, hi);
      continue;
    }
    if (lo < SURROGATE_MIN) pairs.push(lo, SURROGATE_MIN - 1);
    if (hi > SURROGATE_MAX) pairs.push(SURROGATE_MAX + 1, hi);
  }
  if (setHas(set, RUNE_ERROR)) pairs.push(ESCAPED_BYTE_MIN, ESCAPED_BYTE_MAX);
  return cleanSet(pairs);
}

// ---------------------------------------------------------------------------------------------
// Thompson program (regexp-automaton.ts runs it without backtracking).

const ASSERT_CODES: Readonly<Record<AssertKind, number>> = {
  'begin-text': ASSERT_BEGIN_TEXT,
  'end-text': ASSERT_END_TEXT,
  'begin-line': ASSERT_BEGIN_LINE,
  'end-line': ASSERT_END_LINE,
  'word-boundary': ASSERT_WORD_BOUNDARY,
  'no-word-boundary': ASSERT_NO_WORD_BOUNDARY,
};

/** A compiled fragment: its first instruction and the successor slots still to be filled. */
interface Fragment {
  start: number;
  /** pc * 2 for `out`, pc * 2 + 1 for `out1`. */
  holes: number[];
}

class ProgramBuilder {
  /** Instructions so far; the arrays grow by doubling and finish() cuts them to `length`. */
  private op = new Int32Array(64);
  private out = new Int32Array(64);
  private out1 = new Int32Array(64);
  private arg = new Int32Array(64);
  private length = 0;
  private readonly sets: number[][] = [];
  private readonly setIndex = new Map<string, number>();
  /** Set index per literal rune (key: rune × 2 + fold): a long literal or x{1000} repeats a few. */
  private readonly literalIndex = new Map<number, number>();

  private emit(op: number, arg: number): number {
    if (this.length === this.op.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.op = grow(this.op);
      this.out = grow(this.out);
      this.out1 = grow(this.out1);
      this.arg = grow(this.arg);
    }
    const pc = this.length++;
    this.op[pc] = op;
    this.out[pc] = -1;
    this.out1[pc] = -1;
    this.arg[pc] = arg;
    return pc;
  }

  private patch(holes: readonly number[], target: number): void {
    for (const h of holes) {
      if ((h & 1) === 0) this.out[h >> 1] = target;
      else this.out1[h >> 1] = target;
    }
  }

  private setIndexOf(goSet: RuneSet): number {
    const set = dialectSet(goSet);
    const key = set.join(',');
    let index = this.setIndex.get(key);
    if (index === undefined) {
      index = this.sets.push(set) - 1;
      this.setIndex.set(key, index);
    }
    return index;
  }

  private rune(goSet: RuneSet): Fragment {
    const pc = this.emit(OP_RUNE, this.setIndexOf(goSet));
    return { start: pc, holes: [pc * 2] };
  }

  /** A literal's runes, each instruction leading to the next. */
  private literal(runes: readonly number[], fold: boolean): Fragment {
    if (runes.length === 0) return this.nop();
    let start = -1;
    let last = -1;
    for (const r of runes) {
      const key = r * 2 + (fold ? 1 : 0);
      let index = this.literalIndex.get(key);
      if (index === undefined) {
        index = this.setIndexOf(literalSet(r, fold));
        this.literalIndex.set(key, index);
      }
      const pc = this.emit(OP_RUNE, index);
      if (last === -1) start = pc;
      else this.out[last] = pc;
      last = pc;
    }
    return { start, holes: [last * 2] };
  }

  private nop(): Fragment {
    const pc = this.emit(OP_NOP, 0);
    return { start: pc, holes: [pc * 2] };
  }

  private concat(parts: Fragment[]): Fragment {
    if (parts.length === 0) return this.nop();
    for (let i = 0; i + 1 < parts.length; i++) this.patch(parts[i]!.holes, parts[i + 1]!.start);
    return { start: parts[0]!.start, holes: parts[parts.length - 1]!.holes };
  }

  private alternate(a: Fragment, b: Fragment): Fragment {
    const pc = this.emit(OP_SPLIT, 0);
    this.out[pc] = a.start;
    this.out1[pc] = b.start;
    return { start: pc, holes: [...a.holes, ...b.holes] };
  }

  /** x? */
  private optional(x: Fragment): Fragment {
    const pc = this.emit(OP_SPLIT, 0);
    this.out[pc] = x.start;
    return { start: pc, holes: [...x.holes, pc * 2 + 1] };
  }

  /** x* */
  private star(x: Fragment): Fragment {
    const pc = this.emit(OP_SPLIT, 0);
    this.out[pc] = x.start;
    this.patch(x.holes, pc);
    return { start: pc, holes: [pc * 2 + 1] };
  }

  /** x+ */
  private plus(x: Fragment): Fragment {
    const pc = this.emit(OP_SPLIT, 0);
    this.out[pc] = x.start;
    this.patch(x.holes, pc);
    return { start: x.start, holes: [pc * 2 + 1] };
  }

  compile(node: Node): Fragment {
    switch (node.op) {
      case 'literal':
        return this.literal(node.runes, node.fold);
      case 'class':
        return this.rune(node.set);
      case 'empty':
        return this.nop();
      case 'assert': {
        const pc = this.emit(OP_ASSERT, ASSERT_CODES[node.kind]);
        return { start: pc, holes: [pc * 2] };
      }
      case 'concat':
        return this.concat(node.subs.map((s) => this.compile(s)));
      case 'alternate': {
        let f = this.compile(node.subs[node.subs.length - 1]!);
        for (let i = node.subs.length - 2; i >= 0; i--) f = this.alternate(this.compile(node.subs[i]!), f);
        return f;
      }
      case 'capture':
        return this.compile(node.sub);
      case 'repeat': {
        // As Go's simplify: x{n,} is n-1 copies and x+, x{n,m} is n copies and m-n nested x?.
        const { min, max, sub } = node;
        if (max === -1) {
          if (min === 0) return this.star(this.compile(sub));
          const parts: Fragment[] = [];
          for (let i = 1; i < min; i++) parts.push(this.compile(sub));
          parts.push(this.plus(this.compile(sub)));
          return this.concat(parts);
        }
        const parts: Fragment[] = [];
        for (let i = 0; i < min; i++) parts.push(this.compile(sub));
        let tail: Fragment | null = null;
        for (let i = min; i < max; i++) {
          tail = this.optional(tail === null ? this.compile(sub) : this.concat([this.compile(sub), tail]));
        }
        if (tail !== null) parts.push(tail);
        return this.concat(parts);
      }
    }
  }

  finish(root: Fragment): Program {
    const match = this.emit(OP_MATCH, 0);
    this.patch(root.holes, match);
    const n = this.length;
    return {
      op: this.op.slice(0, n),
      out: this.out.slice(0, n),
      out1: this.out1.slice(0, n),
      arg: this.arg.slice(0, n),
      sets: this.sets,
      start: root.start,
    };
  }
}

/**
 * Compiles a Go regexp source (regexp.MustCompile with syntax.Perl) to a matcher whose
 * test(subject) equals Go's MatchString on the subject's bytes, in time linear in the subject.
 * Throws GoRegexpSyntaxError when Go's Compile fails.
 */
export function compileGoRegexp(source: string, engine?: Engine): GoRegexp {
  const tree = new Parser(source).parse();
  if (mayStartWithBeginText(tree) && hasSurrogateLiteral(tree)) {
    throw new GoRegexpUnsupportedError('a literal surrogate after a leading ^ or \\A', source);
  }
  // Patterns are compiled (validated) up front; the program is built on the first match only,
  // so an ignore file of thousands of lines pays for the lines a path can reach.
  let automaton: GoRegexp | null = null;
  return {
    test(subject: string): boolean {
      if (automaton === null) {
        const builder = new ProgramBuilder();
        automaton = createAutomaton(builder.finish(builder.compile(tree)), engine);
      }
      return automaton.test(subject);
    },
  };
}

/** True when Go's program may start with the ^ instruction that makes it a one-pass candidate. */
function mayStartWithBeginText(node: Node): boolean {
  if (node.op === 'assert') return node.kind === 'begin-text';
  if (node.op === 'concat') return mayStartWithBeginText(node.subs[0]!);
  if (node.op === 'repeat') return node.min >= 1 && mayStartWithBeginText(node.sub);
  return false;
}

function hasSurrogateLiteral(node: Node): boolean {
  switch (node.op) {
    case 'literal':
      return node.runes.some((r) => r >= SURROGATE_MIN && r <= SURROGATE_MAX);
    case 'concat':
    case 'alternate':
      return node.subs.some(hasSurrogateLiteral);
    case 'repeat':
    case 'capture':
      return hasSurrogateLiteral(node.sub);
    default:
      return false;
  }
}
