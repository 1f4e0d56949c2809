// A worker thread of the tree measurer (tree-measurer.ts): claims jobs with an atomic counter,
// measures each tree with the real file system, posts the result, counts it done.
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { measureTrees } from './measure-tree.js';
import { nodeFileSystem } from './node-fs.js';
import { CONTROL, type MeasureJob, type MeasureResult, type WorkerData } from './tree-measurer.js';

const { control: buffer, jobs: jobPort, results } = workerData as WorkerData;
const control = new Int32Array(buffer);
const jobs: MeasureJob[] = [];

/** Job k, once it has been posted; null when the measurer closed without it. */
function waitForJob(k: number): MeasureJob | null {
  for (;;) {
    const posted = Atomics.load(control, CONTROL.posted);
    if (k < posted) break;
    if (Atomics.load(control, CONTROL.closed) === 1) return null;
    Atomics.wait(control, CONTROL.posted, posted);
  }
  while (jobs.length <= k) {
    const m = receiveMessageOnPort(jobPort);
    if (m === undefined) {
      // Posted but not yet delivered to this port: look again shortly.
      Atomics.wait(control, CONTROL.posted, Atomics.load(control, CONTROL.posted), 1);
      continue;
    }
    jobs.push(m.message as MeasureJob);
  }
  return jobs[k]!;
}

for (;;) {
  const k = Atomics.add(control, CONTROL.next, 1);
  const job = waitForJob(k);
  if (job === null) break;
  let measure;
  try {
    measure = measureTrees(nodeFileSystem, [job]);
  } catch {
    // Reported as an unreadable tree rather than lost: the main thread waits for every job.
    measure = { files: 0, bytes: 0, entries: 0, unreadable: [{ path: job.rel, code: 'OTHER' as const }] };
  }
  const result: MeasureResult = {
    k,
    measure: { files: measure.files, bytes: measure.bytes, entries: measure.entries, unreadable: measure.unreadable },
  };
  results.postMessage(result);
  Atomics.add(control, CONTROL.done, 1);
  Atomics.notify(control, CONTROL.done);
}
jobPort.close();
results.close();
