// Suggested fixes: every ignore line, appended to the ignore file, makes its finding disappear.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { escapeIgnorePath } from '../../src/facts/suggest-fix.js';
import type { Finding } from '../../src/types.js';
import { makeTree, type TreeSpec } from '../helpers/make-tree.js';
import {
  appendIgnoreLines,
  bin,
  copyScenario,
  findingsOf,
  HOST_CHECKS,
  SCENARIOS,
  type ModelOptions,
} from '../checks/helpers.js';

describe('escapeIgnorePath', () => {
  test.for([
    ['.venv', '.venv'],
    ['a b/c', 'a b/c'],
    ['tools/[x]/a*.so', 'tools/\\[x\\]/a\\*.so'],
    ['what?', 'what\\?'],
    ['back\\slash', 'back\\\\slash'],
    ['!important', '\\!important'],
    ['#notes', '\\#notes'],
  ] as const)('%s → %s', ([input, output]) => {
    expect(escapeIgnorePath(input)).toBe(output);
  });
});

// Scenarios run through analyze(), so their Dockerfiles set the target (python:3.13-alpine: musl).
const analyzeFindings = async (dir: string): Promise<Finding[]> =>
  (await analyze({ context: dir })).findings.filter((f) => HOST_CHECKS.has(f.check));

const synthetic: { name: string; tree: TreeSpec; options?: ModelOptions }[] = [
  {
    name: 'glibc too new, loose file',
    tree: { 'bin/server': bin('exe-x86_64-needs-glibc-2.99') },
    options: { target: { glibcVersion: '2.36' } },
  },
  {
    name: 'sourceless bytecode, loose',
    tree: { 'lib/a.pyc': bin('pyc-cp310.pyc'), 'lib/b.pyc': bin('pyc-cp39.pyc') },
    options: { target: { pythonVersion: '3.12' } },
  },
  {
    name: 'a nested venv with a conventional name',
    tree: {
      'services/api/.venv/pyvenv.cfg': 'home = /opt/homebrew/bin\n',
      'services/api/.venv/lib/x.dylib': bin('macho-arm64.dylib'),
    },
  },
  {
    name: 'a nested venv with a plain name is left out by its exact path',
    tree: { 'services/api/venv/pyvenv.cfg': 'home = /opt/homebrew/bin\n' },
  },
  {
    name: 'many loose foreign binaries in one directory: the directory',
    tree: Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`prebuilt/tool${i}`, bin('macho-arm64-exe', 0o755)]),
    ),
  },
  { name: 'a path with pattern characters', tree: { 'tools/[mac]/helper*': bin('macho-arm64-exe', 0o755) } },
  {
    name: 'an existing exception for the environment is overridden by the appended line',
    tree: {
      '.dockerignore': 'node_modules\n!node_modules/@esbuild\n',
      'node_modules/@esbuild/darwin-arm64/package.json':
        '{"name":"@esbuild/darwin-arm64","os":["darwin"],"cpu":["arm64"]}',
      'node_modules/@esbuild/darwin-arm64/bin/esbuild': bin('macho-arm64-exe'),
    },
  },
];

function key(f: Finding): string {
  return `${f.check} ${f.path}`;
}

async function checkEachFix(fresh: () => string, run: (dir: string) => Finding[] | Promise<Finding[]>): Promise<void> {
  const findings = await run(fresh());
  expect(findings.length).toBeGreaterThan(0);
  for (const f of findings) {
    const lines = f.data.ignoreLines as string[];
    expect(lines.length, `${key(f)} suggests ignore lines`).toBeGreaterThan(0);
    const dir = fresh();
    appendIgnoreLines(dir, lines);
    const after = (await run(dir)).map(key);
    expect(after, `${key(f)} is gone after appending ${lines.join(', ')}`).not.toContain(key(f));
  }
}

describe('fix applied → finding gone', () => {
  test.for(SCENARIOS.filter((s) => s !== 'clean'))('scenario %s', async (name) => {
    await checkEachFix(() => copyScenario(name), analyzeFindings);
  });

  test.for(synthetic)('$name', async (c) => {
    await checkEachFix(
      () => makeTree(c.tree),
      (dir) => findingsOf(dir, undefined, c.options),
    );
  });

  test('all fixes of a scenario together leave no finding', async () => {
    for (const name of SCENARIOS) {
      const dir = copyScenario(name);
      const lines = (await analyzeFindings(dir)).flatMap((f) => f.data.ignoreLines as string[]);
      appendIgnoreLines(dir, [...new Set(lines)]);
      expect(await analyzeFindings(dir), name).toEqual([]);
    }
  });

  test("an earlier exception inside the directory needs the directory/** line too (checked with Docker's matcher)", () => {
    // The oracle (moby/patternmatcher MatchesUsingParentResults) on this tree: with
    // "node_modules, !node_modules/@esbuild, **/node_modules" the esbuild binary is still sent;
    // adding "**/node_modules/**" leaves it out.
    const dir = makeTree({
      '.dockerignore': 'node_modules\n!node_modules/@esbuild\n',
      'node_modules/@esbuild/darwin-arm64/package.json':
        '{"name":"@esbuild/darwin-arm64","os":["darwin"],"cpu":["arm64"]}',
      'node_modules/@esbuild/darwin-arm64/bin/esbuild': bin('macho-arm64-exe'),
    });
    const [f] = findingsOf(dir, 'foreign-binary');
    expect(f!.data.ignoreLines).toEqual(['**/node_modules', '**/node_modules/**']);
  });

  test('the appended file keeps what it had', () => {
    const dir = makeTree({ '.dockerignore': '.git', '.DS_Store': bin('DS_Store') });
    appendIgnoreLines(dir, ['**/.DS_Store']);
    expect(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toBe('.git\n**/.DS_Store\n');
  });
});
