// One Compose file's services in the canonical form files are merged in (compose-go does the same
// before override.Merge): `build: DIR` becomes `build: {context: DIR}`, list forms of `args` and
// `additional_contexts` become mappings, and relative host paths become absolute — resolved from
// the directory Compose resolves them from (the project directory for the files of the project,
// the file's own directory for `extends: {file}` and `include`).
import * as path from 'node:path';
import { isRemoteContext, namedContextKind } from './context-kind.js';
import { isHostPathSource, splitShortVolume } from './mounts.js';
import { scalarText, type YMap, type YNode, type YScalar } from './yaml-nodes.js';

function scalar(value: string, line: number): YScalar {
  return { kind: 'scalar', value, line };
}

/** `KEY=VALUE` list items as a mapping (a bare `KEY` maps to null: its value comes from the environment). */
function listToMap(node: YNode): YNode {
  if (node.kind !== 'seq') return node;
  const entries = new Map<string, YNode>();
  for (const item of node.items) {
    const text = scalarText(item);
    if (text === null) continue;
    const eq = text.indexOf('=');
    entries.set(
      eq < 0 ? text : text.slice(0, eq),
      eq < 0 ? { kind: 'scalar', value: null, line: item.line } : scalar(text.slice(eq + 1), item.line),
    );
  }
  return { kind: 'map', entries, line: node.line, ...(node.tag !== undefined ? { tag: node.tag } : {}) };
}

function withEntry(map: YMap, key: string, value: YNode | undefined): YMap {
  const entries = new Map(map.entries);
  if (value === undefined) entries.delete(key);
  else entries.set(key, value);
  return { ...map, entries };
}

export interface PathBase {
  /** The directory relative host paths are resolved from. */
  dir: string;
  /** `~` in a bind source; null when HOME is unset (the source is then left as written). */
  home: string | null;
}

function absolute(p: string, base: PathBase): string {
  if (p.startsWith('~') && base.home !== null && (p === '~' || p.startsWith('~/')))
    return path.join(base.home, p.slice(1));
  return path.resolve(base.dir, p);
}

function rebaseScalar(node: YNode | undefined, base: PathBase, keep: (s: string) => boolean): YNode | undefined {
  const text = scalarText(node);
  if (node === undefined || text === null || keep(text)) return node;
  return { ...node, value: absolute(text, base) } as YScalar;
}

function normalizeBuild(node: YNode, base: PathBase): YNode {
  if (node.kind === 'scalar' && node.value === null) return node;
  let build: YMap =
    node.kind === 'map'
      ? node
      : {
          kind: 'map',
          entries: new Map([['context', node]]),
          line: node.line,
          ...(node.tag !== undefined ? { tag: node.tag } : {}),
        };
  if (build.entries.has('context'))
    build = withEntry(build, 'context', rebaseScalar(build.entries.get('context'), base, isRemoteContext));
  for (const key of ['args', 'additional_contexts', 'labels']) {
    const v = build.entries.get(key);
    if (v !== undefined) build = withEntry(build, key, listToMap(v));
  }
  const named = build.entries.get('additional_contexts');
  if (named?.kind === 'map') {
    const entries = new Map<string, YNode>();
    for (const [k, v] of named.entries)
      entries.set(k, rebaseScalar(v, base, (s) => namedContextKind(s) !== 'local') ?? v);
    build = withEntry(build, 'additional_contexts', { ...named, entries });
  }
  return build;
}

function normalizeVolume(item: YNode, base: PathBase): YNode {
  if (item.kind === 'map') {
    if ((scalarText(item.entries.get('type')) ?? 'volume') !== 'bind') return item;
    return withEntry(
      item,
      'source',
      rebaseScalar(item.entries.get('source'), base, () => false),
    );
  }
  const spec = scalarText(item);
  const parts = spec === null ? null : splitShortVolume(spec);
  if (parts === null || parts.source === null || !isHostPathSource(parts.source)) return item;
  const source = absolute(parts.source, base);
  return { ...item, value: [source, parts.target, ...(parts.mode !== '' ? [parts.mode] : [])].join(':') } as YScalar;
}

/** One service in canonical form with its host paths absolute. */
export function normalizeService(node: YNode, base: PathBase): YNode {
  if (node.kind !== 'map') return node;
  let service = node;
  const build = service.entries.get('build');
  if (build !== undefined) service = withEntry(service, 'build', normalizeBuild(build, base));
  for (const key of ['environment', 'labels']) {
    const v = service.entries.get(key);
    if (v !== undefined) service = withEntry(service, key, listToMap(v));
  }
  const volumes = service.entries.get('volumes');
  if (volumes?.kind === 'seq')
    service = withEntry(service, 'volumes', { ...volumes, items: volumes.items.map((v) => normalizeVolume(v, base)) });
  const develop = service.entries.get('develop');
  const watch = develop?.kind === 'map' ? develop.entries.get('watch') : undefined;
  if (develop?.kind === 'map' && watch?.kind === 'seq') {
    const rules = watch.items.map((r) =>
      r.kind === 'map'
        ? withEntry(
            r,
            'path',
            rebaseScalar(r.entries.get('path'), base, () => false),
          )
        : r,
    );
    service = withEntry(service, 'develop', withEntry(develop, 'watch', { ...watch, items: rules }));
  }
  return service;
}
