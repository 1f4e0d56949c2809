// `buildctx fix` plans: which .dockerignore lines to append so that the findings' suggested lines
// (`data.ignoreLines`) take effect, measured on the real entries with Docker's matcher. Pure:
// the caller hands in the walk, the ignore file and the findings, and writes the result.
//
// Decisions, in order, for every suggested line:
//   1. a bare name (`node_modules`) becomes `**/node_modules` when the tree has nested copies —
//      Docker anchors every pattern at the context root, so the bare name leaves them in;
//   2. a line that removes nothing more (already in the file, or already excluded) is dropped, and
//      one that removes exactly what an earlier suggestion removes is folded into it (one
//      canonical line per set of paths), and an earlier line whose paths a later line removes
//      anyway is folded into that later line;
//   3. a line that would remove a path a COPY/ADD/RUN --mount source names is refused, and one
//      that removes a path such a source copies unless the finding is about it (advice-guard.ts);
//   4. a line that would undo an existing `!` exception is followed by literal exceptions for
//      exactly the files that exception keeps, or refused when that takes too many lines.
// Existing lines are never changed or reordered: the lines go into one commented block at the end.
import { BuildctxError } from '../errors.js';
import { adviceConflict, type ProtectedPaths } from './advice-guard.js';
import type { ContextEntry, Finding, IgnorePattern } from '../types.js';
import { goTrimSpace } from '../context/go-filepath.js';
import { parseIgnoreFile } from '../context/ignore-file.js';
import { escapeIgnorePath, isBareName } from '../context/ignore-lines.js';
import { PatternMatcher } from '../context/matcher.js';
import { encodePath, parentOf } from '../paths.js';
import { createIgnoreSimulator, keptByException } from '../context/simulate-ignore.js';

/** Literal exceptions written after one line to keep what an existing exception re-includes. */
export const MAX_RESTATED_EXCEPTIONS = 20;

export interface FindingRef {
  check: string;
  path: string;
  fingerprint: string;
}

export interface PlannedLine {
  /** The line written to the file. */
  line: string;
  /** The line the findings suggested (differs when it was made nested-aware). */
  suggested: string;
  findings: FindingRef[];
  /** What this line removes on top of the lines before it. */
  files: number;
  bytes: number;
  /** For a bare name made nested-aware: what the bare name would have left in the context. */
  nested: { files: number; bytes: number; example: string } | null;
  /** For a bare name kept bare although the tree has nested copies: why (the wide form would remove a copied path). */
  notWidened: string | null;
  /** Literal `!` lines written right after it, and the existing exception they keep in force. */
  restated: { lines: string[]; exception: IgnorePattern } | null;
}

export type SkipReason = 'invalid' | 'no-effect' | 'copied' | 'undoes-exception' | 'arrives-empty';

export interface SkippedLine {
  line: string;
  findings: FindingRef[];
  reason: SkipReason;
  /** One sentence for people. */
  detail: string;
  /** For `copied`: the path and the source that copies it (or ENTRYPOINT/CMD/RUN and its line, for a file it runs or reads). */
  copied?: { path: string; source: string; line: number };
}

export interface FixPlanInput {
  /** What is sent, in walk order. */
  entries: readonly ContextEntry[];
  /** The ignore file's patterns as Docker reads them ([] when there is no file). */
  patterns: readonly IgnorePattern[];
  /** The findings to fix, in report order. */
  findings: readonly Finding[];
  /** What the Dockerfile names and copies (facts/advice-guard.ts): never removed by a line. */
  protected: ProtectedPaths;
}

export interface FixPlan {
  lines: PlannedLine[];
  skipped: SkippedLine[];
  /** Findings that suggest no ignore line. */
  withoutLines: Finding[];
}

function refOf(f: Finding): FindingRef {
  return { check: f.check, path: f.path, fingerprint: f.fingerprint };
}

/**
 * Paths a finding says may leave the context even though a COPY copies them
 * (`data.removablePaths`): the volatile files or host environments inside a copied directory
 * are what the finding is about, so keeping them out is the fix, not a broken COPY.
 */
function removablePathsOf(f: Finding): string[] {
  const paths = f.data.removablePaths;
  return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string' && p !== '') : [];
}

function ignoreLinesOf(f: Finding): string[] {
  const lines = f.data.ignoreLines;
  return Array.isArray(lines) ? lines.filter((l): l is string => typeof l === 'string' && goTrimSpace(l) !== '') : [];
}

/** Why `line` cannot be an exclusion line of its own, or null when it can. */
function invalidReason(line: string): string | null {
  if (line.includes('\n') || line.includes('\r')) return 'spans several lines';
  const parsed = parseIgnoreFile(encodePath(line + '\n'));
  if (parsed.length !== 1) return 'is a comment or blank';
  const pattern = parsed[0]!.pattern;
  if (pattern.startsWith('!')) return 'is an exception, not an exclusion';
  try {
    PatternMatcher.create([pattern]).precompile();
  } catch (error) {
    return `is not a valid pattern (${(error as Error).message})`;
  }
  return null;
}

/** An exception line that re-includes exactly `path`. */
function literalException(path: string): string {
  return '!' + escapeIgnorePath(path);
}

interface Effect {
  /** Entries removed on top of the lines already planned, in walk order. */
  added: ContextEntry[];
  /** Every entry the lines remove: the simulator gives the walk's own entries, one object per path. */
  removed: Set<ContextEntry>;
  arrivesEmpty: string[];
}

/** The two lists hold the same paths in the same order. */
function samePaths(a: readonly ContextEntry[], b: readonly ContextEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.path !== b[i]!.path) return false;
  return true;
}

export function planFix(input: FixPlanInput): FixPlan {
  const { entries, patterns } = input;
  const kept = keptByException(entries, patterns);
  const simulate = createIgnoreSimulator(entries, patterns);
  const emptyBefore = new Set(simulate([]).arrivesEmpty);

  // Suggested lines in report order, each with every finding that suggests it.
  const suggestions = new Map<string, FindingRef[]>();
  const withoutLines: Finding[] = [];
  const removableByPrint = new Map<string, string[]>();
  for (const f of input.findings) {
    removableByPrint.set(f.fingerprint, [...(removableByPrint.get(f.fingerprint) ?? []), ...removablePathsOf(f)]);
    const lines = ignoreLinesOf(f);
    if (lines.length === 0) withoutLines.push(f);
    for (const line of lines) {
      const key = goTrimSpace(line);
      const refs = suggestions.get(key);
      if (refs === undefined) suggestions.set(key, [refOf(f)]);
      else if (!refs.some((r) => r.fingerprint === f.fingerprint)) refs.push(refOf(f));
    }
  }

  // One canonical line per set of paths: a suggestion that removes exactly what an earlier one
  // removes (`/.env` from secret-file, `**/.env` from the .gitignore) is the same advice; its
  // findings go to the first, in report order, and it is not listed again.
  // Removals are in walk order: the count and the first and last paths pick the earlier lines to
  // compare path by path (a key of every path joined was a string of megabytes per line).
  const byEffect = new Map<string, { line: string; removed: readonly ContextEntry[] }[]>();
  for (const [line, refs] of [...suggestions]) {
    if (invalidReason(line) !== null) continue;
    const removed = simulate([line]).removed;
    if (removed.length === 0) continue;
    const key = `${removed.length}\0${removed[0]!.path}\0${removed[removed.length - 1]!.path}`;
    const candidates = byEffect.get(key);
    const first = candidates?.find((c) => samePaths(c.removed, removed))?.line;
    if (first === undefined) {
      if (candidates === undefined) byEffect.set(key, [{ line, removed }]);
      else candidates.push({ line, removed });
      continue;
    }
    const kept = suggestions.get(first)!;
    for (const ref of refs) if (!kept.some((r) => r.fingerprint === ref.fingerprint)) kept.push(ref);
    suggestions.delete(line);
  }

  const written: string[] = [];
  let removed = new Set<ContextEntry>();
  const effectOf = (lines: readonly string[]): Effect => {
    const sim = simulate([...written, ...lines]);
    return {
      added: sim.removed.filter((e) => !removed.has(e)),
      removed: new Set(sim.removed),
      arrivesEmpty: sim.arrivesEmpty,
    };
  };
  const planned: PlannedLine[] = [];
  const skipped: SkippedLine[] = [];
  /** What each planned line removes on top of the lines before it. */
  const addedBy = new Map<PlannedLine, Set<ContextEntry>>();
  /** The first planned line that removes some of what `line` removes on its own, when the planned lines remove all of it. */
  const coveringLine = (line: string): PlannedLine | undefined => {
    const own = simulate([line]).removed;
    if (own.length === 0 || own.some((e) => !removed.has(e))) return undefined;
    return planned.find((p) => own.some((e) => addedBy.get(p)!.has(e)));
  };

  /** Every check for one form of a line: the accepted line with its effect, or why not. */
  const evaluate = (
    line: string,
    findings: FindingRef[],
  ): { accepted: Omit<PlannedLine, 'suggested' | 'nested' | 'notWidened'>; effect: Effect } | SkippedLine => {
    let effect = effectOf([line]);
    if (effect.added.length === 0) {
      const present = patterns.some((p) => goTrimSpace(p.text) === line);
      return {
        line,
        findings,
        reason: 'no-effect',
        detail: present ? 'already in the ignore file' : 'removes nothing that is still sent',
      };
    }
    const removable = findings.flatMap((ref) => removableByPrint.get(ref.fingerprint) ?? []);
    const conflict = adviceConflict(input.protected, effect.added, removable);
    if (conflict !== null) {
      return {
        line,
        findings,
        reason: 'copied',
        detail: conflict.detail,
        copied: { path: conflict.path, ...conflict.by },
      };
    }
    const undone = effect.added.filter((e) => kept.has(e.path));
    let restated: PlannedLine['restated'] = null;
    if (undone.length > 0) {
      const restoring = restateExceptions(undone, kept);
      if (typeof restoring === 'string') return { line, findings, reason: 'undoes-exception', detail: restoring };
      restated = restoring;
      effect = effectOf([line, ...restoring.lines]);
      const exception = describeException(restoring.exception);
      // The literal exceptions did not bring everything back (e.g. a later line of the file excludes it again).
      if (effect.added.some((e) => kept.has(e.path)))
        return {
          line,
          findings,
          reason: 'undoes-exception',
          detail: `would undo ${exception} and literal exceptions cannot restore it`,
        };
      if (!effect.added.some((e) => e.type !== 'dir'))
        return { line, findings, reason: 'undoes-exception', detail: `would only remove what ${exception} keeps` };
    }
    const newlyEmpty = effect.arrivesEmpty.find((p) => !emptyBefore.has(p));
    if (newlyEmpty !== undefined) {
      return {
        line,
        findings,
        reason: 'arrives-empty',
        detail: `after an exception it would make BuildKit send ${newlyEmpty} but refuse to read it (the file arrives empty)`,
      };
    }
    const files = effect.added.filter((e) => e.type !== 'dir');
    return {
      accepted: { line, findings, files: files.length, bytes: files.reduce((n, e) => n + e.size, 0), restated },
      effect,
    };
  };

  for (const [suggested, findings] of suggestions) {
    const invalid = invalidReason(suggested);
    if (invalid !== null) {
      skipped.push({ line: suggested, findings, reason: 'invalid', detail: `the suggested line ${invalid}` });
      continue;
    }
    let result = evaluate(suggested, findings);
    let nested: PlannedLine['nested'] = null;
    let notWidened: string | null = null;
    if (isBareName(suggested)) {
      // Docker anchors the bare name at the root; nested copies need the `**/` form.
      const bare = effectOf([suggested]);
      const wideLine = '**/' + suggested;
      const wideEffect = effectOf([wideLine]);
      const left = wideEffect.added.filter((e) => !bare.removed.has(e));
      if (left.length > 0) {
        const wide = evaluate(wideLine, findings);
        if ('accepted' in wide) {
          const files = left.filter((e) => e.type !== 'dir');
          nested = { files: files.length, bytes: files.reduce((n, e) => n + e.size, 0), example: left[0]!.path };
          result = wide;
        } else {
          notWidened = `${wideLine} ${wide.detail}`;
        }
      }
    }
    if (!('accepted' in result)) {
      // Everything it would remove is removed by a line planned before it: the same advice, said once.
      const covering = result.reason === 'no-effect' ? coveringLine(suggested) : undefined;
      if (covering !== undefined) {
        for (const ref of findings)
          if (!covering.findings.some((r) => r.fingerprint === ref.fingerprint)) covering.findings.push(ref);
        continue;
      }
      skipped.push(result);
      continue;
    }
    const line: PlannedLine = { ...result.accepted, suggested, nested, notWidened };
    planned.push(line);
    addedBy.set(line, new Set(result.effect.added));
    written.push(result.accepted.line, ...(result.accepted.restated?.lines ?? []));
    removed = result.effect.removed;
  }

  return { lines: foldSubsumed(planned, simulate), skipped, withoutLines };
}

/**
 * An earlier line whose paths a later line removes anyway (`target/release/app` before the
 * `target` directory at any depth) is the same advice said twice: its findings and counts go to the later line, and it is not
 * written. The later line matches every path the earlier one does, and every planned line
 * excludes, so the written block excludes the same paths either way; restated exceptions are never
 * folded, so every `!` line keeps its place after the line it restores from.
 */
function foldSubsumed(planned: PlannedLine[], simulate: ReturnType<typeof createIgnoreSimulator>): PlannedLine[] {
  if (planned.length < 2) return planned;
  const own = planned.map((p) => new Set(simulate([p.line]).removed));
  const folded = new Set<number>();
  for (let i = 0; i < planned.length; i++) {
    const early = planned[i]!;
    if (early.restated !== null) continue;
    for (let j = planned.length - 1; j > i; j--) {
      const late = planned[j]!;
      if (late.restated !== null || own[i]!.size > own[j]!.size) continue;
      if (![...own[i]!].every((e) => own[j]!.has(e))) continue;
      // Report order: the earlier line's findings first.
      const later = late.findings.filter((r) => !early.findings.some((e) => e.fingerprint === r.fingerprint));
      late.findings.splice(0, late.findings.length, ...early.findings, ...later);
      late.files += early.files;
      late.bytes += early.bytes;
      folded.add(i);
      break;
    }
  }
  return planned.filter((_, i) => !folded.has(i));
}

function describeException(p: IgnorePattern): string {
  return `the exception on line ${p.line} (${p.text.trim()})`;
}

/**
 * Literal exceptions for the files a line would take back from an existing exception. Only
 * files: a literal exception for a directory would also re-include what later lines of the file
 * exclude below it. A directory the exception keeps with no file below cannot be restated.
 */
function restateExceptions(
  undone: readonly ContextEntry[],
  kept: ReadonlyMap<string, IgnorePattern>,
): { lines: string[]; exception: IgnorePattern } | string {
  const files = undone.filter((e) => e.type !== 'dir');
  const first = kept.get(undone[0]!.path)!;
  const hasFileBelow = new Set<string>();
  for (const f of files) for (let p = parentOf(f.path); p !== ''; p = parentOf(p)) hasFileBelow.add(p);
  const emptyDir = undone.find((e) => e.type === 'dir' && !hasFileBelow.has(e.path));
  if (emptyDir !== undefined)
    return `would undo ${describeException(kept.get(emptyDir.path)!)} for the directory ${emptyDir.path}/`;
  if (files.length > MAX_RESTATED_EXCEPTIONS) {
    return `would undo ${describeException(first)} for ${files.length} files (more than ${MAX_RESTATED_EXCEPTIONS} to restate one by one)`;
  }
  return { lines: files.map((f) => literalException(f.path)), exception: first };
}

/** The first line of the appended block. */
const BLOCK_HEADER = '# Added by buildctx fix';

function commentFor(p: PlannedLine): string {
  return '# ' + p.findings.map((f) => `${f.check} (${f.path})`).join(', ');
}

/** The lines of the block appended to the ignore file, comments included. */
export function blockLines(plan: FixPlan): string[] {
  if (plan.lines.length === 0) return [];
  const checks = [...new Set(plan.lines.flatMap((p) => p.findings.map((f) => f.check)))].sort();
  const out = [`${BLOCK_HEADER}: ${checks.join(', ')}`];
  let previous = '';
  for (const p of plan.lines) {
    // One comment for a run of lines that resolve the same findings.
    const comment = commentFor(p);
    if (comment !== previous) out.push(comment);
    previous = p.restated !== null ? '' : comment;
    out.push(p.line);
    if (p.restated !== null) {
      out.push(`# keeps ${describeException(p.restated.exception)} in force`, ...p.restated.lines);
    }
  }
  return out;
}

/**
 * The ignore file with the block appended: the existing bytes untouched, a line break added
 * when the file does not end with one, the file's own line ending (CRLF when it uses it), and an
 * empty line before the block.
 */
export function appendBlock(existing: Uint8Array | null, lines: readonly string[]): Uint8Array {
  if (lines.length === 0) return existing ?? new Uint8Array(0);
  const old = Buffer.from(existing ?? new Uint8Array(0));
  const eol = old.includes('\r\n') ? '\r\n' : '\n';
  const parts: Buffer[] = [old];
  if (old.length > 0 && old[old.length - 1] !== 0x0a) parts.push(Buffer.from(eol));
  if (old.length > 0) parts.push(Buffer.from(eol));
  for (const line of lines) parts.push(encodePath(line), Buffer.from(eol));
  const out = Buffer.concat(parts);
  // The block must read back as exactly the planned patterns.
  const before = existing === null ? 0 : parseIgnoreFile(existing).length;
  const after = parseIgnoreFile(out).length;
  const expected = lines.filter((l) => !l.startsWith('#')).length;
  if (after - before !== expected)
    throw new BuildctxError(
      'io',
      `the ignore file would not read back as planned (${after - before} patterns, expected ${expected})`,
    );
  return out;
}
