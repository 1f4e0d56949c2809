// Matching without backtracking. A Thompson NFA program (built from Go's parse tree in
// go-regexp.ts) is run either as a lazily built DFA or, when the program holds an assertion that
// looks at neighbouring characters (\b, \B, (?m)^, (?m)$), by Pike's simulation of every thread
// at once. Either way each subject character costs at most one pass over the program, as in Go's
// RE2 (regexp/exec.go, the NFA; RE2's lazy DFA): a line like `a*a*a*a*a*a*a*a*a*a*b` costs
// O(name × pattern), where a backtracking engine takes exponential time.
//
// Subjects are in the path dialect (src/paths.ts): code points, where an invalid UTF-8
// byte is one lone surrogate U+DC80..U+DCFF; the program's rune sets are already mapped to it.

/** Instruction codes. */
export const OP_RUNE = 0;
export const OP_SPLIT = 1;
export const OP_NOP = 2;
export const OP_ASSERT = 3;
export const OP_MATCH = 4;

/** Assertion codes (OP_ASSERT's argument). */
export const ASSERT_BEGIN_TEXT = 0;
export const ASSERT_END_TEXT = 1;
export const ASSERT_BEGIN_LINE = 2;
export const ASSERT_END_LINE = 3;
export const ASSERT_WORD_BOUNDARY = 4;
export const ASSERT_NO_WORD_BOUNDARY = 5;

/**
 * A Thompson program: instruction i is op[i] with successors out[i] (and out1[i] for a split)
 * and argument arg[i] (a rune-set index or an assertion code). Sets are sorted, merged
 * [lo, hi] pairs of code points in the path dialect.
 */
export interface Program {
  op: Int32Array;
  out: Int32Array;
  out1: Int32Array;
  arg: Int32Array;
  sets: number[][];
  start: number;
}

/** What compileGoRegexp returns: Go's MatchString on a path-dialect subject. */
export interface GoRegexp {
  test(subject: string): boolean;
}

/** Lazily built DFA states kept per regexp before the cache starts over (RE2 does the same). */
export const MAX_DFA_STATES = 2048;

const NEWLINE = 0x0a;

/** Whether the sorted [lo, hi] pairs of `set` hold `r` (binary search). */
export function setHas(set: readonly number[], r: number): boolean {
  let lo = 0;
  let hi = (set.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (r < set[2 * mid]!) hi = mid - 1;
    else if (r > set[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Per set, one byte per ASCII code point: the common case tested without a search. */
function asciiTables(sets: readonly number[][]): Uint8Array {
  const table = new Uint8Array(sets.length * 128);
  sets.forEach((set, k) => {
    for (let i = 0; i < set.length; i += 2) {
      for (let c = set[i]!; c <= set[i + 1]! && c < 128; c++) table[k * 128 + c] = 1;
    }
  });
  return table;
}

function isWordRune(r: number): boolean {
  return (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || r === 0x5f || (r >= 0x61 && r <= 0x7a);
}

/** What a walk along empty transitions does at an assertion. */
const FOLLOW = 0;
/** Keep the assertion itself in the list: it is decided later (end of text, for the DFA). */
const KEEP = 1;
const DROP = 2;
type AtAssertion = (kind: number) => typeof FOLLOW | typeof KEEP | typeof DROP;

/**
 * Follows the empty transitions from `from`, each instruction once (those marked `mark` in
 * `marks` are skipped): SPLIT both ways, NOP onwards, an assertion as `atAssertion` says. RUNE
 * instructions go to `list` (when given); MATCH ends the walk with true when `stopAtMatch`, else
 * goes to `list`. Go's regexp/exec.go `add`, without captures; the one walk the DFA's closure,
 * its end-of-text test and Pike's threads share.
 */
function followEmpty(
  p: Program,
  marks: Int32Array,
  mark: number,
  stack: number[],
  from: readonly number[],
  list: number[] | null,
  atAssertion: AtAssertion,
  stopAtMatch: boolean,
): boolean {
  const { op, out, out1, arg } = p;
  stack.length = 0;
  for (const pc of from) stack.push(pc);
  while (stack.length > 0) {
    const pc = stack.pop()!;
    if (marks[pc] === mark) continue;
    marks[pc] = mark;
    switch (op[pc]) {
      case OP_RUNE:
        list?.push(pc);
        break;
      case OP_MATCH:
        if (stopAtMatch) return true;
        list?.push(pc);
        break;
      case OP_SPLIT:
        stack.push(out1[pc]!, out[pc]!);
        break;
      case OP_NOP:
        stack.push(out[pc]!);
        break;
      default: {
        const what = atAssertion(arg[pc]!);
        if (what === FOLLOW) stack.push(out[pc]!);
        else if (what === KEEP) list?.push(pc);
      }
    }
  }
  return false;
}

function needsNeighbours(program: Program): boolean {
  for (let i = 0; i < program.op.length; i++) {
    if (program.op[i] === OP_ASSERT && program.arg[i]! >= ASSERT_BEGIN_LINE) return true;
  }
  return false;
}

export type Engine = 'dfa' | 'pike';

/** The lazy DFA where it applies; `engine: 'pike'` forces the NFA simulation (tests compare the two). */
export function createAutomaton(program: Program, engine: Engine = 'dfa'): GoRegexp {
  return engine === 'pike' || needsNeighbours(program) ? new PikeVm(program) : new LazyDfa(program);
}

interface DfaState {
  /** Sorted RUNE and MATCH instructions, and END_TEXT assertions not yet followed. */
  pcs: Int32Array;
  isMatch: boolean;
  /** No thread left and none can start: the subject cannot match any more. */
  isDead: boolean;
  /** Whether following the pending end-of-text assertions reaches MATCH. */
  acceptsAtEnd: boolean;
  /** Transitions on ASCII characters, allocated with the first one. */
  ascii: (DfaState | undefined)[] | null;
  other: Map<number, DfaState>;
  generation: number;
}

/**
 * A DFA built on demand, one state per set of NFA threads, for programs whose only assertions
 * are begin and end of text. Go's MatchString is an unanchored search: the start thread is
 * added again at every position (what RE2 gets from its implicit `.*?` prefix).
 */
class LazyDfa implements GoRegexp {
  private readonly p: Program;
  private readonly marks: Int32Array;
  private mark = 0;
  private readonly stack: number[] = [];
  private readonly list: number[] = [];
  private readonly states = new Map<string, DfaState>();
  private generation = 0;
  private initial: DfaState;
  /** The start thread's closure away from position 0 (empty when the program starts with ^). */
  private readonly restart: number[];

  constructor(program: Program) {
    this.p = program;
    this.marks = new Int32Array(program.op.length);
    this.restart = this.closure([program.start], false).slice();
    this.initial = this.makeInitial();
  }

  private makeInitial(): DfaState {
    // Its own key: position 0 is the only place where ^ holds, so it is never shared.
    const list = this.closure([this.p.start], true);
    return this.intern('^' + list.join(','), list, true);
  }

  /** At position 0 ^ holds; elsewhere it never does. End of text is decided when the subject ends. */
  private static readonly AT_START: AtAssertion = (kind) => (kind === ASSERT_BEGIN_TEXT ? FOLLOW : KEEP);
  private static readonly AFTER_START: AtAssertion = (kind) => (kind === ASSERT_BEGIN_TEXT ? DROP : KEEP);
  /** Past the end only assertions can still be followed: end of text holds, begin only at 0. */
  private static readonly AT_END_FROM_START: AtAssertion = () => FOLLOW;
  private static readonly AT_END: AtAssertion = (kind) => (kind === ASSERT_END_TEXT ? FOLLOW : DROP);

  /** The instructions reachable without consuming a character, in this.list (sorted). */
  private closure(from: readonly number[], atStart: boolean): number[] {
    const list = this.list;
    list.length = 0;
    followEmpty(
      this.p,
      this.marks,
      ++this.mark,
      this.stack,
      from,
      list,
      atStart ? LazyDfa.AT_START : LazyDfa.AFTER_START,
      false,
    );
    list.sort((a, b) => a - b);
    return list;
  }

  private intern(key: string, list: readonly number[], atStart: boolean): DfaState {
    const known = this.states.get(key);
    if (known !== undefined) return known;
    if (this.states.size >= MAX_DFA_STATES) {
      this.states.clear();
      this.generation++;
    }
    const pcs = Int32Array.from(list);
    const { op, out } = this.p;
    let isMatch = false;
    const pending: number[] = [];
    for (const pc of pcs) {
      if (op[pc] === OP_MATCH) isMatch = true;
      else if (op[pc] === OP_ASSERT) pending.push(out[pc]!);
    }
    let acceptsAtEnd = isMatch;
    if (!acceptsAtEnd && pending.length > 0) {
      acceptsAtEnd = this.reachesMatchAtEnd(pending, atStart);
    }
    const state: DfaState = {
      pcs,
      isMatch,
      isDead: pcs.length === 0 && this.restart.length === 0,
      acceptsAtEnd,
      ascii: null,
      other: new Map(),
      generation: this.generation,
    };
    this.states.set(key, state);
    return state;
  }

  private reachesMatchAtEnd(from: readonly number[], atStart: boolean): boolean {
    const at = atStart ? LazyDfa.AT_END_FROM_START : LazyDfa.AT_END;
    return followEmpty(this.p, this.marks, ++this.mark, this.stack, from, null, at, true);
  }

  private step(state: DfaState, c: number): DfaState {
    const { op, out, sets } = this.p;
    const next: number[] = [];
    for (const pc of state.pcs) {
      if (op[pc] === OP_RUNE && setHas(sets[this.p.arg[pc]!]!, c)) next.push(out[pc]!);
    }
    for (const pc of this.restart) next.push(pc);
    const list = this.closure(next, false);
    const target = this.intern(list.join(','), list, false);
    if (state.generation === this.generation) {
      if (c < 128) (state.ascii ??= new Array<DfaState | undefined>(128).fill(undefined))[c] = target;
      else state.other.set(c, target);
    }
    return target;
  }

  test(subject: string): boolean {
    if (this.initial.generation !== this.generation) this.initial = this.makeInitial();
    let state = this.initial;
    const generation = this.generation;
    const n = subject.length;
    for (let i = 0; i < n; ) {
      if (state.isMatch) return true;
      if (state.isDead) return false;
      let c = subject.charCodeAt(i);
      let next: DfaState | undefined;
      if (c < 128) {
        next = state.ascii?.[c];
        i++;
      } else {
        c = subject.codePointAt(i)!;
        next = state.other.get(c);
        i += c > 0xffff ? 2 : 1;
      }
      state = next !== undefined && next.generation === generation ? next : this.step(state, c);
    }
    return state.acceptsAtEnd;
  }
}

/**
 * Pike's NFA simulation (Go's regexp/exec.go without captures), for programs with assertions
 * that depend on the characters on either side of a position.
 */
class PikeVm implements GoRegexp {
  private readonly p: Program;
  private readonly ascii: Uint8Array;
  private readonly marks: Int32Array;
  private mark = 0;
  private readonly stack: number[] = [];

  constructor(program: Program) {
    this.p = program;
    this.ascii = asciiTables(program.sets);
    this.marks = new Int32Array(program.op.length);
  }

  /** Neighbours of the position being added at (-1 at either end), read by `holds`. */
  private before = -1;
  private after = -1;
  private readonly holds: AtAssertion = (kind) => (assertionHolds(kind, this.before, this.after) ? FOLLOW : DROP);
  private readonly one = [0];

  /** Adds the closure of `pc` at a position with neighbours `before`/`after` (-1 at either end); true on MATCH. */
  private add(pc: number, list: number[], before: number, after: number): boolean {
    this.before = before;
    this.after = after;
    this.one[0] = pc;
    return followEmpty(this.p, this.marks, this.mark, this.stack, this.one, list, this.holds, true);
  }

  private has(setIndex: number, c: number): boolean {
    return c < 128 ? this.ascii[setIndex * 128 + c] === 1 : setHas(this.p.sets[setIndex]!, c);
  }

  test(subject: string): boolean {
    const { out, arg } = this.p;
    const marks = this.marks;
    let current: number[] = [];
    let next: number[] = [];
    let before = -1;
    let i = 0;
    const n = subject.length;
    for (;;) {
      const c = i < n ? subject.codePointAt(i)! : -1;
      // A thread may start at every position (unanchored search), once per instruction.
      const mark = ++this.mark;
      for (const pc of current) marks[pc] = mark;
      if (this.add(this.p.start, current, before, c)) return true;
      if (c === -1) return false;
      const width = c > 0xffff ? 2 : 1;
      const after = i + width < n ? subject.codePointAt(i + width)! : -1;
      this.mark++;
      next.length = 0;
      for (const pc of current) {
        if (this.has(arg[pc]!, c) && this.add(out[pc]!, next, c, after)) return true;
      }
      [current, next] = [next, current];
      before = c;
      i += width;
    }
  }
}

function assertionHolds(kind: number, before: number, after: number): boolean {
  switch (kind) {
    case ASSERT_BEGIN_TEXT:
      return before === -1;
    case ASSERT_END_TEXT:
      return after === -1;
    case ASSERT_BEGIN_LINE:
      return before === -1 || before === NEWLINE;
    case ASSERT_END_LINE:
      return after === -1 || after === NEWLINE;
    case ASSERT_WORD_BOUNDARY:
      return isWordRune(before) !== isWordRune(after);
    default:
      return isWordRune(before) === isWordRune(after);
  }
}
