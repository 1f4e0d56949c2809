// Finds the files that declare builds below a directory: Dockerfiles, Compose and bake files. The one
// place that globs the disk (fast-glob); everything after works on the paths it returns.
import fg from 'fast-glob';

/** Dockerfile names BuildKit users give them: `Dockerfile`, `app.Dockerfile`, `Dockerfile.dev`. */
export const DOCKERFILE_GLOBS = ['**/Dockerfile', '**/*.Dockerfile', '**/Dockerfile.*'] as const;
/** The names `docker compose` looks for, their overrides, and other Compose files (`docker-compose.prod.yml`, `app.compose.yaml`). */
export const COMPOSE_GLOBS = ['**/*compose*.yaml', '**/*compose*.yml'] as const;
/** `docker buildx bake` files: the default names, their overrides, and others (`docker-bake.print.json`). */
export const BAKE_GLOBS = ['**/docker-bake*.json', '**/docker-bake*.hcl'] as const;
/** Dependency trees and git's own directory hold no builds of the repository. */
const SKIPPED_DIRS = ['**/node_modules/**', '**/.git/**'];

export interface BuildFiles {
  /** Paths relative to the root, "/"-separated, sorted: regular files and symlinks (`Dockerfile -> docker/Dockerfile.debian`). */
  dockerfiles: string[];
  composeFiles: string[];
  bakeFiles: string[];
}

/** The name patterns of the globs above, on a base name (a glob's `*` never crosses a "/"; dot: true). */
const DOCKERFILE_NAME = /^(?:Dockerfile|.*\.Dockerfile|Dockerfile\..*)$/s;
const COMPOSE_NAME = /^.*compose.*\.ya?ml$/s;
const BAKE_NAME = /^docker-bake.*\.(?:json|hcl)$/s;
/** CI definitions (GitHub workflows and actions, GitLab and CircleCI includes) hold no Compose files. */
const CI_DIR_NAMES = new Set(['.github', '.gitlab', '.circleci']);

/**
 * One walk of the tree for all three kinds (the globs together, node_modules and .git skipped),
 * each path then sorted into its kind by its name as its own glob would take it: the same lists as
 * three walks with the globs one kind at a time.
 */
export function findBuildFiles(root: string): BuildFiles {
  const found = fg.sync([...DOCKERFILE_GLOBS, ...COMPOSE_GLOBS, ...BAKE_GLOBS], {
    cwd: root,
    dot: true,
    onlyFiles: false,
    objectMode: true,
    followSymbolicLinks: false,
    caseSensitiveMatch: true,
    // An unreadable directory is left out rather than ending the scan.
    suppressErrors: true,
    ignore: SKIPPED_DIRS,
  });
  const dockerfiles: string[] = [];
  const composeFiles: string[] = [];
  const bakeFiles: string[] = [];
  for (const e of found) {
    const slash = e.path.lastIndexOf('/');
    const name = e.path.slice(slash + 1);
    const isFile = e.dirent.isFile();
    // A symlinked Dockerfile is a build too (Docker reads through the link); the scan decides where it leads.
    // `Dockerfile.*` also matches the Dockerfile-specific ignore file `Dockerfile.dockerignore`.
    if (DOCKERFILE_NAME.test(name) && !name.endsWith('.dockerignore') && (isFile || e.dirent.isSymbolicLink()))
      dockerfiles.push(e.path);
    if (!isFile) continue;
    // A CI workflow named for Compose (`.github/workflows/deploy-docker-compose.yml`) is not a Compose file.
    if (
      COMPOSE_NAME.test(name) &&
      !e.path
        .split('/')
        .slice(0, -1)
        .some((d) => CI_DIR_NAMES.has(d))
    )
      composeFiles.push(e.path);
    if (BAKE_NAME.test(name)) bakeFiles.push(e.path);
  }
  const sorted = (paths: string[]): string[] => [...new Set(paths)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { dockerfiles: sorted(dockerfiles), composeFiles: sorted(composeFiles), bakeFiles: sorted(bakeFiles) };
}
