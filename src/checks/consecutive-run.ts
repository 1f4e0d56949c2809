import type { Instruction } from '../dockerfile/model.js';
import { defineCheck } from '../facts/define-check.js';
import { dockerfilePath, imageStages, stageLabel } from '../facts/dockerfile-facts.js';

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

export default defineCheck({
  meta: {
    id: 'consecutive-run',
    title: 'Consecutive RUNs that could be one layer',
    defaultSeverity: 'info',
    description:
      'Several RUN instructions follow each other with the same flags; one RUN would make one layer instead of several.',
  },
  *run(model) {
    const dm = model.dockerfileModel;
    if (dm === null) return;
    for (const stage of imageStages(dm)) {
      const runs: Instruction[][] = [];
      let current: Instruction[] = [];
      for (const instr of stage.instructions) {
        const last = current[current.length - 1];
        if (instr.keyword === 'RUN' && last !== undefined && flagKey(last) === flagKey(instr)) {
          current.push(instr);
          continue;
        }
        if (current.length > 1) runs.push(current);
        current = instr.keyword === 'RUN' ? [instr] : [];
      }
      if (current.length > 1) runs.push(current);
      for (const group of runs) {
        const lines = group.map((i) => i.startLine);
        yield {
          path: dockerfilePath(model),
          line: lines[0]!,
          message: `${group.length} consecutive RUN instructions (lines ${lines.join(', ')}) make ${group.length} layers; join them with && into one RUN unless a step is split out on purpose for caching`,
          data: { lines, count: group.length, fingerprintKey: `${stageLabel(stage)}:${group[0]!.text}` },
        };
      }
    }
  },
});
