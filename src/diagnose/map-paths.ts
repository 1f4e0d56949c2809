// From a path inside the container back to the build context: through the COPY/ADD destinations
// (and RUN --mount targets) of the stages the target is built from, relative paths against the
// stage's WORKDIR, and — when no instruction accounts for it — the context's own layout (a bind
// mount of the project directory shows the same tree). Pure.
import { selectSources, type ContextSource, type SourcePathEntry } from '../dockerfile/context-refs.js';
import { goPathJoin } from '../dockerfile/go-path.js';
import type { DockerfileModel, Instruction, Stage } from '../dockerfile/model.js';
import { classifySource } from '../dockerfile/source-kind.js';
import type { PathOrigin } from './model.js';
import { baseName } from '../paths.js';

/** COPY --from chains followed at most (a stage copying from a stage copying from …). */
const MAX_STAGE_DEPTH = 16;
/** Candidate context paths returned at most for one container path. */
const MAX_CANDIDATES = 64;
/** (stage, path) pairs looked at at most for one container path: COPY --from fan-out is bounded. */
export const MAX_MAP_STEPS = 10_000;

export interface MappedPath {
  contextPath: string;
  origin: PathOrigin;
}

/** A Compose bind mount of a directory of the context, as the diagnosis uses it. */
export interface ContextMount {
  service: string;
  /** Context-relative host path the mount brings in ("" for the context root). */
  source: string;
  /** Absolute container path. */
  target: string;
  /** The Compose file (display path) and line that declare it. */
  file: string;
  line: number;
}

export interface MapOptions {
  model: DockerfileModel | null;
  /** The stage the message comes from; default the model's target. */
  stage?: number | null;
  /** What the context holds (sent entries), for wildcard sources and the layout match. */
  entries: ReadonlyMap<string, SourcePathEntry>;
  /**
   * Everything a container of the service sees through its mounts: bind mounts of context
   * directories, anonymous and named volumes (null source: not the host's files).
   */
  mounts?: readonly { target: string; mount: ContextMount | null }[];
}

/** The mount that covers a container path: the deepest target wins (a volume over a bind mount's subdirectory). */
function mountOf(
  abs: string,
  mounts: readonly { target: string; mount: ContextMount | null }[],
): { target: string; mount: ContextMount | null } | null {
  let best: { target: string; mount: ContextMount | null } | null = null;
  for (const m of mounts) {
    if (below(abs, m.target) === null) continue;
    if (best === null || m.target.length >= best.target.length) best = m;
  }
  return best;
}

function instructionsOf(stage: Stage): Instruction[] {
  return [...stage.triggers, ...stage.instructions];
}

function firstLine(instr: Instruction): string {
  return instr.text.split('\n')[0]!.replace(/\s+/g, ' ').trim();
}

/** The WORKDIR a stage ends with (its own or its base stage's), "/" when none is set. */
export function workdirOf(model: DockerfileModel | null, stageIndex?: number | null): string {
  if (model === null) return '/';
  let index = stageIndex ?? model.target;
  for (let depth = 0; index !== null && index !== undefined && depth < MAX_STAGE_DEPTH; depth++) {
    const stage: Stage | undefined = model.stages[index];
    if (stage === undefined) break;
    const dirs = instructionsOf(stage).filter((i) => i.workdir !== undefined);
    const last = dirs.at(-1);
    if (last?.workdir !== undefined) return last.workdir.resolved;
    index = stage.baseStage;
  }
  return '/';
}

/** An absolute, cleaned container path: relative paths start at the WORKDIR. */
export function absoluteContainerPath(path: string, workdir: string): string {
  return path.startsWith('/') ? goPathJoin('/', path) : goPathJoin(workdir, path);
}

/** PATH when neither the Dockerfile nor (as far as we know) the base image sets one: runc's default. */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Programs that run the file named by their first operand (`bash entrypoint.sh`, `sh -c "./x"`). */
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'busybox']);

/** One file the container may start, and how the Dockerfile leads to it. */
export interface ProgramCandidate {
  /** Absolute container path. */
  path: string;
  /** `ENTRYPOINT ["k6"] via PATH /usr/bin`, `CMD ./server (shell form, run by /bin/sh)`, … */
  via: string;
}

/** The last ENTRYPOINT and CMD of the stage chain the target is built on (a later stage's own win). */
function startInstructions(
  model: DockerfileModel,
  stageIndex: number | null | undefined,
): { entrypoint: Instruction | null; cmd: Instruction | null } {
  let index = stageIndex ?? model.target;
  let entrypoint: Instruction | null = null;
  let cmd: Instruction | null = null;
  for (let depth = 0; index !== null && index !== undefined && depth < MAX_STAGE_DEPTH; depth++) {
    const stage: Stage | undefined = model.stages[index];
    if (stage === undefined) break;
    const instrs = instructionsOf(stage);
    entrypoint ??= instrs.filter((i) => i.keyword === 'ENTRYPOINT').at(-1) ?? null;
    cmd ??= instrs.filter((i) => i.keyword === 'CMD').at(-1) ?? null;
    index = stage.baseStage;
  }
  return { entrypoint, cmd };
}

/** The PATH the container starts with: the last ENV PATH of the stage chain, else runc's default. */
export function pathDirsOf(model: DockerfileModel | null, stageIndex?: number | null): string[] {
  let value: string | null = null;
  let index = model === null ? null : (stageIndex ?? model.target);
  for (
    let depth = 0;
    model !== null && index !== null && index !== undefined && depth < MAX_STAGE_DEPTH && value === null;
    depth++
  ) {
    const stage: Stage | undefined = model.stages[index];
    if (stage === undefined) break;
    for (const instr of instructionsOf(stage))
      for (const a of instr.env ?? []) if (a.key === 'PATH') value = a.value.value;
    index = stage.baseStage;
  }
  // An unexpanded reference (the base image's own PATH) stands for the default directories.
  const dirs = (value ?? DEFAULT_PATH).split(':').flatMap((d) => (d.includes('$') ? DEFAULT_PATH.split(':') : [d]));
  return [...new Set(dirs.filter((d) => d.startsWith('/')))];
}

/** The words of a start instruction: JSON arrays as they are; a shell form split on blanks. */
function wordsOf(instr: Instruction): string[] {
  if (instr.json) return instr.args.map((a) => a.replace(/^"|"$/g, ''));
  return instr.args
    .join(' ')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '' && w !== 'exec');
}

/**
 * The files a container of the target starts, most direct first: the ENTRYPOINT's program
 * (resolved against WORKDIR, or looked up on PATH when it is a bare name), the script a shell
 * wrapper runs (`["bash", "entrypoint.sh"]`, shell form `ENTRYPOINT ./start.sh`), then CMD's
 * program (run by the ENTRYPOINT, or by an ENTRYPOINT of the base image such as node's
 * docker-entrypoint.sh). Bounded: a handful of paths.
 */
export function programsOf(model: DockerfileModel | null, stageIndex?: number | null): ProgramCandidate[] {
  if (model === null) return [];
  const workdir = workdirOf(model, stageIndex);
  const pathDirs = pathDirsOf(model, stageIndex);
  const { entrypoint, cmd } = startInstructions(model, stageIndex);
  const out: ProgramCandidate[] = [];
  const add = (word: string | undefined, via: string): void => {
    if (word === undefined || word === '' || word.startsWith('-') || word.startsWith('$')) return;
    if (word.includes('/')) out.push({ path: absoluteContainerPath(word, workdir), via });
    else for (const dir of pathDirs) out.push({ path: goPathJoin(dir, word), via: `${via} via PATH ${dir}` });
  };
  for (const instr of [entrypoint, cmd]) {
    if (instr === null) continue;
    const words = wordsOf(instr);
    const label = `${instr.keyword} ${firstLine(instr).slice(instr.keyword.length + 1)}`;
    const shellForm = !instr.json;
    add(words[0], shellForm ? `${label} (shell form, run by /bin/sh)` : label);
    // A shell given a script: the script is what runs (`-c` takes a command line instead).
    const program = baseName(words[0] ?? '');
    if (SHELLS.has(program)) {
      const rest = words.slice(1);
      const c = rest.indexOf('-c');
      const operand = c >= 0 ? rest[c + 1]?.split(/\s+/)[0] : rest.find((w) => !w.startsWith('-'));
      add(operand, `${label} (the script ${program} runs)`);
    }
  }
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(c.path) && seen.add(c.path)).slice(0, 32);
}

/**
 * The program a container starts: ENTRYPOINT, else CMD, of the target stage (or the stages it
 * is built on). A shell-form command runs /bin/sh, which comes from the base image. Null when
 * nothing is set or the program is looked up on PATH.
 */
export function entrypointOf(model: DockerfileModel | null, stageIndex?: number | null): string | null {
  if (model === null) return null;
  const { entrypoint, cmd } = startInstructions(model, stageIndex);
  const instr = entrypoint ?? cmd;
  return instr === null ? null : programOf(instr, workdirOf(model, stageIndex));
}

function programOf(instr: Instruction, workdir: string): string | null {
  if (!instr.json) return '/bin/sh';
  const first = instr.args[0];
  if (first === undefined || !first.includes('/')) return null;
  return absoluteContainerPath(first, workdir);
}

/** `rest` of `path` below directory `dir` ("" when equal), or null when it is not inside. */
function below(path: string, dir: string): string | null {
  const d = dir === '/' ? '/' : dir.replace(/\/+$/, '');
  if (path === d) return '';
  if (d === '/') return path.slice(1);
  return path.startsWith(d + '/') ? path.slice(d.length + 1) : null;
}

function toContextPath(abs: string): string {
  const clean = goPathJoin('/', abs);
  return clean === '/' ? '' : clean.slice(1);
}

function hasWildcards(value: string): boolean {
  return /(?<!\\)[*?[]/.test(value);
}

interface Trace {
  instructions: string[];
  line: number;
}

class Mapper {
  private paths: SourcePathEntry[] | null = null;
  /** (stage, path) pairs already followed, and how many were. */
  private readonly seen = new Set<string>();
  steps = 0;

  /** Starts a search from another stage: the step budget is shared, what was seen is not. */
  restart(): void {
    this.seen.clear();
  }

  constructor(
    private readonly model: DockerfileModel,
    private readonly entries: ReadonlyMap<string, SourcePathEntry>,
  ) {}

  /** Context roots a local source names: itself, or what its wildcards match. */
  private roots(stage: number, instr: Instruction, value: string, destination: string): readonly string[] {
    if (!hasWildcards(value)) return [toContextPath(value)];
    const source: ContextSource = {
      stage,
      line: instr.startLine,
      kind: instr.keyword === 'ADD' ? 'add' : 'copy',
      source: value,
      value,
      normalized: goPathJoin('/', value),
      destination,
      destinationFromImage: false,
      excludes: instr.copy?.excludes ?? [],
      parents: instr.copy?.parents ?? false,
      unresolved: [],
      onbuild: false,
    };
    this.paths ??= [...this.entries.values()];
    return selectSources(source, this.paths).roots;
  }

  /** Where a context root lands for a path `rest` below the destination. */
  private fromRoot(root: string, rest: string, parents: boolean): string[] {
    if (rest === '') return [root];
    const type = this.entries.get(root)?.type;
    const out: string[] = [];
    // A directory's contents are copied into the destination; a file keeps its name there.
    if (type !== 'file') out.push(goPathJoin(root === '' ? '.' : root, rest));
    if (type !== 'dir' && rest === baseName(root)) out.push(root);
    if (parents) out.push(rest);
    return out.map((p) => (p === '.' ? '' : p));
  }

  /**
   * Follows `abs` in stage `stageIndex` back to the context. `chain` holds the stages whose
   * COPY --from led here: a stage that copies from itself or from a stage built on it is a cycle
   * BuildKit refuses ("circular dependency detected on stage"), so it is not followed.
   */
  map(
    stageIndex: number,
    abs: string,
    depth: number,
    trace: Trace | null,
    out: MappedPath[],
    original: string,
    chain: readonly number[] = [],
  ): void {
    const stage = this.model.stages[stageIndex];
    if (stage === undefined || depth > MAX_STAGE_DEPTH || out.length >= MAX_CANDIDATES) return;
    const key = `${stageIndex}\0${abs}`;
    if (this.seen.has(key) || this.steps >= MAX_MAP_STEPS) return;
    this.seen.add(key);
    this.steps++;
    // Later instructions overwrite earlier ones: look at them first.
    for (const instr of instructionsOf(stage).reverse()) {
      const record = (contextPath: string): void => {
        const instructions = [...(trace?.instructions ?? []), firstLine(instr)];
        out.push({
          contextPath,
          origin: {
            containerPath: original,
            method: 'copy',
            instruction: instructions.join(' ← '),
            line: trace?.line ?? instr.startLine,
          },
        });
      };
      const copy = instr.copy;
      if (copy !== undefined && (instr.keyword === 'COPY' || instr.keyword === 'ADD')) {
        const rest = below(abs, copy.destinationPath);
        if (rest === null) continue;
        for (const src of copy.sources) {
          if (copy.fromStage !== null) {
            if (copy.fromStage === stageIndex || chain.includes(copy.fromStage)) continue;
            const srcAbs = goPathJoin('/', src.value);
            const inner =
              rest === '' ? [srcAbs] : [goPathJoin(srcAbs, rest), ...(rest === baseName(srcAbs) ? [srcAbs] : [])];
            const next: Trace = {
              instructions: [...(trace?.instructions ?? []), firstLine(instr)],
              line: trace?.line ?? instr.startLine,
            };
            for (const p of inner) this.map(copy.fromStage, p, depth + 1, next, out, original, [...chain, stageIndex]);
            continue;
          }
          if (copy.from !== null && copy.from !== '') continue; // an image: not the context
          if (classifySource(src.value) !== 'local') continue;
          for (const root of this.roots(stageIndex, instr, src.value, copy.destinationPath)) {
            for (const p of this.fromRoot(root, rest, copy.parents)) record(p);
          }
        }
      }
      for (const mount of instr.run?.mounts ?? []) {
        if (mount.type !== 'bind' || (mount.from !== null && mount.from !== '') || mount.targetPath === null) continue;
        const rest = below(abs, mount.targetPath);
        if (rest === null) continue;
        const root = toContextPath(mount.source?.value ?? '');
        for (const p of this.fromRoot(root, rest, false)) record(p);
      }
    }
    if (stage.baseStage !== null && !chain.includes(stage.baseStage))
      this.map(stage.baseStage, abs, depth + 1, trace, out, original, chain);
  }
}

/** Context paths a file of the image at `abs` can come from, by the context's own tree: its suffixes. */
function layoutCandidates(abs: string, relative: string | null, minSegments: number): string[] {
  const out: string[] = [];
  if (relative !== null) {
    const clean = toContextPath(relative);
    if (clean !== '' && !clean.startsWith('..')) out.push(clean);
  }
  const segments = abs.split('/').filter((s) => s !== '');
  for (let i = 0; i <= segments.length - minSegments; i++) out.push(segments.slice(i).join('/'));
  return out;
}

/**
 * Candidate context paths for a container path, the most likely first: through the Dockerfile's
 * COPY/ADD (later instructions first) when one accounts for it with a path the context holds,
 * else by the context's layout (the longest suffix of the path that is in the context).
 */
export function mapContainerPath(path: string, options: MapOptions): MappedPath[] {
  const { model, entries } = options;
  const stage = options.stage ?? model?.target ?? null;
  const abs = absoluteContainerPath(path, workdirOf(model, stage));
  // A bind mount hides what the image has at that path: the container sees the host's file.
  const covering = options.mounts === undefined ? null : mountOf(abs, options.mounts);
  if (covering?.mount != null) {
    const m = covering.mount;
    const rest = below(abs, m.target)!;
    const contextPath = m.source === '' ? rest : rest === '' ? m.source : `${m.source}/${rest}`;
    if (!entries.has(contextPath)) return [];
    return [
      {
        contextPath,
        origin: {
          containerPath: abs,
          method: 'bind-mount',
          instruction: `${m.file}:${m.line} ${m.service}: ${m.source === '' ? '.' : './' + m.source}:${m.target}`,
          line: m.line,
          mount: { file: m.file, target: m.target, service: m.service },
        },
      },
    ];
  }
  const seen = new Set<string>();
  const existing = (found: MappedPath[]): MappedPath[] =>
    found.filter((m) => {
      if (!entries.has(m.contextPath) || seen.has(m.contextPath)) return false;
      seen.add(m.contextPath);
      return true;
    });
  if (model !== null && stage !== null) {
    const mapper = new Mapper(model, entries);
    // The target stage first; a build log's message may come from any other stage (a RUN in the
    // builder), so those are tried next, the latest first.
    const others = model.stages
      .map((s) => s.index)
      .filter((i) => i !== stage)
      .reverse();
    for (const index of [stage, ...others]) {
      const inStage = absoluteContainerPath(path, workdirOf(model, index));
      const found: MappedPath[] = [];
      mapper.restart();
      mapper.map(index, inStage, 0, null, found, inStage);
      const hits = existing(found);
      if (hits.length > 0) return hits.slice(0, MAX_CANDIDATES);
    }
  }
  // With a Dockerfile a one-segment suffix says too little (`/usr/lib/x.so` → `x.so`).
  const relative = path.startsWith('/') ? null : path;
  const minSegments = model === null ? 1 : 2;
  for (const candidate of layoutCandidates(abs, relative, minSegments)) {
    if (!entries.has(candidate) || seen.has(candidate)) continue;
    seen.add(candidate);
    return [
      { contextPath: candidate, origin: { containerPath: abs, method: 'layout', instruction: null, line: null } },
    ];
  }
  return [];
}
