import type { Instruction } from '../dockerfile/model.js';
import { defineCheck } from '../facts/define-check.js';
import { dockerfilePath } from '../facts/dockerfile-facts.js';
import { visitInstructions, type InstructionVisit } from '../facts/instruction-visitor.js';

// Every RUN adds a layer to the image. Consecutive RUNs with the same flags can be one RUN
// joined with `&&` (or one heredoc script): fewer layers, and files one step creates and a later
// step deletes never reach the image. Splitting is sometimes deliberate (a slow step cached on
// its own), hence info only, and only for the stages that are the image.

/** Flags that would have to be equal for two RUNs to merge. */
function flagKey(instr: Instruction): string {
  return instr.flags
    .map((f) => `--${f.name}=${f.value ?? ''}`)
    .sort()
    .join(' ');
}

/** A RUN of the stage's own lines (ONBUILD triggers come from the base image and cannot be merged). */
function isOwnRun(visit: InstructionVisit | undefined): visit is InstructionVisit {
  return visit !== undefined && !visit.trigger && visit.instr.keyword === 'RUN';
}

export default defineCheck({
  meta: {
    id: 'consecutive-run',
    title: 'Consecutive RUNs that could be one layer',
    defaultSeverity: 'info',
    description:
      'Several RUN instructions follow each other with the same flags; one RUN would make one layer instead of several.',
  },
  *run(model) {
    yield* visitInstructions(model, {
      stages: 'image',
      *RUN(visit) {
        const siblings = visit.scope.steps;
        const previous = siblings[visit.index - 1];
        const key = flagKey(visit.instr);
        // The first RUN of a run of equal-flag RUNs reports the group.
        if (visit.trigger || (isOwnRun(previous) && flagKey(previous.instr) === key)) return;
        const group = [visit.instr];
        for (let i = visit.index + 1; isOwnRun(siblings[i]) && flagKey(siblings[i]!.instr) === key; i++)
          group.push(siblings[i]!.instr);
        if (group.length < 2) return;
        const lines = group.map((i) => i.startLine);
        yield {
          path: dockerfilePath(model),
          line: lines[0]!,
          message: `${group.length} consecutive RUN instructions (lines ${lines.join(', ')}) make ${group.length} layers; join them with && into one RUN unless a step is split out on purpose for caching`,
          data: { lines, count: group.length, fingerprintKey: `${visit.scope.label}:${group[0]!.text}` },
        };
      },
    });
  },
});
