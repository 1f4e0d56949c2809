// fix walks the context once: its second analysis, with the planned lines, is derived from the
// first walk's entries (src/context/simulate-context.ts) when the lines only keep more out. Counted
// in directory reads, and the result is the one a second walk gives.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { analyzeContext } from '../../src/analyze/analyze.js';
import { planContextFix } from '../../src/fix/fix.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';
import { overlayFile } from '../../src/fs/overlay-fs.js';

const TREE: MemoryNode[] = [
  {
    path: 'Dockerfile',
    type: 'file',
    content: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n',
  },
  { path: 'package.json', type: 'file', content: '{"name":"app","dependencies":{"left-pad":"1.3.0"}}\n' },
  { path: 'package-lock.json', type: 'file', content: '{"lockfileVersion":3}\n' },
  { path: 'index.js', type: 'file', content: 'console.log(1)\n' },
  { path: 'node_modules/left-pad/package.json', type: 'file', content: '{"name":"left-pad","version":"1.3.0"}\n' },
  { path: 'node_modules/left-pad/index.js', type: 'file', size: 900 },
  { path: 'web/node_modules/x/index.js', type: 'file', size: 400 },
  { path: 'logs/debug.log', type: 'file', size: 300 },
];

afterEach(() => vi.restoreAllMocks());

/** Directory reads during `run`. */
async function readsDuring<T>(run: () => Promise<T>): Promise<{ reads: number; result: T }> {
  const spy = vi.spyOn(MemoryFileSystem.prototype, 'readDir');
  const result = await run();
  const reads = spy.mock.calls.length;
  spy.mockRestore();
  return { reads, result };
}

describe('fix', () => {
  test.for([
    ['an ignore file that exists', [{ path: '.dockerignore', type: 'file', content: '.git\n' } as MemoryNode]],
    ['no ignore file (fix creates .dockerignore)', []],
  ] as const)('with %s: one walk, and the numbers a second walk gives', async ([, extra]) => {
    const fs = new MemoryFileSystem([...TREE, ...extra], '/ctx');
    const options = { fs, cwd: '/ctx', context: '.', sniff: false };
    const once = await readsDuring(() => analyzeContext(options));
    const fixed = await readsDuring(() => planContextFix(options));
    expect(fixed.result.changed).toBe(true);
    expect(fixed.result.plan.lines.map((l) => l.line)).toContain('**/node_modules');
    expect(fixed.reads).toBe(once.reads);
    // The same report as analyzing the context again with the edited file.
    const walked = await analyzeContext({
      ...options,
      fs: overlayFile(fs, '/ctx/.dockerignore', fixed.result.newContent),
    });
    expect(fixed.result.after).toEqual(walked.report);
  });
});
