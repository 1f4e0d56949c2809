// Package managers as the Dockerfile checks see them: which commands install dependencies from
// manifest files, which build the project (fetching dependencies on the way), and which files
// are the manifests, in the order a manifest-first COPY lists them.
import type { SimpleCommand } from '../dockerfile/shell-commands.js';
import { operands, programOf } from './dockerfile-facts.js';

export type EcosystemId =
  | 'pip'
  | 'uv'
  | 'poetry'
  | 'pipenv'
  | 'npm'
  | 'yarn'
  | 'pnpm'
  | 'bun'
  | 'bundler'
  | 'go'
  | 'cargo'
  | 'composer'
  | 'maven'
  | 'gradle';

/** `deps`: installs dependencies from the manifests; `build`: builds the project, fetching dependencies it lacks. */
export type StepKind = 'deps' | 'build';

export interface PackageStep {
  ecosystem: EcosystemId;
  kind: StepKind;
  /** The manifests this command reads, as written relative to its working directory (pip -r files), or null for the ecosystem's own. */
  named: string[] | null;
}

export interface Ecosystem {
  id: EcosystemId;
  /** Manifest and lock files (a trailing "/" marks a directory), in copy order. */
  manifests: readonly string[];
}

export const ECOSYSTEMS: Record<EcosystemId, Ecosystem> = {
  pip: { id: 'pip', manifests: ['requirements.txt', 'pyproject.toml', 'setup.cfg', 'setup.py'] },
  // uv reads .python-version to choose the interpreter; poetry reads poetry.toml for its settings.
  uv: { id: 'uv', manifests: ['pyproject.toml', 'uv.lock', '.python-version'] },
  poetry: { id: 'poetry', manifests: ['pyproject.toml', 'poetry.lock', 'poetry.toml'] },
  pipenv: { id: 'pipenv', manifests: ['Pipfile', 'Pipfile.lock'] },
  // Registry settings (.npmrc), Yarn's own release and plugins, pnpm's hooks: the install reads them.
  npm: { id: 'npm', manifests: ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', '.npmrc'] },
  yarn: {
    id: 'yarn',
    manifests: [
      'package.json',
      'yarn.lock',
      '.yarnrc.yml',
      '.yarnrc',
      '.npmrc',
      '.yarn/releases/',
      '.yarn/plugins/',
      '.yarn/patches/',
    ],
  },
  pnpm: {
    id: 'pnpm',
    manifests: ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc', '.pnpmfile.cjs', 'patches/'],
  },
  bun: { id: 'bun', manifests: ['package.json', 'bun.lock', 'bun.lockb', 'bunfig.toml', '.npmrc'] },
  // A Gemfile often reads the Ruby version from .ruby-version (`ruby file: ".ruby-version"`).
  bundler: { id: 'bundler', manifests: ['Gemfile', 'Gemfile.lock', '.ruby-version'] },
  go: { id: 'go', manifests: ['go.mod', 'go.sum'] },
  cargo: { id: 'cargo', manifests: ['Cargo.toml', 'Cargo.lock', 'rust-toolchain.toml', 'rust-toolchain'] },
  composer: { id: 'composer', manifests: ['composer.json', 'composer.lock', 'auth.json'] },
  maven: { id: 'maven', manifests: ['pom.xml', '.mvn/', 'mvnw'] },
  gradle: {
    id: 'gradle',
    manifests: [
      'settings.gradle',
      'settings.gradle.kts',
      'build.gradle',
      'build.gradle.kts',
      'gradle.properties',
      'gradle/',
      'gradlew',
    ],
  },
};

/** The dependency step of each ecosystem, for the fix text. */
export const DEPS_COMMAND: Record<EcosystemId, string> = {
  pip: 'pip install -r requirements.txt',
  uv: 'uv sync --frozen --no-install-project',
  poetry: 'poetry install --no-root',
  pipenv: 'pipenv install --deploy',
  npm: 'npm ci',
  yarn: 'yarn install --frozen-lockfile',
  pnpm: 'pnpm install --frozen-lockfile',
  bun: 'bun install --frozen-lockfile',
  bundler: 'bundle install',
  go: 'go mod download',
  // Cargo cannot read a manifest whose targets (src/main.rs, src/lib.rs) are missing, so a
  // Cargo.toml alone fetches nothing: cargo-chef's recipe is the dependency-only step.
  cargo: 'cargo chef cook --release --recipe-path recipe.json',
  composer: 'composer install --no-autoloader --no-scripts',
  maven: 'mvn dependency:go-offline',
  gradle: 'gradle dependencies',
};

const PIP = /^pip[0-9.]*$/;
const PYTHON = /^python[0-9.]*$/;

/** `pip install …` arguments, for pip, python -m pip and uv pip; null when the command is not one. */
export function pipInstallArgs(cmd: SimpleCommand): string[] | null {
  const prog = programOf(cmd);
  const w = cmd.words;
  if (PIP.test(prog) && w[1] === 'install') return w.slice(2);
  if (PYTHON.test(prog)) {
    const m = w.indexOf('-m');
    if (m > 0 && w[m + 1] === 'pip' && w[m + 2] === 'install') return w.slice(m + 3);
  }
  if (prog === 'uv' && w[1] === 'pip' && w[2] === 'install') return w.slice(3);
  return null;
}

/** The files `-r FILE`, `-rFILE`, `--requirement FILE` and `--requirement=FILE` name. */
export function requirementFiles(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if ((a === '-r' || a === '--requirement') && args[i + 1] !== undefined) out.push(args[++i]!);
    else if (a.startsWith('--requirement=')) out.push(a.slice('--requirement='.length));
    else if (a.startsWith('-r') && a.length > 2 && !a.startsWith('--')) out.push(a.slice(2));
  }
  return out;
}

/** True for `pip install` arguments that install the project in the working directory (`.`, `-e .`). */
function installsProject(args: readonly string[]): boolean {
  return operands(args).some((a) => a === '.' || a === './' || a.startsWith('.[') || a.startsWith('./['));
}

function hasPackageOperands(args: readonly string[]): boolean {
  return operands(args).length > 0;
}

/** What a command does for dependencies, or null when it installs nothing from manifests. */
export function classifyStep(cmd: SimpleCommand): PackageStep | null {
  const prog = programOf(cmd);
  const w = cmd.words;
  const sub = w[1];
  const pip = pipInstallArgs(cmd);
  if (pip !== null) {
    const ecosystem: EcosystemId = prog === 'uv' ? 'uv' : 'pip';
    const files = requirementFiles(pip);
    if (files.length > 0) return { ecosystem, kind: 'deps', named: files };
    if (installsProject(pip)) return { ecosystem, kind: 'build', named: null };
    return null;
  }
  switch (prog) {
    case 'uv':
      return sub === 'sync' ? { ecosystem: 'uv', kind: 'deps', named: null } : null;
    case 'poetry':
      return sub === 'install' ? { ecosystem: 'poetry', kind: 'deps', named: null } : null;
    case 'pipenv':
      return sub === 'install' || sub === 'sync' ? { ecosystem: 'pipenv', kind: 'deps', named: null } : null;
    case 'npm':
      if (sub === 'ci') return { ecosystem: 'npm', kind: 'deps', named: null };
      if ((sub === 'install' || sub === 'i') && !hasPackageOperands(w.slice(2)))
        return { ecosystem: 'npm', kind: 'deps', named: null };
      return null;
    case 'yarn':
      if (
        sub === undefined ||
        (sub === 'install' && !hasPackageOperands(w.slice(2))) ||
        (sub.startsWith('-') && !hasPackageOperands(w.slice(1)))
      ) {
        return { ecosystem: 'yarn', kind: 'deps', named: null };
      }
      return null;
    case 'pnpm':
      if (sub === 'fetch') return { ecosystem: 'pnpm', kind: 'deps', named: null };
      if ((sub === 'install' || sub === 'i') && !hasPackageOperands(w.slice(2)))
        return { ecosystem: 'pnpm', kind: 'deps', named: null };
      return null;
    case 'bun':
      return (sub === 'install' || sub === 'i') && !hasPackageOperands(w.slice(2))
        ? { ecosystem: 'bun', kind: 'deps', named: null }
        : null;
    case 'bundle':
    case 'bundler':
      return sub === 'install' ? { ecosystem: 'bundler', kind: 'deps', named: null } : null;
    case 'go':
      if (sub === 'mod' && w[2] === 'download') return { ecosystem: 'go', kind: 'deps', named: null };
      if (sub === 'build' || sub === 'install' || sub === 'test' || sub === 'vet' || sub === 'generate')
        return { ecosystem: 'go', kind: 'build', named: null };
      return null;
    case 'cargo':
      if (sub === 'fetch') return { ecosystem: 'cargo', kind: 'deps', named: null };
      // cargo-chef: `prepare` reads the whole tree on purpose (it writes the recipe); `cook` builds the dependencies from the recipe.
      if (sub === 'chef') return w[2] === 'cook' ? { ecosystem: 'cargo', kind: 'deps', named: null } : null;
      if (sub === 'build' || sub === 'test' || (sub === 'install' && w.includes('--path')))
        return { ecosystem: 'cargo', kind: 'build', named: null };
      return null;
    case 'composer':
      return sub === 'install' && !hasPackageOperands(w.slice(2))
        ? { ecosystem: 'composer', kind: 'deps', named: null }
        : null;
    case 'mvn':
    case 'mvnw': {
      const goals = operands(w.slice(1));
      if (goals.some((g) => g.startsWith('dependency:'))) return { ecosystem: 'maven', kind: 'deps', named: null };
      if (goals.some((g) => ['compile', 'package', 'install', 'verify', 'test'].includes(g)))
        return { ecosystem: 'maven', kind: 'build', named: null };
      return null;
    }
    case 'gradle':
    case 'gradlew': {
      const tasks = operands(w.slice(1));
      if (tasks.includes('dependencies') || w.includes('--refresh-dependencies'))
        return { ecosystem: 'gradle', kind: 'deps', named: null };
      if (
        tasks.some((t) =>
          ['build', 'assemble', 'bootJar', 'jar', 'installDist', 'shadowJar', 'compileJava', 'test'].includes(t),
        )
      ) {
        return { ecosystem: 'gradle', kind: 'build', named: null };
      }
      return null;
    }
    default:
      return null;
  }
}

/** apt-get options that take the next word as their value. */
const APT_OPTIONS_WITH_VALUE = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release']);

/** `apt-get`/`apt`/`aptitude` action and its operands (packages), or null for any other command. */
export function aptAction(cmd: SimpleCommand): { action: string; packages: string[] } | null {
  const prog = programOf(cmd);
  if (prog !== 'apt-get' && prog !== 'apt' && prog !== 'aptitude') return null;
  const rest: string[] = [];
  const w = cmd.words;
  for (let i = 1; i < w.length; i++) {
    const word = w[i]!;
    if (APT_OPTIONS_WITH_VALUE.has(word)) {
      i++;
      continue;
    }
    if (!word.startsWith('-')) rest.push(word);
  }
  const [action, ...packages] = rest;
  return action === undefined ? null : { action, packages };
}

/** What an OS package manager command installs or removes: apt, apk, dnf, yum, microdnf, zypper. */
export function osPackageAction(
  cmd: SimpleCommand,
): { manager: string; action: 'install' | 'remove'; packages: string[]; virtual: string | null } | null {
  const apt = aptAction(cmd);
  if (apt !== null) {
    if (apt.action === 'install') return { manager: 'apt', action: 'install', packages: apt.packages, virtual: null };
    if (apt.action === 'purge' || apt.action === 'remove' || apt.action === 'autoremove')
      return { manager: 'apt', action: 'remove', packages: apt.packages, virtual: null };
    return null;
  }
  const prog = programOf(cmd);
  const w = cmd.words;
  if (prog === 'apk') {
    const sub = operands(w.slice(1))[0];
    const virtualAt = w.findIndex((x) => x === '--virtual' || x === '-t');
    const virtual =
      virtualAt > 0
        ? (w[virtualAt + 1] ?? null)
        : (w.find((x) => x.startsWith('--virtual='))?.slice('--virtual='.length) ?? null);
    const packages = operands(w.slice(1))
      .slice(1)
      .filter((p) => p !== virtual);
    if (sub === 'add') return { manager: 'apk', action: 'install', packages, virtual };
    if (sub === 'del') return { manager: 'apk', action: 'remove', packages, virtual: null };
    return null;
  }
  if (prog === 'dnf' || prog === 'yum' || prog === 'microdnf' || prog === 'zypper') {
    const [sub, ...packages] = operands(w.slice(1));
    if (sub === 'install' || sub === 'in') return { manager: prog, action: 'install', packages, virtual: null };
    if (sub === 'remove' || sub === 'erase' || sub === 'rm')
      return { manager: prog, action: 'remove', packages, virtual: null };
  }
  return null;
}

/** npm/yarn/pnpm/bun run these scripts of package.json during an install (npm docs, "scripts": life cycle). */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'] as const;

/** Programs an install script may run that read nothing of the project, or a known fixed input. */
const SCRIPT_TOOLS: Record<string, readonly string[]> = {
  'patch-package': ['patches/'],
  prisma: ['prisma/'],
  husky: [],
  'is-ci': [],
  echo: [],
  true: [],
  exit: [],
  ':': [],
  opencollective: [],
  'opencollective-postinstall': [],
};

/** Wrappers whose operand is the program that really runs. */
const SCRIPT_WRAPPERS = new Set(['npx', 'cross-env', 'pnpm', 'yarn', 'bunx']);

/**
 * What the install scripts of a package.json need from the context besides the manifests, as
 * paths relative to its directory (directories end in "/"); [] when it has none; null when a
 * script runs something that may read any source (a build, `npm run …`, an unknown program): the
 * install then needs the sources and cannot move above their COPY. `exists(rel)` says whether a
 * path relative to the package.json's directory is in the context, and whether it is a directory.
 */
export function installScriptInputs(
  packageJson: string,
  exists: (rel: string) => 'file' | 'dir' | null,
): string[] | null {
  let scripts: unknown;
  try {
    scripts = (JSON.parse(packageJson) as { scripts?: unknown }).scripts;
  } catch {
    return [];
  }
  if (typeof scripts !== 'object' || scripts === null) return [];
  const inputs = new Set<string>();
  for (const name of INSTALL_SCRIPTS) {
    const script = (scripts as Record<string, unknown>)[name];
    if (typeof script !== 'string') continue;
    for (const command of script.split(/&&|\|\||[;|]/)) {
      const words = command
        .trim()
        .split(/\s+/)
        .filter((w) => w !== '' && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
      while (words.length > 1 && SCRIPT_WRAPPERS.has(words[0]!)) words.shift();
      const program = words[0];
      if (program === undefined) continue;
      const known = SCRIPT_TOOLS[program];
      if (known !== undefined) {
        for (const path of known) if (exists(path.replace(/\/$/, '')) !== null) inputs.add(path);
        // `prisma generate --schema other/schema.prisma`
        for (const w of words.slice(1)) {
          const kind = w.startsWith('-') ? null : exists(w.replace(/^\.\//, ''));
          if (kind !== null) inputs.add(w.replace(/^\.\//, '') + (kind === 'dir' ? '/' : ''));
        }
        continue;
      }
      if (program === 'node' && words.length > 1 && !words[1]!.startsWith('-')) {
        const file = words[1]!.replace(/^\.\//, '');
        if (exists(file) !== 'file') return null;
        inputs.add(file);
        continue;
      }
      return null;
    }
  }
  return [...inputs];
}
