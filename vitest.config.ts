import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Four projects, each with explicit timeouts sized for a loaded 2-core machine (two suites at
// once, or a CI box under load): tests assert behaviour, never speed, so a slow run must not fail.
// Speed lives in `npm run bench`.
//   unit    — pure functions and in-memory analyses
//   golden  — table-driven conformance against recorded Docker/Go answers (large tables)
//   cli     — the CLI through run(argv, io), plus one real-process smoke test per command; the
//             package is built once for the run by test/global-setup.ts
//   hostile — hostile trees and inputs on the real file system
const GOLDEN = [
  'test/golden/**/*.test.ts',
  'test/go-semantics/**/*.test.ts',
  'test/context/oracle-golden.test.ts',
  'test/context/spec-conformance.test.ts',
  'test/sniff/sniff-fixtures.test.ts',
];
const CLI = ['test/cli/**/*.test.ts', 'test/library.test.ts'];
const HOSTILE = [
  'test/hostile/**/*.test.ts',
  'test/dockerfile/robustness.test.ts',
  'test/context/properties.test.ts',
  'test/context/gitignore-rules.test.ts',
];

const WORKERS = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    // One module graph per worker, shared by the files it runs: importing src/ once instead of once
    // per file cut the suite's CPU time by a third (docs/testing.md). Tests must therefore leave no
    // module or process state behind — none changes cwd, env or globals (test/fs/no-global-state).
    isolate: false,
    // vitest's default is one worker less than the cores, i.e. a single worker on a 2-core box.
    // As many workers kept as started: with minWorkers 1 and 3 workers (a 4-core machine) the pool
    // retired an idle worker mid-run and the run died on "Terminating worker thread", leaving the
    // other workers running as orphans (3 runs out of 3 with --maxWorkers=3; none with 3/3 or 3/2).
    maxWorkers: WORKERS,
    minWorkers: WORKERS,
    // Sync-heavy table tests can starve a worker's event loop on a loaded machine; every file
    // yields between tests (test/setup.ts) so vitest's own messages are never late.
    setupFiles: ['test/setup.ts'],
    // vitest's runner, except that a test body starts only once the main process has answered
    // every update sent before it, so a long synchronous test cannot time out vitest's own
    // messages ("Timeout calling onTaskUpdate") on a loaded machine (test/runner.ts).
    runner: './test/runner.ts',
    // Builds the package once for the run (a no-op when the sources did not change); every
    // project gets its path through inject('builtPackage').
    globalSetup: ['test/global-setup.ts'],
    teardownTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...GOLDEN, ...CLI, ...HOSTILE],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      { extends: true, test: { name: 'golden', include: GOLDEN, testTimeout: 180_000, hookTimeout: 180_000 } },
      { extends: true, test: { name: 'cli', include: CLI, testTimeout: 180_000, hookTimeout: 180_000 } },
      { extends: true, test: { name: 'hostile', include: HOSTILE, testTimeout: 300_000, hookTimeout: 300_000 } },
    ],
  },
});
