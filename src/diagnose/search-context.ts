// Searches over the sent context entries for what a message names without a path: the extension
// files that would provide a Python module, sourceless bytecode, npm packages, native libraries.
// Pure; results are sorted and capped.
import { baseName, compareBytes, joinPath, parentOf } from '../paths.js';
import { sniffCandidateReason } from '../sniff/should-sniff.js';
import { parseExtensionSuffix } from '../sniff/python-metadata.js';
import type { ContextEntry } from '../types.js';

export type EntryMap = ReadonlyMap<string, ContextEntry>;

/** Paths one search returns at most. */
export const MAX_SEARCH_RESULTS = 50;
/** Native libraries and executables read at most when a message names no file (a soname only). */
export const MAX_SCANNED_BINARIES = 5000;

function sortedCapped(paths: Iterable<string>, max = MAX_SEARCH_RESULTS): string[] {
  return [...paths].sort(compareBytes).slice(0, max);
}

/** True when `dir` is `tail` or ends with `/tail` ("" matches every directory). */
function dirEndsWith(dir: string, tail: string): boolean {
  return tail === '' || dir === tail || dir.endsWith('/' + tail);
}

function splitModule(name: string): { dir: string; last: string } {
  const parts = name.split('.');
  return { dir: parts.slice(0, -1).join('/'), last: parts.at(-1) ?? name };
}

/**
 * Files that would provide the dotted module `name` as an extension, for any platform:
 * `<pkg>/<last>.<suffix>` where CPython's importer reads `<last>` as the module (binaries.md §5.3).
 */
export function findExtensionFiles(name: string, entries: EntryMap): string[] {
  const { dir, last } = splitModule(name);
  const out: string[] = [];
  for (const e of entries.values()) {
    if (e.type !== 'file' && e.type !== 'symlink') continue;
    const base = baseName(e.path);
    if (!base.startsWith(last + '.')) continue;
    if (parseExtensionSuffix(base)?.module !== last) continue;
    if (dirEndsWith(parentOf(e.path), dir)) out.push(e.path);
  }
  return sortedCapped(out);
}

/** Python source for the module: `<pkg>/<last>.py` or a package `<pkg>/<last>/__init__.py`. */
export function findPythonSource(name: string, entries: EntryMap): string[] {
  const { dir, last } = splitModule(name);
  const out: string[] = [];
  for (const e of entries.values()) {
    const base = baseName(e.path);
    if (base === `${last}.py` && dirEndsWith(parentOf(e.path), dir)) out.push(e.path);
    else if (
      base === '__init__.py' &&
      baseName(parentOf(e.path)) === last &&
      dirEndsWith(parentOf(parentOf(e.path)), dir)
    )
      out.push(e.path);
  }
  return sortedCapped(out);
}

/**
 * Bytecode CPython imports without its source: `<pkg>/<last>.pyc` outside `__pycache__` (a
 * `__pycache__` file carries its interpreter's tag in its name and is never used by another
 * version). With no module, every such file.
 */
export function findSourcelessPyc(name: string | null, entries: EntryMap): string[] {
  const module = name === null ? null : splitModule(name);
  const out: string[] = [];
  for (const e of entries.values()) {
    if (e.type !== 'file' || !e.path.endsWith('.pyc')) continue;
    const dir = parentOf(e.path);
    if (baseName(dir) === '__pycache__') continue;
    if (module !== null && (baseName(e.path) !== `${module.last}.pyc` || !dirEndsWith(dir, module.dir))) continue;
    out.push(e.path);
  }
  return sortedCapped(out);
}

/** Directories `…/node_modules/<name>` (a scoped name includes its scope). */
export function findPackageDirs(name: string, entries: EntryMap): string[] {
  const out: string[] = [];
  for (const e of entries.values()) {
    if (e.type === 'dir' && (e.path === `node_modules/${name}` || e.path.endsWith(`/node_modules/${name}`)))
      out.push(e.path);
  }
  return sortedCapped(out);
}

/** Package directories `…/node_modules/<prefix>*` one level below the scope, e.g. prefix `@img/sharp-`. */
export function findPackageDirsByPrefix(prefix: string, entries: EntryMap): string[] {
  const out: string[] = [];
  for (const e of entries.values()) {
    if (e.type !== 'dir') continue;
    const at = e.path.lastIndexOf('node_modules/');
    if (at < 0 || (at > 0 && e.path[at - 1] !== '/')) continue;
    const name = e.path.slice(at + 'node_modules/'.length);
    if (name.startsWith(prefix) && !name.slice(prefix.length).includes('/')) out.push(e.path);
  }
  return sortedCapped(out);
}

/** Regular files directly in `dir` whose name passes `accept`. */
export function filesIn(dir: string, entries: EntryMap, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of entries.values()) {
    if (e.type === 'file' && parentOf(e.path) === dir && accept(baseName(e.path))) out.push(e.path);
  }
  return sortedCapped(out);
}

/** Regular files anywhere below `dir` whose name passes `accept`. */
export function filesBelow(dir: string, entries: EntryMap, accept: (name: string) => boolean): string[] {
  const prefix = dir === '' ? '' : dir + '/';
  const out: string[] = [];
  for (const e of entries.values()) {
    if (e.type === 'file' && e.path.startsWith(prefix) && accept(baseName(e.path))) out.push(e.path);
  }
  return sortedCapped(out);
}

/** Subdirectories directly in `dir`. */
export function dirsIn(dir: string, entries: EntryMap): string[] {
  const out: string[] = [];
  for (const e of entries.values()) if (e.type === 'dir' && parentOf(e.path) === dir && e.path !== '') out.push(e.path);
  return sortedCapped(out);
}

/** The virtual environment holding `path`: the nearest ancestor (or itself) with a pyvenv.cfg. */
export function venvRootOf(path: string, entries: EntryMap): string | null {
  for (let dir = entries.get(path)?.type === 'dir' ? path : parentOf(path); ; dir = parentOf(dir)) {
    if (entries.has(joinPath(dir, 'pyvenv.cfg'))) return dir;
    if (dir === '') return null;
  }
}

/** Files a runtime could load or execute (native libraries, executables), for scanning by soname. */
export function nativeFiles(entries: EntryMap): string[] {
  const out: string[] = [];
  for (const e of entries.values()) {
    if (e.type !== 'file') continue;
    const reason = sniffCandidateReason(e.path, e.mode, e.size);
    if (reason === 'native-library' || reason === 'executable-bit' || reason === 'bin-directory') out.push(e.path);
  }
  return sortedCapped(out, MAX_SCANNED_BINARIES);
}
