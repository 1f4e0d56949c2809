// The configuration file: where it is found, what it may hold, and how it merges with the
// command line. The shape is src/cli/config-schema.json (shipped for editors); this module
// validates by hand so every error names its key in one line (test/cli/config.test.ts keeps
// the two in step).
import * as path from 'node:path';
import { checks, findCheck } from '../analyze/registry.js';
import { KNOWN_PLATFORMS } from '../dockerfile/target.js';
import { BuildctxError } from '../errors.js';
import type { FileSystem } from '../fs/file-system.js';
import { FsError } from '../fs/file-system.js';
import { FAIL_ON_LEVELS, type FailOn, type GrowthSpec } from '../guard/guard.js';
import type { Severity } from '../types.js';
import { formatBytes } from '../units.js';
import { parseGrowth, parseSize } from './parse-size.js';

/** The names looked for in each directory, in this order; the first one found is used. */
export const CONFIG_FILE_NAMES = ['buildctx.config.json', '.buildctx.json', 'package.json'] as const;

/** A configuration file larger than this is refused (package.json included). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export type CheckLevel = Severity | 'off';
const CHECK_LEVELS = ['off', 'info', 'warning', 'error'] as const satisfies readonly CheckLevel[];
const LIBCS = ['glibc', 'musl'] as const;

/** The settings a file (or one of its overrides) gives, parsed. */
export interface ConfigSettings {
  checks?: Record<string, CheckLevel>;
  failOn?: FailOn;
  maxSize?: number;
  maxFiles?: number;
  maxGrowth?: GrowthSpec;
  platform?: string;
  libc?: 'glibc' | 'musl';
  ignorePaths?: string[];
}

export interface ConfigOverride {
  /**
   * Context directories the override applies to, relative to the file's directory: `*` and `?`
   * within a segment; a pattern covers the directories below it too.
   */
  contexts: string[];
  settings: ConfigSettings;
}

export interface ConfigFile {
  /** Absolute path of the file read. */
  path: string;
  /** How it is named in messages and --print-config: relative to the working directory, plus `#buildctx` for package.json. */
  display: string;
  settings: ConfigSettings;
  overrides: ConfigOverride[];
}

const SETTING_KEYS = [
  'checks',
  'failOn',
  'maxSize',
  'maxFiles',
  'maxGrowth',
  'platform',
  'libc',
  'ignorePaths',
] as const satisfies readonly (keyof ConfigSettings)[];
const TOP_KEYS = ['$schema', ...SETTING_KEYS, 'overrides'] as const;
const OVERRIDE_KEYS = ['contexts', ...SETTING_KEYS] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(where: string, key: string, why: string): BuildctxError {
  return new BuildctxError('input-invalid', `${where}: ${key === '' ? '' : `${key}: `}${why}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string, key: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw invalid(where, key, `must be one of ${allowed.join(', ')}, not ${describe(value)}`);
  return value as T;
}

/** A size: a whole number of bytes or a string as --max-size takes it ("500MB"). */
function sizeValue(value: unknown, where: string, key: string): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0)
      throw invalid(where, key, `must be a whole number of bytes or a size like "500MB", not ${describe(value)}`);
    return value;
  }
  if (typeof value !== 'string')
    throw invalid(where, key, `must be a whole number of bytes or a size like "500MB", not ${describe(value)}`);
  return reword(() => parseSize(value, key), where);
}

/** Parse errors of the shared parsers carry the option name first; here the file comes first. */
function reword<T>(parse: () => T, where: string): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof BuildctxError) throw new BuildctxError('input-invalid', `${where}: ${error.message}`);
    throw error;
  }
}

function parseSettings(object: Record<string, unknown>, where: string, prefix: string): ConfigSettings {
  const out: ConfigSettings = {};
  const key = (k: string) => prefix + k;
  for (const k of SETTING_KEYS) {
    if (!Object.hasOwn(object, k)) continue;
    const value = object[k];
    switch (k) {
      case 'checks': {
        if (!isRecord(value))
          throw invalid(where, key(k), `must be an object of check id → level, not ${describe(value)}`);
        const levels: Record<string, CheckLevel> = {};
        for (const [id, level] of Object.entries(value)) {
          if (findCheck(id) === undefined)
            throw invalid(where, `${key(k)}.${id}`, 'unknown check (buildctx --list-checks lists them)');
          levels[id] = oneOf(level, CHECK_LEVELS, where, `${key(k)}.${id}`);
        }
        out.checks = levels;
        break;
      }
      case 'failOn':
        out.failOn = oneOf(value, FAIL_ON_LEVELS, where, key(k));
        break;
      case 'maxSize':
        out.maxSize = sizeValue(value, where, key(k));
        break;
      case 'maxFiles':
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
          throw invalid(where, key(k), `must be a whole number, not ${describe(value)}`);
        out.maxFiles = value;
        break;
      case 'maxGrowth':
        if (typeof value === 'number') out.maxGrowth = { bytes: sizeValue(value, where, key(k)) };
        else if (typeof value === 'string') out.maxGrowth = reword(() => parseGrowth(value, key(k)), where);
        else
          throw invalid(where, key(k), `must be a size like "10MB" or a percentage like "5%", not ${describe(value)}`);
        break;
      case 'platform':
        // The canonical spelling only, as the schema lists it (the command line also takes aliases).
        out.platform = oneOf(value, KNOWN_PLATFORMS, where, key(k));
        break;
      case 'libc':
        out.libc = oneOf(value, LIBCS, where, key(k));
        break;
      case 'ignorePaths':
        if (!Array.isArray(value) || !value.every((p) => typeof p === 'string' && p.trim() !== ''))
          throw invalid(where, key(k), 'must be an array of non-empty path patterns');
        out.ignorePaths = value as string[];
        break;
    }
  }
  return out;
}

function checkKeys(object: Record<string, unknown>, known: readonly string[], where: string, prefix: string): void {
  for (const k of Object.keys(object)) {
    if (!known.includes(k))
      throw invalid(
        where,
        '',
        `unknown key "${prefix}${k}" (known: ${known.filter((x) => x !== '$schema').join(', ')})`,
      );
  }
}

/** Validates a parsed configuration object; `where` names the file in messages. */
export function parseConfig(value: unknown, where: string): Pick<ConfigFile, 'settings' | 'overrides'> {
  if (!isRecord(value)) throw invalid(where, '', `must be a JSON object, not ${describe(value)}`);
  checkKeys(value, TOP_KEYS, where, '');
  if (Object.hasOwn(value, '$schema') && typeof value.$schema !== 'string')
    throw invalid(where, '$schema', `must be a string, not ${describe(value.$schema)}`);
  const settings = parseSettings(value, where, '');
  const overrides: ConfigOverride[] = [];
  if (Object.hasOwn(value, 'overrides')) {
    if (!Array.isArray(value.overrides))
      throw invalid(where, 'overrides', `must be an array, not ${describe(value.overrides)}`);
    value.overrides.forEach((o: unknown, i) => {
      const prefix = `overrides[${i}].`;
      if (!isRecord(o)) throw invalid(where, `overrides[${i}]`, `must be an object, not ${describe(o)}`);
      checkKeys(o, OVERRIDE_KEYS, where, prefix);
      const contexts = o.contexts;
      if (
        !Array.isArray(contexts) ||
        contexts.length === 0 ||
        !contexts.every((c) => typeof c === 'string' && c.trim() !== '')
      )
        throw invalid(where, `${prefix}contexts`, 'must be a non-empty array of directory patterns');
      overrides.push({ contexts: contexts as string[], settings: parseSettings(o, where, prefix) });
    });
  }
  return { settings, overrides };
}

/** " (line L, column C)" of a JSON.parse error when Node says where; never the text itself (the file may not be what it claims). */
function jsonErrorPlace(text: string, error: unknown): string {
  if (text.trim() === '') return ' (the file is empty)';
  // Node gives the position for some errors only.
  const m = error instanceof Error ? /position (\d+)/.exec(error.message) : null;
  if (m === null) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

function readConfigText(fs: FileSystem, file: string, shown: string): string | null {
  let bytes: Uint8Array | null;
  try {
    bytes = fs.readFile(file, MAX_CONFIG_BYTES);
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    const why = error.code === 'OTHER' ? error.message : error.code;
    throw new BuildctxError('io', `${shown}: cannot read it (${why})`);
  }
  return bytes === null ? null : Buffer.from(bytes).toString('utf8');
}

/** Reads and validates one configuration file; package.json contributes its "buildctx" key (null without one). */
export function readConfigFile(fs: FileSystem, file: string, cwd: string, given?: string): ConfigFile | null {
  const isPackage = path.basename(file) === 'package.json';
  const relative = path.relative(cwd, file);
  const name = given ?? (relative === '' || relative.startsWith('..') ? file : relative);
  const shown = name + (isPackage ? '#buildctx' : '');
  const text = readConfigText(fs, file, shown);
  if (text === null) return null;
  // Most package.json files say nothing to buildctx: skip them without parsing.
  if (isPackage && !text.includes('"buildctx"')) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BuildctxError('input-invalid', `${shown}: not valid JSON${jsonErrorPlace(text, error)}`);
  }
  if (isPackage) {
    if (!isRecord(value) || !Object.hasOwn(value, 'buildctx')) return null;
    value = value.buildctx;
  }
  return { path: file, display: shown, ...parseConfig(value, shown) };
}

/**
 * The configuration file for a context: in the context directory, then each parent, the first of
 * CONFIG_FILE_NAMES that exists (a package.json only with a "buildctx" key). The search ends at
 * the repository root (the first directory holding `.git`); a context in no repository is
 * searched alone. A file found this way that is a symlink is refused: the context is not
 * trusted to point buildctx at files elsewhere.
 */
export function findConfigFile(fs: FileSystem, contextDir: string, cwd: string): ConfigFile | null {
  let dir = contextDir;
  const searched: string[] = [];
  for (;;) {
    searched.push(dir);
    if (fs.lstat(path.join(dir, '.git')) !== null) break;
    const parent = path.dirname(dir);
    if (parent === dir) return searchIn(fs, [contextDir], cwd);
    dir = parent;
  }
  return searchIn(fs, searched, cwd);
}

function searchIn(fs: FileSystem, dirs: readonly string[], cwd: string): ConfigFile | null {
  for (const dir of dirs) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(dir, name);
      const st = fs.lstat(file);
      if (st === null) continue;
      if (st.type === 'symlink')
        throw new BuildctxError(
          'input-invalid',
          `${path.relative(cwd, file) || file}: a symlinked configuration file is not read when found; name it with --config`,
        );
      if (st.type !== 'file') continue;
      const config = readConfigFile(fs, file, cwd);
      if (config !== null) return config;
    }
  }
  return null;
}

/** A value and where it came from: "default", a file's display name (with its override), or a flag. */
export interface Sourced<T> {
  value: T;
  source: string;
}

/** The settings of a run after the file, its overrides and the flags are merged. */
export interface EffectiveConfig {
  file: string | null;
  failOn: Sourced<FailOn>;
  maxSize: Sourced<number | null>;
  maxFiles: Sourced<number | null>;
  maxGrowth: Sourced<GrowthSpec | null>;
  platform: Sourced<string | null>;
  libc: Sourced<'glibc' | 'musl' | null>;
  /** Every check, by id (sorted): its level and where that came from. */
  checks: Record<string, Sourced<CheckLevel>>;
  /** Patterns whose findings are left out, each with its source. */
  ignorePaths: Sourced<string>[];
}

/** What the command line gave (undefined: not given). */
export interface FlagSettings {
  failOn?: FailOn;
  maxSize?: number;
  maxFiles?: number;
  maxGrowth?: GrowthSpec;
  platform?: string;
  libc?: 'glibc' | 'musl';
  disable?: readonly string[];
}

/** Does an override's `contexts` name this context (`rel`: the context relative to the file's directory, POSIX)? */
function overrideApplies(patterns: readonly string[], rel: string): boolean {
  const normalized = patterns.map((p) =>
    p
      .trim()
      .replace(/^\.\/+/, '')
      .replace(/\/+$/, ''),
  );
  if (rel === '') return normalized.some((p) => p === '.' || p === '');
  const segments = rel.split('/');
  return normalized.some((p) => {
    const parts = p.split('/');
    // A pattern names the directory or any directory above the context ("services" covers services/api).
    if (parts.length > segments.length) return false;
    return parts.every((part, i) => globSegment(part, segments[i]!));
  });
}

/** One path segment against a glob segment: `*` any run of characters, `?` one character. */
function globSegment(glob: string, name: string): boolean {
  let re = '^';
  for (const ch of glob) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.+()[\]{}|]/g, '\\$&');
  return new RegExp(re + '$', 's').test(name);
}

/** Merges defaults, the file (then its matching overrides, in order) and the flags. */
export function effectiveConfig(file: ConfigFile | null, contextDir: string, flags: FlagSettings): EffectiveConfig {
  const out: EffectiveConfig = {
    file: file?.display ?? null,
    failOn: { value: 'error', source: 'default' },
    maxSize: { value: null, source: 'default' },
    maxFiles: { value: null, source: 'default' },
    maxGrowth: { value: null, source: 'default' },
    platform: { value: null, source: 'default' },
    libc: { value: null, source: 'default' },
    checks: Object.fromEntries(
      [...checks]
        .sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))
        .map((c) => [c.meta.id, { value: c.meta.defaultSeverity as CheckLevel, source: 'default' }]),
    ),
    ignorePaths: [],
  };
  const apply = (s: ConfigSettings, source: string) => {
    if (s.failOn !== undefined) out.failOn = { value: s.failOn, source };
    if (s.maxSize !== undefined) out.maxSize = { value: s.maxSize, source };
    if (s.maxFiles !== undefined) out.maxFiles = { value: s.maxFiles, source };
    if (s.maxGrowth !== undefined) out.maxGrowth = { value: s.maxGrowth, source };
    if (s.platform !== undefined) out.platform = { value: s.platform, source };
    if (s.libc !== undefined) out.libc = { value: s.libc, source };
    for (const [id, level] of Object.entries(s.checks ?? {})) out.checks[id] = { value: level, source };
    for (const p of s.ignorePaths ?? []) out.ignorePaths.push({ value: p, source });
  };
  if (file !== null) {
    apply(file.settings, file.display);
    const rel = path.relative(path.dirname(file.path), contextDir).split(path.sep).join('/');
    file.overrides.forEach((o, i) => {
      // A context outside the file's directory is matched by no override.
      if (!rel.startsWith('..') && overrideApplies(o.contexts, rel))
        apply(o.settings, `${file.display} overrides[${i}]`);
    });
  }
  if (flags.failOn !== undefined) out.failOn = { value: flags.failOn, source: '--fail-on' };
  if (flags.maxSize !== undefined) out.maxSize = { value: flags.maxSize, source: '--max-size' };
  if (flags.maxFiles !== undefined) out.maxFiles = { value: flags.maxFiles, source: '--max-files' };
  if (flags.maxGrowth !== undefined) out.maxGrowth = { value: flags.maxGrowth, source: '--max-growth' };
  if (flags.platform !== undefined) out.platform = { value: flags.platform, source: '--platform' };
  if (flags.libc !== undefined) out.libc = { value: flags.libc, source: '--libc' };
  for (const id of flags.disable ?? []) out.checks[id] = { value: 'off', source: '--disable' };
  return out;
}

/** The check ids a configuration turns off, and the severities it changes. */
export function checkSettings(config: EffectiveConfig): { disable: string[]; severity: Record<string, Severity> } {
  const disable: string[] = [];
  const severity: Record<string, Severity> = {};
  for (const [id, { value, source }] of Object.entries(config.checks)) {
    if (value === 'off') disable.push(id);
    else if (source !== 'default') severity[id] = value;
  }
  return { disable, severity };
}

function formatGrowth(spec: GrowthSpec): string {
  return 'percent' in spec ? `${spec.percent}%` : formatBytes(spec.bytes);
}

type ConfigRow = [name: string, value: string, source: string];

function configRows(config: EffectiveConfig): ConfigRow[] {
  return [
    ['failOn', config.failOn.value, config.failOn.source],
    [
      'maxSize',
      config.maxSize.value === null ? '-' : `${formatBytes(config.maxSize.value)} (${config.maxSize.value} bytes)`,
      config.maxSize.source,
    ],
    ['maxFiles', config.maxFiles.value === null ? '-' : String(config.maxFiles.value), config.maxFiles.source],
    [
      'maxGrowth',
      config.maxGrowth.value === null ? '-' : formatGrowth(config.maxGrowth.value),
      config.maxGrowth.source,
    ],
    ['platform', config.platform.value ?? '-', config.platform.source],
    ['libc', config.libc.value ?? '-', config.libc.source],
    ...config.ignorePaths.map((p): ConfigRow => ['ignorePaths', p.value, p.source]),
    ...Object.entries(config.checks).map(([id, c]): ConfigRow => [`checks.${id}`, c.value, c.source]),
  ];
}

function renderRows(rows: readonly ConfigRow[], indent = ''): string {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([k, v, s]) => `${indent}${k.padEnd(w0)}  ${v.padEnd(w1)}  ${s}\n`).join('');
}

/** `--print-config`: one line per setting — name, value, where the value came from. */
export function renderConfig(config: EffectiveConfig): string {
  return `configuration file: ${config.file ?? 'none'}\n${renderRows(configRows(config))}`;
}

/** The lines of `--print-config` that `config` (one build's) has and `base` does not, indented; '' when none. */
export function renderConfigChanges(base: EffectiveConfig, config: EffectiveConfig): string {
  const seen = new Set(configRows(base).map((r) => r.join('\0')));
  const changed = configRows(config).filter((r) => !seen.has(r.join('\0')));
  return changed.length === 0 ? '' : renderRows(changed, '  ');
}
