// Paths as URI references (RFC 3986) for SARIF: every byte of the name outside the unreserved
// set is percent-encoded, so names with spaces, "%", "#", ":" or bytes that are not UTF-8 still
// name exactly one file.
import { encodePath } from '../paths.js';

function isUnreserved(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || // A-Z
    (b >= 0x61 && b <= 0x7a) || // a-z
    (b >= 0x30 && b <= 0x39) || // 0-9
    b === 0x2d ||
    b === 0x2e ||
    b === 0x5f ||
    b === 0x7e // - . _ ~
  );
}

/** Percent-encodes a POSIX path (our path dialect), keeping "/" as the segment separator. */
export function encodeUriPath(path: string): string {
  let out = '';
  for (const b of encodePath(path)) {
    out += isUnreserved(b) || b === 0x2f ? String.fromCharCode(b) : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** A `file://` URI for an absolute path; `directory` adds the trailing "/" a base URI needs. */
export function fileUri(absPath: string, directory = false): string {
  const uri = 'file://' + encodeUriPath(absPath);
  return directory && !uri.endsWith('/') ? uri + '/' : uri;
}
