// The identity of a finding across runs: what matches a finding to a baseline and what SARIF
// consumers use to track an alert. Built from facts that do not move when unrelated lines or
// sizes change: the check id, the path, and the check's own `data.fingerprintKey` when it sets
// one — never the message (it carries sizes), the line or the severity.
import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';

/** Hex digits kept from the SHA-256: 128 bits, far beyond any collision risk among findings. */
const FINGERPRINT_HEX_DIGITS = 32;

function fingerprintKey(data: Readonly<Record<string, unknown>>): string | null {
  const key = data.fingerprintKey;
  return typeof key === 'string' || typeof key === 'number' ? String(key) : null;
}

/** Stable hash of a finding's check, path and `data.fingerprintKey`. */
export function fingerprintOf(finding: Pick<Finding, 'check' | 'path' | 'data'>): string {
  // JSON.stringify writes lone surrogates (escaped non-UTF-8 bytes of a name) as "\udcXX", so
  // the hashed text is well-formed and distinct for every byte sequence.
  const text = JSON.stringify([finding.check, finding.path, fingerprintKey(finding.data)]);
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, FINGERPRINT_HEX_DIGITS);
}
