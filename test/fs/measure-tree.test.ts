// Counting a whole excluded tree through directory handles (each subdirectory opened through its
// parent's descriptor) must give the counts a read by path gives, close every descriptor, and
// never count through a directory swapped for a symlink, nor through an ancestor swapped while
// its descriptor is held.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import type { DirHandle, FileSystem } from '../../src/fs/file-system.js';
import { MAX_OPEN_DIRS, measureTrees, type PendingDir } from '../../src/fs/measure-tree.js';
import { nodeFileSystem } from '../../src/fs/node-fs.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const hasProc = fs.existsSync('/proc/self/fd');

/** base/tree (to be counted) and base/outside (never to be counted: 1000-byte files). */
function makeBase(): { tree: string; outside: string } {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'buildctx-measure-')));
  made.push(base);
  const tree = path.join(base, 'tree');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(outside, 'sub'), { recursive: true });
  for (const name of ['secret-1', 'sub/secret-2']) fs.writeFileSync(path.join(outside, name), Buffer.alloc(1000));
  fs.mkdirSync(tree);
  return { tree, outside };
}

function job(fileSystem: FileSystem, abs: string): PendingDir {
  const self = fileSystem.lstat(abs)!;
  const parent = fileSystem.lstat(path.dirname(abs));
  return { abs, rel: path.basename(abs), identity: { self, parent } };
}

/** The real file system without directory handles: every directory read by path with identity checks. */
const byPath: FileSystem = { ...nodeFileSystem };
delete byPath.openDir;

function openDescriptors(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

test.skipIf(!hasProc)('the same counts through handles as by path, deeper than the open-descriptor limit too', () => {
  const { tree, outside } = makeBase();
  fs.mkdirSync(path.join(tree, 'a', 'b', 'empty'), { recursive: true });
  fs.writeFileSync(path.join(tree, 'a', 'one.js'), 'x'.repeat(11));
  fs.writeFileSync(path.join(tree, 'a', 'b', 'two.js'), 'x'.repeat(22));
  fs.symlinkSync(outside, path.join(tree, 'a', 'to-outside')); // a file entry, never followed
  fs.mkdirSync(path.join(tree, 'bÿa'));
  // A name that is not UTF-8, opened through its parent's descriptor by its bytes.
  fs.mkdirSync(Buffer.concat([Buffer.from(`${tree}/`), Buffer.from([0x6e, 0xff])]));
  fs.writeFileSync(Buffer.concat([Buffer.from(`${tree}/`), Buffer.from([0x6e, 0xff]), Buffer.from('/f.bin')]), 'yyy');
  // A chain past MAX_OPEN_DIRS levels, a file of 5 bytes at every level.
  let chain = path.join(tree, 'chain');
  for (let i = 0; i < MAX_OPEN_DIRS + 6; i++) {
    chain = path.join(chain, `d${i}`);
    fs.mkdirSync(chain, { recursive: true });
    fs.writeFileSync(path.join(chain, 'f'), '12345');
  }
  const before = openDescriptors();
  const handles = measureTrees(nodeFileSystem, [job(nodeFileSystem, tree)]);
  expect(openDescriptors()).toBe(before);
  const paths = measureTrees(byPath, [job(byPath, tree)]);
  expect(handles).toEqual(paths);
  const levels = MAX_OPEN_DIRS + 6;
  // a, a/b, a/b/empty, bÿa, n\xff, chain and its levels: directories; the files and the symlink: files.
  expect(handles).toMatchObject({ files: 4 + levels, bytes: 11 + 22 + 3 + 5 * levels, unreadable: [] });
  expect(handles.entries).toBe(6 + levels + 4 + levels);
});

/** nodeFileSystem whose handles run `before(name)` when a subdirectory is about to be opened. */
function hookedHandles(before: (name: string) => void): FileSystem {
  const wrap = (handle: DirHandle): DirHandle => ({
    entries: handle.entries,
    openChild(name) {
      before(name);
      return wrap(handle.openChild(name));
    },
    identity: () => handle.identity(),
    close: () => handle.close(),
  });
  return {
    ...nodeFileSystem,
    openDir(abs, identity) {
      const handle = nodeFileSystem.openDir!(abs, identity);
      return handle === null ? null : wrap(handle);
    },
  };
}

test.skipIf(!hasProc)('a subdirectory swapped for a symlink just before it is opened is not counted through', () => {
  const { tree, outside } = makeBase();
  fs.mkdirSync(path.join(tree, 'sub'));
  fs.writeFileSync(path.join(tree, 'sub', 'x.bin'), Buffer.alloc(7));
  fs.writeFileSync(path.join(tree, 'keep.bin'), Buffer.alloc(3));
  let swapped = false;
  const fileSystem = hookedHandles((name) => {
    if (name !== 'sub' || swapped) return;
    swapped = true;
    fs.renameSync(path.join(tree, 'sub'), path.join(tree, 'sub.moved'));
    fs.symlinkSync(outside, path.join(tree, 'sub'));
  });
  const m = measureTrees(fileSystem, [job(nodeFileSystem, tree)]);
  expect(swapped).toBe(true);
  // keep.bin; sub.moved (renamed in after the listing) is not in it; the link is not followed.
  expect(m).toMatchObject({ files: 1, bytes: 3, unreadable: [] });
});

test.skipIf(!hasProc)(
  'an ancestor swapped for a symlink while its descriptor is held: the real tree is counted',
  () => {
    const { tree, outside } = makeBase();
    fs.mkdirSync(path.join(tree, 'a', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'a', 'sub', 'x.bin'), Buffer.alloc(7));
    // outside/sub/secret-2 sits where a/sub would be found through a link a -> outside.
    let swapped = false;
    const fileSystem = hookedHandles((name) => {
      if (name !== 'sub' || swapped) return;
      swapped = true;
      fs.renameSync(path.join(tree, 'a'), path.join(tree, 'a.moved'));
      fs.symlinkSync(outside, path.join(tree, 'a'));
    });
    const m = measureTrees(fileSystem, [job(nodeFileSystem, tree)]);
    expect(swapped).toBe(true);
    // sub is opened through a's descriptor: the real a/sub (now a.moved/sub), whose x.bin is then
    // lstat-ed by its path — through the link, where it does not exist: it vanished, as Docker
    // would meet it. Nothing of outside/ is counted.
    expect(m).toMatchObject({ files: 0, bytes: 0, entries: 2, unreadable: [] });
  },
);
