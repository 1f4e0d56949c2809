// "Build it in a stage": the Dockerfile change for a host-built program a COPY names (a Mach-O
// `app` from `go build` on a Mac, a `target/release/app` from cargo on the host). No ignore line
// can help — the COPY needs the file — so the change adds a stage that compiles the program from
// the project's sources for the image's platform and points the COPY at the stage's output.
// Built from the project's own files: go.mod (Go), Cargo.toml (Rust), a Makefile or `<name>.c` (C).
// Pure: the caller passes what the context holds and reads.
import type { Libc } from '../sniff/platform.js';
import type { DockerfileModel, Instruction } from '../dockerfile/model.js';
import type { DockerfileChange } from '../types.js';
import { baseName, parentOf } from '../paths.js';

export type BuildLanguage = 'go' | 'rust' | 'c';

export interface BuildStageInput {
  dockerfile: DockerfileModel;
  /** The Dockerfile's display path, for the change. */
  dockerfilePath: string;
  /** The host-built program, a context path the COPY on `copyLine` names. */
  binary: string;
  copyLine: number;
  /** What the build sends (context path → type): the stage can only compile what is sent. */
  entries: ReadonlyMap<string, { type: string }>;
  /** A sent file's text (small files only), or null. */
  readText(path: string): string | null;
  platform: { arch: string; variant?: string | undefined };
  libc: Libc;
  /** The image's glibc, when its base image tells it. */
  glibcVersion: string | null;
}

/** Go's names for Docker's CPU names (cmd/dist: the GOARCH list). */
const GOARCH: Record<string, string> = {
  amd64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  '386': '386',
  ppc64le: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
};

/** `go 1.22.3` in go.mod → `1.22` (the golang image tags by minor); null when absent or odd. */
function goVersionOf(goMod: string | null): string | null {
  const m = goMod === null ? null : /^go\s+(1\.\d{1,3})(?:\.\d+)?\s*$/m.exec(goMod);
  return m?.[1] ?? null;
}

/**
 * Debian release of the build image by the image's glibc: a binary linked on a newer glibc than
 * the image has fails with "version `GLIBC_2.xx' not found". bookworm has 2.36, bullseye 2.31.
 * Null when the image's glibc is older than both.
 */
function debianFor(libc: Libc, glibc: string | null): 'bookworm' | 'bullseye' | null {
  if (libc !== 'glibc' || glibc === null) return 'bookworm';
  const [major = 0, minor = 0] = glibc.split('.').map(Number);
  const v = major * 1000 + minor;
  if (v >= 2036) return 'bookworm';
  if (v >= 2031) return 'bullseye';
  return null;
}

/** The sent files directly in `dir` ("" = the context root). */
function filesIn(dir: string, entries: BuildStageInput['entries']): string[] {
  const out: string[] = [];
  for (const [path, e] of entries) if (e.type === 'file' && parentOf(path) === dir) out.push(path);
  return out;
}

/** The nearest directory at or above `dir` that holds `name`, or null. */
function nearestWith(dir: string, name: string, entries: BuildStageInput['entries']): string | null {
  for (let d = dir; ; d = parentOf(d)) {
    if (entries.get(d === '' ? name : `${d}/${name}`)?.type === 'file') return d;
    if (d === '') return null;
  }
}

const at = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);
/** A context directory as a COPY source into the stage's WORKDIR. */
const copyFrom = (dir: string): string => (dir === '' ? '.' : `${dir}/`);

interface Stage {
  language: BuildLanguage;
  /** Stage lines after `FROM … AS <name>`. */
  lines: string[];
  image: string;
  /** Where the stage leaves the program. */
  output: string;
  what: string;
}

function goStage(input: BuildStageInput, name: string): Stage | null {
  const root = nearestWith(parentOf(input.binary), 'go.mod', input.entries);
  if (root === null) return null;
  const goarch = GOARCH[input.platform.arch];
  if (goarch === undefined) return null;
  // The main package: cmd/<name> by the Go layout convention, else the module root.
  const cmd = at(root, `cmd/${name}`);
  const isGo = (p: string): boolean => p.endsWith('.go') && !p.endsWith('_test.go');
  const pkg = filesIn(cmd, input.entries).some(isGo)
    ? `./cmd/${name}`
    : filesIn(root, input.entries).some(isGo)
      ? '.'
      : null;
  if (pkg === null) return null;
  const goarm =
    goarch === 'arm' && input.platform.variant !== undefined ? ` GOARM=${input.platform.variant.slice(1)}` : '';
  const version = goVersionOf(input.readText(at(root, 'go.mod'))) ?? '1';
  const sum = input.entries.get(at(root, 'go.sum'))?.type === 'file';
  const env = `CGO_ENABLED=0 GOOS=linux GOARCH=${goarch}${goarm}`;
  return {
    language: 'go',
    image: `golang:${version}`,
    lines: [
      'WORKDIR /src',
      // The modules first, so a source change does not download them again.
      `COPY ${at(root, 'go.mod')}${sum ? ` ${at(root, 'go.sum')}` : ''} ./`,
      'RUN go mod download',
      `COPY ${copyFrom(root)} .`,
      `RUN ${env} go build -o /out/${name} ${pkg}`,
    ],
    output: `/out/${name}`,
    what: `Go (${env})`,
  };
}

function rustStage(input: BuildStageInput, name: string): Stage | null {
  // target/release/<name>, target/<triple>/release/<name> or a copy elsewhere: the crate is the
  // nearest Cargo.toml above it, or the context root's.
  const root =
    nearestWith(parentOf(input.binary), 'Cargo.toml', input.entries) ??
    (input.entries.get('Cargo.toml')?.type === 'file' ? '' : null);
  if (root === null) return null;
  const musl = input.libc === 'musl';
  const debian = debianFor(input.libc, input.glibcVersion);
  if (!musl && debian === null) return null;
  const locked = input.entries.get(at(root, 'Cargo.lock'))?.type === 'file' ? ' --locked' : '';
  // A target dir of its own: the host's target/ (copied with the sources) holds another
  // platform's build that cargo would otherwise try to reuse.
  return {
    language: 'rust',
    image: musl ? 'rust:1-alpine' : `rust:1-${debian}`,
    lines: [
      'WORKDIR /src',
      `COPY ${copyFrom(root)} .`,
      `RUN ${musl ? 'apk add --no-cache musl-dev && ' : ''}cargo build --release${locked} --target-dir /out/target`,
    ],
    output: `/out/target/release/${name}`,
    what: `Rust (cargo build --release${musl ? ', musl' : ''})`,
  };
}

function cStage(input: BuildStageInput, name: string): Stage | null {
  const dir = parentOf(input.binary);
  const musl = input.libc === 'musl';
  const debian = debianFor(input.libc, input.glibcVersion);
  if (!musl && debian === null) return null;
  const image = musl ? 'alpine:3' : `debian:${debian}-slim`;
  const tools = musl
    ? 'apk add --no-cache build-base'
    : 'apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*';
  const makeDir = nearestWith(dir, 'Makefile', input.entries);
  if (makeDir !== null) {
    // make's target is the program's path below the Makefile; -B rebuilds it although the
    // host's copy (sent with the sources) looks up to date. The result goes to /out, apart from
    // the host's file the sources brought.
    const target = makeDir === '' ? input.binary : input.binary.slice(makeDir.length + 1);
    return {
      language: 'c',
      image,
      lines: [
        'WORKDIR /src',
        `COPY ${copyFrom(makeDir)} .`,
        `RUN ${tools}`,
        `RUN make -B ${target} && install -D ${target} /out/${name}`,
      ],
      output: `/out/${name}`,
      what: 'C (make)',
    };
  }
  const source = at(dir, `${name}.c`);
  if (input.entries.get(source)?.type !== 'file') return null;
  return {
    language: 'c',
    image,
    lines: ['WORKDIR /src', `COPY ${source} .`, `RUN ${tools}`, `RUN mkdir /out && cc -O2 -o /out/${name} ${name}.c`],
    output: `/out/${name}`,
    what: 'C (cc)',
  };
}

function instructionAt(dm: DockerfileModel, line: number): { instr: Instruction; stage: number } | null {
  for (const stage of dm.stages) {
    for (const instr of stage.instructions) if (instr.startLine === line) return { instr, stage: stage.index };
  }
  return null;
}

/** True when an instruction names a stage by index at or after `from` (inserting a stage renumbers them). */
function refersByIndex(dm: DockerfileModel, from: number): boolean {
  const isShifted = (ref: string | null): boolean => ref !== null && /^\d+$/.test(ref) && Number(ref) >= from;
  return dm.stages.some((s) =>
    s.instructions.some((i) => isShifted(i.copy?.from ?? null) || (i.run?.mounts ?? []).some((m) => isShifted(m.from))),
  );
}

function stageName(dm: DockerfileModel, language: BuildLanguage): string {
  const taken = new Set(dm.stages.map((s) => s.name));
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${language}-build` : `${language}-build-${n}`;
    if (!taken.has(name)) return name;
  }
}

/**
 * The change that builds `input.binary` in a stage from the project's sources, for the image's
 * platform, and copies the stage's output where the COPY put the host's file. Null when the COPY
 * is not a plain context COPY that names the file, no Go module, crate, Makefile or C source
 * builds it, or another instruction names a later stage by index.
 */
export function buildInStageChange(input: BuildStageInput): DockerfileChange | null {
  const dm = input.dockerfile;
  const found = instructionAt(dm, input.copyLine);
  const copy = found?.instr.copy;
  // ADD of a local file copies it like COPY (a program is no archive to unpack): the stage's output goes in by COPY.
  if (found === null || copy === undefined || copy.from !== null) return null;
  if (copy.heredocSources.length > 0 || copy.parents || copy.excludes.length > 0) return null;
  const mine = copy.sources.filter((s) => s.value.replace(/^\.?\/+/, '').replace(/\/+$/, '') === input.binary);
  if (mine.length !== 1 || copy.sources.some((s) => /\s/.test(s.raw)) || /\s/.test(copy.destination.raw)) return null;
  if (refersByIndex(dm, found.stage)) return null;
  const name = baseName(input.binary);
  const stage = goStage(input, name) ?? rustStage(input, name) ?? cStage(input, name);
  if (stage === null) return null;
  const stageAs = stageName(dm, stage.language);
  const flags = [
    copy.chown !== null ? `--chown=${copy.chown}` : null,
    copy.chmod !== null ? `--chmod=${copy.chmod}` : null,
    copy.link ? '--link' : null,
  ].filter((f): f is string => f !== null);
  const copyLine = (keyword: string, from: string | null, sources: string[]): string =>
    [keyword, ...(from !== null ? [`--from=${from}`] : []), ...flags, ...sources, copy.destination.raw].join(' ');
  const others = copy.sources.filter((s) => s !== mine[0]).map((s) => s.raw);
  // With several sources the destination is a directory already: the others keep their COPY.
  const replacement = [
    ...(others.length > 0 ? [copyLine(found.instr.keyword, null, others)] : []),
    copyLine('COPY', stageAs, [stage.output]),
  ];
  const holder = dm.stages[found.stage]!;
  return {
    kind: 'build-in-stage',
    dockerfile: input.dockerfilePath,
    summary:
      `build ${name} for linux/${input.platform.arch}${input.platform.variant !== undefined ? `/${input.platform.variant}` : ''} ` +
      `in a ${stage.what} stage \`${stageAs}\` from ${stage.image} and copy it from there instead of the host's ${input.binary}: ` +
      `replace line ${found.instr.startLine} with \`${replacement.join('` and `')}\``,
    edits: [
      // Bottom-up: the COPY, then the stage before the stage that holds it.
      {
        line: found.instr.startLine,
        deleteCount: found.instr.endLine - found.instr.startLine + 1,
        insert: replacement,
      },
      { line: holder.startLine, deleteCount: 0, insert: [`FROM ${stage.image} AS ${stageAs}`, ...stage.lines, ''] },
    ],
    tool: stage.language,
  };
}
