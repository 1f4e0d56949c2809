// Types for generate.mjs and check-outcome.mjs.
export interface FuzzCase {
  id: number;
  kind: 'dockerfile' | 'ignore' | 'compose' | 'binary' | 'log';
  files: Record<string, Buffer>;
  argv: string[];
}
export const KINDS: readonly FuzzCase['kind'][];
export function generateCases(options: { seed?: number; count: number; kinds?: readonly string[] }): FuzzCase[];
export function materializeCase(c: FuzzCase, dir: string): string[];
export function mutate(r: unknown, input: Uint8Array, edits?: number): Buffer;
