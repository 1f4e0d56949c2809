// Recorded directory trees: create them on disk (materializeTree) and read them back
// (describeTree). Shared by the data generators (plain Node, no build step) and by the
// typed loaders in load.ts; types live in tree.d.mts.
//
// Names are bytes on Linux. A recorded path is a string in the project's path dialect
// (src/paths.ts: each byte that is not part of valid UTF-8 becomes U+DC80+byte, the
// way Go's utf8.DecodeRune walks bytes one at a time) plus `pathBase64` holding the exact
// bytes whenever they are not valid UTF-8. Symlink targets follow the same rule
// (`target` / `targetBase64`).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import os from 'node:os';
import path from 'node:path';

/** Filler byte for file contents when a record gives only a size. */
const FILL_BYTE = 0x78; // "x"

/** Length of the UTF-8 sequence a lead byte announces (0 for bytes that cannot lead). */
function sequenceLength(b0) {
  if (b0 < 0x80) return 1;
  if (b0 >= 0xc0 && b0 < 0xe0) return 2;
  if (b0 >= 0xe0 && b0 < 0xf0) return 3;
  if (b0 >= 0xf0 && b0 < 0xf8) return 4;
  return 0;
}

/**
 * Bytes → path-dialect string. A sequence is taken whole when it is valid UTF-8 on its own
 * (WHATWG validity equals Go's: no overlongs, no surrogates, nothing above U+10FFFF);
 * otherwise its first byte is escaped alone and decoding resumes at the next byte, as Go's
 * DecodeRune returns (RuneError, 1).
 */
export function decodeGoName(bytes) {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes[i]);
    const seq = n > 0 && i + n <= bytes.length ? bytes.subarray(i, i + n) : null;
    if (seq && isUtf8(seq)) {
      out += seq.toString('utf8');
      i += n;
    } else {
      out += String.fromCharCode(0xdc00 + bytes[i]);
      i += 1;
    }
  }
  return out;
}

/** `{ [key]: dialect string, [key + 'Base64']: exact bytes when not valid UTF-8 }`. */
export function bytesFields(key, bytes) {
  const fields = { [key]: decodeGoName(bytes) };
  if (!isUtf8(bytes)) fields[`${key}Base64`] = bytes.toString('base64');
  return fields;
}

/** Path-dialect string → bytes: U+DC80..U+DCFF (lone) stand for one raw byte each, the rest is UTF-8. */
export function encodeDialect(text) {
  const parts = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    parts.push(cp >= 0xdc80 && cp <= 0xdcff ? Buffer.from([cp - 0xdc00]) : Buffer.from(ch, 'utf8'));
  }
  return Buffer.concat(parts);
}

/** The exact bytes a recorded string field stands for. */
export function fieldBytes(text, base64) {
  return base64 === undefined ? Buffer.from(text, 'utf8') : Buffer.from(base64, 'base64');
}

/** Compares two record lists field by field, ignoring key order. */
export function sameRecords(a, b) {
  const canon = (list) =>
    JSON.stringify(
      list.map((e) => Object.fromEntries(Object.entries(e).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))),
    );
  return canon(a) === canon(b);
}

function join(dir, relBytes) {
  return Buffer.concat([Buffer.from(dir), Buffer.from('/'), relBytes]);
}

function fileContent(entry) {
  if (entry.contentBase64 !== undefined) return Buffer.from(entry.contentBase64, 'base64');
  return Buffer.alloc(entry.size ?? 0, FILL_BYTE);
}

let fifoCounter = 0;

/** FIFOs made per mkfifo(1) run: a process start per pipe cost the golden files seconds. */
const FIFO_BATCH = 128;
/** Pipes made ahead in one directory of the temporary file system, each renamed into a tree once. */
let fifoPool = null;

function pooledFifo() {
  if (fifoPool === null || fifoPool.names.length === 0) {
    if (fifoPool === null) process.once('exit', removeFifoPool);
    const dir = fifoPool?.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'buildctx-fifos-'));
    const names = Array.from({ length: FIFO_BATCH }, () => path.join(dir, `p${fifoCounter++}`));
    execFileSync('mkfifo', names);
    fifoPool = { dir, names };
  }
  return fifoPool.names.pop();
}

/** Removes the pipes made ahead and not used (test/setup.ts calls it after each file). */
export function removeFifoPool() {
  if (fifoPool !== null) fs.rmSync(fifoPool.dir, { recursive: true, force: true });
  fifoPool = null;
}

function makeFifo(root, target) {
  // Node has no mkfifo(3) and coreutils mkfifo takes string arguments only, so the pipe is made
  // under an ASCII name (ahead, in a batch) and renamed to the recorded (possibly non-UTF-8) name.
  const fifo = pooledFifo();
  try {
    fs.renameSync(fifo, target);
    return;
  } catch (error) {
    if (error.code !== 'EXDEV') throw error;
    fs.unlinkSync(fifo);
  }
  // The tree is on another file system than the pool: one pipe made beside it.
  const scratch = path.join(root, `.mkfifo-${process.pid}-${fifoCounter++}`);
  execFileSync('mkfifo', [scratch]);
  fs.renameSync(scratch, target);
}

/** mknod(1) a character ('c') or block ('b') device; needs root (CAP_MKNOD). */
function makeDevice(root, target, kind, [major, minor]) {
  const scratch = path.join(root, `.mknod-${process.pid}-${fifoCounter++}`);
  execFileSync('mknod', [scratch, kind, String(major), String(minor)], { stdio: 'ignore' });
  fs.renameSync(scratch, target);
}

/** Whether this process may create device nodes (materializing `char`/`block` entries). */
export function canMakeDevices() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buildctx-mknod-'));
  try {
    makeDevice(dir, path.join(dir, 'null'), 'c', [1, 3]);
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Creates every entry of `tree` under `dir` (a fresh temporary directory when omitted) and
 * returns the directory. Files get `contentBase64` or `size` filler bytes (`sparse` files are
 * only truncated to size); hard-link groups share one inode; modes and mtimes are applied last,
 * deepest first, so creating children does not disturb a parent's recorded mtime.
 */
export function materializeTree(tree, dir) {
  const root = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'buildctx-tree-'));
  const sorted = [...tree].sort((a, b) =>
    Buffer.compare(fieldBytes(a.path, a.pathBase64), fieldBytes(b.path, b.pathBase64)),
  );
  const linkOrigin = new Map();
  for (const entry of sorted) {
    const rel = fieldBytes(entry.path, entry.pathBase64);
    const abs = join(root, rel);
    const slash = rel.lastIndexOf(0x2f);
    if (slash > 0) fs.mkdirSync(join(root, rel.subarray(0, slash)), { recursive: true });
    // Any non-directory may share an inode with an earlier entry of its group (link(2) does not
    // follow a symlink, so a symlink is linked itself).
    const origin = entry.hardlinkGroup === undefined ? undefined : linkOrigin.get(entry.hardlinkGroup);
    if (origin !== undefined && entry.type !== 'dir') {
      fs.linkSync(origin, abs);
      continue;
    }
    if (entry.hardlinkGroup !== undefined) linkOrigin.set(entry.hardlinkGroup, abs);
    switch (entry.type) {
      case 'dir':
        fs.mkdirSync(abs, { recursive: true });
        break;
      case 'symlink':
        fs.symlinkSync(fieldBytes(entry.target ?? '', entry.targetBase64), abs);
        break;
      case 'fifo':
        makeFifo(root, abs);
        break;
      case 'char':
      case 'block':
        makeDevice(root, abs, entry.type === 'char' ? 'c' : 'b', entry.rdev ?? [0, 0]);
        break;
      case 'file':
        if (entry.sparse) {
          fs.closeSync(fs.openSync(abs, 'w'));
          fs.truncateSync(abs, entry.size ?? 0);
        } else {
          fs.writeFileSync(abs, fileContent(entry));
        }
        break;
      default:
        throw new Error(`unknown tree entry type ${entry.type}`);
    }
  }
  const depth = (e) => fieldBytes(e.path, e.pathBase64).filter((b) => b === 0x2f).length;
  for (const entry of [...sorted].sort((a, b) => depth(b) - depth(a))) {
    const abs = join(root, fieldBytes(entry.path, entry.pathBase64));
    if (entry.mode !== undefined && entry.type !== 'symlink') fs.chmodSync(abs, entry.mode);
    if (entry.mtimeMs !== undefined) {
      // Date objects, not numbers: Node replaces a negative numeric time with "now".
      const t = new Date(entry.mtimeMs);
      if (entry.type === 'symlink') fs.lutimesSync(abs, t, t);
      else fs.utimesSync(abs, t, t);
    }
  }
  return root;
}

/**
 * Reads a directory back into records, sorted by path bytes. `meta` adds mode (permission,
 * setuid/setgid/sticky bits) and mtimeMs; hard links (regular files sharing an inode) get a
 * `hardlinkGroup` numbered in path order; `contentOf(relBytes, absBytes)` may return content to
 * record as `contentBase64`.
 */
export function describeTree(root, { meta = false, contentOf } = {}) {
  const out = [];
  const inodes = new Map();
  const visit = (relBytes) => {
    const absDir = relBytes.length ? join(root, relBytes) : Buffer.from(root);
    const names = fs.readdirSync(absDir, { encoding: 'buffer' }).sort(Buffer.compare);
    for (const name of names) {
      const rel = relBytes.length ? Buffer.concat([relBytes, Buffer.from('/'), name]) : name;
      const abs = join(root, rel);
      const st = fs.lstatSync(abs, { bigint: true });
      const entry = { ...bytesFields('path', rel) };
      if (st.isDirectory()) entry.type = 'dir';
      else if (st.isSymbolicLink()) {
        entry.type = 'symlink';
        Object.assign(entry, bytesFields('target', fs.readlinkSync(abs, { encoding: 'buffer' })));
      } else if (st.isFIFO()) entry.type = 'fifo';
      else if (st.isFile()) {
        entry.type = 'file';
        entry.size = Number(st.size);
        if (st.nlink > 1n) {
          const key = `${st.dev}:${st.ino}`;
          if (!inodes.has(key)) inodes.set(key, inodes.size + 1);
          entry.hardlinkGroup = inodes.get(key);
        }
        const content = contentOf?.(rel, abs);
        if (content !== undefined) entry.contentBase64 = content.toString('base64');
      } else throw new Error(`unsupported file type at ${abs.toString()}`);
      if (meta) {
        if (entry.type !== 'symlink') entry.mode = Number(st.mode & 0o7777n);
        // Rounded, not truncated: utimes takes a double of seconds, so 1700000000.747 s may land
        // on disk as ...746999760 ns; rounding gives back the recorded millisecond.
        const half = st.mtimeNs >= 0n ? 500000n : -500000n;
        entry.mtimeMs = Number((st.mtimeNs + half) / 1000000n);
      }
      out.push(entry);
      if (entry.type === 'dir') visit(rel);
    }
  };
  visit(Buffer.alloc(0));
  return out.sort((a, b) => Buffer.compare(fieldBytes(a.path, a.pathBase64), fieldBytes(b.path, b.pathBase64)));
}
