// Size and count arguments. Units are exact: kB/MB/GB/TB are powers of 1000, KiB/MiB/GiB/TiB
// powers of 1024; a bare number is bytes.
import { BuildctxError } from '../errors.js';
import type { GrowthSpec } from '../guard/guard.js';

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  ki: 2 ** 10,
  kib: 2 ** 10,
  mi: 2 ** 20,
  mib: 2 ** 20,
  gi: 2 ** 30,
  gib: 2 ** 30,
  ti: 2 ** 40,
  tib: 2 ** 40,
};

const SIZE_RE = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;

/** Parses "500MB", "1.5GiB", "1048576" into a whole number of bytes; throws a usage error. */
export function parseSize(text: string, option: string): number {
  const m = SIZE_RE.exec(text.trim());
  const unit = m === null ? undefined : UNITS[m[2]!.toLowerCase()];
  if (m === null || unit === undefined) {
    throw new BuildctxError('usage', `${option}: "${text}" is not a size (examples: 500MB, 1.5GiB, 1048576)`);
  }
  const bytes = Number(m[1]) * unit;
  if (!Number.isSafeInteger(Math.round(bytes)) || Math.abs(bytes - Math.round(bytes)) > 1e-6) {
    throw new BuildctxError('usage', `${option}: "${text}" is not a whole number of bytes`);
  }
  return Math.round(bytes);
}

/** Parses a non-negative integer argument; throws a usage error. */
export function parseCount(text: string, option: string): number {
  if (!/^\d+$/.test(text.trim())) throw new BuildctxError('usage', `${option}: "${text}" is not a whole number`);
  const n = Number(text.trim());
  if (!Number.isSafeInteger(n)) throw new BuildctxError('usage', `${option}: "${text}" is too large`);
  return n;
}

const PERCENT_RE = /^(\d+(?:\.\d+)?|\.\d+)\s*%$/;

/** Parses `--max-growth`: a size ("10MB", as parseSize) or a percentage of the baseline ("5%", "2.5%"). */
export function parseGrowth(text: string, option: string): GrowthSpec {
  const m = PERCENT_RE.exec(text.trim());
  if (m !== null) return { percent: Number(m[1]) };
  if (text.trim().endsWith('%'))
    throw new BuildctxError('usage', `${option}: "${text}" is not a percentage (examples: 5%, 2.5%)`);
  return { bytes: parseSize(text, option) };
}
