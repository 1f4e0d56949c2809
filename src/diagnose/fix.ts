// The fix for a culprit: the smallest nested-aware ignore lines that keep its environment out of
// the context — checked with Docker's matcher on the real entries — and the Dockerfile lines that
// rebuild that environment inside the image instead. Pure apart from the injected simulation.
import type { SimulationResult } from '../context/simulate-ignore.js';
import type { DockerfileModel } from '../dockerfile/model.js';
import type { IgnorePattern } from '../types.js';
import type { CulpritDraft } from './decide.js';
import type { CulpritFix, CulpritKind } from './model.js';
import { venvRootOf, type EntryMap } from './search-context.js';
import { baseName, joinPath, parentOf } from '../paths.js';

export interface FixContext {
  entries: EntryMap;
  /** The ignore file's patterns (empty when there is none). */
  patterns: readonly IgnorePattern[];
  /** Where new lines go: the ignore file Docker uses, or `.dockerignore`. */
  ignoreFile: string;
  model: DockerfileModel | null;
  /** What the current patterns plus `lines` would keep out of the sent entries (simulate-ignore.ts). */
  simulate(lines: readonly string[]): SimulationResult;
}

type Environment =
  | { kind: 'node'; root: string; packageRoot: string }
  | { kind: 'venv'; root: string; projectRoot: string }
  | { kind: 'site-packages'; root: string; projectRoot: string }
  | { kind: 'pycache'; root: string; projectRoot: string }
  | { kind: 'node-build'; root: string; packageRoot: string }
  | { kind: 'none' };

// Culprits that are the project's own sources: keeping them out would break the build; they
// need editing instead.
const SOURCE_KINDS: ReadonlySet<CulpritKind> = new Set<CulpritKind>(['crlf-shebang', 'bom-before-shebang', 'lockfile-missing-package', 'git-lfs-pointer']);

/** The environment a culprit belongs to: the directory a package manager filled on the host. */
function environmentOf(path: string, entries: EntryMap): Environment {
  const segments = path.split('/');
  const nm = segments.indexOf('node_modules');
  if (nm >= 0) {
    const root = segments.slice(0, nm + 1).join('/');
    return { kind: 'node', root, packageRoot: parentOf(root) };
  }
  const venv = venvRootOf(path, entries);
  if (venv !== null && venv !== '') return { kind: 'venv', root: venv, projectRoot: parentOf(venv) };
  const sp = segments.findIndex((s) => s === 'site-packages' || s === 'dist-packages');
  if (sp >= 0) {
    const root = segments.slice(0, sp + 1).join('/');
    // lib/python3.X/site-packages: the project is above the prefix that holds it.
    const prefix = sp >= 2 && segments[sp - 2] === 'lib' ? segments.slice(0, sp - 2).join('/') : parentOf(root);
    return { kind: 'site-packages', root, projectRoot: parentOf(prefix) };
  }
  const pc = segments.indexOf('__pycache__');
  if (pc >= 0) return { kind: 'pycache', root: segments.slice(0, pc + 1).join('/'), projectRoot: '' };
  // node-gyp output of a package built on the host: <pkg>/build/Release/x.node.
  const build = segments.lastIndexOf('build');
  if (build >= 0 && segments[build + 1] === 'Release' && path.endsWith('.node')) {
    const packageRoot = segments.slice(0, build).join('/');
    if (entries.has(joinPath(packageRoot, 'package.json')) || entries.has(joinPath(packageRoot, 'binding.gyp'))) {
      return { kind: 'node-build', root: joinPath(packageRoot, 'build'), packageRoot };
    }
  }
  return { kind: 'none' };
}

/** A context path as an ignore line that matches only it: pattern metacharacters escaped. */
export function exactIgnoreLine(path: string): string {
  // patternmatcher treats * ? [ and \ specially; the ignore file reader treats a leading # and !.
  const escaped = path.replace(/[*?[\\]/g, (c) => '\\' + c);
  return /^[#!]/.test(escaped) ? '\\' + escaped : escaped;
}

function ignoreLinesFor(env: Environment, culprit: CulpritDraft): string[] {
  switch (env.kind) {
    case 'node':
      return ['**/node_modules'];
    case 'venv':
      return [`**/${exactIgnoreLine(baseName(env.root))}`];
    case 'site-packages':
      return ['**/site-packages'];
    case 'pycache':
      return ['**/__pycache__'];
    case 'node-build':
      return [exactIgnoreLine(env.root)];
    case 'none':
      if (culprit.kind === 'stale-bytecode') return ['**/*.pyc'];
      return [exactIgnoreLine(culprit.path)];
  }
}

function isRemoved(sim: SimulationResult, path: string): boolean {
  return sim.removed.some((e) => e.path === path);
}

/** `dir` or its nearest ancestor holding one of `names`; null when none does. */
function nearestWith(dir: string, names: string | readonly string[], entries: EntryMap): string | null {
  const wanted = typeof names === 'string' ? [names] : names;
  for (let d = dir; ; d = parentOf(d)) {
    if (wanted.some((n) => entries.has(joinPath(d, n)))) return d;
    if (d === '') return null;
  }
}

/** Lines to put before `COPY . .` so the image installs what the host copy provided. */
function installLines(env: Environment, entries: EntryMap): { dockerfile: string[]; notes: string[] } {
  const rel = (root: string, name: string): string => joinPath(root, name);
  if (env.kind === 'node' || env.kind === 'node-build') {
    const root = nearestWith(env.packageRoot, 'package.json', entries);
    if (root === null) return { dockerfile: [], notes: ['Install the npm dependencies in the image (npm ci in a RUN step) instead of copying node_modules.'] };
    const has = (name: string): boolean => entries.has(rel(root, name));
    const manifest = rel(root, 'package.json');
    if (has('package-lock.json') || has('npm-shrinkwrap.json')) {
      const lock = has('package-lock.json') ? 'package-lock.json' : 'npm-shrinkwrap.json';
      return { dockerfile: [`COPY ${manifest} ${rel(root, lock)} ./`, 'RUN npm ci'], notes: [] };
    }
    if (has('yarn.lock')) return { dockerfile: [`COPY ${manifest} ${rel(root, 'yarn.lock')} ./`, 'RUN yarn install --frozen-lockfile'], notes: [] };
    if (has('pnpm-lock.yaml')) {
      return { dockerfile: [`COPY ${manifest} ${rel(root, 'pnpm-lock.yaml')} ./`, 'RUN corepack enable && pnpm install --frozen-lockfile'], notes: [] };
    }
    return { dockerfile: [`COPY ${manifest} ./`, 'RUN npm install'], notes: [] };
  }
  if (env.kind === 'venv' || env.kind === 'site-packages' || env.kind === 'pycache') {
    const root = nearestWith(env.projectRoot, ['requirements.txt', 'pyproject.toml', 'Pipfile'], entries) ?? env.projectRoot;
    const has = (name: string): boolean => entries.has(rel(root, name));
    if (env.kind === 'pycache') return { dockerfile: [], notes: ['CPython writes its own bytecode in the image; nothing needs to replace these files.'] };
    if (has('uv.lock')) return { dockerfile: [`COPY ${rel(root, 'pyproject.toml')} ${rel(root, 'uv.lock')} ./`, 'RUN uv sync --frozen --no-install-project'], notes: [] };
    if (has('poetry.lock')) {
      return { dockerfile: [`COPY ${rel(root, 'pyproject.toml')} ${rel(root, 'poetry.lock')} ./`, 'RUN pip install poetry && poetry install --no-root'], notes: [] };
    }
    if (has('Pipfile.lock')) return { dockerfile: [`COPY ${rel(root, 'Pipfile')} ${rel(root, 'Pipfile.lock')} ./`, 'RUN pip install pipenv && pipenv install --deploy --system'], notes: [] };
    if (has('requirements.txt')) return { dockerfile: [`COPY ${rel(root, 'requirements.txt')} .`, 'RUN pip install --no-cache-dir -r requirements.txt'], notes: [] };
    if (has('pyproject.toml')) return { dockerfile: [`COPY ${rel(root, 'pyproject.toml')} ./`, 'RUN pip install --no-cache-dir .'], notes: [] };
    return { dockerfile: [], notes: ['Install the Python dependencies in the image (pip install … in a RUN step) instead of copying them.'] };
  }
  return { dockerfile: [], notes: [] };
}

/** Stages that run on the build machine's platform: native packages built there are foreign. */
function buildPlatformStages(model: DockerfileModel | null): number[] {
  if (model === null) return [];
  return model.stages.filter((s) => s.platform !== null && /\$\{?BUILDPLATFORM\}?/.test(s.platform.raw)).map((s) => s.index);
}

function kindNotes(culprit: CulpritDraft, model: DockerfileModel | null): string[] {
  const notes: string[] = [];
  switch (culprit.kind) {
    case 'foreign-arch':
    case 'wrong-elf-class':
    case 'wrong-byte-order':
    case 'foreign-prebuild':
    case 'foreign-platform-package':
    case 'foreign-extension-suffix':
    case 'macos-binary':
    case 'windows-binary': {
      const stages = buildPlatformStages(model);
      if (stages.length > 0) {
        notes.push(`Stage${stages.length === 1 ? '' : 's'} ${stages.join(', ')} build${stages.length === 1 ? 's' : ''} on --platform=$BUILDPLATFORM: install native dependencies in a stage on --platform=$TARGETPLATFORM.`);
      }
      break;
    }
    case 'musl-binary':
    case 'glibc-binary':
      notes.push("Install the dependency in the image, so the package manager picks the build for the image's C library (musllinux wheels, linuxmusl packages on Alpine), or use a base image with the C library the file was built for.");
      break;
    case 'glibc-too-new':
      notes.push('Or use a base image whose glibc is at least the version the file needs.');
      break;
    case 'missing-interpreter':
      notes.push("Build the program in the image (a build stage of the same base), link it statically, or use a base image with the C library it was built for.");
      break;
    case 'crlf-shebang':
      notes.push(`Convert ${culprit.path} to LF line endings (\`.gitattributes\`: \`*.sh text eol=lf\`), or add \`RUN sed -i 's/\\r$//' <path in the image>\`.`);
      break;
    case 'git-lfs-pointer':
      notes.push(`Fetch the real file before the build (\`git lfs pull\`; in CI, check out with LFS enabled); ${culprit.path} is a pointer to it.`);
      break;
    case 'bom-before-shebang':
      notes.push(`Save ${culprit.path} without a byte-order mark.`);
      break;
    case 'lockfile-missing-package':
      notes.push('Regenerate the lockfile: delete node_modules and the lockfile, run `npm install` with npm 10 or newer, and commit the result; then `npm ci` in the image installs the right platform package.');
      break;
    case 'host-shebang':
    case 'host-symlink':
    case 'host-venv':
      notes.push('Create the virtual environment in the image, at the path it is used from.');
      break;
    case 'stale-bytecode':
      notes.push('Ship the .py source instead of the bytecode, or compile it with the image\'s Python (python -m compileall) in a RUN step.');
      break;
    default:
      break;
  }
  return notes;
}

/** Notes on lines already in the ignore file that look like they keep the culprit out but do not. */
function rootOnlyNotes(env: Environment, patterns: readonly IgnorePattern[], ignoreFile: string): string[] {
  if (env.kind === 'none' || !env.root.includes('/')) return [];
  const name = baseName(env.root);
  return patterns
    .filter((p) => p.pattern === name || p.pattern === name + '/')
    .map((p) => `${ignoreFile}:${p.line} \`${p.text.trim()}\` matches only ${name} at the context root, not ${env.root}.`);
}

export function suggestFix(culprit: CulpritDraft, ctx: FixContext): CulpritFix {
  const env = environmentOf(culprit.path, ctx.entries);
  const notes = rootOnlyNotes(env, ctx.patterns, ctx.ignoreFile);
  const install = SOURCE_KINDS.has(culprit.kind) ? { dockerfile: [], notes: [] } : installLines(env, ctx.entries);
  notes.push(...install.notes, ...kindNotes(culprit, ctx.model));
  if (SOURCE_KINDS.has(culprit.kind)) {
    return { ignoreLines: [], ignoreFile: ctx.ignoreFile, verified: false, removes: { files: 0, bytes: 0 }, dockerfile: [], notes };
  }
  let lines = ignoreLinesFor(env, culprit);
  let sim = ctx.simulate(lines);
  if (!isRemoved(sim, culprit.path)) {
    lines = [exactIgnoreLine(culprit.path)];
    sim = ctx.simulate(lines);
  }
  return {
    ignoreLines: lines,
    ignoreFile: ctx.ignoreFile,
    verified: isRemoved(sim, culprit.path),
    removes: { files: sim.files, bytes: sim.bytes },
    dockerfile: install.dockerfile,
    notes,
  };
}
