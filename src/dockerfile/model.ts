// Our model of a Dockerfile as BuildKit's Dockerfile frontend sees it: stages, instructions,
// flags and arguments as its parser splits them, and the values its variable expansion gives.
// Plain, JSON-serialisable data. Lines are 1-based. Paths inside the image are absolute POSIX
// strings; paths into the build context are the values BuildKit records (see context-refs.ts).

export type EscapeToken = '\\' | '`';

/** Something BuildKit would reject: the build fails with this message. */
export interface DockerfileProblem {
  line: number;
  message: string;
  /** The input passed a limit of buildctx (expansion length, nesting, pattern cost): not a Docker error. */
  limit?: true;
}

/** A `# name=value` parser directive (syntax, escape, check). */
export interface ParserDirective {
  /** Lower-cased, as BuildKit compares it. */
  name: string;
  value: string;
  line: number;
}

export interface Heredoc {
  /** The delimiter word, quotes removed. */
  name: string;
  /** The `3` of `3<<EOF`; 0 when not given. */
  fileDescriptor: number;
  /** False when the delimiter was quoted: the body is then not variable-expanded. */
  expand: boolean;
  /** `<<-`: leading tabs are removed from the body. */
  chomp: boolean;
  /** The body exactly as written, line endings included, before any chomping. */
  content: string;
}

/** A word after BuildKit's quote removal and variable expansion. */
export interface ExpandedWord {
  /** As written in the Dockerfile. */
  raw: string;
  /** As BuildKit uses it. */
  value: string;
  /**
   * Variables whose value this model cannot know (the base image's ENV, a platform that was
   * not given): `value` assumed them unset or empty and may differ in a real build. Sorted.
   */
  unresolved: string[];
}

/** `--name=value`, or `--name` (value null). */
export interface InstructionFlag {
  name: string;
  value: string | null;
}

export interface RunMount {
  /** The `--mount` value. */
  spec: string;
  /** bind, cache, tmpfs, secret or ssh. */
  type: string;
  /** `from=` as written (never expanded by BuildKit), or null. */
  from: string | null;
  /** Index of the stage `from` names, or null for the build context, an image or none. */
  fromStage: number | null;
  source: ExpandedWord | null;
  target: ExpandedWord | null;
  /** Absolute mount point, relative targets joined to the WORKDIR. */
  targetPath: string | null;
  id: string | null;
  readOnly: boolean;
  /** Every key=value field, keys lower-cased, values expanded. */
  options: Record<string, string>;
}

/** COPY and ADD. */
export interface CopyDetails {
  /** `--from` as written, or null. */
  from: string | null;
  /** Index of the stage `--from` names (by name or index), or null (context, image, none). */
  fromStage: number | null;
  /** Path sources (every source that is not a heredoc), expanded. */
  sources: ExpandedWord[];
  /** Names of the heredoc sources (`COPY <<EOF /dst`). */
  heredocSources: string[];
  destination: ExpandedWord;
  /** Absolute destination as the file operation uses it (cleaned, trailing "/" kept). */
  destinationPath: string;
  /**
   * True when the destination is relative and no WORKDIR of this Dockerfile fixes the base:
   * the base image's own WorkingDir (not known here, "/" assumed) decides it.
   */
  destinationFromImage: boolean;
  chown: string | null;
  chmod: string | null;
  link: boolean;
  parents: boolean;
  /** `--exclude` patterns in order (not variable-expanded). */
  excludes: string[];
  checksum: string | null;
  keepGitDir: boolean | null;
  unpack: boolean | null;
}

export interface RunDetails {
  /** Exec form arguments, or the shell-form command line as one element. */
  command: string[];
  shellForm: boolean;
  mounts: RunMount[];
  network: string | null;
}

export interface EnvAssignment {
  key: string;
  value: ExpandedWord;
}

export interface ArgDeclaration {
  key: string;
  /** The default as written, or null. */
  default: string | null;
  /** The value the ARG takes (build arg, expanded default, or inherited global), or null when unset. */
  value: string | null;
  unresolved: string[];
}

export interface Instruction {
  /** Upper-cased keyword, e.g. COPY. */
  keyword: string;
  startLine: number;
  /** Last line, continuation lines and heredoc bodies included. */
  endLine: number;
  /** The source lines as written. */
  text: string;
  flags: InstructionFlag[];
  /** Arguments after the flags, split as BuildKit's parser splits them (quotes still in place). */
  args: string[];
  /** True for the JSON (exec) form. */
  json: boolean;
  heredocs: Heredoc[];
  copy?: CopyDetails;
  run?: RunDetails;
  workdir?: { path: ExpandedWord; resolved: string; fromImage: boolean };
  env?: EnvAssignment[];
  arg?: ArgDeclaration[];
  /** ONBUILD: the trigger instruction's text. */
  onbuild?: string;
  /** For an ONBUILD trigger run in a child stage: the line of the ONBUILD in the base stage. */
  triggerLine?: number;
}

export interface Stage {
  index: number;
  /** The `AS` name, lower-cased as BuildKit stores it, or null. */
  name: string | null;
  /** The FROM line. */
  startLine: number;
  endLine: number;
  /** The FROM image or stage name after global ARG substitution. */
  base: ExpandedWord;
  /** `FROM --platform=` after substitution, or null. */
  platform: ExpandedWord | null;
  /** Index of the earlier stage `base` names, or null for an image or scratch. */
  baseStage: number | null;
  isScratch: boolean;
  instructions: Instruction[];
  /** ONBUILD instructions of `baseStage`, which BuildKit runs first in this stage. */
  triggers: Instruction[];
}

export interface GlobalArg {
  key: string;
  default: string | null;
  value: string | null;
  unresolved: string[];
  line: number;
}

export interface DockerfileModel {
  escapeToken: EscapeToken;
  directives: ParserDirective[];
  /** The `# syntax=` image, or null. */
  syntax: string | null;
  /** ARGs before the first FROM. */
  globalArgs: GlobalArg[];
  stages: Stage[];
  /** Index of the stage that is built (`--target` or the last stage), or null. */
  target: number | null;
  problems: DockerfileProblem[];
}

export interface ParseOptions {
  /** `--build-arg` values. */
  buildArgs?: Record<string, string>;
  /** `--target` stage name. */
  target?: string;
  /** Target platform (`linux/arm64`, `linux/arm/v7`, ...); TARGET* ARGs are unresolved without a valid one. */
  platform?: string;
  /** Platform of the builder; BUILD* ARGs are unresolved without a valid one. */
  buildPlatform?: string;
}
