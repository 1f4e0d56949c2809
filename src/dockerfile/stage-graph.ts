// The stage graph BuildKit builds: a stage needs its base stage, the stages its COPY --from
// and RUN --mount from= name, and what ONBUILD triggers of its base add; only the target and
// what it needs, transitively, are built (dockerfile2llb convert.go allReachableStages,
// addReachableStages, validateCircularDependency).

import type { DockerfileModel, Stage } from './model.js';

/** The stages a stage needs directly: its base, COPY --from and RUN --mount from= stages. */
export function stageDependencies(stage: Stage): number[] {
  const deps = new Set<number>();
  if (stage.baseStage !== null) deps.add(stage.baseStage);
  for (const instr of [...stage.triggers, ...stage.instructions]) {
    if (instr.copy?.fromStage != null) deps.add(instr.copy.fromStage);
    for (const m of instr.run?.mounts ?? []) if (m.fromStage !== null) deps.add(m.fromStage);
  }
  return [...deps].sort((a, b) => a - b);
}

/** allReachableStages: the target and every stage it needs, transitively; sorted. */
export function reachableStageIndices(stages: readonly Stage[], target: number): number[] {
  const seen = new Set<number>();
  const stack = [target];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (seen.has(i) || stages[i] === undefined) continue;
    seen.add(i);
    stack.push(...stageDependencies(stages[i]!));
  }
  return [...seen].sort((a, b) => a - b);
}

/** validateCircularDependency: the first stage found on a dependency cycle, or null. */
export function findCycle(stages: readonly Stage[]): Stage | null {
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (i: number): Stage | null => {
    if (state.get(i) === 'done') return null;
    if (state.get(i) === 'visiting') return stages[i] ?? null;
    state.set(i, 'visiting');
    for (const d of stageDependencies(stages[i]!)) {
      const found = visit(d);
      if (found !== null) return found;
    }
    state.set(i, 'done');
    return null;
  };
  for (const s of stages) {
    const found = visit(s.index);
    if (found !== null) return found;
  }
  return null;
}

/** Resolves a target given by stage name or index; undefined means the model's target. */
function targetIndex(model: DockerfileModel, target: number | string | undefined): number | null {
  if (target === undefined) return model.target;
  if (typeof target === 'number') return model.stages[target] === undefined ? null : target;
  // findStateByName: stage names are stored and compared lower-cased; the last one wins.
  const name = target.toLowerCase();
  for (let i = model.stages.length - 1; i >= 0; i--) if (model.stages[i]!.name === name) return i;
  return null;
}

/** The stages BuildKit builds for `target` (default: the model's target), sorted by index. */
export function reachableStages(model: DockerfileModel, target?: number | string): number[] {
  const index = targetIndex(model, target);
  return index === null ? [] : reachableStageIndices(model.stages, index);
}
