// The promise of `fix --write`: for any Dockerfile over any context, the lines it writes never
// make a COPY/ADD/RUN --mount source missing or ignored, nor remove a file ENTRYPOINT/CMD runs or
// reads. Checked by analysing again with the written ignore file (planContextFix does exactly
// that) and by walking the context again with it, on generated contexts and Dockerfiles.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { analyzeContext } from '../../src/analyze/analyze.js';
import { loadContext } from '../../src/context/load-context.js';
import { blockLines } from '../../src/facts/plan-fix.js';
import { filesRunByName } from '../../src/facts/reach.js';
import { planContextFix } from '../../src/fix/fix.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';
import { REPO } from '../checks/helpers.js';

/** A Mac binary: foreign-binary suggests ignoring it unless something runs it. */
const MACHO = fs.readFileSync(path.join(REPO, 'fixtures/binaries/macho-arm64-exe'));

const FILES: Record<string, string | Uint8Array> = {
  'bin/server': MACHO,
  'tools/server': MACHO,
  'run.sh': '#!/bin/sh\nexec ./bin/server\n',
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
  'bin',
  'bin/',
  'run.sh',
];
/** How the final stage gets the program the container starts with, and the start (WORKDIR is /app). */
const STARTS: [copy: string, start: string][] = [
  ['', ''],
  ['', 'CMD ["./in/server"]'],
  ['COPY app.py ./', 'CMD ["python", "app.py"]'],
  ['COPY . .', 'CMD ["./bin/server"]'],
  ['COPY run.sh ./', 'ENTRYPOINT ["sh", "run.sh"]'],
  ['COPY bin/ /usr/local/bin/', 'ENTRYPOINT ["server"]'],
  ['COPY bin /app/bin', 'ENV PATH="/app/bin:$PATH"\nCMD ["server", "--port", "80"]'],
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
  start: fc.constantFrom(...STARTS),
});

test('fix --write never makes a COPY source missing or ignored, and writes what the report suggested', async () => {
  let runs = 0;
  let withRuns = 0;
  await fc.assert(
    fc.asyncProperty(context, async ({ files, ignore, copies, stages, start }) => {
      const lines = stages ? ['FROM python:3.12 AS build', 'WORKDIR /src'] : ['FROM python:3.12', 'WORKDIR /app'];
      for (const [source, kind] of copies) {
        if (kind === 'MOUNT') lines.push(`RUN --mount=type=bind,source=${source},target=/mnt/x true`);
        else lines.push(`${kind} ${source} ./${source === '.' ? '' : 'in/'}`);
      }
      if (stages) lines.push('FROM python:3.12-slim', 'WORKDIR /app', 'COPY --from=build /src /app');
      for (const line of start) if (line !== '') lines.push(line);
      const nodes: MemoryNode[] = files.map((p) => ({ path: p, type: 'file', content: FILES[p]!, mode: 0o755 }));
      nodes.push({ path: 'Dockerfile', type: 'file', content: lines.join('\n') + '\n' });
      if (ignore !== undefined) nodes.push({ path: '.dockerignore', type: 'file', content: ignore.join('\n') + '\n' });
      const mem = new MemoryFileSystem(nodes, '/ctx');
      // planContextFix throws when the written lines would lose a path the Dockerfile copies.
      const result = await planContextFix({ fs: mem, cwd: '/ctx', context: '.' });
      // Walked again with the written file: every file a run needs by name is still sent.
      const needed = [...filesRunByName((await analyzeContext({ fs: mem, cwd: '/ctx', context: '.' })).model).keys()];
      const written = nodes.filter((n) => n.path !== '.dockerignore');
      written.push({ path: '.dockerignore', type: 'file', content: result.newContent });
      const after = loadContext({
        fs: new MemoryFileSystem(written, '/ctx'),
        cwd: '/ctx',
        classic: false,
        measureExcluded: false,
        stat: true,
        readLinks: true,
      });
      const sent = new Set(after.entries.map((e) => e.path));
      expect(needed.filter((p) => !sent.has(p))).toEqual([]);
      if (needed.length > 0) withRuns++;
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
    { numRuns: 150, seed: 20261207 },
  );
  expect(runs).toBe(150);
  // The generator does reach the case: Dockerfiles whose start command runs a context file.
  expect(withRuns).toBeGreaterThan(10);
});
