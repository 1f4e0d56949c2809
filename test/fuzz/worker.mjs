// A fuzz worker process: receives cases over IPC, runs each through the built CLI in-process
// (dist/cli/run.js), and answers with the outcome, its elapsed and CPU time and the process's
// resident memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../dist/cli/run.js';
import { materializeCase } from './generate.mjs';

function captured() {
  const out = [];
  return {
    chunks: out,
    stream: {
      write: (c) => void out.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c)),
      isTTY: false,
      columns: 100,
    },
  };
}

// The runner went away (killed, interrupted): stop too.
process.on('disconnect', () => process.exit(0));

process.on('message', async (c) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buildctx-fuzz-'));
  const argv = materializeCase(c, dir);
  const stdout = captured();
  const stderr = captured();
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const code = await run(argv, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    readStdin: async () => null,
    stdinIsTTY: true,
    env: {},
    cwd: dir,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  fs.rmSync(dir, { recursive: true, force: true });
  process.send({
    id: c.id,
    code,
    ms,
    cpuMs,
    rss: process.memoryUsage().rss,
    stdout: Buffer.concat(stdout.chunks).toString('utf8'),
    stderr: Buffer.concat(stderr.chunks).toString('utf8'),
  });
});
