// Every message the real glibc 2.36 and musl 1.2.3 loaders printed for the binary fixtures
// (fixtures/binaries/loader-output.json, fixtures/diagnose/binaries/loader-output.json): put the
// fixture in a context, paste the message as the loader printed it, and diagnose must name the
// fixture — except where the message is not about the file's platform at all.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { parseMessages } from '../../src/diagnose/parse-messages.js';
import { MemoryFileSystem } from '../../src/fs/memory-fs.js';

interface LoaderRecord {
  glibc: string;
  musl: string;
  exec?: { exitCode: number; stderr: string };
}

const SETS = [
  { dir: '../../fixtures/binaries/', prefix: '' },
  { dir: '../../fixtures/diagnose/binaries/', prefix: 'own:' },
];

// Messages of the loaders that diagnose does not read, and why.
const NOT_READ = [
  'OK', // it loaded
  'cannot dynamically load', // dlopen of an executable: a test harness artefact, not a container error
  'undefined symbol', // glibc: an ABI mismatch between libraries, not a platform one
];

// Recorded messages that diagnose reads but for which the file is rightly not blamed: the file is
// fine for the platform (assessBinary says so), the probe just dlopen'ed something no runtime
// would hand to dlopen.
const NOT_BLAMED: [RegExp, string][] = [
  [
    /^extra\/addon-legacy(?:-nm\d+-rel[ar])?\.node musl$/,
    "the addon lacks Node's own symbol (no Node in the probe), not a glibc one",
  ],
  [/^extra\/dotnet-/, 'a .NET assembly is loaded by the .NET runtime, never by dlopen'],
  [/^pyc-/, 'bytecode is read by CPython, never by dlopen'],
  [/^extra\/exe-x86_64-static-musl musl$/, "a static executable for the target platform is started, not dlopen'ed"],
];

interface Row {
  name: string;
  file: string;
  bytes: Buffer;
  loader: 'glibc' | 'musl' | 'exec';
  message: string;
}

const ROWS: Row[] = [];
for (const set of SETS) {
  const dir = fileURLToPath(new URL(set.dir, import.meta.url));
  const files = (
    JSON.parse(readFileSync(dir + 'loader-output.json', 'utf8')) as { files: Record<string, LoaderRecord> }
  ).files;
  for (const [file, rec] of Object.entries(files)) {
    const bytes = readFileSync(dir + file);
    const outputs: [Row['loader'], string][] = [
      ['glibc', rec.glibc],
      ['musl', rec.musl],
    ];
    if (rec.exec !== undefined && rec.exec.stderr !== '') outputs.push(['exec', rec.exec.stderr]);
    for (const [loader, message] of outputs) {
      if (NOT_READ.some((n) => message === n || message.includes(n))) continue;
      ROWS.push({ name: `${set.prefix}${file} ${loader}`, file, bytes, loader, message });
    }
  }
}

function contextFor(row: Row): MemoryFileSystem {
  const base = row.loader === 'musl' ? 'alpine:3.19' : 'debian:12';
  const name = row.file.slice(row.file.lastIndexOf('/') + 1);
  return new MemoryFileSystem([
    { path: 'Dockerfile', type: 'file', content: `FROM ${base}\nCOPY lib /app/lib\nCMD ["/app/lib/${name}"]\n` },
    { path: `lib/${name}`, type: 'file', content: row.bytes, mode: 0o755 },
  ]);
}

describe('recorded loader messages', () => {
  test('the recordings hold enough cases to mean something', () => {
    expect(ROWS.length).toBeGreaterThan(60);
  });

  test.for(ROWS)('$name: $message', (row) => {
    const name = row.file.slice(row.file.lastIndexOf('/') + 1);
    const text = row.message.replaceAll('<p>', `/app/lib/${name}`);
    expect(parseMessages(text).length, 'recognised').toBeGreaterThan(0);
    const fs = contextFor(row);
    const d = diagnose({ text, fs, context: '/ctx', cwd: '/', platform: 'linux/amd64' });
    const blamed = d.culprits.map((c) => c.path);
    if (NOT_BLAMED.some(([re]) => re.test(row.name))) expect(blamed).toEqual([]);
    else expect(blamed).toEqual([`lib/${name}`]);
  });
});
