// A directory swapped for a symlink while the walk runs (issue: `ls` listed /etc's entries as
// context paths). Made deterministic with a file system that performs the swap on the real disk
// at the moment the walk touches a chosen path (and, for the read, swaps back right after it,
// so that a check by name afterwards sees the original directory); the link points at a
// directory outside the context holding names that must never appear.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadContext } from '../../src/context/load-context.js';
import type { FileSystem } from '../../src/fs/file-system.js';
import { nodeFileSystem } from '../../src/fs/node-fs.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** ctx/a/b/{one,two}.txt and, outside the context, outside/b/{secret-1,secret-2}. */
function makeTree(): { ctx: string; outside: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'buildctx-swap-'));
  made.push(base);
  const ctx = path.join(base, 'ctx');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(ctx, 'a', 'b'), { recursive: true });
  fs.writeFileSync(path.join(ctx, 'a', 'b', 'one.txt'), '1');
  fs.writeFileSync(path.join(ctx, 'a', 'b', 'two.txt'), '2');
  fs.writeFileSync(path.join(ctx, 'a', 'keep.txt'), 'k');
  fs.mkdirSync(path.join(outside, 'b'), { recursive: true });
  for (const name of ['secret-1', 'secret-2']) {
    fs.writeFileSync(path.join(outside, name), 's');
    fs.writeFileSync(path.join(outside, 'b', name), 's');
  }
  return { ctx: fs.realpathSync(ctx), outside };
}

/** Replaces `dir` by a symlink to `target` (the original moves aside). */
function swap(dir: string, target: string): void {
  fs.renameSync(dir, `${dir}.moved`);
  fs.symlinkSync(target, dir);
}

/** The real file system, except that the first call of `when` on `at` swaps `dir` first. */
function swappingFs(when: 'readDir' | 'lstat', at: string, dir: string, target: string): FileSystem {
  let done = false;
  const before = (abs: string): void => {
    if (!done && abs === at) {
      done = true;
      swap(dir, target);
    }
  };
  return {
    ...nodeFileSystem,
    readDir(abs, identity) {
      if (when === 'readDir') before(abs);
      return nodeFileSystem.readDir(abs, identity);
    },
    // The report's walk reads names only (it lstat's every entry): the same swap there.
    readNames(abs, identity) {
      if (when === 'readDir') before(abs);
      return nodeFileSystem.readNames!(abs, identity);
    },
    lstat(abs) {
      if (when === 'lstat') before(abs);
      return nodeFileSystem.lstat(abs);
    },
  };
}

/**
 * The real file system, except that the read of `at` happens while `dir` is a symlink to
 * `target`: swapped just before, swapped back just after, so any check made by name after the
 * read sees the original directory again.
 */
function swappedDuringRead(at: string, dir: string, target: string): FileSystem {
  const around = <T>(abs: string, read: () => T): T => {
    if (abs !== at) return read();
    swap(dir, target);
    try {
      return read();
    } finally {
      fs.unlinkSync(dir);
      fs.renameSync(`${dir}.moved`, dir);
    }
  };
  return {
    ...nodeFileSystem,
    readDir(abs, identity) {
      return around(abs, () => nodeFileSystem.readDir(abs, identity));
    },
    readNames(abs, identity) {
      return around(abs, () => nodeFileSystem.readNames!(abs, identity));
    },
  };
}

function listed(fileSystem: FileSystem, ctx: string, stat: boolean): string[] {
  const loaded = loadContext({
    fs: fileSystem,
    cwd: ctx,
    classic: false,
    measureExcluded: true,
    stat,
    readLinks: false,
  });
  return loaded.entries.map((e) => e.path);
}

describe('a directory swapped for a symlink mid-walk', () => {
  test.for([
    ['ls (names from readdir)', false],
    ['report (every entry lstat-ed)', true],
  ] as const)('%s: swapped just before it is read, nothing from outside is listed', ([, stat]) => {
    const { ctx, outside } = makeTree();
    const b = path.join(ctx, 'a', 'b');
    const paths = listed(swappingFs('readDir', b, b, outside), ctx, stat);
    expect(paths.filter((p) => p.includes('secret'))).toEqual([]);
    expect(paths).toContain('a/keep.txt');
  });

  test('an ancestor swapped after it was checked, before its child is lstat-ed: nothing from outside', () => {
    const { ctx, outside } = makeTree();
    const a = path.join(ctx, 'a');
    // "a" is read and checked; when the walk lstats a/b, "a" has become a link to outside/,
    // whose b/ holds the secrets: b's identity is taken through the link.
    const paths = listed(swappingFs('lstat', path.join(a, 'b'), a, outside), ctx, true);
    expect(paths.filter((p) => p.includes('secret'))).toEqual([]);
  });

  test.for([
    ['the directory itself', 'b'],
    ['its parent', 'a'],
  ] as const)('%s swapped for a symlink around the read and swapped back: nothing from outside', ([, which]) => {
    for (const stat of [true, false]) {
      const { ctx, outside } = makeTree();
      const b = path.join(ctx, 'a', 'b');
      const swapped = which === 'b' ? b : path.join(ctx, 'a');
      const paths = listed(swappedDuringRead(b, swapped, outside), ctx, stat);
      expect(paths.filter((p) => p.includes('secret'))).toEqual([]);
      // The swap is undone: the tree is whole again, and the rest of it is listed.
      expect(paths).toContain('a/keep.txt');
      expect(fs.readdirSync(b).sort()).toEqual(['one.txt', 'two.txt']);
    }
  });

  test('below an excluded directory, what the ignore file saved is never counted through the link', () => {
    const { ctx, outside } = makeTree();
    fs.writeFileSync(path.join(ctx, '.dockerignore'), 'cache\n');
    fs.mkdirSync(path.join(ctx, 'cache', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(ctx, 'cache', 'keep.bin'), Buffer.alloc(10));
    fs.writeFileSync(path.join(ctx, 'cache', 'sub', 'x.bin'), Buffer.alloc(100));
    const sub = path.join(ctx, 'cache', 'sub');
    const measured = (fileSystem: FileSystem) => {
      const loaded = loadContext({
        fs: fileSystem,
        cwd: ctx,
        classic: false,
        measureExcluded: true,
        stat: true,
        readLinks: false,
      });
      return [loaded.excludedFiles, loaded.excludedBytes, loaded.unreadable.map((u) => u.path)];
    };
    expect(measured(nodeFileSystem)).toEqual([2, 110, []]);
    // cache/sub becomes a link to outside/ (four files of one byte) when it is about to be read.
    expect(measured(swappingFs('readDir', sub, sub, outside))).toEqual([1, 10, []]);
  });

  test('without a swap the same tree lists everything (the checks see the real directories)', () => {
    const { ctx } = makeTree();
    expect(listed(nodeFileSystem, ctx, true).sort()).toEqual(['a', 'a/b', 'a/b/one.txt', 'a/b/two.txt', 'a/keep.txt']);
    expect(listed(nodeFileSystem, ctx, false).sort()).toEqual(['a', 'a/b', 'a/b/one.txt', 'a/b/two.txt', 'a/keep.txt']);
  });
});
