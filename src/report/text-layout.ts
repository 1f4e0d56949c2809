// Plain-text layout for the terminal report: display width, word wrapping and padding, so no line
// is wider than the terminal. Widths are measured on text without ANSI codes.

/** Code points that a terminal draws two columns wide (East Asian wide and full-width forms, emoji). */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
/** Combining marks and zero-width characters take no column. */
const ZERO_WIDTH = /[\u0300-\u036f\u200b-\u200f\u20d0-\u20ff\ufe00-\ufe0f]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ZERO_WIDTH.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return width;
}

/** The longest prefix of `text` that fits in `width` columns. */
function fitPrefix(text: string, width: number): string {
  let used = 0;
  let out = '';
  for (const ch of text) {
    const w = ZERO_WIDTH.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
    if (used + w > width) break;
    used += w;
    out += ch;
  }
  return out;
}

/** `text` cut to `width` columns, ending in "…" when it was cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  return fitPrefix(text, width - 1) + '…';
}

/** `text` cut in the middle to `width` columns: keeps both ends of a long path. */
export function truncateMiddle(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 1) return truncate(text, width);
  const head = Math.ceil((width - 1) / 2);
  const tailWidth = width - 1 - head;
  const chars = [...text];
  let tail = '';
  let used = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const w = displayWidth(chars[i]!);
    if (used + w > tailWidth) break;
    used += w;
    tail = chars[i]! + tail;
  }
  return fitPrefix(text, head) + '…' + tail;
}

/**
 * Word-wraps `text` to lines of at most `width` columns, each starting with `indent` (counted in
 * the width). A word longer than a line is broken. Line breaks in the text start new lines.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const room = Math.max(1, width - displayWidth(indent));
  const out: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (word === '') continue;
      const candidate = line === '' ? word : `${line} ${word}`;
      if (displayWidth(candidate) <= room) {
        line = candidate;
        continue;
      }
      if (line !== '') out.push(indent + line);
      let rest = word;
      while (displayWidth(rest) > room) {
        const head = fitPrefix(rest, room);
        out.push(indent + head);
        rest = rest.slice(head.length);
      }
      line = rest;
    }
    if (line !== '' || out.length === 0) out.push(indent + line);
  }
  return out;
}

/** Pads to `width` columns on the right (left-aligned) or left (right-aligned). */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const gap = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + gap : gap + text;
}
