// Docker's ignore-file reader, byte for byte: moby/patternmatcher ignorefile.ReadAll (v0.6.1),
// which BuildKit (frontend/dockerui/config.go), docker/cli (build/dockerignore.go) and the classic
// daemon all call. Spec: dockerignore-semantics.md §2.
import { BuildctxError } from '../errors.js';
import type { IgnorePattern } from '../types.js';
import { goClean, goTrimSpace } from './go-filepath.js';
import { decodeName } from '../paths.js';

/** bufio.MaxScanTokenSize: the scanner's buffer holds a line and its "\n" in 64 KiB. */
export const MAX_SCAN_TOKEN_BYTES = 64 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** One line of the file as bufio.ScanLines yields it: "\n" split, one trailing "\r" dropped. */
interface ScannedLine {
  bytes: Uint8Array;
  line: number;
}

function scanLines(data: Uint8Array, displayPath: string): ScannedLine[] {
  const lines: ScannedLine[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < data.length) {
    const nl = data.indexOf(0x0a, start);
    const end = nl === -1 ? data.length : nl;
    lineNo++;
    // The token plus its "\n" must fit the 64 KiB buffer; a final line without "\n" must leave
    // one byte free too, because the scanner only learns of EOF after the buffer is full
    // (bufio.Scanner.Scan: "len(s.buf) >= s.maxTokenSize" → ErrTooLong).
    if (end - start >= MAX_SCAN_TOKEN_BYTES) {
      throw new BuildctxError(
        'ignore-file-invalid',
        `${displayPath}:${lineNo}: line is ${end - start} bytes long; Docker's reader stops at ${MAX_SCAN_TOKEN_BYTES - 1} (bufio.Scanner: token too long)`,
      );
    }
    let stop = end;
    if (stop > start && data[stop - 1] === 0x0d) stop--;
    lines.push({ bytes: data.subarray(start, stop), line: lineNo });
    if (nl === -1) break;
    start = nl + 1;
  }
  return lines;
}

function stripBom(bytes: Uint8Array): Uint8Array {
  if (bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2]) {
    return bytes.subarray(3);
  }
  return bytes;
}

/**
 * Parses ignore-file bytes into Docker's pattern list, keeping each pattern's line.
 * Throws BuildctxError('ignore-file-invalid') only where ReadAll fails (a line over 64 KiB).
 */
export function parseIgnoreFile(data: Uint8Array, displayPath = '.dockerignore'): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const { bytes, line } of scanLines(data, displayPath)) {
    // ReadAll trims the UTF-8 BOM from the first line only.
    const text = decodeName(line === 1 ? stripBom(bytes) : bytes);
    // A comment is a "#" in column 1, checked before trimming.
    if (text.startsWith('#')) continue;
    let p = goTrimSpace(text);
    if (p === '') continue;
    const invert = p[0] === '!';
    if (invert) p = goTrimSpace(p.slice(1));
    if (p.length > 0) {
      p = goClean(p);
      if (p.length > 1 && p[0] === '/') p = p.slice(1);
    }
    if (invert) p = '!' + p;
    patterns.push({ pattern: p, line, text: decodeName(bytes) });
  }
  return patterns;
}
