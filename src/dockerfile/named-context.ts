// A named build context (`--build-context NAME=DIR`, Compose `additional_contexts`, bake
// `contexts`) seen from the Dockerfile: `COPY --from=NAME` and `RUN --mount=from=NAME` read it
// the way plain COPY reads the main context (dockerfile2llb resolves a --from that names no stage
// through the named contexts before it tries an image). `namedContextView` rewrites a model so
// that the sources of one named context are the context sources and the main context's are not:
// every fact and check over "the context" then applies to that directory unchanged.
import type { DockerfileModel, Instruction, Stage } from './model.js';
import { reachableStages } from './stage-graph.js';

/** Stands for the main context in a view of a named context: a `from` no stage and no context has. */
const MAIN_CONTEXT = '\u0000context';

function retarget(from: string | null, fromStage: number | null, name: string): string | null {
  if (fromStage !== null) return from;
  if (from === null || from === '') return MAIN_CONTEXT;
  return from === name ? null : from;
}

function viewInstruction(instr: Instruction, name: string): Instruction {
  let out = instr;
  if (instr.copy !== undefined)
    out = { ...out, copy: { ...instr.copy, from: retarget(instr.copy.from, instr.copy.fromStage, name) } };
  if (instr.run !== undefined && instr.run.mounts.length > 0)
    out = {
      ...out,
      run: {
        ...instr.run,
        mounts: instr.run.mounts.map((m) => ({ ...m, from: retarget(m.from, m.fromStage, name) })),
      },
    };
  return out;
}

/** The model with NAME's sources as the context sources; the main context's sources read nothing. */
export function namedContextView(model: DockerfileModel, name: string): DockerfileModel {
  const stages: Stage[] = model.stages.map((s) => ({
    ...s,
    instructions: s.instructions.map((i) => viewInstruction(i, name)),
    triggers: s.triggers.map((i) => viewInstruction(i, name)),
  }));
  return { ...model, stages };
}

/** Whether a stage the target needs reads NAME (COPY --from=NAME, RUN --mount from=NAME, FROM NAME). */
export function readsNamedContext(model: DockerfileModel, name: string): boolean {
  for (const index of reachableStages(model)) {
    const s = model.stages[index]!;
    if (s.baseStage === null && s.base.value === name) return true;
    for (const i of [...s.triggers, ...s.instructions]) {
      if (i.copy !== undefined && i.copy.fromStage === null && i.copy.from === name) return true;
      if (i.run?.mounts.some((m) => m.fromStage === null && m.from === name) === true) return true;
    }
  }
  return false;
}
