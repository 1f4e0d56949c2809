import { literalIgnoreLine } from '../context/ignore-lines.js';
import { defineCheck } from '../facts/define-check.js';
import { reachOf } from '../facts/reach.js';

// The client opens every file it sends; one it cannot read stops the transfer and the build
// (BuildKit: `failed to solve: … open <path>: permission denied`; the classic builder:
// `error checking context: can't stat …` / `open …: permission denied`). Whether a file can be read
// is learnt by opening it (gather-evidence.ts opens files that lack a read permission bit).

/** The strerror(3) text Go prints for each errno. */
const DOCKER_ERROR_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
};

export default defineCheck({
  meta: {
    id: 'unreadable-file',
    title: 'File the build cannot read',
    defaultSeverity: 'error',
    description:
      'A regular file that would be sent cannot be opened for reading; docker build stops with "permission denied" unless the ignore file excludes it.',
  },
  *run(model) {
    for (const u of model.unreadableFiles) {
      const reach = reachOf(model, u.path);
      const reason = DOCKER_ERROR_TEXT[u.code] ?? 'an error';
      // BuildKit only reads what the Dockerfile requests; the classic builder reads everything.
      const onlyClassic = reach.reach === 'not-requested';
      const named = reach.named;
      const line = named ? null : literalIgnoreLine(u.path);
      const who =
        reach.reach === 'no-dockerfile'
          ? 'docker build of this directory'
          : onlyClassic
            ? 'the classic builder (BuildKit does not request it)'
            : 'docker build';
      yield {
        path: u.path,
        severity: onlyClassic || reach.reach === 'no-dockerfile' ? 'warning' : 'error',
        message:
          `${u.path} cannot be read (${u.code}); ${who} fails with "open ${u.path}: ${reason}"` +
          (named
            ? `; a COPY names it: make it readable (chmod a+r ${u.path})`
            : `; make it readable (chmod a+r) or keep it out with the ignore file`),
        data: {
          code: u.code,
          reach: reach.reach,
          copyLines: reach.copyLines,
          ignoreLines: line === null ? [] : [line],
          dockerfileFix: `chmod a+r ${u.path}`,
        },
      };
    }
  },
});
