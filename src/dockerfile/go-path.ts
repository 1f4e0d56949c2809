// Go's path.Join and BuildKit's small path helpers that COPY, ADD, WORKDIR and RUN --mount
// pass their arguments through. Linux semantics only: BuildKit on Windows converts
// separators and drive letters first, which a Linux build never does.

import { goClean } from '../context/go-filepath.js';

/** path.Join: joins the non-empty elements with "/" and cleans the result; "" when all are empty. */
export function goPathJoin(...elems: string[]): string {
  const parts = elems.filter((e) => e !== '');
  return parts.length === 0 ? '' : goClean(parts.join('/'));
}

/**
 * util/system NormalizePath on Linux: a relative path joins `parent` (default "/"), an
 * absolute one is returned as written (not cleaned); `keepSlash` restores a trailing "/" or
 * "/." that the join removed.
 */
export function normalizePath(parent: string, newPath: string, keepSlash: boolean): string {
  const orig = newPath;
  let base = parent === '' ? '/' : parent;
  if (!base.startsWith('/')) base = goPathJoin('/', base);
  let out = newPath === '' ? base : newPath;
  if (!out.startsWith('/')) out = goPathJoin(base, out);
  if (keepSlash) {
    if (orig.endsWith('/') && !out.endsWith('/')) out += '/';
    else if (orig.endsWith('/.')) out = (out === '/' ? out : out + '/') + '.';
  }
  return out;
}

/**
 * The file operation's cleanPath (solver/llbsolver/file/backend.go): rooted and cleaned, with
 * a trailing "/" or "/." kept because it decides whether a destination is a directory.
 */
export function cleanFileOpPath(p: string): string {
  const cleaned = goPathJoin('/', p);
  if (p.endsWith('/.')) return (cleaned === '/' ? cleaned : cleaned + '/') + '.';
  if (p.endsWith('/') && cleaned !== '/') return cleaned + '/';
  return cleaned;
}
