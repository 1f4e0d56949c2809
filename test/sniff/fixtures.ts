// Access to fixtures/binaries for the sniffer tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDockerPlatform, type TargetPlatform } from '../../src/sniff/platform.js';
import { sniffBytes } from '../../src/sniff/sniff.js';
import type { Sniffed } from '../../src/sniff/sniffed.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/binaries/', import.meta.url));
const HEAD_BYTES = 4096;

export function fixtureBytes(name: string): Buffer {
  return readFileSync(FIXTURE_DIR + name);
}

/** Positional reads over a buffer with the same contract as the fs reader. */
export function readAtOf(bytes: Uint8Array): (offset: number, length: number) => Uint8Array | null {
  return (offset, length) => (offset >= 0 && offset <= bytes.length ? bytes.subarray(offset, offset + length) : null);
}

/** Sniffs a fixture the way the scanner will: a 4 KiB head plus positional reads. */
export function sniffFixture(name: string, opts: { withReadAt?: boolean } = {}): Sniffed {
  const bytes = fixtureBytes(name);
  return sniffBytes(
    bytes.subarray(0, HEAD_BYTES),
    bytes.length,
    opts.withReadAt === false ? undefined : readAtOf(bytes),
  );
}

interface FileOutput {
  file: string;
  files: Record<string, string>;
}

export interface LoaderRecord {
  glibc: string;
  musl: string;
  exec?: { exitCode: number; stderr: string };
}

export const fileOutput = JSON.parse(readFileSync(FIXTURE_DIR + 'file-output.json', 'utf8')) as FileOutput;
export const loaderOutput = JSON.parse(readFileSync(FIXTURE_DIR + 'loader-output.json', 'utf8')) as {
  files: Record<string, LoaderRecord>;
};

/** Every fixture, sorted. */
export const FIXTURE_NAMES = Object.keys(fileOutput.files).sort();

/** Narrows a sniff result to one format or fails the test. */
export function as<F extends Sniffed['format']>(s: Sniffed, format: F): Extract<Sniffed, { format: F }> {
  if (s.format !== format) throw new Error(`expected ${format}, got ${s.format}`);
  return s as Extract<Sniffed, { format: F }>;
}

/** A parsed Docker platform, or the test fails. */
export function target(spec: string): TargetPlatform {
  const p = parseDockerPlatform(spec);
  if (!p.ok) throw new Error(p.reason);
  return p.platform;
}
