// gitignored-in-context costs in proportion to the entries: counted in calls, not time. Four
// times the packages (four times the entries) must take about four times the git-rule queries and
// the Docker pattern matches (walk, suggested-line checks and fix plan included), not sixteen.
import { createRequire } from 'node:module';
import { afterEach, expect, test, vi } from 'vitest';
import { PatternMatcher } from '../../src/context/matcher.js';
import { checks } from '../../src/analyze/registry.js';
import { analyzeContext, type ContextSpec } from './analyze-context.js';

// The check asks git's rules through the `ignore` package (src/context/gitignore.ts): its queries
// are counted on the package's prototype (module mocks do not reach modules a worker shares).
const ignorePrototype = Object.getPrototypeOf((createRequire(import.meta.url)('ignore') as () => object)()) as {
  test: (path: string) => unknown;
};

afterEach(() => vi.restoreAllMocks());

/** `n` packages, each with sources, installed modules, build output and a log, under one .gitignore. */
function monorepo(n: number): ContextSpec {
  const spec: ContextSpec = {
    Dockerfile: 'FROM node:20\nCOPY . /app\n',
    '.gitignore': 'node_modules/\n*.log\nbuild/\n',
  };
  for (let i = 0; i < n; i++) {
    const p = `packages/p${i}`;
    spec[`${p}/src/index.js`] = 'x';
    spec[`${p}/src/util.js`] = 'x';
    for (const m of ['a', 'b', 'c']) spec[`${p}/node_modules/${m}/index.js`] = 'y';
    spec[`${p}/build/out.js`] = 'z';
    spec[`${p}/debug.log`] = 'l';
  }
  return spec;
}

async function cost(n: number): Promise<{ git: number; match: number; files: number }> {
  const git = vi.spyOn(ignorePrototype, 'test');
  const match = vi.spyOn(PatternMatcher.prototype, 'matchWithParent');
  const others = checks.map((c) => c.meta.id).filter((id) => id !== 'gitignored-in-context');
  const report = await analyzeContext(monorepo(n), { disable: others });
  const finding = report.findings.find((f) => f.check === 'gitignored-in-context');
  const counted = {
    git: git.mock.calls.length,
    match: match.mock.calls.length,
    files: Number(finding?.data.files ?? 0),
  };
  git.mockRestore();
  match.mockRestore();
  return counted;
}

test('four times the entries cost at most about four times the calls', async () => {
  const small = await cost(25);
  const large = await cost(100);
  // The finding is real at both sizes: five ignored files per package.
  expect(small.files).toBe(125);
  expect(large.files).toBe(500);
  expect(small.git).toBeGreaterThan(0);
  expect(small.match).toBeGreaterThan(0);
  expect(large.git).toBeLessThanOrEqual(small.git * 4.4);
  expect(large.match).toBeLessThanOrEqual(small.match * 4.4);
});
