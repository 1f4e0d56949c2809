// Merging Compose files (compose-spec merge.md): mappings merge key by key, sequences append,
// `command`/`entrypoint`/`healthcheck.test` are replaced, `volumes` are unique by target, and the
// `!reset` / `!override` tags remove or replace a value. Paths are matched on the normalized tree
// (build as a mapping, args and additional_contexts as mappings — see normalize.ts).
import { volumeTarget } from './mounts.js';
import type { YMap, YNode, YSeq } from './yaml-nodes.js';

const REPLACED = new Set(['services.*.command', 'services.*.entrypoint', 'services.*.healthcheck.test']);

function pattern(where: readonly string[]): string {
  return where.map((k, i) => (i === 1 && where[0] === 'services' ? '*' : k)).join('.');
}

function untagged(node: YNode): YNode {
  if (node.tag === '!override' || node.tag === '!reset') {
    const { tag: _tag, ...rest } = node;
    return rest as YNode;
  }
  return node;
}

/** A tree with every `!reset` removed and `!override` tags dropped (what a single file means). */
export function stripMergeTags(node: YNode): YNode | undefined {
  if (node.tag === '!reset') return undefined;
  const n = untagged(node);
  if (n.kind === 'map') {
    const entries = new Map<string, YNode>();
    for (const [k, v] of n.entries) {
      const s = stripMergeTags(v);
      if (s !== undefined) entries.set(k, s);
    }
    return { ...n, entries };
  }
  if (n.kind === 'seq') return { ...n, items: n.items.flatMap((i) => stripMergeTags(i) ?? []) };
  return n;
}

function scalarKey(node: YNode): string | null {
  return node.kind === 'scalar' ? String(node.value) : null;
}

function mergeVolumes(base: YSeq, over: YSeq): YSeq {
  const items = [...base.items];
  for (const item of over.items) {
    const target = volumeTarget(item);
    const at = target === null ? -1 : items.findIndex((b) => volumeTarget(b) === target);
    if (at >= 0) items[at] = item;
    else items.push(item);
  }
  return { ...over, items };
}

function appendUnique(base: YSeq, over: YSeq): YSeq {
  const seen = new Set(base.items.map(scalarKey).filter((k): k is string => k !== null));
  const items = [...base.items];
  for (const item of over.items) {
    const k = scalarKey(item);
    if (k !== null && seen.has(k)) continue;
    if (k !== null) seen.add(k);
    items.push(item);
  }
  return { ...over, items };
}

/** `over` merged onto `base`; undefined when the result is removed (`!reset`). */
export function mergeNodes(base: YNode | undefined, over: YNode, where: readonly string[] = []): YNode | undefined {
  if (over.tag === '!reset') return undefined;
  if (over.tag === '!override' || base === undefined) return stripMergeTags(over);
  if (base.kind === 'map' && over.kind === 'map') return mergeMaps(base, over, where);
  if (base.kind === 'seq' && over.kind === 'seq') {
    const p = pattern(where);
    if (REPLACED.has(p)) return stripMergeTags(over);
    const stripped = stripMergeTags(over) as YSeq;
    if (p === 'services.*.volumes') return mergeVolumes(base, stripped);
    return appendUnique(base, stripped);
  }
  return stripMergeTags(over);
}

export function mergeMaps(base: YMap, over: YMap, where: readonly string[] = []): YMap {
  const entries = new Map(base.entries);
  for (const [k, v] of over.entries) {
    const merged = mergeNodes(entries.get(k), v, [...where, k]);
    if (merged === undefined) entries.delete(k);
    else entries.set(k, merged);
  }
  return { ...base, entries };
}
