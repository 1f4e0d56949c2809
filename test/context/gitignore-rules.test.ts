// Our gitignore evaluation against git itself: `git check-ignore --no-index` on real trees with
// nested .gitignore files, negations, directory-only and anchored patterns, info/exclude.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  compileGitIgnore,
  MAX_CHAIN_RULES,
  parseGitIgnore,
  type GitIgnoreSource,
} from '../../src/context/gitignore.js';
import { makeTree, type TreeSpec } from '../helpers/make-tree.js';

/** Every non-directory path below `root` except inside .git, context-relative. */
function listFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const p = rel === '' ? d.name : `${rel}/${d.name}`;
    if (d.name === '.git') continue;
    if (d.isDirectory()) out.push(...listFiles(root, p));
    else out.push(p);
  }
  return out.sort();
}

function sourcesOf(root: string): GitIgnoreSource[] {
  const sources: GitIgnoreSource[] = listFiles(root)
    .filter((p) => path.posix.basename(p) === '.gitignore')
    .map((p) => ({
      path: p,
      base: path.posix.dirname(p) === '.' ? '' : path.posix.dirname(p),
      text: fs.readFileSync(path.join(root, p), 'utf8'),
    }));
  const exclude = path.join(root, '.git/info/exclude');
  if (fs.existsSync(exclude))
    sources.push({ path: '.git/info/exclude', base: '', text: fs.readFileSync(exclude, 'utf8') });
  return sources;
}

/** What git says: the paths `git check-ignore --no-index` reports as ignored. */
function gitIgnored(root: string, files: string[]): string[] {
  if (files.length === 0) return [];
  try {
    const out = execFileSync(
      'git',
      [
        '-c',
        'core.excludesFile=/dev/null',
        '-c',
        'core.ignoreCase=false',
        'check-ignore',
        '--no-index',
        '--stdin',
        '-z',
      ],
      {
        cwd: root,
        input: files.join('\0') + '\0',
      },
    );
    return out
      .toString('utf8')
      .split('\0')
      .filter((p) => p !== '')
      .sort();
  } catch (error) {
    // Exit status 1: none of the paths is ignored.
    if ((error as { status?: number }).status === 1) return [];
    throw error;
  }
}

/**
 * A tree that git takes for a repository: the three things its discovery checks (HEAD, objects/,
 * refs/), written directly — a `git init` per generated tree was half of this file's processes.
 */
function withRepo(spec: TreeSpec, exclude?: string): string {
  const root = makeTree(spec);
  const git = path.join(root, '.git');
  for (const dir of ['objects', 'refs', 'info']) fs.mkdirSync(path.join(git, dir), { recursive: true });
  fs.writeFileSync(path.join(git, 'HEAD'), 'ref: refs/heads/main\n');
  if (exclude !== undefined) fs.writeFileSync(path.join(git, 'info/exclude'), exclude);
  return root;
}

const SCENARIOS: [name: string, spec: TreeSpec, exclude?: string][] = [
  [
    'nested files, negations, directory-only and anchored patterns',
    {
      '.gitignore': '# build output\nbuild/\n*.log\n!keep.log\n/top-only.txt\ndocs/*.tmp\n**/cache/**\n',
      'keep.log': '1',
      'a.log': '1',
      'top-only.txt': '1',
      'sub/top-only.txt': '1',
      'build/out.js': '1',
      'build/keep.log': '1',
      'src/build/index.js': '1',
      'src/build.txt': '1',
      'docs/a.tmp': '1',
      'docs/deep/b.tmp': '1',
      'x/cache/y/z.bin': '1',
      'x/cache.txt': '1',
      'pkg/.gitignore': '!build/\n*.txt\n!important.txt\n/local/\n',
      'pkg/build/out.js': '1',
      'pkg/build/notes.txt': '1',
      'pkg/important.txt': '1',
      'pkg/a.log': '1',
      'pkg/keep.log': '1',
      'pkg/local/x.js': '1',
      'pkg/deeper/local/x.js': '1',
      'pkg/deeper/.gitignore': '!*.log\n',
      'pkg/deeper/b.log': '1',
    },
  ],
  [
    'a directory git ignores cannot be re-entered by a negation or a nested file',
    {
      '.gitignore': 'vendor/\n!vendor/keep.txt\nenv\n!env/pyvenv.cfg\n',
      'vendor/keep.txt': '1',
      'vendor/.gitignore': '!*\n',
      'vendor/lib/a.py': '1',
      'env/pyvenv.cfg': '1',
      'env/bin/python': '1',
    },
  ],
  [
    'info/exclude has the lowest precedence; escapes, trailing spaces, CRLF and case',
    {
      '.gitignore': 'secret.txt\r\n\\#hash\n\\!bang\ntrail\\ \nspaced   \nBuild\n[abc].dat\n',
      'secret.txt': '1',
      '#hash': '1',
      '!bang': '1',
      'trail ': '1',
      spaced: '1',
      'build/x': '1',
      'Build/y': '1',
      'a.dat': '1',
      'd.dat': '1',
      'from-exclude.txt': '1',
      'kept-by-gitignore.txt': '1',
      'q/.gitignore': '!kept-by-gitignore.txt\n',
      'q/kept-by-gitignore.txt': '1',
    },
    'from-exclude.txt\nkept-by-gitignore.txt\n',
  ],
  [
    'directory names with glob characters, symlinks are not directories',
    {
      'we[ir]d*dir/.gitignore': '*.o\n/only-here\n',
      'we[ir]d*dir/a.o': '1',
      'we[ir]d*dir/only-here': '1',
      'we[ir]d*dir/sub/only-here': '1',
      'wexdxdir/a.o': '1',
      '.gitignore': 'linkdir/\nnode_modules\n',
      'real/file': '1',
      linkdir: { symlink: 'real' },
      'a/b/node_modules/x/index.js': '1',
      'node_modules/y.js': '1',
    },
  ],
];

describe('gitignore evaluation matches git check-ignore --no-index', () => {
  test.for(SCENARIOS)('%s', ([, spec, exclude]) => {
    const root = withRepo(spec, exclude);
    const files = listFiles(root);
    const matcher = compileGitIgnore(sourcesOf(root));
    const ours = files.filter((f) => matcher.isIgnored(f, false));
    expect(ours).toEqual(gitIgnored(root, files));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.length).toBeLessThan(files.length);
  });
});

const NAMES = ['a', 'b', 'build', 'x.log', 'keep.log', 'node_modules'] as const;
const PATTERNS = [
  'a',
  '/a',
  'a/',
  'b/a',
  '*.log',
  '!keep.log',
  '!*.log',
  'build/',
  '!build/',
  '/build',
  'b/**',
  '**/a',
  '!a',
  'node_modules',
  'b/*/x.log',
  '*',
  '!b',
] as const;

describe('random trees agree with git', () => {
  const file = fc.tuple(
    fc.array(fc.constantFrom(...NAMES), { minLength: 0, maxLength: 3 }),
    fc.constantFrom('f.txt', 'x.log', 'keep.log', 'a'),
  );
  // Each .gitignore goes into one of the tree's directories (index modulo their number).
  const ignoreFile = fc.tuple(fc.nat(), fc.array(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 4 }));
  test('on 40 generated trees', () => {
    fc.assert(
      fc.property(
        fc.array(file, { minLength: 1, maxLength: 12 }),
        fc.array(ignoreFile, { minLength: 1, maxLength: 4 }),
        (files, ignores) => {
          const spec: TreeSpec = {};
          const dirs = new Set<string>();
          for (const [segments] of files)
            for (let i = 1; i <= segments.length; i++) dirs.add(segments.slice(0, i).join('/'));
          for (const [segments, name] of files) {
            const p = [...segments, name].join('/');
            // A name used as a directory elsewhere cannot also be a file.
            if (!dirs.has(p)) spec[p] = '1';
          }
          const places = ['', ...[...dirs].sort()];
          for (const [index, lines] of ignores) {
            const dir = places[index % places.length]!;
            spec[dir === '' ? '.gitignore' : `${dir}/.gitignore`] = lines.join('\n') + '\n';
          }
          for (const p of Object.keys(spec)) {
            const parts = p.split('/');
            for (let i = 1; i < parts.length; i++) if (spec[parts.slice(0, i).join('/')] !== undefined) delete spec[p];
          }
          const root = withRepo(spec);
          const all = listFiles(root);
          const matcher = compileGitIgnore(sourcesOf(root));
          expect(all.filter((f) => matcher.isIgnored(f, false))).toEqual(gitIgnored(root, all));
          // Directories too (git sees on disk that they are): a directory holding a .gitignore is
          // tested with its own rules as well, as the files below it are.
          const asked = [
            ...new Set(
              all.flatMap((f) =>
                f
                  .split('/')
                  .slice(0, -1)
                  .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
              ),
            ),
          ].sort();
          expect(asked.filter((d) => matcher.isIgnored(d, true))).toEqual(gitIgnored(root, asked));
        },
      ),
      { numRuns: 40, seed: 20240601 },
    );
  });
});

describe('a .gitignore in each of many nested directories', () => {
  // Level k's file ignores the name f<k> below it; the top one *.log except keep.log. A path is
  // tested with its ancestors' rules only; past the limit of references the per-directory lists
  // may hold (a .gitignore in each of thousands of nested directories), one list of every rule
  // answers instead, the same answers.
  const dirOf = (k: number) => Array.from({ length: k }, () => 'd').join('/');
  const sourcesTo = (levels: number): GitIgnoreSource[] => [
    { path: '.gitignore', base: '', text: '*.log\n!keep.log\n' },
    ...Array.from({ length: levels }, (_, i) => ({
      path: `${dirOf(i + 1)}/.gitignore`,
      base: dirOf(i + 1),
      text: `f${i + 1}\n`,
    })),
  ];
  test.for([
    ['per-directory lists', MAX_CHAIN_RULES],
    ['one list, past the limit of references', 100],
  ] as const)('%s', ([, limit]) => {
    const levels = 40;
    // The lists hold 2 + k references at level k.
    const chainRules = levels * 2 + (levels * (levels + 1)) / 2;
    expect(chainRules > limit).toBe(limit === 100);
    const m = compileGitIgnore(sourcesTo(levels), limit);
    const at = (k: number, name: string) => `${dirOf(k)}/${name}`;
    expect(m.isIgnored(at(levels, `f${levels}`), false)).toBe(true);
    expect(m.isIgnored(at(levels, 'f1'), false)).toBe(true);
    expect(m.isIgnored(at(3, 'f4'), false)).toBe(false);
    expect(m.isIgnored(at(levels - 1, `f${levels}`), false)).toBe(false);
    expect(m.isIgnored(at(levels, 'x.log'), false)).toBe(true);
    expect(m.isIgnored(at(levels, 'keep.log'), false)).toBe(false);
    expect(m.isIgnored('f1', false)).toBe(false);
    expect(m.ruleFor(at(7, 'f2'), false)).toMatchObject({ source: 'd/d/.gitignore', pattern: 'f2' });
  });
});

describe('parseGitIgnore', () => {
  test.for([
    ['build/', { negative: false, basenameOnly: true, directoryOnly: true, body: 'build' }],
    ['/build', { negative: false, basenameOnly: false, directoryOnly: false, body: 'build' }],
    ['!a/b/', { negative: true, basenameOnly: false, directoryOnly: true, body: 'a/b' }],
    ['x\\ ', { pattern: 'x\\ ', body: 'x\\ ' }],
    ['x  ', { pattern: 'x' }],
  ] as const)('%s', ([line, expected]) => {
    expect(parseGitIgnore({ path: '.gitignore', base: '', text: line + '\n' })[0]).toMatchObject(expected);
  });

  test('comments, blank lines and a lone "!" are no rules; line numbers count them', () => {
    const rules = parseGitIgnore({ path: '.gitignore', base: '', text: '\uFEFF# c\n\n!\n  \nx\n' });
    expect(rules.map((r) => [r.line, r.pattern])).toEqual([[5, 'x']]);
  });
});
