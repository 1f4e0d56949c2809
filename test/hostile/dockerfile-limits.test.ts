// Issue 15: Dockerfile input whose cost grows with its size. BuildKit has no limit; we stop with
// one clear error naming the line, in bounded time and memory.
import { describe, expect, test } from 'vitest';
import { TIMEOUTS } from '../kinds.js';
import { parseDockerfile } from '../../src/dockerfile/parse-dockerfile.js';
import { MAX_EXPANDED_LENGTH, MAX_SUBSTITUTION_DEPTH } from '../../src/dockerfile/shell-lex.js';
import { BuildctxError } from '../../src/errors.js';
import { makeTree } from '../helpers/make-tree.js';
import { runBin } from '../helpers/run-bin.js';

function doubling(times: number): string {
  return [
    'ARG a=x',
    ...Array.from({ length: times }, () => 'ARG a=${a}${a}'),
    'FROM alpine',
    'ARG a',
    'RUN echo "$a"',
    '',
  ].join('\n');
}

function nested(depth: number): string {
  return `FROM alpine\nARG a=1\nENV b=${'${a:-'.repeat(depth)}x${'}'.repeat(depth)}\n`;
}

function refusal(text: string): BuildctxError {
  try {
    parseDockerfile(text);
  } catch (error) {
    if (error instanceof BuildctxError) return error;
    throw error;
  }
  throw new Error('parsed without an error');
}

describe('exponential expansion', () => {
  test('ARG a=${a}${a} 28 times: refused at the line that passes 1 MiB', () => {
    const e = refusal(doubling(28));
    expect(e.code).toBe('dockerfile-invalid');
    // 'x' doubled 20 times is exactly 1 MiB (line 21); line 22 would be 2 MiB.
    expect(Math.log2(MAX_EXPANDED_LENGTH)).toBe(20);
    expect(e.message).toMatch(
      /^Dockerfile line 22: cannot process "\$\{a\}\$\{a\}": the expanded value is longer than 1 MiB/,
    );
  });

  test('up to the limit everything is expanded as BuildKit does', () => {
    const model = parseDockerfile(doubling(20));
    expect(model.problems).toEqual([]);
    expect(model.globalArgs.at(-1)?.value).toHaveLength(MAX_EXPANDED_LENGTH);
  });

  test('${VAR//pattern/} replacing every character with a long value stays bounded', () => {
    const text = `ARG a=${'y'.repeat(2000)}\nARG b=\${a//?/\${a}}\nFROM alpine\n`;
    expect(refusal(text).message).toMatch(/^Dockerfile line 2: .*longer than 1 MiB/);
  });

  test('a backtracking-heavy pattern on a long value is refused, a short one answered', () => {
    const long = `ARG a=${'a'.repeat(10_000)}\nFROM alpine\nARG a\nENV d=\${a//*a*a*a*b/x}\n`;
    expect(refusal(long).message).toMatch(/^Dockerfile line 4: .*too costly to match/);
    const short = parseDockerfile('ARG v=1.2.3\nFROM alpine\nENV major=${v%%.*} minor=${v#*.}\n');
    expect(short.problems).toEqual([]);
  });

  test('the CLI prints the one line and exits 2', () => {
    const dir = makeTree({ Dockerfile: doubling(28) });
    const r = runBin([dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^buildctx: Dockerfile line 22: .*\(a limit of buildctx\)\n$/);
  });
});

describe('deep nesting', () => {
  test('${…} nested 2,000 deep: one error naming the line, no stack overflow', () => {
    const e = refusal(nested(2000));
    expect(e.message).toMatch(
      new RegExp(
        `^Dockerfile line 3: cannot process ".{60}…": \\$\\{\\.\\.\\.\\} nested more than ${MAX_SUBSTITUTION_DEPTH} deep`,
      ),
    );
  });

  test(`nesting up to ${MAX_SUBSTITUTION_DEPTH} deep is expanded`, () => {
    const model = parseDockerfile(nested(MAX_SUBSTITUTION_DEPTH));
    expect(model.problems).toEqual([]);
  });
});

test('the runner gave this file the hostile timeout', ({ task }) => {
  expect(task.timeout).toBe(TIMEOUTS.hostile);
});
