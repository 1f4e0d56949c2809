// Dockerfile changes findings suggest where an ignore line cannot help because the Dockerfile
// names the files: built as edits (types.ts DockerfileChange) that `applyDockerfileChange`
// applies, so tests can apply them and analyse the result. Pure.
import type { Instruction } from '../dockerfile/model.js';
import type { DockerfileChange } from '../types.js';
import { baseName, parentOf } from '../paths.js';
import { protectedPaths } from './advice-guard.js';
import type { CheckModel } from './check-model.js';
import type { Environment, EnvironmentKind } from './environments.js';

interface Installer {
  /** The lock file or manifest that picks this tool. */
  manifest: string;
  /** Files copied before the install, those that exist. */
  copy: string[];
  tool: string;
  /** The command, run in the directory that holds the environment; `$ENV` is the environment's image path. */
  run: string;
}

// The project's own tool, from its lock files, most specific first. Each creates the environment
// at the path the Dockerfile copied it to, so PATH / VIRTUAL_ENV settings keep working.
const INSTALLERS: Partial<Record<EnvironmentKind, Installer[]>> = {
  'node-modules': [
    {
      manifest: 'package-lock.json',
      copy: ['package.json', 'package-lock.json', '.npmrc'],
      tool: 'npm',
      run: 'npm ci',
    },
    {
      manifest: 'npm-shrinkwrap.json',
      copy: ['package.json', 'npm-shrinkwrap.json', '.npmrc'],
      tool: 'npm',
      run: 'npm ci',
    },
    {
      manifest: 'yarn.lock',
      copy: ['package.json', 'yarn.lock', '.yarnrc.yml', '.npmrc'],
      tool: 'yarn',
      run: 'yarn install --frozen-lockfile',
    },
    {
      manifest: 'pnpm-lock.yaml',
      copy: ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc'],
      tool: 'pnpm',
      run: 'pnpm install --frozen-lockfile',
    },
    {
      manifest: 'bun.lock',
      copy: ['package.json', 'bun.lock', 'bunfig.toml'],
      tool: 'bun',
      run: 'bun install --frozen-lockfile',
    },
  ],
  'python-venv': [
    {
      manifest: 'uv.lock',
      copy: ['pyproject.toml', 'uv.lock', '.python-version'],
      tool: 'uv',
      run: 'UV_PROJECT_ENVIRONMENT=$ENV uv sync --frozen --no-install-project',
    },
    {
      manifest: 'poetry.lock',
      copy: ['pyproject.toml', 'poetry.lock'],
      tool: 'poetry',
      run: 'python -m venv $ENV && VIRTUAL_ENV=$ENV poetry install --no-root',
    },
    {
      manifest: 'Pipfile.lock',
      copy: ['Pipfile', 'Pipfile.lock'],
      tool: 'pipenv',
      run: 'python -m venv $ENV && VIRTUAL_ENV=$ENV pipenv install --deploy',
    },
    {
      manifest: 'requirements.txt',
      copy: ['requirements.txt'],
      tool: 'pip',
      run: 'python -m venv $ENV && $ENV/bin/pip install --no-cache-dir -r requirements.txt',
    },
  ],
};

function instructionAt(model: CheckModel, line: number): Instruction | null {
  for (const stage of model.dockerfileModel?.stages ?? []) {
    for (const instr of stage.instructions) if (instr.startLine === line) return instr;
  }
  return null;
}

/**
 * For an environment the Dockerfile copies by name (`COPY node_modules ./node_modules`, `COPY
 * .venv /app/.venv`): replace that COPY with the project's manifests and an install by its own
 * tool into the same image path. Null when the Dockerfile does not name it, no lock file picks a
 * tool, or the COPY does more than copy this one environment to a path of the same name.
 */
export function installInImageChange(model: CheckModel, env: Environment): DockerfileChange | null {
  const installers = INSTALLERS[env.kind];
  if (installers === undefined || model.dockerfile.path === null) return null;
  const source = protectedPaths(model.dockerfileModel, model.entries).named.get(env.path);
  if (source === undefined || source.kind !== 'copy' || source.destination === null || source.destinationFromImage)
    return null;
  const instr = instructionAt(model, source.line);
  const copy = instr?.copy;
  if (instr === null || copy === undefined || copy.sources.length !== 1 || copy.parents) return null;
  const envImagePath = source.destination.replace(/\/+$/, '');
  if (baseName(envImagePath) !== baseName(env.path) || envImagePath === '') return null;
  const installDir = parentOf(envImagePath.slice(1)) === '' ? '/' : '/' + parentOf(envImagePath.slice(1));
  const dir = parentOf(env.path);
  const at = (name: string): string => (dir === '' ? name : `${dir}/${name}`);
  const installer = installers.find((i) => model.entryByPath.get(at(i.manifest))?.type === 'file');
  if (installer === undefined) return null;
  const manifests = installer.copy.map(at).filter((p) => model.entryByPath.get(p)?.type === 'file');
  const flags = [copy.chown !== null ? `--chown=${copy.chown}` : '', copy.chmod !== null ? `--chmod=${copy.chmod}` : '']
    .filter((f) => f !== '')
    .map((f) => f + ' ')
    .join('');
  const run = installer.run.replaceAll('$ENV', envImagePath);
  const insert = [
    `COPY ${flags}${manifests.join(' ')} ${installDir === '/' ? '/' : installDir + '/'}`,
    `RUN cd ${installDir} && ${run}`,
  ];
  return {
    kind: 'install-in-image',
    dockerfile: model.dockerfile.path,
    summary: `install the dependencies in the image with ${installer.tool} instead of copying ${env.path}: replace line ${instr.startLine} with ${insert.map((l) => `\`${l}\``).join(' and ')}`,
    edits: [{ line: instr.startLine, deleteCount: instr.endLine - instr.startLine + 1, insert }],
    tool: installer.tool,
    manifests,
  };
}
