// Malformed Dockerfiles are content, not errors: parsing and the context mapping must never
// throw, whatever the input. Inputs are built from the pieces that steer the parser.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { contextSources, followPaths, selectSources } from '../../src/dockerfile/context-refs.js';
import { parseDockerfile } from '../../src/dockerfile/parse-dockerfile.js';

const pieces = [
  'FROM ',
  'FROM scratch',
  'FROM alpine AS a',
  'FROM a',
  'COPY ',
  'ADD ',
  'RUN ',
  'ARG ',
  'ENV ',
  'WORKDIR ',
  'ONBUILD ',
  '--from=a ',
  '--from=0 ',
  '--mount=',
  'type=bind,',
  'source=',
  'target=/x',
  'type=tmpfs',
  '--parents ',
  '--exclude=',
  '--chown=1 ',
  '--link ',
  '$',
  '${',
  '}',
  ':-',
  ':+',
  '#',
  '%',
  '/',
  '//',
  '?',
  '*',
  '[',
  ']',
  '\\',
  '`',
  '"',
  "'",
  '<<',
  '<<-',
  'EOF',
  '3<<',
  '[',
  '"a"',
  ', ',
  ' ',
  '\t',
  '.',
  './',
  '../',
  '/./',
  'x',
  'y.txt',
  '=',
  'A',
  '\r',
  '# escape=`',
  '# syntax=x',
  'é',
  '\u00a0',
  '\uDC80',
];

const dockerfileLike = fc
  .array(
    fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((p) => p.join('')),
    { maxLength: 12 },
  )
  .map((lines) => lines.join('\n'));

describe('never throws', () => {
  test('on Dockerfile-like text', () => {
    fc.assert(
      fc.property(dockerfileLike, fc.option(fc.constantFrom('a', 'A', 'missing')), (text, target) => {
        const model = parseDockerfile(text, target === null ? {} : { target });
        const sources = contextSources(model);
        followPaths(model);
        for (const s of sources)
          selectSources(s, ['x', 'y.txt', 'a/x', { path: 'l', type: 'symlink', linkTarget: '/a' }]);
        expect(Array.isArray(model.problems)).toBe(true);
      }),
      { numRuns: 600, seed: 2001 },
    );
  });

  test('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const model = parseDockerfile(text);
        followPaths(model);
        contextSources(model);
      }),
      { numRuns: 1000, seed: 2002 },
    );
  });
});
