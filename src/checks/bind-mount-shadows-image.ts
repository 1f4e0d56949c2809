import { resolveContainerPath } from '../compose/mounts.js';
import { defineCheck } from '../facts/define-check.js';
import type { CheckModel } from '../facts/check-model.js';
import { environmentWants, scanEnvironments, type HostOs } from '../facts/environments.js';
import { imageEnvironments } from '../facts/image-environments.js';
import { baseName } from '../paths.js';

/** `p` relative to the directory `root` (both absolute): "" for the root itself, null outside it. */
function below(root: string, p: string): string | null {
  if (p === root) return '';
  const prefix = root.endsWith('/') ? root : root + '/';
  return p.startsWith(prefix) ? p.slice(prefix.length) : null;
}

const HOST_OS_NAMES = { macos: 'macOS', windows: 'Windows', linux: 'Linux' } as const;

/**
 * npm packages that a node_modules holds only when npm ran on macOS or Windows (their package.json
 * `os`): fsevents (chokidar's, so vite's, webpack's, jest's) and the platform builds of esbuild,
 * rollup, SWC, Next.js, lightningcss and @parcel/watcher. Their package.json is read even when the
 * ignore file keeps node_modules out of the build: the bind mount hands it to the container anyway.
 */
const HOST_ONLY_PACKAGES: Readonly<Record<string, HostOs>> = {
  fsevents: 'macos',
  '@esbuild/darwin-arm64': 'macos',
  '@esbuild/darwin-x64': 'macos',
  '@esbuild/win32-x64': 'windows',
  '@rollup/rollup-darwin-arm64': 'macos',
  '@rollup/rollup-darwin-x64': 'macos',
  '@rollup/rollup-win32-x64-msvc': 'windows',
  '@swc/core-darwin-arm64': 'macos',
  '@swc/core-darwin-x64': 'macos',
  '@swc/core-win32-x64-msvc': 'windows',
  '@next/swc-darwin-arm64': 'macos',
  '@next/swc-darwin-x64': 'macos',
  '@next/swc-win32-x64-msvc': 'windows',
  'lightningcss-darwin-arm64': 'macos',
  'lightningcss-darwin-x64': 'macos',
  'lightningcss-win32-x64-msvc': 'windows',
  '@parcel/watcher-darwin-arm64': 'macos',
  '@parcel/watcher-darwin-x64': 'macos',
  '@parcel/watcher-win32-x64': 'windows',
};
const HOST_ONLY_MARKERS = Object.keys(HOST_ONLY_PACKAGES).map((name) => `node_modules/${name}/package.json`);

/** A host-only npm package in the context's node_modules (sent or not), and the OS it says npm ran on. */
function hostOnlyPackage(model: CheckModel, hostRel: string): { name: string; os: HostOs } | null {
  if (hostRel !== 'node_modules') return null;
  for (const [name, os] of Object.entries(HOST_ONLY_PACKAGES))
    if (model.texts.has(`node_modules/${name}/package.json`)) return { name, os };
  return null;
}

export default defineCheck({
  meta: {
    id: 'bind-mount-shadows-image',
    title: 'Compose bind mount hides the environment the image installed',
    defaultSeverity: 'warning',
    description:
      "A Compose service bind-mounts a host directory over the path where the image installed node_modules or a virtualenv: the container runs the host's copy (or none) instead of the image's.",
  },
  wants: environmentWants,
  wantsPaths: HOST_ONLY_MARKERS,
  *run(model) {
    const mounts = model.mounts;
    if (mounts === undefined || mounts.length === 0 || model.dockerfileModel === null) return;
    const scan = scanEnvironments(model);
    for (const env of imageEnvironments(model)) {
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
      const marker = hostEnv === null && hostRel !== null ? hostOnlyPackage(model, hostRel) : null;
      const hostOs = hostEnv?.hostOs ?? marker?.os ?? null;
      const foreign =
        marker !== null ||
        (hostEnv !== null &&
          ((hostEnv.hostOs !== null && hostEnv.hostOs !== 'linux') || hostEnv.evidence.some((e) => e.breaks)));
      const host = hostRel === null ? 'unknown' : sent || excluded ? 'present' : 'absent';
      const name = baseName(env.path);
      const spec = `${mount.source}:${mount.target}`;
      const what =
        host === 'present'
          ? `the host's ${name}${foreign && hostOs !== null ? ` (made on ${HOST_OS_NAMES[hostOs]}${marker !== null ? `: it holds ${marker.name}` : ''})` : ''}`
          : host === 'absent'
            ? `the host directory, which has no ${name}, so the container sees none,`
            : 'a host directory';
      yield {
        path: mount.file,
        line: mount.line,
        ...(foreign ? { severity: 'error' as const } : {}),
        message:
          `service "${mount.service}": the bind mount of ${mount.source === model.root ? `the build context (${mount.source})` : (below(model.root, mount.source!) ?? mount.source)} at ${mount.target} lays ${what} over ${env.path}, ` +
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
          hostOs,
          hostOnlyPackage: marker?.name ?? null,
          foreign,
          composeFix: { volumes: [env.path] },
          spec,
        },
      };
    }
  },
});
