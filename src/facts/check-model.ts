// What checks read: the walked context and the facts gathered about it. Plain data plus pure
// helpers; building it is analyze.ts's job.
import type { ComposeMount } from '../compose/mounts.js';
import type { UnreadableDir } from '../context/walk.js';
import type { DockerfileModel } from '../dockerfile/model.js';
import type { TargetInfo } from '../dockerfile/target.js';
import type { Sniffed } from '../sniff/sniffed.js';
import type { ContextEntry, ExcludedEntry, IgnoreFile, SuppressionDirective } from '../types.js';
import type { GitIndex } from '../context/git-index.js';

/** The effect of appending ignore lines, measured on the sent entries with Docker's matcher. */
export interface IgnoreSimulation {
  /** Sent entries that the lines would keep out, in walk order. */
  removed: ContextEntry[];
  files: number;
  bytes: number;
  /** Files still sent whose content BuildKit would refuse to read (they arrive empty; see simulate-ignore.ts). */
  arrivesEmpty: string[];
}

/** A sent regular file that cannot be opened for reading. */
export interface UnreadableFile {
  path: string;
  /** errno name: EACCES, EPERM, EIO. */
  code: string;
}

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
  /** Sent regular files that could not be opened for reading (permission denied, I/O error). */
  unreadableFiles: readonly UnreadableFile[];
  /** The parsed Dockerfile, or null when there is none. */
  dockerfileModel: DockerfileModel | null;
  /** The `# buildctx-ignore` comments of the Dockerfile and the ignore file (facts/suppressions.ts). */
  suppressions: readonly SuppressionDirective[];
  /**
   * What BuildKit requests for the target stage's COPY/ADD/RUN --mount sources (FollowPaths), in
   * walk order; null when the whole context is requested (a `COPY . .`) or there is no Dockerfile.
   */
  referenced: readonly ContextEntry[] | null;
  target: TargetInfo;
  /** Identified files (every file a check asked to sniff, or every file with --deep). */
  sniffed: ReadonlyMap<string, Sniffed>;
  /**
   * Small text files checks asked for (UTF-8, at most MAX_TEXT_BYTES each): sent files
   * (`wants`), excluded files (`wantsExcluded`) and fixed paths (`wantsPaths`), by path.
   */
  texts: ReadonlyMap<string, string>;
  /** git's index at the context root (which paths git tracks), when a check asked and it was readable. */
  gitIndex: GitIndex | null;
  /** True when --deep asked to sniff every file. */
  deep: boolean;
  /** What appending `lines` to the ignore file would keep out. Pure; throws on an invalid line. */
  simulateIgnore(lines: readonly string[]): IgnoreSimulation;
  /** The Compose service's mounts when the build is a Compose service's (absolute host sources); else absent. */
  mounts?: readonly ComposeMount[];
}
