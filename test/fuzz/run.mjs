#!/usr/bin/env node
// npm run fuzz -- [--cases N] [--seed S] [--kinds dockerfile,ignore,...] [--jobs J]
// Runs N generated cases (the five kinds in turn: Dockerfile, ignore file, Compose, binary,
// log) against the built CLI in worker processes limited to 1 GB of heap, and fails on any
// exit code outside 0/1/2, internal error, stack trace, secret printed, a case that uses over
// 10 s of CPU, one that does not answer within 60 s (a hang: the worker is killed) or a worker
// over 1 GB resident. CPU time, not elapsed time, decides "too slow": on a loaded machine a
// case can wait for a core far longer than it runs. Failing cases are written to
// ./fuzz-failures/<id>/ (files + argv.json) to reproduce.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { failureOf } from './check-outcome.mjs';
import { generateCases, KINDS } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** A case that uses more CPU than this is too slow. */
const CASE_CPU_LIMIT_MS = 10_000;
/** A case that has not answered after this long is a hang (elapsed time; the worker is killed). */
const CASE_TIMEOUT_MS = 60_000;
/** A worker bigger than this after a case has used too much memory. */
const MAX_RSS_BYTES = 1024 ** 3;

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const count = Number(option('cases', '500'));
const seed = Number(option('seed', '1'));
const kinds = option('kinds', KINDS.join(',')).split(',');
const jobs = Number(option('jobs', '2'));
const cases = generateCases({ seed, count, kinds });
const failures = [];
const perKind = Object.fromEntries(kinds.map((k) => [k, { cases: 0, codes: {} }]));
let slowest = { ms: 0, cpuMs: 0, id: -1 };
let maxRss = 0;
let next = 0;
let done = 0;
const started = Date.now();

function record(c, reason) {
  failures.push({ id: c.id, kind: c.kind, reason });
  const dir = path.join('fuzz-failures', String(c.id));
  for (const [rel, data] of Object.entries(c.files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), data);
  }
  fs.writeFileSync(path.join(dir, 'argv.json'), JSON.stringify({ argv: c.argv, reason }, null, 2));
}

function startWorker() {
  return new Promise((resolveAll) => {
    let child;
    let current = null;
    let timer = null;
    const spawnChild = () => {
      child = fork(path.join(here, 'worker.mjs'), [], {
        serialization: 'advanced',
        execArgv: ['--max-old-space-size=1024', '--stack-size=984'],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let childErr = '';
      child.stderr.on('data', (b) => (childErr += b.toString()));
      child.on('message', (m) => {
        clearTimeout(timer);
        const c = current;
        current = null;
        const p = perKind[c.kind];
        p.cases++;
        p.codes[m.code] = (p.codes[m.code] ?? 0) + 1;
        if (m.cpuMs > slowest.cpuMs) slowest = { ms: m.ms, cpuMs: m.cpuMs, id: c.id, kind: c.kind };
        maxRss = Math.max(maxRss, m.rss);
        const why =
          failureOf({ ...m, argv: c.argv }) ??
          (m.rss > MAX_RSS_BYTES ? `resident memory ${Math.round(m.rss / 2 ** 20)} MiB` : null) ??
          (m.cpuMs > CASE_CPU_LIMIT_MS ? `over ${CASE_CPU_LIMIT_MS / 1000} s of CPU: ${Math.round(m.cpuMs)} ms` : null);
        if (why !== null) record(c, why);
        done++;
        feed();
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (current !== null) {
          const c = current;
          current = null;
          perKind[c.kind].cases++;
          record(c, `worker died (${signal ?? code}): ${childErr.trim().split('\n').slice(-3).join(' | ')}`);
          done++;
          spawnChild();
          feed();
        }
      });
    };
    const feed = () => {
      if (next >= cases.length) {
        child.removeAllListeners('exit');
        child.kill();
        resolveAll();
        return;
      }
      current = cases[next++];
      const c = current;
      timer = setTimeout(() => {
        if (current !== c) return;
        current = null;
        perKind[c.kind].cases++;
        record(c, `no answer within ${CASE_TIMEOUT_MS / 1000} s (hang)`);
        done++;
        child.removeAllListeners('exit');
        child.kill('SIGKILL');
        spawnChild();
        feed();
      }, CASE_TIMEOUT_MS);
      child.send(c);
      if (done > 0 && done % 500 === 0) console.log(`… ${done}/${cases.length}`);
    };
    spawnChild();
    feed();
  });
}

await Promise.all(Array.from({ length: jobs }, startWorker));
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`fuzz: ${cases.length} cases (seed ${seed}) in ${seconds} s; ${failures.length} failures`);
for (const [kind, p] of Object.entries(perKind))
  console.log(`  ${kind.padEnd(10)} ${String(p.cases).padStart(6)} cases, exit codes ${JSON.stringify(p.codes)}`);
console.log(
  `  slowest case: ${slowest.cpuMs.toFixed(0)} ms of CPU, ${slowest.ms.toFixed(0)} ms elapsed (#${slowest.id} ${slowest.kind}); largest worker: ${Math.round(maxRss / 2 ** 20)} MiB`,
);
const byReason = new Map();
for (const f of failures) byReason.set(f.reason.split(':')[0], [...(byReason.get(f.reason.split(':')[0]) ?? []), f.id]);
for (const [reason, ids] of byReason)
  console.log(`  FAIL ${reason}: ${ids.length} (e.g. #${ids.slice(0, 5).join(', #')}) — see fuzz-failures/`);
process.exitCode = failures.length > 0 ? 1 : 0;
