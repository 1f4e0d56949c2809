// The fixes findings suggest: .dockerignore lines, checked with Docker's own matcher to really
// keep the finding's files out before they are suggested, and the Dockerfile change that
// replaces a copied environment.
import type { CheckModel } from './check-model.js';
import type { Environment, EnvironmentKind } from './environments.js';
import { baseName, parentOf } from '../paths.js';

/** Findings about loose files list them one per ignore line up to this many, then their directory. */
export const MAX_FILE_LINES = 10;

// Names that mean the same thing wherever they appear, so `**/<name>` is safe; other names
// (`venv`, `env`, `target`, `build`) are suggested as their exact path, which Docker anchors
// at the context root.
const NAMES_SAFE_EVERYWHERE = new Set(['node_modules', '.venv', '__pycache__', '.tox', '.nox', '__MACOSX', '.DS_Store', '.pixi']);

/**
 * A context path as an ignore pattern that matches exactly it: `*`, `?`, `[`, `]` and `\` escaped,
 * and a leading `!` or `#` (exception, comment) escaped too (moby/patternmatcher: `\` escapes
 * the next character; ignorefile.ReadAll: `#` in column 1 is a comment, `!` an exception).
 */
export function escapeIgnorePath(path: string): string {
  const escaped = path.replace(/[\\*?[\]]/g, '\\$&');
  return /^[!#]/.test(escaped) ? '\\' + escaped : escaped;
}

const simulations = new WeakMap<CheckModel, Map<string, Set<string> | null>>();

function removedBy(model: CheckModel, lines: readonly string[]): Set<string> | null {
  let perModel = simulations.get(model);
  if (perModel === undefined) {
    perModel = new Map();
    simulations.set(model, perModel);
  }
  const key = lines.join('\n');
  if (!perModel.has(key)) {
    let removed: Set<string> | null;
    try {
      removed = new Set(model.simulateIgnore(lines).removed.map((e) => e.path));
    } catch {
      // A line Docker would refuse is never suggested.
      removed = null;
    }
    perModel.set(key, removed);
  }
  return perModel.get(key)!;
}

/** True when appending `lines` to the ignore file keeps every one of `paths` out of the context. */
export function keepsOut(model: CheckModel, lines: readonly string[], paths: readonly string[]): boolean {
  const removed = removedBy(model, lines);
  return removed !== null && paths.every((p) => removed.has(p));
}

/** The first candidate set of lines that keeps all `paths` out, or [] when none does. */
export function verifiedIgnoreLines(model: CheckModel, candidates: readonly (readonly string[])[], paths: readonly string[]): string[] {
  for (const lines of candidates) if (lines.length > 0 && keepsOut(model, lines, paths)) return [...lines];
  return [];
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
  const lines = NAMES_SAFE_EVERYWHERE.has(name) ? [`**/${escapeIgnorePath(name)}`, escapeIgnorePath(dir)] : [escapeIgnorePath(dir)];
  return [...lines.map((l) => [l]), ...lines.map((l) => [l, `${l}/**`])];
}

/** Each file on its own line while there are few, else their common parent directory. */
export function fileIgnoreCandidates(paths: readonly string[]): string[][] {
  const sorted = [...new Set(paths)].sort();
  const out: string[][] = [];
  if (sorted.length <= MAX_FILE_LINES) out.push(sorted.map(escapeIgnorePath));
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
  'python-venv': 'create the virtual environment in the image (RUN python -m venv … && pip install …) instead of copying it',
  'conda-env': 'create the conda environment in the image (RUN conda env create …) instead of copying it',
  'node-modules': 'install the packages in the image (RUN npm ci) instead of copying node_modules',
  'ruby-bundle': 'install the gems in the image (RUN bundle install) instead of copying vendor/bundle',
  'rust-target': 'build in the image (RUN cargo build --release in a build stage, then COPY --from=<stage> the binary) instead of copying target/',
};

/** The Dockerfile change that replaces a copied environment, naming the lockfile found beside it; null when the image needs nothing instead. */
export function dependencyInstallFix(model: CheckModel, env: Environment): string | null {
  const dir = env.kind === 'ruby-bundle' && baseName(env.path) === 'bundle' && baseName(parentOf(env.path)) === 'vendor' ? parentOf(parentOf(env.path)) : parentOf(env.path);
  const at = (name: string): string => (dir === '' ? name : `${dir}/${name}`);
  for (const [manifest, copy, run] of INSTALLERS[env.kind] ?? []) {
    if (!model.entryByPath.has(at(manifest))) continue;
    const sources = copy.filter((f) => model.entryByPath.has(at(f))).map(at);
    return `install the dependencies in the image: COPY ${sources.join(' ')} ./ then RUN ${run}`;
  }
  return DEFAULT_FIX[env.kind] ?? null;
}
