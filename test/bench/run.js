#!/usr/bin/env node
// The benchmark behind the README's Performance section: `npm run bench` builds, generates
// deterministic trees (once; they are reused while the generator version is unchanged), then
// times buildctx against `du -sb` and `find -printf '%s\n'` on the same trees in the same run:
// one warm-up run of every command, then RUNS rounds, the median of each. Peak RSS comes from
// GNU time (`/usr/bin/time -f %M`, Debian package `time`). Results: a table on stdout and JSON in
// test/bench/out/ (git-ignored).
//
//   node test/bench/run.js [--quick] [--only NAME[,NAME]] [--runs N] [--dir DIR] [--profile]
//
//   --quick     small trees (about 1/20 of the size) and 3 runs: a smoke run
//   --only      only these trees (mono, mono-wild, mono-1m, flat, deep, names-plain, names-hostile,
//               gitignores, many-patterns) and `startup` (node -e 0 against --version)
//   --runs      timed runs per command (default 5, quick 3)
//   --dir       where trees are generated (default $BUILDCTX_BENCH_DIR or /tmp/buildctx-bench)
//   --profile   also write one V8 CPU profile per buildctx command to test/bench/out/profiles
//   --instructions  also count instructions (valgrind --tool=callgrind, one run per command;
//               about 50× slower): unlike times, the counts do not depend on the machine's load
//   --markdown FILE   print docs/performance.md's table from a results file and exit (no timing)
//   --generate  generate the trees (or find them cached) and exit (no timing)
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump whenever the generator changes what it writes: cached trees are then regenerated. */
const GENERATOR_VERSION = 2;
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(REPO, 'bin/buildctx.js');
const FLOOR = path.join(REPO, 'test/bench/floor.js');
const OUT_DIR = path.join(REPO, 'test/bench/out');
const GNU_TIME = '/usr/bin/time';
/**
 * The report reads the heads of the files that can matter (binaries, bytecode) by default;
 * `--no-sniff` reads none and `--deep` reads every file. When `buildctx help report` lists them,
 * both are timed on the trees marked `sniff`: the sniffing overhead is report / report --no-sniff.
 */
const NO_SNIFF_FLAG = '--no-sniff';
const DEEP_FLAG = '--deep';

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArguments(argv) {
  const args = {
    quick: false,
    only: null,
    runs: null,
    dir: process.env.BUILDCTX_BENCH_DIR || '/tmp/buildctx-bench',
    profile: false,
    instructions: false,
    markdown: null,
    generate: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--only') args.only = value().split(',').filter(Boolean);
    else if (a === '--runs') args.runs = Number(value());
    else if (a === '--dir') args.dir = value();
    else if (a === '--profile') args.profile = true;
    else if (a === '--instructions') args.instructions = true;
    else if (a === '--markdown') args.markdown = value();
    else if (a === '--generate') args.generate = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (args.runs !== null && !(Number.isInteger(args.runs) && args.runs >= 1))
    throw new Error('--runs needs a positive integer');
  return args;
}

// ---------------------------------------------------------------------------------------------
// Deterministic trees

/** mulberry32: a small seeded PRNG, so every machine generates byte-identical trees. */
function makeRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ELF_HEAD = Buffer.from([
  0x7f,
  0x45,
  0x4c,
  0x46,
  0x02,
  0x01,
  0x01,
  0x00,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0, // e_ident: ELF64, little-endian
  0x03,
  0x00,
  0x3e,
  0x00,
  0x01,
  0x00,
  0x00,
  0x00, // ET_DYN, EM_X86_64, EV_CURRENT
]);
const PYC_HEAD = Buffer.from([0xcb, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0]); // CPython 3.12 magic

/** Writes files without content beyond an optional head (the rest is a hole): fast, and du -sb counts the apparent size. */
class TreeWriter {
  constructor(root, random) {
    this.root = root;
    this.random = random;
    this.dirs = new Set();
    this.files = 0;
    this.bytes = 0;
    this.symlinks = 0;
    /** Directories made outside ensureDir (the deep chain). */
    this.extraDirs = 0;
  }

  ensureDir(rel) {
    if (rel === '' || this.dirs.has(rel)) return;
    fs.mkdirSync(path.join(this.root, rel), { recursive: true });
    let p = rel;
    while (p !== '' && !this.dirs.has(p)) {
      this.dirs.add(p);
      const slash = p.lastIndexOf('/');
      p = slash === -1 ? '' : p.slice(0, slash);
    }
  }

  file(rel, size, head = null) {
    const slash = rel.lastIndexOf('/');
    if (slash !== -1) this.ensureDir(rel.slice(0, slash));
    const fd = fs.openSync(path.join(this.root, rel), 'w');
    if (head !== null) fs.writeSync(fd, head, 0, Math.min(head.length, size));
    fs.ftruncateSync(fd, size);
    fs.closeSync(fd);
    this.files++;
    this.bytes += size;
  }

  text(rel, content) {
    const slash = rel.lastIndexOf('/');
    if (slash !== -1) this.ensureDir(rel.slice(0, slash));
    fs.writeFileSync(path.join(this.root, rel), content);
    this.files++;
    this.bytes += Buffer.byteLength(content);
  }

  symlink(rel, target) {
    const slash = rel.lastIndexOf('/');
    if (slash !== -1) this.ensureDir(rel.slice(0, slash));
    fs.symlinkSync(target, path.join(this.root, rel));
    this.symlinks++;
  }

  /** A source-like size: mostly hundreds of bytes to tens of KB (log-uniform). */
  size(min = 40, max = 40_000) {
    return Math.floor(Math.exp(Math.log(min) + this.random() * (Math.log(max) - Math.log(min))));
  }

  int(n) {
    return Math.floor(this.random() * n);
  }

  hex(length) {
    let s = '';
    for (let i = 0; i < length; i++) s += '0123456789abcdef'[this.int(16)];
    return s;
  }
}

const WORDS = [
  'core',
  'util',
  'http',
  'parse',
  'stream',
  'react',
  'dom',
  'type',
  'lodash',
  'async',
  'glob',
  'yaml',
  'json',
  'chalk',
  'debug',
  'color',
  'path',
  'fs',
  'zod',
  'next',
  'web',
  'api',
  'auth',
  'cache',
  'queue',
  'log',
  'test',
  'mock',
  'date',
  'uuid',
];

function word(w) {
  return WORDS[w.int(WORDS.length)];
}

/** Directories of source files, up to three levels, `count` files in all. */
function sourceTree(w, dir, count, extensions) {
  const subdirs = [dir];
  for (let i = 0; i < Math.ceil(count / 12); i++) {
    const parent = subdirs[w.int(subdirs.length)];
    if (parent.split('/').length - dir.split('/').length < 3) subdirs.push(`${parent}/${word(w)}${i}`);
  }
  for (let i = 0; i < count; i++) {
    const d = subdirs[w.int(subdirs.length)];
    w.file(`${d}/${word(w)}-${i}${extensions[w.int(extensions.length)]}`, w.size());
  }
}

/** An installed npm package, possibly with nested node_modules. */
function npmPackage(w, dir, files, nesting) {
  w.file(`${dir}/package.json`, w.size(300, 4000));
  w.file(`${dir}/README.md`, w.size(500, 30_000));
  w.file(`${dir}/LICENSE`, 1077);
  sourceTree(w, `${dir}/lib`, files, ['.js', '.js', '.d.ts', '.js.map', '.cjs', '.mjs']);
  if (w.random() < 0.3) w.file(`${dir}/bin/cli.js`, w.size(200, 5000));
  if (nesting > 0 && w.random() < 0.2) {
    const n = 1 + w.int(3);
    for (let i = 0; i < n; i++) npmPackage(w, `${dir}/node_modules/${word(w)}-${i}`, 12 + w.int(15), nesting - 1);
  }
}

function gitStore(w, dir, objects) {
  w.text(`${dir}/HEAD`, 'ref: refs/heads/main\n');
  w.text(`${dir}/config`, '[core]\n\trepositoryformatversion = 0\n\tbare = false\n');
  w.text(`${dir}/description`, 'Unnamed repository\n');
  w.file(`${dir}/index`, 4_000_000);
  for (const hook of ['pre-commit.sample', 'pre-push.sample', 'commit-msg.sample', 'update.sample'])
    w.file(`${dir}/hooks/${hook}`, w.size(400, 5000));
  for (let i = 0; i < 40; i++) w.text(`${dir}/refs/heads/branch-${i}`, w.hex(40) + '\n');
  for (let i = 0; i < 20; i++) w.text(`${dir}/refs/tags/v1.${i}.0`, w.hex(40) + '\n');
  w.file(`${dir}/logs/HEAD`, 180_000);
  for (let i = 0; i < objects; i++) w.file(`${dir}/objects/${w.hex(2)}/${w.hex(38)}`, w.size(60, 12_000));
  for (let i = 0; i < 3; i++) {
    const id = w.hex(40);
    w.file(`${dir}/objects/pack/pack-${id}.pack`, 50_000_000 + w.int(100_000_000));
    w.file(`${dir}/objects/pack/pack-${id}.idx`, 1_000_000 + w.int(2_000_000));
  }
}

/** A virtualenv: site-packages full of .py, their __pycache__ .pyc, and ELF extension modules. */
function venv(w, dir, packages) {
  w.text(`${dir}/pyvenv.cfg`, 'home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.3\n');
  w.symlink(`${dir}/bin/python`, '/usr/bin/python3.12');
  w.symlink(`${dir}/bin/python3`, 'python');
  for (const s of ['activate', 'activate.fish', 'pip', 'pip3']) w.file(`${dir}/bin/${s}`, w.size(200, 9000));
  w.symlink(`${dir}/lib64`, 'lib');
  const site = `${dir}/lib/python3.12/site-packages`;
  for (let p = 0; p < packages; p++) {
    const name = `${word(w)}_${p}`;
    const modules = 20 + w.int(80);
    const subdirs = [''];
    for (let i = 0; i < Math.ceil(modules / 15); i++) subdirs.push(`/${word(w)}${i}`);
    for (let i = 0; i < modules; i++) {
      const sub = subdirs[w.int(subdirs.length)];
      const base = `${word(w)}_${i}`;
      const size = w.size(100, 60_000);
      w.file(`${site}/${name}${sub}/${base}.py`, size);
      w.file(
        `${site}/${name}${sub}/__pycache__/${base}.cpython-312.pyc`,
        Math.max(16, Math.floor(size * 0.6)),
        PYC_HEAD,
      );
    }
    const extensions = w.random() < 0.3 ? 1 + w.int(4) : 0;
    for (let i = 0; i < extensions; i++) {
      w.file(`${site}/${name}/_${word(w)}${i}.cpython-312-x86_64-linux-gnu.so`, w.size(40_000, 20_000_000), ELF_HEAD);
    }
    for (const meta of ['METADATA', 'RECORD', 'WHEEL', 'top_level.txt', 'INSTALLER'])
      w.file(`${site}/${name}-1.${p % 10}.0.dist-info/${meta}`, w.size(10, 20_000));
  }
}

/**
 * A monorepo: workspace packages (sources, tests, built dist, their own node_modules), a root
 * node_modules, a .git store, a virtualenv, Python services with __pycache__, docs and logs.
 * `scale` multiplies the number of packages; 1 gives about 200,000 files.
 */
function makeMonorepo(root, scale, ignoreFile) {
  const w = new TreeWriter(root, makeRandom(0x5eed));
  const n = (k) => Math.max(1, Math.round(k * scale));
  w.text('Dockerfile', 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\n');
  w.text('.dockerignore', ignoreFile);
  w.file('package.json', 2400);
  w.file('pnpm-lock.yaml', 3_400_000);
  w.file('README.md', 12_000);
  for (let p = 0; p < n(120); p++) {
    const pkg = `packages/pkg-${String(p).padStart(4, '0')}`;
    w.file(`${pkg}/package.json`, w.size(300, 3000));
    w.file(`${pkg}/README.md`, w.size(300, 10_000));
    w.file(`${pkg}/tsconfig.json`, 400);
    sourceTree(w, `${pkg}/src`, 40 + w.int(60), ['.ts', '.ts', '.tsx', '.json']);
    sourceTree(w, `${pkg}/test`, 5 + w.int(20), ['.test.ts']);
    sourceTree(w, `${pkg}/dist`, 40 + w.int(60), ['.js', '.js.map', '.d.ts']);
    for (let i = 0; i < 6; i++) npmPackage(w, `${pkg}/node_modules/${word(w)}-${i}`, 15 + w.int(30), 1);
    w.symlink(`${pkg}/node_modules/.bin/tsc`, '../typescript/bin/tsc');
  }
  for (let i = 0; i < n(1250); i++) {
    const name = i % 5 === 0 ? `@scope${i % 7}/${word(w)}-${i}` : `${word(w)}-${i}`;
    npmPackage(w, `node_modules/${name}`, 30 + w.int(90), 2);
    if (i % 50 === 0) w.symlink(`node_modules/.bin/${word(w)}-${i}`, `../${name}/bin/cli.js`);
  }
  gitStore(w, '.git', n(16_000));
  venv(w, '.venv', n(140));
  for (let s = 0; s < n(24); s++) {
    const svc = `services/svc-${String(s).padStart(3, '0')}`;
    w.file(`${svc}/pyproject.toml`, 900);
    for (let i = 0; i < 60; i++) {
      const sub = `${svc}/app/${['api', 'models', 'jobs', 'util'][i % 4]}`;
      w.file(`${sub}/${word(w)}_${i}.py`, w.size(200, 20_000));
      w.file(`${sub}/__pycache__/${word(w)}_${i}.cpython-312.pyc`, w.size(200, 12_000), PYC_HEAD);
    }
  }
  for (let i = 0; i < n(1800); i++)
    w.file(`docs/${['guide', 'api', 'adr', 'howto'][i % 4]}/${word(w)}-${i}.md`, w.size(200, 30_000));
  for (let i = 0; i < n(240); i++) w.file(`logs/run-${i}.log`, w.size(1000, 5_000_000));
  return w;
}

/** Excludes the usual bulk; the only exception is a literal prefix, so Docker prunes excluded directories. */
const PRUNABLE_IGNORE = `# What a careful monorepo keeps out of its build context
.git
!.git/HEAD
**/node_modules
**/dist
.venv
**/__pycache__
logs
*.log
`;

/**
 * For `fix` and the report it starts from: an ignore file (kept outside the tree, passed with
 * --ignore-file) that leaves node_modules, the virtualenv, __pycache__ and dist in the context,
 * so fix has lines to plan and a second context to measure.
 */
const PARTIAL_IGNORE = '.git\nlogs\n';

/** The same plus an exception with a wildcard: BuildKit must then walk into every excluded directory. */
const WILDCARD_IGNORE = `${PRUNABLE_IGNORE}!packages/*/dist/*.d.ts
`;

function makeFlat(root, files) {
  const w = new TreeWriter(root, makeRandom(0xf1a7));
  for (let i = 0; i < files; i++) w.file(`f${String(i).padStart(7, '0')}.dat`, w.size(10, 100_000));
  return w;
}

/** A chain of directories, one file at each level. Paths pass PATH_MAX (4096) long before the bottom. */
function makeDeep(root, depth) {
  const w = new TreeWriter(root, makeRandom(0xdee9));
  const cwd = process.cwd();
  // Relative mkdir from inside the chain: absolute paths this long cannot be passed to the kernel.
  process.chdir(root);
  try {
    for (let i = 0; i < depth; i++) {
      fs.writeFileSync('f', 'x');
      w.files++;
      w.bytes++;
      fs.mkdirSync('d');
      w.extraDirs++;
      process.chdir('d');
    }
  } finally {
    process.chdir(cwd);
  }
  return w;
}

/**
 * Long names (255 bytes, the most a Linux name holds) in a few directories: the subjects on
 * which a backtracking matcher is slowest. Every `every`-th name ends in "b", the rest in "c".
 */
function makeLongNames(root, files, ignoreFile) {
  const w = new TreeWriter(root, makeRandom(0x10a9));
  w.text('.dockerignore', ignoreFile);
  for (let i = 0; i < files; i++) {
    const tag = String(i).padStart(7, '0');
    w.file(`d${i % 20}/${'a'.repeat(247)}${tag}${i % 10 === 0 ? 'b' : 'c'}`, w.size(10, 4000));
  }
  return w;
}

/** A plain pattern and an adversarial one (20 stars) that exclude the same names. */
const PLAIN_LONG_IGNORE = '**/*b\n';
const HOSTILE_LONG_IGNORE = `**/${'a*'.repeat(20)}b\n`;

/**
 * An ignore file of `count` patterns (about 1.1 MB for 20,000) on a 6-file context: literal
 * paths, `**\/name`, `*.ext`, `dir/**\/*.ext` and exceptions, as generated lists of artefacts
 * look. Cost should grow with the patterns that can match a path, not with all of them.
 */
function makeManyPatterns(root, count) {
  const w = new TreeWriter(root, makeRandom(0x9a77));
  const lines = ['# generated'];
  for (let i = 0; i < count; i++) {
    const k = i % 10;
    const a = `${word(w)}-${w.hex(6)}`;
    const b = `${word(w)}_${w.hex(8)}`;
    if (k < 4) lines.push(`build/${a}/${b}/artefact-${i}.${word(w)}.tar.gz`);
    else if (k < 6) lines.push(`**/${a}-${b}-cache-${i}`);
    else if (k < 8) lines.push(`*.${word(w)}${i}-${w.hex(12)}-${w.hex(10)}`);
    else if (k < 9) lines.push(`vendor/${a}/**/*.${word(w)}-${w.hex(16)}`);
    else lines.push(`!keep/${a}/${b}/*.${word(w)}-${w.hex(10)}`);
  }
  w.text('.dockerignore', lines.join('\n') + '\n');
  w.text('Dockerfile', 'FROM alpine\nCOPY . /app\n');
  w.text('app.py', 'print(1)\n');
  w.text('src/main.py', 'print(2)\n');
  w.text('build/out.tar.gz', 'x');
  w.text('keep/readme.txt', 'keep\n');
  return w;
}

/**
 * A monorepo of `count` packages, each with its own .gitignore (10 lines) and 100 source files,
 * plus a few files each .gitignore ignores (build output, a temp file) that the .dockerignore
 * lets through: the gitignored-in-context check evaluates every package's rules.
 */
function makeGitignores(root, count) {
  const w = new TreeWriter(root, makeRandom(0x61e5));
  w.text('Dockerfile', 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\n');
  w.text('.dockerignore', '.git\n**/node_modules\n');
  w.text('.gitignore', 'node_modules/\n*.log\n.env\n');
  w.text('package.json', '{"private":true,"workspaces":["packages/*"]}\n');
  const rules = ['dist/', 'coverage/', '*.tmp', '.cache/', 'build/', 'tmp-*', '*.orig', 'out/', '/local', '!keep.tmp'];
  for (let p = 0; p < count; p++) {
    const dir = `packages/pkg-${p}`;
    w.text(`${dir}/.gitignore`, rules.join('\n') + '\n');
    w.text(`${dir}/package.json`, `{"name":"pkg-${p}","version":"1.0.${p}"}\n`);
    for (let i = 0; i < 100; i++) w.text(`${dir}/src/${word(w)}-${i}.js`, `export const v${i} = ${p};\n`);
    w.text(`${dir}/dist/index.js`, `module.exports = ${p};\n`);
    w.text(`${dir}/x.tmp`, 'tmp\n');
  }
  return w;
}

/** The trees: `scale` is for the full run, `quickScale` for --quick. */
const TREES = [
  {
    name: 'mono',
    title: 'monorepo, ~200k files, ignore file prunes (literal exception)',
    scale: 1,
    quickScale: 0.05,
    sniff: true,
    fix: true,
    make: (root, scale) => makeMonorepo(root, scale, PRUNABLE_IGNORE),
  },
  {
    name: 'mono-wild',
    title: 'same tree, wildcard exception: nothing can be pruned',
    scale: 1,
    quickScale: 0.05,
    sniff: true,
    floor: true,
    make: (root, scale) => makeMonorepo(root, scale, WILDCARD_IGNORE),
  },
  {
    name: 'mono-1m',
    title: 'monorepo ×5, ~1M files, wildcard exception',
    scale: 5,
    quickScale: 0.25,
    sniff: false,
    make: (root, scale) => makeMonorepo(root, scale, WILDCARD_IGNORE),
  },
  {
    name: 'flat',
    title: 'one directory of 200,000 files, no ignore file',
    scale: 200_000,
    quickScale: 10_000,
    sniff: false,
    make: (root, scale) => makeFlat(root, scale),
  },
  {
    name: 'deep',
    title: 'a chain 5,000 directories deep',
    scale: 5000,
    quickScale: 500,
    sniff: false,
    make: (root, scale) => makeDeep(root, scale),
  },
  {
    name: 'names-plain',
    title: '20,000 files with 255-byte names, one plain pattern (**/*b)',
    scale: 20_000,
    quickScale: 2000,
    sniff: false,
    make: (root, scale) => makeLongNames(root, scale, PLAIN_LONG_IGNORE),
  },
  {
    name: 'names-hostile',
    title: 'the same files, an adversarial pattern (**/*a*a*…b, 20 stars)',
    scale: 20_000,
    quickScale: 2000,
    sniff: false,
    make: (root, scale) => makeLongNames(root, scale, HOSTILE_LONG_IGNORE),
  },
  {
    name: 'gitignores',
    title: '1,000 packages with a .gitignore each, 103,000 files',
    scale: 1000,
    quickScale: 50,
    sniff: false,
    make: (root, scale) => makeGitignores(root, scale),
  },
  {
    name: 'many-patterns',
    title: '6 files, an ignore file of 20,000 patterns (~1.1 MB)',
    scale: 20_000,
    quickScale: 20_000,
    sniff: false,
    make: (root, scale) => makeManyPatterns(root, scale),
  },
];

function removeTree(dir) {
  // rm -rf, not fs.rmSync: the deep tree's paths are longer than PATH_MAX.
  if (fs.existsSync(dir)) execFileSync('rm', ['-rf', '--', dir]);
}

/** Generates the tree unless the marker says an identical one is there. Returns its stats. */
function ensureTree(cacheDir, tree, scale) {
  const root = path.join(cacheDir, tree.name);
  const markerFile = path.join(cacheDir, `${tree.name}.json`);
  let marker = null;
  try {
    marker = JSON.parse(fs.readFileSync(markerFile, 'utf8'));
  } catch {
    marker = null;
  }
  if (marker !== null && marker.generator === GENERATOR_VERSION && marker.scale === scale && fs.existsSync(root)) {
    return { root, ...marker, generatedNow: false };
  }
  fs.rmSync(markerFile, { force: true });
  removeTree(root);
  fs.mkdirSync(root, { recursive: true });
  const start = Date.now();
  process.stdout.write(`generating ${tree.name} in ${root} … `);
  const w = tree.make(root, scale);
  const stats = {
    generator: GENERATOR_VERSION,
    scale,
    files: w.files,
    symlinks: w.symlinks,
    dirs: w.dirs.size + w.extraDirs,
    bytes: w.bytes,
  };
  process.stdout.write(`${w.files} files, ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
  fs.writeFileSync(markerFile, JSON.stringify(stats, null, 2) + '\n');
  return { root, ...stats, generatedNow: true };
}

// ---------------------------------------------------------------------------------------------
// Timing

function hasGnuTime() {
  try {
    execFileSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs argv once with stdout to /dev/null; wall time from here, peak RSS (KiB) from GNU time. */
function runOnce(argv, allowedCodes, rssFile, withTime, extraNodeArgs = []) {
  const devNull = fs.openSync('/dev/null', 'w');
  const full = argv[0] === 'node' ? [process.execPath, ...extraNodeArgs, ...argv.slice(1)] : argv;
  const cmd = withTime ? [GNU_TIME, '-f', '%U %S %M', '-o', rssFile, ...full] : full;
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', devNull, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.closeSync(devNull);
  if (r.error) throw r.error;
  if (!allowedCodes.includes(r.status)) {
    return {
      ms,
      cpuMs: null,
      rssKiB: null,
      code: r.status,
      error: r.stderr.toString().trim().split('\n').slice(-1)[0] ?? '',
    };
  }
  let rssKiB = null;
  let cpuMs = null;
  if (withTime) {
    // GNU time writes "Command exited with non-zero status N" first when the command fails.
    const lines = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
    const [user, system, rss] = lines[lines.length - 1].split(' ').map(Number);
    cpuMs = (user + system) * 1000;
    rssKiB = rss;
  }
  return { ms, cpuMs, rssKiB, code: r.status };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function commandsFor(tree, root, sniffAvailable) {
  const node = (...args) => ['node', BIN, ...args];
  // buildctx report exits 1 when it reports an error finding (the deep tree has one): still a run.
  const cmds = [
    { id: 'du', label: 'du -sb', argv: ['du', '-sb', root], codes: [0] },
    { id: 'find', label: "find -printf '%s\\n'", argv: ['find', root, '-printf', '%s\n'], codes: [0] },
    {
      id: 'report',
      label: 'buildctx --format json',
      argv: node(root, '--format', 'json'),
      codes: [0, 1],
      buildctx: true,
    },
    { id: 'ls', label: 'buildctx ls', argv: node('ls', root), codes: [0], buildctx: true },
  ];
  if (tree.floor) {
    // floor.js: readdir + lstat of every entry and nothing else, on one thread and on two.
    cmds.push({ id: 'floor1', label: 'floor.js (1 thread)', argv: ['node', FLOOR, root], codes: [0] });
    cmds.push({
      id: 'floor2',
      label: 'floor.js --threads 2',
      argv: ['node', FLOOR, root, '--threads', '2'],
      codes: [0],
    });
  }
  if (tree.fix) {
    const partial = `${root}.partial-dockerignore`;
    fs.writeFileSync(partial, PARTIAL_IGNORE);
    cmds.push({
      id: 'partial',
      label: 'buildctx --format json --ignore-file PARTIAL',
      argv: node(root, '--format', 'json', '--ignore-file', partial),
      codes: [0, 1],
      buildctx: true,
    });
    cmds.push({
      id: 'fix',
      label: 'buildctx fix --format json --ignore-file PARTIAL',
      argv: node('fix', root, '--format', 'json', '--ignore-file', partial),
      codes: [0, 1],
      buildctx: true,
    });
    cmds.push({
      id: 'scan',
      label: 'buildctx scan --all --format json',
      argv: node('scan', '--all', root, '--format', 'json'),
      codes: [0, 1],
      buildctx: true,
    });
  }
  if (tree.sniff && sniffAvailable) {
    cmds.push({
      id: 'nosniff',
      label: `buildctx --format json ${NO_SNIFF_FLAG}`,
      argv: node(root, '--format', 'json', NO_SNIFF_FLAG),
      codes: [0, 1],
      buildctx: true,
    });
    cmds.push({
      id: 'deep',
      label: `buildctx --format json ${DEEP_FLAG}`,
      argv: node(root, '--format', 'json', DEEP_FLAG),
      codes: [0, 1],
      buildctx: true,
    });
  }
  return cmds;
}

function benchTree(tree, info, runs, options) {
  const cmds = commandsFor(tree, info.root, options.sniffAvailable);
  const rssFile = path.join(os.tmpdir(), `buildctx-bench-rss-${process.pid}`);
  const samples = Object.fromEntries(
    cmds.map((c) => [c.id, { ms: [], cpuMs: [], rssKiB: [], codes: new Set(), error: null }]),
  );
  const record = (c, r) => {
    const s = samples[c.id];
    s.codes.add(r.code);
    if (r.error !== undefined) s.error = `exit ${r.code}: ${r.error}`;
    else s.ms.push(r.ms);
    if (r.rssKiB !== null) s.rssKiB.push(r.rssKiB);
    if (r.cpuMs !== null) s.cpuMs.push(r.cpuMs);
  };
  // Warm-up: fills the dentry and inode caches and the page cache for node and the bin. A
  // command that fails here is reported as failed and not timed.
  for (const c of cmds) record(c, runOnce(c.argv, c.codes, rssFile, false));
  const timed = cmds.filter((c) => samples[c.id].error === null);
  for (const c of cmds) {
    samples[c.id].ms = [];
    samples[c.id].cpuMs = [];
    samples[c.id].rssKiB = [];
  }
  // Interleaved rounds, so a slow moment of the machine hits every command alike.
  for (let round = 0; round < runs; round++) {
    for (const c of timed) record(c, runOnce(c.argv, c.codes, rssFile, options.withTime));
  }
  fs.rmSync(rssFile, { force: true });
  if (options.profile) {
    const dir = path.join(OUT_DIR, 'profiles', tree.name);
    fs.mkdirSync(dir, { recursive: true });
    for (const c of cmds) {
      if (c.buildctx)
        runOnce(c.argv, c.codes, rssFile, false, [
          '--cpu-prof',
          '--cpu-prof-dir',
          dir,
          '--cpu-prof-name',
          `${c.id}.cpuprofile`,
        ]);
    }
  }
  const results = {};
  for (const c of cmds) {
    const s = samples[c.id];
    if (s.error !== null || s.ms.length === 0) {
      results[c.id] = { command: c.label, failed: s.error ?? 'no run' };
      continue;
    }
    results[c.id] = {
      command: c.label,
      medianMs: round1(median(s.ms)),
      minMs: round1(Math.min(...s.ms)),
      maxMs: round1(Math.max(...s.ms)),
      medianCpuMs: s.cpuMs.length > 0 ? round1(median(s.cpuMs)) : null,
      peakRssMiB: s.rssKiB.length > 0 ? round1(Math.max(...s.rssKiB) / 1024) : null,
      exitCodes: [...s.codes].sort(),
      runs: s.ms.map(round1),
    };
  }
  return results;
}

/**
 * Instructions each command executes, counted by callgrind (all threads), once per command. The
 * ratio to du's count is what a quiet machine's time ratio would be if every instruction cost the
 * same; system-call time inside the kernel is not counted.
 */
function countInstructions(tree, info, sniffAvailable, results) {
  const out = path.join(os.tmpdir(), `buildctx-bench-callgrind-${process.pid}`);
  for (const c of commandsFor(tree, info.root, sniffAvailable)) {
    if (results[c.id] === undefined || results[c.id].failed !== undefined) continue;
    const argv = c.argv[0] === 'node' ? [process.execPath, ...c.argv.slice(1)] : c.argv;
    const r = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, ...argv], {
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const collected = /Collected : (\d+)/.exec(r.stderr?.toString() ?? '');
    if (collected !== null) results[c.id].instructions = Number(collected[1]);
    fs.rmSync(out, { force: true });
  }
}

function round1(x) {
  return Math.round(x * 10) / 10;
}

function round2(x) {
  return Math.round(x * 100) / 100;
}

/** Start-up: `node -e 0` against `buildctx --version`, interleaved, medians of wall time. */
function measureStartup(runs) {
  const rounds = Math.max(runs, 5) * 2;
  const load = [os.loadavg()[0]];
  const node = [];
  const version = [];
  for (let i = 0; i <= rounds; i++) {
    const a = runOnce(['node', '-e', '0'], [0], null, false);
    const b = runOnce(['node', BIN, '--version'], [0], null, false);
    if (i > 0) {
      node.push(a.ms);
      version.push(b.ms);
    }
  }
  load.push(os.loadavg()[0]);
  return { nodeMs: round1(median(node)), versionMs: round1(median(version)), loadAverage: load.map(round2) };
}

/** A ratio reads "1.79×"; a quantity "106.8 MB", "12.3 s". */
function withUnit(value, unit) {
  return unit === '×' ? `${value}×` : `${value} ${unit}`;
}

function add0(targets, id, description, actual, limit, unit) {
  targets.push({ id, description, actual: round2(actual), limit, unit, met: actual <= limit });
}

// ---------------------------------------------------------------------------------------------
// Targets (the issue "Scale and hostile trees"): measured here, never asserted in tests.

function evaluateTargets(results, startup) {
  const targets = [];
  if (startup !== null)
    add0(targets, 'startup', 'start-up: --version ≤ 1.3× node -e 0', startup.versionMs / startup.nodeMs, 1.3, '×');
  const add = (id, description, actual, limit, unit) => {
    if (actual === null || actual === undefined || Number.isNaN(actual)) return;
    targets.push({ id, description, actual: round2(actual), limit, unit, met: actual <= limit });
  };
  const r = (tree, cmd) => results[tree]?.commands[cmd];
  const ratio = (tree, a, b) =>
    r(tree, a)?.medianMs !== undefined && r(tree, b)?.medianMs !== undefined
      ? r(tree, a).medianMs / r(tree, b).medianMs
      : null;
  // Issue 16's targets on a shared machine (one core busy): ≤ 1.3× du unprunable, ≤ 1.0× prunable;
  // on a quiet machine ≤ 1.0× and ≤ 0.8×.
  add(
    'wild-report-vs-du',
    'mono-wild: report ≤ 1.3× du -sb (one core busy; 1.0× quiet)',
    ratio('mono-wild', 'report', 'du'),
    1.3,
    '×',
  );
  add('wild-ls-vs-find', 'mono-wild: ls ≤ 0.5× find -printf', ratio('mono-wild', 'ls', 'find'), 0.5, '×');
  add('mono-ls-vs-find', 'mono: ls ≤ 0.5× find -printf', ratio('mono', 'ls', 'find'), 0.5, '×');
  const ratio2 = (a, b, cmd) =>
    r(a, cmd)?.medianMs && r(b, cmd)?.medianMs ? r(a, cmd).medianMs / r(b, cmd).medianMs : null;
  const cpuRatio2 = (a, b, cmd) =>
    r(a, cmd)?.medianCpuMs && r(b, cmd)?.medianCpuMs ? r(a, cmd).medianCpuMs / r(b, cmd).medianCpuMs : null;
  const cpuRatio = (tree, a, b) =>
    r(tree, a)?.medianCpuMs && r(tree, b)?.medianCpuMs ? r(tree, a).medianCpuMs / r(tree, b).medianCpuMs : null;
  const info = (id, description, actual, unit = '×') => {
    if (actual !== null && actual !== undefined && !Number.isNaN(actual))
      targets.push({ id, description, actual: round2(actual), limit: null, unit, met: null });
  };
  info(
    'wild-report-vs-du-cpu',
    'mono-wild: report CPU time (all threads) / du -sb CPU time',
    cpuRatio('mono-wild', 'report', 'du'),
  );
  add(
    'mono-report-vs-du',
    'mono (prunable): report ≤ 1.0× du -sb (one core busy; 0.8× quiet)',
    ratio('mono', 'report', 'du'),
    1.0,
    '×',
  );
  add('mono-ls-vs-du', 'mono (prunable): ls faster than du -sb', ratio('mono', 'ls', 'du'), 1.0, '×');
  add(
    'sniff-overhead',
    'sniffing adds ≤ 25% to the report (mono-wild: report / report --no-sniff)',
    ratio('mono-wild', 'report', 'nosniff'),
    1.25,
    '×',
  );
  add(
    'fix-vs-report',
    'mono, partial ignore file: fix ≤ 1.5× the report it starts from',
    ratio('mono', 'fix', 'partial'),
    1.5,
    '×',
  );
  info('scan-vs-report', 'mono: scan --all (one build) / report', ratio('mono', 'scan', 'report'));
  info(
    'floor1-vs-du',
    'mono-wild: the one-thread floor (readdir + lstat) / du -sb',
    ratio('mono-wild', 'floor1', 'du'),
  );
  info('floor2-vs-du', 'mono-wild: the two-thread floor / du -sb', ratio('mono-wild', 'floor2', 'du'));
  info('floor2-vs-floor1', 'mono-wild: two-thread floor / one-thread floor', ratio('mono-wild', 'floor2', 'floor1'));
  info(
    'floor2-vs-floor1-cpu',
    'mono-wild: two-thread floor CPU / one-thread floor CPU',
    cpuRatio('mono-wild', 'floor2', 'floor1'),
  );
  info('report-vs-floor1', 'mono-wild: report / the one-thread floor', ratio('mono-wild', 'report', 'floor1'));
  info('deep-overhead', 'mono-wild: report --deep / report --no-sniff', ratio('mono-wild', 'deep', 'nosniff'));
  // Adversarial patterns: the same tree with a 20-star pattern against one plain pattern.
  add(
    'hostile-vs-plain',
    'names-hostile: report ≤ 2× the same tree with a plain pattern',
    ratio2('names-hostile', 'names-plain', 'report'),
    2,
    '×',
  );
  add(
    'hostile-vs-plain-cpu',
    "names-hostile: report CPU ≤ 2× the plain pattern's",
    cpuRatio2('names-hostile', 'names-plain', 'report'),
    2,
    '×',
  );
  info(
    'many-patterns-report-cpu',
    'many-patterns: report CPU time, 20,000 patterns on 6 files',
    r('many-patterns', 'report')?.medianCpuMs / 1000,
    's',
  );
  info('many-patterns-ls-cpu', 'many-patterns: ls CPU time', r('many-patterns', 'ls')?.medianCpuMs / 1000, 's');
  const peakMB = (trees) => {
    const mib = Math.max(...trees.flatMap((t) => ['report', 'ls'].map((c) => r(t, c)?.peakRssMiB ?? -Infinity)));
    return mib > 0 ? mib * 1.048576 : null;
  };
  add('rss-200k', 'peak RSS at 200k files (monorepo) ≤ 100 MB', peakMB(['mono', 'mono-wild']), 100, 'MB');
  add('rss-200k-flat', 'peak RSS at 200k files in one directory, all sent, ≤ 100 MB', peakMB(['flat']), 100, 'MB');
  add('rss-1m', 'peak RSS at 1M files ≤ 400 MB', peakMB(['mono-1m']), 400, 'MB');
  const partialMiB = r('mono', 'partial')?.peakRssMiB;
  add(
    'rss-200k-sent',
    'peak RSS, mono with the partial ignore file (node_modules and the virtualenv sent) ≤ 100 MB',
    partialMiB > 0 ? partialMiB * 1.048576 : null,
    100,
    'MB',
  );
  const files200k = results['mono-wild']?.tree.entries;
  const files1m = results['mono-1m']?.tree.entries;
  if (
    files200k &&
    files1m &&
    r('mono-1m', 'report')?.medianMs !== undefined &&
    r('mono-wild', 'report')?.medianMs !== undefined
  ) {
    // Normalise by the entry counts, which are close to but not exactly 5:1.
    const per = (tree, cmd, key) => r(tree, cmd)[key] / results[tree].tree.entries;
    add(
      'linear-1m',
      'report on 1M ≤ 5.5× the 200k time (per entry, scaled to 5×)',
      (per('mono-1m', 'report', 'medianMs') / per('mono-wild', 'report', 'medianMs')) * 5,
      5.5,
      '×',
    );
    // The same for CPU time, and du's own scaling: wall time at 1M also reflects the machine.
    const cpu = per('mono-1m', 'report', 'medianCpuMs') / per('mono-wild', 'report', 'medianCpuMs');
    if (Number.isFinite(cpu))
      add('linear-1m-cpu', 'report CPU time on 1M ≤ 5.5× the 200k (per entry, scaled to 5×)', cpu * 5, 5.5, '×');
    info(
      'du-1m',
      'for comparison, du -sb on 1M vs 200k (per entry, scaled to 5×)',
      (per('mono-1m', 'du', 'medianMs') / per('mono-wild', 'du', 'medianMs')) * 5,
    );
  }
  return targets;
}

// ---------------------------------------------------------------------------------------------
// Output

function machine() {
  const cpus = os.cpus();
  const version = (cmd) => {
    try {
      return execFileSync(cmd, ['--version'], { encoding: 'utf8' }).split('\n')[0];
    } catch {
      return null;
    }
  };
  let fsType = null;
  try {
    fsType = execFileSync('stat', ['-f', '-c', '%T', os.tmpdir()], { encoding: 'utf8' }).trim();
  } catch {
    fsType = null;
  }
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: round1(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    du: version('du'),
    find: version('find'),
    fsType,
  };
}

function formatMs(ms) {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Further buildctx commands timed on some trees, shown as rows below the tree's own (id → label). */
const EXTRA_ROWS = [
  ['nosniff', `report ${NO_SNIFF_FLAG}`],
  ['deep', `report ${DEEP_FLAG}`],
  ['floor1', 'floor: readdir + lstat, 1 thread'],
  ['floor2', 'floor: readdir + lstat, 2 threads'],
  ['partial', 'report, partial ignore file'],
  ['fix', 'fix, partial ignore file'],
  ['scan', 'scan --all'],
];

function printTable(results) {
  const header = [
    'tree',
    'entries',
    'du -sb',
    'find',
    'report',
    'report/du',
    'ls',
    'ls/find',
    'ls/du',
    'RSS report',
    'RSS ls',
  ];
  const rows = [header];
  for (const [name, res] of Object.entries(results)) {
    const c = res.commands;
    const time = (x) => (x.failed !== undefined ? 'failed' : formatMs(x.medianMs));
    const ratio = (x, y) =>
      x.failed !== undefined || y.failed !== undefined ? '—' : (x.medianMs / y.medianMs).toFixed(2) + '×';
    const rss = (x) => (x.peakRssMiB === null || x.peakRssMiB === undefined ? '—' : `${Math.round(x.peakRssMiB)} MiB`);
    rows.push([
      name,
      String(res.tree.entries),
      time(c.du),
      time(c.find),
      time(c.report),
      ratio(c.report, c.du),
      time(c.ls),
      ratio(c.ls, c.find),
      ratio(c.ls, c.du),
      rss(c.report),
      rss(c.ls),
    ]);
    for (const [id, label] of EXTRA_ROWS) {
      if (c[id])
        rows.push([`${name} (${label})`, '', '', '', time(c[id]), ratio(c[id], c.du), '', '', '', rss(c[id]), '']);
    }
  }
  const failures = Object.entries(results).flatMap(([name, res]) =>
    Object.values(res.commands)
      .filter((x) => x.failed !== undefined)
      .map((x) => `${name}: ${x.command} failed (${x.failed})`),
  );
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]) : cell.padStart(widths[k]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const f of failures) console.log(f);
  console.log('\nCPU time (user + system), medians:');
  for (const [name, res] of Object.entries(results)) {
    const c = res.commands;
    const cpu = (x) => x.medianCpuMs ?? null;
    const parts = Object.values(c)
      .filter((x) => cpu(x) !== null)
      .map((x) => `${x.command} ${formatMs(cpu(x))}`);
    const ratio = (x, y) => (cpu(x) !== null && cpu(y) ? (cpu(x) / cpu(y)).toFixed(2) + '×' : '—');
    console.log(`  ${name}: ${parts.join(', ')}; report/du ${ratio(c.report, c.du)}, ls/find ${ratio(c.ls, c.find)}`);
  }
  const counted = Object.entries(results).filter(([, res]) => res.commands.du?.instructions);
  if (counted.length > 0) console.log('\nInstructions (callgrind), as a multiple of du -sb:');
  for (const [name, res] of counted) {
    const c = res.commands;
    const parts = Object.values(c)
      .filter((x) => x.instructions)
      .map(
        (x) =>
          `${x.command} ${(x.instructions / 1e6).toFixed(0)}M (${(x.instructions / c.du.instructions).toFixed(1)}×)`,
      );
    console.log(`  ${name}: ${parts.join(', ')}`);
  }
}

/** docs/performance.md's table: medians, ratios against du and find, CPU time and peak RSS. */
export function markdownTable(out) {
  const lines = [
    '| tree | entries | du -sb | find | report | report / du | report CPU / du CPU | ls | ls / find | peak RSS report / ls | load |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [name, res] of Object.entries(out.results)) {
    const c = res.commands;
    const time = (x) => (x.failed !== undefined ? 'failed' : formatMs(x.medianMs));
    const ratio = (x, y, key = 'medianMs') => (x[key] && y[key] ? (x[key] / y[key]).toFixed(2) + '×' : '—');
    const rss = (x) => (x.peakRssMiB ? `${Math.round(x.peakRssMiB)}` : '—');
    lines.push(
      `| ${name} | ${res.tree.entries.toLocaleString('en-US')} | ${time(c.du)} | ${time(c.find)} | ${time(c.report)} | ${ratio(c.report, c.du)} | ${ratio(c.report, c.du, 'medianCpuMs')} | ${time(c.ls)} | ${ratio(c.ls, c.find)} | ${rss(c.report)} / ${rss(c.ls)} MiB | ${(res.loadAverage ?? []).map((x) => x.toFixed(1)).join('→') || '—'} |`,
    );
    for (const [id, label] of EXTRA_ROWS) {
      const x = c[id];
      if (x !== undefined)
        lines.push(
          `| ${name}, ${label} | | | | ${time(x)} | ${ratio(x, c.du)} | ${ratio(x, c.du, 'medianCpuMs')} | | | ${rss(x)} MiB | |`,
        );
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

function main() {
  const args = parseArguments(process.argv.slice(2));
  if (args.markdown !== null) {
    console.log(markdownTable(JSON.parse(fs.readFileSync(args.markdown, 'utf8'))));
    return;
  }
  const runs = args.runs ?? (args.quick ? 3 : 5);
  const cacheDir = path.join(args.dir, args.quick ? 'quick' : 'full');
  fs.mkdirSync(cacheDir, { recursive: true });
  const unknown = (args.only ?? []).filter((n) => n !== 'startup' && !TREES.some((t) => t.name === n));
  if (unknown.length > 0)
    throw new Error(`unknown tree ${unknown.join(', ')} (known: ${TREES.map((t) => t.name).join(', ')})`);
  const trees = TREES.filter((t) => args.only === null || args.only.includes(t.name));
  if (!fs.existsSync(path.join(REPO, 'dist/cli/main.js')))
    throw new Error('dist/ is missing: run `npm run build` (or `npm run bench`)');

  const withTime = hasGnuTime();
  if (!withTime) console.log(`note: ${GNU_TIME} not found (Debian package "time"): peak RSS is not measured`);
  const usage = execFileSync(process.execPath, [BIN, 'help', 'report'], { encoding: 'utf8' });
  const sniffAvailable = usage.includes(NO_SNIFF_FLAG) && usage.includes(DEEP_FLAG);
  if (!sniffAvailable)
    console.log(`note: this build has no ${NO_SNIFF_FLAG} / ${DEEP_FLAG}: the sniffing runs are skipped`);

  const loadBefore = os.loadavg();
  if (loadBefore[0] > 0.5)
    console.log(`note: load average ${loadBefore[0].toFixed(2)}: other work is running, timings will be noisy`);
  const results = {};
  for (const tree of trees) {
    const scale = args.quick ? tree.quickScale : tree.scale;
    const info = ensureTree(cacheDir, tree, scale);
    if (args.generate) continue;
    const entries = info.files + info.symlinks + info.dirs;
    process.stdout.write(`timing ${tree.name} (${entries} entries): warm-up + ${runs} runs … `);
    const start = Date.now();
    // The machine may be shared: each tree's figures carry the load average around them.
    const load = [os.loadavg()[0]];
    const commands = benchTree(tree, info, runs, { withTime, sniffAvailable, profile: args.profile });
    if (args.instructions) countInstructions(tree, info, sniffAvailable, commands);
    load.push(os.loadavg()[0]);
    process.stdout.write(
      `${((Date.now() - start) / 1000).toFixed(1)} s (load ${load.map((x) => x.toFixed(1)).join(' → ')})\n`,
    );
    results[tree.name] = {
      title: tree.title,
      loadAverage: load.map(round2),
      tree: {
        path: info.root,
        files: info.files,
        symlinks: info.symlinks,
        dirs: info.dirs,
        entries,
        bytes: info.bytes,
      },
      commands,
    };
  }

  if (args.generate) return;
  console.log('');
  printTable(results);
  const startup = args.only === null || args.only.includes('startup') ? measureStartup(runs) : null;
  if (startup !== null)
    console.log(
      `\nstart-up: node -e 0 ${formatMs(startup.nodeMs)}, buildctx --version ${formatMs(startup.versionMs)} (load ${startup.loadAverage.join(' → ')})`,
    );
  const targets = evaluateTargets(results, startup);
  if (targets.length > 0) {
    console.log('\nTargets:');
    for (const t of targets)
      console.log(
        `  ${t.met === null ? 'info  ' : t.met ? 'met   ' : 'MISSED'}  ${t.description}: ${withUnit(t.actual, t.unit)}${t.limit === null ? '' : ` (limit ${withUnit(t.limit, t.unit)})`}`,
      );
  }
  if (!sniffAvailable) console.log(`  n/a     sniffing adds ≤ 25%: no ${NO_SNIFF_FLAG} in this build`);

  const out = {
    generatedAt: new Date().toISOString(),
    generatorVersion: GENERATOR_VERSION,
    quick: args.quick,
    runs,
    machine: machine(),
    loadAverage: { before: loadBefore.map(round2), after: os.loadavg().map(round2) },
    buildctx: execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' }).trim(),
    sniffing: sniffAvailable ? [NO_SNIFF_FLAG, DEEP_FLAG] : null,
    results,
    startup,
    targets,
  };
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const stamp = out.generatedAt.replace(/[:.]/g, '-');
  const file = path.join(OUT_DIR, `results-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  fs.writeFileSync(path.join(OUT_DIR, 'latest.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

// Run only as a program: test/docs.test.ts imports markdownTable to hold the docs to results.json.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
