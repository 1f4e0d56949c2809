// The fixes findings suggest: .dockerignore lines, checked with Docker's own matcher to really
// keep the finding's files out before they are suggested, and the Dockerfile change that
// replaces a copied environment.
import { adviceConflict, guardedEntries, protectedPathsOf } from './advice-guard.js';
import type { CheckModel } from './check-model.js';
import type { Environment, EnvironmentKind } from './environments.js';
import type { ContextEntry } from '../types.js';
import { baseName, parentOf } from '../paths.js';
import { builtStages, commandsOf, stageInstructions } from './dockerfile-facts.js';
import { classifyStep, type EcosystemId } from './package-managers.js';
import { escapeIgnorePath as escapeSyntax, literalIgnoreLine } from '../context/ignore-lines.js';

/**
 * A context path as a line that matches exactly it: pattern syntax escaped, and a leading `!` or
 * `#` (exception, comment) escaped too (ignorefile.ReadAll: `#` in column 1 is a comment, `!` an exception).
 */
export function escapeIgnorePath(path: string): string {
  const escaped = escapeSyntax(path);
  return /^[!#]/.test(escaped) ? '\\' + escaped : escaped;
}

/** Findings about loose files list them one per ignore line up to this many, then their directory. */
export const MAX_FILE_LINES = 10;

// Names that mean the same thing wherever they appear, so `**/<name>` is safe; other names
// (`venv`, `env`, `target`, `build`) are suggested as their exact path, which Docker anchors
// at the context root.
const NAMES_SAFE_EVERYWHERE = new Set([
  'node_modules',
  '.venv',
  '__pycache__',
  '.tox',
  '.nox',
  '__MACOSX',
  '.DS_Store',
  '.pixi',
]);

interface Simulated {
  removed: Set<string>;
  /** The removed entries themselves, in walk order. */
  entries: readonly ContextEntry[];
  /**
   * The removed entries advice-guard.ts may object to (guardedEntries: named, run by name, or
   * copied by a named source), in removal order; computed once per lines, as every finding of a kind tries
   * the same lines (one line for node_modules at any depth removes a whole monorepo of entries).
   */
  guarded: { path: string; type: string }[] | null;
}

const simulations = new WeakMap<CheckModel, Map<string, Simulated | null>>();

function simulated(model: CheckModel, lines: readonly string[]): Simulated | null {
  let perModel = simulations.get(model);
  if (perModel === undefined) {
    perModel = new Map();
    simulations.set(model, perModel);
  }
  const key = lines.join('\n');
  if (!perModel.has(key)) {
    let sim: Simulated | null;
    try {
      const entries = model.simulateIgnore(lines).removed;
      const removed = new Set<string>();
      for (const e of entries) removed.add(e.path);
      sim = { removed, entries, guarded: null };
    } catch {
      // A line Docker would refuse is never suggested.
      sim = null;
    }
    perModel.set(key, sim);
  }
  return perModel.get(key)!;
}

/**
 * True when appending `lines` to the ignore file keeps every one of `paths` out of the context
 * and removes nothing a COPY/ADD/RUN --mount source names or copies besides them (advice-guard.ts).
 */
export function keepsOut(model: CheckModel, lines: readonly string[], paths: readonly string[]): boolean {
  const sim = simulated(model, lines);
  return sim !== null && paths.every((p) => sim.removed.has(p)) && isSafeAdvice(model, lines, paths);
}

/** True when the lines remove nothing the Dockerfile names or copies, other than `own` inside a copied directory. */
export function isSafeAdvice(model: CheckModel, lines: readonly string[], own: readonly string[]): boolean {
  const sim = simulated(model, lines);
  if (sim === null) return false;
  const prot = protectedPathsOf(model);
  sim.guarded ??= guardedEntries(prot, sim.entries);
  return adviceConflict(prot, sim.guarded, own) === null;
}

/** The first candidate set of lines that keeps all `paths` out, or [] when none does. */
export function verifiedIgnoreLines(
  model: CheckModel,
  candidates: readonly (readonly string[])[],
  paths: readonly string[],
): string[] {
  for (const lines of candidates) if (lines.length > 0 && keepsOut(model, lines, paths)) return [...lines];
  return [];
}

/**
 * The one spelling of "exactly this path" every check and fix use: a root-level name gets a
 * leading `/` (Docker reads `/venv` and `venv` alike, but a bare name reads as "anywhere" to
 * people and `fix` widens it to match at any depth), deeper paths are written as they are.
 */
function exactLine(path: string): string {
  return literalIgnoreLine(path) ?? escapeIgnorePath(path);
}

/**
 * Lines that leave a directory out, most general first. For names that mean the same thing
 * everywhere, `**` + `/<name>` (which also matches the root-level one); then the exact path. Each
 * is followed by a variant that also names what is below: an earlier `!` exception inside the
 * directory keeps its files in even after a later line excludes the directory, because Docker
 * skips a pattern for a directory that is already excluded and so never records it as a parent
 * match (moby/patternmatcher MatchesUsingParentResults).
 */
export function directoryIgnoreCandidates(dir: string): string[][] {
  const name = baseName(dir);
  const exact = exactLine(dir);
  const lines = NAMES_SAFE_EVERYWHERE.has(name) ? [`**/${escapeIgnorePath(name)}`, exact] : [exact];
  return [...lines.map((l) => [l]), ...lines.map((l) => [l, `${l}/**`])];
}

/** Each file on its own line while there are few, else their common parent directory. */
export function fileIgnoreCandidates(paths: readonly string[]): string[][] {
  const sorted = [...new Set(paths)].sort();
  const out: string[][] = [];
  if (sorted.length <= MAX_FILE_LINES) out.push(sorted.map(exactLine));
  const dirs = new Set(sorted.map(parentOf));
  if (dirs.size === 1) {
    const dir = [...dirs][0]!;
    if (dir !== '') out.push(...directoryIgnoreCandidates(dir).filter((lines) => !lines[0]!.startsWith('**/')));
  }
  return out;
}

// What installs each ecosystem's dependencies from its lockfile, most specific first.
const INSTALLERS: Partial<Record<EnvironmentKind, [manifest: string, copy: string[], run: string][]>> = {
  'python-venv': [
    ['uv.lock', ['pyproject.toml', 'uv.lock'], 'uv sync --frozen'],
    ['poetry.lock', ['pyproject.toml', 'poetry.lock'], 'poetry install --no-root'],
    ['Pipfile.lock', ['Pipfile', 'Pipfile.lock'], 'pipenv install --deploy'],
    ['requirements.txt', ['requirements.txt'], 'pip install -r requirements.txt'],
    ['pyproject.toml', ['pyproject.toml'], 'pip install .'],
  ],
  'conda-env': [
    ['environment.yml', ['environment.yml'], 'conda env create -f environment.yml'],
    ['environment.yaml', ['environment.yaml'], 'conda env create -f environment.yaml'],
  ],
  'node-modules': [
    ['package-lock.json', ['package.json', 'package-lock.json'], 'npm ci'],
    ['npm-shrinkwrap.json', ['package.json', 'npm-shrinkwrap.json'], 'npm ci'],
    ['yarn.lock', ['package.json', 'yarn.lock'], 'yarn install --frozen-lockfile'],
    ['pnpm-lock.yaml', ['package.json', 'pnpm-lock.yaml'], 'pnpm install --frozen-lockfile'],
    ['bun.lock', ['package.json', 'bun.lock'], 'bun install --frozen-lockfile'],
    ['package.json', ['package.json'], 'npm install'],
  ],
  'ruby-bundle': [['Gemfile.lock', ['Gemfile', 'Gemfile.lock'], 'bundle install']],
};

const DEFAULT_FIX: Partial<Record<EnvironmentKind, string>> = {
  'rust-target':
    'build in the image (RUN cargo build --release in a build stage, then COPY --from=<stage> the binary) instead of copying target/',
};

/** The Dockerfile change that replaces a copied environment, naming the lockfile found beside it; null when the image needs nothing instead. */
// Which package managers install each kind of environment.
const INSTALLED_BY: Partial<Record<EnvironmentKind, ReadonlySet<EcosystemId>>> = {
  'python-venv': new Set(['pip', 'uv', 'poetry', 'pipenv']),
  'node-modules': new Set(['npm', 'yarn', 'pnpm', 'bun']),
  'ruby-bundle': new Set(['bundler']),
};

/** True when a RUN of the target's stages already installs this kind of environment from its manifests. */
function dockerfileInstalls(model: CheckModel, kind: EnvironmentKind): boolean {
  const ecosystems = INSTALLED_BY[kind];
  const dm = model.dockerfileModel;
  if (ecosystems === undefined || dm === null) return false;
  return builtStages(dm).some((stage) =>
    stageInstructions(stage).some((instr) =>
      commandsOf(instr).some((cmd) => {
        const step = classifyStep(cmd);
        return step !== null && step.kind === 'deps' && ecosystems.has(step.ecosystem);
      }),
    ),
  );
}

export function dependencyInstallFix(model: CheckModel, env: Environment): string | null {
  // The Dockerfile already installs from the manifests: keeping the host's copy out is the fix.
  if (dockerfileInstalls(model, env.kind)) return null;
  const dir =
    env.kind === 'ruby-bundle' && baseName(env.path) === 'bundle' && baseName(parentOf(env.path)) === 'vendor'
      ? parentOf(parentOf(env.path))
      : parentOf(env.path);
  const at = (name: string): string => (dir === '' ? name : `${dir}/${name}`);
  for (const [manifest, copy, run] of INSTALLERS[env.kind] ?? []) {
    if (!model.entryByPath.has(at(manifest))) continue;
    const sources = copy.filter((f) => model.entryByPath.has(at(f))).map(at);
    return `install the dependencies in the image: COPY ${sources.join(' ')} ./ then RUN ${run}`;
  }
  // No manifest beside it: nothing in the project installs these dependencies (`npm ci` without
  // a package.json fails; a venv with no requirements is the host's own), so the image needs
  // nothing instead — keeping it out is the whole fix. A Rust target/ is build output: build it.
  return DEFAULT_FIX[env.kind] ?? null;
}
