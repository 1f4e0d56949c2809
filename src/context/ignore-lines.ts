// Writing .dockerignore lines: a literal path as a pattern that matches exactly that path, and
// the one form of line that `fix` may widen to every depth.
import { goTrimSpace } from './go-filepath.js';

/**
 * What Docker's matcher reads as pattern syntax in a literal name: `*`, `?`, `[`, `]` and `\`
 * (filepath.Match syntax), and `^`, which patternmatcher hands to the regexp unescaped
 * (patternmatcher.go compile escapes only `.+()|{}$`). A backslash makes the next character literal.
 */
const PATTERN_SYNTAX = /[\\*?[\]^]/g;

/** `path` with every character Docker's matcher would read as syntax escaped. */
export function escapeIgnorePath(path: string): string {
  return path.replace(PATTERN_SYNTAX, (c) => '\\' + c);
}

/**
 * A .dockerignore line that excludes exactly `path` (and, for a directory, what is below it), or
 * null when no line can name it: ReadAll trims Go whitespace from both ends of a line and splits
 * at newlines. A single-segment path gets a leading `/` — Docker anchors every pattern at the
 * root anyway, and the slash says so to readers and keeps `fix` from widening it to every depth.
 * A leading `!` is escaped (`/!x` would still read as an exception after ReadAll drops the slash).
 */
export function literalIgnoreLine(path: string): string | null {
  if (path === '' || path.includes('\n') || path.includes('\r') || goTrimSpace(path) !== path) return null;
  const escaped = escapeIgnorePath(path);
  if (escaped.startsWith('!')) return '\\' + escaped;
  return path.includes('/') ? escaped : '/' + escaped;
}

/** A plain name without a slash or pattern syntax (`node_modules`, `.venv`): Docker matches it at the root only. */
export function isBareName(line: string): boolean {
  const text = goTrimSpace(line);
  return (
    text !== '' &&
    !text.startsWith('#') &&
    !text.startsWith('!') &&
    !/[/\\*?[\]^]/.test(text) &&
    text !== '.' &&
    text !== '..'
  );
}
