// `buildctx compose [SERVICE...]`: the builds of one Compose project, each analyzed as
// `docker compose build` would run it (its context, Dockerfile, target, args, platform).
import * as path from 'node:path';
import { ComposeError, loadComposeProject } from '../compose/project.js';
import { BuildctxError } from '../errors.js';
import { nodeFileSystem } from '../fs/node-fs.js';
import { analyzeBuilds, buildsOfProject, type ScanBuild, type ScanOptions, type ScanResult } from './scan.js';

export type ComposeOptions = Omit<ScanOptions, 'root' | 'allowOutside'> & {
  /** `-f`: Compose files (relative to cwd), replacing COMPOSE_FILE and the default names. */
  files?: readonly string[];
  /** `--project-directory`. */
  projectDir?: string;
  /** `--env-file`. */
  envFiles?: readonly string[];
  /** `--profile`. */
  profiles?: readonly string[];
  /** Services to analyze (any profile); default every active service with a build. */
  services?: readonly string[];
};

export interface ComposeResult extends ScanResult {
  project: {
    /** The project directory. */
    dir: string;
    /** The Compose files merged, in order, relative to the project directory when inside it. */
    files: string[];
    envFiles: string[];
  };
}

/** Loads the project and finds the builds of its services, without analyzing them. Throws as analyzeComposeProject. */
export function findComposeBuilds(
  options: Pick<ComposeOptions, 'cwd' | 'env' | 'files' | 'projectDir' | 'envFiles' | 'profiles' | 'services'> = {},
): { builds: ScanBuild[]; warnings: string[]; project: ComposeResult['project'] } {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  let project;
  try {
    project = loadComposeProject({
      fs: nodeFileSystem,
      cwd,
      env,
      ...(options.files !== undefined ? { files: options.files } : {}),
      ...(options.projectDir !== undefined ? { projectDir: options.projectDir } : {}),
      ...(options.envFiles !== undefined ? { envFiles: options.envFiles } : {}),
      ...(options.profiles !== undefined ? { profiles: options.profiles } : {}),
    });
  } catch (error) {
    if (error instanceof ComposeError) throw new BuildctxError('input-invalid', `compose: ${error.message}`);
    throw error;
  }
  const root = project.dir;
  const rel = (abs: string): string => {
    const r = path.relative(root, abs);
    return r === '' ? '.' : r.startsWith('..') || path.isAbsolute(r) ? abs : r.split(path.sep).join('/');
  };
  for (const name of options.services ?? []) {
    const service = project.services.find((s) => s.name === name);
    if (service === undefined)
      throw new BuildctxError(
        'usage',
        `compose: no service "${name}" in ${project.files.map(rel).join(' + ')} (services: ${project.services.map((s) => s.name).join(', ') || 'none'})`,
      );
    if (service.build === null)
      throw new BuildctxError(
        'usage',
        `compose: service "${name}" has no build section${service.image !== null ? ` (it runs the image ${service.image})` : ''}`,
      );
  }
  const found = buildsOfProject(project, {
    fs: nodeFileSystem,
    rel,
    ...(options.services !== undefined && options.services.length > 0 ? { services: options.services } : {}),
  });
  return {
    builds: found.builds,
    warnings: [...project.warnings, ...found.warnings],
    project: { dir: root, files: project.files.map(rel), envFiles: project.envFiles.map(rel) },
  };
}

/** Loads the project and analyzes its builds. Throws BuildctxError (exit 2) for a file Compose would refuse or an unknown service. */
export async function analyzeComposeProject(options: ComposeOptions = {}): Promise<ComposeResult> {
  const found = findComposeBuilds(options);
  const {
    files: _f,
    projectDir: _p,
    envFiles: _e,
    profiles: _pr,
    services: _s,
    env: _env,
    ...analyzeOptions
  } = options;
  const root = found.project.dir;
  const builds = await analyzeBuilds(found.builds, { ...analyzeOptions, cwd: root });
  return { root, builds, warnings: found.warnings, project: found.project };
}
