// The commands. Each parses its own arguments, calls the library and writes the result.
import * as path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { analyze, checkLimits, splitPlatforms, summarize, topLevelSizes } from '../analyze/analyze.js';
import type { BuildSettings, ScanBuild, ScannedBuild, ScanResult } from '../scan/scan.js';
import { decodeName, encodePath, sortByPathBytes } from '../paths.js';
import { explainPath, firstSentBelow, normalizeQueryPath, resolveQueryPath } from '../context/explain-path.js';
import { loadContext, prepareContext, type LoadedContext } from '../context/load-context.js';
import { BuildctxError } from '../errors.js';
import { checks, findCheck } from '../analyze/registry.js';
import { FsError } from '../fs/file-system.js';
import { nodeFileSystem } from '../fs/node-fs.js';
import { openOutputFile, writeOutputFile } from '../fs/safe-output.js';
import {
  applyBaseline,
  FAIL_ON_LEVELS,
  guardFailures,
  MAX_BASELINE_BYTES,
  parseBaseline,
  type Baseline,
  type FailOn,
} from '../guard/guard.js';
import { displayPath } from '../report/display-path.js';
import { withRawPaths } from '../report/json.js';
import { FORMATS, loadReporter, type Format } from '../report/formats.js';
import type { ContextEntry, ExcludedEntry, LimitResult } from '../types.js';
import { formatBytes, formatCount } from '../units.js';
import type { CliIo } from './io.js';
import { parseCount, parseGrowth, parseSize } from './parse-size.js';
import { COMMAND_SPECS } from './options.js';
import { usageText } from './usage.js';
import {
  checkSettings,
  effectiveConfig,
  findConfigFile,
  readConfigFile,
  renderConfig,
  renderConfigChanges,
  type ConfigFile,
  type EffectiveConfig,
  type FlagSettings,
} from './config.js';
import { checkPlatform } from '../dockerfile/target.js';
import { createProgress, progressAllowed } from './progress.js';
import type { CheckedOutput } from './checked-output.js';
import { withOutputCleanup } from './signals.js';

export type Command = (args: string[], io: CliIo) => Promise<number>;

type Options = NonNullable<ParseArgsConfig['options']>;

function parse<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    throw new BuildctxError(
      'usage',
      `${command}: ${message.replace(/\. To specify a positional.*$/, '')} (see buildctx help ${command})`,
    );
  }
}

function useColor(io: CliIo, noColor: boolean | undefined): boolean {
  if (noColor === true) return false;
  const env = io.env.NO_COLOR;
  if (env !== undefined && env !== '') return false;
  return io.stdout.isTTY === true;
}

function atMostOne(command: string, positionals: string[], what: string): string | undefined {
  if (positionals.length > 1)
    throw new BuildctxError('usage', `${command}: expected at most one ${what}, got ${positionals.length}`);
  return positionals[0];
}

function contextArgs(values: { file?: string | undefined; 'ignore-file'?: string | undefined }): {
  dockerfile?: string;
  ignoreFile?: string;
} {
  return {
    ...(values.file !== undefined ? { dockerfile: values.file } : {}),
    ...(values['ignore-file'] !== undefined ? { ignoreFile: values['ignore-file'] } : {}),
  };
}

function checkFormat(command: string, format: string | undefined, allowed: readonly string[]): string {
  const f = format ?? allowed[0]!;
  if (!allowed.includes(f))
    throw new BuildctxError('usage', `${command}: --format must be one of ${allowed.join(', ')}`);
  return f;
}

/** `--list-checks`: every registered check, for `--disable` and documentation. */
function listChecks(io: CliIo, json: boolean): number {
  const rows = [...checks].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1)).map(({ meta }) => meta);
  if (json) {
    io.stdout.write(
      JSON.stringify(
        rows.map((m) => ({ id: m.id, severity: m.defaultSeverity, title: m.title, description: m.description })),
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  const idWidth = Math.max(...rows.map((m) => m.id.length));
  io.stdout.write(rows.map((m) => `${m.id.padEnd(idWidth)}  ${m.defaultSeverity.padEnd(7)}  ${m.title}\n`).join(''));
  return 0;
}

/**
 * `--build-arg KEY=VALUE`; a bare `KEY` takes the environment variable's value and is left out
 * when it is not set, as buildx does (build/build.go listToMap). The last value of a key wins.
 */
function parseBuildArgs(
  list: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    if (key === '') throw new BuildctxError('usage', `report: --build-arg ${JSON.stringify(item)}: expected KEY=VALUE`);
    if (eq >= 0) out[key] = item.slice(eq + 1);
    else if (env[key] !== undefined) out[key] = env[key]!;
  }
  return out;
}

/** `--build-context NAME=SOURCE` (buildx build.go parseContextNames): a name once, a non-empty source. */
function parseBuildContexts(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? '' : item.slice(0, eq);
    const source = eq < 0 ? '' : item.slice(eq + 1);
    if (name === '' || source === '')
      throw new BuildctxError('usage', `report: --build-context ${JSON.stringify(item)}: expected NAME=PATH`);
    if (Object.hasOwn(out, name))
      throw new BuildctxError('usage', `report: --build-context ${JSON.stringify(name)} given twice`);
    out[name] = source;
  }
  return out;
}

function checkIds(ids: readonly string[], where = 'report: --disable'): string[] {
  const unknown = ids.filter((id) => findCheck(id) === undefined);
  if (unknown.length > 0) {
    const known = checks
      .map((c) => c.meta.id)
      .sort()
      .join(', ');
    throw new BuildctxError(
      'usage',
      `${where}: unknown check ${unknown.map((id) => JSON.stringify(id)).join(', ')} (known: ${known})`,
    );
  }
  return [...ids];
}

function checkFailOn(text: string | undefined, command = 'report'): FailOn {
  const level = text ?? 'error';
  if (!(FAIL_ON_LEVELS as readonly string[]).includes(level))
    throw new BuildctxError('usage', `${command}: --fail-on must be one of ${FAIL_ON_LEVELS.join(', ')}`);
  return level as FailOn;
}

function readBaseline(file: string, cwd: string): Baseline {
  const abs = path.resolve(cwd, file);
  let bytes: Uint8Array | null;
  try {
    // The user names this file, so a symlink to it is fine: resolve it, then read it.
    bytes = nodeFileSystem.readFile(nodeFileSystem.realPath(abs), MAX_BASELINE_BYTES);
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    if (error.code !== 'ENOENT')
      throw new BuildctxError(
        'io',
        `--baseline ${file}: cannot read it (${error.code === 'OTHER' ? error.message : error.code})`,
      );
    bytes = null;
  }
  if (bytes === null) throw new BuildctxError('io', `--baseline ${file}: no such file`);
  return parseBaseline(Buffer.from(bytes).toString('utf8'), file);
}

/** `-o/--output FILE`: written whole through a temporary file, or not at all. */
export async function writeOutput(file: string, cwd: string, data: string | Uint8Array): Promise<void> {
  try {
    await withOutputCleanup(() => writeOutputFile(path.resolve(cwd, file), data));
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    throw new BuildctxError('io', `--output ${file}: cannot write it (${error.message})`);
  }
}

/** Annotation paths are relative to the repository: GITHUB_WORKSPACE in Actions, else the working directory. */
function repositoryRoot(io: CliIo): string {
  const workspace = io.env.GITHUB_WORKSPACE;
  if (workspace === undefined || workspace === '') return io.cwd;
  try {
    return nodeFileSystem.realPath(path.resolve(io.cwd, workspace));
  } catch {
    return io.cwd;
  }
}

/** The context directory as given (real path when it exists), where the configuration search starts. */
function contextDirectory(io: CliIo, context: string | undefined): string {
  const dir = path.resolve(io.cwd, context ?? '.');
  try {
    return nodeFileSystem.realPath(dir);
  } catch {
    return dir;
  }
}

function realFile(file: string): string {
  try {
    return nodeFileSystem.realPath(file);
  } catch {
    return file;
  }
}

function contextRelative(contextDir: string, file: string): string {
  const rel = path.relative(contextDir, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

/** `--config FILE`, `--no-config`, or the file found from `startDir` (absolute, real) upward. */
function loadConfig(
  command: string,
  io: CliIo,
  startDir: string,
  values: { config?: string | undefined; 'no-config'?: boolean | undefined },
): ConfigFile | null {
  if (values['no-config'] === true) {
    if (values.config !== undefined)
      throw new BuildctxError('usage', `${command}: give --config FILE or --no-config, not both`);
    return null;
  }
  if (values.config === undefined) return findConfigFile(nodeFileSystem, startDir, io.cwd);
  const file = path.resolve(io.cwd, values.config);
  if (nodeFileSystem.lstat(file) === null) throw new BuildctxError('usage', `--config ${values.config}: no such file`);
  // The user names this file, so a symlink to it is fine: resolve it, then read it.
  const config = readConfigFile(nodeFileSystem, realFile(file), io.cwd, values.config);
  if (config === null) throw new BuildctxError('usage', `--config ${values.config}: has no "buildctx" key`);
  return config;
}

/** The settings the command line gives; what it does not give is left to the configuration file. */
function configFlags(
  command: string,
  values: {
    'fail-on'?: string | undefined;
    'max-size'?: string | undefined;
    'max-files'?: string | undefined;
    'max-growth'?: string | undefined;
    platform?: string | undefined;
    libc?: string | undefined;
    disable?: string[] | undefined;
  },
): FlagSettings {
  // A multi-platform build lists several, as docker buildx build --platform a,b.
  if (values.platform !== undefined) for (const p of splitPlatforms(values.platform)) checkPlatform(p, '--platform');
  const libc = values.libc;
  if (libc !== undefined && libc !== 'glibc' && libc !== 'musl')
    throw new BuildctxError('usage', `--libc must be glibc or musl, not "${libc}"`);
  return {
    ...(values['fail-on'] !== undefined ? { failOn: checkFailOn(values['fail-on'], command) } : {}),
    ...(values['max-size'] !== undefined ? { maxSize: parseSize(values['max-size'], '--max-size') } : {}),
    ...(values['max-files'] !== undefined ? { maxFiles: parseCount(values['max-files'], '--max-files') } : {}),
    ...(values['max-growth'] !== undefined ? { maxGrowth: parseGrowth(values['max-growth'], '--max-growth') } : {}),
    ...(values.platform !== undefined ? { platform: values.platform } : {}),
    ...(libc !== undefined ? { libc } : {}),
    disable: checkIds(values.disable ?? [], `${command}: --disable`),
  };
}

/** What a merged configuration asks of the analysis of one context (`contextDir`: absolute, real). */
function configuredAnalysis(config: EffectiveConfig, file: ConfigFile | null, contextDir: string): BuildSettings {
  const { disable, severity } = checkSettings(config);
  return {
    disable,
    severity,
    ignorePaths: config.ignorePaths.map((p) => p.value),
    // Named as findings name files: relative to the context when inside it.
    ...(file !== null ? { ignorePathsFile: contextRelative(contextDir, file.path) } : {}),
    ...(config.maxSize.value !== null ? { maxSize: config.maxSize.value } : {}),
    ...(config.maxFiles.value !== null ? { maxFiles: config.maxFiles.value } : {}),
    ...(config.platform.value !== null ? { platform: config.platform.value } : {}),
    ...(config.libc.value !== null ? { libc: config.libc.value } : {}),
  };
}

function checkPrintConfigFormat(command: string, format: string | undefined, allowed: readonly string[]): boolean {
  if (!allowed.includes(format ?? allowed[0]!))
    throw new BuildctxError('usage', `${command}: --print-config prints ${allowed.join(' or ')}`);
  return format === 'json';
}

/**
 * `--print-config` of scan and compose: the settings at the root, then, for each build whose
 * context an override matches, the settings that differ there.
 */
function printBuildsConfig(
  io: CliIo,
  json: boolean,
  base: EffectiveConfig,
  builds: readonly { build: string; context: string; config: EffectiveConfig }[],
): number {
  if (json) {
    io.stdout.write(JSON.stringify({ ...base, builds }, null, 2) + '\n');
    return 0;
  }
  let text = renderConfig(base);
  for (const b of builds) {
    const changed = renderConfigChanges(base, b.config);
    if (changed !== '') text += `\nbuild ${b.build} (context ${b.context}):\n${changed}`;
  }
  io.stdout.write(text);
  return 0;
}

/** A path for --print-config: relative to the working directory when inside it. */
function shownDir(cwd: string, dir: string): string {
  const rel = path.relative(cwd, dir);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel.split(path.sep).join('/');
}

const report: Command = async (args, io) => {
  const { values, positionals } = parse('report', args, COMMAND_SPECS.report.options);
  if (values.help === true) {
    io.stdout.write(usageText('report'));
    return 0;
  }
  if (values['list-checks'] === true)
    return listChecks(io, checkFormat('report', values.format, ['table', 'json']) === 'json');
  if (values['print-config'] === true) checkPrintConfigFormat('report', values.format, ['table', 'json']);
  const format = values['print-config'] === true ? 'table' : (checkFormat('report', values.format, FORMATS) as Format);
  if (values.quiet === true && values.verbose === true)
    throw new BuildctxError('usage', 'report: give --quiet or --verbose, not both');
  if (values['baseline-detail'] === true && format !== 'json')
    throw new BuildctxError(
      'usage',
      'report: --baseline-detail lists every path in the JSON report; add --format json',
    );
  if (values['max-growth'] !== undefined && values.baseline === undefined)
    throw new BuildctxError('usage', 'report: --max-growth needs --baseline FILE (the report to measure growth from)');
  const context = atMostOne('report', positionals, 'CONTEXT');
  const contextDir = contextDirectory(io, context);
  const configFile = loadConfig('report', io, contextDir, values);
  const config = effectiveConfig(configFile, contextDir, configFlags('report', values));
  if (values['print-config'] === true) {
    io.stdout.write(values.format === 'json' ? JSON.stringify(config, null, 2) + '\n' : renderConfig(config));
    return 0;
  }
  const failOn = config.failOn.value;
  const configured = configuredAnalysis(config, configFile, contextDir);
  // A growth limit from the file applies only when a baseline is given; on the command line it needs one.
  const maxGrowth = values.baseline !== undefined ? (config.maxGrowth.value ?? undefined) : undefined;
  const baseline = values.baseline !== undefined ? readBaseline(values.baseline, io.cwd) : undefined;
  const progress = createProgress(
    io,
    progressAllowed(io, {
      disabled: values['no-progress'] === true,
      machineOutputOnStdout: format !== 'table' && values.output === undefined,
    }),
  );
  let result = await analyze({
    onProgress: progress.onProgress,
    cwd: io.cwd,
    ...(context !== undefined ? { context } : {}),
    ...contextArgs(values),
    ...(values.top !== undefined ? { top: parseCount(values.top, '--top') } : {}),
    ...configured,
    deep: values.deep === true,
    sniff: values['no-sniff'] !== true,
    ...(values.target !== undefined ? { target: values.target } : {}),
    ...(values['build-arg'] !== undefined ? { buildArgs: parseBuildArgs(values['build-arg'], io.env) } : {}),
    ...(values['build-context'] !== undefined ? { buildContexts: parseBuildContexts(values['build-context']) } : {}),
    tree: format === 'html',
    // JSON reports carry path sizes so they can serve as a baseline; a baseline needs them now too.
    ...(values['baseline-detail'] === true
      ? { pathSizes: 'all' }
      : format === 'json' || baseline !== undefined
        ? { pathSizes: 'rolled' }
        : {}),
  }).finally(progress.done);
  if (baseline !== undefined) {
    result = applyBaseline(result, baseline, {
      file: values.baseline!,
      disabled: new Set(configured.disable),
      ...(maxGrowth !== undefined ? { maxGrowth } : {}),
    });
  }
  const toStdout = values.output === undefined;
  const render = await loadReporter(format);
  const text = render(result, {
    color: toStdout && useColor(io, values['no-color']),
    columns: toStdout ? io.stdout.columns : undefined,
    detail: values.quiet === true ? 'quiet' : values.verbose === true ? 'verbose' : 'normal',
    failOn,
    ...(format === 'github' ? { root: repositoryRoot(io) } : {}),
  });
  if (toStdout) io.stdout.write(text);
  else await writeOutput(values.output!, io.cwd, text);
  const failures = guardFailures(result, failOn);
  // The table on a terminal already says why; any other output gets the reasons on stderr.
  if (format !== 'table' || !toStdout) for (const reason of failures) io.stderr.write(`buildctx: ${reason}\n`);
  return failures.length > 0 ? 1 : 0;
};

const NUL = Uint8Array.of(0);
/** Characters or bytes gathered before a write of `ls` output. */
const OUTPUT_CHUNK = 64 * 1024;

/**
 * Writes what `render` adds for each item in chunks of about OUTPUT_CHUNK, waiting for a full
 * pipe to drain (a failed write rejects). All strings or all bytes.
 */
async function writeInChunks<T>(
  io: CliIo,
  items: readonly T[],
  render: (item: T, add: (piece: string | Uint8Array) => void) => void,
): Promise<void> {
  const drained = (io.stdout as Partial<CheckedOutput>).drained;
  let text = '';
  let bytes: Uint8Array[] = [];
  let size = 0;
  const add = (piece: string | Uint8Array): void => {
    if (typeof piece === 'string') text += piece;
    else bytes.push(piece);
    size += piece.length;
  };
  const flush = async (): Promise<void> => {
    const chunk = bytes.length > 0 ? Buffer.concat(bytes) : text;
    text = '';
    bytes = [];
    size = 0;
    if (io.stdout.write(chunk) === false && drained !== undefined) await drained();
  };
  for (const item of items) {
    render(item, add);
    if (size >= OUTPUT_CHUNK) await flush();
  }
  if (size > 0) await flush();
}

const ls: Command = async (args, io) => {
  const { values, positionals } = parse('ls', args, COMMAND_SPECS.ls.options);
  if (values.help === true) {
    io.stdout.write(usageText('ls'));
    return 0;
  }
  const json = values.json === true || checkFormat('ls', values.format, ['text', 'table', 'json']) === 'json';
  const context = atMostOne('ls', positionals, 'CONTEXT');
  const excludedMode = values.excluded === true;
  const maxSize = values['max-size'] !== undefined ? parseSize(values['max-size'], '--max-size') : undefined;
  const maxFiles = values['max-files'] !== undefined ? parseCount(values['max-files'], '--max-files') : undefined;
  const ctx = loadContext({
    fs: nodeFileSystem,
    cwd: io.cwd,
    ...(context !== undefined ? { context } : {}),
    ...contextArgs(values),
    classic: false,
    // Sizes only for JSON or a size limit; a pruned directory is listed as one excluded entry without reading it.
    measureExcluded: excludedMode && json,
    stat: json || maxSize !== undefined,
    readLinks: false,
  });
  // The top-level sizes name a limit's biggest contributors: made only when a limit is given (one record per top-level file).
  const exceeded =
    maxSize === undefined && maxFiles === undefined
      ? []
      : checkLimits(summarize(ctx, 0, 0), topLevelSizes(ctx), maxSize, maxFiles).filter((l) => l.exceeded);
  // Sorted in place (nothing reads the walk's order after the limits above); no record per entry,
  // and the text goes out in chunks: a listing of 200,000 paths is not held twice more as lines.
  const listed: readonly (ContextEntry | ExcludedEntry)[] = excludedMode
    ? sortByPathBytes(ctx.excluded)
    : sortByPathBytes(ctx.entries);
  const lineOf = (e: ContextEntry | ExcludedEntry): string => (e.type === 'dir' ? e.path + '/' : e.path);
  if (json) {
    const rows = excludedMode
      ? ctx.excluded.map((e) => ({ path: e.path, type: e.type, size: e.bytes, files: e.files }))
      : ctx.entries.map((e) => ({ path: e.path, type: e.type, size: e.size }));
    io.stdout.write(JSON.stringify(withRawPaths(rows), null, 2) + '\n');
  } else if (values.z === true) {
    await writeInChunks(io, listed, (e, add) => {
      add(encodePath(lineOf(e)));
      add(NUL);
    });
  } else {
    await writeInChunks(io, listed, (e, add) => add(displayPath(lineOf(e)) + '\n'));
  }
  for (const l of exceeded) io.stderr.write(limitMessage(l));
  return exceeded.length > 0 ? 1 : 0;
};

/** One stderr line for an exceeded limit: which limit, the measured value, the biggest contributors. */
function limitMessage(l: LimitResult): string {
  const fmt = l.limit === 'max-size' ? formatBytes : formatCount;
  const top = l.contributors
    .map((c) => `${displayPath(c.path)} (${l.limit === 'max-size' ? formatBytes(c.bytes) : formatCount(c.files)})`)
    .join(', ');
  return `buildctx: --${l.limit} ${fmt(l.max)} exceeded: measured ${fmt(l.actual)}; biggest: ${top}\n`;
}

const why: Command = async (args, io) => {
  const { values, positionals } = parse('why', args, COMMAND_SPECS.why.options);
  if (values.help === true) {
    io.stdout.write(usageText('why'));
    return 0;
  }
  const json = values.json === true || checkFormat('why', values.format, ['text', 'table', 'json']) === 'json';
  const given =
    values.stdin === true ? [...positionals, ...(await readStdinPaths(io, values.z === true))] : positionals;
  if (given.length === 0) throw new BuildctxError('usage', 'why: give at least one PATH (or --stdin)');
  const ctx = prepareContext({
    fs: nodeFileSystem,
    cwd: io.cwd,
    ...(values.context !== undefined ? { context: values.context } : {}),
    ...contextArgs(values),
  });
  const base = { root: ctx.root, cwd: io.cwd, realPath: (p: string) => nodeFileSystem.realPath(p) };
  // --base64: each PATH is the pathBase64 that ls --json and why --json print (context-relative raw bytes).
  const paths = given.map((g) =>
    values.base64 === true ? normalizeQueryPath(decodeBase64Path(g)) : resolveQueryPath(g, base),
  );
  const results = paths.map((p) => {
    const st = nodeFileSystem.lstat(ctx.root + '/' + p);
    const explanation = explainPath(ctx.matcher, ctx.ignore, p);
    const isFile = st !== null && st.type !== 'dir';
    // An excluded directory is still sent as the parent of an entry an exception keeps.
    const parentOf =
      !explanation.sent && st?.type === 'dir'
        ? firstSentBelow(nodeFileSystem, ctx.root, ctx.matcher, ctx.ignore, p)
        : null;
    return {
      ...explanation,
      sent: explanation.sent || parentOf !== null,
      parentOf,
      arrivesEmpty: explanation.arrivesEmpty && isFile,
      exists: st !== null,
      type: st?.type ?? null,
    };
  });
  const code = values['exit-code'] === true && results.some((r) => !r.sent) ? 1 : 0;
  if (json) {
    const rows = results.map((r) => ({
      path: r.path,
      sent: r.sent,
      exists: r.exists,
      type: r.type,
      rule:
        r.rule === null
          ? null
          : {
              source: ctx.ignore!.displayPath,
              line: r.rule.line,
              text: r.rule.text,
              pattern: r.rule.pattern,
              exception: r.rule.exception,
            },
      via: r.via,
      prunedAt: r.prunedAt,
      arrivesEmpty: r.arrivesEmpty,
      sentAsParentOf: r.parentOf,
    }));
    io.stdout.write(JSON.stringify(withRawPaths(rows), null, 2) + '\n');
    return code;
  }
  const lines: string[] = [];
  for (const r of results) {
    const verdict = r.sent ? 'sent    ' : 'excluded';
    let reason =
      r.rule === null ? 'no rule matched' : `${ctx.ignore!.displayPath}:${r.rule.line}:${r.rule.text.trim()}`;
    if (r.via !== null) reason += ` (matches the parent ${displayPath(r.via)}/)`;
    const notes: string[] = [];
    if (!r.exists) notes.push('not in the context');
    if (r.parentOf !== null)
      notes.push(
        `sent only as the parent of ${displayPath(r.parentOf)}, which an exception keeps; what else is below is excluded`,
      );
    if (r.prunedAt !== null)
      notes.push(`the walker never enters ${displayPath(r.prunedAt)}/: no exception can match inside`);
    if (r.arrivesEmpty)
      notes.push(
        'BuildKit sends its entry but refuses to read it (a pattern repeated after the exception): it arrives empty',
      );
    lines.push(`${verdict}  ${displayPath(r.path)}  ${reason}${notes.length > 0 ? ' — ' + notes.join('; ') : ''}`);
  }
  io.stdout.write(lines.join('\n') + '\n');
  return code;
};

/** Paths from standard input as raw bytes: one a line, or NUL-terminated with -z (git check-ignore --stdin). */
async function readStdinPaths(io: CliIo, nul: boolean): Promise<string[]> {
  const bytes = await io.readStdin();
  if (bytes === null) throw new BuildctxError('usage', 'why --stdin: nothing on standard input');
  const out: string[] = [];
  let start = 0;
  const sep = nul ? 0 : 0x0a;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== sep) continue;
    let end = i;
    if (!nul && end > start && bytes[end - 1] === 0x0d) end--;
    if (end > start) out.push(decodeName(bytes.subarray(start, end)));
    start = i + 1;
  }
  return out;
}

function decodeBase64Path(given: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(given) || given.length % 4 !== 0)
    throw new BuildctxError('usage', `why --base64: "${given}" is not base64`);
  return decodeName(Buffer.from(given, 'base64'));
}

const pack: Command = async (args, io) => {
  const { values, positionals } = parse('pack', args, COMMAND_SPECS.pack.options);
  if (values.help === true) {
    io.stdout.write(usageText('pack'));
    return 0;
  }
  const context = atMostOne('pack', positionals, 'CONTEXT');
  const target = values.output ?? '-';
  if (target === '-' && io.stdout.isTTY === true) {
    throw new BuildctxError('usage', 'pack: refusing to write a tar to a terminal; use -o FILE or redirect stdout');
  }
  const ctx = loadContext({
    fs: nodeFileSystem,
    cwd: io.cwd,
    ...(context !== undefined ? { context } : {}),
    ...contextArgs(values),
    classic: true,
    measureExcluded: false,
    stat: true,
    readLinks: true,
  });
  const { packContext } = await import('../pack/pack.js');
  if (target === '-') {
    const stdout = io.stdout as Partial<CheckedOutput>;
    const drained = stdout.drained;
    // Backpressure: when the pipe is full, wait for it (a failed write rejects).
    await packContext({
      fs: nodeFileSystem,
      context: ctx,
      out: { write: (chunk) => (io.stdout.write(chunk) === false && drained !== undefined ? drained() : undefined) },
    });
    return 0;
  }
  const written = await packToFile(ctx, path.resolve(io.cwd, target), target);
  io.stderr.write(
    `buildctx: wrote ${written} bytes to ${target} (${ctx.classicEntries!.length} entries, the classic builder's context tar)\n`,
  );
  return 0;
};

/** Writes through a temporary file and renames, so a failed or interrupted pack leaves nothing. */
async function packToFile(ctx: LoadedContext, file: string, shown: string): Promise<number> {
  const { packContext } = await import('../pack/pack.js');
  return withOutputCleanup(async () => {
    let out;
    try {
      out = openOutputFile(file);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      throw new BuildctxError('io', `pack: cannot write ${shown}: ${error.message}`);
    }
    try {
      const written = await packContext({ fs: nodeFileSystem, context: ctx, out });
      out.commit();
      return written;
    } catch (error) {
      out.abort();
      if (error instanceof FsError) throw new BuildctxError('io', `pack: cannot write ${shown}: ${error.message}`);
      throw error;
    }
  });
}

const fix: Command = async (args, io) => {
  const { values, positionals } = parse('fix', args, COMMAND_SPECS.fix.options);
  if (values.help === true) {
    io.stdout.write(usageText('fix'));
    return 0;
  }
  const format = checkFormat('fix', values.format, ['text', 'json']);
  const flags = configFlags('fix', values);
  const only = checkIds(values.only ?? [], 'fix: --only');
  const context = atMostOne('fix', positionals, 'CONTEXT');
  const contextDir = contextDirectory(io, context);
  const configFile = loadConfig('fix', io, contextDir, values);
  // Limits and failOn belong to the report: fix reads the checks, ignorePaths, platform and libc.
  const config = effectiveConfig(configFile, contextDir, flags);
  if (values['print-config'] === true) {
    io.stdout.write(format === 'json' ? JSON.stringify(config, null, 2) + '\n' : renderConfig(config));
    return 0;
  }
  const { maxSize: _size, maxFiles: _files, ...configured } = configuredAnalysis(config, configFile, contextDir);
  const result = await (await import('../fix/fix.js')).planContextFix({
    cwd: io.cwd,
    ...(context !== undefined ? { context } : {}),
    ...contextArgs(values),
    ...configured,
    only,
  });
  const write = values.write === true && result.changed;
  if (write) {
    try {
      // The ignore file keeps its mode and owner; a read-only or symlinked one is refused.
      await withOutputCleanup(() => writeOutputFile(result.target.path, result.newContent, { keepMetadata: true }));
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      throw new BuildctxError('io', `fix: cannot write ${result.target.displayPath}: ${error.message}`);
    }
  }
  const { renderFixJson, renderFixText } = await import('../report/fix.js');
  io.stdout.write(
    format === 'json' ? renderFixJson(result, { written: write }) : renderFixText(result, { written: write }),
  );
  // An error the ignore file cannot resolve still fails, as the report would.
  return result.remaining.length > 0 || result.unresolved.some((f) => f.severity === 'error') ? 1 : 0;
};

const scan: Command = async (args, io) => {
  const { values, positionals } = parse('scan', args, COMMAND_SPECS.scan.options);
  if (values.help === true) {
    io.stdout.write(usageText('scan'));
    return 0;
  }
  if (values.all !== true) {
    throw new BuildctxError(
      'usage',
      'scan: give --all (scan every Dockerfile and Compose build below ROOT); to analyze one context, run buildctx CONTEXT',
    );
  }
  const printJson = values['print-config'] === true && checkPrintConfigFormat('scan', values.format, ['table', 'json']);
  const format = checkFormat('scan', values.format, ['table', 'json']);
  const flags = configFlags('scan', values);
  const root = atMostOne('scan', positionals, 'ROOT');
  const rootDir = contextDirectory(io, root);
  const configFile = loadConfig('scan', io, rootDir, values);
  const configs = buildConfigs(configFile, flags);
  const { findBuilds, analyzeBuilds } = await import('../scan/scan.js');
  const found = findBuilds({
    cwd: io.cwd,
    ...(root !== undefined ? { root } : {}),
    env: io.env,
    allowOutside: values['allow-outside'] === true,
  });
  if (values['print-config'] === true)
    return printBuildsConfig(
      io,
      printJson,
      configs.of(found.root),
      found.builds.map((b) => ({
        build: b.build,
        context: shownDir(io.cwd, b.context),
        config: configs.of(b.context),
      })),
    );
  for (const w of found.warnings) io.stderr.write(`buildctx: warning: ${w}\n`);
  const analyzed = await analyzeBuilds(found.builds, {
    cwd: found.root,
    deep: values.deep === true,
    sniff: values['no-sniff'] !== true,
    settingsFor: configs.settingsFor,
  });
  const result: ScanResult = { root: found.root, builds: [...found.refused, ...analyzed], warnings: found.warnings };
  const { renderScanJson, renderScanTable } = await import('../report/scan.js');
  io.stdout.write(
    format === 'json'
      ? renderScanJson(result)
      : renderScanTable(result, { color: useColor(io, values['no-color']), columns: io.stdout.columns }),
  );
  return buildsExitCode(result, (b) => configs.of(b.context).failOn.value, io, format);
};

/** The merged configuration of each build's context (overrides matched per context), computed once per context. */
function buildConfigs(file: ConfigFile | null, flags: FlagSettings) {
  const cache = new Map<string, EffectiveConfig>();
  const of = (dir: string): EffectiveConfig => {
    const real = realFile(dir);
    let config = cache.get(real);
    if (config === undefined) cache.set(real, (config = effectiveConfig(file, real, flags)));
    return config;
  };
  return {
    of,
    settingsFor: (b: ScanBuild): BuildSettings => configuredAnalysis(of(b.context), file, realFile(b.context)),
  };
}

/** Exit code of a scan or compose run: 2 when a build could not be analyzed, 1 when one fails its --fail-on. */
function buildsExitCode(
  result: ScanResult,
  failOnOf: (build: ScannedBuild) => FailOn,
  io: CliIo,
  format: string,
): number {
  let failed = false;
  for (const b of result.builds) {
    if (b.error !== null) {
      io.stderr.write(`buildctx: ${b.build}: ${b.error.replace(/\s*\n\s*/g, ' ')}\n`);
      continue;
    }
    const reasons = guardFailures(b.report!, failOnOf(b));
    if (reasons.length > 0) failed = true;
    if (format !== 'table') for (const reason of reasons) io.stderr.write(`buildctx: ${b.build}: ${reason}\n`);
    // The table lists findings, not limits (a configuration file may set them per build): say which.
    else
      for (const l of b.report!.limits)
        if (l.exceeded) io.stderr.write(limitMessage(l).replace(/^buildctx: /, `buildctx: ${b.build}: `));
  }
  if (result.builds.some((b) => b.error !== null)) return 2;
  return failed ? 1 : 0;
}

const compose: Command = async (args, io) => {
  const { values, positionals } = parse('compose', args, COMMAND_SPECS.compose.options);
  if (values.help === true) {
    io.stdout.write(usageText('compose'));
    return 0;
  }
  const printJson =
    values['print-config'] === true && checkPrintConfigFormat('compose', values.format, ['table', 'json']);
  const format = checkFormat(
    'compose',
    values.format,
    FORMATS.filter((f) => f !== 'html'),
  ) as Format;
  const flags = configFlags('compose', values);
  const { findComposeBuilds } = await import('../scan/compose.js');
  const found = findComposeBuilds({
    cwd: io.cwd,
    env: io.env,
    ...(values.file !== undefined ? { files: values.file } : {}),
    ...(values['project-directory'] !== undefined ? { projectDir: values['project-directory'] } : {}),
    ...(values['env-file'] !== undefined ? { envFiles: values['env-file'] } : {}),
    ...(values.profile !== undefined ? { profiles: values.profile } : {}),
    ...(positionals.length > 0 ? { services: positionals } : {}),
  });
  const projectDir = realFile(found.project.dir);
  const configFile = loadConfig('compose', io, projectDir, values);
  const configs = buildConfigs(configFile, flags);
  if (values['print-config'] === true)
    return printBuildsConfig(
      io,
      printJson,
      configs.of(projectDir),
      found.builds.map((b) => ({
        build: b.build,
        context: shownDir(io.cwd, b.context),
        config: configs.of(b.context),
      })),
    );
  const { analyzeBuilds } = await import('../scan/scan.js');
  const builds = await analyzeBuilds(found.builds, {
    cwd: found.project.dir,
    deep: values.deep === true,
    sniff: values['no-sniff'] !== true,
    settingsFor: configs.settingsFor,
  });
  const result = { root: found.project.dir, builds, warnings: found.warnings, project: found.project };
  for (const w of result.warnings) io.stderr.write(`buildctx: warning: ${w}\n`);
  if (result.builds.length === 0)
    io.stderr.write('buildctx: warning: no service of this project has a build to analyze\n');
  const { renderCompose } = await import('../report/compose.js');
  const toStdout = values.output === undefined;
  const text = renderCompose(result, format, {
    color: toStdout && useColor(io, values['no-color']),
    columns: toStdout ? io.stdout.columns : undefined,
    ...(format === 'github' ? { root: repositoryRoot(io) } : {}),
  });
  if (toStdout) io.stdout.write(text);
  else await writeOutput(values.output!, io.cwd, text);
  return buildsExitCode(result, (b) => configs.of(b.context).failOn.value, io, format);
};

/** A log given with --log is read at most this much. */
export const MAX_LOG_FILE_BYTES = 64 * 1024 * 1024;

function readLogFile(file: string, cwd: string): string {
  const abs = path.resolve(cwd, file);
  let bytes: Uint8Array | null;
  try {
    // The user names this file, so a symlink to it is fine: resolve it, then read it.
    bytes = nodeFileSystem.readFile(nodeFileSystem.realPath(abs), MAX_LOG_FILE_BYTES);
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    if (error.code === 'ENOENT') throw new BuildctxError('usage', `diagnose: --log ${file}: no such file`);
    throw new BuildctxError(
      'io',
      `diagnose: --log ${file}: cannot read it (${error.code === 'OTHER' ? error.message : error.code})`,
    );
  }
  if (bytes === null) throw new BuildctxError('usage', `diagnose: --log ${file}: no such file`);
  return Buffer.from(bytes).toString('utf8');
}

async function readStdinText(io: CliIo): Promise<string> {
  const bytes = await io.readStdin();
  if (bytes === null)
    throw new BuildctxError(
      'usage',
      'diagnose: nothing on standard input (it is a terminal); give --error TEXT or --log FILE',
    );
  return Buffer.from(bytes).toString('utf8');
}

const diagnoseCommand: Command = async (args, io) => {
  const { values, positionals } = parse('diagnose', args, COMMAND_SPECS.diagnose.options);
  if (values.help === true) {
    io.stdout.write(usageText('diagnose'));
    return 0;
  }
  const format = checkFormat('diagnose', values.format, ['text', 'json']);
  const fromStdin = positionals.includes('-') || values.log === '-';
  const context = atMostOne(
    'diagnose',
    positionals.filter((p) => p !== '-'),
    'CONTEXT',
  );
  const sources = [values.error !== undefined, values.log !== undefined && values.log !== '-', fromStdin].filter(
    Boolean,
  ).length;
  if (sources > 1)
    throw new BuildctxError(
      'usage',
      'diagnose: give the error one way: --error TEXT, --log FILE, or on standard input',
    );
  let text: string;
  if (values.error !== undefined) text = values.error.join('\n');
  else if (values.log !== undefined && values.log !== '-') text = readLogFile(values.log, io.cwd);
  else if (fromStdin || !io.stdinIsTTY) text = await readStdinText(io);
  else
    throw new BuildctxError(
      'usage',
      'diagnose: give the error message with --error TEXT, --log FILE, or pipe it on standard input (see buildctx help diagnose)',
    );
  if (text.trim() === '') throw new BuildctxError('usage', 'diagnose: the error text is empty');
  const { diagnose } = await import('../diagnose/diagnose.js');
  const result = diagnose({
    text,
    cwd: io.cwd,
    // Compose interpolates ${VAR} from the environment, as `docker compose` does.
    env: io.env,
    ...(context !== undefined ? { context } : {}),
    ...contextArgs(values),
    ...(values.platform !== undefined ? { platform: values.platform } : {}),
    ...(values.libc !== undefined ? { libc: values.libc } : {}),
    ...(values.target !== undefined ? { target: values.target } : {}),
  });
  if (format === 'json') io.stdout.write(JSON.stringify(withRawPaths(result), null, 2) + '\n');
  else
    io.stdout.write(
      (await import('../report/diagnosis-text.js')).renderDiagnosisText(result, {
        color: useColor(io, values['no-color']),
      }),
    );
  return result.culprits.length > 0 ? 0 : 1;
};

export const commands = { report, ls, why, pack, fix, scan, compose, diagnose: diagnoseCommand } satisfies Record<
  string,
  Command
>;
