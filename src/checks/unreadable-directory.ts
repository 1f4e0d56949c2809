import { literalIgnoreLine } from '../context/ignore-lines.js';
import type { UnreadableDir } from '../context/walk.js';
import type { CheckModel } from '../facts/check-model.js';
import { defineCheck } from '../facts/define-check.js';
import { isSafeAdvice } from '../facts/suggest-fix.js';
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

/**
 * The ignore line that leaves `path` out, exactly (a bare name would let `fix` widen it to
 * readable namesakes); none when it would remove what the Dockerfile names or runs by name
 * (advice-guard.ts), where leaving it out breaks the build instead.
 */
function ignoreLinesFor(model: CheckModel, path: string): string[] {
  const line = path === '' ? null : literalIgnoreLine(path);
  return line !== null && isSafeAdvice(model, [line], [path]) ? [line] : [];
}

/**
 * How the build fails, and what to do: leave `path` out with its ignore line, or, when the
 * Dockerfile needs it, `repair` it. `orRepair`: name the repair beside the ignore line too.
 */
function outcome(path: string, reason: string, lines: readonly string[], repair: string, orRepair: boolean): string {
  if (lines.length > 0 || path === '')
    return `docker build fails with "${reason}" unless the ignore file excludes ${path === '' ? 'them' : 'it'}${orRepair ? `; or ${repair}` : ''}`;
  return `docker build fails with "${reason}", and leaving it out would remove what the Dockerfile names: ${repair}`;
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
        const lines = ignoreLinesFor(model, u.path);
        const repair = `make it readable: chmod a+rx ${shellWord(u.path)}`;
        yield {
          path: u.path,
          message: `${u.path}/ cannot be read (${u.code}); ${outcome(u.path, reason, lines, repair, false)}`,
          data: { code: u.code, ignoreLines: lines },
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
      const lines = ignoreLinesFor(model, u.path);
      const repair =
        u.code === 'ENAMETOOLONG' ? 'shorten its path' : `make it readable: chmod a+r ${shellWord(u.path)}`;
      yield {
        path: u.path,
        message: `${shown} cannot be lstat-ed (${u.code}${why}); ${outcome(u.path, reason, lines, repair, false)}`,
        data: { code: u.code, ignoreLines: lines },
      };
    }
    for (const [dir, entries] of unenterable) {
      const first = entries[0]!;
      const reason = DOCKER_ERROR_TEXT[first.code] ?? 'an error';
      const names = entries.slice(0, NAMED_ENTRIES).map((e) => baseName(e.path) + (e.type === 'dir' ? '/' : ''));
      const more = entries.length > NAMED_ENTRIES ? `, and ${formatCount(entries.length - NAMED_ENTRIES)} more` : '';
      const what = dir === '' ? 'the context directory' : `${dir}/`;
      const count = entries.length === 1 ? 'its entry' : `its ${formatCount(entries.length)} entries`;
      const lines = ignoreLinesFor(model, dir);
      const repair = `make it searchable: chmod a+x ${dir === '' ? '.' : shellWord(dir)}`;
      yield {
        path: dir === '' ? first.path : dir,
        message:
          `${what} can be listed but not entered (no search permission), so ${count} cannot be lstat-ed (${first.code}: ${names.join(', ')}${more}); ` +
          outcome(dir, reason, lines, repair, true),
        data: { code: first.code, ignoreLines: lines },
      };
    }
  },
});
