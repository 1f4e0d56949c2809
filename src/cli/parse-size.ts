// Size and count arguments. Units are exact: kB/MB/GB/TB are powers of 1000, KiB/MiB/GiB/TiB
// powers of 1024; a bare number is bytes.
import { BuildctxError } from '../errors.js';
import type { GrowthSpec } from '../guard/guard.js';

/** The power of the unit: 1000^n for B, kB, MB, GB, TB; 1024^n for KiB, MiB, GiB, TiB. */
const UNITS: Record<string, { base: 1000n | 1024n; power: number }> = {
  '': { base: 1000n, power: 0 },
  b: { base: 1000n, power: 0 },
  k: { base: 1000n, power: 1 },
  kb: { base: 1000n, power: 1 },
  m: { base: 1000n, power: 2 },
  mb: { base: 1000n, power: 2 },
  g: { base: 1000n, power: 3 },
  gb: { base: 1000n, power: 3 },
  t: { base: 1000n, power: 4 },
  tb: { base: 1000n, power: 4 },
  ki: { base: 1024n, power: 1 },
  kib: { base: 1024n, power: 1 },
  mi: { base: 1024n, power: 2 },
  mib: { base: 1024n, power: 2 },
  gi: { base: 1024n, power: 3 },
  gib: { base: 1024n, power: 3 },
  ti: { base: 1024n, power: 4 },
  tib: { base: 1024n, power: 4 },
};

/**
 * Digits before the point: 15 for bytes, 3 fewer per unit step (12 with k/Ki, 9 with M/Mi, 6 with
 * G/Gi, 3 with T/Ti), so every size stays a safe integer (999 TiB < 2^53) and the JSON Schema's
 * pattern (src/cli/config-schema.json) can say the same thing.
 */
const MAX_INTEGER_DIGITS = 15;

/**
 * Beyond 40 decimals a fraction cannot change the whole number of bytes: x × 1024^4 is whole only
 * when x = k / 2^40, which has at most 40 decimals, so cutting after 40 keeps the floor exact.
 */
const FRACTION_DIGITS_USED = 40;

const SIZE_RE = /^(\d*)(?:\.(\d+))?\s*([a-z]*)$/i;

/**
 * Parses "500MB", "1.5GiB", "1048576" into a whole number of bytes; throws a usage error. A
 * fraction of a byte is dropped ("1.3KiB" = 1331), as Docker's go-units reads `--memory`; bytes
 * themselves (a bare number, `B`) are whole. src/cli/config-schema.json's size pattern accepts
 * exactly what this accepts (test/cli/parse-size.test.ts runs both on one list).
 */
export function parseSize(text: string, option: string): number {
  const notASize = () =>
    new BuildctxError('usage', `${option}: "${text}" is not a size (examples: 500MB, 1.5GiB, 1048576)`);
  const m = SIZE_RE.exec(text.trim());
  if (m === null) throw notASize();
  const [, whole = '', fraction, unitName = ''] = m;
  const unit = UNITS[unitName.toLowerCase()];
  if (unit === undefined || (whole === '' && fraction === undefined)) throw notASize();
  if (fraction !== undefined && unit.power === 0)
    throw new BuildctxError('usage', `${option}: "${text}" is not a whole number of bytes`);
  const digits = whole.replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_INTEGER_DIGITS - 3 * unit.power)
    throw new BuildctxError(
      'usage',
      `${option}: "${text}" is too large (at most ${MAX_INTEGER_DIGITS - 3 * unit.power} digits before the point with this unit)`,
    );
  // Exact decimal arithmetic: 0.29 × 1000 is 289.99999999999997 in floating point.
  const used = (fraction ?? '').slice(0, FRACTION_DIGITS_USED);
  const scaled = BigInt(`${digits === '' ? '0' : digits}${used}`) * unit.base ** BigInt(unit.power);
  return Number(scaled / 10n ** BigInt(used.length));
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
