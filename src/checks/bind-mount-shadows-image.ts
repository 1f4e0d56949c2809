import { resolveContainerPath } from '../compose/mounts.js';
import { defineCheck } from '../facts/define-check.js';
import { environmentWants, scanEnvironments } from '../facts/environments.js';
import { imageEnvironments } from '../facts/image-environments.js';
import { baseName } from '../paths.js';

/** `p` relative to the directory `root` (both absolute): "" for the root itself, null outside it. */
function below(root: string, p: string): string | null {
  if (p === root) return '';
  const prefix = root.endsWith('/') ? root : root + '/';
  return p.startsWith(prefix) ? p.slice(prefix.length) : null;
}

const HOST_OS_NAMES = { macos: 'macOS', windows: 'Windows', linux: 'Linux' } as const;

export default defineCheck({
  meta: {
    id: 'bind-mount-shadows-image',
    title: 'Compose bind mount hides the environment the image installed',
    defaultSeverity: 'warning',
    description:
      "A Compose service bind-mounts a host directory over the path where the image installed node_modules or a virtualenv: the container runs the host's copy (or none) instead of the image's.",
  },
  wants: environmentWants,
  *run(model) {
    const mounts = model.mounts;
    if (mounts === undefined || mounts.length === 0 || model.dockerfileModel === null) return;
    const scan = scanEnvironments(model);
    for (const env of imageEnvironments(model.dockerfileModel)) {
      const hit = resolveContainerPath(mounts, env.path);
      // Only a bind from `volumes` hides the directory; a watch rule syncs files, and a volume or an
      // anonymous volume deeper in the path (`- /app/node_modules`) keeps the image's copy.
      if (hit === null || hit.hostPath === null || hit.mount.origin !== 'volumes') continue;
      const mount = hit.mount;
      const rel = below(model.root, hit.hostPath);
      const hostRel = rel === '' ? null : rel;
      const sent = hostRel !== null && model.entryByPath.has(hostRel);
      const excluded =
        hostRel !== null && model.excluded.some((e) => hostRel === e.path || hostRel.startsWith(e.path + '/'));
      const hostEnv = hostRel === null ? null : (scan.environments.find((e) => e.path === hostRel) ?? null);
      const foreign =
        hostEnv !== null &&
        ((hostEnv.hostOs !== null && hostEnv.hostOs !== 'linux') || hostEnv.evidence.some((e) => e.breaks));
      const host = hostRel === null ? 'unknown' : sent || excluded ? 'present' : 'absent';
      const name = baseName(env.path);
      const spec = `${mount.source}:${mount.target}`;
      const what =
        host === 'present'
          ? `the host's ${name}${foreign && hostEnv!.hostOs !== null ? ` (made on ${HOST_OS_NAMES[hostEnv!.hostOs]})` : ''}`
          : host === 'absent'
            ? `the host directory, which has no ${name}, so the container sees none,`
            : 'a host directory';
      yield {
        path: mount.file,
        line: mount.line,
        ...(foreign ? { severity: 'error' as const } : {}),
        message:
          `service "${mount.service}": the bind mount of ${below(model.root, mount.source!) || (mount.source === model.root ? '.' : mount.source)} at ${mount.target} lays ${what} over ${env.path}, ` +
          `which the image installs (${env.how}, Dockerfile:${env.line}); add the anonymous volume "- ${env.path}" after it in the service's volumes to keep the image's ${name}, or mount only the source directories`,
        data: {
          service: mount.service,
          mountSource: mount.source,
          mountTarget: mount.target,
          shadowed: env.path,
          environment: env.kind,
          installedLine: env.line,
          installedBy: env.how,
          hostPath: hostRel,
          host,
          hostOs: hostEnv?.hostOs ?? null,
          foreign,
          composeFix: { volumes: [env.path] },
          spec,
        },
      };
    }
  },
});
