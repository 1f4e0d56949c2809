// `.env` files as Compose reads them for interpolation (compose-go dotenv): `KEY=VALUE` lines,
// an optional `export `, `#` comments, single quotes literal, double quotes with escapes, and
// `${VAR}` expanded in unquoted and double-quoted values from the variables above and the
// environment. Values may span lines only inside quotes.
import { substituteText, type Lookup } from './interpolate.js';

/** A line of a .env file Compose would refuse. */
export class DotenvError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'DotenvError';
    this.line = line;
  }
}

const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"' };

/** Parses a .env file; `environment` resolves `${VAR}` after the file's own earlier keys. */
export function parseDotenv(text: string, environment: Lookup): Map<string, string> {
  const vars = new Map<string, string>();
  const lookup: Lookup = (name) => environment(name) ?? vars.get(name);
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let pos = 0;
  let line = 1;
  while (pos < src.length) {
    const end = src.indexOf('\n', pos);
    const raw = src.slice(pos, end < 0 ? src.length : end);
    const startLine = line;
    pos = end < 0 ? src.length : end + 1;
    line++;
    let body = raw.trim();
    if (body === '' || body.startsWith('#')) continue;
    if (body.startsWith('export ')) body = body.slice('export '.length).trimStart();
    const m = /^([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:([=:])\s*)?/.exec(body);
    if (m === null)
      throw new DotenvError(`unexpected character ${JSON.stringify(body[0])} in a variable name`, startLine);
    const key = m[1]!;
    if (m[2] === undefined) {
      if (body.slice(m[0].length).trim() !== '') throw new DotenvError(`expected "=" after ${key}`, startLine);
      // A bare name takes its value from the environment, and is left out when unset.
      const v = environment(key);
      if (v !== undefined) vars.set(key, v);
      continue;
    }
    let rest = body.slice(m[0].length);
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      // The value runs to the matching quote, possibly on a later line.
      let text2 = rest.slice(1);
      let close = findClose(text2, quote);
      while (close < 0 && pos < src.length) {
        const next = src.indexOf('\n', pos);
        text2 += '\n' + src.slice(pos, next < 0 ? src.length : next);
        pos = next < 0 ? src.length : next + 1;
        line++;
        close = findClose(text2, quote);
      }
      if (close < 0) throw new DotenvError(`unterminated quoted value for ${key}`, startLine);
      const inner = text2.slice(0, close);
      if (quote === "'") vars.set(key, inner);
      else {
        const unescaped = inner.replace(/\\(.)/g, (all, c: string) => DOUBLE_QUOTE_ESCAPES[c] ?? all);
        vars.set(key, substituteText(unescaped, lookup));
      }
      continue;
    }
    // Unquoted: a comment starts at " #".
    const hash = rest.search(/\s#/);
    if (hash >= 0) rest = rest.slice(0, hash);
    vars.set(key, substituteText(rest.trim(), lookup));
  }
  return vars;
}

function findClose(text: string, quote: string): number {
  for (let i = 0; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === quote) return i;
  }
  return -1;
}
