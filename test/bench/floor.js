#!/usr/bin/env node
// The floor under the report: the least a Node walk can do for the same answer — read every
// directory, lstat every entry, sum the sizes — with nothing else (no matching, no model, no
// output). `npm run bench` times it beside du -sb, with one thread and with the main thread plus
// one worker thread (both synchronous, taking subtrees from one shared job counter), to show
// whether a second thread can pay on this machine before the walk is split for real.
//
//   node test/bench/floor.js ROOT [--threads N]     prints "entries bytes"
import * as fs from 'node:fs';
import {
  isMainThread,
  parentPort,
  receiveMessageOnPort,
  MessageChannel,
  Worker,
  workerData,
} from 'node:worker_threads';

/** Subtrees to split the walk into: enough that two threads finish close together. */
const SPLIT_AT = 64;

/** Depth-first over `dirs`, synchronous readdir + lstat per entry. */
function walk(dirs) {
  let entries = 0;
  let bytes = 0;
  const stack = [...dirs];
  while (stack.length > 0) {
    const dir = stack.pop();
    let names;
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const d of names) {
      const p = `${dir}/${d.name}`;
      const st = fs.lstatSync(p, { throwIfNoEntry: false });
      if (st === undefined) continue;
      entries++;
      if (st.isFile()) bytes += st.size;
      else if (st.isDirectory()) stack.push(p);
    }
  }
  return { entries, bytes };
}

/** Breadth-first from the root until SPLIT_AT directories wait: the jobs, and what was counted on the way. */
function split(root) {
  let queue = [root];
  let entries = 0;
  let bytes = 0;
  while (queue.length > 0 && queue.length < SPLIT_AT) {
    const next = [];
    for (const dir of queue) {
      for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = `${dir}/${d.name}`;
        const st = fs.lstatSync(p, { throwIfNoEntry: false });
        if (st === undefined) continue;
        entries++;
        if (st.isFile()) bytes += st.size;
        else if (st.isDirectory()) next.push(p);
      }
    }
    queue = next;
  }
  return { jobs: queue, entries, bytes };
}

/** Claims jobs from the shared counter until none is left. */
function claimAll(jobs, counter) {
  let entries = 0;
  let bytes = 0;
  for (let k = Atomics.add(counter, 0, 1); k < jobs.length; k = Atomics.add(counter, 0, 1)) {
    const r = walk([jobs[k]]);
    entries += r.entries;
    bytes += r.bytes;
  }
  return { entries, bytes };
}

if (!isMainThread) {
  const { jobs, counter, port } = workerData;
  port.postMessage(claimAll(jobs, new Int32Array(counter)));
  parentPort.close();
} else {
  const root = process.argv[2];
  const threads = process.argv[3] === '--threads' ? Number(process.argv[4]) : 1;
  if (!root || !(threads >= 1)) throw new Error('usage: floor.js ROOT [--threads N]');
  let result;
  if (threads === 1) {
    result = walk([root]);
  } else {
    const top = split(root);
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const ports = [];
    for (let i = 1; i < threads; i++) {
      const { port1, port2 } = new MessageChannel();
      new Worker(new URL(import.meta.url), {
        workerData: { jobs: top.jobs, counter: counter.buffer, port: port2 },
        transferList: [port2],
      }).unref();
      ports.push(port1);
    }
    const own = claimAll(top.jobs, counter);
    result = { entries: top.entries + own.entries, bytes: top.bytes + own.bytes };
    for (const port of ports) {
      let message;
      // The main thread is done with its share: wait for the worker's (it posts exactly once).
      while ((message = receiveMessageOnPort(port)) === undefined)
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      result.entries += message.message.entries;
      result.bytes += message.message.bytes;
    }
  }
  process.stdout.write(`${result.entries} ${result.bytes}\n`);
}
