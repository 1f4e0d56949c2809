// Entries that change under the walk, made deterministic with an in-memory file system that
// lets an entry vanish (or fail) between the directory listing and the lstat or readdir that
// follows — the races a real tree has while a build or an editor writes to it.
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { FsError, type DirEntry, type EntryStat, type FsErrorCode } from '../../src/fs/file-system.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';

class ChangingFileSystem extends MemoryFileSystem {
  constructor(
    nodes: readonly MemoryNode[],
    /** Listed by their directory, gone by the time they are lstat'ed. */
    private readonly goneAtLstat: ReadonlySet<string>,
    /** Directories that lstat fine but are gone when read. */
    private readonly goneAtReadDir: ReadonlySet<string>,
    /** lstat fails with this error. */
    private readonly lstatErrors: ReadonlyMap<string, FsErrorCode>,
  ) {
    super(nodes);
  }

  override lstat(absPath: string): EntryStat | null {
    if (this.goneAtLstat.has(absPath)) return null;
    const code = this.lstatErrors.get(absPath);
    if (code !== undefined) throw new FsError(code, absPath, 'injected');
    return super.lstat(absPath);
  }

  override readDir(absPath: string): DirEntry[] {
    if (this.goneAtReadDir.has(absPath)) throw new FsError('ENOENT', absPath, 'no such file or directory');
    return super.readDir(absPath);
  }
}

const NODES: MemoryNode[] = [
  { path: '.dockerignore', type: 'file', content: 'cache\n' },
  { path: 'keep.txt', type: 'file', size: 10 },
  { path: 'gone.txt', type: 'file', size: 1000 },
  { path: 'src/a.ts', type: 'file', size: 20 },
  { path: 'src/gone-dir/x.ts', type: 'file', size: 30 },
  { path: 'cache/one.bin', type: 'file', size: 100 },
  { path: 'cache/gone.bin', type: 'file', size: 400 },
  { path: 'cache/deeper/gone-too/z.bin', type: 'file', size: 800 },
  { path: 'cache/deeper/two.bin', type: 'file', size: 200 },
];

async function run(gone: string[], goneDirs: string[], errors: [string, FsErrorCode][] = []) {
  const fs = new ChangingFileSystem(
    NODES,
    new Set(gone.map((p) => `/ctx/${p}`)),
    new Set(goneDirs.map((p) => `/ctx/${p}`)),
    new Map(errors.map(([p, c]) => [`/ctx/${p}`, c])),
  );
  return await analyze({ fs, context: '/ctx', cwd: '/' });
}

describe('entries that vanish mid-walk', () => {
  test('nothing vanishes: the baseline counts', async () => {
    const r = await run([], []);
    expect(r.summary).toMatchObject({
      files: 5,
      dirs: 2,
      bytes: 6 + 10 + 1000 + 20 + 30,
      excludedFiles: 4,
      excludedBytes: 1500,
    });
    expect(r.findings).toEqual([]);
  });

  test.for([
    [
      'a sent file gone before lstat is not sent',
      ['gone.txt'],
      [],
      { files: 4, bytes: 66, excludedFiles: 4, excludedBytes: 1500 },
    ],
    [
      'a sent directory gone before it is read is sent empty',
      [],
      ['src/gone-dir'],
      { files: 4, dirs: 2, bytes: 1036, excludedFiles: 4 },
    ],
    [
      'an excluded file gone while counting is not counted',
      ['cache/gone.bin'],
      [],
      { files: 5, excludedFiles: 3, excludedBytes: 1100 },
    ],
    [
      'an excluded directory gone while counting counts as empty',
      [],
      ['cache/deeper/gone-too'],
      { files: 5, excludedFiles: 3, excludedBytes: 700 },
    ],
  ] as const)('%s', async ([, gone, goneDirs, summary]) => {
    const r = await run([...gone], [...goneDirs]);
    expect(r.summary).toMatchObject(summary);
    expect(r.findings).toEqual([]);
  });
});

describe('entries that cannot be lstat-ed', () => {
  test('a sent one fails the build: an error finding with the errno', async () => {
    const r = await run([], [], [['src/a.ts', 'ENAMETOOLONG']]);
    expect(r.findings).toEqual([
      expect.objectContaining({
        check: 'unreadable-directory',
        severity: 'error',
        path: 'src/a.ts',
        data: expect.objectContaining({ code: 'ENAMETOOLONG' }),
      }),
    ]);
    expect(r.summary).toMatchObject({ files: 4, bytes: 1046 });
  });

  test("an excluded one is not Docker's concern", async () => {
    const r = await run([], [], [['cache/one.bin', 'EACCES']]);
    expect(r.findings).toEqual([]);
    expect(r.summary).toMatchObject({ files: 5, excludedFiles: 3, excludedBytes: 1400 });
  });
});
