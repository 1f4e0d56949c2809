// Help texts. Kept in step with the command pages in docs/commands/.

const GENERAL = `buildctx — what exactly will docker build send, how big is it, and what in it will break the image

Usage:
  buildctx [CONTEXT] [options]          size report of the build context (default command)
  buildctx ls [CONTEXT] [options]       every path docker build sends, one per line
  buildctx why PATH... [-C CONTEXT]     which ignore-file line keeps a path in or out
  buildctx pack [CONTEXT] [-o FILE]     write the classic builder's context tar
  buildctx fix [CONTEXT] [--write]      the .dockerignore lines that resolve the findings
  buildctx scan --all [ROOT]            every Dockerfile and compose build below ROOT
  buildctx compose [SERVICE...]         each service's build as docker compose runs it
  buildctx diagnose [CONTEXT] --error TEXT | --log FILE | -
                                        from an error message to the context file that caused it
  buildctx help [COMMAND]               help for a command

Common options:
  -f, --file DOCKERFILE     the Dockerfile, as given to docker build -f (default CONTEXT/Dockerfile)
      --ignore-file FILE    use this ignore file instead of the one Docker would pick
  -h, --help                help
  -V, --version             print the version

Exit codes: 0 ok, 1 a limit exceeded or a finding at or above --fail-on (default error),
2 usage or operational error. diagnose: 0 a file in the context explains the error, 1 it does not.
`;

const TEXTS: Record<string, string> = {
  report: `Usage: buildctx [report] [CONTEXT] [options]

Reports what the build context sends: files, directories, bytes, the classic builder's tar size,
what the ignore file keeps out, the largest directories and files, and findings.

Options:
  -f, --file DOCKERFILE     the Dockerfile (default CONTEXT/Dockerfile)
      --ignore-file FILE    use this ignore file instead of Docker's choice
      --format FORMAT       table (default), json, sarif, markdown (PR comment), github
                            (workflow commands that annotate the diff) or html (a zoomable
                            treemap in one self-contained page; use with -o report.html)
  -o, --output FILE         write the report to FILE (replaced atomically) instead of stdout
      --top N               how many of the largest directories and files (default 10)
      --fail-on LEVEL       error (default), warning, info or none: exit 1 when a finding at or
                            above LEVEL is reported that the baseline does not hold
      --disable ID          do not run check ID (repeatable; see --list-checks)
      --max-size SIZE       fail (exit 1) when more content bytes are sent (500MB, 1.5GiB, 1048576;
                            kB/MB/GB/TB = 10^3.., KiB/MiB/GiB/TiB = 2^10..)
      --max-files N         fail (exit 1) when more files are sent
      --baseline FILE       a JSON report of an earlier run: report what was added since, and
                            let only new findings fail
      --max-growth SIZE|PCT fail (exit 1) when the content bytes grew by more than SIZE (10MB)
                            or PCT of the baseline's (5%) since --baseline; names where it grew
      --baseline-detail     with --format json: path sizes for every path, not per directory
                            down to depth 4 (what a later --baseline compares)
      --list-checks         list every check: id, default severity, title (--format json too)
  -q, --quiet               table: only the findings and the verdict
  -v, --verbose             table: every total, every largest row, each finding's full message and fix
      --no-color            no colours (also NO_COLOR=1)
      --platform OS/ARCH    target platform (linux/amd64, linux/arm64, linux/arm/v7, …); default: the
                            final stage's FROM --platform, else linux/amd64. Several, comma-separated
                            (linux/amd64,linux/arm64): binaries are checked against each
      --libc glibc|musl     target libc; default: from the final base image's name, else glibc
      --deep                identify every file by its bytes, not only the ones that can matter
      --no-sniff            do not read any file to identify it (binary checks then see nothing)
      --target STAGE        the stage to build, as docker build --target (default: the last one);
                            decides what the Dockerfile requests and which stages are checked
      --build-arg KEY=VALUE a build argument, as docker build --build-arg (repeatable; a bare KEY
                            takes the environment variable's value)
      --build-context NAME=PATH  a named context, as docker buildx build --build-context
                            (repeatable): a local PATH is walked with its own .dockerignore and
                            COPY --from=NAME is checked against it; docker-image:// or a URL is listed
      --no-progress         no live progress line on stderr (it only shows on a terminal, not in CI)
      --config FILE         read settings from FILE instead of the buildctx.config.json, .buildctx.json
                            or package.json "buildctx" key found from CONTEXT up to the repository root
      --no-config           read no configuration file
      --print-config        print the merged settings and where each came from (--format json too)

Flags override the configuration file (docs/configuration.md).
`,
  ls: `Usage: buildctx ls [CONTEXT] [options]

Lists every path the build context sends (BuildKit), sorted by bytes; directories end with "/".

Options:
      --excluded            list what the ignore file keeps out instead (an excluded directory
                            stands for everything below it)
  -z                        end each path with NUL instead of a newline (names are written as raw bytes)
      --json                [{ "path", "type": "file|dir|symlink|other", "size" }]
  -f, --file DOCKERFILE     the Dockerfile (decides a Dockerfile-specific ignore file)
      --ignore-file FILE    use this ignore file instead of Docker's choice
`,
  why: `Usage: buildctx why PATH... [-C CONTEXT] [options]

For each PATH, says whether docker build sends it and which ignore-file line decided, or "no rule
matched"; notes when the walker never enters an excluded parent. A PATH is absolute (inside the
context) or relative to the working directory when that lies inside the context, else to the
context. A directory an exception sends as the parent of a kept file is "sent".

Options:
  -C, --context DIR         the build context (default .)
  -f, --file DOCKERFILE     the Dockerfile (decides a Dockerfile-specific ignore file)
      --ignore-file FILE    use this ignore file instead of Docker's choice
      --stdin               read more paths from standard input, one a line (raw bytes)
  -z                        with --stdin: paths end with NUL instead of a newline
      --base64              each PATH is base64 of its context-relative bytes (the "pathBase64"
                            that ls --json and why --json print for non-UTF-8 names)
      --exit-code           exit 1 when any PATH is excluded (default: 0 once every PATH is answered)
      --json                machine-readable output

Exit codes: 0 every PATH answered (and, with --exit-code, all sent); 1 with --exit-code, a PATH is
excluded; 2 a PATH outside the context, or another usage or operational error.
`,
  pack: `Usage: buildctx pack [CONTEXT] [-o FILE|-] [options]

Writes the context as the exact tar the classic builder (DOCKER_BUILDKIT=0) streams to the daemon:
same entries, order and length as "tarBytes" in the report. \`docker build - < FILE\` builds from it.

Options:
  -o, --output FILE|-       where to write (default: stdout, which must not be a terminal)
  -f, --file DOCKERFILE     the Dockerfile (a Dockerfile outside the context is injected as Docker does)
      --ignore-file FILE    use this ignore file instead of CONTEXT/.dockerignore
`,
  fix: `Usage: buildctx fix [CONTEXT] [--write] [options]

Appends the .dockerignore lines that resolve the findings (each finding's suggested lines) as one
commented block at the end of the ignore file Docker reads — the Dockerfile-specific one when it
is in use, else CONTEXT/.dockerignore (created when missing). Existing lines are never changed.
Each line is measured on the real tree with Docker's matcher; a bare name becomes **/name when the
tree has nested copies; a line that would remove a path a COPY/ADD source names is refused; an
existing ! exception keeps its effect. Without --write, prints the diff and the before/after totals.

Options:
      --write               write the ignore file (atomically) instead of printing what would change
      --format text|json    text (default: the diff, the lines and the totals) or json
  -f, --file DOCKERFILE     the Dockerfile (decides the Dockerfile-specific ignore file and the COPY sources)
      --ignore-file FILE    edit this ignore file instead of Docker's choice
      --only ID             fix only the findings of check ID (repeatable)
      --disable ID          do not run check ID (repeatable)
      --platform OS/ARCH    target platform, as for the report
      --libc glibc|musl     target libc, as for the report

Exit codes: 0 nothing to do, or every finding is resolved; 1 findings remain that no ignore line
fixes (listed); 2 usage or operational error.
`,
  scan: `Usage: buildctx scan --all [ROOT] [options]

Finds every build below ROOT (default .) — Compose projects read as docker compose reads them
(compose.yaml & co. with their override file, .env, include, extends, profiles; every other
*compose*.y(a)ml is a project of its own) and Dockerfiles (Dockerfile, *.Dockerfile, Dockerfile.*)
no Compose file names — skipping node_modules and .git, analyzes each with its target and args,
and prints one summary table and the findings of each build. A Dockerfile nobody names gets the
nearest directory up to ROOT that holds every COPY source as its context. --all is required.

Options:
      --format FORMAT       table (default) or json (an array of reports, each with "build")
      --fail-on LEVEL       error (default), warning, info or none: exit 1 when any build has a
                            finding at or above LEVEL
      --disable ID          do not run check ID (repeatable)
      --platform OS/ARCH    target platform, as for the report
      --libc glibc|musl     target libc, as for the report
      --deep, --no-sniff    as for the report
      --allow-outside       read build contexts and Compose files outside ROOT (refused by default)
      --no-color            no colours

Exit codes: 0 ok; 1 a build fails --fail-on; 2 usage error, or a build that cannot be analyzed
(a context outside ROOT included). A Compose file Compose would refuse is a warning on stderr.
`,
  compose: `Usage: buildctx compose [SERVICE...] [options]

Loads the Compose project as docker compose does — -f files, else COMPOSE_FILE (split on
COMPOSE_PATH_SEPARATOR), else compose.yaml (or compose.yml, docker-compose.yml,
docker-compose.yaml) found from here upwards plus its override file; .env interpolation, include,
extends, profiles, the merge rules with !reset and !override — and analyzes the build of each
SERVICE (default: every active service with a build) with its context, Dockerfile (or
dockerfile_inline), target, args, platforms and additional_contexts.

Options:
  -f, --file FILE           a Compose file (repeatable; replaces the default files)
      --project-directory DIR  the project directory (default: the first file's directory)
      --env-file FILE       variables for interpolation instead of .env (repeatable)
      --profile NAME        enable services of this profile (repeatable; default COMPOSE_PROFILES)
      --format FORMAT       table (default), json ({project, builds[]}: one report per build),
                            sarif (one run per build), markdown or github
  -o, --output FILE         write the output to FILE (replaced atomically) instead of stdout
      --fail-on LEVEL       error (default), warning, info or none
      --disable ID          do not run check ID (repeatable)
      --platform OS/ARCH    target platform(s) for every build (default: the service's platforms)
      --libc glibc|musl     target libc, as for the report
      --deep, --no-sniff    as for the report
      --no-color            no colours

Exit codes: 0 ok; 1 a build fails --fail-on; 2 usage error, a Compose file Compose would refuse
(file:line named, or the unset required variable), or a build that cannot be analyzed.
`,
  diagnose: `Usage: buildctx diagnose [CONTEXT] [--error TEXT | --log FILE | -] [options]

Reads an error message — or a whole docker build / docker run / docker compose log, a Python
traceback, a Node stack trace — finds the file of the build context it is about, and explains it:
what the file is, why the message appears for it, and the .dockerignore lines and Dockerfile
change that fix it. Says so when the message is not caused by the context.

Input (one of):
  -e, --error TEXT          the message (repeatable; joined with newlines)
      --log FILE            a log file; "-" reads standard input
  -                         read standard input (also used when stdin is piped)

Options:
  -f, --file DOCKERFILE     the Dockerfile, for COPY destinations and WORKDIR (default CONTEXT/Dockerfile)
      --ignore-file FILE    use this ignore file instead of Docker's choice
      --platform OS/ARCH    the image's platform (default: what the log says, else the Dockerfile, else linux/amd64)
      --libc glibc|musl     the image's C library (default: the log, else the base image's name, else glibc)
      --target STAGE        the stage that was built (default: the last one)
      --format FORMAT       text (default) or json
      --no-color            no colours

Recognised: glibc and musl loader errors (invalid ELF header, wrong ELF class, not little-endian,
file too short, "cannot open shared object file" for a file that exists, version \`GLIBC_x.y' not
found, Error relocating …), exec format errors (runc, shells, Python) and the shell's
'Syntax error … (expecting ")")', "not found" / "required file not found" / bad interpreter for
an existing program, Python ModuleNotFoundError for extension modules and bad magic number, Node
ERR_DLOPEN_FAILED and NODE_MODULE_VERSION, sharp, esbuild and rollup platform errors, uv's
"virtual environment already exists" and "not a valid Python environment"; and look-alikes that are not context problems (ELF
alignment, Module did not self-register, a missing system library, a whole-image platform
mismatch).

Exit codes: 0 a file in the context explains the error, 1 the error was read but nothing in the
context explains it (or no known message was found), 2 usage or operational error.
`,
};

export function usageText(command?: string): string {
  return (command !== undefined ? TEXTS[command] : undefined) ?? GENERAL;
}
