// Go 1.19's regexp answers (test/golden/go/regexp-gen) and how this port's answers compare, for
// the two files that replay them: go-regexp.test.ts (the DFA) and go-regexp-pike.test.ts (the NFA
// simulation). Two files, so each of vitest's workers can take one half of the work.
import { readFileSync } from 'node:fs';
import {
  compileGoRegexp,
  GoRegexpSyntaxError,
  GoRegexpUnsupportedError,
  type GoRegexp,
} from '../../src/context/go-regexp.js';

interface RegexpCase {
  /** Glob cases: the dockerignore pattern patternmatcher compiled to `source`. */
  glob?: string;
  source: string;
  error: string | null;
  code?: string;
  subjects: { s: string; match: boolean }[];
}

type Section = 'handwritten' | 'random' | 'glob' | 'tables' | 'limits';

export const golden = JSON.parse(
  readFileSync(new URL('../go-semantics/golden/go-regexp.json', import.meta.url), 'utf8'),
) as Record<Section, RegexpCase[]>;

/** Sources Go compiles but this port refuses (see GoRegexpUnsupportedError); the list is closed. */
export const UNSUPPORTED_SOURCES = ['^\\x{d800}$'];

/** Shows invisible and escaped characters in test names; long sources are cut. */
function show(s: string): string {
  const shown = JSON.stringify(s).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  return shown.length > 120 ? `${shown.slice(0, 100)}… (${s.length} chars)` : shown;
}

export function compile(source: string): GoRegexp | Error {
  try {
    return compileGoRegexp(source);
  } catch (error) {
    if (error instanceof GoRegexpSyntaxError || error instanceof GoRegexpUnsupportedError) return error;
    throw error;
  }
}

/** What this port answers for a case, in the golden data's terms; compared field by field. */
function answer(c: RegexpCase, engine: 'dfa' | 'pike'): unknown {
  let compiled: GoRegexp | Error;
  try {
    compiled = compileGoRegexp(c.source, engine);
  } catch (error) {
    if (!(error instanceof GoRegexpSyntaxError) && !(error instanceof GoRegexpUnsupportedError)) throw error;
    compiled = error;
  }
  if (compiled instanceof GoRegexpUnsupportedError)
    return { unsupported: UNSUPPORTED_SOURCES.includes(c.source) && c.error === null };
  if (compiled instanceof GoRegexpSyntaxError) return { code: compiled.goCode, message: compiled.message };
  if (compiled instanceof Error) throw compiled;
  const re = compiled;
  return c.subjects.map(({ s }) => ({ s, match: re.test(s) }));
}

function expected(c: RegexpCase): unknown {
  if (UNSUPPORTED_SOURCES.includes(c.source)) return { unsupported: true };
  if (c.error !== null) return { code: c.code, message: c.error };
  return c.subjects.map(({ s, match }) => ({ s, match }));
}

/**
 * Every case of a section through one engine; the sources whose answer differs from Go's. Yields
 * to the event loop now and then: a whole section can take a minute on a loaded machine.
 */
export async function wrongAnswers(cases: readonly RegexpCase[], engine: 'dfa' | 'pike'): Promise<string[]> {
  const wrong: string[] = [];
  for (const [i, c] of cases.entries()) {
    if (i % 100 === 99) await new Promise<void>((resolve) => setImmediate(resolve));
    const got = answer(c, engine);
    const want = expected(c);
    if (JSON.stringify(got) !== JSON.stringify(want))
      wrong.push(`${show(c.source)}: ${JSON.stringify(got).slice(0, 300)} ≠ ${JSON.stringify(want).slice(0, 300)}`);
  }
  return wrong;
}
