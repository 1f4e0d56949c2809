import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One project. The kinds of test (unit, golden, cli, hostile) and their timeouts, sized for a
// loaded 2-core machine, are in test/kinds.ts; the runner applies them per file (test/runner.ts).
// Four vitest projects cost 5–10 s of an idle run: with isolate:false vitest runs one project
// after another, each with fresh workers that transform and import src/ again (docs/testing.md).

const WORKERS = Math.max(2, availableParallelism() - 1);

/** Free bytes a memory file system must have to hold the tests' trees (the run's peak is ~85 MB). */
const MEMORY_TMP_MIN_FREE = 1024 ** 3;

/**
 * Where the tests make their temporary trees: TMPDIR when it is set, else /dev/shm when it is a
 * writable memory file system with room (creating and deleting thousands of small trees there
 * costs a fifth less CPU than on ext4: docs/testing.md), else the system default.
 */
function temporaryDirectory(): string | undefined {
  if (process.env.TMPDIR !== undefined && process.env.TMPDIR !== '') return undefined;
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    const stats = fs.statfsSync('/dev/shm');
    return stats.bavail * stats.bsize >= MEMORY_TMP_MIN_FREE ? '/dev/shm' : undefined;
  } catch {
    return undefined;
  }
}

const TMPDIR = temporaryDirectory();

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The kind's timeout (test/kinds.ts) replaces this as each file is imported.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    ...(TMPDIR === undefined ? {} : { env: { TMPDIR } }),
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
    // A larger young generation for the workers (V8's default semi-space is 16 MiB): a worker that
    // runs dozens of files allocates far more than one analysis, and the scavenges took 7.8 s of a
    // run's CPU (4.7 s with 32 MiB; cpu profiles of both workers, docs/testing.md). Children the
    // tests start (the bin) do not inherit it.
    poolOptions: { forks: { execArgv: ['--max-semi-space-size=32'] } },
    // Sync-heavy table tests can starve a worker's event loop on a loaded machine; every file
    // yields between tests (test/setup.ts) so vitest's own messages are never late.
    setupFiles: ['test/setup.ts'],
    // vitest's runner, except that a test body starts only once the main process has answered
    // every update sent before it, so a long synchronous test cannot time out vitest's own
    // messages ("Timeout calling onTaskUpdate") on a loaded machine, and that each file gets its
    // kind's timeouts (test/runner.ts).
    runner: './test/runner.ts',
    // Builds the package once for the run (a no-op when the sources did not change); tests get its
    // path through inject('builtPackage').
    globalSetup: ['test/global-setup.ts'],
    teardownTimeout: 60_000,
  },
});
