// While the CLI writes a file, SIGINT, SIGTERM and SIGHUP first remove the temporary file, then
// end the process by the same signal (so the shell sees 130/143/129 as usual). Handlers exist
// only while a write is under way: a long walk stays interruptible by the default action.
import { removePendingOutputs } from '../fs/safe-output.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function onSignal(signal: NodeJS.Signals): void {
  removePendingOutputs();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.kill(process.pid, signal);
}

/** Runs `task` with the handlers installed; removes them once any signal that arrived has been handled. */
export async function withOutputCleanup<T>(task: () => T | Promise<T>): Promise<T> {
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    return await task();
  } finally {
    // A signal that arrived during synchronous work is dispatched on the next turn of the loop.
    await new Promise((resolve) => setImmediate(resolve));
    for (const s of SIGNALS) process.removeListener(s, onSignal);
  }
}
