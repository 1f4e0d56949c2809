import { expect, test } from 'vitest';
import { shouldSniff, sniffCandidateReason } from '../../src/sniff/should-sniff.js';

const FILE = 0o100000;
const DIR = 0o040000;
const LINK = 0o120000;
const FIFO = 0o010000;

test.for([
  ['node_modules/bcrypt/lib/binding/napi-v3/bcrypt_lib.node', FILE | 0o644, 'native-library'],
  ['.venv/lib/python3.12/site-packages/x/_c.cpython-312-darwin.so', FILE | 0o644, 'native-library'],
  ['lib/libfoo.so.1.2.3', FILE | 0o644, 'native-library'],
  ['vendor/libvips-cpp.8.16.0.dylib', FILE | 0o644, 'native-library'],
  ['vendor/bundle/ruby/3.3.0/extensions/x/nokogiri.bundle', FILE | 0o644, 'native-library'],
  ['Lib/site-packages/x/_c.cp311-win_amd64.pyd', FILE | 0o644, 'native-library'],
  ['tools/SETUP.EXE', FILE | 0o644, 'native-library'],
  ['pip/_vendor/distlib/t64.exe', FILE | 0o644, 'native-library'],
  ['runtimes/win-x64/native/e_sqlite3.dll', FILE | 0o644, 'native-library'],
  ['._addon.node', FILE | 0o644, 'native-library'],
  ['legacy.pyc', FILE | 0o644, 'bytecode'],
  ['lib/pkg/core.pyc', FILE | 0o644, 'bytecode'],
  ['lib/pkg/__pycache__/core.cpython-312.pyc', FILE | 0o644, null],
  ['__pycache__/app.cpython-312.pyc', FILE | 0o644, null],
  ['my__pycache__/app.pyc', FILE | 0o644, 'bytecode'],
  ['build/obj/main.o', FILE | 0o644, 'object-file'],
  ['target/release/server', FILE | 0o755, 'executable-bit'],
  ['entrypoint.sh', FILE | 0o700, 'executable-bit'],
  ['.venv/bin/python3', FILE | 0o644, 'bin-directory'],
  ['node_modules/@esbuild/darwin-arm64/bin/esbuild', FILE | 0o644, 'bin-directory'],
  ['venv/Scripts/pip.exe', FILE | 0o644, 'native-library'],
  ['venv/Scripts/activate', FILE | 0o644, 'bin-directory'],
  ['bin', FILE | 0o644, null],
  ['src/index.ts', FILE | 0o644, null],
  ['lib/libfoo.a', FILE | 0o644, null],
  ['docs/so', FILE | 0o644, null],
  ['README.md', 0o644, null],
  ['robots.txt.so.bak', FILE | 0o644, null],
  ['lib/libfoo.so', LINK | 0o777, null],
  ['lib/x.so', DIR | 0o755, null],
  ['run/pipe.exe', FIFO | 0o644, null],
] as const)('%s', ([path, mode, reason]) => {
  expect(sniffCandidateReason(path, mode, 100)).toBe(reason);
  expect(shouldSniff(path, mode, 100)).toBe(reason !== null);
});

test('an empty library is still a candidate', () => {
  expect(shouldSniff('x.so', FILE | 0o644, 0)).toBe(true);
});

test('a mode without type bits is taken as a regular file', () => {
  expect(sniffCandidateReason('tool', 0o755, 10)).toBe('executable-bit');
});
