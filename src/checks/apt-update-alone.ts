import { defineCheck } from '../facts/define-check.js';
import { dockerfilePath } from '../facts/dockerfile-facts.js';
import { visitInstructions } from '../facts/instruction-visitor.js';
import { aptAction } from '../facts/package-managers.js';

// BuildKit caches a RUN by its command text. A RUN that only runs `apt-get update` is cached
// once and reused: a later `apt-get install` in another RUN then works from stale lists and
// fails with 404s when the mirror has moved on, or installs old versions (Docker docs,
// "Best practices: apt-get" — always combine update and install in one RUN).
export default defineCheck({
  meta: {
    id: 'apt-update-alone',
    title: 'apt-get update in its own RUN',
    defaultSeverity: 'warning',
    description:
      'A RUN runs apt-get update without installing anything; its cached layer leaves later installs working from stale package lists.',
  },
  *run(model) {
    yield* visitInstructions(model, {
      *RUN({ instr, commands, scope, index }) {
        const actions = commands.map(aptAction).filter((a) => a !== null);
        if (actions.length === 0 || !actions.every((a) => a.action === 'update')) return;
        const next = scope.steps
          .slice(index + 1)
          .find((later) => later.commands.some((c) => aptAction(c)?.action === 'install'))?.instr;
        yield {
          path: dockerfilePath(model),
          line: instr.startLine,
          message:
            `apt-get update runs alone: BuildKit reuses this cached layer, so ${next !== undefined ? `the install on line ${next.startLine}` : 'a later install'} works from stale package lists (404s, old versions); ` +
            `run \`apt-get update && apt-get install -y … && rm -rf /var/lib/apt/lists/*\` in one RUN`,
          data: { installLine: next?.startLine ?? null, fingerprintKey: `${scope.label}:${instr.text}` },
        };
      },
    });
  },
});
