import { defineCheck } from '../facts/define-check.js';
import { dockerfilePath } from '../facts/dockerfile-facts.js';
import { isSafeAdvice } from '../facts/suggest-fix.js';

// Without an ignore file everything in the context is eligible: BuildKit sends the whole
// directory for a `COPY . .` (and the classic builder always), with .git, dependency folders,
// virtual environments and local secrets. The suggested lines are common ones whose matches
// exist here, each checked with Docker's matcher, and never one that keeps out a path a COPY
// names explicitly.

const CANDIDATE_LINES: readonly string[] = [
  '.git',
  '**/node_modules',
  '**/__pycache__',
  '**/*.pyc',
  '.venv',
  'venv',
  '**/.pytest_cache',
  '**/.mypy_cache',
  '.tox',
  '**/*.log',
  '**/.DS_Store',
  '.idea',
  '.vscode',
  '**/.env',
  'coverage',
  '.terraform',
];

export default defineCheck({
  meta: {
    id: 'missing-dockerignore',
    title: 'No .dockerignore',
    defaultSeverity: 'warning',
    description:
      'The context has no ignore file, so everything in it is eligible to be sent; a .dockerignore keeps out .git, dependency folders and local files.',
  },
  *run(model) {
    // Only a build has an ignore file to miss: without a Dockerfile there is nothing to judge.
    if (model.ignore !== null || model.dockerfileModel === null) return;
    // Nothing a COPY, ADD or RUN --mount names or copies, nor a file the build or container needs
    // by name, may go (advice-guard.ts).
    const lines: string[] = [];
    for (const line of CANDIDATE_LINES) {
      const sim = model.simulateIgnore([line]);
      if (sim.files > 0 && isSafeAdvice(model, [line], [])) lines.push(line);
    }
    const saved = lines.length > 0 ? model.simulateIgnore(lines) : { files: 0, bytes: 0, removed: [] };
    const sent = model.referenced === null ? null : new Set(model.referenced.map((e) => e.path));
    const sentRemoved = saved.removed.filter((e) => e.type !== 'dir' && (sent === null || sent.has(e.path)));
    const sentBytes = sentRemoved.reduce((n, e) => n + e.size, 0);
    // `.Dockerignore`, `.DockerIgnore`: read on a case-insensitive disk (macOS, Windows), never on Linux or in CI.
    const misnamed =
      model.entries.find((e) => e.type === 'file' && !e.path.includes('/') && e.path.toLowerCase() === '.dockerignore')
        ?.path ?? null;
    const rename =
      misnamed === null
        ? ''
        : `; ${misnamed} is here, but Docker reads only a file named exactly .dockerignore: on a case-sensitive file system (Linux, CI) it is not read, so rename it`;
    yield {
      path: dockerfilePath(model),
      severity: sentRemoved.length > 0 ? 'warning' : 'info',
      message:
        (lines.length > 0
          ? `there is no .dockerignore, so ${saved.files === 1 ? '1 file that does' : `${saved.files} files that do`} not belong in an image ${saved.files === 1 ? 'is' : 'are'} eligible (${lines.join(', ')})` +
            (sentRemoved.length > 0 ? `, ${sentRemoved.length} of them sent for this Dockerfile` : '') +
            `; create .dockerignore with: ${lines.join(', ')}`
          : 'there is no .dockerignore: everything in the context is eligible to be sent (a `COPY . .` takes it all); create one listing what images never need (.git, build output, local environments)') +
        rename,
      data: {
        ignoreLines: lines,
        files: saved.files,
        bytes: saved.bytes,
        sentFiles: sentRemoved.length,
        sentBytes,
        misnamed,
      },
    };
  },
});
