import { literalIgnoreLine } from '../context/ignore-lines.js';
import type { UnreadableDir } from '../context/walk.js';
import { defineCheck } from '../facts/define-check.js';
import { baseName, parentOf } from '../paths.js';
import { formatCount } from '../units.js';

// fsutil filterFS.Walk returns the ReadDir error for a directory it does not skip, which fails
// the build; an excluded directory's permission error is ignored (spec §6.2 step 4). The same
// holds for an entry it cannot lstat: one whose path is longer than PATH_MAX (4096 bytes), where
// Go's os.Lstat gets ENAMETOOLONG from the kernel, or any entry of a directory that can be
// listed but not entered (read permission without search permission: mode r--), where every
// lstat gets EACCES.

/** The strerror(3) text Go prints for each errno. */
const DOCKER_ERROR_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
};

/** Entries named in a finding about a directory that cannot be entered, at most. */
const NAMED_ENTRIES = 3;

/** `path` as one shell word (for the chmod in the message). */
function shellWord(path: string): string {
  const word = path.startsWith('-') ? `./${path}` : path;
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** Exactly this path: a bare name would let `fix` widen it to readable namesakes. */
function ignoreLinesFor(path: string): string[] {
  const line = path === '' ? null : literalIgnoreLine(path);
  return line === null ? [] : [line];
}

export default defineCheck({
  meta: {
    id: 'unreadable-directory',
    title: 'Directory the build cannot read',
    defaultSeverity: 'error',
    description:
      'A directory in the context cannot be read, or entries in it cannot be lstat-ed; docker build fails on it unless the ignore file excludes it.',
  },
  *run(model) {
    // Entries whose lstat was refused: their directory can be listed but not entered. One
    // finding for the directory, which is what to fix or exclude.
    const unenterable = new Map<string, UnreadableDir[]>();
    for (const u of model.unreadable) {
      if (!u.fatal) continue;
      const reason = DOCKER_ERROR_TEXT[u.code] ?? 'an error';
      if (u.type === undefined) {
        yield {
          path: u.path,
          message: `${u.path}/ cannot be read (${u.code}); docker build fails with "${reason}" unless the ignore file excludes it`,
          data: { code: u.code, ignoreLines: ignoreLinesFor(u.path) },
        };
        continue;
      }
      if (u.code === 'EACCES') {
        const dir = parentOf(u.path);
        const entries = unenterable.get(dir);
        if (entries === undefined) unenterable.set(dir, [u]);
        else entries.push(u);
        continue;
      }
      const shown = u.type === 'dir' ? `${u.path}/` : u.path;
      const why = u.code === 'ENAMETOOLONG' ? ': its absolute path is longer than PATH_MAX, 4096 bytes' : '';
      yield {
        path: u.path,
        message: `${shown} cannot be lstat-ed (${u.code}${why}); docker build fails with "${reason}" unless the ignore file excludes it`,
        data: { code: u.code, ignoreLines: ignoreLinesFor(u.path) },
      };
    }
    for (const [dir, entries] of unenterable) {
      const first = entries[0]!;
      const reason = DOCKER_ERROR_TEXT[first.code] ?? 'an error';
      const names = entries.slice(0, NAMED_ENTRIES).map((e) => baseName(e.path) + (e.type === 'dir' ? '/' : ''));
      const more = entries.length > NAMED_ENTRIES ? `, and ${formatCount(entries.length - NAMED_ENTRIES)} more` : '';
      const what = dir === '' ? 'the context directory' : `${dir}/`;
      const count = entries.length === 1 ? 'its entry' : `its ${formatCount(entries.length)} entries`;
      yield {
        path: dir === '' ? first.path : dir,
        message:
          `${what} can be listed but not entered (no search permission), so ${count} cannot be lstat-ed (${first.code}: ${names.join(', ')}${more}); ` +
          `docker build fails with "${reason}" unless the ignore file excludes ${dir === '' ? 'them' : 'it'}; or make it searchable: chmod a+x ${dir === '' ? '.' : shellWord(dir)}`,
        data: { code: first.code, ignoreLines: ignoreLinesFor(dir) },
      };
    }
  },
});
