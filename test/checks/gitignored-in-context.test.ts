// The gitignored-in-context check on real trees: what it counts, how it groups, what it leaves
// to the Dockerfile and to the ignore file's exceptions, and lines that resolve it exactly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import type { Finding } from '../../src/types.js';
import { makeTree, type TreeSpec } from '../helpers/make-tree.js';

const ID = 'gitignored-in-context';

async function findingOf(dir: string, dockerfile?: string): Promise<Finding | undefined> {
  return (
    await analyze({ context: dir, ...(dockerfile !== undefined ? { dockerfile: path.join(dir, dockerfile) } : {}) })
  ).findings.find((f) => f.check === ID);
}

/** Appends the finding's lines to the ignore file and analyzes again. */
async function applyLines(dir: string, f: Finding, ignoreFile = '.dockerignore'): Promise<Finding | undefined> {
  const file = path.join(dir, ignoreFile);
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  fs.writeFileSync(
    file,
    old + (old === '' || old.endsWith('\n') ? '' : '\n') + (f.data.ignoreLines as string[]).join('\n') + '\n',
  );
  return await findingOf(dir);
}

const PROJECT: TreeSpec = {
  Dockerfile: 'FROM node:20\nCOPY . .\n',
  '.gitignore': 'node_modules/\n*.log\n/build\n',
  'app.js': '1',
  'node_modules/a/index.js': { size: 1000 },
  'web/node_modules/b/index.js': { size: 3000 },
  'build/out.js': { size: 200 },
  'web/build/keep.js': '1',
  'debug.log': { size: 10 },
  'web/err.log': { size: 20 },
  'pkg/.gitignore': 'dist/\n!keep.log\n',
  'pkg/dist/x.js': { size: 50 },
  'pkg/keep.log': '1',
  '.git/HEAD': 'ref: refs/heads/main\n',
};

describe(ID, () => {
  test('one finding with files, bytes, groups by the directories git ignores, and lines', async () => {
    const dir = makeTree(PROJECT);
    const f = (await findingOf(dir))!;
    expect(f).toMatchObject({ severity: 'warning', path: '.gitignore' });
    expect(f.data).toMatchObject({
      files: 6,
      bytes: 1000 + 3000 + 200 + 10 + 20 + 50,
      groupCount: 6,
      copiedFiles: 0,
      exceptedFiles: 0,
      uncoveredFiles: 0,
    });
    expect(
      (f.data.groups as { path: string; type: string; rule: string }[]).map((g) => [g.path, g.type, g.rule]),
    ).toEqual([
      ['web/node_modules', 'dir', '.gitignore:1:node_modules/'],
      ['node_modules', 'dir', '.gitignore:1:node_modules/'],
      ['build', 'dir', '.gitignore:3:/build'],
      ['pkg/dist', 'dir', 'pkg/.gitignore:1:dist/'],
      ['web/err.log', 'file', '.gitignore:2:*.log'],
      ['debug.log', 'file', '.gitignore:2:*.log'],
    ]);
    // `*.log` in Docker syntax would also take pkg/keep.log, which git keeps: literal lines instead.
    expect(f.data.ignoreLines).toEqual(['**/node_modules', '/build', 'pkg/**/dist', '/debug.log', 'web/err.log']);
    expect(await applyLines(dir, f)).toBeUndefined();
    const sent = (await analyze({ context: dir, top: 100 })).largestFiles.map((x) => x.path);
    expect(sent).toEqual(expect.arrayContaining(['web/build/keep.js', 'pkg/keep.log', 'app.js']));
  });

  test('a directory-only rule whose Docker form would take a file of the same name falls back to the path', async () => {
    const dir = makeTree({
      '.gitignore': 'out/\n',
      'out/a.o': '1',
      'lib/out/b.o': '1',
      'scripts/out': 'not ignored: a file',
    });
    const f = (await findingOf(dir))!;
    expect(f.data.ignoreLines).toEqual(['lib/out', '/out']);
    expect(await applyLines(dir, f)).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 'scripts/out'))).toBe(true);
    expect((await analyze({ context: dir, top: 100 })).largestFiles.map((x) => x.path)).toContain('scripts/out');
  });

  test('what a COPY names and what a `!` line keeps are not counted, and no line touches them', async () => {
    const dir = makeTree({
      Dockerfile: 'FROM node:20\nCOPY dist/ /app/dist/\nCOPY . .\n',
      '.gitignore': 'dist/\nnode_modules/\n',
      '.dockerignore': '!node_modules/keep.js\n',
      'dist/app.js': { size: 400 },
      'node_modules/keep.js': '1',
      'node_modules/drop.js': { size: 70 },
    });
    const f = (await findingOf(dir))!;
    expect(f.data).toMatchObject({ files: 1, bytes: 70, copiedFiles: 1, exceptedFiles: 1 });
    expect(f.data.ignoreLines).toEqual(['node_modules/drop.js']);
    expect(await applyLines(dir, f)).toBeUndefined();
  });

  test('a .gitignore the ignore file excludes, and .git/info/exclude behind an excluded .git, are still read', async () => {
    const dir = makeTree({
      '.dockerignore': '.git\npkg/.gitignore\n',
      'pkg/.gitignore': '*.tmp\n',
      'pkg/a.tmp': { size: 5 },
      '.git/info/exclude': 'notes.txt\n',
      'notes.txt': { size: 7 },
    });
    const f = (await findingOf(dir))!;
    expect(f.data).toMatchObject({ files: 2, bytes: 12, gitignoreFiles: ['.git/info/exclude', 'pkg/.gitignore'] });
    expect(f.path).toBe('.git/info/exclude');
  });

  test.for([
    ['no .gitignore', { 'a.log': '1' }],
    ['nothing ignored is sent', { '.gitignore': '*.log\n', '.dockerignore': '**/*.log\n', 'a.log': '1', 'b.txt': '1' }],
    ['only files inside .git', { '.gitignore': '*\n!.gitignore\n', '.git/objects/x': '1' }],
    [
      'ignored files the Dockerfile copies by name',
      { '.gitignore': 'dist/\n', Dockerfile: 'FROM x\nCOPY dist /dist\n', 'dist/a.js': '1' },
    ],
  ] as const)('no finding: %s', async ([, spec]) => {
    expect(await findingOf(makeTree(spec as TreeSpec))).toBeUndefined();
  });

  test('disabled, it does not run', async () => {
    const dir = makeTree(PROJECT);
    expect((await analyze({ context: dir, disable: [ID] })).findings.filter((f) => f.check === ID)).toEqual([]);
  });
});

describe(`${ID}: files git tracks are never ignored (git check-ignore asks the index first)`, () => {
  test('a tracked file under an ignored pattern is neither counted nor removed by the lines', async () => {
    const { execFileSync } = await import('node:child_process');
    const dir = makeTree({
      Dockerfile: 'FROM node:20\nCOPY . .\n',
      '.gitignore': '.vscode/*\n!.vscode/extensions.json\nlogs\n',
      '.vscode/launch.json': '{}',
      '.vscode/extensions.json': '{}',
      'app.js': '1',
    });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    // Tracked although the rules ignore it (added before the rule, or with --force).
    git('add', '-f', '.vscode/launch.json', '.vscode/extensions.json', 'app.js', 'Dockerfile', '.gitignore');
    fs.mkdirSync(path.join(dir, 'logs'));
    fs.writeFileSync(path.join(dir, 'logs/app.log'), 'untracked');
    const f = (await findingOf(dir))!;
    expect(f.data).toMatchObject({ files: 1, trackedFiles: 1 });
    expect((f.data.groups as { path: string }[]).map((g) => g.path)).toEqual(['logs']);
    expect(await applyLines(dir, f)).toBeUndefined();
    // The tracked file is still sent after the suggested lines.
    const { loadContext } = await import('../../src/context/load-context.js');
    const { nodeFileSystem } = await import('../../src/fs/node-fs.js');
    const paths = loadContext({
      fs: nodeFileSystem,
      cwd: dir,
      context: '.',
      classic: false,
      measureExcluded: false,
      stat: false,
      readLinks: false,
    }).entries.map((e) => e.path);
    expect(paths).toContain('.vscode/launch.json');
    expect(paths).not.toContain('logs/app.log');
  });
});

describe(`${ID}: the repository is found as git finds it`, () => {
  /** Runs git in `cwd` (tests only; buildctx itself never runs git). */
  async function gitIn(cwd: string, ...args: string[]): Promise<void> {
    const { execFileSync } = await import('node:child_process');
    execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd, stdio: 'ignore' });
  }

  /** A repository whose service directory is the context: rules at the top, a tracked file they ignore. */
  async function repository(): Promise<string> {
    const top = makeTree({
      '.gitignore': 'build/\n*.log\n/services/api/local.txt\n',
      'services/api/Dockerfile': 'FROM python:3.12\nWORKDIR /app\nCOPY . .\n',
      'services/api/main.py': 'print(1)\n',
      'services/api/tracked.log': 'kept on purpose\n',
    });
    await gitIn(top, 'init', '-q');
    await gitIn(top, 'add', '-f', '.');
    await gitIn(top, 'commit', '-qm', 'init');
    return top;
  }

  function addJunk(dir: string): void {
    fs.mkdirSync(path.join(dir, 'build'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'build/out.bin'), 'xx');
    fs.writeFileSync(path.join(dir, 'debug.log'), 'yy');
  }

  test('a context below the top of its repository uses the rules and the index above it', async () => {
    const top = await repository();
    const api = path.join(top, 'services/api');
    addJunk(api);
    fs.writeFileSync(path.join(api, 'local.txt'), 'zzz');
    const f = (await findingOf(api))!;
    expect(f.data).toMatchObject({
      files: 3,
      trackedFiles: 1,
      gitignoreFiles: ['../../.git/info/exclude', '../../.gitignore'],
    });
    expect((f.data.groups as { path: string }[]).map((g) => g.path).sort()).toEqual([
      'build',
      'debug.log',
      'local.txt',
    ]);
    // The anchored rule of the top's .gitignore becomes a line of the context; *.log would drop the tracked file.
    expect(f.data.ignoreLines).toEqual(['**/build', '/debug.log', '/local.txt']);
    expect(await applyLines(api, f)).toBeUndefined();
    expect(fs.existsSync(path.join(api, 'tracked.log'))).toBe(true);
    const after = await analyze({ context: api });
    expect(after.summary.files).toBe(4); // Dockerfile, main.py, tracked.log, .dockerignore
  });

  test('a linked worktree (a .git file with gitdir:) reads its own index and the shared info/exclude', async () => {
    const top = await repository();
    fs.writeFileSync(path.join(top, '.git/info/exclude'), 'scratch/\n');
    const wt = path.join(makeTree({}), 'wt');
    await gitIn(top, 'worktree', 'add', '-q', wt);
    expect(fs.readFileSync(path.join(wt, '.git'), 'utf8')).toMatch(/^gitdir: /);
    const api = path.join(wt, 'services/api');
    addJunk(api);
    fs.mkdirSync(path.join(api, 'scratch'));
    fs.writeFileSync(path.join(api, 'scratch/notes'), 'n');
    for (const context of [wt, api]) {
      const f = (await findingOf(context))!;
      expect(f.data).toMatchObject({ files: 3, trackedFiles: 1 });
      expect((f.data.ignoreLines as string[]).some((l) => l.includes('*.log'))).toBe(false);
    }
  });

  test('a submodule (a .git file with a relative gitdir) reads the index its gitdir holds', async () => {
    const top = await repository();
    const api = path.join(top, 'services/api');
    // What `git submodule absorbgitdirs` leaves: the repository under the parent's .git/modules.
    const sub = makeTree({ '.gitignore': '*.log\n', 'app.py': '1', 'kept.log': 'tracked' });
    await gitIn(sub, 'init', '-q');
    await gitIn(sub, 'add', '-f', '.');
    await gitIn(sub, 'commit', '-qm', 'init');
    const into = path.join(api, 'vendor/lib');
    fs.mkdirSync(path.join(top, '.git/modules'), { recursive: true });
    fs.cpSync(sub, into, { recursive: true });
    fs.renameSync(path.join(into, '.git'), path.join(top, '.git/modules/lib'));
    fs.writeFileSync(path.join(into, '.git'), 'gitdir: ../../../../.git/modules/lib\n');
    fs.writeFileSync(path.join(into, 'new.log'), 'untracked');
    const f = (await findingOf(into))!;
    expect(f.data).toMatchObject({ files: 1, trackedFiles: 1 });
    expect((f.data.groups as { path: string }[]).map((g) => g.path)).toEqual(['new.log']);
  });

  test('a .git file that points nowhere: no finding (tracked files cannot be told), no error', async () => {
    const dir = makeTree({
      '.git': 'gitdir: /nonexistent/.git/worktrees/x\n',
      '.gitignore': '*.log\n',
      Dockerfile: 'FROM alpine:3.20\nCOPY . /app\n',
      'app.log': 'maybe tracked',
    });
    expect(await findingOf(dir)).toBeUndefined();
    const garbage = makeTree({ '.git': '\u0000\u0001not a pointer', '.gitignore': '*.log\n', 'app.log': 'x' });
    expect(await findingOf(garbage)).toBeUndefined();
  });
});

test(`${ID}: files no COPY takes are info — BuildKit does not send them, only the classic builder does`, async () => {
  const tree = {
    '.gitignore': '*.log\n__pycache__/\n',
    'pyproject.toml': '[project]\nname = "api"\n',
    'src/main.py': 'print(1)\n',
    'logs/app.log': 'log line\n',
  };
  const only = makeTree({
    ...tree,
    Dockerfile: 'FROM python:3.13-alpine\nWORKDIR /app\nCOPY pyproject.toml ./\nCOPY src ./\n',
  });
  const f = (await findingOf(only))!;
  expect(f).toMatchObject({ severity: 'info', data: { files: 1, requestedFiles: 0 } });
  expect(f.message).toContain('BuildKit does not send it for this Dockerfile');
  const all = makeTree({ ...tree, Dockerfile: 'FROM python:3.13-alpine\nWORKDIR /app\nCOPY . .\n' });
  expect(await findingOf(all)).toMatchObject({ severity: 'warning', data: { files: 1, requestedFiles: 1 } });
});
