// Counting excluded trees on worker threads while the main walk goes on. The walk is
// synchronous (sync readdir + lstat is the fastest way through a tree in Node), so the main
// thread never runs its event loop while workers work: jobs go out by postMessage (every worker
// sees every job and claims the next one with an atomic counter, so a fast worker takes more),
// results come back on MessagePorts read with receiveMessageOnPort, and completion is signalled
// through Atomics on a SharedArrayBuffer. Once the walk is done the main thread claims jobs too.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { measureTrees } from './measure-tree.js';
import type { DirIdentity, FileSystem, TreeMeasure, TreeMeasurer } from './file-system.js';

/** Slots of the shared Int32Array. */
export const CONTROL = { posted: 0, next: 1, done: 2, closed: 3 } as const;
const CONTROL_SLOTS = 4;
/** More threads than this do not help: the kernel's directory and inode caches are the limit. */
const MAX_WORKERS = 3;
/** How long finish() waits for one result before looking again (ms); only a bound, never reached normally. */
const WAIT_SLICE_MS = 1000;

export interface MeasureJob {
  k: number;
  abs: string;
  rel: string;
  identity?: DirIdentity;
}

export interface MeasureResult {
  k: number;
  measure: TreeMeasure;
}

export interface WorkerData {
  control: SharedArrayBuffer;
  jobs: MessagePort;
  results: MessagePort;
}

const WORKER_URL = new URL('./measure-worker.js', import.meta.url);

/** Young generation of a counting worker, MiB (resourceLimits.maxYoungGenerationSizeMb). */
const MEASURE_WORKER_YOUNG_MB = 2;

/** Worker threads beside the main thread: one per further core, at most MAX_WORKERS. */
export function measureWorkerCount(): number {
  return Math.max(1, Math.min(MAX_WORKERS, os.availableParallelism() - 1));
}

/**
 * A measurer on worker threads, or null when the worker script is not there (the sources run
 * without a build, e.g. under a test runner) or a worker cannot be started.
 */
export function createWorkerTreeMeasurer(fileSystem: FileSystem): TreeMeasurer | null {
  if (!fs.existsSync(WORKER_URL)) return null;
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const workers: { worker: Worker; jobs: MessagePort; results: MessagePort }[] = [];
  try {
    for (let i = 0; i < measureWorkerCount(); i++) {
      const jobs = new MessageChannel();
      const results = new MessageChannel();
      const data: WorkerData = {
        control: control.buffer as SharedArrayBuffer,
        jobs: jobs.port2,
        results: results.port2,
      };
      const worker = new Worker(WORKER_URL, {
        workerData: data,
        transferList: [jobs.port2, results.port2],
        // A counting worker allocates little that lives: a young generation of 2 MiB instead of
        // V8's default keeps it from adding ~6 MiB to the peak RSS while the report's checks run
        // beside it (docs/performance.md, Memory).
        resourceLimits: { maxYoungGenerationSizeMb: MEASURE_WORKER_YOUNG_MB },
      });
      // The walk never yields to the event loop; nothing here may keep the process alive.
      worker.unref();
      jobs.port1.unref();
      results.port1.unref();
      workers.push({ worker, jobs: jobs.port1, results: results.port1 });
    }
  } catch {
    for (const w of workers) void w.worker.terminate();
    return null;
  }
  const submitted: MeasureJob[] = [];
  let finished = false;

  return {
    submit(abs, rel, identity) {
      if (finished) throw new Error('tree measurer already finished');
      const job: MeasureJob = { k: submitted.length, abs, rel, ...(identity !== undefined ? { identity } : {}) };
      submitted.push(job);
      for (const w of workers) w.jobs.postMessage(job);
      Atomics.store(control, CONTROL.posted, submitted.length);
      Atomics.notify(control, CONTROL.posted);
      return job.k;
    },

    finish() {
      finished = true;
      const total = submitted.length;
      Atomics.store(control, CONTROL.closed, 1);
      Atomics.notify(control, CONTROL.posted);
      const results: (TreeMeasure | undefined)[] = new Array<TreeMeasure | undefined>(total);
      // Help: claim jobs like a worker until none is left.
      for (;;) {
        const k = Atomics.add(control, CONTROL.next, 1);
        if (k >= total) break;
        const job = submitted[k]!;
        results[k] = measureTrees(fileSystem, [job]);
        Atomics.add(control, CONTROL.done, 1);
      }
      for (;;) {
        const done = Atomics.load(control, CONTROL.done);
        if (done >= total) break;
        Atomics.wait(control, CONTROL.done, done, WAIT_SLICE_MS);
      }
      for (const w of workers) {
        for (let m = receiveMessageOnPort(w.results); m !== undefined; m = receiveMessageOnPort(w.results)) {
          const r = m.message as MeasureResult;
          results[r.k] = r.measure;
        }
        w.jobs.close();
        w.results.close();
        void w.worker.terminate();
      }
      return results.map((r, k) => {
        if (r === undefined) throw new Error(`tree measurer lost job ${k}`);
        return r;
      });
    },
  };
}
