// The test runner: vitest's own, with one change. vitest's worker gives every call to the main
// process 60 s to answer, and the clock runs from the call, not from when the worker could read
// the answer. The runner sends a task update as a test starts; if the test then keeps the worker's
// thread busy for 60 s (a large table on a machine loaded tenfold), the answer waits unread and the
// run fails with "[vitest-worker]: Timeout calling onTaskUpdate" although every test passed
// (vitest-dev/vitest#6479). So each test body starts only when every update sent before it has been
// answered.
//
// It also gives each file its kind's timeouts (test/kinds.ts) before the file is imported: vitest
// reads the default test and hook timeouts from the runner's config as each test and hook is
// declared.
import * as path from 'node:path';
import type { RunnerTestCase } from 'vitest';
import { VitestTestRunner } from 'vitest/runners';
import { getFn } from 'vitest/suite';
import { kindOf, TIMEOUTS } from './kinds.js';

const ROOT = path.join(import.meta.dirname, '..');

type Send = (...args: unknown[]) => Promise<unknown> | undefined;

export default class SettledRunner extends VitestTestRunner {
  readonly #inFlight = new Set<Promise<unknown>>();
  #send: Send | undefined;

  // vitest sets onTaskUpdate after constructing the runner, to a function that sends the update
  // and returns the promise of the answer; the accessor records each promise until it settles.
  get onTaskUpdate(): Send | undefined {
    return this.#send;
  }

  set onTaskUpdate(send: Send | undefined) {
    this.#send =
      send === undefined
        ? undefined
        : (...args) => {
            const answer = send.apply(this, args);
            if (answer !== undefined) {
              this.#inFlight.add(answer);
              const forget = () => this.#inFlight.delete(answer);
              answer.then(forget, forget);
            }
            return answer;
          };
  }

  override importFile(filepath: string, source: Parameters<VitestTestRunner['importFile']>[1]): unknown {
    const timeout = TIMEOUTS[kindOf(path.relative(ROOT, filepath).split(path.sep).join('/'))];
    this.config.testTimeout = timeout;
    this.config.hookTimeout = timeout;
    return super.importFile(filepath, source);
  }

  async runTask(test: RunnerTestCase): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    const fn = getFn(test);
    if (fn === undefined) throw new Error(`no function for test ${test.name}`);
    await fn();
  }
}
