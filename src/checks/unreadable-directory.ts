import { literalIgnoreLine } from '../context/ignore-lines.js';
import { defineCheck } from '../facts/define-check.js';

// fsutil filterFS.Walk returns the ReadDir error for a directory it does not skip, which fails
// the build; an excluded directory's permission error is ignored (spec §6.2 step 4). The same
// holds for an entry it cannot lstat, e.g. one whose path is longer than PATH_MAX (4096 bytes):
// Go's os.Lstat gets ENAMETOOLONG from the kernel.

/** The strerror(3) text Go prints for each errno. */
const DOCKER_ERROR_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
};
export default defineCheck({
  meta: {
    id: 'unreadable-directory',
    title: 'Directory the build cannot read',
    defaultSeverity: 'error',
    description:
      'A directory in the context cannot be read; docker build fails on it unless the ignore file excludes it.',
  },
  *run(model) {
    for (const u of model.unreadable) {
      if (!u.fatal) continue;
      const reason = DOCKER_ERROR_TEXT[u.code] ?? 'an error';
      // Exactly this directory: a bare name would let `fix` widen it to readable namesakes.
      const line = literalIgnoreLine(u.path);
      yield {
        path: u.path,
        message: `${u.path}/ cannot be read (${u.code}); docker build fails with "${reason}" unless the ignore file excludes it`,
        data: { code: u.code, ignoreLines: line === null ? [] : [line] },
      };
    }
  },
});
