// Finds .dockerignore lines that keep a set of sent files out and nothing else: the lines a check
// suggests in `data.ignoreLines`. Preferred patterns are tried first and taken only when the
// simulation on the real entries shows they remove some of the files and nothing that must stay;
// whatever is left is named by literal paths: the given roots, or below them where a root holds
// something that must stay. Never a path above a root: a line for a directory that only happens
// to hold targets today would also keep out what is added to it tomorrow.
import type { ContextEntry } from '../types.js';
import { literalIgnoreLine } from './ignore-lines.js';
import { compareBytes, parentOf } from '../paths.js';
import type { SimulationResult } from './simulate-ignore.js';

export interface CoverOptions {
  /** What is sent, in walk order (parents before children). */
  entries: readonly ContextEntry[];
  /** Non-directory entries to keep out. */
  targets: ReadonlySet<string>;
  /** Paths (files or directories) no line may remove. */
  keep: ReadonlySet<string>;
  /** Patterns to try first, in order. */
  candidates: readonly string[];
  /** Paths (a directory or a target file) to name literally when the candidates leave targets below them. */
  roots: readonly string[];
  /** What appending lines to the ignore file removes (CheckModel.simulateIgnore). */
  simulate(lines: readonly string[]): SimulationResult;
  /** At most this many lines; targets beyond them stay uncovered. */
  maxLines: number;
}

export interface Coverage {
  lines: string[];
  /** Targets no line removes (names no line can express, or over the line limit). */
  uncovered: string[];
}

/**
 * The removed entries are all targets or directories, none is kept, and no file still sent
 * would arrive empty that does not already.
 */
function isSafe(
  sim: SimulationResult,
  targets: ReadonlySet<string>,
  keep: ReadonlySet<string>,
  emptyBefore: ReadonlySet<string>,
): boolean {
  return (
    sim.removed.every((e) => !keep.has(e.path) && (e.type === 'dir' || targets.has(e.path))) &&
    sim.arrivesEmpty.every((p) => emptyBefore.has(p))
  );
}

function trySimulate(simulate: CoverOptions['simulate'], lines: readonly string[]): SimulationResult | null {
  try {
    return simulate(lines);
  } catch {
    return null; // an invalid pattern is no candidate
  }
}

export function coverWithIgnoreLines(options: CoverOptions): Coverage {
  const { entries, targets, keep, simulate } = options;
  const lines: string[] = [];
  let covered = new Set<string>();
  const emptyBefore = new Set(trySimulate(simulate, [])?.arrivesEmpty ?? []);
  for (const candidate of options.candidates) {
    if (lines.length >= options.maxLines) break;
    const sim = trySimulate(simulate, [...lines, candidate]);
    if (sim === null || !isSafe(sim, targets, keep, emptyBefore)) continue;
    const files = sim.removed.filter((e) => e.type !== 'dir').map((e) => e.path);
    if (files.length === covered.size) continue;
    lines.push(candidate);
    covered = new Set(files);
  }

  // Per path: targets still to cover, and entries that must stay, at or below it.
  const pending = new Map<string, number>();
  const blocked = new Map<string, number>();
  const children = new Map<string, ContextEntry[]>();
  const bump = (counts: Map<string, number>, path: string): void => {
    for (let p = path; ; p = parentOf(p)) {
      counts.set(p, (counts.get(p) ?? 0) + 1);
      if (p === '') break;
    }
  };
  for (const e of entries) {
    const parent = parentOf(e.path);
    const list = children.get(parent);
    if (list === undefined) children.set(parent, [e]);
    else list.push(e);
    if (keep.has(e.path) || (e.type !== 'dir' && !targets.has(e.path))) bump(blocked, e.path);
    else if (e.type !== 'dir' && !covered.has(e.path)) bump(pending, e.path);
  }
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const cover = (entry: ContextEntry): void => {
    if (lines.length >= options.maxLines || (pending.get(entry.path) ?? 0) === 0) return;
    const line = (blocked.get(entry.path) ?? 0) === 0 ? literalIgnoreLine(entry.path) : null;
    if (line !== null) lines.push(line);
    else if (entry.type === 'dir') for (const child of children.get(entry.path) ?? []) cover(child);
  };
  for (const root of options.roots) {
    const entry = byPath.get(root);
    if (entry !== undefined) cover(entry);
  }

  if (lines.length === 0) return { lines, uncovered: [...targets].sort(compareBytes) };
  // The whole set once more, as Docker will read it.
  const final = trySimulate(simulate, lines);
  if (final === null || !isSafe(final, targets, keep, emptyBefore))
    return { lines: [], uncovered: [...targets].sort(compareBytes) };
  const removed = new Set(final.removed.map((e) => e.path));
  return { lines, uncovered: [...targets].filter((t) => !removed.has(t)).sort(compareBytes) };
}
