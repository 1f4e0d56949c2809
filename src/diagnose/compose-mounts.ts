// The Compose service that runs the image, and what its mounts show the container: a bind mount of
// a directory of the context brings the host's files in at run time — node_modules and venvs the
// ignore file keeps out of the build included. Read once per run, with bounded reads; a Compose
// file that cannot be read leaves the diagnosis without mounts (it is about the build context).
import * as path from 'node:path';
import type { ComposeMount } from '../compose/mounts.js';
import { loadComposeProject, type ComposeService } from '../compose/project.js';
import type { FileSystem } from '../fs/file-system.js';
import type { ContextMount } from './map-paths.js';

/** A Compose file is read at most this much for the indentation of a mount line. */
const MAX_COMPOSE_BYTES = 4 * 1024 * 1024;

export interface ServiceMounts {
  service: string;
  /** Every mount of the service, in the shape map-paths.ts uses (mount null: a volume, not the host's files). */
  mounts: { target: string; mount: ContextMount | null }[];
  /** Bind mounts of the context's directories, with how their Compose line is indented. */
  binds: (ContextMount & { indent: string; fileInContext: string })[];
}

function isUnder(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Compose services' log prefixes in the input: `web-1  | `, `web_1  | `, `[web] | `. */
function servicesNamedIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^\s*(?:\[([\w.-]{1,128})\]|([A-Za-z0-9][\w.-]{0,127}?)[-_]\d+)\s+\|/gm))
    out.add((m[1] ?? m[2])!);
  return out;
}

/** The service a log is about: named by its prefixes, else the one that builds this context, else one that mounts it. */
function chooseService(services: readonly ComposeService[], root: string, text: string): ComposeService | null {
  const active = services.filter((s) => s.active);
  const builds = active.filter((s) => s.build !== null && !s.build.remote && path.resolve(s.build.context) === root);
  const mounting = active.filter((s) =>
    s.mounts.some((m) => m.kind === 'bind' && m.source !== null && isUnder(m.source, root)),
  );
  const named = servicesNamedIn(text);
  const candidates = [...builds, ...mounting];
  return candidates.find((s) => named.has(s.name)) ?? builds[0] ?? mounting[0] ?? null;
}

/** The mounts of the Compose service that runs the image built from `root`; null without Compose. */
export function readServiceMounts(
  fs: FileSystem,
  cwd: string,
  root: string,
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): ServiceMounts | null {
  let services: ComposeService[];
  try {
    services = loadComposeProject({ fs, cwd, env }).services;
  } catch {
    return null;
  }
  const service = chooseService(services, root, text);
  if (service === null) return null;
  const lines = new Map<string, string[]>();
  const lineOf = (file: string, line: number): string => {
    const abs = path.resolve(cwd, file);
    if (!lines.has(abs)) {
      let text = '';
      try {
        const bytes = fs.readFile(abs, MAX_COMPOSE_BYTES);
        text = bytes === null ? '' : new TextDecoder().decode(bytes);
      } catch {
        text = '';
      }
      lines.set(abs, text.split(/\r?\n/));
    }
    return lines.get(abs)![line - 1] ?? '';
  };
  const out: ServiceMounts = { service: service.name, mounts: [], binds: [] };
  for (const m of service.mounts as ComposeMount[]) {
    if (m.kind !== 'bind' || m.source === null || !isUnder(m.source, root)) {
      out.mounts.push({ target: m.target, mount: null });
      continue;
    }
    const mount: ContextMount = {
      service: service.name,
      source: toPosix(path.relative(root, m.source)),
      target: m.target,
      file: m.file,
      line: m.line,
    };
    out.mounts.push({ target: m.target, mount });
    const indent = /^(\s*-\s*)/.exec(lineOf(m.file, m.line))?.[1] ?? '      - ';
    out.binds.push({ ...mount, indent, fileInContext: toPosix(path.relative(root, path.resolve(cwd, m.file))) });
  }
  return out;
}
