import type { Instruction } from '../dockerfile/model.js';
import { defineCheck } from '../facts/define-check.js';
import { cacheMountTargets, dockerfilePath, removesPath } from '../facts/dockerfile-facts.js';
import { visitInstructions } from '../facts/instruction-visitor.js';
import { aptAction } from '../facts/package-managers.js';

// `apt-get update` downloads the package lists into /var/lib/apt/lists (tens of MB on Debian
// and Ubuntu). A layer is a snapshot of the RUN's end state, so unless the same RUN deletes them
// they ship in the image; deleting them in a later RUN only hides them. A BuildKit cache mount
// on /var/lib/apt keeps them out of the layer altogether.
const APT_LISTS = '/var/lib/apt/lists';

/** A cache mount on /var/lib/apt/lists or a directory above it. */
function mountsAptLists(instr: Instruction): boolean {
  return cacheMountTargets(instr).some((t) => {
    const target = t.replace(/\/+$/, '');
    return APT_LISTS === target || APT_LISTS.startsWith(target + '/');
  });
}

export default defineCheck({
  meta: {
    id: 'apt-lists-kept',
    title: 'apt package lists left in the image',
    defaultSeverity: 'warning',
    description:
      'A RUN runs apt-get update and installs, but does not remove /var/lib/apt/lists in the same RUN (or use a cache mount), so the lists ship in the image.',
  },
  *run(model) {
    yield* visitInstructions(model, {
      stages: 'image',
      *RUN({ instr, commands, scope }) {
        const actions = commands.map(aptAction).filter((a) => a !== null);
        if (!actions.some((a) => a.action === 'update') || actions.every((a) => a.action === 'update')) return;
        if (mountsAptLists(instr) || removesPath(commands, APT_LISTS)) return;
        yield {
          path: dockerfilePath(model),
          line: instr.startLine,
          message: `this RUN runs apt-get update but keeps ${APT_LISTS} (tens of MB of package lists) in the layer; end the same RUN with \`&& rm -rf ${APT_LISTS}/*\`, or use RUN --mount=type=cache,target=${APT_LISTS},sharing=locked`,
          data: {
            actions: [...new Set(actions.map((a) => a.action))].sort(),
            fingerprintKey: `${scope.label}:${instr.text}`,
          },
        };
      },
    });
  },
});
