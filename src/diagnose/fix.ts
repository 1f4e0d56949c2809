// The fix for a culprit: the smallest nested-aware ignore lines that keep its environment out of
// the context — checked with Docker's matcher on the real entries — and the Dockerfile lines that
// rebuild that environment inside the image instead. Pure apart from the injected simulation.
import type { SimulationResult } from '../context/simulate-ignore.js';
import type { DockerfileModel, Instruction } from '../dockerfile/model.js';
import { runCommands } from '../dockerfile/shell-commands.js';
import { classifyStep, type EcosystemId } from '../facts/package-managers.js';
import type { IgnorePattern } from '../types.js';
import type { CulpritDraft, Reader } from './decide.js';
import type { CulpritFix, CulpritKind, FileEdit } from './model.js';
import type { ContextMount } from './map-paths.js';
import { venvRootOf, type EntryMap } from './search-context.js';
import { posix } from 'node:path';
import { baseName, joinPath, parentOf } from '../paths.js';
import { buildInStageChange } from '../facts/build-stage-change.js';
import type { Libc } from '../sniff/platform.js';

export interface FixContext {
  entries: EntryMap;
  /** The ignore file's patterns (empty when there is none). */
  patterns: readonly IgnorePattern[];
  /** Where new lines go: the ignore file Docker uses, or `.dockerignore`. */
  ignoreFile: string;
  model: DockerfileModel | null;
  /** What the current patterns plus `lines` would keep out of the sent entries (simulate-ignore.ts). */
  simulate(lines: readonly string[]): SimulationResult;
  /**
   * Context paths the build needs as they are, and why: COPY/ADD sources named by path (not `.`)
   * and the files the image starts. An ignore line that removes one would break the build.
   */
  needed: ReadonlyMap<string, string>;
  /** The Dockerfile as a context-relative path, when it is inside the context. */
  dockerfilePath: string | null;
  read: Reader;
  /** Compose bind mounts of the context's directories (the service that runs the image). */
  binds: readonly (ContextMount & { indent: string; fileInContext: string })[];
}

/**
 * The COPY-safety check for ignore lines: the needed path (and why) that the removal would take
 * away — a removed path that is needed, or a needed path below a removed directory — else null.
 * The one place that decides whether an ignore line is safe to suggest.
 */
export function neededRemoved(
  removed: readonly { path: string }[],
  needed: ReadonlyMap<string, string>,
): { path: string; why: string } | null {
  for (const e of removed) {
    const why = needed.get(e.path);
    if (why !== undefined) return { path: e.path, why };
  }
  const dirs = new Set(removed.map((e) => e.path));
  for (const [path, why] of needed) {
    for (let d = parentOf(path); d !== ''; d = parentOf(d)) if (dirs.has(d)) return { path, why };
  }
  return null;
}

/** Applies one edit to a file's text (null: the file does not exist). Pure. */
export function applyFileEdit(text: string | null, edit: FileEdit): string {
  const body = text ?? '';
  switch (edit.kind) {
    case 'crlf-to-lf':
      return body.replace(/\r\n/g, '\n');
    case 'append':
      return body + (body === '' || body.endsWith('\n') ? '' : '\n') + edit.lines.map((l) => l + '\n').join('');
    case 'replace-lines': {
      const eol = body.includes('\r\n') ? '\r\n' : '\n';
      const lines = body.split(/\r?\n/);
      lines.splice(edit.line - 1, edit.deleteCount, ...edit.insert);
      return lines.join(eol);
    }
  }
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
const SOURCE_KINDS: ReadonlySet<CulpritKind> = new Set<CulpritKind>([
  'crlf-shebang',
  'bom-before-shebang',
  'lockfile-missing-package',
  'git-lfs-pointer',
]);

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
    if (root === null)
      return {
        dockerfile: [],
        notes: ['Install the npm dependencies in the image (npm ci in a RUN step) instead of copying node_modules.'],
      };
    const has = (name: string): boolean => entries.has(rel(root, name));
    const manifest = rel(root, 'package.json');
    if (has('package-lock.json') || has('npm-shrinkwrap.json')) {
      const lock = has('package-lock.json') ? 'package-lock.json' : 'npm-shrinkwrap.json';
      return { dockerfile: [`COPY ${manifest} ${rel(root, lock)} ./`, 'RUN npm ci'], notes: [] };
    }
    if (has('yarn.lock'))
      return {
        dockerfile: [`COPY ${manifest} ${rel(root, 'yarn.lock')} ./`, 'RUN yarn install --frozen-lockfile'],
        notes: [],
      };
    if (has('pnpm-lock.yaml')) {
      return {
        dockerfile: [
          `COPY ${manifest} ${rel(root, 'pnpm-lock.yaml')} ./`,
          'RUN corepack enable && pnpm install --frozen-lockfile',
        ],
        notes: [],
      };
    }
    return { dockerfile: [`COPY ${manifest} ./`, 'RUN npm install'], notes: [] };
  }
  if (env.kind === 'venv' || env.kind === 'site-packages' || env.kind === 'pycache') {
    const root =
      nearestWith(env.projectRoot, ['requirements.txt', 'pyproject.toml', 'Pipfile'], entries) ?? env.projectRoot;
    const has = (name: string): boolean => entries.has(rel(root, name));
    if (env.kind === 'pycache')
      return {
        dockerfile: [],
        notes: ['CPython writes its own bytecode in the image; nothing needs to replace these files.'],
      };
    if (has('uv.lock'))
      return {
        dockerfile: [
          `COPY ${rel(root, 'pyproject.toml')} ${rel(root, 'uv.lock')} ./`,
          'RUN uv sync --frozen --no-install-project',
        ],
        notes: [],
      };
    if (has('poetry.lock')) {
      return {
        dockerfile: [
          `COPY ${rel(root, 'pyproject.toml')} ${rel(root, 'poetry.lock')} ./`,
          'RUN pip install poetry && poetry install --no-root',
        ],
        notes: [],
      };
    }
    if (has('Pipfile.lock'))
      return {
        dockerfile: [
          `COPY ${rel(root, 'Pipfile')} ${rel(root, 'Pipfile.lock')} ./`,
          'RUN pip install pipenv && pipenv install --deploy --system',
        ],
        notes: [],
      };
    if (has('requirements.txt'))
      return {
        dockerfile: [`COPY ${rel(root, 'requirements.txt')} .`, 'RUN pip install --no-cache-dir -r requirements.txt'],
        notes: [],
      };
    if (has('pyproject.toml'))
      return { dockerfile: [`COPY ${rel(root, 'pyproject.toml')} ./`, 'RUN pip install --no-cache-dir .'], notes: [] };
    return {
      dockerfile: [],
      notes: ['Install the Python dependencies in the image (pip install … in a RUN step) instead of copying them.'],
    };
  }
  return { dockerfile: [], notes: [] };
}

/** Stages that run on the build machine's platform: native packages built there are foreign. */
function buildPlatformStages(model: DockerfileModel | null): number[] {
  if (model === null) return [];
  return model.stages
    .filter((s) => s.platform !== null && /\$\{?BUILDPLATFORM\}?/.test(s.platform.raw))
    .map((s) => s.index);
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
        notes.push(
          `Stage${stages.length === 1 ? '' : 's'} ${stages.join(', ')} build${stages.length === 1 ? 's' : ''} on --platform=$BUILDPLATFORM: install native dependencies in a stage on --platform=$TARGETPLATFORM.`,
        );
      }
      break;
    }
    case 'musl-binary':
    case 'glibc-binary':
      notes.push(
        "Install the dependency in the image, so the package manager picks the build for the image's C library (musllinux wheels, linuxmusl packages on Alpine), or use a base image with the C library the file was built for.",
      );
      break;
    case 'glibc-too-new':
      notes.push('Or use a base image whose glibc is at least the version the file needs.');
      break;
    case 'missing-interpreter':
      notes.push(
        'Build the program in the image (a build stage of the same base), link it statically, or use a base image with the C library it was built for.',
      );
      break;
    case 'crlf-shebang':
      notes.push(
        `Convert ${culprit.path} to LF line endings (\`.gitattributes\`: \`*.sh text eol=lf\`), or add \`RUN sed -i 's/\\r$//' <path in the image>\`.`,
      );
      break;
    case 'git-lfs-pointer':
      notes.push(
        `Fetch the real file before the build (\`git lfs pull\`; in CI, check out with LFS enabled); ${culprit.path} is a pointer to it.`,
      );
      break;
    case 'bom-before-shebang':
      notes.push(`Save ${culprit.path} without a byte-order mark.`);
      break;
    case 'lockfile-missing-package':
      notes.push(
        'Regenerate the lockfile: delete node_modules and the lockfile, run `npm install` with npm 10 or newer, and commit the result; then `npm ci` in the image installs the right platform package.',
      );
      break;
    case 'host-shebang':
    case 'host-symlink':
    case 'host-venv':
      notes.push('Create the virtual environment in the image, at the path it is used from.');
      break;
    case 'stale-bytecode':
      notes.push(
        "Ship the .py source instead of the bytecode, or compile it with the image's Python (python -m compileall) in a RUN step.",
      );
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
    .map(
      (p) => `${ignoreFile}:${p.line} \`${p.text.trim()}\` matches only ${name} at the context root, not ${env.root}.`,
    );
}

/** The edits that fix the project's own file, when the culprit is one. */
function sourceEdits(culprit: CulpritDraft, ctx: FixContext): FileEdit[] {
  switch (culprit.kind) {
    case 'crlf-shebang': {
      const rule = /\.sh$/.test(culprit.path)
        ? '*.sh text eol=lf'
        : `/${culprit.path.replace(/([ #!*?[\\])/g, '\\$1')} text eol=lf`;
      const attributes = ctx.read.text('.gitattributes', 256 * 1024) ?? '';
      const edits: FileEdit[] = [{ kind: 'crlf-to-lf', path: culprit.path }];
      if (!attributes.split(/\r?\n/).some((l) => l.trim() === rule))
        edits.push({ kind: 'append', path: '.gitattributes', lines: [rule] });
      return edits;
    }
    case 'bom-before-shebang': {
      const text = ctx.read.text(culprit.path, 1024 * 1024);
      if (text === null) return [];
      const first = text.split(/\r?\n/)[0]!.replace(/^\uFEFF/, '');
      return [{ kind: 'replace-lines', path: culprit.path, line: 1, deleteCount: 1, insert: [first] }];
    }
    case 'not-a-binary': {
      // A script the kernel cannot start: its #! line is not the first line, or there is none.
      const text = ctx.read.text(culprit.path, 1024 * 1024);
      if (text === null || /\u0000/.test(text)) return [];
      const lines = text.split(/\r?\n/);
      const at = lines.findIndex((l) => l.startsWith('#!'));
      if (at > 0) {
        return [
          { kind: 'replace-lines', path: culprit.path, line: at + 1, deleteCount: 1, insert: [] },
          { kind: 'replace-lines', path: culprit.path, line: 1, deleteCount: 0, insert: [lines[at]!] },
        ];
      }
      return at === 0
        ? []
        : [{ kind: 'replace-lines', path: culprit.path, line: 1, deleteCount: 0, insert: ['#!/bin/sh'] }];
    }
    default:
      return [];
  }
}

function bindOf(path: string, ctx: FixContext): FixContext['binds'][number] | null {
  let best: FixContext['binds'][number] | null = null;
  for (const b of ctx.binds) {
    if (b.source !== '' && path !== b.source && !path.startsWith(b.source + '/')) continue;
    if (best === null || b.source.length > best.source.length) best = b;
  }
  return best;
}

/**
 * A host environment the container sees through a bind mount: an anonymous volume over it keeps
 * the image's own copy (`- /app/node_modules`), inserted before the bind mount in the Compose file;
 * a bind mount of the environment directory itself (`./venv:/home/python/venv`) becomes that
 * anonymous volume (Compose refuses two mounts at one path).
 */
function composeFix(
  culprit: CulpritDraft,
  env: Environment,
  bind: FixContext['binds'][number],
  notes: string[],
  entries: EntryMap,
): Pick<CulpritFix, 'edits' | 'notes'> {
  const where = `${bind.file}:${bind.line} (service ${bind.service}: ${bind.source === '' ? '.' : './' + bind.source}:${bind.target})`;
  // A directory uv rejected as its project environment is one, whatever it holds.
  const root =
    env.kind === 'node' || env.kind === 'venv'
      ? env.root
      : culprit.kind === 'host-venv' && culprit.type === 'dir'
        ? culprit.path
        : null;
  if (root !== null) {
    const rel = bind.source === '' ? root : root === bind.source ? '' : root.slice(bind.source.length + 1);
    const target = rel === '' ? bind.target : `${bind.target === '/' ? '' : bind.target}/${rel}`;
    const what = env.kind === 'node' ? 'node_modules' : 'virtual environment';
    notes.unshift(
      rel === ''
        ? `The bind mount ${where} puts the host's ${root} where the container keeps its ${what}: an anonymous volume in its place ` +
            `starts empty and the image's own install fills it.`
        : `The bind mount ${where} brings the host's ${root} into the container at run time, whatever the ignore file says: ` +
            `an anonymous volume at ${target} keeps the image's own ${what} there (install it in the image).` +
            mountSourceOnly(bind, entries),
    );
    return {
      notes,
      edits: [
        {
          kind: 'replace-lines',
          path: bind.fileInContext,
          line: bind.line,
          deleteCount: rel === '' ? 1 : 0,
          insert: [`${bind.indent}${target}`],
        },
      ],
    };
  }
  notes.unshift(
    `The bind mount ${where} brings the host's ${culprit.path} into the container at run time: rebuild it on the host for the image's platform, or mount only the source directories.`,
  );
  return { notes, edits: [] };
}

/**
 * The other way out of a bind mount of the whole project: mount only its `src/` (written relative
 * to the Compose file, as Compose reads it), when the project has one.
 */
function mountSourceOnly(bind: FixContext['binds'][number], entries: EntryMap): string {
  const src = joinPath(bind.source, 'src');
  if (!entries.has(src) && ![...entries.keys()].some((p) => p.startsWith(src + '/'))) return '';
  const host = posix.relative(parentOf(bind.fileInContext), src);
  const target = `${bind.target === '/' ? '' : bind.target}/src`;
  return ` Or mount only the sources (\`./${host}:${target}\`) instead of the whole project.`;
}

/** The image's platform as far as the analysis knows it: what a build stage compiles for. */
export interface FixTarget {
  platform: { arch: string; variant?: string | undefined };
  libc: Libc;
  glibcVersion: string | null;
}

const DEFAULT_FIX_TARGET: FixTarget = { platform: { arch: 'amd64' }, libc: 'glibc', glibcVersion: null };

/** Bytes of go.mod read for its `go` line. */
const GO_MOD_BYTES = 64 * 1024;

/**
 * A build stage that compiles the program for Linux in place of a host-built binary the
 * Dockerfile copies by name (Go, Rust, C: facts/build-stage-change.ts), as edits of the
 * Dockerfile. Null when nothing in the context builds it.
 */
function buildStageEdits(
  culprit: CulpritDraft,
  ctx: FixContext,
  target: FixTarget,
): { edits: FileEdit[]; summary: string } | null {
  const line = culprit.origin?.method === 'copy' ? culprit.origin.line : null;
  if (ctx.model === null || line === null || ctx.dockerfilePath === null) return null;
  const change = buildInStageChange({
    dockerfile: ctx.model,
    dockerfilePath: ctx.dockerfilePath,
    binary: culprit.path,
    copyLine: line,
    entries: ctx.entries,
    readText: (p) => ctx.read.text(p, GO_MOD_BYTES),
    platform: target.platform,
    libc: target.libc,
    glibcVersion: target.glibcVersion,
  });
  if (change === null) return null;
  const path = ctx.dockerfilePath;
  return {
    edits: change.edits.map((e) => ({ kind: 'replace-lines', path, ...e })),
    summary: `${change.summary[0]!.toUpperCase()}${change.summary.slice(1)}.`,
  };
}

export function suggestFix(culprit: CulpritDraft, ctx: FixContext, target = DEFAULT_FIX_TARGET): CulpritFix {
  const env = environmentOf(culprit.path, ctx.entries);
  const notes = rootOnlyNotes(env, ctx.patterns, ctx.ignoreFile);
  const hint = culprit.fixHint;
  const none = {
    ignoreLines: [],
    ignoreFile: ctx.ignoreFile,
    verified: false,
    removes: { files: 0, bytes: 0 },
    dockerfile: [],
    notes,
    edits: [] as FileEdit[],
  };
  if (hint !== undefined) {
    notes.push(...(hint.notes ?? []));
    // Hint lines are checked by the decision (an exception line with Docker's matcher).
    return {
      ...none,
      ignoreLines: hint.ignoreLines ?? [],
      verified: (hint.ignoreLines ?? []).length > 0,
      edits: hint.edits ?? [],
    };
  }
  // Brought in by a bind mount at run time: no ignore line helps, the Compose file changes.
  const bind =
    culprit.origin?.method === 'bind-mount' || !ctx.entries.has(culprit.path) ? bindOf(culprit.path, ctx) : null;
  if (bind !== null && !SOURCE_KINDS.has(culprit.kind))
    return { ...none, ...composeFix(culprit, env, bind, notes, ctx.entries) };
  const install = SOURCE_KINDS.has(culprit.kind) ? { dockerfile: [], notes: [] } : installLines(env, ctx.entries);
  notes.push(...install.notes, ...kindNotes(culprit, ctx.model));
  if (SOURCE_KINDS.has(culprit.kind) || (culprit.kind === 'not-a-binary' && env.kind === 'none')) {
    return { ...none, edits: sourceEdits(culprit, ctx) };
  }
  let lines = ignoreLinesFor(env, culprit);
  let sim = ctx.simulate(lines);
  if (!isRemoved(sim, culprit.path)) {
    lines = [exactIgnoreLine(culprit.path)];
    sim = ctx.simulate(lines);
  }
  // Never suggest keeping out what the build copies by name or what the image runs — unless
  // the install lines recreate it in the image (a venv's console script the image starts).
  let broken = neededRemoved(sim.removed, ctx.needed);
  const recreated =
    install.dockerfile.length > 0 && (env.kind === 'node' || env.kind === 'venv' || env.kind === 'site-packages');
  if (broken !== null && recreated && !broken.why.includes(' copies it') && broken.path.startsWith(env.root + '/'))
    broken = null;
  if (broken !== null && recreated && broken.why.includes(' copies it')) {
    // `COPY node_modules …` / `COPY .venv …`: the COPY goes, the install takes its place.
    const line = Number(/at line (\d+) copies it/.exec(broken.why)?.[1]);
    const instr = ctx.model?.stages.flatMap((st) => st.instructions).find((i) => i.startLine === line);
    if (instr !== undefined && ctx.dockerfilePath !== null) {
      notes.unshift(
        `${broken.path} is copied by name (${broken.why}): install the dependencies in the image in place of that COPY.`,
      );
      return {
        ...none,
        dockerfile: install.dockerfile,
        edits: [
          {
            kind: 'replace-lines',
            path: ctx.dockerfilePath,
            line: instr.startLine,
            deleteCount: instr.endLine - instr.startLine + 1,
            insert: install.dockerfile,
          },
        ],
      };
    }
  }
  if (broken !== null) {
    const stage = buildStageEdits(culprit, ctx, target);
    notes.unshift(
      `Keeping ${culprit.path} out of the context would break the build: ${broken.path} is needed (${broken.why}). ` +
        (stage !== null
          ? stage.summary
          : `Rebuild ${culprit.path} for the image's platform in a build stage and copy it from there.`),
    );
    return { ...none, dockerfile: install.dockerfile, edits: stage?.edits ?? [] };
  }
  // The image installs its dependencies before copying the sources already (`poetry install`
  // before `COPY . .`): the ignore line is the whole fix.
  const installs = installsBeforeCopy(culprit, env, ctx) ? [] : install.dockerfile;
  return {
    ignoreLines: lines,
    ignoreFile: ctx.ignoreFile,
    verified: isRemoved(sim, culprit.path),
    removes: { files: sim.files, bytes: sim.bytes },
    dockerfile: installs,
    notes,
    edits: installEdits(culprit, installs, ctx),
  };
}

// A RUN that installs dependencies already: then the ignore line alone is the fix.
const INSTALLS =
  /\b(?:npm (?:ci|install|i)|yarn(?: install)?|pnpm (?:install|i)|bun install|pip3? install|uv (?:sync|pip install)|poetry install|pipenv install)\b/;

/** Package managers that install each kind of environment from the project's manifests. */
const ECOSYSTEMS_OF: Partial<Record<Environment['kind'], ReadonlySet<EcosystemId>>> = {
  node: new Set(['npm', 'yarn', 'pnpm', 'bun']),
  'node-build': new Set(['npm', 'yarn', 'pnpm', 'bun']),
  venv: new Set(['pip', 'uv', 'poetry', 'pipenv']),
  'site-packages': new Set(['pip', 'uv', 'poetry', 'pipenv']),
};

/**
 * The target stage installs the environment's dependencies from its manifests (`poetry install`,
 * `npm ci`; not `npm install -g tool`) before the COPY that brought the culprit in.
 */
function installsBeforeCopy(culprit: CulpritDraft, env: Environment, ctx: FixContext): boolean {
  const model = ctx.model;
  const ecosystems = ECOSYSTEMS_OF[env.kind];
  const stage = model === null || model.target === null ? undefined : model.stages[model.target];
  const copy = stage === undefined ? undefined : copyOf(culprit, stage.instructions);
  if (ecosystems === undefined || stage === undefined || copy === undefined) return false;
  return stage.instructions.some(
    (i) =>
      i.keyword === 'RUN' &&
      i.startLine < copy.startLine &&
      runCommands(i).some((cmd) => {
        const step = classifyStep(cmd);
        return step !== null && step.kind === 'deps' && ecosystems.has(step.ecosystem);
      }),
  );
}

/** The COPY that brought the culprit in: the one on its origin line, else the stage's `COPY . …`. */
function copyOf(culprit: CulpritDraft, instructions: readonly Instruction[]): Instruction | undefined {
  const line = culprit.origin?.method === 'copy' ? culprit.origin.line : null;
  return (
    instructions.find((i) => i.copy !== undefined && i.startLine === line) ??
    instructions.find(
      (i) =>
        i.copy !== undefined &&
        i.copy.from === null &&
        i.copy.sources.some((src) => ['.', './', ''].includes(src.value)),
    )
  );
}

/** The install lines inserted before the COPY that brought the culprit in, unless the stage installs already. */
function installEdits(culprit: CulpritDraft, install: readonly string[], ctx: FixContext): FileEdit[] {
  const model = ctx.model;
  if (install.length === 0 || model === null || ctx.dockerfilePath === null || model.target === null) return [];
  const stage = model.stages[model.target];
  if (stage === undefined || stage.instructions.some((i) => i.keyword === 'RUN' && INSTALLS.test(i.text))) return [];
  const copy = copyOf(culprit, stage.instructions);
  if (copy === undefined) return [];
  return [
    { kind: 'replace-lines', path: ctx.dockerfilePath, line: copy.startLine, deleteCount: 0, insert: [...install] },
  ];
}
