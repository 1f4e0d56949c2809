// A Compose project as `docker compose` loads it (compose-go cli/options.go and loader): the
// files (`-f`, else COMPOSE_FILE split on COMPOSE_PATH_SEPARATOR, else compose.yaml & co. found
// from the working directory upwards plus the first override file beside it), the `.env` file and
// the environment for interpolation, `include`, `extends`, the merge, and `profiles`.
import * as path from 'node:path';
import type { FileSystem } from '../fs/file-system.js';
import { FsError } from '../fs/file-system.js';
import { DotenvError, parseDotenv } from './dotenv.js';
import { InterpolationError, interpolateTree, type Lookup } from './interpolate.js';
import { mergeMaps, mergeNodes, stripMergeTags } from './merge.js';
import { readMounts, type ComposeMount } from './mounts.js';
import { isRemoteContext, namedContextKind } from './context-kind.js';
import { normalizeService, type PathBase } from './normalize.js';
import { scalarText, type YMap, type YNode } from './yaml-nodes.js';
import { MAX_COMPOSE_BYTES, readYamlTree, YamlTreeError } from './yaml-tree.js';

/** compose-go DefaultFileNames, in the order it prefers them. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'] as const;
/** compose-go DefaultOverrideFileNames: the first one found beside the Compose file is added. */
export const COMPOSE_OVERRIDE_NAMES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
] as const;
/** `include` and `extends` chains longer than this are refused (a cycle is refused at once). */
export const MAX_COMPOSE_NESTING = 16;
/** A .env file larger than this is refused. */
const MAX_ENV_FILE_BYTES = 1024 * 1024;

/** A Compose file (or a .env file) Compose would refuse; the message starts with file:line. */
export class ComposeError extends Error {
  readonly file: string;
  readonly line: number;
  /** The variable a `${VAR:?}` needed, when that is the failure. */
  readonly variable: string | null;

  constructor(file: string, line: number, message: string, variable: string | null = null) {
    super(`${line > 0 ? `${file}:${line}` : file}: ${message}`);
    this.name = 'ComposeError';
    this.file = file;
    this.line = line;
    this.variable = variable;
  }
}

export type NamedContextKind = 'local' | 'image' | 'service' | 'remote';

export interface NamedContext {
  name: string;
  /** Absolute directory for a local one; as written otherwise (`docker-image://…`, `service:…`, a URL). */
  source: string;
  kind: NamedContextKind;
}

export interface ComposeBuild {
  /** Absolute directory, or the URL of a remote context. */
  context: string;
  /** The files name a context; false when it defaults to the project directory. */
  contextGiven: boolean;
  remote: boolean;
  /** Absolute path of the Dockerfile, or null for the context's default `Dockerfile`. */
  dockerfile: string | null;
  /** `dockerfile_inline`, or null. */
  dockerfileInline: string | null;
  target: string | null;
  /** Build arguments after interpolation; an argument without a value takes the environment's, or is left out. */
  args: Record<string, string>;
  /** `build.platforms`, else the service's `platform`; empty for the builder's default. */
  platforms: string[];
  additionalContexts: NamedContext[];
  /** `ssh` and `secrets` ids: noted, never read. */
  ssh: string[];
  secrets: string[];
}

export interface ComposeService {
  name: string;
  /** The first file that defines the service, and the line of its key there. */
  file: string;
  line: number;
  profiles: string[];
  /** Enabled by the active profiles (a service without profiles always is). */
  active: boolean;
  image: string | null;
  build: ComposeBuild | null;
  mounts: ComposeMount[];
}

export interface ComposeProject {
  /** The project directory: relative paths in the project's files are resolved from it. */
  dir: string;
  /** The files merged, in order (absolute). */
  files: string[];
  /** The .env files read for interpolation (absolute). */
  envFiles: string[];
  services: ComposeService[];
  /** Things Compose would warn about, and things this reader does not follow; one line each. */
  warnings: string[];
}

export interface LoadComposeOptions {
  fs: FileSystem;
  /** Absolute working directory. */
  cwd: string;
  /** `-f`: files relative to cwd; they replace COMPOSE_FILE and the default names. */
  files?: readonly string[];
  /** `--project-directory`. */
  projectDir?: string;
  /** The process environment; it wins over .env values. */
  env: Readonly<Record<string, string | undefined>>;
  /** `--env-file` (relative to cwd); replaces the project directory's `.env`. */
  envFiles?: readonly string[];
  /** `--profile`; COMPOSE_PROFILES when not given. */
  profiles?: readonly string[];
  /** When set, no file outside this absolute directory is read (scanning an untrusted tree). */
  confineTo?: string;
  /** Do not search parent directories for the default files (scan: one directory at a time). */
  noParentSearch?: boolean;
}

function isUnder(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function display(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

class Loader {
  readonly warnings: string[] = [];
  readonly unset = new Set<string>();

  constructor(private readonly options: LoadComposeOptions) {}

  show(file: string): string {
    return display(file, this.options.cwd);
  }

  /** Reads a file the project names; null when it does not exist. */
  readText(abs: string, maxBytes: number, what: string): string | null {
    const { fs, confineTo } = this.options;
    let real: string;
    try {
      if (fs.lstat(abs) === null) return null;
      real = fs.realPath(abs);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      // A dangling symlink (`.env -> ../secrets/.env` not checked out) is a file that is not there.
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
      throw new ComposeError(
        this.show(abs),
        0,
        `cannot read ${what} (${error.code === 'OTHER' ? error.message : error.code})`,
      );
    }
    if (confineTo !== undefined && !isUnder(real, confineTo)) {
      throw new ComposeError(
        this.show(abs),
        0,
        `${what} is outside ${confineTo}; not read (give --allow-outside to read it)`,
      );
    }
    const st = fs.lstat(real);
    if (st === null) return null;
    if (st.type !== 'file') throw new ComposeError(this.show(abs), 0, `${what} is not a regular file`);
    if (st.size > maxBytes)
      throw new ComposeError(this.show(abs), 0, `${what} is ${st.size} bytes, more than the ${maxBytes} read`);
    try {
      const bytes = fs.readFile(real, maxBytes);
      return bytes === null ? null : Buffer.from(bytes).toString('utf8');
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      throw new ComposeError(
        this.show(abs),
        0,
        `cannot read ${what} (${error.code === 'OTHER' ? error.message : error.code})`,
      );
    }
  }

  /** Variables from .env files, the process environment winning. */
  readEnvFiles(files: readonly string[], required: boolean): { vars: Map<string, string>; read: string[] } {
    const vars = new Map<string, string>();
    const read: string[] = [];
    const environment: Lookup = (name) => this.options.env[name] ?? vars.get(name);
    for (const file of files) {
      const text = this.readText(file, MAX_ENV_FILE_BYTES, 'the env file');
      if (text === null) {
        if (required) throw new ComposeError(this.show(file), 0, 'no such env file');
        continue;
      }
      read.push(file);
      try {
        for (const [k, v] of parseDotenv(text, environment)) vars.set(k, v);
      } catch (error) {
        if (error instanceof DotenvError)
          throw new ComposeError(this.show(file), error.line, error.message.replace(/^line \d+: /, ''));
        if (error instanceof InterpolationError)
          throw new ComposeError(this.show(file), 0, error.message, error.variable);
        throw error;
      }
    }
    return { vars, read };
  }

  /** One YAML file, interpolated, as a mapping. */
  readComposeFile(file: string, lookup: Lookup): YMap {
    const text = this.readText(file, MAX_COMPOSE_BYTES, 'the Compose file');
    if (text === null) throw new ComposeError(this.show(file), 0, 'no such Compose file');
    let tree: YNode | null;
    try {
      tree = readYamlTree(text, this.show(file));
    } catch (error) {
      if (error instanceof YamlTreeError)
        throw new ComposeError(this.show(file), error.line, error.message.replace(/^line \d+: /, ''));
      throw error;
    }
    if (tree === null) return { kind: 'map', entries: new Map(), line: 1 };
    if (tree.kind !== 'map') throw new ComposeError(this.show(file), tree.line, 'the top level is not a mapping');
    try {
      return interpolateTree(tree, lookup, this.unset) as YMap;
    } catch (error) {
      if (!(error instanceof InterpolationError)) throw error;
      const m = /^line (\d+): (.*)$/s.exec(error.message);
      throw new ComposeError(
        this.show(file),
        m === null ? 0 : Number(m[1]),
        m === null ? error.message : m[2]!,
        error.variable,
      );
    }
  }

  /** The services map of a file (possibly empty), with each service's origin. */
  servicesOf(file: string, tree: YMap): YMap {
    const services = tree.entries.get('services');
    if (services === undefined || (services.kind === 'scalar' && services.value === null))
      return { kind: 'map', entries: new Map(), line: tree.line };
    if (services.kind !== 'map') throw new ComposeError(this.show(file), services.line, '"services" is not a mapping');
    return services;
  }

  /** The files of a project merged into one tree, `include` and `extends` followed. */
  loadFiles(
    files: readonly string[],
    base: PathBase,
    lookup: Lookup,
    chain: readonly string[],
    origins: Map<string, { file: string; line: number }>,
  ): YMap {
    let model: YMap = { kind: 'map', entries: new Map(), line: 1 };
    for (const file of files) {
      const tree = this.readComposeFile(file, lookup);
      const included = this.loadIncludes(file, tree, lookup, chain, origins);
      const raw = this.servicesOf(file, tree);
      const services = new Map<string, YNode>();
      for (const [name, node] of raw.entries) services.set(name, normalizeService(node, base));
      const resolved = new Map<string, YNode>();
      for (const [name, node] of services) {
        resolved.set(name, this.resolveExtends(file, name, node, services, lookup, [`${file}#${name}`], resolved));
        if (!origins.has(name)) origins.set(name, { file, line: raw.keyLines?.get(name) ?? node.line });
      }
      let fileModel: YMap = { ...tree, entries: new Map(tree.entries) };
      fileModel.entries.delete('include');
      fileModel.entries.set('services', { kind: 'map', entries: resolved, line: raw.line });
      if (included !== null) {
        const mine = new Set(resolved.keys());
        const theirs = included.entries.get('services');
        if (theirs?.kind === 'map') {
          for (const name of theirs.entries.keys()) {
            if (mine.has(name))
              throw new ComposeError(
                this.show(file),
                resolved.get(name)!.line,
                `service "${name}" is also defined by a file it includes`,
              );
          }
        }
        fileModel = mergeMaps(included, fileModel, []);
      }
      model = mergeMaps(model, fileModel, []);
    }
    return stripMergeTags(model) as YMap;
  }

  loadIncludes(
    file: string,
    tree: YMap,
    lookup: Lookup,
    chain: readonly string[],
    origins: Map<string, { file: string; line: number }>,
  ): YMap | null {
    const include = tree.entries.get('include');
    if (include === undefined) return null;
    if (include.kind !== 'seq') throw new ComposeError(this.show(file), include.line, '"include" is not a list');
    let merged: YMap | null = null;
    for (const item of include.items) {
      let paths: string[] = [];
      let projectDir: string | null = null;
      let envFiles: string[] | null = null;
      const dir = path.dirname(file);
      if (item.kind === 'scalar') paths = [scalarText(item) ?? ''];
      else if (item.kind === 'map') {
        const p = item.entries.get('path');
        paths = p?.kind === 'seq' ? p.items.map((i) => scalarText(i) ?? '') : [scalarText(p) ?? ''];
        const pd = scalarText(item.entries.get('project_directory'));
        if (pd !== null) projectDir = path.resolve(dir, pd);
        const ef = item.entries.get('env_file');
        if (ef !== undefined)
          envFiles = (ef.kind === 'seq' ? ef.items.map((i) => scalarText(i) ?? '') : [scalarText(ef) ?? '']).map((f) =>
            path.resolve(dir, f),
          );
      }
      if (paths.some((p) => p === ''))
        throw new ComposeError(this.show(file), item.line, 'an "include" item without a path');
      if (paths.some((p) => isRemoteContext(p))) {
        this.warnings.push(`${this.show(file)}:${item.line}: a remote "include" is not followed`);
        continue;
      }
      const abs = paths.map((p) => path.resolve(dir, p));
      if (abs.some((a) => chain.includes(a)))
        throw new ComposeError(this.show(file), item.line, `"include" of ${this.show(abs[0]!)} forms a cycle`);
      if (chain.length >= MAX_COMPOSE_NESTING)
        throw new ComposeError(this.show(file), item.line, `"include" nested more than ${MAX_COMPOSE_NESTING} deep`);
      const incDir = projectDir ?? path.dirname(abs[0]!);
      const env = this.readEnvFiles(envFiles ?? [path.join(incDir, '.env')], envFiles !== null);
      const incLookup: Lookup = (name) => this.options.env[name] ?? env.vars.get(name) ?? lookup(name);
      const sub = this.loadFiles(
        abs,
        { dir: incDir, home: this.options.env.HOME ?? null },
        incLookup,
        [...chain, ...abs],
        origins,
      );
      merged = merged === null ? sub : mergeMaps(merged, sub, []);
    }
    return merged;
  }

  resolveExtends(
    file: string,
    name: string,
    node: YNode,
    siblings: ReadonlyMap<string, YNode>,
    lookup: Lookup,
    chain: readonly string[],
    done: ReadonlyMap<string, YNode>,
  ): YNode {
    if (node.kind !== 'map') return node;
    const ext = node.entries.get('extends');
    if (ext === undefined) return node;
    if (chain.length > MAX_COMPOSE_NESTING)
      throw new ComposeError(this.show(file), ext.line, `"extends" nested more than ${MAX_COMPOSE_NESTING} deep`);
    const target = ext.kind === 'map' ? scalarText(ext.entries.get('service')) : scalarText(ext);
    const otherFile = ext.kind === 'map' ? scalarText(ext.entries.get('file')) : null;
    if (target === null)
      throw new ComposeError(this.show(file), ext.line, `service "${name}": "extends" names no service`);
    let baseFile = file;
    let baseSiblings = siblings;
    if (otherFile !== null) {
      baseFile = path.resolve(path.dirname(file), otherFile);
      const tree = this.readComposeFile(baseFile, lookup);
      const services = this.servicesOf(baseFile, tree);
      const normalized = new Map<string, YNode>();
      const base: PathBase = { dir: path.dirname(baseFile), home: this.options.env.HOME ?? null };
      for (const [n, s] of services.entries) normalized.set(n, normalizeService(s, base));
      baseSiblings = normalized;
    }
    const key = `${baseFile}#${target}`;
    if (chain.includes(key))
      throw new ComposeError(this.show(file), ext.line, `service "${name}": "extends" of "${target}" forms a cycle`);
    const found = otherFile === null ? (done.get(target) ?? baseSiblings.get(target)) : baseSiblings.get(target);
    if (found === undefined)
      throw new ComposeError(
        this.show(file),
        ext.line,
        `service "${name}" extends "${target}", which ${otherFile === null ? 'this file does not define' : `${this.show(baseFile)} does not define`}`,
      );
    const baseNode = this.resolveExtends(baseFile, target, found, baseSiblings, lookup, [...chain, key], new Map());
    const own: YMap = { ...node, entries: new Map(node.entries) };
    own.entries.delete('extends');
    return mergeNodes(baseNode, own, ['services', name]) ?? own;
  }
}

function splitList(text: string | undefined, sep: string): string[] {
  if (text === undefined || text === '') return [];
  return text.split(sep).filter((s) => s !== '');
}

/** The default Compose file and its first override, found from `dir` upwards; null when none. */
export function findDefaultFiles(fs: FileSystem, dir: string, searchParents: boolean): string[] | null {
  for (let d = dir; ; ) {
    const found = COMPOSE_FILE_NAMES.map((n) => path.join(d, n)).filter((f) => fs.lstat(f) !== null);
    if (found.length > 0) {
      const override = COMPOSE_OVERRIDE_NAMES.map((n) => path.join(d, n)).find((f) => fs.lstat(f) !== null);
      return override === undefined ? [found[0]!] : [found[0]!, override];
    }
    const parent = path.dirname(d);
    if (!searchParents || parent === d) return null;
    d = parent;
  }
}

function stringList(node: YNode | undefined): string[] {
  if (node === undefined) return [];
  if (node.kind === 'seq') return node.items.map((i) => scalarText(i)).filter((s): s is string => s !== null);
  const s = scalarText(node);
  return s === null ? [] : [s];
}

function readBuild(
  node: YNode | undefined,
  servicePlatform: string | null,
  lookup: Lookup,
  projectDir: string,
): ComposeBuild | null {
  if (node === undefined || node.kind !== 'map') return null;
  const e = node.entries;
  // Relative contexts were made absolute per file; no context at all means the project directory.
  const context = scalarText(e.get('context')) ?? projectDir;
  const remote = isRemoteContext(context);
  const dockerfile = scalarText(e.get('dockerfile'));
  const args: Record<string, string> = {};
  const argsNode = e.get('args');
  if (argsNode?.kind === 'map') {
    for (const [k, v] of argsNode.entries) {
      const value = scalarText(v) ?? (v.kind === 'scalar' && v.value === null ? lookup(k) : undefined);
      if (value !== undefined && value !== null) args[k] = value;
    }
  }
  const named = e.get('additional_contexts');
  const additionalContexts: NamedContext[] = [];
  if (named?.kind === 'map') {
    for (const [name, v] of named.entries) {
      const source = scalarText(v);
      if (source !== null) additionalContexts.push({ name, source, kind: namedContextKind(source) });
    }
  }
  // `platform: ${DOCKER_PLATFORM:-}` interpolates to "": no platform, as Compose reads it.
  const platforms = stringList(e.get('platforms')).filter((p) => p !== '');
  if (servicePlatform === '') servicePlatform = null;
  const secrets = stringList(e.get('secrets')).concat(
    e.get('secrets')?.kind === 'seq'
      ? (e.get('secrets') as { items: YNode[] }).items
          .filter((i) => i.kind === 'map')
          .map((i) => scalarText((i as YMap).entries.get('source')) ?? '')
      : [],
  );
  return {
    context,
    contextGiven: scalarText(e.get('context')) !== null,
    remote,
    dockerfile: dockerfile === null || remote ? dockerfile : path.resolve(context, dockerfile),
    dockerfileInline: scalarText(e.get('dockerfile_inline')),
    target: scalarText(e.get('target')),
    args,
    platforms: platforms.length > 0 ? platforms : servicePlatform !== null ? [servicePlatform] : [],
    additionalContexts,
    ssh: stringList(e.get('ssh')),
    secrets: secrets.filter((s) => s !== ''),
  };
}

/** Loads a Compose project. Throws ComposeError for a file Compose would refuse. */
export function loadComposeProject(options: LoadComposeOptions): ComposeProject {
  const loader = new Loader(options);
  const { fs, cwd, env } = options;
  // COMPOSE_FILE and COMPOSE_PROFILES may come from the working directory's .env (compose-go GetEnvFromFile).
  const workDir = options.projectDir !== undefined ? path.resolve(cwd, options.projectDir) : cwd;
  const early =
    options.envFiles !== undefined
      ? loader.readEnvFiles(
          options.envFiles.map((f) => path.resolve(cwd, f)),
          true,
        )
      : loader.readEnvFiles([path.join(workDir, '.env')], false);
  const setting = (name: string): string | undefined => env[name] ?? early.vars.get(name);
  let files: string[];
  if (options.files !== undefined && options.files.length > 0) files = options.files.map((f) => path.resolve(cwd, f));
  else if ((setting('COMPOSE_FILE') ?? '') !== '') {
    const sep = setting('COMPOSE_PATH_SEPARATOR') || path.delimiter;
    files = splitList(setting('COMPOSE_FILE'), sep).map((f) => path.resolve(workDir, f));
  } else {
    const found = findDefaultFiles(fs, workDir, options.noParentSearch !== true);
    if (found === null)
      throw new ComposeError(
        display(workDir, cwd) || '.',
        0,
        `no ${COMPOSE_FILE_NAMES.join(', ')} here${options.noParentSearch === true ? '' : ' or in a parent directory'}`,
      );
    files = found;
  }
  const dir = options.projectDir !== undefined ? workDir : path.dirname(files[0]!);
  // The .env file of the project directory (unless --env-file gave others), the environment winning.
  const envFiles =
    options.envFiles !== undefined
      ? early
      : dir === workDir
        ? early
        : loader.readEnvFiles([path.join(dir, '.env')], false);
  const lookup: Lookup = (name) => env[name] ?? envFiles.vars.get(name);
  const origins = new Map<string, { file: string; line: number }>();
  const model = loader.loadFiles(files, { dir, home: env.HOME ?? null }, lookup, files, origins);
  const profiles =
    options.profiles !== undefined && options.profiles.length > 0
      ? [...options.profiles]
      : splitList(setting('COMPOSE_PROFILES'), ',');
  const servicesNode = model.entries.get('services');
  const services: ComposeService[] = [];
  if (servicesNode?.kind === 'map') {
    for (const [name, node] of servicesNode.entries) {
      const origin = origins.get(name) ?? { file: files[0]!, line: node.line };
      const shown = loader.show(origin.file);
      if (node.kind !== 'map') {
        if (!(node.kind === 'scalar' && node.value === null))
          loader.warnings.push(`${shown}:${node.line}: service "${name}" is not a mapping`);
        continue;
      }
      const serviceProfiles = stringList(node.entries.get('profiles'));
      const { mounts, warnings } = readMounts(name, node, shown);
      for (const w of warnings) loader.warnings.push(`${shown}:${w}`);
      services.push({
        name,
        file: origin.file,
        line: origin.line,
        profiles: serviceProfiles,
        active:
          serviceProfiles.length === 0 || profiles.includes('*') || serviceProfiles.some((p) => profiles.includes(p)),
        image: scalarText(node.entries.get('image')),
        build: readBuild(node.entries.get('build'), scalarText(node.entries.get('platform')), lookup, dir),
        mounts,
      });
    }
  }
  services.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const name of [...loader.unset].sort())
    loader.warnings.push(`the "${name}" variable is not set; Compose uses a blank string`);
  return { dir, files, envFiles: envFiles.read, services, warnings: loader.warnings };
}
