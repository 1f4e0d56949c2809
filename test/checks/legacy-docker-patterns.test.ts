// Each class of pattern Docker 20.10 reads differently, as the oracle (Docker 20.10.24's archive
// and matcher) showed on these trees: the classic tar it sends is a different length.
//   /storage/* + !/storage/            20.10: 6144 bytes, current: 3584
//   **.orig                            20.10: 6656 bytes, current: 4608
//   /data + !/data/.gitkeep + /data*   20.10: 3072 bytes, current: 3584
//   a(b) (a 500-byte file a(b), 2-byte ab)  20.10: 4608 bytes, current: 4096
import { describe, expect, test } from 'vitest';
import { findingsOf } from './analyze-context.js';

const CHECK = 'legacy-docker-patterns';

describe(CHECK, () => {
  test.for([
    ['a directory re-included after its contents', '/storage/*\n!/storage/\n', 'dir-contents-reincluded', [1, 2]],
    ['** inside a name', '**.orig\n', 'double-star-in-name', [1]],
    [
      'a parent excluded again after an exception below it',
      '/data\n!/data/.gitkeep\n/data*\n',
      'excluded-again-parent',
      [1, 2, 3],
    ],
    ['parentheses', 'a(b)\n', 'regexp-metacharacter', [1]],
    ['a plus sign', 'dist/*+build*\n', 'regexp-metacharacter', [1]],
  ] as const)('%s', async ([, ignore, kind, lines]) => {
    const found = await findingsOf(CHECK, { Dockerfile: 'FROM scratch\n', '.dockerignore': ignore, 'a.txt': '' });
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'info',
        path: '.dockerignore',
        line: lines[0],
        data: expect.objectContaining({ kind, lines }),
      }),
    ]);
  });

  test.for([
    ['ordinary lines', '.git\nnode_modules\n**/*.log\n!keep.log\n'],
    ['an escaped parenthesis', 'a\\(b\\)\n'],
    ['** as a whole segment', '**/build\nsrc/**/*.map\n'],
    ['an exception below a directory no later line excludes again', '/data\n!/data/.gitkeep\n'],
  ] as const)('not for %s', async ([, ignore]) => {
    expect(await findingsOf(CHECK, { Dockerfile: 'FROM scratch\n', '.dockerignore': ignore, 'a.txt': '' })).toEqual([]);
  });
});
