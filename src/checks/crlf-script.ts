import { defineCheck } from '../facts/define-check.js';
import { describeReach, reachOf } from '../facts/reach.js';
import { baseName } from '../paths.js';

// A `#!` script saved with Windows line ends: the kernel reads the interpreter as `/bin/sh\r`,
// which does not exist, and runc reports `exec <path>: no such file or directory` for a file that
// is plainly there (binaries.md §4.2); read by a shell instead (`sh start.sh`), every line ends in
// a stray `\r` (`$'\r': command not found`, `set: Illegal option -`). Only scripts that ENTRYPOINT,
// CMD or a RUN executes or hands to an interpreter are reported: elsewhere the line ends are harmless.

/** Names worth identifying even without an x bit: shell scripts and the usual entrypoint names. */
const SCRIPT_NAME = /\.(sh|bash|ksh|zsh)$|^(docker-)?entrypoint|^(start|run|boot|init|wait-for)[-_.a-z0-9]*$/i;

export default defineCheck({
  meta: {
    id: 'crlf-script',
    title: 'Script with CRLF line ends that the build or image runs',
    defaultSeverity: 'error',
    description:
      'A #! script with Windows (CRLF) line ends is run by ENTRYPOINT, CMD or a RUN: the kernel looks for an interpreter named "/bin/sh\\r" and fails with "no such file or directory".',
  },
  wants(entry, name) {
    return entry.type === 'file' && SCRIPT_NAME.test(name) ? 'sniff' : null;
  },
  *run(model) {
    for (const [path, s] of model.sniffed) {
      if (s.format !== 'script' || !s.hasCrlf) continue;
      const reach = reachOf(model, path);
      if (reach.reach !== 'executed' && reach.reach !== 'loaded') continue;
      const use = reach.usedBy!;
      const imagePath = reach.imagePath ?? `/${path}`;
      const failure =
        reach.reach === 'executed'
          ? `exec ${imagePath}: no such file or directory (the kernel looks for "#!${s.interpreter}\\r")`
          : `${baseName(path)}: line 2: $'\\r': command not found`;
      const lastCopy = reach.copyLines[reach.copyLines.length - 1]!;
      const convert = `RUN sed -i 's/\\r$//' ${imagePath}`;
      yield {
        path,
        message:
          `${path} has CRLF line ends; ${describeReach(reach)}. ${use.atRunTime ? 'The container fails to start' : 'The build fails'}: ${failure}. ` +
          `Convert it to LF (dos2unix, or \`*.sh text eol=lf\` in .gitattributes), or add \`${convert}\` after line ${lastCopy}`,
        data: {
          reach: reach.reach,
          copyLines: reach.copyLines,
          imagePath: reach.imagePath,
          usedByLine: use.line,
          usedBy: use.keyword,
          interpreter: s.interpreter,
          loaderError: failure,
          // Ignoring the script would make its COPY fail: the fix is in the file or the Dockerfile.
          ignoreLines: [],
          dockerfileFix: `convert ${path} to LF line ends, or ${convert} after line ${lastCopy}`,
          dockerfileChange: {
            kind: 'convert-crlf',
            summary: `convert ${path} to LF line ends in the image`,
            edits: [{ line: lastCopy + 1, deleteCount: 0, insert: [convert] }],
          },
        },
      };
    }
  },
});
