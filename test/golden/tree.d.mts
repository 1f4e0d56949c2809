// Types for tree.mjs (plain JavaScript so the data generators run without a build step).

export type TreeEntryType = 'file' | 'dir' | 'symlink' | 'fifo' | 'char' | 'block';

/** One recorded entry of a directory tree; paths are context-relative, "/"-separated. */
export interface TreeEntry {
  /** Path in the project's path dialect (invalid UTF-8 byte → U+DC80+byte). */
  path: string;
  /** Exact name bytes, present only when they are not valid UTF-8. */
  pathBase64?: string;
  type: TreeEntryType;
  /** Regular files: size in bytes (content is `contentBase64` or that many "x" bytes). */
  size?: number;
  /** Regular files: exact content (used for the .dockerignore). */
  contentBase64?: string;
  /** Regular files created by truncation (holes, no data blocks). */
  sparse?: boolean;
  /** Symlinks: target in the path dialect, and its exact bytes when not valid UTF-8. */
  target?: string;
  targetBase64?: string;
  /** Permission bits incl. setuid/setgid/sticky (not for symlinks). */
  mode?: number;
  /** Modification time, milliseconds since the epoch (may be negative). */
  mtimeMs?: number;
  /** Non-directories sharing one inode carry the same group number (the first is created, the rest linked). */
  hardlinkGroup?: number;
  /** Devices: [major, minor]. */
  rdev?: [number, number];
}

export function decodeGoName(bytes: Uint8Array): string;
export function encodeDialect(text: string): Buffer;
export function bytesFields<K extends string>(key: K, bytes: Buffer): Record<string, string>;
export function fieldBytes(text: string, base64: string | undefined): Buffer;
export function sameRecords(a: readonly object[], b: readonly object[]): boolean;
export function canMakeDevices(): boolean;
/** Removes the FIFOs made ahead for materializeTree and not used yet. */
export function removeFifoPool(): void;
export function materializeTree(tree: readonly TreeEntry[], dir?: string): string;
export function describeTree(
  root: string,
  options?: { meta?: boolean; contentOf?: (relBytes: Buffer, absBytes: Buffer) => Buffer | undefined },
): TreeEntry[];
