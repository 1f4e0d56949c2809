// How a context path reaches what the target builds. Computed once per analysis from the
// Dockerfile model: which COPY/ADD/RUN --mount of the target's stages take the path, where it
// lands in each stage's file system (COPY --from and FROM <stage> carry it on), whether the
// stages the target keeps hold it, and whether something runs or imports it there: ENTRYPOINT/CMD
// (with the image's final WORKDIR and PATH, as the runtime uses them) or a RUN of a built stage
// (with the WORKDIR and PATH in effect at that RUN). Checks read it to grade their findings:
// error only when the image that runs fails or leaks (see docs/reach.md).
import { DEFAULT_LINUX_PATH } from '../dockerfile/parse-dockerfile.js';
import type { DockerfileModel, Instruction, Stage } from '../dockerfile/model.js';
import { parseShellCommands, type SimpleCommand } from '../dockerfile/shell-commands.js';
import type { ContextEntry, Severity } from '../types.js';
import { formatBytes } from '../units.js';
import type { CheckModel } from './check-model.js';
import type { Environment, EnvironmentKind } from './environments.js';
import {
  builtStages,
  commandsOf,
  imageStages,
  instructionsBefore,
  sourceUses,
  stageAncestry,
  stageInstructions,
  type SourceUse,
} from './dockerfile-facts.js';

/**
 * How a path reaches the target, weakest first. Stable ids: JSON `data.reach`.
 * - `no-dockerfile`: there is no Dockerfile, so nothing is built; a `COPY . .` would copy it.
 * - `not-requested`: BuildKit does not request it for this target; only the classic builder sends it.
 * - `not-copied`: BuildKit sends it, but no COPY/ADD/RUN --mount of the target's stages takes it.
 * - `build-stage`: copied or mounted only into stages the target does not keep.
 * - `final-image`: in the image the target produces, where nothing runs or imports it.
 * - `loaded`: an interpreter imports or reads it: the image's at run time, or a RUN's during the build.
 * - `executed`: ENTRYPOINT/CMD runs it, or a RUN during the build.
 */
export type Reach =
  | 'no-dockerfile'
  | 'not-requested'
  | 'not-copied'
  | 'build-stage'
  | 'final-image'
  | 'loaded'
  | 'executed';

export const REACH_ORDER: Record<Reach, number> = {
  'no-dockerfile': 0,
  'not-requested': 1,
  'not-copied': 2,
  'build-stage': 3,
  'final-image': 4,
  loaded: 5,
  executed: 6,
};

/** What uses a path: the instruction and how. */
export interface ReachUse {
  line: number;
  /** ENTRYPOINT, CMD or RUN. */
  keyword: string;
  /** True when the instruction runs when the container starts (ENTRYPOINT/CMD), false for a RUN during the build. */
  atRunTime: boolean;
  /** The program as the instruction names it (`./server`, `python`). */
  program: string;
}

export interface PathReach {
  reach: Reach;
  /** Lines of the COPY/ADD/RUN --mount instructions that take the path from the context, sorted (shared between paths: read only). */
  copyLines: number[];
  /** Where the path lands in the image the target produces, when it does. */
  imagePath: string | null;
  /** What runs or imports it (reach `executed` or `loaded`). */
  usedBy: ReachUse | null;
  /** A COPY/ADD names the path itself (not a directory above it, not `.`). */
  named: boolean;
  /**
   * For a node_modules tree: the line of the install (`npm ci`, `yarn install`, …) that ran in
   * the same stage and directory before the COPY put the host's tree over it; null otherwise.
   * Platform packages of the host then sit beside the image's own instead of replacing them.
   */
  overInstall: number | null;
  /** Line of the RUN that removes or recreates it in the final image (its bytes stay in the COPY layer); null when none. */
  replacedAt: number | null;
}

/** One place a path lands: a stage and the absolute path there. */
interface Placement {
  stage: number;
  path: string;
  /** The instruction that put it there (COPY/ADD from the context or COPY --from). */
  line: number;
  /** Line of a later RUN in the stage that removes or recreates it (`rm -rf`, `npm ci`, `uv sync`); null when none. */
  replacedAt: number | null;
}

/** A RUN that removes or recreates a directory: what was copied there before is gone from the stage's file system. */
interface Replacement {
  stage: number;
  line: number;
  dir: string;
}

interface StageCopyFrom {
  stage: number;
  line: number;
  fromStage: number;
  /** The source inside `fromStage`, absolute; a wildcard part is cut off (a prefix). */
  source: string;
  destination: string;
  /** The destination names a directory the source goes into (`dst/`) rather than the copy's own name. */
  destinationIsDir: boolean;
  /** The source has no wildcard: the build fails when nothing is at `source` in `fromStage`. */
  exact: boolean;
}

interface ReachFacts {
  dm: DockerfileModel;
  uses: readonly SourceUse[];
  /** Per use: its matched paths as a set. */
  matched: Set<string>[];
  /** Stages whose file system is the image: the target and the stages it is built FROM. */
  imageStages: Set<number>;
  builtStages: Set<number>;
  copiesFrom: StageCopyFrom[];
  /** Stages built FROM each stage. */
  children: Map<number, number[]>;
  /** Absolute paths ENTRYPOINT/CMD or a RUN executes or reads, by stage. */
  runs: RunTarget[];
  replacements: Replacement[];
  memo: Map<string, PathReach>;
  /** Line lists by their text: paths taken by the same instructions share one (read only). */
  lineLists: Map<string, number[]>;
  /** The model's referenced paths as a set, made when a path placed nowhere is first asked about. */
  referencedPaths?: ReadonlySet<string>;
}

interface RunTarget {
  stage: number;
  use: ReachUse;
  /** Absolute paths the program may be (one for a path, one per PATH directory for a bare name). */
  executes: string[];
  /** Absolute paths of the script arguments an interpreter reads (`python app.py`, `sh start.sh`). */
  reads: string[];
  /** The command's words and the WORKDIR it runs in. */
  words: string[];
  workdir: string;
  /** PATH directories in effect. */
  path: readonly string[];
  /** ENV in effect that selects an environment: VIRTUAL_ENV, PYTHONPATH, UV_PROJECT_ENVIRONMENT, NODE_PATH. */
  env: Record<string, string>;
}

const factsByModel = new WeakMap<CheckModel, ReachFacts | null>();

/** Interpreters whose first operand is a file they read (and run). */
const INTERPRETERS = /^(python[0-9.]*|node|nodejs|deno|bun|ruby|perl|php|sh|bash|dash|ash|zsh|ksh|java)$/;

export function cleanAbs(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

/** True when `rel` has no empty, `.` or `..` segment and no leading or trailing slash: a context path's shape. */
function isCleanRelative(rel: string): boolean {
  if (rel === '' || rel.startsWith('/') || rel.endsWith('/') || rel.includes('//')) return false;
  if (rel === '.' || rel === '..' || rel.startsWith('./') || rel.startsWith('../')) return false;
  return !(rel.endsWith('/.') || rel.endsWith('/..') || rel.includes('/./') || rel.includes('/../'));
}

/** The last directory joinAbs cleaned: a COPY's destination, the same for each of its paths. */
let lastJoinDir: string | undefined;
let lastJoinDirClean = '/';

/**
 * `rel` below the absolute `dir`, cleaned (an absolute `rel` stands alone). A context path (the
 * common case, once per copied path) is appended to the cleaned directory as it is.
 */
export function joinAbs(dir: string, rel: string): string {
  if (rel.startsWith('/')) return cleanAbs(rel);
  if (!isCleanRelative(rel)) return cleanAbs(`${dir}/${rel}`);
  if (dir !== lastJoinDir) {
    lastJoinDir = dir;
    lastJoinDirClean = cleanAbs(dir);
  }
  return lastJoinDirClean === '/' ? `/${rel}` : `${lastJoinDirClean}/${rel}`;
}

function isUnder(path: string, dir: string): boolean {
  return dir === '/' ? path.startsWith('/') : path === dir || path.startsWith(dir + '/');
}

/** The literal directory before a wildcard component (`/app/dist/*.js` → `/app/dist`). */
function literalPrefix(path: string): string {
  const parts = cleanAbs(path).split('/');
  const i = parts.findIndex((p) => /[*?[]/.test(p));
  return i < 0 ? cleanAbs(path) : cleanAbs(parts.slice(0, i).join('/'));
}

/** The value ENV gives `name` after all of `instructions` (ONBUILD triggers and ancestry included), or null. */
function envAfter(instructions: readonly Instruction[], name: string): { value: string; unresolved: string[] } | null {
  let value: { value: string; unresolved: string[] } | null = null;
  for (const i of instructions)
    for (const a of i.env ?? []) if (a.key === name) value = { value: a.value.value, unresolved: a.value.unresolved };
  return value;
}

function workdirAfter(instructions: readonly Instruction[]): string {
  let dir = '/';
  for (const i of instructions) if (i.workdir !== undefined) dir = i.workdir.resolved;
  return dir;
}

/** PATH directories: a `$PATH` the model could not know stands for Docker's default PATH. */
function pathDirs(instructions: readonly Instruction[]): string[] {
  const env = envAfter(instructions, 'PATH');
  if (env === null) return DEFAULT_LINUX_PATH.split(':');
  const dirs = env.value.split(':').filter((d) => d.startsWith('/'));
  if (env.unresolved.includes('PATH'))
    for (const d of DEFAULT_LINUX_PATH.split(':')) if (!dirs.includes(d)) dirs.push(d);
  return dirs;
}

/** The commands ENTRYPOINT and CMD run together, as the runtime joins them. */
function startCommands(dm: DockerfileModel, target: Stage): { commands: SimpleCommand[]; instr: Instruction }[] {
  let entrypoint: Instruction | null = null;
  let cmd: Instruction | null = null;
  for (const s of stageAncestry(dm, target.index)) {
    for (const i of stageInstructions(s)) {
      // An ENTRYPOINT resets a CMD inherited from before it (Docker's image config rules).
      if (i.keyword === 'ENTRYPOINT') {
        entrypoint = i;
        cmd = null;
      } else if (i.keyword === 'CMD') cmd = i;
    }
  }
  const out: { commands: SimpleCommand[]; instr: Instruction }[] = [];
  for (const instr of [entrypoint, cmd]) {
    if (instr === null) continue;
    const commands = instr.json
      ? [{ words: [...instr.args], assignments: {} }]
      : parseShellCommands(instr.args.join(' '));
    out.push({ commands, instr });
  }
  return out;
}

const SYSTEM_DIRS = new Set(DEFAULT_LINUX_PATH.split(':'));
/** Programs the base image itself provides in a system directory (the interpreters of the official images). */
const BASE_IMAGE_PROGRAMS = /^(python[0-9.]*|pip[0-9.]*|node|npm|npx|sh|bash|java|ruby|php)$/;

/**
 * The PATH directories a bare name may resolve to. A context file can only be the program where no
 * earlier directory holds one: for the interpreters a base image provides, lookup stops at the
 * first system directory (a venv's bin/ after /usr/local/bin is never reached for `python`).
 */
function lookupDirs(path: readonly string[], name: string): string[] {
  if (!BASE_IMAGE_PROGRAMS.test(name)) return [...path];
  const out: string[] = [];
  for (const d of path) {
    out.push(d);
    if (SYSTEM_DIRS.has(d)) break;
  }
  return out;
}

const ENVIRONMENT_VARIABLES = ['VIRTUAL_ENV', 'PYTHONPATH', 'UV_PROJECT_ENVIRONMENT', 'NODE_PATH'] as const;

function selectingEnv(instructions: readonly Instruction[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ENVIRONMENT_VARIABLES) {
    const v = envAfter(instructions, name);
    if (v !== null && v.value !== '') out[name] = v.value;
  }
  return out;
}

function runTarget(
  stage: number,
  use: ReachUse,
  cmd: SimpleCommand,
  workdir: string,
  path: readonly string[],
  env: Record<string, string>,
): RunTarget | null {
  const program = cmd.words[0];
  if (program === undefined || program === '' || program.includes('$')) return null;
  const name = program.slice(program.lastIndexOf('/') + 1);
  const executes = program.includes('/')
    ? [joinAbs(workdir, program)]
    : lookupDirs(path, name).map((d) => joinAbs(d, program));
  const reads: string[] = [];
  if (INTERPRETERS.test(name)) {
    const args = cmd.words.slice(1);
    // `java -jar app.jar`, `python -m x` (a module: nothing to name), `sh -c '…'` (read as commands already).
    const jar = args.indexOf('-jar');
    const operand = jar >= 0 ? args[jar + 1] : args.find((a) => !a.startsWith('-'));
    if (operand !== undefined && !args.includes('-m') && !args.includes('-c') && !operand.includes('$'))
      reads.push(joinAbs(workdir, operand));
  }
  return {
    stage,
    use: { ...use, program },
    executes,
    reads,
    words: cmd.words,
    workdir,
    path,
    env: { ...env, ...cmd.assignments },
  };
}

function collectRuns(dm: DockerfileModel, built: readonly number[], target: Stage): RunTarget[] {
  const runs: RunTarget[] = [];
  for (const index of built) {
    const stage = dm.stages[index]!;
    for (const instr of stageInstructions(stage)) {
      if (instr.keyword !== 'RUN') continue;
      const before = instructionsBefore(dm, stage, instr);
      const workdir = workdirAfter(before);
      const path = pathDirs(before);
      const env = selectingEnv(before);
      for (const cmd of commandsOf(instr)) {
        const t = runTarget(
          index,
          { line: instr.startLine, keyword: 'RUN', atRunTime: false, program: '' },
          cmd,
          workdir,
          path,
          env,
        );
        if (t !== null) runs.push(t);
      }
    }
  }
  const all = instructionsBefore(dm, target);
  const workdir = workdirAfter(all);
  const path = pathDirs(all);
  const env = selectingEnv(all);
  for (const { commands, instr } of startCommands(dm, target)) {
    for (const cmd of commands) {
      const t = runTarget(
        target.index,
        { line: instr.startLine, keyword: instr.keyword, atRunTime: true, program: '' },
        cmd,
        workdir,
        path,
        env,
      );
      if (t !== null) runs.push(t);
    }
  }
  return runs;
}

function computeFacts(model: CheckModel): ReachFacts | null {
  const dm = model.dockerfileModel;
  if (dm === null || dm.target === null) return null;
  const target = dm.stages[dm.target]!;
  const built = builtStages(dm).map((s) => s.index);
  const copiesFrom: StageCopyFrom[] = [];
  const children = new Map<number, number[]>();
  for (const index of built) {
    const stage = dm.stages[index]!;
    if (stage.baseStage !== null) children.set(stage.baseStage, [...(children.get(stage.baseStage) ?? []), index]);
    for (const instr of stageInstructions(stage)) {
      const copy = instr.copy;
      if (copy === undefined || copy.fromStage === null) continue;
      for (const src of copy.sources) {
        copiesFrom.push({
          stage: index,
          line: instr.startLine,
          fromStage: copy.fromStage,
          source: literalPrefix(src.value),
          destination: cleanAbs(copy.destinationPath),
          destinationIsDir: copy.destinationPath.endsWith('/') || copy.sources.length > 1,
          exact: !/[*?[]/.test(src.value),
        });
      }
    }
  }
  const uses = sourceUses(model);
  const runs = collectRuns(dm, built, target);
  return {
    dm,
    uses,
    matched: uses.map((u) => new Set(u.selected.matched)),
    imageStages: new Set(imageStages(dm).map((s) => s.index)),
    builtStages: new Set(built),
    copiesFrom,
    children,
    runs,
    replacements: runs.flatMap(replacementsOf),
    memo: new Map(),
    lineLists: new Map(),
  };
}

function factsOf(model: CheckModel): ReachFacts | null {
  if (!factsByModel.has(model)) factsByModel.set(model, computeFacts(model));
  return factsByModel.get(model)!;
}

/** Where a COPY/ADD from the context puts `path` (one of the paths it matched). */
function destinationOf(model: CheckModel, use: SourceUse, path: string): string | null {
  const dest = use.source.destination;
  if (dest === null) return null;
  const root = use.selected.roots.find((r) => r === '' || path === r || path.startsWith(r + '/'));
  if (root === undefined) return cleanAbs(dest);
  if (use.source.parents) return joinAbs(dest, path);
  const rootType = root === '' ? 'dir' : model.entryByPath.get(root)?.type;
  if (rootType === 'dir') return joinAbs(dest, root === '' ? path : path.slice(root.length + 1));
  // A file: into the directory when the destination is one, else under the destination's name.
  if (dest.endsWith('/')) return joinAbs(dest, root.slice(root.lastIndexOf('/') + 1) + path.slice(root.length));
  return cleanAbs(dest) + path.slice(root.length);
}

/** Every stage and path `path` lands at: its COPYs, then what FROM <stage> and COPY --from carry on. */
function placementsOf(
  model: CheckModel,
  facts: ReachFacts,
  path: string,
): { placements: Placement[]; copyLines: number[]; mounted: boolean; named: boolean } {
  const placements: Placement[] = [];
  const copyLines: number[] = [];
  let mounted = false;
  let named = false;
  for (let i = 0; i < facts.uses.length; i++) {
    if (!facts.matched[i]!.has(path)) continue;
    const use = facts.uses[i]!;
    if (!copyLines.includes(use.source.line)) copyLines.push(use.source.line);
    if (use.source.kind !== 'mount' && use.selected.roots.includes(path)) named = true;
    if (use.source.kind === 'mount') {
      mounted = true;
      continue;
    }
    const dest = destinationOf(model, use, path);
    if (dest !== null) placements.push(placed(facts, use.source.stage, dest, use.source.line));
  }
  // Carry placements on; each (stage, path) once, so cycles end. The set is made when a
  // placement first carries on (most paths of a one-stage build never do).
  let seen: Set<string> | null = null;
  for (let i = 0; i < placements.length; i++) {
    const p = placements[i]!;
    // What a RUN removed or recreated is not what later stages see.
    if (p.replacedAt !== null) continue;
    const next: Placement[] = [];
    for (const child of facts.children.get(p.stage) ?? []) next.push(placed(facts, child, p.path, 0));
    for (const c of facts.copiesFrom) {
      if (c.fromStage !== p.stage || !isUnder(p.path, c.source)) continue;
      const rest = p.path.slice(c.source === '/' ? 0 : c.source.length);
      const base =
        c.destinationIsDir && rest === ''
          ? joinAbs(c.destination, p.path.slice(p.path.lastIndexOf('/') + 1))
          : c.destination;
      next.push(placed(facts, c.stage, cleanAbs(base + rest), c.line));
    }
    if (next.length === 0) continue;
    seen ??= new Set(placements.map((q) => `${q.stage}\0${q.path}`));
    for (const n of next) {
      const key = `${n.stage}\0${n.path}`;
      if (seen.has(key) || seen.size > MAX_PLACEMENTS) continue;
      seen.add(key);
      placements.push(n);
    }
  }
  return { placements, copyLines: sharedLines(facts, copyLines), mounted, named };
}

/** `lines` sorted, as the one array every path with these lines shares (a path of 200,000 need not have its own). */
function sharedLines(facts: ReachFacts, lines: number[]): number[] {
  if (lines.length > 1) lines.sort((a, b) => a - b);
  const key = lines.join(',');
  const known = facts.lineLists.get(key);
  if (known !== undefined) return known;
  facts.lineLists.set(key, lines);
  return lines;
}

function placed(facts: ReachFacts, stage: number, path: string, line: number): Placement {
  const r = facts.replacements.find((x) => x.stage === stage && x.line > line && isUnder(path, x.dir));
  return { stage, path, line, replacedAt: r?.line ?? null };
}

/** Placements followed per path at most (stages × COPY --from keeps this small in real Dockerfiles). */
const MAX_PLACEMENTS = 256;

/** The placement is gone by the time `run` runs. */
function isReplacedFor(p: Placement, run: RunTarget): boolean {
  return p.replacedAt !== null && (run.use.atRunTime || run.use.line > p.replacedAt);
}

function useOf(
  facts: ReachFacts,
  placements: readonly Placement[],
): { reach: 'executed' | 'loaded'; use: ReachUse } | null {
  let loaded: ReachUse | null = null;
  for (const run of facts.runs) {
    let reads = false;
    for (const p of placements) {
      // A RUN sees what its stage holds; ENTRYPOINT/CMD what the image holds.
      if (p.stage !== run.stage || !(run.use.atRunTime || p.line < run.use.line) || isReplacedFor(p, run)) continue;
      if (run.executes.includes(p.path)) return { reach: 'executed', use: run.use };
      reads ||= run.reads.includes(p.path);
    }
    if (loaded === null && reads) loaded = run.use;
  }
  return loaded === null ? null : { reach: 'loaded', use: loaded };
}

function referencedPathsOf(facts: ReachFacts, referenced: readonly ContextEntry[]): ReadonlySet<string> {
  facts.referencedPaths ??= new Set(referenced.map((e) => e.path));
  return facts.referencedPaths;
}

/** How `path` reaches the target. Memoised per model. */
export function reachOf(model: CheckModel, path: string): PathReach {
  const facts = factsOf(model);
  if (facts === null)
    return {
      reach: 'no-dockerfile',
      copyLines: [],
      imagePath: null,
      usedBy: null,
      named: false,
      overInstall: null,
      replacedAt: null,
    };
  const known = facts.memo.get(path);
  if (known !== undefined) return known;
  const { placements, copyLines, mounted, named } = placementsOf(model, facts, path);
  const inImage = placements.find((p) => facts.imageStages.has(p.stage));
  const used = useOf(facts, placements);
  let reach: Reach;
  if (used !== null) reach = used.reach;
  else if (inImage !== undefined) reach = 'final-image';
  else if (placements.length > 0 || mounted) reach = 'build-stage';
  else if (model.referenced !== null && !referencedPathsOf(facts, model.referenced).has(path)) reach = 'not-requested';
  else reach = 'not-copied';
  const result: PathReach = {
    reach,
    copyLines,
    imagePath: inImage?.path ?? null,
    usedBy: used?.use ?? null,
    named,
    overInstall: null,
    replacedAt: inImage?.replacedAt ?? null,
  };
  facts.memo.set(path, result);
  return result;
}

/** Context files that a RUN or the container start needs by name, at most this many (the rest are not protected). */
export const MAX_RUN_BY_NAME = 1000;

const runByNameMemo = new WeakMap<CheckModel, ReadonlyMap<string, ReachUse>>();

/**
 * Context files the build or the container start needs by name: the program ENTRYPOINT, CMD or a
 * RUN runs (`./server`, `server` found on PATH, `/usr/local/bin/docker-entrypoint.sh`), the
 * script an interpreter reads (`python app.py`), and a file a `COPY --from=<stage>` names by its
 * exact path there (`COPY --from=build /app/.env /.env`: keyword `COPY`, program `--from=build /app/.env`). Without one the container fails to start
 * (`exec: "server": executable file not found in $PATH`) or the RUN fails, so an ignore line
 * must never remove it, not even the finding about it (advice-guard.ts). A bare name the base
 * image also provides (`python` with a venv's bin/ first on PATH) is not counted: without the
 * context's copy the lookup falls back to the image's own. Memoised per model.
 */
export function filesRunByName(model: CheckModel): ReadonlyMap<string, ReachUse> {
  const known = runByNameMemo.get(model);
  if (known !== undefined) return known;
  const out = new Map<string, ReachUse>();
  const facts = factsOf(model);
  if (facts !== null) {
    // The absolute paths each run needs, and their base names to pick candidate files cheaply.
    const needed = facts.runs.map((run) => {
      const bare = !run.use.program.includes('/');
      const name = run.use.program.slice(run.use.program.lastIndexOf('/') + 1);
      const executes = bare && BASE_IMAGE_PROGRAMS.test(name) ? [] : run.executes;
      return { run, paths: new Set([...executes, ...run.reads]) };
    });
    const names = new Set(needed.flatMap(({ paths }) => [...paths].map((p) => p.slice(p.lastIndexOf('/') + 1))));
    // A COPY --from that names a file by its exact path fails the build when the file is not there.
    const exactCopies = facts.copiesFrom.filter((c) => c.exact && c.source !== '/');
    for (const c of exactCopies) names.add(c.source.slice(c.source.lastIndexOf('/') + 1));
    for (const entry of model.entries) {
      if (out.size >= MAX_RUN_BY_NAME) break;
      if (entry.type === 'dir' || !names.has(entry.path.slice(entry.path.lastIndexOf('/') + 1))) continue;
      const { placements } = placementsOf(model, facts, entry.path);
      const copied = exactCopies.find((c) =>
        placements.some((p) => p.stage === c.fromStage && p.path === c.source && p.replacedAt === null),
      );
      if (copied !== undefined) {
        const from = facts.dm.stages[copied.fromStage]?.name ?? String(copied.fromStage);
        out.set(entry.path, {
          line: copied.line,
          keyword: 'COPY',
          atRunTime: false,
          program: `--from=${from} ${copied.source}`,
        });
        continue;
      }
      for (const { run, paths } of needed) {
        const here = placements.some(
          (p) =>
            p.stage === run.stage &&
            (run.use.atRunTime || p.line < run.use.line) &&
            !isReplacedFor(p, run) &&
            paths.has(p.path),
        );
        if (here) {
          out.set(entry.path, run.use);
          break;
        }
      }
    }
  }
  runByNameMemo.set(model, out);
  return out;
}

/** The strongest reach over several paths (an environment's files), with its facts. */
export function reachOfPaths(model: CheckModel, paths: readonly string[]): PathReach {
  let best: PathReach | null = null;
  const lines = new Set<number>();
  let named = false;
  for (const p of paths) {
    const r = reachOf(model, p);
    for (const l of r.copyLines) lines.add(l);
    named ||= r.named;
    if (best === null || REACH_ORDER[r.reach] > REACH_ORDER[best.reach]) best = r;
  }
  if (best === null) return reachOf(model, '');
  return { ...best, copyLines: [...lines].sort((a, b) => a - b), named };
}

/**
 * The severity a finding about a path gets from its reach: a check's `natural` severity (what
 * happens when the image uses the file) stands when something runs or imports it; dead weight
 * in the image is at most a warning; what never reaches the image is info; without a Dockerfile
 * nothing is built, so at most a warning.
 */
export function gradeSeverity(natural: Severity, reach: Reach): Severity {
  switch (reach) {
    case 'executed':
    case 'loaded':
      return natural;
    case 'final-image':
    case 'no-dockerfile':
      return natural === 'error' ? 'warning' : natural;
    default:
      return 'info';
  }
}

function lineList(lines: readonly number[]): string {
  return `line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}`;
}

/** The reach in words, for messages: `the COPY on line 5 puts it in the final image at /app/.venv, where nothing runs it`. */
export function describeReach(r: PathReach, it = 'it'): string {
  const where = r.imagePath !== null ? ` at ${r.imagePath}` : '';
  switch (r.reach) {
    case 'no-dockerfile':
      return `there is no Dockerfile, so no image yet; a \`COPY . .\` would put ${it} in one`;
    case 'not-requested':
      return `no COPY of this Dockerfile takes ${it}: BuildKit does not send ${it}, the classic builder does`;
    case 'not-copied':
      return `BuildKit sends ${it} but no COPY of the target's stages takes ${it}`;
    case 'build-stage':
      return `the COPY on ${lineList(r.copyLines)} takes ${it} only into a build stage the final image does not keep`;
    case 'final-image':
      return r.replacedAt !== null
        ? `the COPY on ${lineList(r.copyLines)} puts ${it} in the final image${where}; the RUN on line ${r.replacedAt} removes or recreates ${it}, but the bytes stay in the COPY layer`
        : `the COPY on ${lineList(r.copyLines)} puts ${it} in the final image${where}, where nothing runs or imports ${it}`;
    case 'executed':
    case 'loaded': {
      const u = r.usedBy!;
      const verb = r.reach === 'executed' ? 'runs' : 'reads';
      return u.atRunTime
        ? `the COPY on ${lineList(r.copyLines)} puts ${it} in the final image${where} and ${u.keyword} (line ${u.line}, ${u.program}) ${verb === 'reads' ? 'uses' : verb} ${it}`
        : `the COPY on ${lineList(r.copyLines)} takes ${it} into a stage where the RUN on line ${u.line} (${u.program}) ${r.reach === 'executed' ? 'runs' : 'uses'} ${it} during the build`;
    }
  }
}

/** What an environment is, for the question "does anything use it". */
export type EnvironmentUse = 'python' | 'node' | 'other';

const NODE_PROGRAMS = /^(node|nodejs|npm|npx|yarn|pnpm|bun|next|nest|ts-node|tsx|nuxt|vite|react-scripts)$/;
const PROJECT_RUNNERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'rye']);

function programName(words: readonly string[]): string {
  const p = words[0] ?? '';
  return p.slice(p.lastIndexOf('/') + 1);
}

const NODE_INSTALLERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);

/** `npm ci`, `npm install`, `yarn`, `pnpm install`, `bun install` in the directory whose node_modules is `dir`. */
function installsNodeModules(run: RunTarget, dir: string): boolean {
  const name = programName(run.words);
  if (!NODE_INSTALLERS.has(name) || cleanAbs(`${run.workdir}/node_modules`) !== dir) return false;
  const sub = run.words[1];
  return (
    sub === undefined || sub === 'ci' || sub === 'install' || sub === 'i' || (name === 'yarn' && sub.startsWith('-'))
  );
}

/** `npm ci`, `rm -rf node_modules`: the RUN replaces what was copied at `dir`. */
function replacesNodeModules(run: RunTarget, dir: string): boolean {
  const name = programName(run.words);
  if (name === 'npm' && run.words[1] === 'ci')
    return isUnder(dir, run.workdir) && cleanAbs(`${run.workdir}/node_modules`) === dir;
  if (name === 'rm') return run.words.slice(1).some((w) => !w.startsWith('-') && joinAbs(run.workdir, w) === dir);
  return false;
}

/** The run uses a Python environment placed at `dir`. */
function usesPythonEnvironment(run: RunTarget, dir: string, programs: ReadonlySet<string>): boolean {
  if (run.use.program.includes('/')) {
    if (run.executes.some((p) => isUnder(p, dir))) return true;
  } else {
    // A bare name is looked up on PATH: the venv's bin/ wins for the programs it holds when it comes before the system's.
    const at = run.path.indexOf(`${dir}/bin`);
    const name = programName(run.words);
    const system = run.path.findIndex((d) => d === '/usr/local/bin' || d === '/usr/bin' || d === '/bin');
    if (at >= 0 && (system < 0 || at < system) && (programs.has(name) || /^python[0-9.]*$/.test(name))) return true;
  }
  if (run.env.VIRTUAL_ENV !== undefined && cleanAbs(run.env.VIRTUAL_ENV) === dir) return true;
  if ((run.env.PYTHONPATH ?? '').split(':').some((p) => p.startsWith('/') && isUnder(cleanAbs(p), dir))) return true;
  // `uv run` / `poetry run` … use the project's .venv in the working directory unless told otherwise.
  if (PROJECT_RUNNERS.has(programName(run.words)) && run.words[1] === 'run') {
    const projectEnv =
      run.env.UV_PROJECT_ENVIRONMENT !== undefined
        ? joinAbs(run.workdir, run.env.UV_PROJECT_ENVIRONMENT)
        : cleanAbs(`${run.workdir}/.venv`);
    return projectEnv === dir;
  }
  return false;
}

/** The run is a Node.js program that resolves modules from `dir` (a node_modules directory). */
function usesNodeModules(run: RunTarget, dir: string): boolean {
  if (run.executes.some((p) => isUnder(p, dir) && p !== dir)) return true;
  if (!NODE_PROGRAMS.test(programName(run.words))) return false;
  const parent = dir.slice(0, dir.lastIndexOf('/')) || '/';
  // Node resolves node_modules in the script's directory and its parents; the working directory stands for the script's.
  const from = run.reads[0] ?? run.workdir;
  return (
    isUnder(from, parent) ||
    (run.env.NODE_PATH ?? '').split(':').some((p) => p !== '' && joinAbs(run.workdir, p) === dir)
  );
}

/**
 * How an environment (a venv, a node_modules tree) reaches the target. Its files reach like any
 * path; on top of that, the environment is `loaded` where a process uses it: a venv through
 * PATH, VIRTUAL_ENV, PYTHONPATH, a program inside it, or `uv run`/`poetry run` in its project
 * directory; a node_modules tree through a Node.js program in its directory (unless a RUN
 * `npm ci` replaced it first). An image that builds its own environment elsewhere carries a
 * copied one as dead weight.
 */
/** Where the environment's root lands, from the first of its files that lands somewhere (its root may not be an entry a COPY lists). */
function rootImagePath(model: CheckModel, root: string, paths: readonly string[]): string | null {
  for (const p of paths) {
    const ip = reachOf(model, p).imagePath;
    const tail = p.slice(root.length);
    if (ip !== null && ip.endsWith(tail)) return ip.slice(0, ip.length - tail.length) || '/';
  }
  return null;
}

/** Where the root lands: its own placements, else those of its first placed file with the file's tail cut off. */
function rootPlacements(model: CheckModel, facts: ReachFacts, root: string, paths: readonly string[]): Placement[] {
  const own = placementsOf(model, facts, root).placements;
  if (own.length > 0) return own;
  for (const p of paths) {
    const tail = p.slice(root.length);
    const placed = placementsOf(model, facts, p).placements.filter((x) => x.path.endsWith(tail));
    if (placed.length > 0)
      return placed.map((x) => ({ ...x, path: x.path.slice(0, x.path.length - tail.length) || '/' }));
  }
  return [];
}

export function environmentReach(
  model: CheckModel,
  root: string,
  paths: readonly string[],
  kind: EnvironmentUse,
): PathReach {
  const files = reachOfPaths(model, [root, ...paths]);
  let base: PathReach =
    files.reach === 'final-image'
      ? { ...files, imagePath: rootImagePath(model, root, paths) ?? files.imagePath }
      : files;
  const facts = factsOf(model);
  if (facts === null || kind === 'other' || (base.reach !== 'final-image' && base.reach !== 'build-stage')) return base;
  const placements = rootPlacements(model, facts, root, paths);
  const bin = `${root}/bin/`;
  const programs = new Set(
    paths.filter((p) => p.startsWith(bin) && !p.slice(bin.length).includes('/')).map((p) => p.slice(bin.length)),
  );
  if (kind === 'node') {
    // An install before the copy in the same stage and directory: the host's tree is laid over the image's.
    for (const p of placements) {
      const before = facts.runs.filter(
        (r) => r.stage === p.stage && !r.use.atRunTime && r.use.line < p.line && installsNodeModules(r, p.path),
      );
      if (before.length > 0) {
        base = { ...base, overInstall: before[before.length - 1]!.use.line };
        break;
      }
    }
  }
  for (const p of placements) {
    // What the container does when it starts says most; then the build's RUNs in order.
    const runs = facts.runs
      .filter((r) => r.stage === p.stage && (r.use.atRunTime || r.use.line > p.line))
      .sort((a, b) => Number(b.use.atRunTime) - Number(a.use.atRunTime) || a.use.line - b.use.line);
    for (const run of runs) {
      if (isReplacedFor(p, run)) continue;
      if (kind === 'node' && !run.use.atRunTime && replacesNodeModules(run, p.path)) break;
      const uses = kind === 'python' ? usesPythonEnvironment(run, p.path, programs) : usesNodeModules(run, p.path);
      if (uses)
        return {
          ...base,
          reach: 'loaded',
          imagePath: facts.imageStages.has(p.stage) ? p.path : base.imagePath,
          usedBy: run.use,
        };
    }
  }
  return base;
}

/** Compose file names Docker Compose looks for (compose-spec: the default file names). */
const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** The Compose file at the context root, or null. */
export function composeFileOf(model: CheckModel): string | null {
  return COMPOSE_FILES.find((name) => model.entryByPath.get(name)?.type === 'file') ?? null;
}

export interface GradedReach {
  reach: PathReach;
  severity: Severity;
  /** The reach and its consequence, in words, for the end of a message. */
  text: string;
  /** Fields every path finding carries in `data`. */
  data: { reach: Reach; copyLines: number[]; imagePath: string | null; usedByLine: number | null };
}

/**
 * Grades a finding about files by their reach. `natural` is the severity when the image uses
 * them; `consequence` says what happens then (`Python imports it and fails: ImportError: …`);
 * `bytes` is what they weigh. A file a COPY names is graded as used when `namedIsUsed` (a
 * foreign binary copied by name is there to be run).
 */
export function gradeByReach(
  model: CheckModel,
  r: PathReach,
  natural: Severity,
  bytes: number,
  consequence: string,
  namedIsUsed = false,
): GradedReach {
  const data = { reach: r.reach, copyLines: r.copyLines, imagePath: r.imagePath, usedByLine: r.usedBy?.line ?? null };
  const size = formatBytes(bytes);
  switch (r.reach) {
    case 'executed':
    case 'loaded':
      return { reach: r, severity: natural, text: `${describeReach(r)}. ${consequence}`, data };
    case 'final-image':
      if (namedIsUsed && r.named) {
        return {
          reach: r,
          severity: natural,
          text: `the COPY on ${lineList(r.copyLines)} names it and puts it in the final image${r.imagePath !== null ? ` at ${r.imagePath}` : ''}. ${consequence}`,
          data,
        };
      }
      return {
        reach: r,
        severity: gradeSeverity(natural, r.reach),
        text: `${describeReach(r)}: ${size} of dead weight`,
        data,
      };
    case 'no-dockerfile': {
      const compose = composeFileOf(model);
      const hint = compose !== null ? `; ${compose} names the builds: run \`buildctx scan --all\` to check each` : '';
      return {
        reach: r,
        severity: gradeSeverity(natural, r.reach),
        text: `${describeReach(r)}. If it did: ${consequence}${hint}`,
        data,
      };
    }
    case 'build-stage':
      return {
        reach: r,
        severity: gradeSeverity(natural, r.reach),
        text: `${describeReach(r)}: ${size} sent and copied for nothing`,
        data,
      };
    default:
      return {
        reach: r,
        severity: gradeSeverity(natural, r.reach),
        text: `${describeReach(r)}: sent for nothing: ${size}`,
        data,
      };
  }
}

const ENVIRONMENT_USE: Record<EnvironmentKind, EnvironmentUse> = {
  'python-venv': 'python',
  'conda-env': 'python',
  tox: 'python',
  nox: 'python',
  pycache: 'other',
  'node-modules': 'node',
  'ruby-bundle': 'other',
  'rust-target': 'other',
};

/** The reach of a group of files: their environment's when they are in one, else the strongest of theirs. */
export function reachOfGroup(model: CheckModel, env: Environment | null, paths: readonly string[]): PathReach {
  if (env === null) return reachOfPaths(model, paths);
  const own = reachOfPaths(model, paths);
  const whole = environmentReach(model, env.path, env.paths, ENVIRONMENT_USE[env.kind]);
  return REACH_ORDER[own.reach] > REACH_ORDER[whole.reach] ? own : { ...whole, named: own.named };
}

/**
 * The directories a RUN removes or recreates: `rm -r X`; `npm ci` (it deletes node_modules
 * first); `uv sync` / `uv venv` (uv removes a project environment it cannot use, such as one made
 * on another machine, and creates it anew); `python -m venv --clear X`, `virtualenv --clear X`;
 * the file a compiler writes with `-o` (`go build -o main .` over a host-built `main`), and the
 * `target/` directory `cargo build` writes (its binaries replace a host build copied there).
 */
function replacementsOf(run: RunTarget): Replacement[] {
  if (run.use.atRunTime) return [];
  const at = (dir: string): Replacement => ({ stage: run.stage, line: run.use.line, dir });
  const name = programName(run.words);
  const args = run.words.slice(1);
  const operands = args.filter((w) => !w.startsWith('-') && !w.includes('$') && !/[*?[]/.test(w));
  if (name === 'rm' && args.some((w) => /^-[a-zA-Z]*[rR]/.test(w) || w === '--recursive'))
    return operands.map((w) => at(joinAbs(run.workdir, w)));
  if (name === 'npm' && args[0] === 'ci') return [at(cleanAbs(`${run.workdir}/node_modules`))];
  if (name === 'uv' && (args[0] === 'sync' || args[0] === 'venv')) {
    const env = args[0] === 'venv' && operands.length > 1 ? operands[1]! : (run.env.UV_PROJECT_ENVIRONMENT ?? '.venv');
    return [at(joinAbs(run.workdir, env))];
  }
  // `cargo build` writes target/ (or CARGO_TARGET_DIR) anew: a host target/ copied before it is not what later stages take.
  if (name === 'cargo' && args[0] === 'build') {
    const o = args.indexOf('--target-dir');
    const dir = o >= 0 ? args[o + 1] : undefined;
    return [at(joinAbs(run.workdir, dir !== undefined && !dir.includes('$') ? dir : 'target'))];
  }
  // A compiler writing its output over a copied file: `go build -o main .`, `gcc -o app app.c`.
  if ((name === 'go' && args[0] === 'build') || /^(gcc|g\+\+|cc|c\+\+|clang|clang\+\+|rustc)$/.test(name)) {
    const o = args.indexOf('-o');
    const out = o >= 0 ? args[o + 1] : undefined;
    if (out !== undefined && !out.includes('$')) return [at(joinAbs(run.workdir, out))];
  }
  const isVenv = (/^python[0-9.]*$/.test(name) && args[0] === '-m' && args[1] === 'venv') || name === 'virtualenv';
  if (isVenv && args.includes('--clear'))
    return operands.filter((w) => w !== 'venv').map((w) => at(joinAbs(run.workdir, w)));
  return [];
}
