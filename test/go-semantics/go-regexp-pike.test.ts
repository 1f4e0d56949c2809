// Replays Go 1.19's regexp answers (test/golden/go/regexp-gen) through the NFA simulation, which the
// DFA hands over to for \b, \B and (?m) anchors: it must give the same answers as Go (and so as the
// DFA, go-regexp.test.ts). A file of its own so that vitest's two workers share the replay.
import { describe, expect, test } from 'vitest';
import { golden, wrongAnswers } from '../helpers/go-regexp-golden.js';

describe.each(Object.entries(golden))('%s sources', (_section, cases) => {
  test('every answer Go gave, pike engine', async () => {
    expect(await wrongAnswers(cases, 'pike')).toEqual([]);
  });
});
