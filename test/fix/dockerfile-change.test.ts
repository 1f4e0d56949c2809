// Dockerfile changes are proven by applying them: the finding's edits go into the Dockerfile, the
// context is analysed again, and then `fix` may keep the environment out with an ignore line —
// with no COPY source missing or ignored at any step.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { applyDockerfileChange } from '../../src/fix/dockerfile-change.js';
import { planContextFix } from '../../src/fix/fix.js';
import type { DockerfileChange, Finding } from '../../src/types.js';
import { makeTree, type TreeSpec } from '../helpers/make-tree.js';

const BROKEN = ['copy-source-missing', 'copy-source-ignored'];

async function findingAbout(dir: string, envPath: string): Promise<Finding | undefined> {
  return (await analyze({ context: dir, sniff: false })).findings.find(
    (f) => f.check === 'host-environment' && f.path === envPath,
  );
}

async function applyAndReanalyse(
  spec: TreeSpec,
  envPath: string,
): Promise<{
  change: DockerfileChange;
  dockerfile: string;
  after: Finding | undefined;
  fixed: Awaited<ReturnType<typeof planContextFix>>;
}> {
  const dir = makeTree(spec);
  const before = (await findingAbout(dir, envPath))!;
  expect(before.data.ignoreLines).toEqual([]);
  const change = before.data.dockerfileChange as DockerfileChange;
  expect(change.kind).toBe('install-in-image');
  const file = path.join(dir, 'Dockerfile');
  const dockerfile = applyDockerfileChange(fs.readFileSync(file, 'utf8'), change);
  fs.writeFileSync(file, dockerfile);
  const report = await analyze({ context: dir, sniff: false });
  expect(report.findings.filter((f) => BROKEN.includes(f.check))).toEqual([]);
  const after = report.findings.find((f) => f.check === 'host-environment' && f.path === envPath);
  const fixed = await planContextFix({ context: dir, sniff: false });
  expect(fixed.after.findings.filter((f) => BROKEN.includes(f.check))).toEqual([]);
  return { change, dockerfile, after, fixed };
}

describe('install-in-image', () => {
  test('node_modules copied by name: npm ci from the lock file instead, then fix keeps it out', async () => {
    const { change, dockerfile, fixed } = await applyAndReanalyse(
      {
        Dockerfile:
          'FROM node:20\nWORKDIR /app\nCOPY --chown=node node_modules ./node_modules\nCOPY src/ ./src/\nCMD ["node", "src/index.js"]\n',
        'package.json': '{"name":"app","version":"1.0.0","dependencies":{"left-pad":"1.3.0"}}\n',
        'package-lock.json': '{}\n',
        'node_modules/left-pad/package.json': '{"name":"left-pad","version":"1.3.0"}\n',
        'node_modules/left-pad/index.js': 'module.exports = 1\n',
        'src/index.js': 'require("left-pad")\n',
      },
      'node_modules',
    );
    expect(change).toMatchObject({
      tool: 'npm',
      manifests: ['package.json', 'package-lock.json'],
      edits: [{ line: 3, deleteCount: 1 }],
    });
    expect(dockerfile).toBe(
      'FROM node:20\nWORKDIR /app\nCOPY --chown=node package.json package-lock.json /app/\nRUN cd /app && npm ci\nCOPY src/ ./src/\nCMD ["node", "src/index.js"]\n',
    );
    // With the COPY gone, an ignore line may keep the host's node_modules out.
    expect(fixed.plan.lines.map((l) => l.line)).toContain('**/node_modules');
    expect(fixed.after.findings.filter((f) => f.check === 'host-environment')).toEqual([]);
  });

  test('a venv copied by name with a uv lock file: uv sync into the same image path', async () => {
    const { change, dockerfile, fixed } = await applyAndReanalyse(
      {
        Dockerfile:
          'FROM python:3.12-slim\nWORKDIR /srv\nCOPY .venv /srv/.venv\nENV PATH=/srv/.venv/bin:$PATH\nCOPY app.py .\nCMD ["python", "app.py"]\n',
        'pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\n',
        'uv.lock': 'version = 1\n',
        '.venv/pyvenv.cfg': 'home = /usr/local/bin\nversion = 3.12.1\n',
        '.venv/lib/python3.12/site-packages/flask/__init__.py': '',
        'app.py': 'import flask\n',
      },
      '.venv',
    );
    expect(change).toMatchObject({ tool: 'uv', manifests: ['pyproject.toml', 'uv.lock'] });
    expect(dockerfile).toContain(
      'COPY pyproject.toml uv.lock /srv/\nRUN cd /srv && UV_PROJECT_ENVIRONMENT=/srv/.venv uv sync --frozen --no-install-project\n',
    );
    expect(fixed.after.findings.filter((f) => f.check === 'host-environment')).toEqual([]);
  });

  test.for([
    [
      'no lock file to pick a tool',
      {
        Dockerfile: 'FROM node:20\nCOPY node_modules /app/node_modules\n',
        'node_modules/a/index.js': '1',
        'node_modules/a/package.json': '{"name":"a","version":"1.0.0"}',
      },
    ],
    [
      'the COPY takes other sources too',
      {
        Dockerfile: 'FROM node:20\nCOPY node_modules package.json /app/\n',
        'package.json': '{}',
        'package-lock.json': '{}',
        'node_modules/a/index.js': '1',
        'node_modules/a/package.json': '{"name":"a","version":"1.0.0"}',
      },
    ],
  ] as const)('no change when %s', async ([, spec]) => {
    const f = await findingAbout(makeTree(spec as TreeSpec), 'node_modules');
    expect(f?.data.dockerfileChange).toBeUndefined();
  });
});

describe('applyDockerfileChange', () => {
  const change = (edits: DockerfileChange['edits']): DockerfileChange => ({
    kind: 'install-in-image',
    dockerfile: 'Dockerfile',
    summary: '',
    edits,
  });
  test.for([
    [
      'replace one line, CRLF kept',
      'A\r\nB\r\nC\r\n',
      [{ line: 2, deleteCount: 1, insert: ['X', 'Y'] }],
      'A\r\nX\r\nY\r\nC\r\n',
    ],
    ['insert before a line', 'A\nB\n', [{ line: 2, deleteCount: 0, insert: ['X'] }], 'A\nX\nB\n'],
    [
      'two edits, bottom-up',
      'A\nB\nC\n',
      [
        { line: 1, deleteCount: 1, insert: ['X'] },
        { line: 3, deleteCount: 1, insert: [] },
      ],
      'X\nB\n',
    ],
    ['no final newline', 'A\nB', [{ line: 2, deleteCount: 1, insert: ['Z'] }], 'A\nZ'],
  ] as const)('%s', ([, text, edits, out]) => {
    expect(applyDockerfileChange(text, change(edits.map((e) => ({ ...e, insert: [...e.insert] }))))).toBe(out);
  });

  test('overlapping or out-of-range edits are refused with one line', () => {
    expect(() => applyDockerfileChange('A\nB\n', change([{ line: 3, deleteCount: 1, insert: [] }]))).toThrow(
      /does not fit/,
    );
    expect(() =>
      applyDockerfileChange(
        'A\nB\nC\n',
        change([
          { line: 1, deleteCount: 2, insert: [] },
          { line: 2, deleteCount: 1, insert: [] },
        ]),
      ),
    ).toThrow(/does not fit/);
  });
});
