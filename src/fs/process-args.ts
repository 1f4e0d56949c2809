// The command-line arguments as the bytes the kernel holds. Node decodes argv as UTF-8 and turns
// bytes that are not UTF-8 into U+FFFD, so a non-UTF-8 file name given as an argument cannot be
// named from process.argv; /proc/self/cmdline (Linux) keeps the bytes.
import * as nodeFs from 'node:fs';
import { decodeName } from '../paths.js';

/** Upper bound of what is read from /proc/self/cmdline (Linux ARG_MAX is 2 MiB by default). */
const MAX_CMDLINE_BYTES = 8 * 1024 * 1024;

/**
 * `args` (the tail of process.argv) with each argument that lost bytes to U+FFFD replaced by its
 * raw bytes in the path dialect (non-UTF-8 bytes as U+DC80+byte). Unchanged when nothing was
 * lost, when /proc is not there, or when the kernel's copy does not line up with `args`.
 */
export function recoverRawArgs(args: readonly string[]): string[] {
  if (!args.some((a) => a.includes('\uFFFD'))) return [...args];
  let raw: Buffer;
  try {
    const fd = nodeFs.openSync('/proc/self/cmdline', 'r');
    try {
      const buf = Buffer.alloc(MAX_CMDLINE_BYTES);
      const n = nodeFs.readSync(fd, buf, 0, buf.length, null);
      raw = buf.subarray(0, n);
    } finally {
      nodeFs.closeSync(fd);
    }
  } catch {
    return [...args];
  }
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0) {
      parts.push(raw.subarray(start, i));
      start = i + 1;
    }
  }
  if (parts.length < args.length) return [...args];
  const tail = parts.slice(parts.length - args.length);
  // Each kernel argument must decode to what Node gave, or the two lists are not the same arguments.
  if (!tail.every((bytes, i) => bytes.toString('utf8') === args[i])) return [...args];
  return tail.map((bytes, i) => (args[i]!.includes('\uFFFD') ? decodeName(bytes) : args[i]!));
}
