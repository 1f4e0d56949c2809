// JSON output. Paths that are not valid UTF-8 keep their escaped form in "path" (each invalid
// byte as the lone surrogate U+DC80+byte, written by JSON.stringify as "\udcXX": Python's
// surrogateescape reads it back to the same bytes) and also get "pathBase64" with the raw bytes.
import { encodePath, hasEscapedBytes } from '../paths.js';
import type { Report } from '../types.js';

/** Adds `pathBase64` beside every `path` string that holds non-UTF-8 bytes. */
export function withRawPaths<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => withRawPaths(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = withRawPaths(v);
    if (k === 'path' && typeof v === 'string' && hasEscapedBytes(v)) out.pathBase64 = encodePath(v).toString('base64');
  }
  return out as T;
}

export function renderJson(report: Report): string {
  return JSON.stringify(withRawPaths(report), null, 2) + '\n';
}
