import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { FsError, type EntryStat } from '../../src/fs/file-system.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';
import type { Finding } from '../../src/types.js';

const CHECK = 'unreadable-directory';

/** A memory context whose directory `locked` can be listed but not entered: every lstat below it is refused. */
class NoSearchFs extends MemoryFileSystem {
  constructor(
    nodes: MemoryNode[],
    private readonly locked: string,
  ) {
    super(nodes, '/ctx');
  }

  override lstat(absPath: string): EntryStat | null {
    if (absPath.startsWith(`/ctx/${this.locked}/`)) throw new FsError('EACCES', absPath, 'permission denied');
    return super.lstat(absPath);
  }
}

const file = (path: string, content = 'x'): MemoryNode => ({ path, type: 'file', content });

function tree(ignore?: string): MemoryNode[] {
  return [
    file('Dockerfile', 'FROM alpine\nCOPY . /app\n'),
    file('app.py'),
    file('noexec/a.txt'),
    file('noexec/b.txt'),
    file('noexec/sub/c.txt'),
    ...(ignore === undefined ? [] : [file('.dockerignore', ignore)]),
  ];
}

async function findings(nodes: MemoryNode[], locked = 'noexec'): Promise<Finding[]> {
  const report = await analyze({ fs: new NoSearchFs(nodes, locked), cwd: '/ctx', context: '.', sniff: false });
  return report.findings.filter((f) => f.check === CHECK);
}

describe(CHECK, () => {
  test('bad: a directory that can be listed but not entered is one finding about it, not one per entry', async () => {
    const found = await findings(tree());
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'error',
      path: 'noexec',
      data: { code: 'EACCES', ignoreLines: ['/noexec'] },
    });
    expect(found[0]!.message).toBe(
      'noexec/ can be listed but not entered (no search permission), so its 3 entries cannot be lstat-ed ' +
        '(EACCES: a.txt, b.txt, sub/); docker build fails with "permission denied" unless the ignore file excludes it; ' +
        'or make it searchable: chmod a+x noexec',
    );
  });

  test('the suggested ignore line, applied, leaves nothing Docker fails on', async () => {
    const [finding] = await findings(tree());
    expect(await findings(tree((finding!.data.ignoreLines as string[]).join('\n') + '\n'))).toEqual([]);
  });

  test("the chmod in the message is one shell word whatever the directory's name", async () => {
    const nodes = [file('Dockerfile', 'FROM alpine\nCOPY . /app\n'), file("it's here/a.txt"), file('-x/b.txt')];
    const messages = [...(await findings(nodes, "it's here")), ...(await findings(nodes, '-x'))].map((f) => f.message);
    expect(messages[0]).toMatch(/chmod a\+x 'it'\\''s here'$/);
    expect(messages[1]).toMatch(/its entry cannot be lstat-ed \(EACCES: b\.txt\); .* chmod a\+x \.\/-x$/);
  });

  test('20,000 entries in such a directory: one finding, the first three named', async () => {
    const nodes = [file('Dockerfile', 'FROM alpine\nCOPY . /app\n')];
    for (let i = 0; i < 20_000; i++) nodes.push(file(`noexec/f${String(i).padStart(5, '0')}`));
    const found = await findings(nodes);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain(
      'its 20,000 entries cannot be lstat-ed (EACCES: f00000, f00001, f00002, and 19,997 more)',
    );
  });

  test('a COPY names the directory: no ignore line (it would make the COPY source missing), the chmod instead', async () => {
    const nodes = [file('Dockerfile', 'FROM alpine\nCOPY noexec /srv\n'), file('noexec/a.txt'), file('app.py')];
    const found = await findings(nodes);
    expect(found.map((f) => [f.path, f.data.ignoreLines])).toEqual([['noexec', []]]);
    expect(found[0]!.message).toMatch(
      /docker build fails with "permission denied", and leaving it out would remove what the Dockerfile names: make it searchable: chmod a\+x noexec$/,
    );
    // The repair, applied: the directory searchable again, nothing is left to report.
    expect(await findings(nodes, 'nothing')).toEqual([]);
  });

  test('a directory that cannot be read, named by a COPY: the chmod, no ignore line', async () => {
    const nodes = [
      file('Dockerfile', 'FROM alpine\nCOPY locked /srv\n'),
      { path: 'locked', type: 'dir' as const, unreadable: true },
    ];
    const found = await findings(nodes, 'nothing');
    expect(found.map((f) => [f.path, f.data.ignoreLines])).toEqual([['locked', []]]);
    expect(found[0]!.message).toContain(
      'leaving it out would remove what the Dockerfile names: make it readable: chmod a+rx locked',
    );
  });

  test('good: excluded, the directory is never entered', async () => {
    expect(await findings(tree('noexec\n'))).toEqual([]);
  });

  test('a directory that cannot be read at all keeps its own message', async () => {
    const nodes = [...tree(), { path: 'locked', type: 'dir' as const, unreadable: true }];
    const found = (await findings(nodes, 'nothing')).map((f) => f.message);
    expect(found).toEqual([
      'locked/ cannot be read (EACCES); docker build fails with "permission denied" unless the ignore file excludes it',
    ]);
  });
});
