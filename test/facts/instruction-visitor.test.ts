import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/parse-dockerfile.js';
import type { CheckModel } from '../../src/facts/check-model.js';
import { instructionsBefore } from '../../src/facts/dockerfile-facts.js';
import {
  dockerfileIndex,
  type InstructionVisit,
  visitInstructions,
  walkInstructions,
} from '../../src/facts/instruction-visitor.js';

/** The visitor reads only the parsed Dockerfile of the model. */
function modelOf(...lines: string[]): CheckModel {
  return { dockerfileModel: parseDockerfile(lines.join('\n') + '\n') } as CheckModel;
}

const DOCKERFILE = [
  'FROM debian:12 AS base', // 1
  'ONBUILD RUN echo trigger', // 2
  'ENV A=1', // 3
  'FROM base AS build', // 4
  'RUN make', // 5
  'FROM alpine AS unused', // 6
  'RUN never', // 7
  'FROM base', // 8
  'ENV A=2', // 9
  'COPY --from=build /out /out', // 10
  'RUN echo $A', // 11
];

describe('visitInstructions', () => {
  test('visits the built stages in order, each instruction once, with its reach; unused stages are skipped', () => {
    const seen = [
      ...visitInstructions(modelOf(...DOCKERFILE), {
        FROM: (s) => [`FROM ${s.label} ${s.reach}`],
        instruction: (v) => [`${v.instr.startLine} ${v.instr.keyword} ${v.reach}${v.trigger ? ' trigger' : ''}`],
      }),
    ];
    expect(seen).toEqual([
      'FROM base image',
      '2 ONBUILD image',
      '3 ENV image',
      'FROM build builder',
      '4 RUN builder trigger', // a trigger runs at the FROM of the stage built from base
      '5 RUN builder',
      'FROM stage-3 image',
      '8 RUN image trigger',
      '9 ENV image',
      '10 COPY image',
      '11 RUN image',
    ]);
  });

  test('keyword handlers see only their keyword; stages: image leaves out builder stages', () => {
    const runs = [...visitInstructions(modelOf(...DOCKERFILE), { stages: 'image', RUN: (v) => [v.commands] })];
    expect(runs.map((commands) => commands.map((c) => c.words.join(' ')))).toEqual([['echo trigger'], ['echo $A']]);
  });

  test('lineage: what runs to produce a stage, the stages it is built FROM first; variables before an instruction', () => {
    const index = dockerfileIndex(modelOf(...DOCKERFILE));
    const final = index.built.at(-1)!;
    expect(final.lineage.map((v) => `${v.stage.index}:${v.instr.keyword}`)).toEqual([
      '0:ONBUILD',
      '0:ENV',
      '3:RUN',
      '3:ENV',
      '3:COPY',
      '3:RUN',
    ]);
    const lastRun = final.steps.at(-1)!;
    expect([lastRun.envBefore('A'), final.steps[0]!.envBefore('A')]).toEqual(['2', '1']);
    expect(index.image.map((s) => s.label)).toEqual(['base', 'stage-3']);
  });

  test.for<[string, string[]]>([
    ['a FROM chain that sets and resets', DOCKERFILE],
    [
      'several assignments in one ENV, ARG without a value, ENV over ARG',
      [
        'ARG A=g',
        'FROM x AS one',
        'ARG A=1',
        'ARG B',
        'RUN a',
        'ENV A=2 B=3 A=4',
        'RUN b',
        'FROM one',
        'ARG C=5',
        'RUN c',
      ],
    ],
    [
      'ONBUILD ENV runs first in the stage built FROM it',
      ['FROM x AS base', 'ONBUILD ENV B=t', 'ENV A=1', 'FROM base AS mid', 'ENV A=m', 'FROM mid', 'ARG A=a', 'RUN x'],
    ],
  ])('envBefore/variableBefore agree with a scan of every instruction before: %s', ([, lines]) => {
    const model = modelOf(...lines);
    const dm = model.dockerfileModel!;
    const scanned = (visit: InstructionVisit, name: string, kind: 'env' | 'arg'): string | null => {
      let value: string | null = null;
      for (const i of instructionsBefore(dm, visit.stage, visit.instr)) {
        if (kind === 'env') for (const a of i.env ?? []) if (a.key === name) value = a.value.value;
        if (kind === 'arg') for (const a of i.arg ?? []) if (a.key === name) value = a.value;
      }
      return value;
    };
    let compared = 0;
    for (const scope of dockerfileIndex(model).built) {
      for (const visit of scope.steps) {
        for (const name of ['A', 'B', 'C']) {
          const env = scanned(visit, name, 'env');
          expect([name, visit.instr.startLine, visit.envBefore(name)]).toEqual([name, visit.instr.startLine, env]);
          expect(visit.variableBefore(name)).toBe(env ?? scanned(visit, name, 'arg'));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10);
  });

  test('the index is built once per Dockerfile model', () => {
    const model = modelOf(...DOCKERFILE);
    expect(dockerfileIndex(model)).toBe(dockerfileIndex({ ...model }));
  });

  test('walkInstructions runs gathering handlers; stageEnd follows the stage', () => {
    const order: string[] = [];
    walkInstructions(modelOf('FROM a', 'RUN x', 'FROM b', 'COPY --from=0 /a /a'), {
      FROM: (s) => void order.push(`from ${s.label}`),
      RUN: (v) => void order.push(`run ${v.instr.startLine}`),
      stageEnd: (s) => void order.push(`end ${s.label}`),
    });
    expect(order).toEqual(['from stage-0', 'run 2', 'end stage-0', 'from stage-1', 'end stage-1']);
  });

  test('no Dockerfile: nothing is visited', () => {
    expect([...visitInstructions({ dockerfileModel: null } as CheckModel, { instruction: () => [1] })]).toEqual([]);
  });
});
