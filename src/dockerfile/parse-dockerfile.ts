// Dockerfile text to our model, following BuildKit's Dockerfile frontend step by step:
//   1. parser: lines to nodes (parse-lines.ts);
//   2. instructions.Parse: flags (BFlags) and arguments per instruction, stages, global ARGs
//      (moby/buildkit frontend/dockerfile/instructions/parse.go, bflag.go);
//   3. dockerfile2llb toDispatchState: global ARGs (buildMetaArgs), FROM substitution
//      (buildDispatchStates), stage dependencies (toCommand, detectRunMount, initOnBuildTriggers),
//      the target (resolveTarget), reachability (allReachableStages) and dispatch, where ARG, ENV,
//      WORKDIR, COPY/ADD and RUN --mount values are expanded (convert.go dispatch, dispatchArg,
//      dispatchWorkdir; convert_copy.go dispatchCopy; convert_runmount.go dispatchRunMounts).
// BuildKit only dispatches the stages the target needs, so an expansion error in another stage
// does not fail the build; problems are recorded the same way.

import { BuildctxError } from '../errors.js';
import { formatPlatform, parseDockerPlatform } from '../sniff/platform.js';
import { cleanFileOpPath, goPathJoin, normalizePath } from './go-path.js';
import type {
  ArgDeclaration,
  CopyDetails,
  DockerfileModel,
  DockerfileProblem,
  EnvAssignment,
  EscapeToken,
  ExpandedWord,
  GlobalArg,
  Instruction,
  InstructionFlag,
  ParseOptions,
  RunMount,
  Stage,
} from './model.js';
import { parseHeredoc, parseLines, type RawNode } from './parse-lines.js';
import { MountError, checkMountSyntax, parseMount } from './parse-mount.js';
import { LexError, LimitError, processWord, type EnvLookup } from './shell-lex.js';
import { classifySource } from './source-kind.js';
import { findCycle, reachableStageIndices } from './stage-graph.js';

/** system.DefaultPathEnv("linux"): the PATH BuildKit sets when the base image has none. */
export const DEFAULT_LINUX_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** ARGs BuildKit never turns into environment variables (convert.go nonEnvArgs). */
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

/** parse.go parseBuildStageName. */
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

type FlagType = 'bool' | 'string' | 'strings';

// The flags each instruction accepts (instructions/parse.go parseAdd, parseCopy, parseFrom,
// parseRun + its --mount/--network/--security/--device hooks, parseHealthcheck).
const FLAGS: Record<string, Record<string, FlagType>> = {
  add: {
    chown: 'string',
    chmod: 'string',
    link: 'bool',
    'keep-git-dir': 'bool',
    checksum: 'string',
    exclude: 'strings',
    unpack: 'bool',
  },
  copy: { chown: 'string', from: 'string', chmod: 'string', link: 'bool', exclude: 'strings', parents: 'bool' },
  from: { platform: 'string' },
  run: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  healthcheck: {
    interval: 'string',
    timeout: 'string',
    'start-period': 'string',
    'start-interval': 'string',
    retries: 'string',
  },
};

const KNOWN_INSTRUCTIONS = new Set([
  'add',
  'arg',
  'cmd',
  'copy',
  'entrypoint',
  'env',
  'expose',
  'from',
  'healthcheck',
  'label',
  'maintainer',
  'onbuild',
  'run',
  'shell',
  'stopsignal',
  'user',
  'volume',
  'workdir',
]);

class InstructionError extends Error {}

interface ParsedFlags {
  list: InstructionFlag[];
  values: Map<string, string[]>;
}

/** BFlags.Parse for one instruction. */
function parseFlags(words: string[], keyword: string): ParsedFlags {
  const spec = FLAGS[keyword] ?? {};
  const list: InstructionFlag[] = [];
  const values = new Map<string, string[]>();
  for (const word of words) {
    if (!word.startsWith('--')) throw new InstructionError(`arg should start with -- : ${word}`);
    if (word === '--') break;
    const body = word.slice(2);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const value = eq < 0 ? null : body.slice(eq + 1);
    const type = spec[name];
    if (type === undefined) throw new InstructionError(`unknown flag: ${name}`);
    if (values.has(name) && type !== 'strings') throw new InstructionError(`duplicate flag specified: ${name}`);
    let stored: string;
    if (type === 'bool') {
      if (value === '') throw new InstructionError(`missing a value on flag: ${name}`);
      const lower = (value ?? '').toLowerCase();
      if (lower !== '' && lower !== 'true' && lower !== 'false') {
        throw new InstructionError(`expecting boolean value for flag ${name}, not: ${value ?? ''}`);
      }
      stored = lower === '' ? 'true' : lower;
    } else {
      if (value === null) throw new InstructionError(`missing a value on flag: ${name}`);
      stored = value;
    }
    values.set(name, [...(values.get(name) ?? []), stored]);
    list.push({ name, value });
  }
  return { list, values };
}

function flagString(flags: ParsedFlags, name: string): string | null {
  const v = flags.values.get(name);
  return v === undefined ? null : v[v.length - 1]!;
}

function flagBool(flags: ParsedFlags, name: string): boolean | null {
  const v = flagString(flags, name);
  return v === null ? null : v === 'true';
}

/** What instructions.Parse keeps of a node beyond our Instruction. */
interface Command {
  instr: Instruction;
  node: RawNode;
  flags: ParsedFlags;
  /** RUN: the --mount values and the `from` each names. */
  mounts: { spec: string; from: string | null }[];
  /** COPY/ADD: sources split from heredoc sources, and the destination. */
  sourcePaths: string[];
  dest: string;
  /** ARG: key and optional default per word. */
  args: { key: string; value: string | null }[];
}

interface StageDraft {
  stage: Stage;
  fromNode: RawNode;
  fromArg: string;
  platformArg: string | null;
  commands: Command[];
  triggerCommands: Command[];
}

interface VarValue {
  value: string;
  unresolved: string[];
}

/** The variables a word is expanded with: the stage's ENV and ARG values over the base image's. */
class Env implements EnvLookup {
  constructor(
    readonly vars: Map<string, VarValue>,
    /** True when the base image is not known here: its ENV may define any other name. */
    readonly baseUnknown: boolean,
  ) {}

  get(name: string): string | undefined {
    return this.vars.get(name)?.value;
  }

  clone(): Env {
    return new Env(new Map(this.vars), this.baseUnknown);
  }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

class Expander {
  constructor(private readonly escapeToken: EscapeToken) {}

  /** ProcessWord with the stage environment; throws LexError like BuildKit. */
  expand(raw: string, env: Env): ExpandedWord {
    const r = processWord(raw, env, { escapeToken: this.escapeToken });
    const unresolved = new Set<string>();
    for (const name of r.matched) for (const u of env.vars.get(name)?.unresolved ?? []) unresolved.add(u);
    if (env.baseUnknown) for (const name of r.unmatched) if (ENV_NAME.test(name)) unresolved.add(name);
    return { raw, value: r.result, unresolved: [...unresolved].sort() };
  }
}

interface StageState {
  env: Env;
  workdir: string;
  workdirFromImage: boolean;
}

function sourceText(lines: readonly string[], start: number, end: number): string {
  return lines
    .slice(start - 1, end)
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .join('\n');
}

/**
 * The automatic platform ARGs (dockerfile2llb defaultArgs): the platform as containerd's
 * platforms.Parse normalises it (`linux/arm` is `linux/arm/v7`) and its parts. Unknown without
 * a platform, so every word that uses them is marked unresolved.
 */
function platformVars(prefix: 'TARGET' | 'BUILD', platform: string | undefined): [string, VarValue][] {
  const names = [`${prefix}PLATFORM`, `${prefix}OS`, `${prefix}ARCH`, `${prefix}VARIANT`];
  const parsed = platform === undefined ? null : parseDockerPlatform(platform);
  if (parsed === null || !parsed.ok) return names.map((n) => [n, { value: '', unresolved: [n] }]);
  const p = parsed.platform;
  return [formatPlatform(p), p.os, p.arch, p.variant ?? ''].map((value, i) => [names[i]!, { value, unresolved: [] }]);
}

/**
 * Parses a Dockerfile into our model. Never throws for content: whatever BuildKit would
 * reject is listed in `problems` (with the line), and the model holds what could be read.
 */
/** A problem for a lexing error; one past a limit of ours is marked so the parse can refuse it. */
function lexProblem(line: number, error: LexError, message = error.message): DockerfileProblem {
  return error instanceof LimitError ? { line, message, limit: true } : { line, message };
}

export function parseDockerfile(text: string, opts: ParseOptions = {}): DockerfileModel {
  const lineParse = parseLines(text);
  const escapeToken: EscapeToken = lineParse.escapeToken === '`' ? '`' : '\\';
  const problems: DockerfileProblem[] = [...lineParse.problems];
  const sourceLines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n');
  const buildArgs = new Map(Object.entries(opts.buildArgs ?? {}));
  const expander = new Expander(escapeToken);

  // --- instructions.Parse ----------------------------------------------------------------
  const globalCommands: Command[] = [];
  const drafts: StageDraft[] = [];
  for (const node of lineParse.nodes) {
    let command: Command;
    try {
      command = toCommand(node, sourceLines);
    } catch (error) {
      if (!(error instanceof InstructionError)) throw error;
      problems.push({
        line: node.startLine,
        message: `dockerfile parse error on line ${node.startLine}: ${error.message}`,
      });
      continue;
    }
    const kw = node.keyword.toLowerCase();
    if (kw === 'from') {
      let name: string | null;
      try {
        name = stageName(node.args);
      } catch (error) {
        if (!(error instanceof InstructionError)) throw error;
        problems.push({
          line: node.startLine,
          message: `dockerfile parse error on line ${node.startLine}: ${error.message}`,
        });
        continue;
      }
      drafts.push({
        stage: {
          index: drafts.length,
          name,
          startLine: node.startLine,
          endLine: node.endLine,
          base: { raw: node.args[0]!, value: node.args[0]!, unresolved: [] },
          platform: null,
          baseStage: null,
          isScratch: false,
          instructions: [],
          triggers: [],
        },
        fromNode: node,
        fromArg: node.args[0]!,
        platformArg: flagString(command.flags, 'platform'),
        commands: [],
        triggerCommands: [],
      });
      continue;
    }
    const current = drafts[drafts.length - 1];
    if (current === undefined) {
      if (kw === 'arg') globalCommands.push(command);
      else
        problems.push({
          line: node.startLine,
          message: `dockerfile parse error on line ${node.startLine}: no build stage in current context`,
        });
      continue;
    }
    current.commands.push(command);
    current.stage.instructions.push(command.instr);
    current.stage.endLine = node.endLine;
  }
  // instructions.Parse stops at its first error, so "no stages" is only news without one.
  if (drafts.length === 0 && lineParse.nodes.length > 0 && problems.length === 0) {
    problems.push({ line: 1, message: 'dockerfile contains no stages to build' });
  }

  // --- global ARGs (buildMetaArgs) ----------------------------------------------------------
  const globalEnv = new Env(
    new Map([...platformVars('TARGET', opts.platform), ...platformVars('BUILD', opts.buildPlatform)]),
    false,
  );
  const globalArgs: GlobalArg[] = [];
  for (const command of globalCommands) {
    for (const { key, value: def } of command.args) {
      let value: VarValue | null = null;
      const given = buildArgs.get(key);
      if (given !== undefined) {
        value = { value: given, unresolved: [] };
      } else if (def !== null) {
        try {
          const w = expander.expand(def, globalEnv);
          value = { value: w.value, unresolved: w.unresolved };
        } catch (error) {
          if (!(error instanceof LexError)) throw error;
          problems.push(lexProblem(command.instr.startLine, error));
        }
      }
      if (value !== null) globalEnv.vars.set(key, value);
      globalArgs.push({
        key,
        default: def,
        value: value?.value ?? null,
        unresolved: value?.unresolved ?? [],
        line: command.instr.startLine,
      });
    }
  }

  // --- FROM (buildDispatchStates) -------------------------------------------------------------
  // Stage names as BuildKit's statesByName holds them: while FROM lines are processed, only the
  // earlier stages; afterwards all of them, a repeated name pointing at its last stage.
  const byName = new Map<string, number>();
  for (const draft of drafts) {
    const stage = draft.stage;
    try {
      stage.base = expander.expand(draft.fromArg, globalEnv);
      if (stage.base.value === '') {
        problems.push({ line: stage.startLine, message: `base name (${draft.fromArg}) should not be blank` });
      }
    } catch (error) {
      if (!(error instanceof LexError)) throw error;
      problems.push(lexProblem(stage.startLine, error));
    }
    if (draft.platformArg !== null) {
      try {
        stage.platform = expander.expand(draft.platformArg, globalEnv);
        if (stage.platform.value === '') {
          problems.push({
            line: stage.startLine,
            message: `empty platform value from expression ${draft.platformArg}`,
          });
        }
      } catch (error) {
        if (!(error instanceof LexError)) throw error;
        problems.push(
          lexProblem(
            stage.startLine,
            error,
            `failed to process arguments for platform ${draft.platformArg}: ${error.message}`,
          ),
        );
        stage.platform = { raw: draft.platformArg, value: draft.platformArg, unresolved: [] };
      }
    }
    // addState: the base names an earlier stage when it equals its (lower-cased) name exactly.
    stage.baseStage = byName.get(stage.base.value) ?? null;
    stage.isScratch = stage.baseStage === null && stage.base.value === 'scratch';
    if (stage.name !== null) byName.set(stage.name, stage.index);
  }

  // --- stage dependencies (toCommand, detectRunMount, initOnBuildTriggers) ------------------
  const stageLabel = (s: Stage): string => s.name ?? `stage-${s.index}`;
  // Problems of ONBUILD triggers only fail the build when their stage is built (resolveStages).
  const dependencyProblems = new Map<number, DockerfileProblem[]>();
  const deferProblem = (stage: number, problem: DockerfileProblem): void => {
    dependencyProblems.set(stage, [...(dependencyProblems.get(stage) ?? []), problem]);
  };
  const resolveDeps = (draft: StageDraft, commands: Command[], deferred: boolean): void => {
    for (const command of commands) {
      const problem = resolveCommandDeps(command, drafts.length, byName, escapeToken);
      if (problem === null) continue;
      if (deferred) deferProblem(draft.stage.index, problem);
      else problems.push(problem);
    }
  };
  for (const draft of drafts) resolveDeps(draft, draft.commands, false);
  for (const draft of drafts) {
    const base = draft.stage.baseStage === null ? null : drafts[draft.stage.baseStage]!;
    if (base === null) continue;
    for (const onbuild of base.commands.filter((c) => c.instr.keyword === 'ONBUILD')) {
      const trigger = parseTrigger(onbuild, draft, sourceLines);
      if ('message' in trigger) {
        deferProblem(draft.stage.index, trigger);
        continue;
      }
      draft.triggerCommands.push(trigger);
      draft.stage.triggers.push(trigger.instr);
    }
    resolveDeps(draft, draft.triggerCommands, true);
  }
  const stages = drafts.map((d) => d.stage);
  const cycle = findCycle(stages);
  if (cycle !== null)
    problems.push({ line: cycle.startLine, message: `circular dependency detected on stage: ${stageLabel(cycle)}` });

  // --- target and reachability ---------------------------------------------------------------
  let target: number | null = stages.length > 0 ? stages.length - 1 : null;
  if (opts.target !== undefined && opts.target !== '') {
    target = byName.get(opts.target.toLowerCase()) ?? null;
    if (target === null) problems.push({ line: 1, message: `target stage "${opts.target}" could not be found` });
  }
  const reachable = new Set(target === null ? [] : reachableStageIndices(stages, target));
  for (const [index, list] of dependencyProblems) if (reachable.has(index)) problems.push(...list);

  // --- dispatch ---------------------------------------------------------------------------
  const finalStates: StageState[] = [];
  for (const draft of drafts) {
    const stage = draft.stage;
    const stageProblems: DockerfileProblem[] = [];
    let state: StageState;
    if (stage.baseStage !== null) {
      const base = finalStates[stage.baseStage]!;
      state = { env: base.env.clone(), workdir: base.workdir, workdirFromImage: base.workdirFromImage };
    } else if (stage.isScratch) {
      state = {
        env: new Env(new Map([['PATH', { value: DEFAULT_LINUX_PATH, unresolved: [] }]]), false),
        workdir: '/',
        workdirFromImage: false,
      };
    } else {
      state = { env: new Env(new Map(), true), workdir: '/', workdirFromImage: true };
    }
    const ctx: DispatchContext = {
      stage,
      state,
      expander,
      globalEnv,
      buildArgs,
      problems: stageProblems,
      stages,
      label: stageLabel,
    };
    for (const command of [...draft.triggerCommands, ...draft.commands]) dispatch(command, ctx);
    finalStates.push(state);
    if (reachable.has(stage.index)) problems.push(...stageProblems);
  }

  problems.sort((a, b) => a.line - b.line);
  const limit = problems.find((p) => p.limit === true);
  if (limit !== undefined)
    throw new BuildctxError('dockerfile-invalid', `Dockerfile line ${limit.line}: ${limit.message}`);
  const syntax = lineParse.directives.find((d) => d.name === 'syntax');
  return {
    escapeToken,
    directives: lineParse.directives,
    syntax: syntax === undefined ? null : syntax.value.split(' ')[0]!,
    globalArgs,
    stages,
    target,
    problems,
  };
}

function stageName(args: string[]): string | null {
  if (args.length === 3 && args[1]!.toLowerCase() === 'as') {
    const name = args[2]!.toLowerCase();
    if (!STAGE_NAME.test(name)) {
      throw new InstructionError(
        `invalid name for build stage: "${args[2]}", name can't start with a number or contain symbols`,
      );
    }
    return name;
  }
  if (args.length !== 1) throw new InstructionError('FROM requires either one or three arguments');
  return null;
}

/** ParseInstruction: validates flags and arguments and builds the Instruction. */
function toCommand(node: RawNode, sourceLines: readonly string[]): Command {
  const kw = node.keyword.toLowerCase();
  if (!KNOWN_INSTRUCTIONS.has(kw)) throw new InstructionError(`unknown instruction: ${node.keyword}`);
  // parseHealthcheck never parses flags for HEALTHCHECK NONE.
  const skipFlags = kw === 'healthcheck' && (node.args[0] ?? '').toUpperCase() === 'NONE';
  const flags = skipFlags ? { list: [], values: new Map<string, string[]>() } : parseFlags(node.flags, kw);
  const instr: Instruction = {
    keyword: kw.toUpperCase(),
    startLine: node.startLine,
    endLine: node.endLine,
    text: sourceText(sourceLines, node.startLine, node.endLine),
    flags: flags.list,
    args: node.args,
    json: node.json,
    heredocs: node.heredocs,
  };
  const command: Command = { instr, node, flags, mounts: [], sourcePaths: [], dest: '', args: [] };
  const upper = kw.toUpperCase();
  switch (kw) {
    case 'add':
    case 'copy': {
      if (node.args.length < 2) {
        throw new InstructionError(
          `${upper} requires at least two arguments, but only one was provided. Destination could not be determined`,
        );
      }
      command.dest = node.args[node.args.length - 1]!;
      if (parseHeredoc(command.dest) !== null)
        throw new InstructionError(`${upper} cannot accept a heredoc as a destination`);
      command.sourcePaths = node.args.slice(0, -1).filter((src) => parseHeredoc(src) === null);
      break;
    }
    case 'arg':
      if (node.args.length < 1) throw new InstructionError('ARG requires at least one argument');
      command.args = node.args.map((word) => {
        const eq = word.indexOf('=');
        if (eq < 0) return { key: word, value: null };
        if (eq === 0) throw new InstructionError('ARG names can not be blank');
        return { key: word.slice(0, eq), value: word.slice(eq + 1) };
      });
      break;
    case 'env':
    case 'label':
      if (node.args.length === 0) throw new InstructionError(`${upper} requires at least one argument`);
      for (let i = 0; i < node.args.length; i += 2) {
        if (node.args[i] === '') throw new InstructionError(`${upper} names can not be blank`);
      }
      break;
    case 'run':
      for (const spec of flags.values.get('mount') ?? []) {
        try {
          command.mounts.push({ spec, from: checkMountSyntax(spec).from });
        } catch (error) {
          if (error instanceof MountError) throw new InstructionError(error.message);
          throw error;
        }
      }
      break;
    case 'workdir':
    case 'user':
    case 'maintainer':
    case 'stopsignal':
      if (node.args.length !== 1) throw new InstructionError(`${upper} requires exactly one argument`);
      break;
    case 'expose':
    case 'volume':
      if (node.args.length === 0) throw new InstructionError(`${upper} requires at least one argument`);
      break;
    case 'shell':
      if (node.args.length === 0) throw new InstructionError('SHELL requires at least one argument');
      if (!node.json) throw new InstructionError(`SHELL requires the arguments to be in JSON form`);
      break;
    case 'onbuild': {
      if (node.child === null) throw new InstructionError('ONBUILD requires at least one argument');
      const trigger = node.child.keyword.toUpperCase();
      if (trigger === 'ONBUILD') throw new InstructionError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      if (trigger === 'MAINTAINER' || trigger === 'FROM')
        throw new InstructionError(`${trigger} isn't allowed as an ONBUILD trigger`);
      instr.onbuild = node.original.replace(/^[\t\n\f\r ]*ONBUILD[\t\n\f\r ]*/i, '');
      break;
    }
    default:
      break;
  }
  return command;
}

/** toCommand / detectRunMount: which stage COPY --from and RUN --mount from= name. */
function resolveCommandDeps(
  command: Command,
  stageCount: number,
  byName: ReadonlyMap<string, number>,
  escapeToken: EscapeToken,
): DockerfileProblem | null {
  const line = command.instr.startLine;
  const kw = command.instr.keyword;
  if (kw === 'COPY') {
    const from = flagString(command.flags, 'from');
    let fromStage: number | null = null;
    if (from !== null && from !== '') {
      let unchanged = true;
      try {
        unchanged = processWord(from, { get: () => undefined }, { escapeToken }).result === from;
      } catch (error) {
        if (!(error instanceof LexError)) throw error;
        return { line, message: error.message };
      }
      if (!unchanged) {
        return {
          line,
          message:
            'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround',
        };
      }
      if (/^[+-]?[0-9]+$/.test(from)) {
        const index = Number.parseInt(from, 10);
        if (index < 0 || index >= stageCount) return { line, message: `invalid stage index ${index}` };
        fromStage = index;
      } else {
        fromStage = byName.get(from.toLowerCase()) ?? null;
      }
    }
    command.instr.copy = emptyCopy(from, fromStage);
  }
  if (kw === 'RUN') {
    command.instr.run = {
      command: command.node.args,
      shellForm: !command.node.json,
      // Dispatch fills in the values; the stage a mount reads from is known now (detectRunMount).
      mounts: command.mounts.map(({ spec, from }) => parseTimeMount(spec, from, byName)),
      network: flagString(command.flags, 'network'),
    };
  }
  return null;
}

/** A mount as known before dispatch: its raw type and the stage its `from` names (by name only). */
function parseTimeMount(spec: string, from: string | null, byName: ReadonlyMap<string, number>): RunMount {
  const typeField = spec.split(',').find((f) => f.toLowerCase().startsWith('type='));
  const type = typeField === undefined ? 'bind' : typeField.slice(5).toLowerCase();
  return {
    spec,
    type,
    from,
    fromStage: from === null || from === '' ? null : (byName.get(from.toLowerCase()) ?? null),
    source: null,
    target: null,
    targetPath: null,
    id: null,
    readOnly: !(type === 'cache' || type === 'tmpfs'),
    options: {},
  };
}

function emptyCopy(from: string | null, fromStage: number | null): CopyDetails {
  return {
    from,
    fromStage,
    sources: [],
    heredocSources: [],
    destination: { raw: '', value: '', unresolved: [] },
    destinationPath: '/',
    destinationFromImage: false,
    chown: null,
    chmod: null,
    link: false,
    parents: false,
    excludes: [],
    checksum: null,
    keepGitDir: null,
    unpack: null,
  };
}

/**
 * initOnBuildTriggers: an ONBUILD of the base stage is parsed again on its own (default
 * escape token) and runs first in the child; BuildKit places it at the child's FROM line.
 */
function parseTrigger(
  onbuild: Command,
  draft: StageDraft,
  sourceLines: readonly string[],
): Command | DockerfileProblem {
  const expression = onbuild.instr.onbuild ?? '';
  const { startLine, endLine } = draft.fromNode;
  const parsed = parseLines(expression);
  if (parsed.problems.length > 0) return { line: startLine, message: parsed.problems[0]!.message };
  if (parsed.nodes.length !== 1) return { line: startLine, message: 'onbuild trigger should be a single expression' };
  const node = { ...parsed.nodes[0]!, startLine, endLine };
  try {
    const command = toCommand(node, sourceLines);
    command.instr.text = expression;
    command.instr.triggerLine = onbuild.instr.startLine;
    return command;
  } catch (error) {
    if (!(error instanceof InstructionError)) throw error;
    return { line: startLine, message: error.message };
  }
}

interface DispatchContext {
  stage: Stage;
  state: StageState;
  expander: Expander;
  globalEnv: Env;
  buildArgs: ReadonlyMap<string, string>;
  problems: DockerfileProblem[];
  stages: readonly Stage[];
  label: (s: Stage) => string;
}

function dispatch(command: Command, ctx: DispatchContext): void {
  const line = command.instr.startLine;
  try {
    switch (command.instr.keyword) {
      case 'ARG':
        dispatchArg(command, ctx);
        break;
      case 'ENV':
        dispatchEnv(command, ctx);
        break;
      case 'WORKDIR':
        dispatchWorkdir(command, ctx);
        break;
      case 'COPY':
      case 'ADD':
        dispatchCopy(command, ctx);
        break;
      case 'RUN':
        dispatchRun(command, ctx);
        break;
      default:
        break;
    }
  } catch (error) {
    if (error instanceof LexError) {
      ctx.problems.push(lexProblem(line, error));
      return;
    }
    if (error instanceof MountError || error instanceof InstructionError) {
      ctx.problems.push({ line, message: error.message });
      return;
    }
    throw error;
  }
}

function dispatchArg(command: Command, ctx: DispatchContext): void {
  const out: ArgDeclaration[] = [];
  for (const { key, value: def } of command.args) {
    let value: VarValue | null = null;
    const given = ctx.buildArgs.get(key);
    if (given !== undefined) {
      value = { value: given, unresolved: [] };
    } else if (def !== null) {
      const w = ctx.expander.expand(def, ctx.state.env);
      value = { value: w.value, unresolved: w.unresolved };
    } else {
      // An ARG without default and without --build-arg takes the global ARG's value.
      value = ctx.globalEnv.vars.get(key) ?? null;
    }
    if (value !== null && !NON_ENV_ARGS.has(key)) ctx.state.env.vars.set(key, value);
    out.push({ key, default: def, value: value?.value ?? null, unresolved: value?.unresolved ?? [] });
  }
  command.instr.arg = out;
}

function dispatchEnv(command: Command, ctx: DispatchContext): void {
  // EnvCommand.Expand runs before any assignment: `ENV A=1 B=$A` sees the old A.
  const out: EnvAssignment[] = [];
  const args = command.node.args;
  for (let i = 0; i + 1 < args.length; i += 2) {
    out.push({
      key: ctx.expander.expand(args[i]!, ctx.state.env).value,
      value: ctx.expander.expand(args[i + 1]!, ctx.state.env),
    });
  }
  for (const { key, value } of out) ctx.state.env.vars.set(key, { value: value.value, unresolved: value.unresolved });
  command.instr.env = out;
}

function dispatchWorkdir(command: Command, ctx: DispatchContext): void {
  const path = ctx.expander.expand(command.node.args[0]!, ctx.state.env);
  // NormalizeWorkdir: relative joins the current WORKDIR, absolute is kept as written.
  const resolved = normalizePath(ctx.state.workdir, path.value, false);
  const fromImage = ctx.state.workdirFromImage && !path.value.startsWith('/');
  ctx.state.workdir = resolved;
  ctx.state.workdirFromImage = fromImage;
  command.instr.workdir = { path, resolved, fromImage };
}

function dispatchCopy(command: Command, ctx: DispatchContext): void {
  const instr = command.instr;
  const isAdd = instr.keyword === 'ADD';
  const copy = instr.copy ?? emptyCopy(null, null);
  instr.copy = copy;
  const env = ctx.state.env;
  const expand = (raw: string): ExpandedWord => ctx.expander.expand(raw, env);

  const chown = flagString(command.flags, 'chown');
  copy.chown = chown === null ? null : expand(chown).value;
  const checksum = flagString(command.flags, 'checksum');
  copy.checksum = checksum === null ? null : expand(checksum).value;
  copy.chmod = flagString(command.flags, 'chmod');
  copy.link = flagBool(command.flags, 'link') ?? false;
  copy.parents = flagBool(command.flags, 'parents') ?? false;
  copy.excludes = command.flags.values.get('exclude') ?? [];
  copy.keepGitDir = flagBool(command.flags, 'keep-git-dir');
  copy.unpack = flagBool(command.flags, 'unpack');
  copy.sources = command.sourcePaths.map(expand);
  copy.heredocSources = command.node.args
    .slice(0, -1)
    .map((src) => parseHeredoc(src)?.name)
    .filter((n): n is string => n !== undefined);
  copy.destination = expand(command.dest);

  if (copy.fromStage !== null && copy.fromStage >= ctx.stage.index) {
    throw new InstructionError(
      `cannot copy from stage "${copy.from ?? ''}", it needs to be defined before current stage "${ctx.label(ctx.stage)}"`,
    );
  }
  if (copy.chmod !== null && /^[0-9]+$/.test(copy.chmod)) {
    if (!/^[0-7]+$/.test(copy.chmod) || Number.parseInt(copy.chmod, 8) > 0o7777) {
      throw new InstructionError(
        `invalid chmod parameter: '${copy.chmod}'. it should be octal string and between 0 and 07777`,
      );
    }
  }
  if (copy.checksum !== null) {
    if (copy.sources.length !== 1) throw new InstructionError("checksum can't be specified for multiple sources");
    if (classifySource(copy.sources[0]!.value) === 'local')
      throw new InstructionError('checksum requires HTTP(S) or Git sources');
  }
  for (const src of copy.sources) {
    const kind = classifySource(src.value);
    if (!isAdd && kind === 'git') throw new InstructionError("source can't be a git ref for COPY");
    if (!isAdd && kind === 'url') throw new InstructionError("source can't be a URL for COPY");
  }

  // pathRelativeToWorkingDir: "" and "." mean the WORKDIR itself, as a directory.
  const dest = copy.destination.value;
  const isAbs = dest.startsWith('/');
  const relative = dest === '' || dest === '.' ? './' : dest;
  const joined = isAbs ? normalizePath('/', dest, true) : normalizePath(ctx.state.workdir, relative, true);
  copy.destinationPath = cleanFileOpPath(joined);
  copy.destinationFromImage = !isAbs && ctx.state.workdirFromImage;
}

function dispatchRun(command: Command, ctx: DispatchContext): void {
  const run = command.instr.run!;
  const env = ctx.state.env;
  run.mounts = run.mounts.map((known) => {
    const words = new Map<string, ExpandedWord>();
    const parsed = parseMount(known.spec, (raw) => {
      const w = ctx.expander.expand(raw, env);
      words.set(raw, w);
      return w.value;
    });
    const word = (key: string): ExpandedWord | null => {
      const raw = parsed.rawOptions[key];
      return raw === undefined ? null : (words.get(raw) ?? null);
    };
    const mount: RunMount = {
      spec: known.spec,
      type: parsed.type,
      from: known.from,
      fromStage: known.fromStage,
      source: word('source') ?? word('src'),
      target: word('target') ?? word('dst') ?? word('destination'),
      targetPath: null,
      id: parsed.id,
      readOnly: parsed.readOnly,
      options: parsed.options,
    };
    if (mount.fromStage !== null && mount.fromStage >= ctx.stage.index) {
      throw new InstructionError(
        `cannot mount from stage "${known.from ?? ''}" to "${ctx.label(ctx.stage)}", stage needs to be defined before current command`,
      );
    }
    if (mount.type !== 'secret' && mount.type !== 'ssh') {
      // dispatchRunMounts: a relative target joins the WORKDIR; an absolute one is used as written.
      const target = parsed.target ?? '';
      const targetPath = target.startsWith('/') ? target : goPathJoin('/', ctx.state.workdir, target);
      if (targetPath === '/') throw new InstructionError(`invalid mount target "${targetPath}"`);
      mount.targetPath = targetPath;
    }
    return mount;
  });
}
