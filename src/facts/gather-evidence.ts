// Reads what the checks asked for: small text files whole, candidate binaries by their headers.
// Every read is bounded and goes through FileSystem.openRegularFile (no-follow, non-blocking,
// regular files only), so a FIFO or a symlink swapped in after the walk is never opened.
import * as path from 'node:path';
import type { FileSystem } from '../fs/file-system.js';
import { HEAD_BYTES, MAX_BYTES_PER_FILE } from '../fs/read-head.js';
import { shouldSniff } from '../sniff/should-sniff.js';
import type { UnreadableFile } from './check-model.js';
import { sniffBytes } from '../sniff/sniff.js';
import type { Sniffed } from '../sniff/sniffed.js';
import type { ContextEntry, ExcludedEntry } from '../types.js';
import type { Check, Want } from './define-check.js';
import { findGitRepo, type GitRepo } from '../context/git-repo.js';
import { baseName } from '../paths.js';

/** Text files larger than this are not read for evidence (requirements files, pyvenv.cfg, package.json…). */
export const MAX_TEXT_BYTES = 256 * 1024;

export interface Evidence {
  sniffed: Map<string, Sniffed>;
  texts: Map<string, string>;
  /** The git repository the context belongs to (its index and outer rule files), when a check asked; else null. */
  git: GitRepo | null;
  /** Sent regular files the client cannot read (in walk order): BuildKit fails the build on them. */
  unreadableFiles: UnreadableFile[];
}

/** Every read permission bit: a file lacking one may be unreadable to this user, so it is opened to find out. */
const ALL_READ_BITS = 0o444;

export interface GatherOptions {
  fs: FileSystem;
  root: string;
  entries: readonly ContextEntry[];
  /** What the ignore file keeps out: files listed here may be read as text when a check asks (wantsExcluded). */
  excluded?: readonly ExcludedEntry[];
  checks: readonly Check[];
  /** Sniff every regular file, not only the candidates. */
  deep: boolean;
  /** Skip identifying binaries altogether. */
  sniff: boolean;
  /**
   * The evidence an earlier gathering with the same checks and settings found on the same files,
   * except the file at `changed` (context-relative): what it read is taken from there, not read again.
   */
  reuse?: { evidence: EarlierEvidence; changed: string | null };
}

/** Evidence gathered before, read only. */
export interface EarlierEvidence {
  sniffed: ReadonlyMap<string, Sniffed>;
  texts: ReadonlyMap<string, string>;
  git: GitRepo | null;
  unreadableFiles: readonly UnreadableFile[];
}

const textDecoder = new TextDecoder('utf-8');

type WantFn = (entry: ContextEntry, name: string) => Want | null;

/** Each distinct `wants` once: several checks share the environment detector's. */
function wantFunctions(checks: readonly Check[]): WantFn[] {
  return [...new Set(checks.flatMap((c) => (c.wants !== undefined ? [c.wants] : [])))];
}

const WANTS_SNIFF = 1;
const WANTS_TEXT = 2;

/** What the checks ask of a sent entry: WANTS_SNIFF and WANTS_TEXT bits (no object per entry). */
function wantsOf(fns: readonly WantFn[], entry: ContextEntry): number {
  let wanted = 0;
  const name = baseName(entry.path);
  for (const fn of fns) {
    const want = fn(entry, name);
    if (want === 'sniff') wanted |= WANTS_SNIFF;
    else if (want === 'text') wanted |= WANTS_TEXT;
  }
  return wanted;
}

export function gatherEvidence(options: GatherOptions): Evidence {
  const { fs, root, entries, checks } = options;
  const sniffed = new Map<string, Sniffed>();
  const texts = new Map<string, string>();
  const fns = wantFunctions(checks);
  const unreadableFiles: UnreadableFile[] = [];
  const reuse = options.reuse;
  const known = (rel: string): EarlierEvidence | null =>
    reuse !== undefined && rel !== reuse.changed ? reuse.evidence : null;
  const unreadableBefore = new Map((reuse?.evidence.unreadableFiles ?? []).map((u) => [u.path, u]));
  for (const entry of entries) {
    if (entry.type !== 'file') continue;
    const earlier = known(entry.path);
    if (earlier !== null) {
      // The same entry (path, mode, size) asks for the same reads: their results, in the same order.
      const t = earlier.texts.get(entry.path);
      if (t !== undefined) texts.set(entry.path, t);
      const sn = earlier.sniffed.get(entry.path);
      if (sn !== undefined) sniffed.set(entry.path, sn);
      const u = unreadableBefore.get(entry.path);
      if (u !== undefined) unreadableFiles.push(u);
      continue;
    }
    const want = wantsOf(fns, entry);
    const sniff =
      options.sniff && ((want & WANTS_SNIFF) !== 0 || options.deep || shouldSniff(entry.path, entry.mode, entry.size));
    const text = (want & WANTS_TEXT) !== 0 && entry.size <= MAX_TEXT_BYTES;
    // Only files without every read bit are opened just to learn whether they can be read: the
    // permission bits rule out the rest without a system call.
    const probe = (entry.mode & ALL_READ_BITS) !== ALL_READ_BITS;
    if (!sniff && !text && !probe) continue;
    const file = fs.openRegularFile(path.join(root, entry.path), Math.max(MAX_TEXT_BYTES, MAX_BYTES_PER_FILE));
    if (!file.ok) {
      if (file.reason === 'permission-denied' || file.reason === 'io-error')
        unreadableFiles.push({ path: entry.path, code: file.code });
      continue;
    }
    try {
      if (text) {
        const bytes = file.readAt(0, Math.min(file.size, MAX_TEXT_BYTES));
        if (bytes !== null) texts.set(entry.path, textDecoder.decode(bytes));
      }
      if (sniff) {
        const head = file.readAt(0, Math.min(HEAD_BYTES, file.size)) ?? new Uint8Array(0);
        sniffed.set(
          entry.path,
          sniffBytes(head, file.size, (offset, length) => file.readAt(offset, length)),
        );
      }
    } finally {
      file.close();
    }
  }
  for (const entry of options.excluded ?? []) {
    if (entry.type !== 'file' || entry.bytes > MAX_TEXT_BYTES) continue;
    if (!checks.some((c) => c.wantsExcluded?.(entry) === 'text')) continue;
    const text = known(entry.path)?.texts.get(entry.path) ?? readText(fs, path.join(root, entry.path));
    if (text !== null) texts.set(entry.path, text);
  }
  const wantedPaths = [...new Set(checks.flatMap((c) => c.wantsPaths ?? []))].sort();
  for (const rel of wantedPaths) {
    if (texts.has(rel)) continue;
    const earlier = known(rel)?.texts.get(rel);
    if (earlier !== undefined) {
      texts.set(rel, earlier);
      continue;
    }
    if (!hasRealParents(fs, root, rel)) continue;
    const text = readText(fs, path.join(root, rel));
    if (text !== null) texts.set(rel, text);
  }
  const git = !checks.some((c) => c.wantsGitIndex === true)
    ? null
    : reuse !== undefined
      ? reuse.evidence.git
      : findGitRepo(fs, root);
  return { sniffed, texts, git, unreadableFiles };
}

/** A small regular file, whole, as UTF-8; null when it is not one or cannot be read. */
function readText(fs: FileSystem, abs: string): string | null {
  const file = fs.openRegularFile(abs, MAX_TEXT_BYTES);
  if (!file.ok) return null;
  try {
    if (file.size > MAX_TEXT_BYTES) return null;
    const bytes = file.readAt(0, file.size);
    return bytes === null ? null : textDecoder.decode(bytes);
  } finally {
    file.close();
  }
}

/**
 * Every directory on the way to `rel` is a real directory, not a symlink: O_NOFOLLOW guards the
 * last component only, and a path the walk did not list must not lead out of the context.
 */
function hasRealParents(fs: FileSystem, root: string, rel: string): boolean {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (fs.lstat(path.join(root, ...parts.slice(0, i)))?.type !== 'dir') return false;
  }
  return true;
}
