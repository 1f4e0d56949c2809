// The tree Compose and bake files are read into (yaml-tree.ts), apart from the reader so that code
// which only looks at nodes (a service's mounts, say) does not load `yaml`.

export type YNode = YMap | YSeq | YScalar;

interface YBase {
  /** 1-based line of the node (of its key for a mapping value). */
  line: number;
  /** `!reset`, `!override`, or another explicit tag; undefined when none. */
  tag?: string;
  /** The file the node was read from, when the reader was told. */
  file?: string;
}

export interface YMap extends YBase {
  kind: 'map';
  /** Keys in file order; a later merge-key entry never replaces an explicit one. */
  entries: Map<string, YNode>;
  /** The 1-based line of each key written in this mapping (not of keys a `<<` merge brought). */
  keyLines?: Map<string, number>;
}

export interface YSeq extends YBase {
  kind: 'seq';
  items: YNode[];
}

export interface YScalar extends YBase {
  kind: 'scalar';
  value: string | number | boolean | null;
}

/** The scalar's text as Compose reads it (`8080` → "8080", `true` → "true"); null for null or a collection. */
export function scalarText(node: YNode | undefined): string | null {
  if (node === undefined || node.kind !== 'scalar' || node.value === null) return null;
  return String(node.value);
}
