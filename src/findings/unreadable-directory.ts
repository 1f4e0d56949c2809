import { literalIgnoreLine } from '../context/ignore-lines.js';
import { defineCheck } from './define-check.js';

// fsutil filterFS.Walk returns the ReadDir error for a directory it does not skip, which fails
// the build; an excluded directory's permission error is ignored (spec §6.2 step 4).
export default defineCheck({
  meta: {
    id: 'unreadable-directory',
    title: 'Directory the build cannot read',
    defaultSeverity: 'error',
    description: 'A directory in the context cannot be read; docker build fails on it unless the ignore file excludes it.',
  },
  *run(model) {
    for (const u of model.unreadable) {
      if (!u.fatal) continue;
      // Exactly this directory: a bare name would let `fix` widen it to readable namesakes.
      const line = literalIgnoreLine(u.path);
      yield {
        path: u.path,
        message: `${u.path}/ cannot be read (${u.code}); docker build fails with "permission denied" unless the ignore file excludes it`,
        data: { code: u.code, ignoreLines: line === null ? [] : [line] },
      };
    }
  },
});
