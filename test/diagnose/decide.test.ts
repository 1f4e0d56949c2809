// The decision step on small in-memory contexts: a file is blamed only when its bytes (or its
// name, for CPython and npm) produce the message; healthy files next to a message are left alone.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { isHostPath } from '../../src/diagnose/decide-common.js';
import { parseBytesLiteral } from '../../src/diagnose/decide-python.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import type { MessageVerdict } from '../../src/diagnose/model.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';

const BIN = fileURLToPath(new URL('../../fixtures/binaries/', import.meta.url));
const OWN = fileURLToPath(new URL('../../fixtures/diagnose/binaries/', import.meta.url));
const bin = (name: string): Buffer => readFileSync(BIN + name);
const own = (name: string): Buffer => readFileSync(OWN + name);

function run(
  files: Record<string, string | Buffer | { link: string } | { content: string | Buffer; mode: number }>,
  text: string,
  options: { platform?: string; libc?: string } = {},
) {
  const nodes: MemoryNode[] = Object.entries(files).map(([path, spec]) => {
    if (typeof spec === 'string' || Buffer.isBuffer(spec)) return { path, type: 'file', content: spec };
    if ('link' in spec) return { path, type: 'symlink', target: spec.link };
    return { path, type: 'file', content: spec.content, mode: spec.mode };
  });
  return diagnose({ text, fs: new MemoryFileSystem(nodes), context: '/ctx', cwd: '/', ...options });
}

const APP = 'FROM node:20\nWORKDIR /app\nCOPY . .\n';
const PY = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n';

interface Row {
  name: string;
  files: Parameters<typeof run>[0];
  text: string;
  options?: { platform?: string; libc?: string };
  verdict: MessageVerdict;
  reason?: string;
}

// Each row: a message and a context whose files do NOT explain it.
const NOT_BLAMED: Row[] = [
  {
    name: 'invalid ELF header, but the named file is a good ELF for the target',
    files: { Dockerfile: APP, 'node_modules/x/x.node': bin('elf-x86_64-linux-gnu.so') },
    text: 'Error: /app/node_modules/x/x.node: invalid ELF header',
    verdict: 'not-in-context',
  },
  {
    name: '"cannot open shared object file", and the file is native: the image holds another one',
    files: { Dockerfile: APP, 'node_modules/x/x.node': bin('elf-x86_64-linux-gnu.so') },
    text: 'Error: /app/node_modules/x/x.node: cannot open shared object file: No such file or directory',
    verdict: 'not-in-context',
    reason: 'file-not-in-image',
  },
  {
    name: 'wrong ELF class, but the file is 64-bit like the process',
    files: { Dockerfile: PY, 'lib/_x.so': bin('elf-x86_64-linux-gnu.so') },
    text: 'ImportError: /app/lib/_x.so: wrong ELF class: ELFCLASS32',
    verdict: 'not-in-context',
  },
  {
    name: 'exec format error for a native program: the whole image is the wrong platform',
    files: {
      Dockerfile: 'FROM debian:12\nCOPY server /server\nENTRYPOINT ["/server"]\n',
      server: { content: bin('exe-x86_64-glibc-real'), mode: 0o755 },
    },
    text: 'exec /server: exec format error',
    verdict: 'not-a-context-problem',
    reason: 'image-platform',
  },
  {
    name: 'a shell syntax error in a real shell script is not the loader',
    files: { Dockerfile: APP, 'run.sh': { content: 'echo $(( 1 +\n', mode: 0o755 } },
    text: '/app/run.sh: 1: Syntax error: word unexpected (expecting ")")',
    verdict: 'not-a-context-problem',
  },
  {
    name: '"not found" for a musl program on a musl image: it starts; the cause is elsewhere',
    files: {
      Dockerfile: 'FROM alpine:3.19\nWORKDIR /app\nCOPY . .\n',
      server: { content: bin('exe-x86_64-musl-real'), mode: 0o755 },
    },
    text: 'sh: ./server: not found',
    verdict: 'not-in-context',
  },
  {
    name: 'ModuleNotFoundError, but the extension has a suffix the image imports',
    files: {
      Dockerfile: PY,
      '.venv/pyvenv.cfg': 'home = /usr/local/bin\n',
      '.venv/lib/python3.12/site-packages/pkg/_core.cpython-312-x86_64-linux-gnu.so': bin('elf-x86_64-linux-gnu.so'),
    },
    text: "ModuleNotFoundError: No module named 'pkg._core'",
    verdict: 'not-in-context',
    reason: 'extension-loads',
  },
  {
    name: 'ModuleNotFoundError for a module the context does not have at all',
    files: { Dockerfile: PY, 'app.py': 'import django\n' },
    text: "ModuleNotFoundError: No module named 'django'",
    verdict: 'not-in-context',
    reason: 'module-not-in-context',
  },
  {
    name: 'NODE_MODULE_VERSION, but the addon in the context is Node-API (ABI-stable)',
    files: { Dockerfile: APP, 'node_modules/x/build/Release/x.node': bin('extra/addon-napi.node') },
    text: "Error: The module '/app/node_modules/x/build/Release/x.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 72. This version of Node.js requires\nNODE_MODULE_VERSION 83.",
    verdict: 'not-in-context',
  },
  {
    name: 'NODE_MODULE_VERSION, but the addon was built for another ABI than the message says',
    files: { Dockerfile: APP, 'node_modules/x/build/Release/x.node': bin('extra/addon-abi.node') },
    text: "Error: The module '/app/node_modules/x/build/Release/x.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 72. This version of Node.js requires\nNODE_MODULE_VERSION 83.",
    verdict: 'not-in-context',
  },
  {
    name: 'sharp cannot load, but the context only has the right platform package',
    files: {
      Dockerfile: APP,
      'node_modules/@img/sharp-linux-x64/package.json': JSON.stringify({
        name: '@img/sharp-linux-x64',
        os: ['linux'],
        cpu: ['x64'],
        libc: ['glibc'],
      }),
    },
    text: 'Error: Could not load the "sharp" module using the linux-x64 runtime',
    verdict: 'not-in-context',
  },
  {
    name: 'GLIBC_x.y not found for a file that does not need that version',
    files: { Dockerfile: PY, 'lib/x.so': bin('extra/so-x86_64-glibc-libm.so') },
    text: "ImportError: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.38' not found (required by /app/lib/x.so)",
    verdict: 'not-in-context',
  },
  {
    name: 'musl "symbol not found" for a musl-built file: an ABI mismatch between libraries, not glibc',
    files: { Dockerfile: 'FROM alpine:3.19\nWORKDIR /app\nCOPY . .\n', 'lib/x.so': bin('so-x86_64-musl.so') },
    text: 'Error relocating /app/lib/x.so: foo: symbol not found',
    verdict: 'not-in-context',
  },
  {
    name: 'a bare soname of a system library: install it in the image',
    files: { Dockerfile: PY, 'lib/x.so': bin('extra/so-x86_64-glibc-libm.so') },
    text: 'ImportError: libGL.so.1: cannot open shared object file: No such file or directory',
    verdict: 'not-a-context-problem',
    reason: 'system-library-missing',
  },
  {
    name: 'bad magic number, but no sourceless .pyc with that magic is in the context',
    files: { Dockerfile: PY, 'legacy.pyc': bin('pyc-cp312.pyc') },
    text: "ImportError: bad magic number in 'legacy': b'U\\r\\r\\n'",
    verdict: 'not-in-context',
  },
  {
    name: 'a command looked up on PATH',
    files: { Dockerfile: PY, fastapi: 'not the program\n' },
    text: 'exec: "fastapi": executable file not found in $PATH: unknown',
    verdict: 'not-in-context',
    reason: 'not-on-path',
  },
  {
    name: 'a script whose interpreter is the image’s own',
    files: { Dockerfile: PY, 'run.py': { content: '#!/usr/local/bin/python3\nprint(1)\n', mode: 0o755 } },
    text: 'exec /app/run.py: no such file or directory',
    verdict: 'not-in-context',
  },
];

describe('a file is not blamed for a message it does not cause', () => {
  test.for(NOT_BLAMED)('$name', (row) => {
    const d = run(row.files, row.text, row.options);
    expect(d.messages).toHaveLength(1);
    expect(d.culprits).toEqual([]);
    expect(d.messages[0]!.verdict).toBe(row.verdict);
    if (row.reason !== undefined) expect(d.messages[0]!.reason).toBe(row.reason);
    expect(d.messages[0]!.advice).toMatch(/\w/);
  });
});

describe('decisions', () => {
  test('a CRLF shebang is the culprit, and the fix is an edit, not an ignore line', () => {
    const d = run(
      {
        Dockerfile: 'FROM debian:12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
        'entrypoint.sh': { content: '#!/bin/sh\r\necho hi\r\n', mode: 0o755 },
      },
      'exec /entrypoint.sh: no such file or directory',
    );
    expect(d.culprits).toEqual([expect.objectContaining({ path: 'entrypoint.sh', kind: 'crlf-shebang' })]);
    expect(d.culprits[0]!.fix).toMatchObject({ ignoreLines: [], dockerfile: [] });
    expect(d.culprits[0]!.fix.notes.join(' ')).toContain('LF line endings');
  });

  test('runc cannot stat the entrypoint: a symlink to a host path is the culprit', () => {
    const d = run(
      {
        Dockerfile: 'FROM debian:12\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./run"]\n',
        run: { link: '/Users/alice/proj/bin/run' },
      },
      'exec: "./run": stat ./run: no such file or directory: unknown',
    );
    expect(d.culprits.map((c) => [c.path, c.kind, c.fix.ignoreLines])).toEqual([['run', 'host-symlink', []]]);
  });

  test('a script without #! fails with exec format error: blamed as not a binary', () => {
    const d = run(
      {
        Dockerfile: 'FROM debian:12\nCOPY start /start\nENTRYPOINT ["/start"]\n',
        start: { content: 'echo hi\n', mode: 0o755 },
      },
      'exec /start: exec format error',
    );
    expect(d.culprits.map((c) => [c.path, c.kind])).toEqual([['start', 'not-a-binary']]);
  });

  test('a musl-built library found by the soname glibc cannot find', () => {
    const d = run(
      { Dockerfile: PY, 'a/ok.so': bin('elf-x86_64-linux-gnu.so'), 'b/alpine.so': bin('so-x86_64-musl.so') },
      'ImportError: libc.musl-x86_64.so.1: cannot open shared object file: No such file or directory',
    );
    expect(d.culprits.map((c) => [c.path, c.kind])).toEqual([['b/alpine.so', 'musl-binary']]);
  });

  test('the message names the file first; one culprit explains several messages', () => {
    const text = [
      'Error loading shared library /app/lib/a.so: Exec format error',
      'Error loading shared library /app/lib/a.so: Exec format error',
      'Error relocating /app/lib/b.so: unsupported relocation type 1026',
    ].join('\n');
    const d = run(
      {
        Dockerfile: 'FROM alpine:3.19\nWORKDIR /app\nCOPY . .\n',
        'lib/a.so': bin('macho-arm64.dylib'),
        'lib/b.so': bin('elf-aarch64-linux-gnu.so'),
      },
      text,
    );
    expect(d.messages.map((m) => [m.kind, m.occurrences])).toEqual([
      ['musl-exec-format', 2],
      ['musl-unsupported-relocation', 1],
    ]);
    expect(d.culprits.map((c) => [c.path, c.messages])).toEqual([
      ['lib/a.so', [0]],
      ['lib/b.so', [1]],
    ]);
  });

  test('without a Dockerfile the context layout leads to the file', () => {
    const d = run(
      { 'node_modules/x/build/Release/x.node': bin('pe-x64.dll'), 'package.json': '{}' },
      'Error: /home/dev/project/node_modules/x/build/Release/x.node: invalid ELF header',
    );
    expect(d.dockerfile).toBeNull();
    expect(d.culprits.map((c) => [c.path, c.kind, c.origin?.method])).toEqual([
      ['node_modules/x/build/Release/x.node', 'windows-binary', 'layout'],
    ]);
  });

  test('the platform the log states outranks the Dockerfile; --platform outranks the log', () => {
    const files = {
      Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\n',
      'node_modules/@rollup/rollup-linux-x64-gnu/package.json': JSON.stringify({
        os: ['linux'],
        cpu: ['x64'],
        libc: ['glibc'],
      }),
    };
    const text =
      'Error: Cannot find module @rollup/rollup-linux-arm64-gnu. npm has a bug related to optional dependencies';
    const fromLog = run(files, text);
    expect(fromLog.target).toMatchObject({ platform: 'linux/arm64', platformSource: 'log' });
    expect(fromLog.culprits.map((c) => c.path)).toEqual(['node_modules/@rollup/rollup-linux-x64-gnu/package.json']);
    expect(run(files, text, { platform: 'linux/amd64' }).target).toMatchObject({
      platform: 'linux/amd64',
      platformSource: 'option',
    });
  });

  test('--platform a,b reads the build as the report does: the platform the log names among them, else the first', () => {
    const files = {
      Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\n',
      'node_modules/@rollup/rollup-linux-x64-gnu/package.json': JSON.stringify({
        os: ['linux'],
        cpu: ['x64'],
        libc: ['glibc'],
      }),
    };
    const text =
      'Error: Cannot find module @rollup/rollup-linux-arm64-gnu. npm has a bug related to optional dependencies';
    const both = run(files, text, { platform: 'linux/amd64,linux/arm64' });
    expect(both.target).toMatchObject({ platform: 'linux/arm64', platformSource: 'log' });
    expect(both.culprits.map((c) => c.path)).toEqual(['node_modules/@rollup/rollup-linux-x64-gnu/package.json']);
    // The log names no platform of the list: the first one, as given.
    expect(run(files, 'exec /app/x: exec format error', { platform: 'linux/arm64,linux/arm/v7' }).target).toMatchObject(
      { platform: 'linux/arm64', platformSource: 'option' },
    );
  });

  test("Python's version from the base image decides which CPython tag loads", () => {
    const files = { Dockerfile: PY, 'site/pkg/_c.cpython-311-x86_64-linux-gnu.so': bin('elf-x86_64-linux-gnu.so') };
    const d = run(files, "ModuleNotFoundError: No module named 'pkg._c'");
    expect(d.target.pythonVersion).toBe('3.12');
    expect(d.culprits.map((c) => [c.path, c.kind])).toEqual([
      ['site/pkg/_c.cpython-311-x86_64-linux-gnu.so', 'foreign-extension-suffix'],
    ]);
    expect(d.culprits[0]!.explanation).toContain('.cpython-312-x86_64-linux-gnu.so');
  });

  test('a glibc library on Alpine needs ld-linux: the file musl names', () => {
    const d = run(
      {
        Dockerfile: 'FROM python:3.12-alpine\nWORKDIR /app\nCOPY . .\n',
        'venv/pyvenv.cfg': 'home = /usr/bin\n',
        'venv/lib/python3.12/site-packages/c/_rust.abi3.so': own('so-x86_64-glibc-tls.so'),
      },
      'ImportError: Error loading shared library ld-linux-x86-64.so.2: No such file or directory (needed by /app/venv/lib/python3.12/site-packages/c/_rust.abi3.so)',
    );
    expect(d.target.libc).toBe('musl');
    expect(d.culprits.map((c) => [c.path, c.kind, c.fix.ignoreLines])).toEqual([
      ['venv/lib/python3.12/site-packages/c/_rust.abi3.so', 'glibc-binary', ['**/venv']],
    ]);
  });
});

describe('helpers', () => {
  test.for([
    ["b'U\\r\\r\\n'", [0x55, 0x0d, 0x0d, 0x0a]],
    ["b'\\x03\\xf3\\r\\n'", [0x03, 0xf3, 0x0d, 0x0a]],
    ["b'o\\r\\r\\n'", [0x6f, 0x0d, 0x0d, 0x0a]],
    ['b"\\\'q"', [0x27, 0x71]],
    ['not bytes', null],
  ] as const)('parseBytesLiteral(%s)', ([literal, bytes]) => {
    expect(parseBytesLiteral(literal)).toEqual(bytes);
  });

  test.for([
    ['/Users/alice/proj/.venv/bin/python3', true],
    ['/opt/homebrew/opt/python@3.12/bin/python3.12', true],
    ['C:\\Python311\\python.exe', true],
    ['/home/runner/work/x/.venv/bin/python', true],
    ['/root/.local/share/uv/python/cpython-3.13.1-linux-aarch64-gnu/bin/python3.13', true],
    ['/usr/local/bin/python3', false],
    ['/app/.venv/bin/python', false],
    ['/usr/bin/env', false],
  ] as const)('isHostPath(%s)', ([path, expected]) => {
    expect(isHostPath(path)).toBe(expected);
  });
});

describe('pre-N-API addons', () => {
  // A legacy addon exports no node_register_module_v<N>: its ABI is in the nm_version field of its
  // module struct, and node-pre-gyp names the folder after it (node-v72-linux-x64).
  const legacy = (): Buffer => {
    const b = Buffer.from(own('addon-abi72.node'));
    const at = b.indexOf('node_register_module_v72\0');
    b.write('node_module_register\0\0\0\0\0', at, 'latin1');
    return b;
  };
  const TEXT =
    'Error: was compiled against a different Node.js version using\nNODE_MODULE_VERSION 72. This version of Node.js requires\nNODE_MODULE_VERSION 83.';

  test('without a path, the folder name tells the ABI', () => {
    const d = run(
      {
        Dockerfile: 'FROM node:14\nWORKDIR /app\nCOPY . .\n',
        'node_modules/x/lib/binding/node-v72-linux-x64/x.node': legacy(),
      },
      TEXT,
    );
    expect(d.culprits.map((c) => [c.path, c.kind, c.confidence])).toEqual([
      ['node_modules/x/lib/binding/node-v72-linux-x64/x.node', 'node-abi-mismatch', 'likely'],
    ]);
    expect(d.culprits[0]!.evidence).toContain('node-v72-linux-x64');
  });

  // The struct itself (extra/addon-legacy-nm72-rela.node; nm_version at file offset 0x1020).
  const withStruct = (abi: number): Buffer => {
    const b = Buffer.from(bin('extra/addon-legacy-nm72-rela.node'));
    b.writeUInt32LE(abi, 0x1020);
    return b;
  };

  test('without a path or an ABI folder, the nm_version of the struct node_module tells which addon', () => {
    const d = run(
      {
        Dockerfile: 'FROM node:14\nWORKDIR /app\nCOPY . .\n',
        'node_modules/a/build/Release/a.node': withStruct(83),
        'node_modules/b/build/Release/b.node': withStruct(72),
        'node_modules/c/build/Release/c.node': legacy(),
      },
      TEXT,
    );
    expect(d.culprits.map((c) => [c.path, c.kind, c.confidence])).toEqual([
      ['node_modules/b/build/Release/b.node', 'node-abi-mismatch', 'likely'],
    ]);
    expect(d.culprits[0]!.evidence).toContain('nm_version');
  });

  test('an addon the message names whose struct says the ABI the image needs is not blamed', () => {
    const d = run(
      { Dockerfile: 'FROM node:14\nWORKDIR /app\nCOPY . .\n', 'node_modules/x/build/Release/x.node': withStruct(83) },
      "Error: The module '/app/node_modules/x/build/Release/x.node'\n" + TEXT.slice('Error: '.length),
    );
    expect(d.culprits).toEqual([]);
  });

  test('a legacy addon whose folder names the ABI the image needs is not blamed', () => {
    const d = run(
      {
        Dockerfile: 'FROM node:14\nWORKDIR /app\nCOPY . .\n',
        'node_modules/x/lib/binding/node-v83-linux-x64/x.node': legacy(),
      },
      TEXT,
    );
    expect(d.culprits).toEqual([]);
  });
});

describe('uv project environments from the host', () => {
  const DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN uv sync\n';
  test.for([
    'warning: Ignoring existing virtual environment linked to non-existent Python interpreter: /app/.venv/bin/python3 -> python3',
    // uv prints the project environment relative to the project (the WORKDIR) too.
    'warning: Ignoring existing virtual environment linked to non-existent Python interpreter: .venv/bin/python3 -> python3',
    'error: failed to canonicalize path `/app/.venv/bin/python3`',
    'error: Project virtual environment directory `/app/.venv` cannot be used because it is not a valid Python environment (no Python executable was found)',
  ])('%s names the copied venv', (text) => {
    const d = run(
      {
        Dockerfile: DOCKERFILE,
        '.venv/pyvenv.cfg': 'home = /opt/homebrew/opt/python@3.12/bin\nuv = 0.5.0\n',
        'pyproject.toml': '[project]\nname = "x"\n',
      },
      text,
    );
    expect(d.culprits.map((c) => [c.path, c.kind, c.confidence])).toEqual([
      ['.venv/pyvenv.cfg', 'host-venv', 'certain'],
    ]);
    expect(d.culprits[0]!.fix.ignoreLines).toEqual(['**/.venv']);
  });

  test('a venv the context does not hold is not blamed', () => {
    const d = run(
      { Dockerfile: DOCKERFILE, 'pyproject.toml': '[project]\nname = "x"\n' },
      'error: Project virtual environment directory `/app/.venv` cannot be used because it is not a valid Python environment',
    );
    expect(d.culprits).toEqual([]);
    expect(d.messages[0]!.verdict).toBe('not-in-context');
  });
});
