// The library never changes process-global state: analyze() walks by absolute path, so a worker
// thread of the embedding application that reads relative paths during the walk still finds its
// files (an application had 12,870 of 39,000 such reads fail while the walk chdir-ed).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, expect, test, vi } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';

const made: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Reads `name` relative to the process's working directory until told to stop; counts failures. */
const READER = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const counters = new Int32Array(workerData.counters);
parentPort.postMessage('ready');
while (Atomics.load(counters, 0) === 0) {
  try { fs.statSync(workerData.name); Atomics.add(counters, 1, 1); }
  catch { Atomics.add(counters, 2, 1); }
}
parentPort.postMessage('done');
`;

test('analyze() leaves the working directory alone while a worker reads relative paths', async () => {
  const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'buildctx-cwd-'));
  made.push(ctx);
  for (let d = 0; d < 40; d++) {
    fs.mkdirSync(path.join(ctx, `dir-${d}`, 'sub'), { recursive: true });
    for (let f = 0; f < 25; f++) fs.writeFileSync(path.join(ctx, `dir-${d}`, 'sub', `f-${f}.txt`), 'x');
  }
  // A name that exists in the test's working directory and nowhere in the context.
  const probe = 'buildctx-probe-' + process.pid;
  const probeDir = process.cwd();
  fs.writeFileSync(path.join(probeDir, probe), '');
  made.push(path.join(probeDir, probe));

  const chdir = vi.spyOn(process, 'chdir');
  const counters = new Int32Array(new SharedArrayBuffer(12));
  const worker = new Worker(READER, { eval: true, workerData: { counters: counters.buffer, name: probe } });
  const finished = new Promise<void>((resolve, reject) => {
    worker.on('message', (m) => m === 'done' && resolve());
    worker.on('error', reject);
  });
  await new Promise<void>((resolve) => worker.once('message', () => resolve()));

  const before = process.cwd();
  for (let i = 0; i < 3; i++) await analyze({ context: ctx, cwd: ctx });
  Atomics.store(counters, 0, 1);
  await finished;
  await worker.terminate();

  const chdirCalls = chdir.mock.calls.length;
  chdir.mockRestore();
  expect(chdirCalls).toBe(0);
  expect(process.cwd()).toBe(before);
  expect(Atomics.load(counters, 1)).toBeGreaterThan(0);
  expect(Atomics.load(counters, 2)).toBe(0);
});
