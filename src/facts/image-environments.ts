// Where the image installs its own dependency environments: `node_modules` of `npm ci` & co. in
// the WORKDIR, `.venv` of `uv sync` and of `python -m venv PATH`, and environments copied in from a
// builder stage. A Compose bind mount over one of these paths hides it (bind-mount-shadows-image).
import * as path from 'node:path';
import type { CheckModel } from './check-model.js';
import { operands, programOf } from './dockerfile-facts.js';
import { walkInstructions } from './instruction-visitor.js';
import { classifyStep } from './package-managers.js';

export type ImageEnvironmentKind = 'node-modules' | 'python-venv';

export interface ImageEnvironment {
  kind: ImageEnvironmentKind;
  /** Absolute path in the image. */
  path: string;
  /** Dockerfile line of the instruction that puts it there. */
  line: number;
  /** The command or instruction, for the message (`npm ci`, `COPY --from=deps`). */
  how: string;
}

const NODE_INSTALLERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);

/** The dependency environments the image's stages install, in build order, one per path. */
export function imageEnvironments(model: CheckModel): ImageEnvironment[] {
  const out = new Map<string, ImageEnvironment>();
  const add = (env: ImageEnvironment): void => {
    if (!out.has(env.path)) out.set(env.path, env);
  };
  let workdir = '/';
  walkInstructions(model, {
    stages: 'image',
    FROM() {
      workdir = '/';
    },
    instruction({ instr, commands }) {
      if (instr.workdir !== undefined) workdir = instr.workdir.resolved;
      if (instr.copy !== undefined && instr.copy.fromStage !== null && instr.copy.destinationPath !== null) {
        const name = path.posix.basename(instr.copy.destinationPath);
        if (name === 'node_modules')
          add({
            kind: 'node-modules',
            path: instr.copy.destinationPath,
            line: instr.startLine,
            how: `COPY --from=${instr.copy.from}`,
          });
        if (name === '.venv' || name === 'venv')
          add({
            kind: 'python-venv',
            path: instr.copy.destinationPath,
            line: instr.startLine,
            how: `COPY --from=${instr.copy.from}`,
          });
      }
      if (instr.run === undefined) return;
      for (const cmd of commands) {
        const words = cmd.words.join(' ');
        const step = classifyStep(cmd);
        if (step !== null && step.kind === 'deps' && NODE_INSTALLERS.has(step.ecosystem)) {
          add({
            kind: 'node-modules',
            path: path.posix.join(workdir, 'node_modules'),
            line: instr.startLine,
            how: words,
          });
          continue;
        }
        if (step !== null && step.ecosystem === 'uv' && cmd.words[1] === 'sync') {
          add({ kind: 'python-venv', path: path.posix.join(workdir, '.venv'), line: instr.startLine, how: words });
          continue;
        }
        // python -m venv PATH, virtualenv PATH, uv venv [PATH] (default .venv).
        const prog = programOf(cmd);
        const args = cmd.words.slice(1);
        let target: string | undefined;
        if (/^python[0-9.]*$/.test(prog) && args[0] === '-m' && (args[1] === 'venv' || args[1] === 'virtualenv'))
          target = operands(args.slice(2))[0];
        else if (prog === 'virtualenv') target = operands(args)[0];
        else if (prog === 'uv' && args[0] === 'venv') target = operands(args.slice(1))[0] ?? '.venv';
        if (target !== undefined && !target.includes('$'))
          add({ kind: 'python-venv', path: path.posix.resolve(workdir, target), line: instr.startLine, how: words });
      }
    },
  });
  return [...out.values()];
}
