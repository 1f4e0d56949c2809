// Builds real directory trees for tests, including what git cannot store: symlinks, FIFOs,
// sockets, modes, empty directories, names that are not UTF-8.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export type TreeNode =
  | string // a file with this content
  | { dir: TreeSpec }
  | { symlink: string }
  | { fifo: true }
  | { size: number } // a file of this many bytes
  | { sparse: number } // a file of this many bytes, all of them a hole (ftruncate)
  | { hardlink: string } // another name for the file at this path (relative to the tree root)
  | { content: string | Buffer; mode?: number };

export interface TreeSpec {
  [name: string]: TreeNode;
}

const created: string[] = [];
const servers: net.Server[] = [];

/**
 * Removes every tree and closes every socket made since the last call; test/setup.ts runs it
 * after each test file. (An afterAll here would be registered only by the first file to import
 * this module: test files share one module graph per worker, docs/testing.md.)
 */
export async function removeTrees(): Promise<void> {
  for (const s of servers.splice(0)) s.close();
  const dirs = created.splice(0);
  if (dirs.length === 0) return;
  // chmod and rm walk with openat: trees deeper than PATH_MAX and unreadable directories are removed too.
  await promisify(execFile)('sh', ['-c', 'chmod -R u+rwx -- "$@"; rm -rf -- "$@"', 'sh', ...dirs]);
}

export function tempDir(prefix = 'buildctx-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Creates `spec` under a fresh temporary directory (or `root`) and returns its path. */
export function makeTree(spec: TreeSpec, root = tempDir()): string {
  for (const [name, node] of Object.entries(spec)) {
    const full = path.join(root, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    if (typeof node === 'string') fs.writeFileSync(full, node);
    else if ('dir' in node) {
      fs.mkdirSync(full, { recursive: true });
      makeTree(node.dir, full);
    } else if ('symlink' in node) fs.symlinkSync(node.symlink, full);
    else if ('fifo' in node) execFileSync('mkfifo', [full]);
    else if ('size' in node) fs.writeFileSync(full, Buffer.alloc(node.size, 0x78));
    else if ('sparse' in node) {
      fs.closeSync(fs.openSync(full, 'w'));
      fs.truncateSync(full, node.sparse);
    } else if ('hardlink' in node) fs.linkSync(path.join(root, node.hardlink), full);
    else {
      fs.writeFileSync(full, node.content);
      if (node.mode !== undefined) fs.chmodSync(full, node.mode);
    }
  }
  return root;
}

/** Creates a Unix socket at `file` (kept open until the test file ends). */
export async function makeSocket(file: string): Promise<void> {
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(file, resolve));
}

/** A file whose name is raw bytes (for names that are not valid UTF-8). */
export function writeRawName(dir: string, name: Buffer, content = 'x'): void {
  fs.writeFileSync(Buffer.concat([Buffer.from(dir + '/'), name]), content);
}

/**
 * A chain of `depth` directories named `name` under `root`, with `leaf` written at the bottom.
 * Made from inside the chain (relative mkdir in a child process): paths that deep are longer
 * than PATH_MAX and cannot be passed to the kernel whole. Returns the chain's relative path.
 */
export async function makeDeepChain(root: string, depth: number, name = 'd', leaf = 'bottom.txt'): Promise<string> {
  const script = `
    const fs = require('node:fs');
    process.chdir(process.argv[1]);
    for (let i = 0; i < Number(process.argv[2]); i++) { fs.mkdirSync(process.argv[3]); process.chdir(process.argv[3]); }
    fs.writeFileSync(process.argv[4], 'x');`;
  // Asynchronously: on a loaded machine the child can take a minute, and a test worker blocked that
  // long misses vitest's messages ("Timeout calling onTaskUpdate").
  await promisify(execFile)(process.execPath, ['-e', script, root, String(depth), name, leaf]);
  return Array.from({ length: depth }, () => name).join('/');
}
