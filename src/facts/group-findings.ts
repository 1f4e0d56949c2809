// Grouping for findings about many files: one finding per environment (or, outside any, per
// directory) with a count and a few examples, not one line per file.
import type { CheckModel } from './check-model.js';
import { ENVIRONMENT_NAMES, type Environment } from './environments.js';
import { parentOf } from '../paths.js';
import {
  dependencyInstallFix,
  directoryIgnoreCandidates,
  fileIgnoreCandidates,
  verifiedIgnoreLines,
} from './suggest-fix.js';

/** Example paths a grouped finding lists. */
export const MAX_EXAMPLES = 5;

/** Groups items by key; groups sorted by key, items kept in their order. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [item]);
    else list.push(item);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export { plural } from '../units.js';

/** `in this Python virtual environment` or `in tools/`: the finding's path already names the place. */
export function describeWhere(env: Environment | null, dir: string): string {
  if (env !== null) return `in this ${ENVIRONMENT_NAMES[env.kind]}`;
  return dir === '' ? 'at the context root' : `in ${dir}/`;
}

/** Group key: the environment's root, else the file's directory. */
export function homeOf(env: Environment | null, path: string): string {
  return env?.path ?? parentOf(path);
}

export interface GroupFix {
  ignoreLines: string[];
  dockerfileFix: string | null;
  /** What the fix keeps out even inside a copied directory (see plan-fix: data.removablePaths). */
  removablePaths: string[];
}

/**
 * The fix for a group of files: inside an environment, leave the environment out and install it
 * in the image; outside, leave the files (or their directory) out. Lines are verified.
 */
export function fixForGroup(
  model: CheckModel,
  env: Environment | null,
  paths: readonly string[],
  looseFix: string | null,
): GroupFix {
  if (env !== null) {
    return {
      ignoreLines: verifiedIgnoreLines(model, directoryIgnoreCandidates(env.path), paths),
      dockerfileFix: dependencyInstallFix(model, env),
      removablePaths: [env.path],
    };
  }
  return {
    ignoreLines: verifiedIgnoreLines(model, fileIgnoreCandidates(paths), paths),
    dockerfileFix: looseFix,
    removablePaths: [...paths],
  };
}

/** The examples of a group: sorted, at most MAX_EXAMPLES. */
export function examplesOf(paths: readonly string[]): string[] {
  return [...paths].sort().slice(0, MAX_EXAMPLES);
}

/** `linux/amd64 (glibc 2.36)` */
export function describeTarget(model: CheckModel): string {
  const t = model.target;
  const platform =
    t.platform.variant !== undefined ? `linux/${t.platform.arch}/${t.platform.variant}` : `linux/${t.platform.arch}`;
  return `${platform} ${t.libc}${t.glibcVersion !== null && t.libc === 'glibc' ? ` ${t.glibcVersion}` : ''}`;
}
