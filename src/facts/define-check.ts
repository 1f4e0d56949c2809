// A check: metadata, the files it needs read, and a pure generator over the model. Checks never
// touch the file system, the process or the clock; analyze.ts reads what `wants` asks for.
import type { CheckMeta, ContextEntry, ExcludedEntry, FindingDraft } from '../types.js';
import type { CheckModel } from './check-model.js';

/** What a check needs of a sent entry before it runs. */
export type Want = 'text' | 'sniff';

/** A check whose id is `Id` and whose findings carry data of type `D`. */
export interface Check<Id extends string = string, D extends object = Record<string, unknown>> {
  meta: CheckMeta & { id: Id };
  /**
   * Called for every sent entry, with its base name (the last path component, worked out once for
   * all the checks); 'text' reads a small text file whole, 'sniff' identifies a binary.
   */
  wants?(entry: ContextEntry, name: string): Want | null;
  /**
   * Called for every file the ignore file keeps out that the walk lists on its own (an excluded
   * directory the walker never enters stands for its files and is not offered). Only 'text' is
   * honoured: what Docker does not send is never identified as a binary.
   */
  wantsExcluded?(entry: ExcludedEntry): 'text' | null;
  /** Context-relative paths read as text when they are regular files, sent or not (e.g. `.git/info/exclude`). */
  wantsPaths?: readonly string[];
  /** Find the git repository of the context (at its root or above): its index and outer rule files (`model.git`). */
  wantsGitIndex?: boolean;
  run(model: CheckModel): Iterable<FindingDraft<D>>;
}

/** Declares a check; its id and data type are inferred from `meta.id` and what `run` yields. */
export function defineCheck<const Id extends string, D extends object>(check: Check<Id, D>): Check<Id, D> {
  return check;
}

/** The data type of a check's findings. */
export type DataOf<C> = C extends Check<string, infer D> ? D : never;
