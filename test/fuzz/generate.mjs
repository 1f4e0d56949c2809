// Seeded generators of hostile input for the fuzz tests: Dockerfiles, ignore files, Compose
// files, binaries and build logs. Each case is a small context (files by path) and the argv to
// run against it. Half of each kind is built from a grammar of the constructs the readers
// handle (and their corner cases); half mutates real inputs from fixtures/ byte by byte.
// Plain JavaScript so that vitest and the standalone runner (run.mjs) share it unbuilt.
//
//   const cases = generateCases({ seed: 1, count: 100 });  // kinds in turn
//   for (const c of cases) { write c.files under a temp dir; run c.argv with CONTEXT replaced }

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const KINDS = ['dockerfile', 'ignore', 'compose', 'binary', 'log'];

/** mulberry32: a small seeded PRNG (same seed, same cases). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  const chance = (p) => next() < p;
  const times = (min, max, f) => Array.from({ length: min + int(max - min + 1) }, (_, i) => f(i));
  return { next, int, pick, chance, times };
}

// ------------------------------------------------------------------ shared pieces

const ODD_TEXT = [
  'é',
  'ζ',
  '☺',
  '𝄞',
  '\u0085',
  '\u00a0',
  '\ufeff',
  '\u2028',
  '\t',
  ' ',
  '\r',
  '\\',
  '`',
  '"',
  "'",
  '$',
  '{',
  '}',
  '[',
  ']',
  '*',
  '?',
  '!',
  '#',
  '%',
  '/',
  ':',
  '=',
  '-',
  '\0',
];

function word(r, max = 12) {
  const alpha = 'abcdefghijklmnopqrstuvwxyz0123456789_.-';
  let s = r.times(1, max, () => alpha[r.int(alpha.length)]).join('');
  if (r.chance(0.15)) s += r.pick(ODD_TEXT);
  return s;
}

function relPath(r) {
  return r.times(1, 4, () => (r.chance(0.1) ? r.pick(['**', '*', '..', '.', '']) : word(r, 8))).join('/');
}

/** Byte-level mutations: flip, insert, delete, duplicate a slice, splice in odd bytes. */
export function mutate(r, input, edits = 1 + r.int(8)) {
  let buf = Buffer.from(input);
  for (let e = 0; e < edits && buf.length > 0; e++) {
    const at = r.int(buf.length);
    switch (r.int(6)) {
      case 0:
        buf[at] ^= 1 << r.int(8);
        break;
      case 1:
        buf = Buffer.concat([buf.subarray(0, at), Buffer.from([r.int(256)]), buf.subarray(at)]);
        break;
      case 2:
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + 1 + r.int(16))]);
        break;
      case 3: {
        const len = 1 + r.int(64);
        const slice = buf.subarray(at, at + len);
        buf = Buffer.concat([buf.subarray(0, at), slice, slice, buf.subarray(at)]);
        break;
      }
      case 4:
        buf = Buffer.concat([buf.subarray(0, at), Buffer.from(r.pick(ODD_TEXT)), buf.subarray(at)]);
        break;
      default: {
        // A big field value: lengths, counts and offsets are where readers go wrong.
        const v = r.pick([0, 0xff, 0x7f, 0x80, 0xffff, 0x7fffffff, 0xffffffff]);
        for (let i = 0; i < 4 && at + i < buf.length; i++) buf[at + i] = (v >>> (8 * i)) & 0xff;
      }
    }
  }
  return buf;
}

function readFixtures(dir, filter = () => true, limit = 64) {
  const out = [];
  const walk = (d) => {
    for (const name of fs.readdirSync(d).sort()) {
      if (out.length >= limit) return;
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && st.size < 4 * 1024 * 1024 && filter(name, p)) out.push(fs.readFileSync(p));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

let seedsCache;
function seeds() {
  seedsCache ??= {
    dockerfiles: readFixtures(path.join(repo, 'fixtures'), (n) => /Dockerfile/i.test(n)),
    ignores: readFixtures(path.join(repo, 'fixtures'), (n) => n === '.dockerignore'),
    composes: readFixtures(path.join(repo, 'fixtures'), (n) => /compose.*\.ya?ml$/.test(n)),
    binaries: readFixtures(path.join(repo, 'fixtures/binaries'), (n) => !/\.(json|md)$/.test(n), 40),
    logs: JSON.parse(fs.readFileSync(path.join(repo, 'fixtures/diagnose/cases.json'), 'utf8')).map((c) =>
      Buffer.from(c.message),
    ),
  };
  return seedsCache;
}

// ------------------------------------------------------------------ Dockerfiles

function expr(r, depth = 0) {
  const name = r.pick(['a', 'B', 'VERSION', 'x_1', '1', '@', word(r, 4)]);
  if (depth > 3 || r.chance(0.4)) return r.chance(0.5) ? `$${name}` : `\${${name}}`;
  const mod = r.pick([':-', '-', ':+', '+', ':?', '?', '#', '##', '%', '%%', '/', '//', ':', '=', '']);
  const inner = r.chance(0.5) ? expr(r, depth + 1) : word(r);
  if (mod === '/' || mod === '//') return `\${${name}${mod}${r.pick(['*', '?', 'a*b', '\\*', inner])}/${inner}}`;
  return `\${${name}${mod}${inner}}`;
}

function flag(r) {
  return r.pick([
    `--from=${r.pick(['build', '0', 'alpine:3', expr(r), ''])}`,
    `--chmod=${r.pick(['755', '0644', '789', 'u+x', ''])}`,
    `--chown=${r.pick(['1000:1000', 'app', expr(r)])}`,
    '--link',
    `--exclude=${relPath(r)}`,
    '--parents',
    `--mount=${r.pick(['type=cache,target=/root/.cache', 'type=bind,from=build,source=/x,target=/y', 'type=secret,id=a', 'type=nope', 'type=bind,,', ''])}`,
    `--platform=${r.pick(['linux/amd64', '$BUILDPLATFORM', 'windows/arm64', 'x', expr(r)])}`,
    `--network=${r.pick(['none', 'host'])}`,
    '--',
  ]);
}

function instruction(r) {
  const cont = r.chance(0.1) ? ' \\\n  ' : ' ';
  switch (r.int(12)) {
    case 0:
      return `FROM ${r.chance(0.2) ? flag(r) + ' ' : ''}${r.pick(['alpine', 'python:3.12-slim', 'node:20@sha256:abc', 'scratch', 'build', expr(r), word(r)])}${r.chance(0.4) ? ` AS ${r.pick(['build', 'final', word(r, 5)])}` : ''}`;
    case 1:
      return `ARG ${r.pick(['a', 'B', 'VERSION', word(r, 5)])}${r.chance(0.7) ? '=' + (r.chance(0.5) ? expr(r) : word(r)) : ''}`;
    case 2:
      return `ENV ${r.pick(['a', 'PATH', word(r, 5)])}${r.pick(['=', ' '])}${r.chance(0.5) ? expr(r) : `"${word(r)} ${expr(r)}"`}`;
    case 3:
    case 4:
      return `${r.pick(['COPY', 'ADD'])}${r.times(0, 2, () => ' ' + flag(r)).join('')}${cont}${r.times(1, 3, () => (r.chance(0.3) ? expr(r) : relPath(r))).join(' ')} ${r.pick(['/app/', '.', '/x', expr(r)])}`;
    case 5:
      return `${r.pick(['COPY', 'ADD'])} [${r.times(1, 3, () => JSON.stringify(relPath(r))).join(', ')}, "/dst/"]`;
    case 6:
      return `RUN ${r.chance(0.3) ? flag(r) + ' ' : ''}${r.pick(['pip install -r requirements.txt', 'npm ci', 'apt-get update && apt-get install -y curl', 'echo $a', `cd ${relPath(r)} && make`])}`;
    case 7:
      return `RUN <<${r.pick(['EOF', '"EOF"', '-EOT'])}\n${word(r)} ${expr(r)}\n${r.pick(['EOF', 'EOT', ''])}`;
    case 8:
      return `${r.pick(['WORKDIR', 'USER', 'EXPOSE', 'VOLUME', 'LABEL a=b', 'STOPSIGNAL', 'SHELL ["/bin/sh", "-c"]', 'HEALTHCHECK NONE'])} ${expr(r)}`;
    case 9:
      return `${r.pick(['CMD', 'ENTRYPOINT'])} ${r.chance(0.5) ? `["${relPath(r)}", "${word(r)}"]` : relPath(r)}`;
    case 10:
      return `ONBUILD ${r.pick(['COPY . /app', 'RUN x', 'ONBUILD RUN y', 'FROM x'])}`;
    default:
      return r.pick(['# comment', '', '   ', '\\', 'MAINTAINER x', 'UNKNOWN instr', `${word(r)} ${expr(r)}`]);
  }
}

function dockerfile(r) {
  const lines = [];
  if (r.chance(0.2))
    lines.push(r.pick(['# syntax=docker/dockerfile:1', '# escape=`', '# escape=\\', '# check=skip=all']));
  if (r.chance(0.3))
    lines.push(...r.times(1, 4, () => `ARG ${r.pick(['a', 'VERSION', 'B'])}=${r.chance(0.5) ? expr(r) : word(r)}`));
  lines.push(`FROM ${r.pick(['alpine', 'python:3.12', expr(r)])} AS build`);
  lines.push(...r.times(1, 14, () => instruction(r)));
  let text = lines.join(r.chance(0.1) ? '\r\n' : '\n');
  if (r.chance(0.05)) text = '\ufeff' + text;
  return Buffer.from(text);
}

// ------------------------------------------------------------------ ignore files

function ignorePattern(r) {
  let p = r
    .times(1, 4, () =>
      r.pick([
        '**',
        '*',
        '?',
        '[a-z]',
        '[!x]',
        '[^x]',
        '[',
        '\\',
        '\\*',
        '{a,b}',
        '.',
        '..',
        'node_modules',
        '.venv',
        word(r, 6),
      ]),
    )
    .join(r.pick(['/', '/', '']));
  if (r.chance(0.2)) p = '!' + p;
  if (r.chance(0.1)) p = '/' + p;
  if (r.chance(0.05)) p = ' ' + p + ' ';
  return p;
}

function ignoreFile(r) {
  return Buffer.from(
    r
      .times(1, 30, () => (r.chance(0.1) ? r.pick(['# x', '', '!', '/', '**', '!**', '\\']) : ignorePattern(r)))
      .join(r.chance(0.1) ? '\r\n' : '\n'),
  );
}

// ------------------------------------------------------------------ Compose files

function composeValue(r, depth) {
  if (depth > 3) return r.pick(['x', '1', 'null', '~', '"a b"', `'${word(r)}'`, '*anchor', '[]', '{}']);
  if (r.chance(0.3)) return `[${r.times(0, 3, () => composeValue(r, depth + 1)).join(', ')}]`;
  if (r.chance(0.3)) return `{ ${r.times(0, 3, () => `${word(r, 5)}: ${composeValue(r, depth + 1)}`).join(', ')} }`;
  return r.pick([
    relPath(r),
    '.',
    '..',
    '/etc',
    '../../..',
    word(r),
    '${VAR:-x}',
    '"$$"',
    '!!binary aGk=',
    '0o17',
    '1e400',
  ]);
}

function composeFile(r) {
  const services = r.times(1, 4, (i) => {
    const build = r.chance(0.3)
      ? `    build: ${composeValue(r, 2)}`
      : [
          '    build:',
          `      context: ${r.pick(['.', './svc', '..', '/etc', relPath(r), '${CTX}'])}`,
          r.chance(0.6)
            ? `      dockerfile: ${r.pick(['Dockerfile', 'svc.Dockerfile', '../Dockerfile', relPath(r)])}`
            : '',
          r.chance(0.3) ? `      target: ${r.pick(['build', 'final', word(r)])}` : '',
          r.chance(0.3) ? `      args: ${composeValue(r, 1)}` : '',
          r.chance(0.2) ? `      additional_contexts: ${composeValue(r, 1)}` : '',
          r.chance(0.2) ? '      dockerfile_inline: |\n        FROM alpine\n        COPY . /app' : '',
        ]
          .filter(Boolean)
          .join('\n');
    return [
      `  ${r.chance(0.1) ? word(r) : `svc${i}`}:${r.chance(0.1) ? ' &anchor' : ''}`,
      build,
      r.chance(0.2) ? '    <<: *anchor' : '',
      r.chance(0.2) ? `    image: ${word(r)}` : '',
    ]
      .filter(Boolean)
      .join('\n');
  });
  let text = `${r.chance(0.3) ? 'x-base: &anchor\n  build: .\n' : ''}services:\n${services.join('\n')}\n`;
  if (r.chance(0.2)) text += `include:\n  - ${relPath(r)}\n`;
  return Buffer.from(text);
}

// ------------------------------------------------------------------ binaries

function elfHeader(r) {
  const is64 = r.chance(0.6);
  const le = r.chance(0.8);
  const b = Buffer.alloc(is64 ? 64 + 56 * 3 : 52 + 32 * 3);
  b.write('\x7fELF', 0, 'latin1');
  b[4] = is64 ? 2 : 1;
  b[5] = le ? 1 : 2;
  b[6] = 1;
  const u16 = (o, v) => (le ? b.writeUInt16LE(v & 0xffff, o) : b.writeUInt16BE(v & 0xffff, o));
  const u32 = (o, v) => (le ? b.writeUInt32LE(v >>> 0, o) : b.writeUInt32BE(v >>> 0, o));
  u16(16, r.pick([2, 3, 1, 0xffff]));
  u16(18, r.pick([3, 62, 183, 40, 8, 243, 258, r.int(0x10000)]));
  const phoff = r.pick([is64 ? 64 : 52, 0, 0xffffff, b.length - 4]);
  if (is64) {
    u32(32, phoff);
    u16(54, 56);
    u16(56, r.pick([0, 1, 3, 0xffff]));
  } else {
    u32(28, phoff);
    u16(42, 32);
    u16(44, r.pick([0, 1, 3, 0xffff]));
  }
  for (let i = 64; i < b.length; i++) b[i] = r.chance(0.3) ? r.int(256) : 0;
  return b;
}

function machoHeader(r) {
  const fat = r.chance(0.3);
  const b = Buffer.alloc(4096);
  if (fat) {
    b.writeUInt32BE(0xcafebabe, 0);
    b.writeUInt32BE(r.pick([1, 2, 20, 0xffffffff]), 4);
    for (let i = 0; i < 3; i++) {
      b.writeUInt32BE(r.pick([0x01000007, 0x0100000c, 7, r.int(2 ** 31)]) >>> 0, 8 + i * 20);
      b.writeUInt32BE(r.pick([0, 64, 4096, 0xffffffff]) >>> 0, 8 + i * 20 + 8);
      b.writeUInt32BE(r.pick([0, 28, 4096, 0xffffffff]) >>> 0, 8 + i * 20 + 12);
    }
  } else {
    b.writeUInt32LE(r.pick([0xfeedfacf, 0xfeedface]) >>> 0, 0);
    b.writeUInt32LE(r.pick([0x01000007, 0x0100000c, 7, 12]) >>> 0, 4);
    b.writeUInt32LE(r.pick([2, 6, 8, 1]), 12);
    b.writeUInt32LE(r.pick([0, 1, 5, 0xffffffff]) >>> 0, 16);
    b.writeUInt32LE(r.pick([0, 32, 4096, 0xffffffff]) >>> 0, 20);
    for (let o = 32; o < 512; o += 8) {
      b.writeUInt32LE(r.pick([0x32, 0x19, 0x1d, 0xc, 0x80000028, r.int(2 ** 31)]) >>> 0, o);
      b.writeUInt32LE(r.pick([0, 8, 16, 24, 0xffffffff]) >>> 0, o + 4);
    }
  }
  return b;
}

function peHeader(r) {
  const b = Buffer.alloc(1024);
  b.write('MZ', 0, 'latin1');
  const lfanew = r.pick([64, 128, 0, 1020, 0x7fffffff]);
  b.writeUInt32LE(lfanew >>> 0, 60);
  if (lfanew + 24 < b.length) {
    b.write('PE\0\0', lfanew, 'latin1');
    b.writeUInt16LE(r.pick([0x14c, 0x8664, 0xaa64, 0x1c4, r.int(0x10000)]), lfanew + 4);
    b.writeUInt16LE(r.pick([0, 1, 0xffff]), lfanew + 6);
    b.writeUInt16LE(r.pick([0, 224, 240, 0xffff]), lfanew + 20);
  }
  return b;
}

function binaryFile(r) {
  const s = seeds();
  if (s.binaries.length > 0 && r.chance(0.5)) {
    const base = r.pick(s.binaries);
    const cut = r.chance(0.3) ? base.subarray(0, r.int(base.length + 1)) : base;
    return mutate(r, cut, 1 + r.int(20));
  }
  const head = r.pick([elfHeader, machoHeader, peHeader])(r);
  return r.chance(0.5) ? mutate(r, head, r.int(10)) : head;
}

// ------------------------------------------------------------------ logs

const LOG_LINES = [
  () => 'exec /app/server: exec format error',
  (r) => `Error: /app/node_modules/${word(r, 6)}/build/Release/${word(r, 6)}.node: invalid ELF header`,
  (r) => `ImportError: ${relPath(r)}.so: cannot open shared object file: No such file or directory`,
  (r) => `/lib/x86_64-linux-gnu/libc.so.6: version \`GLIBC_2.${r.int(60)}' not found (required by /app/${word(r)})`,
  (r) => `ModuleNotFoundError: No module named '${word(r, 8)}'`,
  (r) => `Error relocating /app/${word(r)}: ${word(r)}: symbol not found`,
  (r) => `#12 0.345 ${word(r)} ${relPath(r)}`,
  (r) => `web_1 | Error: Cannot find module '@${word(r, 5)}/${word(r, 5)}-linux-x64-musl'`,
  (r) =>
    `  File "/usr/local/lib/python3.${r.int(14)}/site-packages/${relPath(r)}.py", line ${r.int(9999)}, in <module>`,
  (r) => `\u001b[31m${word(r)}\u001b[0m ${'/'.repeat(r.int(50))}${word(r)}`,
  (r) => 'x'.repeat(r.int(200_000)),
  (r) => Array.from({ length: 1 + r.int(2000) }, () => `/${relPath(r)}`).join(' '),
];

function logText(r) {
  const s = seeds();
  if (r.chance(0.4)) return mutate(r, Buffer.concat(r.times(1, 3, () => r.pick(s.logs))), r.int(12));
  return Buffer.from(r.times(1, 40, () => r.pick(LOG_LINES)(r)).join(r.pick(['\n', '\r\n', '\r'])));
}

// ------------------------------------------------------------------ cases

/** A small context every case starts from: sources, a venv, node_modules, a secret. */
function baseTree(r) {
  const files = {
    'app.py': Buffer.from('print(1)\n'),
    'requirements.txt': Buffer.from('flask==3.0\n'),
    'package.json': Buffer.from('{"name":"x","dependencies":{"sharp":"^0.33"}}'),
    'node_modules/sharp/package.json': Buffer.from('{"name":"sharp","version":"0.33.0"}'),
    '.venv/pyvenv.cfg': Buffer.from('home = /usr/bin\n'),
    '.env': Buffer.from('SECRET=never-printed\n'),
    'src/main.go': Buffer.from('package main\n'),
  };
  if (r.chance(0.5))
    files['Dockerfile'] = Buffer.from('FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n');
  return files;
}

function makeCase(kind, r, id) {
  const files = baseTree(r);
  const s = seeds();
  switch (kind) {
    case 'dockerfile':
      files['Dockerfile'] =
        r.chance(0.5) || s.dockerfiles.length === 0 ? dockerfile(r) : mutate(r, r.pick(s.dockerfiles));
      return {
        id,
        kind,
        files,
        argv: r.chance(0.8) ? ['report', 'CONTEXT', '--format', 'json'] : ['fix', 'CONTEXT', '--format', 'json'],
      };
    case 'ignore':
      files['.dockerignore'] = r.chance(0.6) || s.ignores.length === 0 ? ignoreFile(r) : mutate(r, r.pick(s.ignores));
      return {
        id,
        kind,
        files,
        argv: r.pick([
          ['ls', 'CONTEXT', '--json'],
          ['report', 'CONTEXT', '--format', 'json'],
          ['why', '--context', 'CONTEXT', 'app.py', '.venv/pyvenv.cfg', 'node_modules'],
        ]),
      };
    case 'compose':
      files['compose.yaml'] = r.chance(0.6) || s.composes.length === 0 ? composeFile(r) : mutate(r, r.pick(s.composes));
      if (r.chance(0.5)) files['svc/Dockerfile'] = dockerfile(r);
      return { id, kind, files, argv: ['scan', '--all', 'CONTEXT', '--format', 'json'] };
    case 'binary':
      files[
        r.pick(['lib/native.so', 'node_modules/sharp/build/Release/sharp.node', 'bin/tool', 'app.exe', 'x.dylib'])
      ] = binaryFile(r);
      return { id, kind, files, argv: ['report', 'CONTEXT', '--format', 'json', ...(r.chance(0.5) ? ['--deep'] : [])] };
    default:
      files['build.log'] = logText(r);
      return {
        id,
        kind,
        files,
        argv: ['diagnose', 'CONTEXT', '--log', 'CONTEXT/build.log', '--format', r.pick(['json', 'text'])],
      };
  }
}

/** `count` cases, the kinds in turn, case i drawn from its own stream (seed, i). */
export function generateCases({ seed = 1, count, kinds = KINDS }) {
  return Array.from({ length: count }, (_, i) => makeCase(kinds[i % kinds.length], rng(seed * 1_000_003 + i), i));
}

/** Writes a case's files under `dir` and returns its argv with CONTEXT replaced. */
export function materializeCase(c, dir) {
  for (const [rel, data] of Object.entries(c.files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, data);
  }
  return c.argv.map((a) => a.replace('CONTEXT', dir));
}
