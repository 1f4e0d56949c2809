import type { SimpleCommand } from '../dockerfile/shell-commands.js';
import { defineCheck } from '../facts/define-check.js';
import { cacheMountTargets, dockerfilePath, programOf, removesPath } from '../facts/dockerfile-facts.js';
import { visitInstructions } from '../facts/instruction-visitor.js';
import { pipInstallArgs } from '../facts/package-managers.js';

// pip keeps every downloaded and built wheel in its cache (~/.cache/pip, /root/.cache/pip when
// building as root); a RUN layer keeps it, so the image carries a second copy of every
// dependency. `--no-cache-dir`, PIP_NO_CACHE_DIR (pip reads every option from PIP_<NAME>) or a
// BuildKit cache mount on the cache directory keep it out. Only the stages that are the image
// matter: a builder stage's cache never reaches the final image.

/** A cache mount that holds pip's cache: ~/.cache/pip or a parent of it, or PIP_CACHE_DIR. */
function coversPipCache(target: string, pipCacheDir: string | null): boolean {
  const t = target.replace(/\/+$/, '');
  if (pipCacheDir !== null && pipCacheDir.replace(/\/+$/, '') === t) return true;
  return /(^|\/)\.cache(\/pip)?$/.test(t);
}

function disablesCache(cmd: SimpleCommand, args: readonly string[]): boolean {
  return (
    args.some((a) => a === '--no-cache-dir' || a.startsWith('--no-cache-dir=')) || 'PIP_NO_CACHE_DIR' in cmd.assignments
  );
}

/** `export PIP_NO_CACHE_DIR=…` earlier in the same RUN. */
function exportsNoCache(commands: readonly SimpleCommand[], upTo: number): boolean {
  return commands
    .slice(0, upTo)
    .some((c) => c.words[0] === 'export' && c.words.slice(1).some((w) => w.startsWith('PIP_NO_CACHE_DIR=')));
}

function purgesCache(commands: readonly SimpleCommand[], from: number): boolean {
  const later = commands.slice(from);
  if (later.some((c) => /^pip[0-9.]*$/.test(programOf(c)) && c.words[1] === 'cache' && c.words[2] === 'purge'))
    return true;
  return (
    removesPath(later, '/root/.cache/pip') ||
    later.some((c) => programOf(c) === 'rm' && c.words.some((w) => /(^|\/)\.cache(\/pip)?\/?\*?$/.test(w)))
  );
}

export default defineCheck({
  meta: {
    id: 'pip-cache',
    title: 'pip cache left in the image',
    defaultSeverity: 'warning',
    description:
      'pip install without --no-cache-dir, PIP_NO_CACHE_DIR or a cache mount leaves its download cache in the image layer.',
  },
  *run(model) {
    yield* visitInstructions(model, {
      stages: 'image',
      *RUN(visit) {
        const { instr, commands } = visit;
        if (visit.envBefore('PIP_NO_CACHE_DIR') !== null) return;
        const pipCacheDir = visit.envBefore('PIP_CACHE_DIR');
        if (cacheMountTargets(instr).some((t) => coversPipCache(t, pipCacheDir))) return;
        const index = commands.findIndex((cmd, i) => {
          const args = pipInstallArgs(cmd);
          return (
            args !== null &&
            programOf(cmd) !== 'uv' &&
            !disablesCache(cmd, args) &&
            !exportsNoCache(commands, i) &&
            !purgesCache(commands, i + 1)
          );
        });
        if (index < 0) return;
        yield {
          path: dockerfilePath(model),
          line: instr.startLine,
          message: `pip install keeps its download cache (/root/.cache/pip) in this layer, a second copy of every wheel in the image; add --no-cache-dir, set ENV PIP_NO_CACHE_DIR=1, or use RUN --mount=type=cache,target=/root/.cache/pip`,
          data: {
            command: commands[index]!.words.slice(0, 2).join(' '),
            fingerprintKey: `${visit.scope.label}:${instr.text}`,
          },
        };
      },
    });
  },
});
