// The data model. Plain, JSON-serialisable data only: no classes, no functions except the
// check interface at the end. Paths are context-relative POSIX paths (no leading "./", no
// trailing "/"); bytes of a name that are not valid UTF-8 are carried as U+DC80+byte
// (the PEP 383 "surrogateescape" convention), see src/paths.ts.

export type Severity = 'error' | 'warning' | 'info';

export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

/** What an entry of type `other` is. */
export type SpecialKind = 'fifo' | 'socket' | 'char-device' | 'block-device';

/** One path of the context directory, as lstat(2) saw it. */
export interface ContextEntry {
  path: string;
  type: EntryType;
  /** Bytes of content: lstat size for regular files, 0 for everything else. */
  size: number;
  /** st_mode: file type and permission bits. */
  mode: number;
  /** Modification time in milliseconds since the epoch. */
  mtimeMs: number;
  /** Inode number, set only for non-directories with more than one hard link. */
  ino?: number;
  /** Device id (st_rdev), set only for character and block devices. */
  rdev?: number;
  /** Symlink target exactly as stored in the link. */
  linkTarget?: string;
  special?: SpecialKind;
}

/** A path the ignore file keeps out; directories stand for everything below them. */
export interface ExcludedEntry {
  path: string;
  type: EntryType;
  /** Regular files at or below the path. */
  files: number;
  /** Content bytes at or below the path. */
  bytes: number;
  /** Index into IgnoreFile.patterns of the rule that excluded it. */
  rule: number;
}

/** One pattern of an ignore file after Docker's parsing (ignorefile.ReadAll). */
export interface IgnorePattern {
  /** The pattern as ReadAll produced it, including a leading "!" for exceptions. */
  pattern: string;
  /** 1-based line number in the ignore file. */
  line: number;
  /** The raw line text (without the line terminator). */
  text: string;
}

export type IgnoreFileSource = 'dockerfile-specific' | 'root' | 'option';

export interface IgnoreFile {
  /** Absolute path of the file that was read. */
  path: string;
  /** Path relative to the context when it lies inside it, for display. */
  displayPath: string;
  source: IgnoreFileSource;
  patterns: IgnorePattern[];
}

export interface DirSize {
  path: string;
  /** Content bytes sent from at or below this directory. */
  bytes: number;
  /** Non-directory entries sent from at or below this directory. */
  files: number;
}

export interface FileSize {
  path: string;
  bytes: number;
  /** Content kind from magic bytes (`file-type` or our sniffer), when known. */
  kind?: string;
}

/** Large files of one content kind (from their bytes), and the top-level directories holding most of them. */
export interface ContentKindTotal {
  kind: 'archive' | 'image' | 'video' | 'audio' | 'database' | 'model-weights' | 'document' | 'executable' | 'font';
  files: number;
  bytes: number;
  /** Top-level directories (or "." for files at the root) with the most bytes of this kind. */
  dirs: DirSize[];
}

export interface Summary {
  /** Non-directory entries sent (regular files, symlinks, special files). */
  files: number;
  /** Directory entries sent. */
  dirs: number;
  /** Content bytes of the regular files sent. */
  bytes: number;
  /** Exact length of the uncompressed tar the classic builder streams. */
  tarBytes: number;
  /** Non-directory entries the ignore file keeps out (counted below pruned directories too). */
  excludedFiles: number;
  /** Content bytes the ignore file keeps out. */
  excludedBytes: number;
  symlinks: number;
  specialFiles: number;
  /** Files whose bytes were read to identify them (binaries, bytecode, executables). */
  sniffedFiles: number;
  /**
   * Non-directory entries BuildKit requests for the target: what its COPY/ADD/RUN --mount sources
   * name (FollowPaths); the eligible set when the whole context is requested (`COPY . .`, no
   * Dockerfile); 0 when the Dockerfile never reads the context.
   */
  referencedFiles: number;
  /** Content bytes of the regular files among them. */
  referencedBytes: number;
  /** Estimate of BuildKit's `transferring context: N` for a cold build of the referenced entries (spec §8.2). */
  transferBytes: number;
  /**
   * Eligible non-directory entries that no COPY/ADD of the target's stages puts in an image and no
   * RUN --mount reads: sent for nothing by the classic builder (and by BuildKit when referenced);
   * null without a Dockerfile.
   */
  uncopiedFiles: number | null;
  uncopiedBytes: number | null;
  /** Identified files for another platform that no runtime in the image loads (see `binaries.harmless`). */
  harmlessForeign: number;
  /**
   * Findings a suppression accepts (a `# buildctx-ignore` comment or the config's `ignorePaths`):
   * kept in `findings` with `suppressed: true`, counted here, never failing the run.
   */
  suppressedFindings: number;
}

/** What identifying files by their bytes found. */
export interface BinariesSummary {
  /** Which files were read: `candidates` (names, modes and locations that can matter), `all` (--deep), `off` (--no-sniff). */
  sniffing: 'candidates' | 'all' | 'off';
  /** Files read (= summary.sniffedFiles). */
  sniffed: number;
  /** Files read, by format (`elf`, `macho`, `pe`, `pyc`, `script`, …), keys sorted. */
  byFormat: Record<string, number>;
  /** Machine code for another OS, CPU, libc or Node ABI, harmless files included. */
  foreign: number;
  /** Foreign files no runtime in the image loads (= summary.harmlessForeign). */
  harmlessForeign: number;
  /** Those, by reason (`multi-platform-prebuilds`, `windows-launcher`, …), keys sorted. */
  harmless: Record<string, number>;
}

/** The platform the image is built for, and where each fact came from. */
export interface ReportTarget {
  /** Docker platform string, e.g. "linux/amd64". */
  platform: string;
  platformSource: 'option' | 'dockerfile' | 'base-image' | 'default';
  libc: 'glibc' | 'musl';
  libcSource: 'option' | 'dockerfile' | 'base-image' | 'default';
  /** The final stage's base image, when there is a Dockerfile. */
  baseImage: string | null;
  /** Every platform of a multi-platform build (`--platform a,b`), the first being `platform`; absent for one. */
  platforms?: string[];
}

/** A named build context (`--build-context NAME=SOURCE`, Compose `additional_contexts`, bake `contexts`). */
export interface NamedContextReport {
  name: string;
  /** `local`: a directory; `image`: docker-image://, oci-layout://, target:; `service`: Compose service:; `remote`: Git or URL. */
  kind: 'local' | 'image' | 'service' | 'remote';
  /** Absolute directory when local, else as written. */
  source: string;
  /** A stage the target builds reads it (COPY --from=NAME, RUN --mount from=NAME, FROM NAME). */
  used: boolean;
  /** Absolute path of its own `.dockerignore`, when it has one and was walked. */
  ignoreFile: string | null;
  /** Files and content bytes it sends; null when it was not walked (not local, or not used). */
  files: number | null;
  bytes: number | null;
  excludedFiles: number | null;
}

export interface Finding {
  /** The check id, e.g. `foreign-binary`. */
  check: string;
  severity: Severity;
  /** The file the finding is about (context-relative), e.g. the binary, or the Dockerfile. */
  path: string;
  /** 1-based line in `path` when the finding points into a text file (Dockerfile, ignore file). */
  line?: number;
  message: string;
  /**
   * Flat facts for machines: format, arch, bytes, count, ignoreLines, … A check that can report
   * several findings on one path sets `fingerprintKey` (a string that does not depend on line
   * numbers) so each keeps its own identity.
   */
  data: Record<string, unknown>;
  /** Stable identity of the finding: the same problem gets the same value on every run and machine (src/analyze/fingerprint.ts). */
  fingerprint: string;
  /** Set only when a baseline was given: true when the baseline does not hold this finding. */
  new?: boolean;
  /** True when a suppression covers the finding: it stays in JSON and SARIF, is counted, and never fails the run. */
  suppressed?: true;
  /** Which suppression, when `suppressed`. */
  suppression?: SuppressionRef;
}

/** Where a suppression was written. */
export interface SuppressionRef {
  /** `dockerfile`: `# buildctx-ignore ID reason` before an instruction; `ignore-file`: `# buildctx-ignore ID: PATH`; `config`: the configuration file's `ignorePaths`. */
  source: 'dockerfile' | 'ignore-file' | 'config';
  /** The file it is written in (context-relative when inside the context), or null for `ignorePaths` given to the library. */
  file: string | null;
  /** 1-based line of the comment, or null (config). */
  line: number | null;
  /** The reason given, or null. */
  reason: string | null;
}

/** One `# buildctx-ignore` comment, parsed (facts/suppressions.ts). */
export interface SuppressionDirective extends SuppressionRef {
  /** Check ids it names. */
  checks: string[];
  /** dockerfile: the lines of the instruction it stands before. */
  lines?: { from: number; to: number };
  /** ignore-file: the context path it names (a directory covers what is below it). */
  path?: string;
  /** Ids it names that are no check's. */
  unknown?: string[];
}

/** What a Dockerfile change does instead of an ignore line (see `DockerfileChange`). */
export type DockerfileChangeKind = 'install-in-image' | 'build-in-stage' | 'convert-crlf';

/**
 * A change to the Dockerfile that resolves a finding where an ignore line cannot (the Dockerfile
 * names the files) — as edits that can be applied and the result analysed again
 * (`applyDockerfileChange` in src/fix/dockerfile-change.ts). Findings carry it as
 * `data.dockerfileChange`; `data.dockerfileFix` holds its summary for people.
 */
export interface DockerfileChange {
  kind: DockerfileChangeKind;
  /** The Dockerfile (display path) the edits apply to. */
  dockerfile: string;
  /** One sentence for people. */
  summary: string;
  /**
   * Edits on the Dockerfile's lines as read (1-based): replace `deleteCount` lines from `line`
   * with `insert` (deleteCount 0 inserts before `line`). Edits never overlap; they are applied
   * from the last to the first.
   */
  edits: { line: number; deleteCount: number; insert: string[] }[];
  /**
   * install-in-image: the project's own tool, from its lock files (npm, yarn, pnpm, bun, uv, poetry,
   * pipenv, pip, bundle, conda); build-in-stage: the language the stage compiles (go, rust, c).
   */
  tool?: string;
  /** install-in-image: the manifests copied before the install (context paths). */
  manifests?: string[];
}

export type LimitName = 'max-size' | 'max-files';

/** A `--max-size` / `--max-files` guard and what it measured. */
export interface LimitResult {
  limit: LimitName;
  max: number;
  actual: number;
  exceeded: boolean;
  /** The biggest top-level entries of the context, by the limit's measure. */
  contributors: DirSize[];
}

/** Where a path of the context stands: copied into an image, sent but never copied, sent (no Dockerfile to tell), kept out by the ignore file. */
export type TreeStatus = 'copied' | 'unused' | 'sent' | 'excluded';

/** The context as a tree for the treemap (`report.tree`, with `tree: true`); aggregated to a bounded size. */
export interface ContextTreeNode {
  /** Last path segment ("" for the context root); for an aggregate, "(N smaller items)". */
  name: string;
  /** Context-relative path ("" for the root; an aggregate carries its directory's path). */
  path: string;
  bytes: number;
  /** Non-directory entries at or below it. */
  files: number;
  /** A file's status; a directory's is the status of most of its bytes. */
  status: TreeStatus;
  /** For an excluded path: the ignore-file line that excluded it. */
  ignoreLine?: number;
  /** True for the node that stands for the smaller entries of its directory with one status. */
  other?: true;
  children?: ContextTreeNode[];
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'buildctx'; version: string };
  /** Absolute path of the context directory. */
  context: string;
  /** Absolute path of the Dockerfile used, or null when there is none. */
  dockerfile: string | null;
  /** The ignore file used (display path), or null. */
  ignoreFile: string | null;
  ignoreFileSource: IgnoreFileSource | null;
  summary: Summary;
  target: ReportTarget;
  largestDirs: DirSize[];
  largestFiles: FileSize[];
  /** Sent files of at least 1 MB by content kind (file-type on their first bytes). */
  contentKinds: ContentKindTotal[];
  binaries: BinariesSummary;
  findings: Finding[];
  /**
   * The ignore-file patterns `buildctx fix --write` appends for these findings, in order: each
   * finding's `data.ignoreLines` as fix plans them (checked on the tree; none removes what the
   * Dockerfile names; none that removes nothing more). Empty when no finding suggests a line.
   */
  suggestedIgnoreLines: string[];
  /** Limits that were checked (empty when none were given). */
  limits: LimitResult[];
  /**
   * Bytes and files per path, for a later run's `--baseline` to say where the context grew
   * (JSON output only): directories and files down to `depth`, or every path with
   * `--baseline-detail` (`depth` null).
   */
  pathSizes?: PathSizes;
  /** What changed since a previous report, when one was given (`--baseline`). */
  baseline?: BaselineComparison;
  /** The context as an aggregated tree (only when asked for: `--format html`). */
  tree?: ContextTreeNode;
  /** Named build contexts, when the build has any; findings about them carry `data.namedContext`. */
  namedContexts?: NamedContextReport[];
}

/** Sizes per path: every directory and non-directory entry at most `depth` segments deep (null: all of them). */
export interface PathSizes {
  depth: number | null;
  /** Sorted by path; directories carry the totals below them. */
  paths: PathSize[];
}

export interface PathSize {
  path: string;
  type: 'dir' | 'file';
  /** Content bytes sent at or below the path. */
  bytes: number;
  /** Non-directory entries sent at or below it. */
  files: number;
}

/** A path whose bytes changed since the baseline, rolled up (see src/guard/path-growth.ts). */
export interface PathChange {
  path: string;
  type: 'dir' | 'file';
  status: 'added' | 'removed' | 'grown' | 'shrunk';
  /** Content bytes at or below the path: in the baseline, now, and after − before. */
  before: number;
  after: number;
  delta: number;
  /** Non-directory entries now minus in the baseline. */
  filesDelta: number;
}

/** A measure in the baseline and now. */
export interface Change {
  before: number;
  after: number;
  /** after − before (negative when it shrank). */
  delta: number;
}

/** `--max-growth`: how much `summary.bytes` may grow over the baseline. */
export interface GrowthLimitResult {
  /** Allowed growth in bytes (for a percentage: floor(baseline bytes × percent / 100)). */
  maxBytes: number;
  /** The percentage given, or null when the limit was a size. */
  percent: number | null;
  /** Measured growth in bytes (bytes.delta). */
  actual: number;
  exceeded: boolean;
}

export interface BaselineComparison {
  /** The baseline report file, as given. */
  file: string;
  /** Non-directory entries sent (summary.files). */
  files: Change;
  /** Content bytes sent (summary.bytes). */
  bytes: Change;
  /** Classic builder tar stream length (summary.tarBytes). */
  tarBytes: Change;
  /** Findings now that the baseline does not hold. */
  newFindings: number;
  /** Findings of the baseline that are gone (checks disabled now are not counted). */
  fixedFindings: number;
  growthLimit?: GrowthLimitResult;
  /**
   * Where the bytes changed, largest change first (at most MAX_PATH_CHANGES): each change once,
   * at the deepest path that holds it whole. Empty when the baseline report has no `pathSizes`.
   */
  paths: PathChange[];
  /** True when both reports had path sizes to compare (`paths` is then complete up to its limit). */
  pathsCompared: boolean;
}

export interface CheckMeta {
  id: string;
  title: string;
  defaultSeverity: Severity;
  /** One sentence for SARIF rule help and `--list-checks`. */
  description: string;
}

/** What a check yields; the registry adds `check` and resolves severity. `D` is the check's data type. */
export interface FindingDraft<D extends object = Record<string, unknown>> {
  path: string;
  line?: number;
  message: string;
  data: D;
  /** Only when the check's own facts decide it (e.g. a secret that a COPY puts in the image). */
  severity?: Severity;
}
