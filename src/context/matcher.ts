// A port of moby/patternmatcher v0.6.1 (patternmatcher.go): New, the lazy glob → regexp
// compilation with its exact/prefix/suffix fast paths, and the three matching functions.
// Spec: dockerignore-semantics.md §3–§5. Unix semantics only: "/" is the separator and "\"
// escapes, as on every Linux and macOS client.
import { compileGoRegexp, GoRegexpUnsupportedError, type GoRegexp } from './go-regexp.js';
import { goClean, goTrimSpace, validateGoPattern } from './go-filepath.js';
import { encodePath, hasEscapedBytes } from '../paths.js';
import { INDEX_MIN_PATTERNS, PatternIndex } from './pattern-index.js';

/** The error Docker reports for every bad pattern (filepath.ErrBadPattern). */
export const BAD_PATTERN_MESSAGE = 'syntax error in pattern';
export const ILLEGAL_EXCLUSION_MESSAGE = 'illegal exclusion pattern: "!"';

/** Thrown where Docker's New or match fails; `index` is the position in the pattern list. */
export class PatternSyntaxError extends Error {
  readonly index: number;
  readonly pattern: string;
  readonly atMatch: boolean;

  constructor(message: string, index: number, pattern: string, atMatch: boolean) {
    super(message);
    this.name = 'PatternSyntaxError';
    this.index = index;
    this.pattern = pattern;
    this.atMatch = atMatch;
  }
}

/**
 * A pattern Docker accepts but whose regexp this port cannot evaluate exactly (a literal
 * surrogate code point after a leading ^); refused rather than answered wrongly.
 */
export class PatternUnsupportedError extends Error {
  readonly index: number;
  readonly pattern: string;

  constructor(reason: string, index: number, pattern: string) {
    super(reason);
    this.name = 'PatternUnsupportedError';
    this.index = index;
    this.pattern = pattern;
  }
}

type MatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

/** Glob text whose regexp can fail to compile: escapes, classes, RE2 repeat braces. */
const MAY_NOT_COMPILE = /[\\[{]/;

/** One compiled pattern; compilation happens on first use, as in Docker. */
export class Pattern {
  /** The pattern after New's TrimSpace + Clean, without the leading "!". */
  readonly cleaned: string;
  readonly exclusion: boolean;
  /** Position in the matcher's list (and in the ignore file's pattern list). */
  readonly index: number;
  /** strings.Split(cleaned, "/"), used only by the deprecated Matches. */
  readonly dirCount: number;
  private kind: MatchKind | null = null;
  private regexp: GoRegexp | null = null;
  private literal = '';
  private literalBytes: Buffer | null = null;

  constructor(cleaned: string, exclusion: boolean, index: number) {
    this.cleaned = cleaned;
    this.exclusion = exclusion;
    this.index = index;
    this.dirCount = cleaned.split('/').length;
  }

  /** Pattern.match: throws PatternSyntaxError when the regexp does not compile (every call, as v0.6.1). */
  match(path: string): boolean {
    if (this.kind === null) this.compile();
    switch (this.kind) {
      case 'exact':
        return path === this.cleaned;
      case 'prefix':
        if (this.literalBytes !== null) return startsWithBytes(encodePath(path), this.literalBytes);
        return path.startsWith(this.literal);
      case 'suffix':
        return this.matchSuffix(path);
      default:
        return this.regexp!.test(path);
    }
  }

  /**
   * False when the pattern's regexp fails to compile, so that matching it throws. Only text with
   * an escape, a class or a repeat brace can fail; other patterns are not compiled here.
   */
  compiles(): boolean {
    if (this.kind !== null || !MAY_NOT_COMPILE.test(this.cleaned)) return true;
    try {
      this.compile();
      return true;
    } catch (error) {
      if (error instanceof PatternSyntaxError || error instanceof PatternUnsupportedError) return false;
      throw error;
    }
  }

  private matchSuffix(path: string): boolean {
    // Go: strings.HasSuffix(path, cleaned[2:]) || (suffix[0] == '/' && path == suffix[1:]).
    if (this.literalBytes !== null) {
      const suffix = this.literalBytes;
      const bytes = encodePath(path);
      if (endsWithBytes(bytes, suffix)) return true;
      return suffix.length > 0 && suffix[0] === 0x2f && bytes.equals(suffix.subarray(1));
    }
    const suffix = this.literal;
    if (path.endsWith(suffix)) return true;
    return suffix.charCodeAt(0) === 0x2f && path === suffix.slice(1);
  }

  /**
   * Pattern.compile: scans runes with text/scanner (which drops a BOM as the very first rune and
   * yields U+FFFD for an invalid byte) and builds "^…$". The match kind starts as exact.
   */
  private compile(): void {
    const runes = scannerRunes(this.cleaned);
    let re = '^';
    let kind: MatchKind = 'exact';
    let pos = 0;
    const peek = (): string | undefined => runes[pos];
    for (let i = 0; pos < runes.length; i++) {
      const ch = runes[pos++]!;
      if (ch === '*') {
        if (peek() === '*') {
          pos++;
          // Treat "**/" as "**" so eat the "/".
          if (peek() === '/') pos++;
          if (peek() === undefined) {
            if (kind === 'exact') {
              kind = 'prefix';
            } else {
              re += '.*';
              kind = 'regexp';
            }
          } else {
            re += '(.*\\/)?';
            kind = 'regexp';
          }
          if (i === 0) kind = 'suffix';
        } else {
          re += '[^\\/]*';
          kind = 'regexp';
        }
      } else if (ch === '?') {
        re += '[^\\/]';
        kind = 'regexp';
      } else if (ch.length === 1 && '.+()$'.includes(ch)) {
        // shouldEscape's table is meant to hold `.+()|{}$`, but it is an [8]byte bitmap indexed
        // with 1<<(b/8): for '{' '|' '}' (b ≥ 64) the bit overflows the byte, so Docker leaves
        // them to the regexp engine (alternation, `{n,m}`) — checked against the oracle.
        re += '\\' + ch;
      } else if (ch === '\\') {
        if (peek() !== undefined) {
          re += '\\' + runes[pos++]!;
          kind = 'regexp';
        } else {
          re += '\\';
        }
      } else if (ch === '[' || ch === ']') {
        re += ch;
        kind = 'regexp';
      } else {
        re += ch;
      }
    }
    if (kind === 'regexp') {
      re += '$';
      // A compile failure leaves the kind unknown, so every later call fails again (v0.6.1).
      try {
        this.regexp = compileGoRegexp(re);
      } catch (error) {
        if (error instanceof GoRegexpUnsupportedError)
          throw new PatternUnsupportedError(error.message, this.index, this.cleaned);
        throw new PatternSyntaxError(BAD_PATTERN_MESSAGE, this.index, this.cleaned, true);
      }
    } else if (kind === 'prefix') {
      this.literal = this.cleaned.slice(0, -2);
      if (hasEscapedBytes(this.literal)) this.literalBytes = encodePath(this.literal);
    } else if (kind === 'suffix') {
      // Go slices two BYTES off the front. They are "**" unless the scanner skipped a leading BOM.
      if (this.cleaned.startsWith('**') && !hasEscapedBytes(this.cleaned)) {
        this.literal = this.cleaned.slice(2);
      } else {
        this.literalBytes = encodePath(this.cleaned).subarray(2);
      }
    }
    this.kind = kind;
  }
}

function startsWithBytes(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}

function endsWithBytes(bytes: Buffer, suffix: Buffer): boolean {
  return bytes.length >= suffix.length && bytes.subarray(bytes.length - suffix.length).equals(suffix);
}

/**
 * The runes text/scanner yields for a pattern: code points, each escaped (invalid) byte as
 * U+FFFD (utf8.RuneError), and a U+FEFF in first position skipped ("ignore BOM").
 */
function scannerRunes(s: string): string[] {
  const out: string[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out.push(c >= 0xdc80 && c <= 0xdcff ? '\uFFFD' : ch);
  }
  if (out[0] === '\uFEFF') out.shift();
  return out;
}

/** Result of a match with parent results: the deciding pattern and the per-pattern state to hand to children. */
export interface MatchResult {
  /** Index of the last pattern that matched (directly or through the parent), or -1. */
  decider: number;
  excluded: boolean;
}

const NONE: readonly number[] = [];

/** For per-pattern results made by matchIndexed: the positions set to 1, so children need not scan them. */
const matchedLists = new WeakMap<Uint8Array, readonly number[]>();

function positionsOfOnes(info: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < info.length; i++) if (info[i] === 1) out.push(i);
  return out;
}

/** moby/patternmatcher PatternMatcher. */
export class PatternMatcher {
  readonly patterns: Pattern[];
  /** True when any pattern is an exception ("!…"). */
  readonly hasExclusions: boolean;

  private index: PatternIndex | undefined;

  /** Input patterns New was given, empty ones included: the offset for `extend`. */
  private readonly inputs: number;

  private constructor(patterns: Pattern[], inputs: number) {
    this.patterns = patterns;
    this.inputs = inputs;
    this.hasExclusions = patterns.some((p) => p.exclusion);
  }

  /**
   * patternmatcher.New: TrimSpace, Clean, "!" handling and filepath.Match validation.
   * Throws PatternSyntaxError with Docker's message; `index` is the input position.
   */
  static create(patterns: readonly string[]): PatternMatcher {
    const out: Pattern[] = [];
    patterns.forEach((raw, inputIndex) => {
      let p = goTrimSpace(raw);
      if (p === '') return;
      p = goClean(p);
      let exclusion = false;
      if (p[0] === '!') {
        if (p.length === 1) throw new PatternSyntaxError(ILLEGAL_EXCLUSION_MESSAGE, inputIndex, raw, false);
        exclusion = true;
        p = p.slice(1);
      }
      try {
        validateGoPattern(p);
      } catch {
        throw new PatternSyntaxError(BAD_PATTERN_MESSAGE, inputIndex, raw, false);
      }
      out.push(new Pattern(p, exclusion, inputIndex));
    });
    return new PatternMatcher(out, patterns.length);
  }

  /**
   * New(patterns ++ more) without checking the first patterns again: their compiled forms are
   * shared (an ignore file of 20,000 lines is validated once, not once per view).
   */
  extend(more: readonly string[]): PatternMatcher {
    let added: PatternMatcher;
    try {
      added = PatternMatcher.create(more);
    } catch (error) {
      if (!(error instanceof PatternSyntaxError)) throw error;
      throw new PatternSyntaxError(error.message, error.index + this.inputs, error.pattern, error.atMatch);
    }
    const shifted = added.patterns.map((p) => new Pattern(p.cleaned, p.exclusion, p.index + this.inputs));
    return new PatternMatcher([...this.patterns, ...shifted], this.inputs + more.length);
  }

  /** Compiles every pattern now; throws the first PatternSyntaxError Docker would hit when it matches. */
  precompile(): void {
    for (const p of this.patterns) p.match('');
  }

  /** Number of per-pattern slots a MatchInfo needs. */
  get size(): number {
    return this.patterns.length;
  }

  /**
   * MatchesUsingParentResults, the call both Docker walkers make. `parent` is the parent
   * directory's per-pattern results (null at the context root); `out`, when given, receives this
   * path's results for its children. A pattern skipped here records false, so a pattern repeated
   * after an exception is not inherited (spec W37).
   */
  matchWithParent(path: string, parent: Uint8Array | null, out: Uint8Array | null): MatchResult {
    if (this.patterns.length >= INDEX_MIN_PATTERNS) return this.matchIndexed(path, parent, out);
    let matched = false;
    let decider = -1;
    const patterns = this.patterns;
    for (let i = 0; i < patterns.length; i++) {
      const pattern = patterns[i]!;
      let match = parent !== null && parent[i] === 1;
      if (!match) {
        if (pattern.exclusion !== matched) {
          if (out !== null) out[i] = 0;
          continue;
        }
        match = pattern.match(path);
        // Without parent results Docker checks every ancestor, ignoring their errors.
        if (!match && parent === null) match = matchesAnAncestor(pattern, path);
      }
      if (out !== null) out[i] = match ? 1 : 0;
      if (match) {
        matched = !pattern.exclusion;
        decider = i;
      }
    }
    return { decider, excluded: matched };
  }

  private patternIndex(): PatternIndex {
    this.index ??= new PatternIndex(
      this.patterns.map((p) => p.cleaned),
      (position) => !this.patterns[position]!.compiles(),
    );
    return this.index;
  }

  /**
   * matchWithParent for long pattern lists: only the patterns the index says can match the path
   * (or an ancestor, without parent results) and those matched through the parent are tried, in
   * list order. Every other pattern would answer false, which changes neither the result nor
   * the exception toggle, so the answers are the loop's.
   */
  private matchIndexed(path: string, parent: Uint8Array | null, out: Uint8Array | null): MatchResult {
    let inherited: readonly number[] = NONE;
    if (parent !== null) inherited = matchedLists.get(parent) ?? positionsOfOnes(parent);
    const candidates = this.patternIndex().candidates(path, parent === null, inherited);
    const matchedHere: number[] = [];
    let matched = false;
    let decider = -1;
    const patterns = this.patterns;
    for (const i of candidates) {
      const pattern = patterns[i]!;
      let match = parent !== null && parent[i] === 1;
      if (!match) {
        if (pattern.exclusion !== matched) continue;
        match = pattern.match(path);
        if (!match && parent === null) match = matchesAnAncestor(pattern, path);
      }
      if (match) {
        matchedHere.push(i);
        matched = !pattern.exclusion;
        decider = i;
      }
    }
    if (out !== null) {
      out.fill(0);
      for (const i of matchedHere) out[i] = 1;
      matchedLists.set(out, matchedHere);
    }
    return { decider, excluded: matched };
  }

  /** MatchesOrParentMatches: last match wins, a pattern matching any ancestor matches the path. */
  matchesOrParentMatches(path: string): MatchResult {
    return this.matchWithParent(path, null, null);
  }

  /**
   * The deprecated Matches, which docker/cli still uses to decide whether to force the
   * Dockerfile and .dockerignore into the classic context: it tests only the ancestor with as
   * many segments as the pattern has (dockerignore-semantics.md §5).
   */
  matchesDeprecated(path: string): boolean {
    const parentPath = goDir(path);
    const parentDirs = parentPath.split('/');
    let matched = false;
    // Long lists: only the patterns that can match the path or an ancestor (see matchIndexed).
    const candidates =
      this.patterns.length >= INDEX_MIN_PATTERNS ? this.patternIndex().candidates(path, true, NONE) : null;
    const count = candidates === null ? this.patterns.length : candidates.length;
    for (let k = 0; k < count; k++) {
      const pattern = this.patterns[candidates === null ? k : candidates[k]!]!;
      if (pattern.exclusion !== matched) continue;
      let match = pattern.match(path);
      if (!match && parentPath !== '.' && pattern.dirCount <= parentDirs.length) {
        match = tryMatch(pattern, parentDirs.slice(0, pattern.dirCount).join('/'));
      }
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }
}

function tryMatch(pattern: Pattern, path: string): boolean {
  try {
    return pattern.match(path);
  } catch {
    return false;
  }
}

/**
 * The ancestor check of MatchesOrParentMatches: every prefix of filepath.Dir(path), split on
 * "/" and joined back one element at a time (so "/" yields "" and "/", as in Go).
 */
function matchesAnAncestor(pattern: Pattern, path: string): boolean {
  const parentPath = goDir(path);
  if (parentPath === '.') return false;
  const dirs = parentPath.split('/');
  let prefix = '';
  for (let i = 0; i < dirs.length; i++) {
    prefix = i === 0 ? dirs[0]! : prefix + '/' + dirs[i]!;
    if (tryMatch(pattern, prefix)) return true;
  }
  return false;
}

/** filepath.Dir on Unix: everything up to the last "/", cleaned ("." when there is none). */
export function goDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return goClean(path.slice(0, slash + 1));
}

/**
 * The package-level Matches(file, patterns): New + Clean(file) + "don't let them exclude
 * everything" for ".". Throws PatternSyntaxError where Go returns an error.
 */
export function packageLevelMatches(file: string, patterns: readonly string[]): boolean {
  return packageLevelMatchesWith(file, PatternMatcher.create(patterns));
}

/** packageLevelMatches with the patterns already through New. */
export function packageLevelMatchesWith(file: string, matcher: PatternMatcher): boolean {
  const cleaned = goClean(file);
  if (cleaned === '.') return false;
  return matcher.matchesDeprecated(cleaned);
}

/**
 * fsutil's "prefix-only" test for an exception (filter.go patternWithoutTrailingGlob +
 * ContainsAny "*[]?^\"): such exceptions let the BuildKit walker skip excluded directories.
 */
export function patternWithoutTrailingGlob(cleaned: string): string {
  let p = cleaned;
  if (p.endsWith('/**')) p = p.slice(0, -3);
  if (p.endsWith('/*')) p = p.slice(0, -2);
  return p;
}

const PATTERN_CHARS = /[*[\]?^\\]/;

export function isPrefixOnly(cleaned: string): boolean {
  return !PATTERN_CHARS.test(patternWithoutTrailingGlob(cleaned));
}
