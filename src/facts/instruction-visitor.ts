// One walk over the Dockerfile that every check shares: the stages BuildKit builds for the
// target (dockerfile2llb allReachableStages), each with how its layers reach the result, and
// each stage's instructions in the order BuildKit runs them (the ONBUILD triggers of its base
// first). The index is built once per Dockerfile model; checks hand `visitInstructions` a
// handler per instruction keyword and never loop over stages or instructions themselves.
import type { DockerfileModel, Instruction, Stage } from '../dockerfile/model.js';
import type { SimpleCommand } from '../dockerfile/shell-commands.js';
import type { CheckModel } from './check-model.js';
import {
  builtStages,
  commandsOf,
  imageStages,
  stageAncestry,
  stageInstructions,
  stageLabel,
} from './dockerfile-facts.js';

/**
 * How a built stage's layers reach the result: `image` — the target or a stage it is built FROM,
 * so its layers are the image that runs; `builder` — built only because a later stage copies or
 * mounts from it (COPY --from, RUN --mount from=), so only what is copied out reaches the image.
 */
export type StageReach = 'image' | 'builder';

export interface StageVisit {
  stage: Stage;
  reach: StageReach;
  /** The `AS` name, or `stage-<index>`. */
  label: string;
  /** The stage's instructions in run order: ONBUILD triggers of its base first. */
  steps: readonly InstructionVisit[];
  /** Every instruction BuildKit runs to produce this stage: the stages it is built FROM first, then its own. */
  lineage: readonly InstructionVisit[];
}

export interface InstructionVisit {
  instr: Instruction;
  stage: Stage;
  reach: StageReach;
  /** The visit of the stage the instruction runs in. */
  scope: StageVisit;
  /** Position in `scope.steps`. */
  index: number;
  /** An ONBUILD trigger of the base stage, not a line of this stage. */
  trigger: boolean;
  /** What a RUN executes (heredoc scripts included), parsed once; [] for other instructions. */
  readonly commands: readonly SimpleCommand[];
  /** The value an ENV of the Dockerfile gives `name` before this instruction, or null. */
  envBefore(name: string): string | null;
  /** The value a RUN sees for `name` before this instruction: ENV, else ARG; null when neither sets it. */
  variableBefore(name: string): string | null;
}

/** Dockerfile instruction keywords; FROM is the stage itself. */
export type InstructionKeyword =
  | 'ADD'
  | 'ARG'
  | 'CMD'
  | 'COPY'
  | 'ENTRYPOINT'
  | 'ENV'
  | 'EXPOSE'
  | 'HEALTHCHECK'
  | 'LABEL'
  | 'MAINTAINER'
  | 'ONBUILD'
  | 'RUN'
  | 'SHELL'
  | 'STOPSIGNAL'
  | 'USER'
  | 'VOLUME'
  | 'WORKDIR';

/** The handlers of a visit, each returning `R`; `FROM` is called for the stage. */
type Handlers<R> = {
  /** Once per stage, before its instructions. */
  FROM?: (stage: StageVisit) => R;
  /** Every instruction, after the handler of its keyword. */
  instruction?: (visit: InstructionVisit) => R;
  /** Once per stage, after its instructions. */
  stageEnd?: (stage: StageVisit) => R;
} & { [K in InstructionKeyword]?: (visit: InstructionVisit) => R };

interface StageChoice {
  /** Which stages are visited: every stage the target needs (`built`, the default) or only the image's (`image`). */
  stages?: 'built' | 'image';
}

/** Handlers yield what the check reports (usually finding drafts), or return nothing. */
export type InstructionVisitor<T> = StageChoice & Handlers<Iterable<T> | undefined>;

interface DockerfileIndex {
  /** The built stages in index order (base stages before the stages built FROM them). */
  built: readonly StageVisit[];
  image: readonly StageVisit[];
}

const indexByModel = new WeakMap<DockerfileModel, DockerfileIndex>();

function buildIndex(dm: DockerfileModel): DockerfileIndex {
  const inImage = new Set(imageStages(dm).map((s) => s.index));
  const byIndex = new Map<number, StageVisit>();
  const built = builtStages(dm).map((stage) => {
    const instructions: InstructionVisit[] = [];
    const scope: StageVisit = {
      stage,
      reach: inImage.has(stage.index) ? 'image' : 'builder',
      label: stageLabel(stage),
      steps: instructions,
      lineage: [],
    };
    const triggers = new Set(stage.triggers);
    for (const instr of stageInstructions(stage)) {
      const index = instructions.length;
      instructions.push({
        instr,
        stage,
        reach: scope.reach,
        scope,
        index,
        trigger: triggers.has(instr),
        get commands() {
          return commandsOf(instr);
        },
        envBefore: (name) => valueBefore(scope, index, 'env', name),
        // ENV wins over an ARG of the same name (Dockerfile reference, "Using ARG variables").
        variableBefore: (name) => valueBefore(scope, index, 'env', name) ?? valueBefore(scope, index, 'arg', name),
      });
    }
    byIndex.set(stage.index, scope);
    return scope;
  });
  // Every stage a built stage is built FROM is built too, and has a lower index.
  for (const scope of built)
    scope.lineage = stageAncestry(dm, scope.stage.index).flatMap((s) => byIndex.get(s.index)?.steps ?? []);
  return { built, image: built.filter((s) => s.reach === 'image') };
}

/** A value an ENV or ARG sets, at its position in a stage's lineage. */
interface Setting {
  at: number;
  value: string | null;
}

/** The ENV and ARG settings along a stage's lineage, by name, in lineage order. */
interface Settings {
  env: Map<string, Setting[]>;
  arg: Map<string, Setting[]>;
}

const settingsByScope = new WeakMap<StageVisit, Settings>();

function settingsOf(scope: StageVisit): Settings {
  let settings = settingsByScope.get(scope);
  if (settings !== undefined) return settings;
  settings = { env: new Map(), arg: new Map() };
  const add = (kind: Map<string, Setting[]>, name: string, setting: Setting): void => {
    const list = kind.get(name);
    if (list === undefined) kind.set(name, [setting]);
    else list.push(setting);
  };
  scope.lineage.forEach(({ instr }, at) => {
    for (const a of instr.env ?? []) add(settings!.env, a.key, { at, value: a.value.value });
    for (const a of instr.arg ?? []) add(settings!.arg, a.key, { at, value: a.value });
  });
  settingsByScope.set(scope, settings);
  return settings;
}

/**
 * The value the last ENV (or ARG) of the lineage before the stage's `index`-th step gives `name`,
 * or null: a binary search over that name's settings, so a long FROM chain stays cheap.
 */
function valueBefore(scope: StageVisit, index: number, kind: keyof Settings, name: string): string | null {
  const list = settingsOf(scope)[kind].get(name);
  if (list === undefined) return null;
  // The stage's own steps end its lineage.
  const at = scope.lineage.length - scope.steps.length + index;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : list[lo - 1]!.value;
}

/** The built stages of the model's Dockerfile with their instructions, indexed once per Dockerfile model. */
export function dockerfileIndex(model: CheckModel): DockerfileIndex {
  const dm = model.dockerfileModel;
  if (dm === null) return { built: [], image: [] };
  let index = indexByModel.get(dm);
  if (index === undefined) {
    index = buildIndex(dm);
    indexByModel.set(dm, index);
  }
  return index;
}

/**
 * Walks the stages of the model's Dockerfile and their instructions in build order, calling the
 * visitor's handlers and yielding what they yield. Nothing happens without a Dockerfile.
 */
export function* visitInstructions<T>(model: CheckModel, visitor: InstructionVisitor<T>): Generator<T> {
  const index = dockerfileIndex(model);
  for (const scope of visitor.stages === 'image' ? index.image : index.built) {
    if (visitor.FROM !== undefined) yield* visitor.FROM(scope) ?? [];
    for (const visit of scope.steps) {
      const handler = visitor[visit.instr.keyword as InstructionKeyword];
      if (handler !== undefined) yield* handler(visit) ?? [];
      if (visitor.instruction !== undefined) yield* visitor.instruction(visit) ?? [];
    }
    if (visitor.stageEnd !== undefined) yield* visitor.stageEnd(scope) ?? [];
  }
}

/** `visitInstructions` for handlers that only gather what a check reports afterwards. */
export function walkInstructions(model: CheckModel, visitor: StageChoice & Handlers<void>): void {
  // A handler that returns nothing yields nothing.
  for (const _ of visitInstructions(model, visitor as InstructionVisitor<never>));
}
