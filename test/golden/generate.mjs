#!/usr/bin/env node
// Generates the golden data the test suite replays, answered by Docker's own code:
//
//   match-cases.json  ignore files + paths → `oracle match` (moby/patternmatcher, the
//                     MatchesUsingParentResults chain the walkers use: each path's parents are
//                     evaluated as directories on the way down). Paths where the per-path
//                     MatchesOrParentMatches answer differs also carry that answer (speccheck).
//   walk-cases.json   small trees with an ignore file → `oracle list0` (what BuildKit sends).
//   tar-cases.json    trees without an ignore file → `oracle tar` (byte count of Docker 20.10's
//                     classic tar stream; only the tar format is trusted there, so no patterns).
//
// Everything is drawn from one seeded PRNG per data set (mulberry32), so the same seed and the
// same oracle give byte-identical files. Inputs are built from one alphabet that mixes the
// characters on which glob dialects disagree (gitignore, Go filepath.Match, RE2): `[!x]` vs
// `[^x]`, `\` escapes (valid, RE2-only like `\d`, invalid like `\q`, trailing), `{a,b}`,
// `+()|$^.`, `**` in every position, whitespace Go trims but JavaScript does not (U+0085) and
// the reverse (U+FEFF), non-ASCII (é ζ ☺ 𝄞), invalid UTF-8, newlines in names, BOM, CRLF.
// Paths are drawn from the same alphabet, largely by instantiating the case's own patterns, so
// that they actually match.
//
// Usage: node test/golden/generate.mjs [match|walk|tar ...]   (default: all three)
//   ORACLE=/path/to/oracle   default ~/.cache/buildctx-oracle/oracle (see /work/shared/oracle)
//   SEED=<int>               default 1 (the committed data uses the default)
// Needs Go + Debian's patternmatcher sources for speccheck (test/golden/go/speccheck). Takes
// about a minute; the two 8 GiB sparse-file tar cases account for most of it.
//
// Path fields use the project's path dialect (src/paths.ts: a byte that is not part of
// valid UTF-8 is U+DC80+byte) and carry `pathBase64` (exact bytes) when not valid UTF-8.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesFields, describeTree, encodeDialect, materializeTree, sameRecords } from './tree.mjs';
import { ORACLE, oracleError, parseList0, runOracle, runSpeccheck } from './tools.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const FULL_VALIDATION_ABOUT =
  'fullValidationError marks an ignore file that New (Go 1.19 filepath.Match, as in the oracle) accepted although a pattern fails full validation (Go 1.19 path.Match, ' +
  'which keeps checking after a mismatch, e.g. "a*[" or "a*\\"): its answers are Go-version dependent; a Docker built with a Go whose filepath.Match validates the whole ' +
  'pattern fails such a file at New.';
const SEED = Number(process.env.SEED ?? 1);

const MATCH_CASES = 3200;
const WALK_CASES = 320;
const RANDOM_TAR_CASES = 70;
const GIB = 1024 ** 3;
/** Largest size the 11-digit octal USTAR size field holds (8 GiB − 1). */
const USTAR_MAX_SIZE = 8 * GIB - 1;
/** Largest mtime the 11-digit octal USTAR field holds (2242-03-16). */
const USTAR_MAX_MTIME_S = 8 ** 11 - 1;

// ---------------------------------------------------------------- PRNG

function makeRng(seed) {
  let s = seed >>> 0;
  const next = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    /** [[weight, value], ...] */
    weighted: (table) => {
      const total = table.reduce((a, [w]) => a + w, 0);
      let x = next() * total;
      for (const [w, v] of table) {
        if ((x -= w) < 0) return v;
      }
      return table[table.length - 1][1];
    },
  };
  return rng;
}

// ---------------------------------------------------------------- alphabet
// Strings are in the path dialect: "\udcff" stands for the raw byte 0xff.

const BASE_CHARS = ['a', 'b', 'c', 'x', '1', 'A'];
const SPECIAL_CHARS = [
  '.',
  '-',
  '_',
  '+',
  '(',
  ')',
  '{',
  '}',
  '|',
  '$',
  '^',
  '!',
  '#',
  ' ',
  '~',
  ',',
  '@',
  '=',
  '%',
  '&',
  "'",
  ';',
  '"',
  ':',
];
const NON_ASCII_CHARS = ['é', 'ζ', 'α', '☺', '𝄞', 'Ａ', '\u00a0', '\ufeff', '\u0085', '\u2003', '\ufffd'];
/** Characters that only reach paths (in patterns they are syntax, handled by their own atoms). */
const PATH_ONLY_CHARS = ['*', '?', '[', ']', '\\', '\t', '\n'];
const INVALID_BYTES = ['\udcff', '\udcc3', '\udce2\udc82', '\udced\udca0\udc80', '\udcc0\udcaf'];

function literalChar(rng) {
  return rng.weighted([
    [12, () => rng.pick(BASE_CHARS)],
    [4, () => rng.pick(SPECIAL_CHARS)],
    [2, () => rng.pick(NON_ASCII_CHARS)],
  ])();
}

function pathChar(rng) {
  return rng.chance(0.06) ? rng.pick(PATH_ONLY_CHARS) : literalChar(rng);
}

function randomSegment(rng, maxLen = 4) {
  let s = '';
  const n = rng.range(1, maxLen);
  for (let i = 0; i < n; i++) s += pathChar(rng);
  return s === '.' || s === '..' ? `${s}a` : s;
}

// ---------------------------------------------------------------- pattern grammar
// A pattern is a list of segments; a segment is a list of atoms. Each atom knows its text and
// how to produce a path fragment it (probably) matches, so paths can be drawn from patterns.

const CLASSES = [
  { text: '[abc]', members: ['a', 'b', 'c'] },
  { text: '[a-c]', members: ['a', 'b', 'c'] },
  { text: '[^a]', members: ['b', 'x', '/', 'a'] },
  { text: '[!a]', members: ['!', 'a', 'b'] },
  { text: '[^/]', members: ['a', '/'] },
  { text: '[a-ζ]', members: ['a', 'ζ', 'α', 'A'] },
  { text: '[\\]a]', members: [']', 'a'] },
  { text: '[\\-x]', members: ['-', 'x'] },
  { text: '[[:alpha:]]', members: ['a', 'é', '1', ']'] },
  { text: '[\\d]', members: ['1', 'd'] },
  { text: '[é-ö]', members: ['é', 'ö', 'e'] },
  { text: '[☺𝄞]', members: ['☺', '𝄞'] },
  { text: '[*?]', members: ['*', '?'] },
  { text: '[.+]', members: ['.', '+'] },
];
/** Classes Go's filepath.Match rejects (error at New) or RE2 rejects (error at match). */
const BAD_CLASSES = ['[', '[^', '[]a]', '[a-]', '[-a]', '[a-b-c]', '[c-a]', '[ζ-a]', '[[:nope:]]'];

/** `\X` escapes: the fragment a path needs for the escape to match. */
const ESCAPES = [
  ...['*', '?', '[', ']', '\\', '.', '+', '(', ')', '{', '}', '|', '$', '^', '#', '!', ' ', '-', '/', '~'].map((c) => [
    c,
    c,
  ]),
  ['d', '1'],
  ['D', 'a'],
  ['w', 'a'],
  ['W', '-'],
  ['s', ' '],
  ['S', 'x'],
  ['b', ''],
  ['B', 'a'],
  ['n', '\n'],
  ['t', '\t'],
  ['pL', 'é'],
  ['x41', 'A'],
  ['A', ''],
  ['z', ''],
  ['a', 'a'],
  ['é', 'é'],
];
/** Escapes RE2 does not know: the pattern fails at its first match call. */
const BAD_ESCAPES = ['q', 'g', 'y', 'e', 'C', 'Z', 'i'];

function atomLiteral(rng) {
  let text = '';
  const n = rng.range(1, 3);
  for (let i = 0; i < n; i++) text += rng.chance(0.015) ? rng.pick(INVALID_BYTES) : literalChar(rng);
  return { text, sample: () => text };
}

function genAtom(rng, { errorRate }) {
  return rng.weighted([
    [10, () => atomLiteral(rng)],
    [3, () => ({ text: '*', sample: () => (rng.chance(0.3) ? '' : randomSegment(rng, 3)) })],
    [2, () => ({ text: '?', sample: () => pathChar(rng) })],
    [0.6, () => ({ text: '**', sample: () => rng.pick(['', 'a', 'x/y', 'b/']) })],
    [
      1.6,
      () => {
        const c = rng.pick(CLASSES);
        return { text: c.text, sample: () => rng.pick(c.members) };
      },
    ],
    [
      1.6,
      () => {
        const [e, frag] = rng.pick(ESCAPES);
        return { text: `\\${e}`, sample: () => frag };
      },
    ],
    [
      errorRate,
      () =>
        rng.chance(0.5)
          ? { text: rng.pick(BAD_CLASSES), sample: () => 'a' }
          : { text: `\\${rng.pick(BAD_ESCAPES)}`, sample: () => 'q' },
    ],
  ])();
}

function genSegment(rng, opts) {
  if (rng.chance(0.12)) return [{ text: '**', sample: () => rng.pick(['', 'a', 'a/b', 'x']) }];
  const atoms = [];
  const n = rng.range(1, 3);
  for (let i = 0; i < n; i++) atoms.push(genAtom(rng, opts));
  return atoms;
}

const LEADING = [
  [30, ''],
  [2, '/'],
  [2, './'],
  [1, '../'],
  [1, '/../'],
  [1, '**/'],
  [0.5, '//'],
];
const WHITESPACE = [
  [40, ''],
  [3, ' '],
  [2, '\t'],
  [1, '  '],
  [1, '\u00a0'],
  [1, '\u0085'],
  [0.5, '\ufeff'],
  [0.5, '\u2003'],
  [0.5, '\v'],
];

/** One pattern: its segments (for sampling) and how it is written in the file. */
function genPattern(rng, opts) {
  const segs = [];
  const n = rng.weighted([
    [5, 1],
    [4, 2],
    [2, 3],
    [1, 4],
  ]);
  for (let i = 0; i < n; i++) segs.push(genSegment(rng, opts));
  return {
    segs,
    body: segs.map((atoms) => atoms.map((a) => a.text).join('')).join('/'),
    leading: rng.weighted(LEADING),
    trailing: rng.chance(0.08) ? '/' : rng.chance(0.02) ? '\\' : '',
  };
}

function writePattern(rng, p, exclusion) {
  const ws = () => rng.weighted(WHITESPACE);
  const bang = exclusion ? `!${rng.chance(0.15) ? ' ' : ''}` : '';
  return `${ws()}${bang}${p.leading}${p.body}${p.trailing}${ws()}`;
}

/** A path the pattern probably matches (segments joined; `**` may add or remove segments). */
function samplePath(_rng, p) {
  return p.segs.map((atoms) => atoms.map((a) => a.sample()).join('')).join('/');
}

/** Normalises a sampled path into 1–5 clean segments (no empty, ".", ".." segments). */
function cleanPath(rng, raw, { utf8Only }) {
  let segs = raw.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  if (utf8Only) segs = segs.map((s) => s.replace(/[\u{dc80}-\u{dcff}]/gu, '\ufffd'));
  if (segs.length === 0) segs = [randomSegment(rng)];
  return segs.slice(0, 5).join('/');
}

function mutatePath(rng, p) {
  const segs = p.split('/');
  return rng.weighted([
    [3, () => `${p}/${randomSegment(rng, 3)}`],
    [2, () => (segs.length > 1 ? segs.slice(0, -1).join('/') : `${randomSegment(rng, 2)}/${p}`)],
    [2, () => `${randomSegment(rng, 2)}/${p}`],
    [
      3,
      () => {
        const chars = [...p];
        const i = rng.int(chars.length);
        if (chars[i] !== '/') chars[i] = pathChar(rng);
        return chars.join('');
      },
    ],
    [1, () => `${p}${pathChar(rng)}`],
  ])();
}

// ---------------------------------------------------------------- ignore files

const EOLS = [
  [8, '\n'],
  [2, '\r\n'],
];

/**
 * Assembles ignore-file text from pattern lines: comments at column 1 and indented, blank
 * lines, exceptions (often narrowing an earlier pattern), earlier patterns repeated after an
 * exception (spec W37), an optional BOM, LF/CRLF, with or without a final newline.
 */
function assembleIgnore(rng, patternLines, { bomRate = 0.08 } = {}) {
  const lines = [];
  for (const l of patternLines) {
    if (rng.chance(0.06)) lines.push(rng.pick(['# comment', '#', '#!x', '#a*']));
    if (rng.chance(0.03)) lines.push(rng.pick(['', ' ', '\t']));
    lines.push(l);
  }
  if (rng.chance(0.02)) lines.splice(rng.int(lines.length + 1), 0, rng.pick([' #notcomment', '\t#x']));
  if (rng.chance(0.006)) lines.splice(rng.int(lines.length + 1), 0, '!');
  const eol = rng.weighted(EOLS);
  let text = lines.join(rng.chance(0.05) ? '\r\n' : eol);
  if (rng.chance(0.85)) text += eol;
  if (rng.chance(bomRate)) text = `\ufeff${text}`;
  return encodeDialect(text);
}

function genMatchIgnore(rng) {
  const opts = { errorRate: 0.12 };
  const patterns = [];
  const lines = [];
  const n = rng.weighted([
    [3, 1],
    [4, 2],
    [3, 3],
    [2, 4],
    [1, 6],
  ]);
  for (let i = 0; i < n; i++) {
    const prev = patterns.length ? rng.pick(patterns) : undefined;
    const kind = rng.weighted([
      [6, 'new'],
      [prev ? 3 : 0, 'narrow-exception'],
      [2, 'exception'],
      [prev && lines.some((l) => l.exclusion) ? 1.5 : 0, 'repeat'],
    ]);
    if (kind === 'repeat') {
      const again = rng.pick(lines.filter((l) => !l.exclusion));
      if (again) lines.push({ text: again.text, exclusion: false });
      continue;
    }
    let p = genPattern(rng, opts);
    if (kind === 'narrow-exception') {
      const child = genPattern(rng, opts);
      p = { ...prev, segs: [...prev.segs, ...child.segs], body: `${prev.body}/${child.body}`, trailing: '' };
    }
    const exclusion = kind !== 'new';
    patterns.push(p);
    lines.push({ text: writePattern(rng, p, exclusion), exclusion });
  }
  return {
    patterns,
    bytes: assembleIgnore(
      rng,
      lines.map((l) => l.text),
    ),
  };
}

// ---------------------------------------------------------------- match cases

/** Parses `oracle match` output for `paths` (in order); stops at an "error: " line. */
function parseMatchOutput(stdout, paths) {
  const results = [];
  let pos = 0;
  for (const p of paths) {
    const want = Buffer.from(p, 'utf8');
    const d = stdout[pos];
    if (
      (d === 0x30 || d === 0x31) &&
      stdout[pos + 1] === 0x20 &&
      stdout.subarray(pos + 2, pos + 2 + want.length).equals(want) &&
      stdout[pos + 2 + want.length] === 0x0a
    ) {
      results.push(d === 0x31);
      pos += want.length + 3;
      continue;
    }
    break;
  }
  return results;
}

function answerMatchCase(file, paths) {
  const out = [];
  let rest = paths;
  while (rest.length) {
    const r = runOracle(['match', file, ...rest]);
    const done = parseMatchOutput(r.stdout, rest);
    done.forEach((excluded, i) => out.push({ path: rest[i], excluded }));
    const err = oracleError(r);
    if (err === undefined) {
      if (done.length !== rest.length) throw new Error(`unparsed oracle match output for ${JSON.stringify(rest)}`);
      break;
    }
    if (out.length === 0) {
      // Nothing answered: either New rejected the file (the same for every path) or the very
      // first path failed at match time. `oracle patterns` runs only ReadAll + New.
      const newErr = oracleError(runOracle(['patterns', file]));
      if (newErr !== undefined) return { error: newErr };
    }
    out.push({ path: rest[done.length], error: err });
    rest = rest.slice(done.length + 1);
  }
  return { paths: out };
}

function generateMatchCases() {
  const rng = makeRng(SEED * 1000 + 1);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-match-'));
  const cases = [];
  try {
    for (let n = 0; n < MATCH_CASES; n++) {
      const { patterns, bytes } = genMatchIgnore(rng);
      const paths = new Set();
      const want = rng.range(4, 10);
      for (let tries = 0; paths.size < want && tries < 50; tries++) {
        const raw = rng.weighted([
          [patterns.length ? 6 : 0, () => samplePath(rng, rng.pick(patterns))],
          [patterns.length ? 3 : 0, () => mutatePath(rng, samplePath(rng, rng.pick(patterns)))],
          [1, () => Array.from({ length: rng.range(1, 5) }, () => randomSegment(rng)).join('/')],
        ])();
        paths.add(cleanPath(rng, raw, { utf8Only: true }));
      }
      const file = path.join(scratch, 'ignore');
      fs.writeFileSync(file, bytes);
      cases.push({ ignore: { base64: bytes.toString('base64') }, ...answerMatchCase(file, [...paths]) });
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  addMatchesOrParentMatches(cases);
  return cases;
}

/** Adds the per-path MatchesOrParentMatches answer where it differs from the walk chain's. */
function addMatchesOrParentMatches(cases) {
  const withPaths = cases.filter((c) => c.paths);
  const answers = runSpeccheck(
    ['filematch'],
    withPaths.map((c) => ({ ignore: c.ignore.base64, paths: c.paths.map((p) => p.path) })),
  );
  withPaths.forEach((c, i) => {
    const a = answers[i];
    if (a.error !== undefined) throw new Error(`speccheck rejected a file the oracle accepted: ${a.error}`);
    if (a.fullValidationError !== undefined) c.fullValidationError = a.fullValidationError;
    c.paths.forEach((p, k) => {
      const mopm = a.results[k].mopm;
      const chain = p.error !== undefined ? { error: p.error, at: 'match' } : p.excluded ? 'excluded' : 'included';
      if (JSON.stringify(mopm) === JSON.stringify(chain)) return;
      p.matchesOrParentMatches = typeof mopm === 'string' ? mopm === 'excluded' : { error: mopm.error };
    });
  });
}

// ---------------------------------------------------------------- walk cases

const COMMON_NAMES = [
  'a',
  'b',
  'c',
  'keep',
  'node_modules',
  'build',
  'dist',
  'src',
  'x.txt',
  'y.md',
  'Dockerfile',
  '.git',
  '.env',
  'foo',
  'bar',
  'a.big',
  'sub',
];
const ODD_NAMES = [
  ' c',
  'c ',
  '#x',
  '!x',
  '-x',
  'a+b',
  'a(b)',
  '{a}',
  'a|b',
  '$x',
  '^x',
  '[x]',
  'x*',
  'x?',
  'a\\b',
  'é',
  '☺',
  '𝄞',
  'tab\tname',
  'new\nline',
  'Ａ',
  '\u00a0x',
  '\ufeffx',
  'x\u0085',
  '...',
  '..a',
  'a.',
  '*',
  '?',
  '\\',
];
const NON_UTF8_NAMES = [
  '\udcff',
  'a\udcff',
  '\udcc3',
  'caf\udce9',
  '\udced\udca0\udc80',
  '\udcc0\udcaf',
  '\udce2\udc82x',
  '\udcf8\udc88\udc80\udc80\udc80',
];
const FILE_SIZES = [0, 1, 1, 1, 1, 5, 100, 511, 512, 513, 4096, 10000];

function walkName(rng) {
  return rng.weighted([
    [10, () => rng.pick(COMMON_NAMES)],
    [4, () => rng.pick(ODD_NAMES)],
    [1.5, () => rng.pick(NON_UTF8_NAMES)],
    [4, () => randomSegment(rng, 5)],
  ])();
}

/** Random tree: dirs (some empty), files of assorted sizes, symlinks (some dangling), FIFOs. */
function genWalkTree(rng) {
  const tree = [];
  const all = [];
  const fill = (prefix, depth) => {
    const names = new Set();
    const n = depth === 0 ? rng.range(2, 7) : rng.range(0, 4);
    for (let i = 0; i < n; i++) names.add(walkName(rng));
    names.delete('.dockerignore');
    for (const name of names) {
      const p = prefix ? `${prefix}/${name}` : name;
      const kind = rng.weighted([
        [55, 'file'],
        [depth < 3 ? 28 : 0, 'dir'],
        [10, 'symlink'],
        [3, 'fifo'],
      ]);
      all.push(p);
      if (kind === 'dir') {
        tree.push({ path: p, type: 'dir' });
        fill(p, depth + 1);
      } else if (kind === 'file') {
        tree.push({ path: p, type: 'file', size: name.endsWith('.big') ? 1000 : rng.pick(FILE_SIZES) });
      } else if (kind === 'symlink') {
        const target = rng.weighted([
          [3, () => (all.length ? rng.pick(all) : 'a')],
          [2, () => 'nowhere'],
          [1, () => '../outside'],
          [1, () => '/etc/hostname'],
          [1, () => rng.pick(NON_UTF8_NAMES)],
          [1, () => 'x'.repeat(rng.range(90, 300))],
        ])();
        tree.push({ path: p, type: 'symlink', target });
      } else {
        tree.push({ path: p, type: 'fifo' });
      }
    }
  };
  fill('', 0);
  return tree;
}

/** Generalises one name into a pattern segment that still matches it (mostly). */
function generaliseName(rng, name) {
  const chars = [...name];
  return rng.weighted([
    [6, () => name.replace(/\n/g, '\\n')],
    [1, () => '*'],
    [0.4, () => '**'],
    [1, () => `${chars[0] === '\n' ? '?' : chars[0]}*`],
    [1, () => `*${chars[chars.length - 1] === '\n' ? '?' : chars[chars.length - 1]}`],
    [1.5, () => chars.map((c) => (rng.chance(0.4) ? '?' : c === '\n' ? '\\n' : c)).join('')],
    [1, () => chars.map((c) => (/[[\]*?\\.+(){}|$^!#~-]/.test(c) ? `\\${c}` : c === '\n' ? '\\n' : c)).join('')],
    [
      0.7,
      () =>
        `[${chars[0] === ']' || chars[0] === '\\' || chars[0] === '\n' ? 'a' : chars[0]}x]${chars.slice(1).join('').replace(/\n/g, '?')}`,
    ],
  ])();
}

function patternFromTreePath(rng, p) {
  const segs = p.split('/');
  const keep = rng.chance(0.7) ? segs.length : rng.range(1, segs.length);
  let out = segs.slice(0, keep).map((s) => generaliseName(rng, s));
  if (rng.chance(0.15)) out = ['**', ...out.slice(rng.int(out.length))];
  if (rng.chance(0.08)) out.push('**');
  return out.join('/');
}

function genWalkIgnore(rng, tree) {
  const paths = tree.map((e) => e.path);
  const lines = [];
  const n = rng.range(1, 7);
  for (let i = 0; i < n; i++) {
    const kind = rng.weighted([
      [6, 'tree'],
      [3, 'exception'],
      [1, 'random'],
      [lines.some((l) => l.startsWith('!')) ? 1 : 0, 'repeat'],
    ]);
    if (kind === 'repeat') {
      const again = lines.filter((l) => !l.startsWith('!'));
      if (again.length) lines.push(rng.pick(again));
      continue;
    }
    if (kind === 'random') {
      lines.push(writePattern(rng, genPattern(rng, { errorRate: 0.05 }), rng.chance(0.3)));
      continue;
    }
    const source = paths.length ? rng.pick(paths) : randomSegment(rng);
    const body = patternFromTreePath(rng, source);
    const lead = rng.weighted([
      [20, ''],
      [1, '/'],
      [1, './'],
    ]);
    const trail = rng.chance(0.06) ? '/' : '';
    lines.push(`${kind === 'exception' ? '!' : ''}${lead}${body}${trail}`);
  }
  return assembleIgnore(rng, lines, { bomRate: 0.05 });
}

const KIND_TYPES = { f: 'file', d: 'dir', l: 'symlink', o: 'other' };

function generateWalkCases() {
  const rng = makeRng(SEED * 1000 + 2);
  const cases = [];
  for (let n = 0; n < WALK_CASES; n++) {
    const tree = genWalkTree(rng);
    let ignore = null;
    if (rng.chance(0.93)) {
      ignore = genWalkIgnore(rng, tree);
      tree.push({ path: '.dockerignore', type: 'file', size: ignore.length, contentBase64: ignore.toString('base64') });
    }
    const recorded = tree.map((e) => {
      const { path: p, target, ...rest } = e;
      return {
        ...bytesFields('path', encodeDialect(p)),
        ...rest,
        ...(target === undefined ? {} : bytesFields('target', encodeDialect(target))),
      };
    });
    const dir = materializeTree(recorded);
    try {
      const back = describeTree(dir, {
        contentOf: (rel) => (rel.toString('latin1') === '.dockerignore' ? ignore : undefined),
      });
      const sortedRecorded = [...recorded].sort((a, b) => Buffer.compare(encodeDialect(a.path), encodeDialect(b.path)));
      if (!sameRecords(back, sortedRecorded)) throw new Error(`walk case ${n}: tree did not round-trip`);
      const r = runOracle(['list0', dir]);
      const err = oracleError(r);
      const c = { tree: back, ignore: ignore === null ? null : { base64: ignore.toString('base64') } };
      if (err !== undefined) {
        c.error = err;
      } else {
        const listed = parseList0(r.stdout);
        c.expected = listed.entries.map((e) => ({
          type: KIND_TYPES[e.kind],
          size: e.size,
          ...bytesFields('path', e.path),
        }));
        c.files = listed.files;
        c.bytes = listed.bytes;
      }
      cases.push(c);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const parsed = cases.filter((c) => c.ignore !== null && c.error === undefined);
  const answers = runSpeccheck(
    ['filematch'],
    parsed.map((c) => ({ ignore: c.ignore.base64, paths: [] })),
  );
  parsed.forEach((c, i) => {
    if (answers[i].fullValidationError !== undefined) c.fullValidationError = answers[i].fullValidationError;
  });
  return cases;
}

// ---------------------------------------------------------------- tar cases

const T0 = 1700000000000; // 2023-11-14, an ordinary mtime (ms)

function file(p, size, extra = {}) {
  return { path: p, type: 'file', size, mode: 0o644, mtimeMs: T0, ...extra };
}
function dir(p, extra = {}) {
  return { path: p, type: 'dir', mode: 0o755, mtimeMs: T0, ...extra };
}
function link(p, target, extra = {}) {
  return { path: p, type: 'symlink', target, mtimeMs: T0, ...extra };
}
function fifo(p, extra = {}) {
  return { path: p, type: 'fifo', mode: 0o644, mtimeMs: T0, ...extra };
}
/** Adds dir records for every missing ancestor. */
function withParents(entries) {
  const have = new Set(entries.filter((e) => e.type === 'dir').map((e) => e.path));
  const out = [...entries];
  for (const e of entries) {
    const segs = e.path.split('/');
    for (let i = 1; i < segs.length; i++) {
      const d = segs.slice(0, i).join('/');
      if (!have.has(d)) {
        have.add(d);
        out.push(dir(d));
      }
    }
  }
  return out;
}

/** Hand-made trees for each tar corner named in the task, then random mixes. */
function tarDesigns(rng) {
  const designs = [];
  const add = (description, entries, extra = {}) =>
    designs.push({ description, entries: withParents(entries), ...extra });
  const name = (n, ch = 'n') => ch.repeat(n);

  add('empty context', []);
  for (const size of [0, 1, 511, 512, 513, 1023, 1024, 1025, 4096, 65537])
    add(`one file of ${size} bytes`, [file('f', size)]);
  for (const n of [98, 99, 100, 101, 102]) add(`file name of ${n} bytes`, [file(name(n), 1)]);
  for (const n of [98, 99, 100, 101])
    add(`directory name of ${n} bytes (its tar name gets a trailing "/")`, [dir(name(n, 'd'))]);
  for (const n of [98, 99, 100, 101]) add(`path d/<name> of ${n} bytes total`, [file(`d/${name(n - 2)}`, 1)]);
  add('splittable: prefix 155 + name 100 (256 bytes)', [file(`${name(155, 'p')}/${name(100)}`, 1)]);
  add('not splittable: prefix 156 + name 100', [file(`${name(156, 'p')}/${name(100)}`, 1)]);
  add('not splittable: prefix 10 + name 101', [file(`${name(10, 'p')}/${name(101)}`, 1)]);
  add('splittable at an inner slash: 60/60/60', [file(`${name(60, 'a')}/${name(60, 'b')}/${name(60, 'c')}`, 1)]);
  add('directory path of 150 + "/" split', [dir(`${name(60, 'a')}/${name(89, 'b')}`)]);
  add('path of 240 bytes in 2-byte segments (splittable)', [file(Array.from({ length: 80 }, () => 'ab').join('/'), 1)]);
  add('path longer than 256 bytes (PAX)', [file(`${name(200, 'a')}/${name(100, 'b')}`, 1)]);
  add('very long path, PAX record over 512 bytes', [
    file(Array.from({ length: 4 }, (_, i) => name(200, String.fromCharCode(97 + i))).join('/'), 3),
  ]);
  add('non-ASCII names', [file('café.txt', 0), file('☺', 1), file('𝄞/ζ', 2)]);
  add('non-ASCII long name', [file(name(120, 'é'), 1)]);
  add('non-UTF-8 names', [file('\udcff', 1), file('caf\udce9', 2), dir('\udcc3')]);
  add('name with a newline and a tab', [file('new\nline', 1), file('tab\tname', 1)]);
  add('symlink with a short target', [link('l', 'target')]);
  add('symlink targets of 99/100/101 bytes', [
    link('l99', name(99, 't')),
    link('l100', name(100, 't')),
    link('l101', name(101, 't')),
  ]);
  add('symlink with a non-ASCII target', [link('l', 'ζ/☺')]);
  add('symlink with a non-UTF-8 target', [link('l', 'x\udcff')]);
  add('symlink with a 600-byte target', [link('l', name(600, 't'))]);
  add('dangling and absolute symlinks', [
    link('dangling', 'nowhere'),
    link('abs', '/etc/hostname'),
    link('up', '../outside'),
  ]);
  add('hard links: two names, one inode', [file('a', 10, { hardlinkGroup: 1 }), file('b', 10, { hardlinkGroup: 1 })]);
  add('hard links across dirs', [
    file('x/one', 600, { hardlinkGroup: 1 }),
    file('y/two', 600, { hardlinkGroup: 1 }),
    file('z', 600, { hardlinkGroup: 1 }),
  ]);
  add('hard link whose link name is over 100 bytes', [
    file('a', 1, { hardlinkGroup: 1 }),
    file(name(120, 'h'), 1, { hardlinkGroup: 1 }),
  ]);
  add('hard link to a long first name', [
    file(name(120, 'h'), 1, { hardlinkGroup: 1 }),
    file('z', 1, { hardlinkGroup: 1 }),
  ]);
  add('two hard-link groups', [
    file('a1', 5, { hardlinkGroup: 1 }),
    file('a2', 5, { hardlinkGroup: 1 }),
    file('b1', 700, { hardlinkGroup: 2 }),
    file('b2', 700, { hardlinkGroup: 2 }),
  ]);
  add('FIFO', [fifo('pipe')]);
  add('FIFO with a non-ASCII name', [fifo('☺pipe')]);
  add('empty directories', [dir('e'), dir('f/g/h')]);
  add('mtime 1969-12-31T23:59:59Z (negative)', [file('f', 1, { mtimeMs: -1000 })]);
  add('mtime 1960 on a file, a dir and a symlink', [
    file('d/f', 1, { mtimeMs: -315619200000 }),
    dir('d', { mtimeMs: -315619200000 }),
    link('l', 'd', { mtimeMs: -315619200000 }),
  ]);
  add('mtime at the epoch', [file('f', 1, { mtimeMs: 0 })]);
  add('mtime = largest octal value (2242-03-16)', [file('f', 1, { mtimeMs: USTAR_MAX_MTIME_S * 1000 })]);
  add('mtime one second after the largest octal value', [file('f', 1, { mtimeMs: (USTAR_MAX_MTIME_S + 1) * 1000 })]);
  add('mtime in 2300 on a dir', [dir('d', { mtimeMs: 10413792000000 })]);
  add('sub-second mtime (truncated to seconds)', [file('f', 1, { mtimeMs: T0 + 999 })]);
  add('modes: setuid, setgid, sticky, 0000, 0777', [
    file('suid', 1, { mode: 0o4755 }),
    file('sgid', 1, { mode: 0o2755 }),
    dir('sticky', { mode: 0o1777 }),
    file('none', 1, { mode: 0 }),
    file('all', 1, { mode: 0o777 }),
  ]);
  add('several PAX reasons in one entry', [link(name(120, 'é'), name(150, 'ζ'), { mtimeMs: -86400000 })]);
  add('a file named like a PAX header directory', [file('PaxHeaders.0/x', 1)]);
  add(`sparse file of ${USTAR_MAX_SIZE} bytes (largest octal size)`, [file('big', USTAR_MAX_SIZE, { sparse: true })], {
    large: true,
  });
  add(`sparse file of ${8 * GIB} bytes (8 GiB needs PAX)`, [file('big', 8 * GIB, { sparse: true })], { large: true });

  for (let i = 0; i < RANDOM_TAR_CASES; i++) add(`random mix ${i + 1}`, randomTarTree(rng));
  return designs;
}

function randomTarTree(rng) {
  const entries = [];
  const used = new Set();
  let group = 0;
  const segName = () =>
    rng.weighted([
      [6, () => randomSegment(rng, 6).replace(/[\n]/g, 'n')],
      [2, () => rng.pick(['a', 'b', 'src', 'café', '☺', '\udcff'])],
      [1, () => 'n'.repeat(rng.range(90, 110))],
      [0.5, () => 'é'.repeat(rng.range(40, 60))],
    ])();
  const mtime = () =>
    rng.weighted([
      [10, T0],
      // ext4 keeps mtimes from -2^31 s (1901-12-13) to 2^34 s (2446).
      [1, -rng.range(1, 2 ** 31) * 1000],
      [1, (USTAR_MAX_MTIME_S + rng.range(0, 1e9)) * 1000],
      [1, T0 + rng.range(1, 999)],
    ]);
  const n = rng.range(1, 12);
  for (let i = 0; i < n; i++) {
    const depth = rng.range(1, 4);
    const p = Array.from({ length: depth }, segName).join('/');
    if (used.has(p) || p === '.dockerignore') continue;
    used.add(p);
    const kind = rng.weighted([
      [6, 'file'],
      [2, 'dir'],
      [2, 'symlink'],
      [1, 'fifo'],
      [1, 'hardlinks'],
    ]);
    if (kind === 'file')
      entries.push(
        file(p, rng.pick([0, 1, 100, 511, 512, 513, 2048, 70000]), {
          mtimeMs: mtime(),
          mode: rng.pick([0o644, 0o755, 0o600, 0o4755]),
        }),
      );
    else if (kind === 'dir') entries.push(dir(p, { mtimeMs: mtime() }));
    else if (kind === 'fifo') entries.push(fifo(p, { mtimeMs: mtime() }));
    else if (kind === 'symlink')
      entries.push(
        link(p, rng.pick(['a', 'ζ', 'x'.repeat(rng.range(95, 105)), '\udcff', '../x']), { mtimeMs: mtime() }),
      );
    else {
      group += 1;
      const size = rng.pick([0, 1, 600]);
      entries.push(file(p, size, { hardlinkGroup: group, mtimeMs: T0 }));
      const q = `${p}-${rng.pick(['2', 'n'.repeat(rng.range(95, 105))])}`;
      if (!used.has(q)) {
        used.add(q);
        entries.push(file(q, size, { hardlinkGroup: group, mtimeMs: T0 }));
      }
    }
  }
  // A later entry may sit below an earlier file's path; drop entries whose ancestor is not a dir.
  const nonDirs = new Set(entries.filter((e) => e.type !== 'dir').map((e) => e.path));
  return entries.filter((e) => {
    const segs = e.path.split('/');
    for (let i = 1; i < segs.length; i++) if (nonDirs.has(segs.slice(0, i).join('/'))) return false;
    return true;
  });
}

function generateTarCases() {
  const rng = makeRng(SEED * 1000 + 3);
  const cases = [];
  for (const design of tarDesigns(rng)) {
    const records = design.entries.map((e) => {
      const { path: p, target, ...rest } = e;
      return {
        ...bytesFields('path', encodeDialect(p)),
        ...rest,
        ...(target === undefined ? {} : bytesFields('target', encodeDialect(target))),
      };
    });
    const dir = materializeTree(records);
    try {
      const tree = describeTree(dir, { meta: true });
      for (const r of records.filter((e) => e.sparse)) {
        const t = tree.find((e) => e.path === r.path);
        t.sparse = true;
      }
      checkTarRoundTrip(design, records, tree);
      const r = runOracle(['tar', dir]);
      const err = oracleError(r);
      if (err !== undefined) throw new Error(`oracle tar failed for ${design.description}: ${err}`);
      cases.push({
        description: design.description,
        ...(design.large ? { large: true } : {}),
        tree,
        bytes: Number(r.stdout.toString().trim()),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return cases;
}

/** The recorded tree is read back from disk; it must hold what the design asked for. */
function checkTarRoundTrip(design, records, tree) {
  const byPath = new Map(tree.map((e) => [e.path, e]));
  for (const r of records) {
    const got = byPath.get(r.path);
    if (!got) throw new Error(`${design.description}: ${JSON.stringify(r.path)} missing on disk`);
    for (const key of ['type', 'size', 'mode', 'mtimeMs', 'target']) {
      if (r[key] !== undefined && got[key] !== r[key])
        throw new Error(`${design.description}: ${JSON.stringify(r.path)} ${key} ${got[key]} != ${r[key]}`);
    }
    if ((r.hardlinkGroup === undefined) !== (got.hardlinkGroup === undefined))
      throw new Error(`${design.description}: hard link lost at ${r.path}`);
  }
}

// ---------------------------------------------------------------- main

function writeCases(name, about, cases) {
  const file = path.join(here, name);
  const body = JSON.stringify({ about, seed: SEED, cases });
  fs.writeFileSync(file, `${body}\n`);
  console.log(`${name}: ${cases.length} cases, ${(body.length / 1024).toFixed(0)} KiB`);
}

const which = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ['match', 'walk', 'tar']);
const t0 = Date.now();
const lap = (label, since) => console.log(`  ${label} took ${((Date.now() - since) / 1000).toFixed(1)} s`);
console.log(`oracle: ${ORACLE}, seed ${SEED}`);

if (which.has('match')) {
  const t = Date.now();
  const cases = generateMatchCases();
  writeCases(
    'match-cases.json',
    'Ignore files (exact bytes) and paths answered by `oracle match`: moby/patternmatcher ReadAll + New, then MatchesUsingParentResults along the path ' +
      '(each parent evaluated as a directory first, as the walkers do). Case: {ignore, paths: [{path, excluded} | {path, error}]} or {ignore, error} when New rejects the file. ' +
      'A path whose MatchesOrParentMatches answer differs carries matchesOrParentMatches (bool or {error}). Paths are UTF-8; "\\ufffd" in a path is the character U+FFFD. ' +
      FULL_VALIDATION_ABOUT,
    cases,
  );
  lap('match', t);
}
if (which.has('walk')) {
  const t = Date.now();
  const cases = generateWalkCases();
  writeCases(
    'walk-cases.json',
    'Trees (with the root .dockerignore in the tree when ignore is not null) answered by `oracle list0`: what BuildKit sends, sorted by path bytes. ' +
      'expected[].type: file | dir | symlink | other (FIFO); size: content bytes of regular files, else 0; files/bytes: non-directory entries and their content bytes. ' +
      'Or {error}. Paths and symlink targets: project path dialect (invalid UTF-8 byte → U+DC80+byte) plus pathBase64/targetBase64 with the exact bytes when not valid UTF-8. ' +
      'Files hold "x" bytes unless contentBase64 is given. ' +
      FULL_VALIDATION_ABOUT,
    cases,
  );
  lap('walk', t);
}
if (which.has('tar')) {
  const t = Date.now();
  const cases = generateTarCases();
  writeCases(
    'tar-cases.json',
    "Trees without an ignore file and the byte count of the classic builder's tar stream for them (`oracle tar`: Docker 20.10 pkg/archive, Go archive/tar, PAX format, " +
      'mtimes truncated to seconds, no uid/gid mapping needed here since files are root-owned). tree records type, size, mode (permission + setuid/setgid/sticky), mtimeMs, ' +
      'symlink target, hardlinkGroup (names sharing one inode) and sparse (created by truncation); directory entries are part of the stream. large: 8 GiB sparse files.',
    cases,
  );
  lap('tar', t);
}
console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
