// The fix for a culprit: nested-aware ignore lines for its environment, checked with Docker's
// matcher on the sent entries, and the Dockerfile lines that install the environment instead.
import { describe, expect, test } from 'vitest';
import { parseIgnoreFile } from '../../src/context/ignore-file.js';
import { simulateIgnoreLines } from '../../src/context/simulate-ignore.js';
import type { CulpritDraft } from '../../src/diagnose/decide.js';
import { exactIgnoreLine, suggestFix } from '../../src/diagnose/fix.js';
import type { CulpritKind } from '../../src/diagnose/model.js';
import { parseDockerfile } from '../../src/dockerfile/parse-dockerfile.js';
import type { ContextEntry } from '../../src/types.js';

function entriesOf(paths: string[]): ContextEntry[] {
  const all = new Map<string, ContextEntry>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!all.has(dir)) all.set(dir, { path: dir, type: 'dir', size: 0, mode: 0o40755, mtimeMs: 0 });
    }
    all.set(p, { path: p, type: 'file', size: 100, mode: 0o100644, mtimeMs: 0 });
  }
  // The walk's order: parents before children.
  return [...all.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

function fixFor(
  path: string,
  paths: string[],
  options: { kind?: CulpritKind; ignore?: string; dockerfile?: string } = {},
) {
  const entries = entriesOf(paths);
  const patterns = parseIgnoreFile(Buffer.from(options.ignore ?? ''));
  const culprit: CulpritDraft = {
    path,
    type: 'file',
    kind: options.kind ?? 'macos-binary',
    what: '',
    explanation: '',
    origin: null,
  };
  return suggestFix(culprit, {
    entries: new Map(entries.map((e) => [e.path, e])),
    patterns,
    ignoreFile: '.dockerignore',
    model: options.dockerfile === undefined ? null : parseDockerfile(options.dockerfile),
    simulate: (lines) => simulateIgnoreLines(entries, patterns, lines),
    needed: new Map(),
    dockerfilePath: 'Dockerfile',
    read: { sniff: () => null, text: () => null },
    binds: [],
  });
}

describe('ignore lines', () => {
  test.for([
    [
      'node_modules anywhere',
      'web/node_modules/a/b.node',
      ['web/package.json', 'web/package-lock.json', 'web/node_modules/a/b.node'],
      ['**/node_modules'],
    ],
    [
      'a venv, by the name of its directory',
      'env3/lib/python3.11/site-packages/x.so',
      ['env3/pyvenv.cfg', 'env3/lib/python3.11/site-packages/x.so'],
      ['**/env3'],
    ],
    [
      'site-packages without a venv',
      'python/lib/python3.11/site-packages/x.so',
      ['python/lib/python3.11/site-packages/x.so'],
      ['**/site-packages'],
    ],
    [
      'a host node-gyp build of the project itself',
      'addon/build/Release/a.node',
      ['addon/package.json', 'addon/build/Release/a.node'],
      ['addon/build'],
    ],
    ['a loose binary: just that file', 'bin/tool', ['bin/tool', 'src/main.go'], ['bin/tool']],
  ] as const)('%s', ([, path, paths, lines]) => {
    const fix = fixFor(path, [...paths]);
    expect(fix.ignoreLines).toEqual(lines);
    expect(fix.verified).toBe(true);
    expect(fix.removes.files).toBeGreaterThan(0);
  });

  test('a line is verified against the existing ignore file, exceptions included', () => {
    // `!**/keep.node` re-includes the culprit under the old rules; the new line comes last and wins.
    const fix = fixFor('node_modules/x/keep.node', ['node_modules/x/keep.node', 'a.js'], { ignore: '!**/keep.node\n' });
    expect(fix).toMatchObject({ ignoreLines: ['**/node_modules'], verified: true, removes: { files: 1 } });
  });

  test('a line that only matches at the root is pointed out', () => {
    const fix = fixFor('web/node_modules/a/b.node', ['web/node_modules/a/b.node', 'web/package.json'], {
      ignore: 'node_modules\n',
    });
    expect(fix.notes[0]).toBe(
      '.dockerignore:1 `node_modules` matches only node_modules at the context root, not web/node_modules.',
    );
  });

  test.for([
    ['a*b.so', 'a\\*b.so'],
    ['x?[1].so', 'x\\?\\[1].so'],
    ['back\\slash.so', 'back\\\\slash.so'],
    ['#tag.so', '\\#tag.so'],
    ['!bang.so', '\\!bang.so'],
  ] as const)('exactIgnoreLine(%s) = %s, and it matches only that file', ([path, line]) => {
    expect(exactIgnoreLine(path)).toBe(line);
    const entries = entriesOf([path, 'other.so']);
    const sim = simulateIgnoreLines(entries, [], [line]);
    expect(sim.removed.map((e) => e.path)).toEqual([path]);
  });

  test("the project's own sources are edited, not ignored", () => {
    for (const kind of ['crlf-shebang', 'bom-before-shebang', 'lockfile-missing-package', 'git-lfs-pointer'] as const) {
      const fix = fixFor('x', ['x'], { kind });
      expect(fix.ignoreLines, kind).toEqual([]);
      expect(fix.notes.length, kind).toBeGreaterThan(0);
    }
  });
});

describe('Dockerfile lines', () => {
  test.for([
    [
      'npm with a lockfile',
      'node_modules/a/b.node',
      ['package.json', 'package-lock.json'],
      ['COPY package.json package-lock.json ./', 'RUN npm ci'],
    ],
    [
      'yarn',
      'node_modules/a/b.node',
      ['package.json', 'yarn.lock'],
      ['COPY package.json yarn.lock ./', 'RUN yarn install --frozen-lockfile'],
    ],
    [
      'pnpm',
      'node_modules/a/b.node',
      ['package.json', 'pnpm-lock.yaml'],
      ['COPY package.json pnpm-lock.yaml ./', 'RUN corepack enable && pnpm install --frozen-lockfile'],
    ],
    [
      'npm without a lockfile, package in a subdirectory',
      'web/node_modules/a/b.node',
      ['web/package.json'],
      ['COPY web/package.json ./', 'RUN npm install'],
    ],
    [
      'requirements.txt',
      '.venv/lib/x.so',
      ['.venv/pyvenv.cfg', 'requirements.txt'],
      ['COPY requirements.txt .', 'RUN pip install --no-cache-dir -r requirements.txt'],
    ],
    [
      'uv',
      '.venv/lib/x.so',
      ['.venv/pyvenv.cfg', 'pyproject.toml', 'uv.lock'],
      ['COPY pyproject.toml uv.lock ./', 'RUN uv sync --frozen --no-install-project'],
    ],
    [
      'poetry',
      '.venv/lib/x.so',
      ['.venv/pyvenv.cfg', 'pyproject.toml', 'poetry.lock'],
      ['COPY pyproject.toml poetry.lock ./', 'RUN pip install poetry && poetry install --no-root'],
    ],
  ] as const)('%s', ([, path, others, lines]) => {
    expect(fixFor(path, [path, ...others]).dockerfile).toEqual(lines);
  });

  // A poetry service that installs before `COPY . .` and also sends a host .venv: keeping the venv out is the whole fix.
  test.for([
    ['already installs', 'RUN pip install poetry && poetry install --no-root\n', []],
    [
      'installs nothing',
      '',
      ['COPY pyproject.toml poetry.lock ./', 'RUN pip install poetry && poetry install --no-root'],
    ],
  ] as const)('a Dockerfile that %s', ([, run, lines]) => {
    const dockerfile = `FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\n${run}COPY . .\n`;
    const path = '.venv/lib/x.so';
    const fix = fixFor(path, [path, '.venv/pyvenv.cfg', 'pyproject.toml', 'poetry.lock'], { dockerfile });
    expect(fix.ignoreLines).toEqual(['**/.venv']);
    expect(fix.dockerfile).toEqual(lines);
    expect(fix.edits.length > 0).toBe(lines.length > 0);
  });

  test('a build stage on $BUILDPLATFORM is named when the culprit is for another CPU', () => {
    const dockerfile =
      'FROM --platform=$BUILDPLATFORM node:20 AS deps\nRUN npm ci\nFROM node:20\nCOPY --from=deps /app /app\n';
    const fix = fixFor('node_modules/a/b.node', ['node_modules/a/b.node', 'package.json'], {
      kind: 'foreign-arch',
      dockerfile,
    });
    expect(fix.notes.join('\n')).toContain('Stage 0 builds on --platform=$BUILDPLATFORM');
  });
});
