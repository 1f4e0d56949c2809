// Absolute paths that exist only on the machine the context was made on: a symlink or shebang
// that points there dangles in the image (`exec …: no such file or directory`).
import type { CheckModel } from './check-model.js';

/** What kind of host a path belongs to. */
export type HostPathKind = 'windows' | 'context' | 'macos' | 'user-home';

// Locations only macOS has (binaries.md §5.1: Homebrew, python.org framework builds, user homes,
// per-user temp directories).
const MACOS_PREFIXES = [
  '/Users/',
  '/opt/homebrew/',
  '/Library/',
  '/usr/local/Cellar/',
  '/Applications/',
  '/private/var/',
  '/var/folders/',
  '/System/',
  '/Volumes/',
];
// A drive letter or a UNC path.
const WINDOWS_PATH = /^(?:[A-Za-z]:[\\/]|\\\\)/;
// A user's home: pyenv, uv, conda and nvm install interpreters there (astral-sh/uv#6782).
const USER_HOME = /^(?:\/home\/[^/]+\/|\/root\/)/;

/**
 * The host a path belongs to, or null when it may well exist in an image (`/usr/bin/python3`,
 * `/usr/local/bin/node`, `/opt/venv/bin/python`, relative paths). `contextRoot` is the absolute
 * path of the context on the host: links into it carry the host's project location.
 */
export function classifyHostPath(target: string, contextRoot: string): HostPathKind | null {
  if (WINDOWS_PATH.test(target)) return 'windows';
  if (!target.startsWith('/')) return null;
  const root = contextRoot.endsWith('/') ? contextRoot.slice(0, -1) : contextRoot;
  if (root !== '' && (target === root || target.startsWith(root + '/'))) return 'context';
  if (MACOS_PREFIXES.some((p) => target.startsWith(p))) return 'macos';
  if (USER_HOME.test(target)) return 'user-home';
  return null;
}

export interface HostLink {
  /** The symlink or script. */
  path: string;
  via: 'symlink' | 'shebang';
  /** The link target or the shebang's interpreter. */
  target: string;
  host: HostPathKind;
}

const memo = new WeakMap<CheckModel, HostLink[]>();

/** Symlinks whose target and scripts whose `#!` interpreter is a host path, in walk order. Memoised per model. */
export function findHostLinks(model: CheckModel): HostLink[] {
  const cached = memo.get(model);
  if (cached !== undefined) return cached;
  const links: HostLink[] = [];
  for (const e of model.entries) {
    if (e.type === 'symlink' && e.linkTarget !== undefined) {
      const host = classifyHostPath(e.linkTarget, model.root);
      if (host !== null) links.push({ path: e.path, via: 'symlink', target: e.linkTarget, host });
    } else if (e.type === 'file') {
      const s = model.sniffed.get(e.path);
      if (s?.format !== 'script') continue;
      const host = classifyHostPath(s.interpreter, model.root);
      if (host !== null) links.push({ path: e.path, via: 'shebang', target: s.interpreter, host });
    }
  }
  memo.set(model, links);
  return links;
}
