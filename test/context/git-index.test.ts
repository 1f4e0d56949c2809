// The index reader against indexes real git writes: versions 2, 3 (extended flags), 4
// (prefix-compressed paths), SHA-256 object ids, non-UTF-8 names; and corrupt bytes.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isTracked, parseGitIndex } from '../../src/context/git-index.js';
import { tempDir, writeRawName } from '../helpers/make-tree.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

function repo(init: string[], after: (dir: string) => void = () => {}): Uint8Array {
  const dir = tempDir();
  git(dir, 'init', '-q', ...init);
  for (const f of ['a.txt', 'src/app.py', 'src/deep/er/x.js', 'src/deep/er/y.js', 'zz/last']) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), f);
  }
  writeRawName(dir, Buffer.from([0x66, 0xff, 0x6f]));
  git(dir, 'add', '-A');
  after(dir);
  return fs.readFileSync(path.join(dir, '.git/index'));
}

const EXPECTED = ['a.txt', 'f\udcffo', 'src/app.py', 'src/deep/er/x.js', 'src/deep/er/y.js', 'zz/last'];

describe('parseGitIndex', () => {
  test.for([
    ['version 2', [], () => {}],
    [
      'version 3 (an intent-to-add entry sets the extended flags)',
      [],
      (d: string) => {
        fs.writeFileSync(path.join(d, 'new.txt'), 'n');
        git(d, 'add', '-N', 'new.txt');
      },
    ],
    ['version 4 (prefix-compressed paths)', [], (d: string) => git(d, 'update-index', '--index-version', '4')],
    ['SHA-256 object ids', ['--object-format=sha256'], () => {}],
  ] as const)('%s', ([, init, after]) => {
    const index = parseGitIndex(repo([...init], after));
    expect(index).not.toBeNull();
    for (const p of EXPECTED) expect(isTracked(index!, p)).toBe(true);
    expect(isTracked(index!, 'src')).toBe(false);
    expect(isTracked(index!, 'untracked.txt')).toBe(false);
  });

  test.for([
    ['empty', new Uint8Array(0)],
    ['another magic', Buffer.from('DIRX\0\0\0\x02\0\0\0\0')],
    ['version 5', Buffer.from('DIRC\0\0\0\x05\0\0\0\0')],
    ['a count the bytes cannot hold', Buffer.from('DIRC\0\0\0\x02\xff\xff\xff\xff')],
  ] as [string, Uint8Array][])('%s: null, never a throw', ([, bytes]) => {
    expect(parseGitIndex(bytes)).toBeNull();
  });

  test('every truncation of a real index is null or a subset, never a throw', () => {
    const bytes = repo([]);
    for (let n = 0; n < bytes.length; n += 7) {
      const index = parseGitIndex(bytes.subarray(0, n));
      if (index !== null) for (const f of index.files) expect(EXPECTED).toContain(f);
    }
  });
});
