import { describe, expect, test } from 'vitest';
import { createProgress, progressAllowed, PROGRESS_DELAY_MS } from '../../src/cli/progress.js';
import type { CliIo } from '../../src/cli/io.js';

function fakeIo(opts: { tty: boolean; env?: Record<string, string> }): CliIo & { written: string[] } {
  const written: string[] = [];
  return {
    written,
    stdout: { write: () => true, isTTY: opts.tty },
    stderr: { write: (s: string | Uint8Array) => written.push(String(s)), isTTY: opts.tty, columns: 60 },
    readStdin: async () => null,
    stdinIsTTY: true,
    env: opts.env ?? {},
    cwd: '/',
  };
}

describe('progress line', () => {
  test.for([
    ['a terminal', { tty: true }, {}, true],
    ['not a terminal', { tty: false }, {}, false],
    ['CI set', { tty: true, env: { CI: 'true' } }, {}, false],
    ['--no-progress', { tty: true }, { disabled: true }, false],
    ['machine format on stdout', { tty: true }, { machineOutputOnStdout: true }, false],
  ] as const)('%s → %s', ([, ioOpts, flags, allowed]) => {
    expect(progressAllowed(fakeIo(ioOpts), { disabled: false, machineOutputOnStdout: false, ...flags })).toBe(allowed);
  });

  test('draws only after the delay, truncated to the terminal width, and clears the line', () => {
    const io = fakeIo({ tty: true });
    let t = 0;
    const p = createProgress(io, true, () => t);
    p.onProgress({ entries: 10, bytes: 1000, dir: 'a' });
    expect(io.written).toEqual([]);
    t = PROGRESS_DELAY_MS + 1;
    p.onProgress({ entries: 20_000, bytes: 5_000_000, dir: 'node_modules/' + 'x'.repeat(100) });
    expect(io.written).toHaveLength(1);
    expect(io.written[0]).toMatch(/^\r\u001b\[Kwalking: 20,000 entries, 5MB sent/);
    expect(io.written[0]!.length).toBeLessThanOrEqual('\r\u001b[K'.length + 59);
    p.done();
    expect(io.written[1]).toBe('\r\u001b[K');
  });
});
