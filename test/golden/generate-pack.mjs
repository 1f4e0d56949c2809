#!/usr/bin/env node
// Generates pack-cases.json: trees and the classic builder's tar stream for each, recorded
// header by header from Docker's own code (go/tarstream: Docker 20.10's pkg/archive with
// ChownOpts 0:0, re-encoded with current moby go-archive's header fields), so the test suite
// can check `pack` byte for byte without Go.
//
// Trees: the hostile cases below (modes 000 and set-id, devices, hard-linked FIFOs, symlinks
// and devices, every name/link/mtime/size boundary of the USTAR and PAX layouts, non-UTF-8
// names) and every tree of tar-cases.json except the 8 GiB sparse ones.
//
// Usage: node test/golden/generate-pack.mjs   (needs Go 1.19 and Debian's docker sources, as
// the oracle; runs as root so that devices can be made and mode-000 files read)

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitTarEntries } from './tar-entries.mjs';
import { bytesFields, materializeTree } from './tree.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const T = 1_700_000_000_000; // a fixed mtime (2023-11-14)
const NON_UTF8 = Buffer.from([0x62, 0x61, 0x64, 0xff, 0x6e, 0x61, 0x6d, 0x65]); // "bad\xffname"

function tarstream() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tarstream-'));
  const bin = path.join(out, 'tarstream');
  execFileSync('go', ['build', '-o', bin, 'main.go'], {
    cwd: path.join(here, 'go/tarstream'),
    env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOFLAGS: '' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return bin;
}

const f = (p, extra = {}) => ({ path: p, type: 'file', size: 3, mtimeMs: T, mode: 0o644, ...extra });
const d = (p, extra = {}) => ({ path: p, type: 'dir', mtimeMs: T, mode: 0o755, ...extra });
const l = (p, target, extra = {}) => ({ path: p, type: 'symlink', target, mtimeMs: T, ...extra });
const raw = (bytes, entry) => ({ ...entry, ...bytesFields('path', bytes) });

/** Hand-made trees for every boundary the header encoder has. `needs`: root (mode 000 reads, mknod). */
const HOSTILE = [
  {
    description: 'modes: 000 file, 000-less dir bits, setuid/setgid/sticky, 0777',
    needs: 'root',
    tree: [
      f('zero', { mode: 0 }),
      f('suid', { mode: 0o4755 }),
      f('sgid', { mode: 0o2711 }),
      d('sticky', { mode: 0o1777 }),
      f('sticky/all', { mode: 0o777 }),
      f('w', { mode: 0o200 }),
    ],
  },
  {
    description: 'devices: character and block, large major and minor numbers, a hard-linked device',
    needs: 'root',
    tree: [
      { path: 'null', type: 'char', rdev: [1, 3], mode: 0o666, mtimeMs: T },
      { path: 'tty', type: 'char', rdev: [4, 67], mode: 0o620, mtimeMs: T, hardlinkGroup: 1 },
      { path: 'tty-again', type: 'char', rdev: [4, 67], mode: 0o620, mtimeMs: T, hardlinkGroup: 1 },
      { path: 'disk', type: 'block', rdev: [259, 1048575], mode: 0o660, mtimeMs: T },
      { path: 'big', type: 'block', rdev: [4095, 255], mode: 0o600, mtimeMs: T },
    ],
  },
  {
    description: 'hard-linked FIFOs and symlinks are written once, then as TypeLink',
    tree: [
      { path: 'p1', type: 'fifo', mode: 0o644, mtimeMs: T, hardlinkGroup: 1 },
      { path: 'sub/p2', type: 'fifo', mode: 0o644, mtimeMs: T, hardlinkGroup: 1 },
      { path: 'sub/p3', type: 'fifo', mode: 0o644, mtimeMs: T, hardlinkGroup: 1 },
      l('s1', 'target/of/link', { hardlinkGroup: 2 }),
      l('s2', 'target/of/link', { hardlinkGroup: 2 }),
      f('h1', { size: 700, hardlinkGroup: 3 }),
      f('z/h2', { size: 700, hardlinkGroup: 3 }),
      d('sub'),
      d('z'),
    ],
  },
  {
    description: 'name lengths: 100 bytes, 101 bytes, USTAR prefix splits, prefix of exactly 155, too long to split',
    tree: [
      f('a'.repeat(100)),
      f('b'.repeat(101)),
      d('c'.repeat(60)),
      f(`${'c'.repeat(60)}/${'n'.repeat(60)}`),
      d('p'.repeat(155)),
      f(`${'p'.repeat(155)}/${'q'.repeat(100)}`),
      f(`${'p'.repeat(155)}/${'r'.repeat(101)}`),
      d('s'.repeat(156)),
      f(`${'s'.repeat(156)}/t`),
    ],
  },
  {
    description: 'directories whose names need PAX: the extended header is named dir/PaxHeaders.0',
    tree: [
      d('é'.repeat(10)),
      f(`${'é'.repeat(10)}/x`),
      d('long'.repeat(30)),
      d(`${'long'.repeat(30)}/${'deeper'.repeat(20)}`),
    ],
  },
  {
    description: 'a cut ASCII name ending in "/" is NUL-terminated before the slashes (formatString)',
    tree: [
      d('x'.repeat(99)),
      f(`${'x'.repeat(99)}/é`),
      d('y'.repeat(98)),
      d(`${'y'.repeat(98)}/zz`),
      f(`${'y'.repeat(98)}/zz/ü`),
    ],
  },
  {
    description: 'non-ASCII and non-UTF-8 names and link targets',
    tree: [
      f('café.txt'),
      f('日本語/ファイル'),
      d('日本語'),
      raw(NON_UTF8, f('')),
      l('to-cafe', 'café.txt'),
      { ...l('to-bad', ''), ...bytesFields('target', NON_UTF8) },
      f('emoji-😀'),
    ],
  },
  {
    description: 'link targets of 100 and 101 bytes, and a long name with a long target (linkpath and path records)',
    tree: [
      l('l100', 't'.repeat(100)),
      l('l101', 'u'.repeat(101)),
      l('v'.repeat(130), 'w'.repeat(130)),
      f('h', { hardlinkGroup: 1 }),
      f('i'.repeat(120), { hardlinkGroup: 1 }),
    ],
  },
  {
    description: 'mtimes: before 1970, zero, sub-second, the largest octal, past it',
    tree: [
      f('neg', { mtimeMs: -1000 }),
      f('neg-frac', { mtimeMs: -1500 }),
      f('epoch', { mtimeMs: 0 }),
      f('frac', { mtimeMs: 1999 }),
      f('max', { mtimeMs: (8 ** 11 - 1) * 1000 }),
      f('past-max', { mtimeMs: 8 ** 11 * 1000 }),
      f('old', { mtimeMs: Date.UTC(1960, 0, 1) }),
      d('olddir', { mtimeMs: -86400000 }),
    ],
  },
  {
    description: 'content sizes at block boundaries',
    tree: [
      f('s0', { size: 0 }),
      f('s1', { size: 1 }),
      f('s511', { size: 511 }),
      f('s512', { size: 512 }),
      f('s513', { size: 513 }),
      f('s1m', { size: 1024 * 1024 + 1 }),
    ],
  },
  {
    description: 'deep nesting past 256 bytes of path',
    tree: Array.from({ length: 30 }, (_, i) => d(Array.from({ length: i + 1 }, (_, j) => `dir${j}x`).join('/'))).concat(
      [f(`${Array.from({ length: 30 }, (_, j) => `dir${j}x`).join('/')}/leaf`)],
    ),
  },
];

function digest(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

function record(bin, tree) {
  const dir = materializeTree(tree);
  try {
    const current = execFileSync(bin, [dir], { maxBuffer: 1 << 30 });
    const docker2010 = execFileSync(bin, ['-docker2010', dir], { maxBuffer: 1 << 30 });
    const { entries, trailerOk } = splitTarEntries(current);
    if (!trailerOk) throw new Error('stream does not end in two zero blocks');
    const old = splitTarEntries(docker2010).entries;
    const differing = entries.filter((e, i) => !old[i]?.header.equals(e.header)).length;
    return {
      record: {
        bytes: current.length,
        sha256: digest(current),
        headers: entries.map((e) => digest(e.header).slice(0, 32)),
      },
      differing,
      total: entries.length,
    };
  } finally {
    execFileSync('chmod', ['-R', 'u+rwx', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  if (process.getuid?.() !== 0) throw new Error('run as root: the hostile trees hold devices and mode-000 files');
  const bin = tarstream();
  const tarCases = JSON.parse(fs.readFileSync(path.join(here, 'tar-cases.json'), 'utf8')).cases;
  const inputs = [
    ...HOSTILE,
    // Referenced by index, not copied: the tree lives in tar-cases.json.
    ...tarCases.flatMap((c, tarCase) =>
      c.large === true ? [] : [{ description: c.description, tree: c.tree, tarCase }],
    ),
  ];
  let differing = 0;
  let total = 0;
  const cases = inputs.map((c) => {
    const r = record(bin, c.tree);
    differing += r.differing;
    total += r.total;
    const where = c.tarCase === undefined ? { tree: c.tree } : { tarCase: c.tarCase };
    return { description: c.description, ...(c.needs ? { needs: c.needs } : {}), ...where, ...r.record };
  });
  const about =
    "Trees and the classic builder's context tar for each, as current docker/cli + moby go-archive send it (ChownOpts 0:0, no exclude patterns), " +
    'from go/tarstream: Docker 20.10.24 pkg/archive re-encoded with go-archive header fields (mode without file-type bits, no uname/gname) by Go 1.19 archive/tar. ' +
    "Each case has its tree, or tarCase: the index of its tree in tar-cases.json. headers[i]: first 128 bits of the SHA-256 of every block before entry i's content " +
    '(PAX extended header and records, USTAR block); sha256: the whole stream. ' +
    `Docker 20.10's own stream differs in ${differing} of ${total} headers (mode file-type bits, uname/gname looked up). needs: "root" for mode-000 reads and mknod.`;
  fs.writeFileSync(path.join(here, 'pack-cases.json'), JSON.stringify({ about, cases }) + '\n');
  console.log(`${cases.length} cases, ${total} headers; ${differing} differ from Docker 20.10's`);
}

main();
