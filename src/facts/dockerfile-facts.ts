// What the Dockerfile checks share: the stages BuildKit builds for the target, the stages whose
// layers end up in the image, what each context source takes from the eligible context, and
// what a RUN executes. Pure functions of the CheckModel; the selection is computed once per model.
import {
  contextSources,
  selectEachSource,
  type ContextSource,
  type SelectedSources,
} from '../dockerfile/context-refs.js';
import type { DockerfileModel, Instruction, Stage } from '../dockerfile/model.js';
import { runCommands, type SimpleCommand } from '../dockerfile/shell-commands.js';
import { reachableStages } from '../dockerfile/stage-graph.js';
import type { CheckModel } from './check-model.js';

/** One COPY/ADD source or RUN --mount of a reachable stage and what it takes from the eligible context. */
export interface SourceUse {
  source: ContextSource;
  selected: SelectedSources;
}

const usesByModel = new WeakMap<CheckModel, readonly SourceUse[]>();

/** Every context source of the stages the target needs, with its selection over the sent entries; [] without a Dockerfile. */
export function sourceUses(model: CheckModel): readonly SourceUse[] {
  const known = usesByModel.get(model);
  if (known !== undefined) return known;
  const dm = model.dockerfileModel;
  let uses: SourceUse[] = [];
  if (dm !== null) {
    const sources = contextSources(dm);
    const selected = selectEachSource(sources, model.entries);
    uses = sources.map((source, i) => ({ source, selected: selected[i]! }));
  }
  usesByModel.set(model, uses);
  return uses;
}

/** Context paths that some COPY/ADD puts into an image (`mounts`: RUN --mount reads too). */
export function takenPaths(model: CheckModel, mounts: boolean): Set<string> {
  const out = new Set<string>();
  for (const use of sourceUses(model)) {
    if (use.source.kind === 'mount' && !mounts) continue;
    for (const p of use.selected.matched) out.add(p);
  }
  return out;
}

/** Where Dockerfile findings point: its display path (context-relative when inside). */
export function dockerfilePath(model: CheckModel): string {
  return model.dockerfile.path ?? 'Dockerfile';
}

export function stageLabel(stage: Stage): string {
  return stage.name ?? `stage-${stage.index}`;
}

/** The stages BuildKit builds for the target, in order. */
export function builtStages(dm: DockerfileModel): Stage[] {
  return reachableStages(dm).map((i) => dm.stages[i]!);
}

/** The stage and the stages it is built FROM, base first. */
export function stageAncestry(dm: DockerfileModel, index: number): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  let current: number | null = index;
  while (current !== null && !seen.has(current)) {
    seen.add(current);
    const stage: Stage | undefined = dm.stages[current];
    if (stage === undefined) break;
    chain.unshift(stage);
    current = stage.baseStage;
  }
  return chain;
}

/** The stages whose layers are the image: the target and the stages it is built FROM. */
export function imageStages(dm: DockerfileModel): Stage[] {
  return dm.target === null ? [] : stageAncestry(dm, dm.target);
}

/** A stage's instructions as BuildKit runs them: ONBUILD triggers of its base first. */
export function stageInstructions(stage: Stage): Instruction[] {
  return [...stage.triggers, ...stage.instructions];
}

/** Instructions that run before `instr` in its stage, the stages it is built FROM included (all of them without `instr`). */
export function instructionsBefore(dm: DockerfileModel, stage: Stage, instr?: Instruction): Instruction[] {
  const out: Instruction[] = [];
  for (const s of stageAncestry(dm, stage.index)) {
    for (const i of stageInstructions(s)) {
      if (i === instr) return out;
      out.push(i);
    }
  }
  return out;
}

const commandsByInstr = new WeakMap<Instruction, SimpleCommand[]>();

/** The simple commands a RUN executes (heredoc scripts included). */
export function commandsOf(instr: Instruction): SimpleCommand[] {
  let known = commandsByInstr.get(instr);
  if (known === undefined) {
    known = runCommands(instr);
    commandsByInstr.set(instr, known);
  }
  return known;
}

/** Mount points of the RUN's cache mounts. */
export function cacheMountTargets(instr: Instruction): string[] {
  return (instr.run?.mounts ?? []).filter((m) => m.type === 'cache' && m.targetPath !== null).map((m) => m.targetPath!);
}

/** The program name without its directory: /usr/bin/pip3 → pip3. */
export function programOf(cmd: SimpleCommand): string {
  const p = cmd.words[0] ?? '';
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Arguments that are not options. */
export function operands(words: readonly string[]): string[] {
  return words.filter((w) => !w.startsWith('-'));
}

/** True when the RUN removes `dir` or something that contains it (`rm -rf /var/lib/apt/lists/*`). */
export function removesPath(commands: readonly SimpleCommand[], dir: string): boolean {
  return commands.some((c) => {
    if (programOf(c) !== 'rm') return false;
    return operands(c.words.slice(1)).some((arg) => {
      const cleaned = arg.replace(/\/\*$/, '').replace(/\/+$/, '');
      return cleaned !== '' && (dir === cleaned || dir.startsWith(cleaned + '/'));
    });
  });
}

/** An ignore-file line that names exactly this context path, or null when the name needs escaping. */
export function ignoreLineFor(path: string): string | null {
  if (/[*?[\\\s]/.test(path) || path.startsWith('!') || path.startsWith('#') || /[\udc80-\udcff]/.test(path))
    return null;
  // A root-level name is anchored with "/", as every suggestion spells an exact path (suggest-fix.ts).
  return path.includes('/') ? path : '/' + path;
}

/** The URL has credentials in it: `user:password@` or a token as the user of an http(s) URL. */
export function hasUrlCredentials(url: string): boolean {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/@]*)@/.exec(url);
  if (m === null) return false;
  const userinfo = m[2]!;
  return userinfo.includes(':') || /^https?$/i.test(m[1]!);
}

/** The URL without its user information. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/@]*@/, '$1');
}

/** How many listed paths a finding's data carries at most. */
export const MAX_LISTED_PATHS = 20;
