import type { SimpleCommand } from '../dockerfile/shell-commands.js';
import { defineCheck } from '../facts/define-check.js';
import { dockerfilePath, hasUrlCredentials, programOf, redactUrl } from '../facts/dockerfile-facts.js';
import { visitInstructions } from '../facts/instruction-visitor.js';

// BuildKit caches a RUN by its command text, not by what it downloads: `RUN git clone URL` is
// reused until the cache is lost, so new commits are not built, and a cold build of the same
// Dockerfile gets a different tree. `ADD <git URL>#<ref>` (a BuildKit git source, resolved and
// cached by commit) or a COPY from the build context are tracked by content. Credentials in the
// URL end up in the image history (docker history shows every RUN).

/** git clone options that take the next word as their value. */
const OPTIONS_WITH_VALUE = new Set([
  '-b',
  '--branch',
  '--depth',
  '-o',
  '--origin',
  '-c',
  '--config',
  '--reference',
  '-j',
  '--jobs',
  '--filter',
  '--shallow-since',
  '--shallow-exclude',
  '--separate-git-dir',
  '-u',
  '--upload-pack',
  '--template',
  '--server-option',
]);

/** A ref that names one version: a tag or commit-like name (it has a digit), not a moving branch such as main. */
function isFixedRef(ref: string | undefined): boolean {
  return ref !== undefined && /[0-9]/.test(ref);
}

interface Clone {
  url: string;
  branch: string | undefined;
}

function cloneOf(cmd: SimpleCommand): Clone | null {
  if (programOf(cmd) !== 'git') return null;
  const w = cmd.words;
  const at = w.indexOf('clone');
  if (at < 0) return null;
  let branch: string | undefined;
  for (let i = at + 1; i < w.length; i++) {
    const word = w[i]!;
    if (word === '-b' || word === '--branch') branch = w[i + 1];
    else if (word.startsWith('--branch=')) branch = word.slice('--branch='.length);
    if (OPTIONS_WITH_VALUE.has(word)) {
      i++;
      continue;
    }
    if (word.startsWith('-')) continue;
    return { url: word, branch };
  }
  return null;
}

/** `$NAME` and `${NAME}` replaced by what `lookup` knows; unknown ones stay as written. */
function expandVariables(word: string, lookup: (name: string) => string | null): string {
  return word.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (all, braced: string | undefined, bare: string | undefined) => lookup(braced ?? bare ?? '') ?? all,
  );
}

/**
 * True when a later command in the RUN checks out a fixed ref — also through a variable the
 * Dockerfile pins (`ENV X_VERSION=<sha>` … `git checkout ${X_VERSION}`).
 */
function checksOutFixedRef(commands: readonly SimpleCommand[], lookup: (name: string) => string | null): boolean {
  return commands.some((c) => {
    if (programOf(c) !== 'git') return false;
    const w = c.words;
    const sub = w.findIndex((x) => x === 'checkout' || x === 'reset' || x === 'switch');
    if (sub < 0) return false;
    return w
      .slice(sub + 1)
      .filter((x) => !x.startsWith('-'))
      .map((x) => expandVariables(x, lookup))
      .some(isFixedRef);
  });
}

export default defineCheck({
  meta: {
    id: 'git-clone-in-build',
    title: 'git clone in a RUN',
    defaultSeverity: 'warning',
    description:
      'A RUN clones a repository without pinning a tag or commit: BuildKit caches it by the command text, so builds get stale or different code.',
  },
  *run(model) {
    yield* visitInstructions(model, {
      *RUN(visit) {
        const { instr, commands } = visit;
        for (const cmd of commands) {
          const clone = cloneOf(cmd);
          if (clone === null) continue;
          const credentials = hasUrlCredentials(clone.url);
          const lookup = (name: string) => visit.variableBefore(name);
          const branch = clone.branch === undefined ? undefined : expandVariables(clone.branch, lookup);
          const pinned = isFixedRef(branch) || checksOutFixedRef(commands, lookup);
          if (!credentials && pinned) continue;
          const url = redactUrl(clone.url);
          const parts: string[] = [];
          if (credentials)
            parts.push(
              'git clone has credentials in its URL: they stay in the image history (docker history shows every RUN); use RUN --mount=type=secret or --ssh instead',
            );
          if (!pinned) {
            parts.push(
              `RUN git clone ${url} is cached by its command text: new commits are not built until the cache is lost, and a cold build gets a different tree; ` +
                `use ADD ${url}#<tag or commit> (BuildKit fetches and caches it by commit) or COPY the sources from the build context`,
            );
          }
          yield {
            path: dockerfilePath(model),
            line: instr.startLine,
            ...(credentials ? { severity: 'error' as const } : {}),
            message: parts.join('; '),
            data: { url, pinned, credentials, fingerprintKey: `${visit.scope.label}:${url}` },
          };
        }
      },
    });
  },
});
