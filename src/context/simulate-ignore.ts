// What extra ignore lines would keep out, computed on the sent entries with Docker's matcher and
// the walk's parent-result chain — how a suggested fix is checked before it is suggested.
import type { IgnorePattern, ContextEntry } from '../types.js';
import { parseIgnoreFile } from './ignore-file.js';
import { PatternMatcher } from './matcher.js';

export interface SimulationResult {
  removed: ContextEntry[];
  files: number;
  bytes: number;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/**
 * Entries (in walk order, parents before children, as the walk emits them) that `current`
 * patterns plus `extraLines` would exclude. Throws PatternSyntaxError for an invalid line.
 */
export function simulateIgnoreLines(entries: readonly ContextEntry[], current: readonly IgnorePattern[], extraLines: readonly string[]): SimulationResult {
  const added = parseIgnoreFile(Buffer.from(extraLines.join('\n') + '\n')).map((p) => p.pattern);
  const matcher = PatternMatcher.create([...current.map((p) => p.pattern), ...added]);
  const infos = new Map<string, Uint8Array>();
  const removed: ContextEntry[] = [];
  let files = 0;
  let bytes = 0;
  for (const entry of entries) {
    const parent = parentOf(entry.path);
    const out = entry.type === 'dir' ? new Uint8Array(matcher.size) : null;
    const r = matcher.matchWithParent(entry.path, parent === '' ? null : (infos.get(parent) ?? null), out);
    if (out !== null) infos.set(entry.path, out);
    if (!r.excluded) continue;
    removed.push(entry);
    if (entry.type !== 'dir') {
      files++;
      bytes += entry.size;
    }
  }
  return { removed, files, bytes };
}
