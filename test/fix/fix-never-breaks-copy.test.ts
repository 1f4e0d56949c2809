// The promise of `fix --write`: for any Dockerfile over any context, the lines it writes never
// make a COPY/ADD/RUN --mount source missing or ignored. Checked by analysing again with the
// written ignore file (planContextFix does exactly that) on generated contexts and Dockerfiles.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { blockLines } from '../../src/facts/plan-fix.js';
import { planContextFix } from '../../src/fix/fix.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';

const FILES: Record<string, string> = {
  'app.py': 'print(1)\n',
  'requirements.txt': 'flask==3.0.0\n',
  'package.json': '{"name":"a","version":"1.0.0"}\n',
  'package-lock.json': '{}\n',
  'node_modules/left-pad/package.json': '{"name":"left-pad","version":"1.3.0"}\n',
  'node_modules/left-pad/index.js': 'module.exports = 1\n',
  '.venv/pyvenv.cfg': 'home = /opt/homebrew/bin\nversion = 3.12.1\n',
  '.venv/lib/python3.12/site-packages/flask/__init__.py': '',
  '.env': 'SECRET_KEY=abc\n',
  'web/.env': 'API_TOKEN=abc\n',
  'web/src/a.js': 'export {}\n',
  'web/node_modules/x/index.js': '1\n',
  'web/node_modules/x/package.json': '{"name":"x","version":"1.0.0"}\n',
  'logs/app.log': 'log\n',
  'dist/app.js': 'bundle\n',
  'dist/app.js.map': '{}\n',
  '.DS_Store': 'x',
  '__pycache__/app.cpython-312.pyc': 'x',
  'src/__pycache__/m.cpython-312.pyc': 'x',
  'src/m.py': 'x = 1\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
};
const SOURCES = [
  '.',
  'app.py',
  'requirements.txt',
  'package*.json',
  'web/',
  'web/src',
  'node_modules',
  '.venv',
  'dist/app.js',
  'dist',
  'logs',
  'src',
  '*.py',
  '.env',
  'web/.env',
  '__pycache__',
];
const IGNORE_LINES = [
  'node_modules',
  '*.log',
  '!logs/keep.log',
  'dist',
  '.git',
  '**/__pycache__',
  '!web/.env',
  '.venv',
  'web/node_modules',
];

const context = fc.record({
  files: fc.subarray(Object.keys(FILES), { minLength: 1 }),
  ignore: fc.option(fc.subarray(IGNORE_LINES), { nil: undefined }),
  copies: fc.array(fc.tuple(fc.constantFrom(...SOURCES), fc.constantFrom('COPY', 'ADD', 'MOUNT')), {
    minLength: 1,
    maxLength: 4,
  }),
  stages: fc.boolean(),
});

test('fix --write never makes a COPY source missing or ignored, and writes what the report suggested', async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(context, async ({ files, ignore, copies, stages }) => {
      const lines = stages ? ['FROM python:3.12 AS build', 'WORKDIR /src'] : ['FROM python:3.12', 'WORKDIR /app'];
      for (const [source, kind] of copies) {
        if (kind === 'MOUNT') lines.push(`RUN --mount=type=bind,source=${source},target=/mnt/x true`);
        else lines.push(`${kind} ${source} ./${source === '.' ? '' : 'in/'}`);
      }
      if (stages) lines.push('FROM python:3.12-slim', 'COPY --from=build /src /app');
      const nodes: MemoryNode[] = files.map((p) => ({ path: p, type: 'file', content: FILES[p]! }));
      nodes.push({ path: 'Dockerfile', type: 'file', content: lines.join('\n') + '\n' });
      if (ignore !== undefined) nodes.push({ path: '.dockerignore', type: 'file', content: ignore.join('\n') + '\n' });
      const fs = new MemoryFileSystem(nodes, '/ctx');
      // planContextFix throws when the written lines would lose a path the Dockerfile copies.
      const result = await planContextFix({ fs, cwd: '/ctx', context: '.', sniff: false });
      const broken = (r: typeof result.before) =>
        r.findings
          .filter((f) => f.check === 'copy-source-missing' || f.check === 'copy-source-ignored')
          .map((f) => f.fingerprint)
          .sort();
      expect(broken(result.after)).toEqual(broken(result.before));
      // The report's suggested lines (markdown, JSON) are exactly the patterns fix writes.
      expect(result.before.suggestedIgnoreLines).toEqual(blockLines(result.plan).filter((l) => !l.startsWith('#')));
      runs++;
    }),
    { numRuns: 150, seed: 4001 },
  );
  expect(runs).toBe(150);
});
