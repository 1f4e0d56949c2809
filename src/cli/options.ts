// Each command's option table: the same object is handed to node:util parseArgs and rendered as
// the command's --help (usage.ts), so help and parser cannot drift. Kept in step with the command
// pages in docs/commands/.
import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  /** The value's placeholder in help (FILE, N, LEVEL); string options only. */
  readonly arg?: string;
  /** What the option does; a newline starts a continuation line in help. */
  readonly help: string;
};

export type OptionTable = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec {
  /** The usage line after "Usage: ". */
  readonly usage: string;
  /** What the command does, before the options. */
  readonly about: string;
  readonly options: OptionTable;
  /** Text after the options: exit codes, what is recognised. */
  readonly after?: string;
}

/** --config, --no-config, --print-config; `from` names where the search for the file starts. */
function configOptions(from: string) {
  return {
    config: {
      type: 'string',
      arg: 'FILE',
      help: `read settings from FILE instead of the configuration file found from\n${from} up to the repository root (buildctx.config.json,\n.buildctx.json or a package.json "buildctx" key)`,
    },
    'no-config': { type: 'boolean', help: 'read no configuration file' },
    'print-config': {
      type: 'boolean',
      help: 'print the merged settings and where each came from (--format json too)',
    },
  } as const satisfies OptionTable;
}

const HELP = { type: 'boolean', short: 'h', help: 'this help' } as const satisfies OptionSpec;
const FILE = {
  type: 'string',
  short: 'f',
  arg: 'DOCKERFILE',
  help: 'the Dockerfile (decides a Dockerfile-specific ignore file)',
} as const satisfies OptionSpec;
const IGNORE_FILE = {
  type: 'string',
  arg: 'FILE',
  help: "use this ignore file instead of Docker's choice",
} as const satisfies OptionSpec;
const NO_COLOR = { type: 'boolean', help: 'no colours (also NO_COLOR=1)' } as const satisfies OptionSpec;
const DISABLE = {
  type: 'string',
  multiple: true,
  arg: 'ID',
  help: 'do not run check ID (repeatable; see --list-checks)',
} as const satisfies OptionSpec;
const PLATFORM = {
  type: 'string',
  arg: 'OS/ARCH',
  help: 'target platform, as for the report',
} as const satisfies OptionSpec;
const LIBC = {
  type: 'string',
  arg: 'glibc|musl',
  help: 'target libc, as for the report',
} as const satisfies OptionSpec;
const DEEP = { type: 'boolean', help: 'as for the report' } as const satisfies OptionSpec;
const NO_SNIFF = { type: 'boolean', help: 'as for the report' } as const satisfies OptionSpec;
const MAX_SIZE = {
  type: 'string',
  arg: 'SIZE',
  help: 'fail (exit 1) when more content bytes are sent (500MB, 1.5GiB, 1048576;\nkB/MB/GB/TB = 10^3.., KiB/MiB/GiB/TiB = 2^10..)',
} as const satisfies OptionSpec;
const MAX_FILES = {
  type: 'string',
  arg: 'N',
  help: 'fail (exit 1) when more files are sent',
} as const satisfies OptionSpec;
const FAIL_ON = {
  type: 'string',
  arg: 'LEVEL',
  help: 'error (default), warning, info or none',
} as const satisfies OptionSpec;

const report = {
  usage: 'buildctx [report] [CONTEXT] [options]',
  about: `Reports what the build context sends: files, directories, bytes, the classic builder's tar size,
what the ignore file keeps out, the largest directories and files, and findings.`,
  options: {
    help: HELP,
    file: { ...FILE, help: 'the Dockerfile (default CONTEXT/Dockerfile)' },
    'ignore-file': IGNORE_FILE,
    format: {
      type: 'string',
      arg: 'FORMAT',
      help: 'table (default), json, sarif, markdown (PR comment), github\n(workflow commands that annotate the diff) or html (a zoomable\ntreemap in one self-contained page; use with -o report.html)',
    },
    output: {
      type: 'string',
      short: 'o',
      arg: 'FILE',
      help: 'write the report to FILE (replaced atomically) instead of stdout',
    },
    top: { type: 'string', arg: 'N', help: 'how many of the largest directories and files (default 10)' },
    'fail-on': {
      ...FAIL_ON,
      help: 'error (default), warning, info or none: exit 1 when a finding at or\nabove LEVEL is reported that the baseline does not hold',
    },
    disable: DISABLE,
    'max-size': MAX_SIZE,
    'max-files': MAX_FILES,
    baseline: {
      type: 'string',
      arg: 'FILE',
      help: 'a JSON report of an earlier run: report what was added since, and\nlet only new findings fail',
    },
    'max-growth': {
      type: 'string',
      arg: 'SIZE|PCT',
      help: "fail (exit 1) when the content bytes grew by more than SIZE (10MB)\nor PCT of the baseline's (5%) since --baseline; names where it grew",
    },
    'baseline-detail': {
      type: 'boolean',
      help: 'with --format json: path sizes for every path, not per directory\ndown to depth 4 (what a later --baseline compares)',
    },
    'list-checks': { type: 'boolean', help: 'list every check: id, default severity, title (--format json too)' },
    quiet: { type: 'boolean', short: 'q', help: 'table: only the findings and the verdict' },
    verbose: {
      type: 'boolean',
      short: 'v',
      help: "table: every total, every largest row, each finding's full message and fix",
    },
    'no-color': NO_COLOR,
    platform: {
      ...PLATFORM,
      help: "target platform (linux/amd64, linux/arm64, linux/arm/v7, …); default: the\nfinal stage's FROM --platform, else linux/amd64. Several, comma-separated\n(linux/amd64,linux/arm64): binaries are checked against each",
    },
    libc: { ...LIBC, help: "target libc; default: from the final base image's name, else glibc" },
    deep: { type: 'boolean', help: 'identify every file by its bytes, not only the ones that can matter' },
    'no-sniff': { type: 'boolean', help: 'do not read any file to identify it (binary checks then see nothing)' },
    target: {
      type: 'string',
      arg: 'STAGE',
      help: 'the stage to build, as docker build --target (default: the last one);\ndecides what the Dockerfile requests and which stages are checked',
    },
    'build-arg': {
      type: 'string',
      multiple: true,
      arg: 'KEY=VALUE',
      help: "a build argument, as docker build --build-arg (repeatable; a bare KEY\ntakes the environment variable's value)",
    },
    'build-context': {
      type: 'string',
      multiple: true,
      arg: 'NAME=PATH',
      help: 'a named context, as docker buildx build --build-context\n(repeatable): a local PATH is walked with its own .dockerignore and\nCOPY --from=NAME is checked against it; docker-image:// or a URL is listed',
    },
    'no-progress': {
      type: 'boolean',
      help: 'no live progress line on stderr (it only shows on a terminal, not in CI)',
    },
    ...configOptions('CONTEXT'),
  },
  after: 'Flags override the configuration file (docs/configuration.md).',
} as const satisfies CommandSpec;

const ls = {
  usage: 'buildctx ls [CONTEXT] [options]',
  about: 'Lists every path the build context sends (BuildKit), sorted by bytes; directories end with "/".',
  options: {
    help: HELP,
    excluded: {
      type: 'boolean',
      help: 'list what the ignore file keeps out instead (an excluded directory\nstands for everything below it)',
    },
    z: {
      type: 'boolean',
      short: 'z',
      help: 'end each path with NUL instead of a newline (names are written as raw bytes)',
    },
    json: { type: 'boolean', help: '[{ "path", "type": "file|dir|symlink|other", "size" }]' },
    format: { type: 'string', arg: 'text|json', help: 'text (default; also "table") or json (as --json)' },
    file: FILE,
    'ignore-file': IGNORE_FILE,
    'max-size': { ...MAX_SIZE, help: 'after listing, exit 1 when more content bytes are sent than SIZE' },
    'max-files': { ...MAX_FILES, help: 'after listing, exit 1 when more files are sent than N' },
  },
} as const satisfies CommandSpec;

const why = {
  usage: 'buildctx why PATH... [-C CONTEXT] [options]',
  about: `For each PATH, says whether docker build sends it and which ignore-file line decided, or "no rule
matched"; notes when the walker never enters an excluded parent. A PATH is absolute (inside the
context) or relative to the working directory when that lies inside the context, else to the
context. A directory an exception sends as the parent of a kept file is "sent".`,
  options: {
    help: HELP,
    context: { type: 'string', short: 'C', arg: 'DIR', help: 'the build context (default .)' },
    file: FILE,
    'ignore-file': IGNORE_FILE,
    stdin: { type: 'boolean', help: 'read more paths from standard input, one a line (raw bytes)' },
    z: { type: 'boolean', short: 'z', help: 'with --stdin: paths end with NUL instead of a newline' },
    base64: {
      type: 'boolean',
      help: 'each PATH is base64 of its context-relative bytes (the "pathBase64"\nthat ls --json and why --json print for non-UTF-8 names)',
    },
    'exit-code': {
      type: 'boolean',
      help: 'exit 1 when any PATH is excluded (default: 0 once every PATH is answered)',
    },
    json: { type: 'boolean', help: 'machine-readable output' },
    format: { type: 'string', arg: 'text|json', help: 'text (default; also "table") or json (as --json)' },
  },
  after: `Exit codes: 0 every PATH answered (and, with --exit-code, all sent); 1 with --exit-code, a PATH is
excluded; 2 a PATH outside the context, or another usage or operational error.`,
} as const satisfies CommandSpec;

const pack = {
  usage: 'buildctx pack [CONTEXT] [-o FILE|-] [options]',
  about: `Writes the context as the exact tar the classic builder (DOCKER_BUILDKIT=0) streams to the daemon:
same entries, order and length as "tarBytes" in the report. \`docker build - < FILE\` builds from it.`,
  options: {
    help: HELP,
    output: {
      type: 'string',
      short: 'o',
      arg: 'FILE|-',
      help: 'where to write (default: stdout, which must not be a terminal)',
    },
    file: { ...FILE, help: 'the Dockerfile (a Dockerfile outside the context is injected as Docker does)' },
    'ignore-file': { ...IGNORE_FILE, help: 'use this ignore file instead of CONTEXT/.dockerignore' },
  },
} as const satisfies CommandSpec;

const fix = {
  usage: 'buildctx fix [CONTEXT] [--write] [options]',
  about: `Appends the .dockerignore lines that resolve the findings (each finding's suggested lines) as one
commented block at the end of the ignore file Docker reads — the Dockerfile-specific one when it
is in use, else CONTEXT/.dockerignore (created when missing). Existing lines are never changed.
Each line is measured on the real tree with Docker's matcher; a bare name becomes **/name when the
tree has nested copies; a line that would remove a path a COPY/ADD source names is refused; an
existing ! exception keeps its effect. Without --write, prints the diff and the before/after totals.`,
  options: {
    help: HELP,
    write: {
      type: 'boolean',
      help: 'write the ignore file (atomically) instead of printing what would change',
    },
    format: {
      type: 'string',
      arg: 'text|json',
      help: 'text (default: the diff, the lines and the totals) or json',
    },
    file: { ...FILE, help: 'the Dockerfile (decides the Dockerfile-specific ignore file and the COPY sources)' },
    'ignore-file': { ...IGNORE_FILE, help: "edit this ignore file instead of Docker's choice" },
    only: { type: 'string', multiple: true, arg: 'ID', help: 'fix only the findings of check ID (repeatable)' },
    disable: { ...DISABLE, help: 'do not run check ID (repeatable)' },
    platform: PLATFORM,
    libc: LIBC,
    ...configOptions('CONTEXT'),
  },
  after: `Exit codes: 0 nothing to do, or every finding is resolved; 1 findings remain that no ignore line
fixes (listed); 2 usage or operational error. Flags override the configuration file
(docs/configuration.md); fix reads its checks, ignorePaths, platform and libc.`,
} as const satisfies CommandSpec;

const scan = {
  usage: 'buildctx scan --all [ROOT] [options]',
  about: `Finds every build below ROOT (default .) — Compose projects read as docker compose reads them
(compose.yaml & co. with their override file, .env, include, extends, profiles; every other
*compose*.y(a)ml is a project of its own) and Dockerfiles (Dockerfile, *.Dockerfile, Dockerfile.*)
no Compose file names — skipping node_modules and .git, analyzes each with its target and args,
and prints one summary table and the findings of each build. A Dockerfile nobody names gets the
nearest directory up to ROOT that holds every COPY source as its context. --all is required.`,
  options: {
    help: HELP,
    all: { type: 'boolean', help: 'scan every build below ROOT (required)' },
    format: {
      type: 'string',
      arg: 'FORMAT',
      help: 'table (default) or json (an array of reports, each with "build")',
    },
    'fail-on': {
      ...FAIL_ON,
      help: 'error (default), warning, info or none: exit 1 when any build has a\nfinding at or above LEVEL',
    },
    disable: { ...DISABLE, help: 'do not run check ID (repeatable)' },
    platform: PLATFORM,
    libc: LIBC,
    deep: DEEP,
    'no-sniff': NO_SNIFF,
    'allow-outside': {
      type: 'boolean',
      help: 'read build contexts and Compose files outside ROOT (refused by default)',
    },
    'no-color': NO_COLOR,
    ...configOptions('ROOT'),
  },
  after: `Exit codes: 0 ok; 1 a build fails --fail-on; 2 usage error, or a build that cannot be analyzed
(a context outside ROOT included). A Compose file Compose would refuse is a warning on stderr.
Flags override the configuration file; its overrides apply to each build by its context
(docs/configuration.md).`,
} as const satisfies CommandSpec;

const compose = {
  usage: 'buildctx compose [SERVICE...] [options]',
  about: `Loads the Compose project as docker compose does — -f files, else COMPOSE_FILE (split on
COMPOSE_PATH_SEPARATOR), else compose.yaml (or compose.yml, docker-compose.yml,
docker-compose.yaml) found from here upwards plus its override file; .env interpolation, include,
extends, profiles, the merge rules with !reset and !override — and analyzes the build of each
SERVICE (default: every active service with a build) with its context, Dockerfile (or
dockerfile_inline), target, args, platforms and additional_contexts.`,
  options: {
    help: HELP,
    file: {
      type: 'string',
      short: 'f',
      multiple: true,
      arg: 'FILE',
      help: 'a Compose file (repeatable; replaces the default files)',
    },
    'project-directory': {
      type: 'string',
      arg: 'DIR',
      help: "the project directory (default: the first file's directory)",
    },
    'env-file': {
      type: 'string',
      multiple: true,
      arg: 'FILE',
      help: 'variables for interpolation instead of .env (repeatable)',
    },
    profile: {
      type: 'string',
      multiple: true,
      arg: 'NAME',
      help: 'enable services of this profile (repeatable; default COMPOSE_PROFILES)',
    },
    format: {
      type: 'string',
      arg: 'FORMAT',
      help: 'table (default), json ({project, builds[]}: one report per build),\nsarif (one run per build), markdown or github',
    },
    output: {
      type: 'string',
      short: 'o',
      arg: 'FILE',
      help: 'write the output to FILE (replaced atomically) instead of stdout',
    },
    'fail-on': FAIL_ON,
    disable: { ...DISABLE, help: 'do not run check ID (repeatable)' },
    platform: { ...PLATFORM, help: "target platform(s) for every build (default: the service's platforms)" },
    libc: LIBC,
    deep: DEEP,
    'no-sniff': NO_SNIFF,
    'no-color': NO_COLOR,
    ...configOptions('the project directory'),
  },
  after: `Exit codes: 0 ok; 1 a build fails --fail-on; 2 usage error, a Compose file Compose would refuse
(file:line named, or the unset required variable), or a build that cannot be analyzed.
Flags override the configuration file; its overrides apply to each build by its context
(docs/configuration.md).`,
} as const satisfies CommandSpec;

const diagnose = {
  usage: 'buildctx diagnose [CONTEXT] [--error TEXT | --log FILE | -] [options]',
  about: `Reads an error message — or a whole docker build / docker run / docker compose log, a Python
traceback, a Node stack trace — finds the file of the build context it is about, and explains it:
what the file is, why the message appears for it, and the .dockerignore lines and Dockerfile
change that fix it. Says so when the message is not caused by the context. The message comes from
--error, --log, or standard input (a "-" argument, or whatever is piped in).`,
  options: {
    help: HELP,
    error: {
      type: 'string',
      short: 'e',
      multiple: true,
      arg: 'TEXT',
      help: 'the message (repeatable; joined with newlines)',
    },
    log: { type: 'string', arg: 'FILE', help: 'a log file; "-" reads standard input' },
    file: {
      ...FILE,
      help: 'the Dockerfile, for COPY destinations and WORKDIR (default CONTEXT/Dockerfile)',
    },
    'ignore-file': IGNORE_FILE,
    platform: {
      ...PLATFORM,
      help: "the image's platform (default: what the log says, else the Dockerfile, else linux/amd64);\nseveral, comma-separated, for a multi-platform build: the one the log names",
    },
    libc: {
      ...LIBC,
      help: "the image's C library (default: the log, else the base image's name, else glibc)",
    },
    target: { type: 'string', arg: 'STAGE', help: 'the stage that was built (default: the last one)' },
    format: { type: 'string', arg: 'FORMAT', help: 'text (default) or json' },
    'no-color': NO_COLOR,
  },
  after: `Recognised: glibc and musl loader errors (invalid ELF header, wrong ELF class, not little-endian,
file too short, "cannot open shared object file" for a file that exists, version \`GLIBC_x.y' not
found, Error relocating …), exec format errors (runc, shells, Python) and the shell's
'Syntax error … (expecting ")")', "not found" / "required file not found" / bad interpreter for
an existing program, Python ModuleNotFoundError for extension modules and bad magic number, Node
ERR_DLOPEN_FAILED and NODE_MODULE_VERSION, sharp, esbuild and rollup platform errors, uv's
"virtual environment already exists" and "not a valid Python environment"; and look-alikes that are not context problems (ELF
alignment, Module did not self-register, a missing system library, a whole-image platform
mismatch).

Exit codes: 0 a file in the context explains the error, 1 the error was read but nothing in the
context explains it (or no known message was found), 2 usage or operational error.`,
} as const satisfies CommandSpec;

export const COMMAND_SPECS = { report, ls, why, pack, fix, scan, compose, diagnose } as const;

export type CommandName = keyof typeof COMMAND_SPECS;
