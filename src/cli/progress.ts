// A live status line on stderr while a long walk runs: entries seen, bytes sent so far, and the
// directory being read. Only on a terminal, only after a moment, never in CI or for machine output.
import type { WalkProgress } from '../context/walk.js';
import { formatBytes, formatCount } from '../units.js';
import type { CliIo } from './io.js';

/** Walks shorter than this never show a line. */
export const PROGRESS_DELAY_MS = 400;
/** Minimum time between two redraws. */
export const PROGRESS_INTERVAL_MS = 100;

export interface Progress {
  onProgress: (p: WalkProgress) => void;
  /** Clears the line, if one was drawn. */
  done: () => void;
}

const NO_PROGRESS: Progress = { onProgress: () => undefined, done: () => undefined };

/** Whether a progress line may be shown: stderr is a terminal, not CI, not disabled, no machine output on stdout. */
export function progressAllowed(io: CliIo, opts: { disabled: boolean; machineOutputOnStdout: boolean }): boolean {
  if (opts.disabled || opts.machineOutputOnStdout) return false;
  const ci = io.env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return false;
  return io.stderr.isTTY === true;
}

export function createProgress(io: CliIo, allowed: boolean, now: () => number = Date.now): Progress {
  if (!allowed) return NO_PROGRESS;
  const start = now();
  let last = 0;
  let drawn = false;
  return {
    onProgress(p) {
      const t = now();
      if (t - start < PROGRESS_DELAY_MS || t - last < PROGRESS_INTERVAL_MS) return;
      last = t;
      const width = Math.max(20, (io.stderr.columns ?? 80) - 1);
      let line = `walking: ${formatCount(p.entries)} entries, ${formatBytes(p.bytes)} sent — ${p.dir === '' ? '.' : p.dir}/`;
      if (line.length > width) line = line.slice(0, width - 1) + '…';
      io.stderr.write(`\r\u001b[K${line}`);
      drawn = true;
    },
    done() {
      if (drawn) io.stderr.write('\r\u001b[K');
      drawn = false;
    },
  };
}
