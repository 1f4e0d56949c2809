// Typed loaders for the spec vectors (test/spec/*.json) and the oracle-generated golden data
// (test/golden/*.json), plus materializeTree to build a recorded tree in a temp dir.
// Byte fields arrive decoded: ignore files and ReadAll inputs as Buffers, every path with its
// exact bytes beside the path-dialect string.
//
//   for (const c of loadWalkCases()) {
//     const dir = materializeTree(c.tree);
//     ...compare the walker's output for `dir` with c.expected...
//     fs.rmSync(dir, { recursive: true, force: true });
//   }

import { readFileSync } from 'node:fs';
import { fieldBytes, type TreeEntry } from './tree.mjs';

export { canMakeDevices, materializeTree, describeTree, sameRecords, type TreeEntry } from './tree.mjs';

function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as T;
}

function fromBase64(base64: string): Buffer {
  return Buffer.from(base64, 'base64');
}

// ---------------------------------------------------------------- shared

/**
 * Present when New accepted the input only because Go 1.19's filepath.Match (the oracle's Go)
 * stops validating a pattern at the first chunk that fails to match "." (e.g. "a*[", "a*\\");
 * Go 1.19's path.Match, which checks the rest, rejects it. A Docker built with a Go whose
 * filepath.Match validates the whole pattern fails such input at New (spec §3), so answers
 * for it are Go-version dependent.
 */
export interface GoVersionSensitive {
  fullValidationError?: string;
}

// ---------------------------------------------------------------- spec: pattern vectors

export interface ErrorResult {
  error: string;
}

/** A matcher answer: excluded, included (sent), or the error New or the match call returned. */
export type MatchResult = 'excluded' | 'included' | (ErrorResult & { at: 'new' | 'match' });

export interface PatternVector extends GoVersionSensitive {
  id: number;
  /** Given to patternmatcher.New as is (no ignore-file parsing). */
  patterns: string[];
  path: string;
  /** The call `expected` is for; see the "about" text of pattern-vectors.json. */
  fn: 'MatchesOrParentMatches' | 'Matches';
  expected: MatchResult;
  /** The deprecated package-level Matches answer (rows whose fn is MatchesOrParentMatches). */
  expectedDeprecatedMatches?: MatchResult;
  /** The MatchesOrParentMatches answer (rows whose fn is Matches). */
  expectedMatchesOrParentMatches?: MatchResult;
  /** Expectation in upstream patternmatcher_test.go; null for rows the spec added. */
  upstream: 'excluded' | 'included' | ErrorResult | null;
  source: string;
  note: string;
}

export function loadPatternVectors(): PatternVector[] {
  return readJson<{ vectors: PatternVector[] }>('../spec/pattern-vectors.json').vectors;
}

// ---------------------------------------------------------------- spec: ReadAll vectors

export interface ReadAllVector extends GoVersionSensitive {
  id: number;
  source: string;
  description: string;
  /** Exact ignore-file bytes. */
  input: Buffer;
  /** ReadAll's patterns (path dialect) or its error. */
  patterns: string[] | ErrorResult;
  /** Exact bytes of each pattern (when ReadAll succeeded). */
  patternBytes?: Buffer[];
  /** Set when patternmatcher.New rejects the parsed patterns. */
  newError?: string;
  note?: string;
}

interface RawReadAllVector extends Omit<ReadAllVector, 'input' | 'patternBytes'> {
  input?: string;
  inputBase64: string;
  patternsBase64?: string[];
}

export function loadReadAllVectors(): ReadAllVector[] {
  return readJson<{ vectors: RawReadAllVector[] }>('../spec/readall-vectors.json').vectors.map((v) => {
    const { input: _text, inputBase64, patternsBase64, ...rest } = v;
    const out: ReadAllVector = { ...rest, input: fromBase64(inputBase64) };
    if (Array.isArray(v.patterns)) {
      const patterns = v.patterns;
      out.patternBytes = patternsBase64 ? patternsBase64.map(fromBase64) : patterns.map((p) => Buffer.from(p, 'utf8'));
    }
    return out;
  });
}

// ---------------------------------------------------------------- spec: walk scenarios

/** Entries in send order; directories end with "/". */
export type SendList = string[] | ErrorResult;

export interface WalkScenario {
  id: string;
  title: string;
  /** Exact .dockerignore bytes (also present in `tree` as the root .dockerignore). */
  ignore: Buffer;
  /** The -f path relative to the context. */
  dockerfile: string;
  tree: TreeEntry[];
  /** Classic builder tar entries in stream order (incl. forced Dockerfile/.dockerignore). */
  classic: SendList;
  /** BuildKit (fsutil, ExcludePatterns only) in walk order. */
  buildkit: SendList;
  /** Exact classic tar stream size; null when the build fails. */
  tarBytes: number | null;
  /** What Docker 20.10.24's classic builder sent, where it differs. */
  classicDocker2010?: SendList;
  notes: string;
}

export function loadWalkScenarios(): WalkScenario[] {
  return readJson<{ scenarios: (Omit<WalkScenario, 'ignore'> & { ignore: { base64: string } })[] }>(
    '../spec/walk-scenarios.json',
  ).scenarios.map((s) => ({
    ...s,
    ignore: fromBase64(s.ignore.base64),
  }));
}

// ---------------------------------------------------------------- golden: match cases

interface MatchPathBase {
  path: string;
  /** MatchesOrParentMatches(path), present only where it differs from the walk-chain answer. */
  matchesOrParentMatches?: boolean | ErrorResult;
}

/** Walk-chain answer for one path: excluded, or the error the chain hit on the way down. */
export type MatchPathResult = (MatchPathBase & { excluded: boolean }) | (MatchPathBase & { error: string });

export type MatchCase =
  | ({ id: number; ignore: Buffer; paths: MatchPathResult[] } & GoVersionSensitive)
  | { id: number; ignore: Buffer; error: string };

type RawMatchCase =
  | ({ ignore: { base64: string }; paths: MatchPathResult[] } & GoVersionSensitive)
  | { ignore: { base64: string }; error: string };

export function loadMatchCases(): MatchCase[] {
  return readJson<{ cases: RawMatchCase[] }>('./match-cases.json').cases.map((c, id) => ({
    ...c,
    id,
    ignore: fromBase64(c.ignore.base64),
  }));
}

// ---------------------------------------------------------------- golden: walk cases

export interface ListedEntry {
  type: 'file' | 'dir' | 'symlink' | 'other';
  /** Content bytes for regular files, 0 otherwise. */
  size: number;
  path: string;
  pathBase64?: string;
  /** Exact path bytes (decoded from pathBase64, or the UTF-8 of path). */
  pathBytes: Buffer;
}

export type WalkCase =
  | ({
      id: number;
      tree: TreeEntry[];
      ignore: Buffer | null;
      expected: ListedEntry[];
      files: number;
      bytes: number;
    } & GoVersionSensitive)
  | { id: number; tree: TreeEntry[]; ignore: Buffer | null; error: string };

type RawWalkCase =
  | ({
      tree: TreeEntry[];
      ignore: { base64: string } | null;
      expected: Omit<ListedEntry, 'pathBytes'>[];
      files: number;
      bytes: number;
    } & GoVersionSensitive)
  | { tree: TreeEntry[]; ignore: { base64: string } | null; error: string };

export function loadWalkCases(): WalkCase[] {
  return readJson<{ cases: RawWalkCase[] }>('./walk-cases.json').cases.map((c, id) => {
    const ignore = c.ignore === null ? null : fromBase64(c.ignore.base64);
    if ('error' in c) return { ...c, id, ignore };
    return {
      ...c,
      id,
      ignore,
      expected: c.expected.map((e) => ({ ...e, pathBytes: fieldBytes(e.path, e.pathBase64) })),
    };
  });
}

// ---------------------------------------------------------------- golden: tar cases

export interface TarCase {
  id: number;
  description: string;
  /** Holds an 8 GiB sparse file: cheap to create, slow to read. */
  large: boolean;
  tree: TreeEntry[];
  /** Byte count of the classic builder's tar stream for this tree (no ignore file). */
  bytes: number;
}

export function loadTarCases({ includeLarge = false }: { includeLarge?: boolean } = {}): TarCase[] {
  return readJson<{ cases: (Omit<TarCase, 'id' | 'large'> & { large?: boolean })[] }>('./tar-cases.json')
    .cases.map((c, id) => ({ ...c, id, large: c.large === true }))
    .filter((c) => includeLarge || !c.large);
}

// ---------------------------------------------------------------- golden: pack cases

export interface PackCase {
  id: number;
  description: string;
  /** "root": mode-000 files to read and devices to make. */
  needs?: 'root';
  tree: TreeEntry[];
  /** Length, SHA-256 and per-entry header digests (first 32 hex digits) of Docker's stream. */
  bytes: number;
  sha256: string;
  headers: string[];
}

export function loadPackCases(): PackCase[] {
  const tarTrees = readJson<{ cases: { tree: TreeEntry[] }[] }>('./tar-cases.json').cases;
  return readJson<{ cases: (Omit<PackCase, 'id' | 'tree'> & { tree?: TreeEntry[]; tarCase?: number })[] }>(
    './pack-cases.json',
  ).cases.map(({ tarCase, tree, ...c }, id) => ({ ...c, id, tree: tree ?? tarTrees[tarCase!]!.tree }));
}

/** Exact bytes of a recorded path (or of any dialect string with its optional base64 twin). */
export function pathBytes(entry: { path: string; pathBase64?: string }): Buffer {
  return fieldBytes(entry.path, entry.pathBase64);
}
