// `docker buildx bake` files in their JSON form — `docker-bake.json`, `docker-bake.override.json`,
// and what `docker buildx bake --print` writes — read into builds: each target's context,
// dockerfile (or dockerfile-inline), target, args, contexts and platforms, `inherits` followed,
// `${VAR}` taken from the environment, else the file's `variable` defaults (buildx bake/bake.go,
// bake/hclparser). HCL files (`docker-bake.hcl`) are found but not read: no HCL reader on npm
// is both kept up and able to evaluate bake's functions (docs/commands/scan.md, "Bake files").
import * as path from 'node:path';
import type { FileSystem } from '../fs/file-system.js';
import { FsError } from '../fs/file-system.js';
import type { NamedContext } from './project.js';
import { isRemoteContext, namedContextKind } from './context-kind.js';
import { MAX_COMPOSE_BYTES } from './yaml-tree.js';

/** The JSON files bake reads by default, in its order; the override's targets are merged over the first's. */
export const BAKE_JSON_NAMES = ['docker-bake.json', 'docker-bake.override.json'] as const;
/** A bake file larger than this is refused unread (the same bound as a Compose file). */
export const MAX_BAKE_BYTES = MAX_COMPOSE_BYTES;
/** `inherits` chains longer than this are refused (a cycle is refused at once). */
const MAX_INHERITS_DEPTH = 16;

/** A bake file buildx would refuse, or one this reader cannot follow; the message starts with the file. */
export class BakeError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'BakeError';
    this.file = file;
  }
}

export interface BakeTarget {
  name: string;
  /** The file that defines the target (the first one, when several merge). */
  file: string;
  /** Absolute directory, or the URL of a remote context. */
  context: string;
  remote: boolean;
  /** Absolute path of the Dockerfile, or null for the context's `Dockerfile`. */
  dockerfile: string | null;
  dockerfileInline: string | null;
  target: string | null;
  args: Record<string, string>;
  platforms: string[];
  contexts: NamedContext[];
}

export interface BakeProject {
  /** The directory relative paths are resolved from (bake's working directory). */
  dir: string;
  files: string[];
  /** Every concrete target, sorted by name; targets only inherited from and named by no group are left out. */
  targets: BakeTarget[];
  /** Variables without a value, functions not evaluated: one line each. */
  warnings: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A block in HCL's JSON form is an object, or a list of objects merged in order. */
function blockBody(v: Json | undefined): JsonObject | null {
  if (isObject(v)) return v;
  if (Array.isArray(v) && v.every(isObject)) return Object.assign({}, ...(v as JsonObject[])) as JsonObject;
  return null;
}

function readText(fs: FileSystem, file: string, shown: string): string {
  let bytes: Uint8Array | null;
  try {
    const st = fs.lstat(file);
    if (st === null) throw new BakeError(shown, 'no such bake file');
    if (st.type !== 'file') throw new BakeError(shown, 'not a regular file');
    if (st.size > MAX_BAKE_BYTES) throw new BakeError(shown, `${st.size} bytes, more than the ${MAX_BAKE_BYTES} read`);
    bytes = fs.readFile(file, MAX_BAKE_BYTES);
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    throw new BakeError(shown, `cannot read it (${error.code === 'OTHER' ? error.message : error.code})`);
  }
  if (bytes === null) throw new BakeError(shown, 'no such bake file');
  return Buffer.from(bytes).toString('utf8');
}

interface RawTarget {
  file: string;
  body: JsonObject;
}

/** `${NAME}` and `$${` as HCL templates write them; a function call or an unknown name is left as written. */
function interpolate(text: string, vars: ReadonlyMap<string, string>, missing: Set<string>): string {
  return text.replace(/\$\$\{|\$\{([^}]*)\}/g, (whole, inner: string | undefined) => {
    if (inner === undefined) return '${';
    const name = inner.trim();
    if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      const value = vars.get(name);
      if (value !== undefined) return value;
    }
    missing.add(name);
    return whole;
  });
}

function stringOf(v: Json | undefined, vars: ReadonlyMap<string, string>, missing: Set<string>): string | null {
  if (typeof v === 'string') return interpolate(v, vars, missing);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function stringMap(
  v: Json | undefined,
  vars: ReadonlyMap<string, string>,
  missing: Set<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [k, value] of Object.entries(v)) {
    const s = stringOf(value, vars, missing);
    if (s !== null) out[k] = s;
  }
  return out;
}

function stringList(v: Json | undefined, vars: ReadonlyMap<string, string>, missing: Set<string>): string[] {
  const items = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return items.map((i) => stringOf(i, vars, missing)).filter((s): s is string => s !== null && s !== '');
}

/** `cwd://` marks a path relative to bake's working directory (buildx bake.go); it is that already here. */
function localPath(p: string): string {
  return p.startsWith('cwd://') ? p.slice('cwd://'.length) : p;
}

/** Reads and merges bake JSON files (absolute paths) and resolves every target. Throws BakeError. */
export function loadBakeFiles(
  fs: FileSystem,
  files: readonly string[],
  options: { env: Readonly<Record<string, string | undefined>>; show: (abs: string) => string },
): BakeProject {
  const dir = path.dirname(files[0]!);
  const raw = new Map<string, RawTarget>();
  const groups = new Map<string, string[]>();
  const defaults = new Map<string, string>();
  for (const file of files) {
    const shown = options.show(file);
    let doc: Json;
    try {
      doc = JSON.parse(readText(fs, file, shown)) as Json;
    } catch (error) {
      if (error instanceof SyntaxError) throw new BakeError(shown, `not JSON (${error.message.split('\n')[0]})`);
      throw error;
    }
    if (!isObject(doc)) throw new BakeError(shown, 'the top level is not an object');
    const variables = blockBody(doc.variable ?? {});
    for (const [name, v] of Object.entries(variables ?? {})) {
      const body = blockBody(v);
      const def = body?.default;
      if (typeof def === 'string' || typeof def === 'number' || typeof def === 'boolean')
        defaults.set(name, String(def));
    }
    for (const [name, v] of Object.entries(blockBody(doc.group ?? {}) ?? {})) {
      const targets = blockBody(v)?.targets;
      if (Array.isArray(targets))
        groups.set(
          name,
          targets.filter((t): t is string => typeof t === 'string'),
        );
    }
    const targets = blockBody(doc.target ?? {});
    if (targets === null) throw new BakeError(shown, '"target" is not an object');
    for (const [name, v] of Object.entries(targets)) {
      const body = blockBody(v);
      if (body === null) throw new BakeError(shown, `target "${name}" is not an object`);
      const known = raw.get(name);
      // A later file's attributes replace the earlier file's; maps merge key by key (bake Target.Merge).
      raw.set(name, known === undefined ? { file, body } : { file: known.file, body: mergeBodies(known.body, body) });
    }
  }
  // A variable takes the environment's value when set, else its default (bake's variable blocks).
  const vars = new Map<string, string>(defaults);
  for (const name of defaults.keys()) {
    const value = options.env[name];
    if (value !== undefined) vars.set(name, value);
  }
  const missing = new Set<string>();
  const inherited = new Set<string>();
  for (const t of raw.values()) for (const p of stringList(t.body.inherits, vars, missing)) inherited.add(p);
  const grouped = new Set([...groups.values()].flat());
  const resolve = (name: string, chain: readonly string[]): JsonObject => {
    const t = raw.get(name);
    const where = options.show(t?.file ?? files[0]!);
    if (t === undefined)
      throw new BakeError(where, `target "${chain.at(-1)}" inherits "${name}", which no file defines`);
    if (chain.includes(name)) throw new BakeError(where, `"inherits" of "${name}" forms a cycle`);
    if (chain.length >= MAX_INHERITS_DEPTH)
      throw new BakeError(where, `"inherits" nested more than ${MAX_INHERITS_DEPTH} deep`);
    let body: JsonObject = {};
    for (const parent of stringList(t.body.inherits, vars, missing))
      body = mergeBodies(body, resolve(parent, [...chain, name]));
    return mergeBodies(body, t.body);
  };
  const out: BakeTarget[] = [];
  for (const name of [...raw.keys()].sort()) {
    if (inherited.has(name) && !grouped.has(name)) continue;
    const body = resolve(name, []);
    const contextText = localPath(stringOf(body.context, vars, missing) ?? '.');
    const remote = isRemoteContext(contextText);
    const context = remote ? contextText : path.resolve(dir, contextText);
    const dockerfileText = stringOf(body.dockerfile, vars, missing);
    const contexts: NamedContext[] = Object.entries(stringMap(body.contexts, vars, missing)).map(([n, source]) => {
      const kind = namedContextKind(source);
      return { name: n, kind, source: kind === 'local' ? path.resolve(dir, localPath(source)) : source };
    });
    out.push({
      name,
      file: raw.get(name)!.file,
      context,
      remote,
      dockerfile: dockerfileText === null || remote ? dockerfileText : path.resolve(context, localPath(dockerfileText)),
      dockerfileInline: stringOf(body['dockerfile-inline'], vars, missing),
      target: stringOf(body.target, vars, missing),
      args: stringMap(body.args, vars, missing),
      platforms: stringList(body.platforms, vars, missing),
      contexts,
    });
  }
  const warnings = [...missing]
    .sort()
    .map((m) =>
      /^[A-Za-z_][A-Za-z0-9_-]*$/.test(m)
        ? `the variable "${m}" has no value; it is left as \${${m}}`
        : `\${${m}} is not evaluated (bake functions are not read); it is left as written`,
    );
  return { dir, files: [...files], targets: out, warnings };
}

/** Attributes of `over` replace those of `base`; `args`, `contexts` and `labels` merge key by key. */
function mergeBodies(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const old = out[k];
    out[k] =
      (k === 'args' || k === 'contexts' || k === 'labels') && isObject(old) && isObject(v) ? { ...old, ...v } : v;
  }
  return out;
}
