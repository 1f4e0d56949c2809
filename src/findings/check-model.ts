// What checks read: the walked context and the facts gathered about it. Plain data plus a few
// pure helpers; building it is analyze.ts's job.
import type { UnreadableDir } from '../context/walk.js';
import type { ContextEntry, ExcludedEntry, IgnoreFile } from '../types.js';

export interface CheckModel {
  /** Absolute path of the context directory (for messages only; checks never read it). */
  root: string;
  /** What BuildKit sends, in walk order. */
  entries: readonly ContextEntry[];
  entryByPath: ReadonlyMap<string, ContextEntry>;
  /** Excluded roots (an excluded directory stands for everything below it). */
  excluded: readonly ExcludedEntry[];
  ignore: IgnoreFile | null;
  /** The Dockerfile: display path (context-relative when inside) and whether it exists. */
  dockerfile: { path: string | null; exists: boolean };
  /** Directories that could not be read. */
  unreadable: readonly UnreadableDir[];
}
