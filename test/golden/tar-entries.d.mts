// Types for tar-entries.mjs.
export interface TarEntry {
  name: Buffer;
  typeflag: string;
  /** Every block before the content: PAX extended header (+ records) and the USTAR block. */
  header: Buffer;
  contentStart: number;
  size: number;
}
export function splitTarEntries(stream: Buffer): { entries: TarEntry[]; trailerOk: boolean };
export const HEADER_FIELDS: readonly (readonly [string, number, number])[];
export function describeHeader(header: Buffer): string;
