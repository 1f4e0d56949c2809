// Paths for human output: names with control characters (a newline in a file name) are
// quoted C-style, the way git prints them, so one line stays one entry.

// eslint-disable-next-line no-control-regex
const NEEDS_QUOTING = /[\u0000-\u001f\u007f"\\]|[\udc80-\udcff]/u;

export function displayPath(path: string): string {
  if (!NEEDS_QUOTING.test(path)) return path;
  let out = '"';
  for (const ch of path) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\' + c.toString(8).padStart(3, '0');
    else if (c >= 0xdc80 && c <= 0xdcff) out += '\\' + (c - 0xdc00).toString(8).padStart(3, '0');
    else out += ch;
  }
  return out + '"';
}

/** A lone surrogate: how a byte of a name that is not UTF-8 is carried (src/paths.ts). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text for a UTF-8 output (a message that quotes a path): each lone surrogate becomes U+FFFD,
 * as Node's UTF-8 encoder would write it, but here so the output is the same string wherever it
 * goes (a file snapshot, a string comparison).
 */
export function toWellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}
