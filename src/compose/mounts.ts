// What a service's container sees from the host: `volumes` (short `SRC:DST[:MODE]` and long
// syntax, compose-spec services.md#volumes) and `develop.watch` sync rules (develop.md), each a
// mount of a host path or a volume at a container path. Relative host paths are already absolute
// when they get here (the project loader rebases them on the directory Compose resolves them from).
import * as path from 'node:path';
import { scalarText, type YNode } from './yaml-nodes.js';

export type MountKind = 'bind' | 'volume' | 'anonymous' | 'tmpfs';

export interface ComposeMount {
  service: string;
  kind: MountKind;
  /** bind: the absolute host path; volume: its name; anonymous and tmpfs: null. */
  source: string | null;
  /** The absolute container path, POSIX, cleaned. */
  target: string;
  readOnly: boolean;
  /** `volumes`, or a `develop.watch` rule whose action syncs files into the container. */
  origin: 'volumes' | 'develop.watch';
  /** The Compose file and 1-based line that declare it. */
  file: string;
  line: number;
}

/** Watch actions that copy host files to `target` (develop.md: sync, sync+restart, sync+exec). */
const SYNC_ACTIONS = new Set(['sync', 'sync+restart', 'sync+exec']);

function cleanTarget(target: string): string {
  return path.posix.normalize(target).replace(/(.)\/+$/, '$1');
}

/** A short-syntax source is a host path when it starts like one (compose-spec: `.`, `..`, `/`, `~`). */
export function isHostPathSource(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
}

/**
 * Splits `SRC:DST[:MODE]`. Go's loader splits on ":" but keeps a Windows drive letter; Linux
 * containers are what this tool models, so only POSIX sources are taken apart.
 */
export function splitShortVolume(spec: string): { source: string | null; target: string; mode: string } | null {
  const parts = spec.split(':');
  if (parts.length === 1) return { source: null, target: parts[0]!, mode: '' };
  if (parts.length === 2) return { source: parts[0]!, target: parts[1]!, mode: '' };
  if (parts.length === 3) return { source: parts[0]!, target: parts[1]!, mode: parts[2]! };
  return null;
}

/** The container path a `volumes` item mounts at (the key Compose merges volumes by); null when unreadable. */
export function volumeTarget(item: YNode): string | null {
  if (item.kind === 'map') {
    const t = scalarText(item.entries.get('target'));
    return t === null ? null : cleanTarget(t);
  }
  const spec = scalarText(item);
  if (spec === null) return null;
  const parts = splitShortVolume(spec);
  return parts === null || parts.target === '' ? null : cleanTarget(parts.target);
}

/** The mounts of one service node (after merge and path rebasing). */
export function readMounts(service: string, node: YNode, file: string): { mounts: ComposeMount[]; warnings: string[] } {
  const mounts: ComposeMount[] = [];
  const warnings: string[] = [];
  if (node.kind !== 'map') return { mounts, warnings };
  const volumes = node.entries.get('volumes');
  if (volumes?.kind === 'seq') {
    for (const item of volumes.items) {
      const at = { service, origin: 'volumes' as const, file: item.file ?? file, line: item.line };
      if (item.kind === 'map') {
        const type = scalarText(item.entries.get('type')) ?? 'volume';
        const target = volumeTarget(item);
        if (target === null) {
          warnings.push(`line ${item.line}: service "${service}": a volume without a target`);
          continue;
        }
        const source = scalarText(item.entries.get('source'));
        const readOnly =
          item.entries.get('read_only')?.kind === 'scalar' &&
          (item.entries.get('read_only') as { value: unknown }).value === true;
        if (type === 'bind' && source !== null) mounts.push({ ...at, kind: 'bind', source, target, readOnly });
        else if (type === 'volume')
          mounts.push({
            ...at,
            kind: source === null || source === '' ? 'anonymous' : 'volume',
            source: source || null,
            target,
            readOnly,
          });
        else if (type === 'tmpfs') mounts.push({ ...at, kind: 'tmpfs', source: null, target, readOnly });
        continue;
      }
      const spec = scalarText(item);
      const parts = spec === null ? null : splitShortVolume(spec);
      if (parts === null || parts.target === '' || !parts.target.startsWith('/')) {
        warnings.push(
          `line ${item.line}: service "${service}": volume ${JSON.stringify(spec)} is not SOURCE:TARGET[:MODE]`,
        );
        continue;
      }
      const target = cleanTarget(parts.target);
      const readOnly = parts.mode.split(',').includes('ro');
      if (parts.source === null || parts.source === '')
        mounts.push({ ...at, kind: 'anonymous', source: null, target, readOnly });
      else if (isHostPathSource(parts.source))
        mounts.push({ ...at, kind: 'bind', source: parts.source, target, readOnly });
      else mounts.push({ ...at, kind: 'volume', source: parts.source, target, readOnly });
    }
  }
  const develop = node.entries.get('develop');
  const watch = develop?.kind === 'map' ? develop.entries.get('watch') : undefined;
  if (watch?.kind === 'seq') {
    for (const rule of watch.items) {
      if (rule.kind !== 'map') continue;
      const action = scalarText(rule.entries.get('action'));
      const source = scalarText(rule.entries.get('path'));
      const target = scalarText(rule.entries.get('target'));
      if (action === null || !SYNC_ACTIONS.has(action) || source === null || target === null || !target.startsWith('/'))
        continue;
      mounts.push({
        service,
        kind: 'bind',
        source,
        target: cleanTarget(target),
        readOnly: false,
        origin: 'develop.watch',
        file: rule.file ?? file,
        line: rule.line,
      });
    }
  }
  return { mounts, warnings };
}

function isUnder(p: string, dir: string): boolean {
  return p === dir || dir === '/' || p.startsWith(dir + '/');
}

/**
 * Which mount a container path lies under, and the host file it is then: the deepest mount target
 * wins, as the kernel stacks them (`.:/app` then `/app/node_modules` — the second hides the first
 * below it). hostPath is null when that mount is not a bind (a volume's or the image's own file).
 */
export function resolveContainerPath(
  mounts: readonly ComposeMount[],
  containerPath: string,
): { mount: ComposeMount; hostPath: string | null } | null {
  const p = cleanTarget(containerPath.startsWith('/') ? containerPath : '/' + containerPath);
  let best: ComposeMount | null = null;
  for (const m of mounts) {
    if (!isUnder(p, m.target)) continue;
    // Among equal targets the later one wins (Compose merges volumes by target; watch rules come last).
    if (best === null || m.target.length >= best.target.length) best = m;
  }
  if (best === null) return null;
  if (best.kind !== 'bind' || best.source === null) return { mount: best, hostPath: null };
  const below = p === best.target ? '' : p.slice(best.target === '/' ? 1 : best.target.length + 1);
  return { mount: best, hostPath: below === '' ? best.source : path.join(best.source, below) };
}
