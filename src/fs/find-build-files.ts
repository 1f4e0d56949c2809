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
/** CI definitions (GitHub workflows and actions, GitLab and CircleCI includes) hold no Compose files. */
const CI_DIRS = ['**/.github/**', '**/.gitlab/**', '**/.circleci/**'];

export interface BuildFiles {
  /** Paths relative to the root, "/"-separated, sorted. */
  dockerfiles: string[];
  composeFiles: string[];
  bakeFiles: string[];
}

export function findBuildFiles(root: string): BuildFiles {
  const options = {
    cwd: root,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    caseSensitiveMatch: true,
    // An unreadable directory is left out rather than ending the scan.
    suppressErrors: true,
  };
  const sorted = (paths: string[]): string[] => [...new Set(paths)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    // `Dockerfile.*` also matches the Dockerfile-specific ignore file `Dockerfile.dockerignore`.
    dockerfiles: sorted(fg.sync([...DOCKERFILE_GLOBS], { ...options, ignore: [...SKIPPED_DIRS, '**/*.dockerignore'] })),
    // A CI workflow named for Compose (`.github/workflows/deploy-docker-compose.yml`) is not a Compose file.
    composeFiles: sorted(fg.sync([...COMPOSE_GLOBS], { ...options, ignore: [...SKIPPED_DIRS, ...CI_DIRS] })),
    bakeFiles: sorted(fg.sync([...BAKE_GLOBS], { ...options, ignore: SKIPPED_DIRS })),
  };
}
