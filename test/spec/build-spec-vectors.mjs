#!/usr/bin/env node
// Builds test/spec/{pattern-vectors,readall-vectors,walk-scenarios}.json from the spec
// (docs/dockerignore-semantics.md §2, §12.2, §12.3, §12.4) and checks every row against
// Docker's own code before writing it:
//   - pattern rows: moby/patternmatcher New + MatchesOrParentMatches and the deprecated
//     package-level Matches (test/golden/go/speccheck, Debian's patternmatcher 0.5.0);
//   - ReadAll rows: buildkit's dockerignore.ReadAll (same algorithm as ignorefile.ReadAll
//     v0.6.1) and `oracle patterns`;
//   - walk scenarios: `oracle list` (BuildKit column), speccheck's classic pipeline (classic
//     column, tar bytes measured with Docker 20.10's tar writer) and Docker 20.10.24's own
//     classic pipeline (the "Docker 20.10 classic" notes).
// Where the spec and the code disagree the code's answer is written and the spec's is kept in
// the row's note; every disagreement is also printed.
//
// Usage: node test/spec/build-spec-vectors.mjs [SPEC.md]
//   default SPEC.md: $SPEC_DOC or /work/shared/docs/dockerignore-semantics.md
//   needs Go 1.19 + Debian's golang-github-moby-patternmatcher-dev, golang-github-docker-docker-dev,
//   and the oracle ($ORACLE or ~/.cache/buildctx-oracle/oracle).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeGoName, describeTree, materializeTree, sameRecords } from '../golden/tree.mjs';
import { oracleError, parseList0, runOracle, runSpeccheck } from '../golden/tools.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const specPath = process.argv[2] ?? process.env.SPEC_DOC ?? '/work/shared/docs/dockerignore-semantics.md';
const specText = fs.readFileSync(specPath, 'utf8');
const disagreements = [];

const BOM = '\u{FEFF}';
const FULL_VALIDATION_ABOUT =
  'fullValidationError is set when New (Go 1.19 filepath.Match) accepted a pattern that fails full validation (Go 1.19 path.Match, which keeps checking the pattern after ' +
  'a mismatch, e.g. "a*[" or "a*\\"): such inputs are Go-version dependent, and a Docker built with a Go whose filepath.Match validates the whole pattern rejects them at New.';
const SCANNER_MAX_TOKEN_BYTES = 64 * 1024; // bufio.MaxScanTokenSize

// ---------------------------------------------------------------- markdown parsing

function section(startHeading, endHeading) {
  const start = specText.indexOf(startHeading);
  const end = specText.indexOf(endHeading, start);
  if (start < 0 || end < 0) throw new Error(`section ${startHeading} not found`);
  return specText.slice(start, end).split('\n');
}

function decodeEntities(s) {
  return s
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Code spans of a table cell, raw: backquoted text is literal, <code> text has entities. */
function codeSpans(cell) {
  const out = [];
  for (const m of cell.matchAll(/`([^`]*)`|<code>([\s\S]*?)<\/code>/g)) {
    out.push(m[1] !== undefined ? m[1] : decodeEntities(m[2]));
  }
  return out;
}

/** Table cells without the outer pipes; the spec writes literal "|" as &#124;. */
function cells(line) {
  return line
    .slice(1, line.lastIndexOf('|'))
    .split('|')
    .map((c) => c.trim());
}

function unescapeMarkdown(s) {
  return s.replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

/** The spec's notation for ignore-file bytes: ‹BOM›, ⏎ = "\n", and "\r" before ⏎ = CR. */
function decodeIgnoreNotation(s) {
  return Buffer.from(s.replace(/‹BOM›/g, BOM).replace(/\\r⏎/g, '\r\n').replace(/⏎/g, '\n'), 'utf8');
}

function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function disagree(where, detail) {
  disagreements.push(`${where}: ${detail}`);
}

// ---------------------------------------------------------------- §12.2 pattern vectors

function parseResult(text) {
  const t = text.trim();
  if (t === 'excluded') return 'excluded';
  if (t === 'not excluded') return 'included';
  const m = /^\*\*error at (New|match)\*\*: (.*)$/.exec(t);
  if (m) return { error: m[2], at: m[1] === 'New' ? 'new' : 'match' };
  throw new Error(`unknown result ${t}`);
}

function parseUpstream(text) {
  const t = text.trim();
  if (t === '—') return null;
  if (t === 'ErrBadPattern') return { error: 'syntax error in pattern' };
  return parseResult(t);
}

function buildPatternVectors() {
  const rows = section('### 12.2', '### 12.3').filter((l) => /^\| \d+ \|/.test(l));
  const vectors = rows.map((line) => {
    const [id, pats, pathCell, upstream, result, source, note] = cells(line);
    const patterns = pats === '(none)' ? [] : codeSpans(pats);
    const [p] = codeSpans(pathCell);
    const row = {
      id: Number(id),
      patterns,
      path: p,
      fn: /via deprecated `Matches`/.test(note) ? 'Matches' : 'MatchesOrParentMatches',
      expected: parseResult(result),
      upstream: parseUpstream(upstream),
      source: source.trim(),
      note: note.trim(),
    };
    const dep = /deprecated `Matches` \(used by CLI TrimBuildFilesFromExcludes\) = (not excluded|excluded)/.exec(note);
    if (dep) row.docDeprecatedMatches = parseResult(dep[1]);
    return row;
  });
  if (vectors.length !== 191) throw new Error(`expected 191 pattern rows, parsed ${vectors.length}`);

  const answers = runSpeccheck(
    ['match'],
    vectors.map((v) => ({ patterns: v.patterns, path: v.path })),
  );
  return vectors.map((v, i) => {
    const { mopm, matches } = answers[i];
    const code = v.fn === 'Matches' ? matches : mopm;
    const other = v.fn === 'Matches' ? mopm : matches;
    const notes = v.note ? [v.note] : [];
    if (!sameJson(code, v.expected)) {
      disagree(
        `pattern #${v.id} ${JSON.stringify(v.patterns)} ${JSON.stringify(v.path)} via ${v.fn}`,
        `spec ${JSON.stringify(v.expected)}, code ${JSON.stringify(code)}`,
      );
      notes.push(`spec said ${JSON.stringify(v.expected)}; the code answers ${JSON.stringify(code)}`);
    }
    if (v.upstream !== null) {
      // Upstream tests count an error as "no match + error"; compare the verdict only.
      const upstreamOk = typeof v.upstream === 'object' ? typeof code === 'object' : code === v.upstream;
      if (!upstreamOk)
        disagree(
          `pattern #${v.id}`,
          `upstream expectation ${JSON.stringify(v.upstream)}, code ${JSON.stringify(code)}`,
        );
    }
    if (v.docDeprecatedMatches !== undefined && !sameJson(v.docDeprecatedMatches, matches)) {
      disagree(
        `pattern #${v.id} deprecated Matches`,
        `spec ${JSON.stringify(v.docDeprecatedMatches)}, code ${JSON.stringify(matches)}`,
      );
      notes.push(
        `spec said deprecated Matches = ${JSON.stringify(v.docDeprecatedMatches)}; the code answers ${JSON.stringify(matches)}`,
      );
    }
    const out = { id: v.id, patterns: v.patterns, path: v.path, fn: v.fn, expected: code };
    if (v.fn === 'MatchesOrParentMatches') out.expectedDeprecatedMatches = other;
    else out.expectedMatchesOrParentMatches = other;
    if (answers[i].fullValidationError !== undefined) {
      out.fullValidationError = answers[i].fullValidationError;
      disagree(`pattern #${v.id}`, 'New accepts it only because Go 1.19 filepath.Match stops validating early');
    }
    out.upstream = v.upstream;
    out.source = v.source;
    out.note = notes.join(' | ');
    return out;
  });
}

// ---------------------------------------------------------------- §2 / §12.4 / added ReadAll vectors

/** §2 table rows: (inputs, produced patterns). */
function parseReadAllTable() {
  const lines = section('Verified input → output pairs', 'Details that matter for a TypeScript port');
  const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| Line(s)') && !l.startsWith('|---'));
  return rows.map((line) => {
    const [inputCell, outputCell, note] = cells(line);
    let input;
    let expected;
    if (inputCell.startsWith('a line longer than')) {
      input = Buffer.concat([Buffer.alloc(SCANNER_MAX_TOKEN_BYTES + 1, 'a'), Buffer.from('\n')]);
      expected = { error: /`([^`]+)`/.exec(outputCell)?.[1].replace(/^error /, '') ?? '' };
      if (/token too long/.test(outputCell)) expected = { error: 'bufio.Scanner: token too long' };
    } else {
      const inLines = codeSpans(inputCell).map((s) => (s === 'line\\r\\n' ? 'line\r' : s.replace(/‹BOM›/g, BOM)));
      input = Buffer.from(inLines.map((l) => `${l}\n`).join(''), 'utf8');
      expected = outputCell.split(' / ').flatMap((part) => (part.includes('*(none)*') ? [] : codeSpans(part)));
    }
    return {
      source: 'spec §2',
      description: `${inputCell.replace(/`/g, '')}: ${unescapeMarkdown(note)}`.replace(/: $/, ''),
      input,
      docExpected: expected,
    };
  });
}

function upstreamReadAll() {
  const line = section('### 12.4', '## 13.').find((l) => l.includes('the input `'));
  const m = /the input `([^`]*)` yields `?([^.]*?)`?\.\s*$/.exec(line);
  const input = decodeIgnoreNotation(m[1]);
  const expected = m[2].split(/`?, `?/).map((s) => s.replace(/`/g, ''));
  return {
    source: 'spec §12.4 (moby/patternmatcher ignorefile_test.go)',
    description: 'upstream TestReadAll input',
    input,
    docExpected: expected,
  };
}

/** Added corner cases: whitespace, BOM, comments, line endings, Clean, bytes. */
function addedReadAll() {
  const t = (description, input) => ({
    source: 'added',
    description,
    input: typeof input === 'string' ? Buffer.from(input, 'utf8') : input,
  });
  const bytes = (...parts) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
  const big = (n, tail) => Buffer.concat([Buffer.alloc(n, 'b'), Buffer.from(tail)]);
  return [
    t('empty file', ''),
    t('only newlines', '\n\n\n'),
    t('only CRLF', '\r\n\r\n'),
    t('whitespace-only lines (space, tab, VT, FF)', ' \n\t\n\v\n\f\n \t \n'),
    t('last line without newline', 'a\nb'),
    t('BOM only', BOM),
    t('BOM then newline then pattern', `${BOM}\nfoo\n`),
    t('BOM before a comment: stripped first, so the line is a comment', `${BOM}#comment\nfoo\n`),
    t('BOM before an indented comment marker', `${BOM}  #x\n`),
    t('two BOMs: only the first is stripped, U+FEFF is not Go whitespace', `${BOM}${BOM}foo\n`),
    t('BOM at the start of line 2 is kept', `a\n${BOM}b\n`),
    t('BOM in the middle of a line', `a${BOM}b\n`),
    t('U+FEFF trailing on a line (JavaScript trim would strip it)', `foo${BOM}\n`),
    t('BOM then exception', `${BOM}!foo\n`),
    t('comment after leading tab is a pattern', '\t#x\n'),
    t('escaped hash', '\\#x\n'),
    t('inline "#" is not a comment', 'foo # bar\n'),
    t('hash alone', '#\n'),
    t('exception of a hash name', '!#x\n'),
    t('CRLF line endings', 'a\r\nb\r\n'),
    t('CR CR LF: ScanLines drops one CR, TrimSpace the other', 'a\r\r\nb\n'),
    t('lone CR is not a line break', 'a\rb\rc\n'),
    t('lone CR at file end', 'a\r'),
    t('CR in the middle of a pattern survives', 'a\r b\n'),
    t('leading and trailing tabs', '\tfoo\t\n'),
    t('vertical tab and form feed trimmed', '\vfoo\f\n'),
    t('U+0085 NEL trimmed by Go (not by JavaScript trim)', '\u0085foo\u0085\n'),
    t('U+00A0 NBSP trimmed', '\u00a0foo\u00a0\n'),
    t('U+2003 EM SPACE and U+3000 trimmed', '\u2003foo\u3000\n'),
    t('U+2028 / U+2029 separators trimmed', '\u2028foo\u2029\n'),
    t('U+200B ZERO WIDTH SPACE is not Go whitespace', '\u200bfoo\u200b\n'),
    t('U+180E MONGOLIAN VOWEL SEPARATOR is not Go whitespace', '\u180efoo\n'),
    t('inner spaces kept', 'a b  c\n'),
    t('exception with spaces and tabs after "!"', '! \t foo\n'),
    t('"!" followed only by spaces', '!   \n'),
    t('double "!": only one is an exception marker', '!!foo\n'),
    t('"! !foo"', '! !foo\n'),
    t('exception with absolute path and trailing slash', '!  /a/b/\n'),
    t('exception with dot segments', '!./../x\n'),
    t('exception rooted dot-dot', '!/../x\n'),
    t('exception "!/"', '!/\n'),
    t('exception "!."', '!.\n'),
    t('Clean: a/b/../../.. ', 'a/b/../../..\n'),
    t('Clean: a/.. gives "."', 'a/..\n'),
    t('Clean: ./ gives "."', './\n'),
    t('Clean: ..', '..\n'),
    t('Clean: /.. gives "/"', '/..\n'),
    t('Clean: //foo', '//foo\n'),
    t('Clean: ///', '///\n'),
    t('Clean: a//b///c/', 'a//b///c/\n'),
    t('Clean: ./a/./b/.', './a/./b/.\n'),
    t('Clean: trailing /.. after wildcard', '*/..\n'),
    t('Clean keeps dots inside names', '.foo/..bar/...\n'),
    t('Clean: "**/" then "**/**/"', '**/\n**/**/\n'),
    t('backslash is not a separator on Unix', 'a\\b\\..\\c\n'),
    t('escaped trailing space is trimmed to a lone backslash', 'foo\\ \n'),
    t('escaped leading space', '\\ c\n'),
    t('windows separators', '**\\*.db\n'),
    t('unclosed class after a star: accepted by Go 1.19 New, fails at match', 'a*[\n'),
    t('trailing backslash after a star: accepted by Go 1.19 New, escapes the regexp "$"', 'a*\\\n'),
    t('trailing backslash right after a leading star is rejected by New', '*\\\n'),
    t('NUL byte inside a pattern', bytes('a', [0], 'b\n')),
    t('invalid UTF-8 bytes kept', bytes([0x66, 0xff, 0xfe, 0x6f], '\n')),
    t('invalid UTF-8 after BOM', bytes([0xef, 0xbb, 0xbf, 0xc3], '\n')),
    t('truncated BOM is not stripped', bytes([0xef, 0xbb], 'foo\n')),
    t('UTF-16LE BOM is not stripped', bytes([0xff, 0xfe], 'foo\n')),
    t('non-ASCII patterns', 'é\n☺/𝄞\n'),
    t('pattern list with comments and blanks between', '# a\n\nfoo\n  \n# b\nbar\n'),
    t('line of exactly 65535 bytes then newline', big(SCANNER_MAX_TOKEN_BYTES - 1, '\n')),
    t('line of 65535 bytes then CRLF', big(SCANNER_MAX_TOKEN_BYTES - 1, '\r\n')),
    t('line of exactly 65536 bytes then newline', big(SCANNER_MAX_TOKEN_BYTES, '\n')),
    t('line of exactly 65536 bytes at end of file', big(SCANNER_MAX_TOKEN_BYTES, '')),
    t('long line after a short one', Buffer.concat([Buffer.from('ok\n'), big(SCANNER_MAX_TOKEN_BYTES + 10, '\n')])),
  ];
}

function buildReadAllVectors() {
  const vectors = [...parseReadAllTable(), upstreamReadAll(), ...addedReadAll()];
  const answers = runSpeccheck(
    ['readall'],
    vectors.map((v) => v.input.toString('base64')),
  );
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'readall-'));
  try {
    return vectors.map((v, i) => {
      const id = i + 1;
      const a = answers[i];
      const out = { id, source: v.source, description: v.description };
      if (v.input.length <= 4096 && decodeGoName(v.input) === v.input.toString('utf8'))
        out.input = v.input.toString('utf8');
      out.inputBase64 = v.input.toString('base64');
      const notes = [];
      let codeAnswer;
      if (a.error !== undefined) {
        codeAnswer = { error: a.error };
        out.patterns = codeAnswer;
      } else {
        const pats = a.patterns.map((b) => Buffer.from(b, 'base64'));
        codeAnswer = pats.map((p) => decodeGoName(p));
        out.patterns = codeAnswer;
        if (pats.some((p) => decodeGoName(p) !== p.toString('utf8'))) out.patternsBase64 = a.patterns;
        if (a.newError !== undefined) out.newError = a.newError;
        if (a.fullValidationError !== undefined) out.fullValidationError = a.fullValidationError;
      }
      if (v.docExpected !== undefined && !sameJson(v.docExpected, codeAnswer)) {
        disagree(
          `ReadAll ${v.source} ${JSON.stringify(v.description)}`,
          `spec ${JSON.stringify(v.docExpected)}, code ${JSON.stringify(codeAnswer)}`,
        );
        notes.push(`spec said ${JSON.stringify(v.docExpected)}`);
      }
      // Cross-check with the oracle's own ignore-file reader (it also runs New).
      const file = path.join(scratch, `in-${id}`);
      fs.writeFileSync(file, v.input);
      const r = runOracle(['patterns', file]);
      const oracleErr = oracleError(r);
      const expectErr = a.error ?? a.newError;
      if (expectErr !== undefined) {
        if (oracleErr !== expectErr)
          disagree(
            `ReadAll #${id} oracle`,
            `oracle ${JSON.stringify(oracleErr)}, speccheck ${JSON.stringify(expectErr)}`,
          );
      } else {
        const oracleLines = r.stdout.length ? r.stdout.subarray(0, -1).toString('latin1').split('\n') : [];
        const mine = a.patterns.map((b) => Buffer.from(b, 'base64').toString('latin1'));
        if (!sameJson(oracleLines, mine))
          disagree(`ReadAll #${id} oracle`, `oracle ${JSON.stringify(oracleLines)}, speccheck ${JSON.stringify(mine)}`);
      }
      if (notes.length) out.note = notes.join(' | ');
      return out;
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- §12.3 walk scenarios

function parseSendList(cell) {
  const t = cell.trim();
  if (t === '∅') return [];
  const err = /^\*\*error\*\*: (.*)$/.exec(t);
  if (err) return { error: err[1] };
  return codeSpans(t);
}

function scenarioTree(ignore, specEntries) {
  const files = new Map();
  const dirs = new Set();
  const addParents = (p) => {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  };
  for (const spec of specEntries) {
    const link = /^(.*) -> (.*)$/.exec(spec);
    if (link) {
      files.set(link[1], { path: link[1], type: 'symlink', target: link[2] });
      addParents(link[1]);
    } else if (spec.endsWith('/')) {
      dirs.add(spec.slice(0, -1));
      addParents(spec.slice(0, -1));
    } else {
      files.set(spec, { path: spec, type: 'file', size: spec.endsWith('.big') ? 1000 : 1 });
      addParents(spec);
    }
  }
  const tree = [...dirs].map((d) => ({ path: d, type: 'dir' }));
  tree.push(...files.values());
  tree.push({ path: '.dockerignore', type: 'file', size: ignore.length, contentBase64: ignore.toString('base64') });
  return tree.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

function buildWalkScenarios() {
  const rows = section('### 12.3', '### 12.4').filter((l) => /^\| W\d+ \|/.test(l));
  if (rows.length !== 40) throw new Error(`expected 40 walk scenarios, parsed ${rows.length}`);
  return rows.map((line) => {
    const [id, title, ignoreCell, treeCell, classicCell, buildkitCell, tarCell, notesCell] = cells(line);
    const ignore = decodeIgnoreNotation(codeSpans(ignoreCell)[0] ?? '');
    const tree = scenarioTree(ignore, codeSpans(treeCell));
    const dockerfile = /built with `-f ([^`]+)`/.exec(notesCell)?.[1] ?? 'Dockerfile';
    const classic = parseSendList(classicCell);
    const buildkit = parseSendList(buildkitCell);
    const tarBytes = /^\d+$/.test(tarCell) ? Number(tarCell) : null;
    const old = /Docker 20\.10 classic: (.*)$/.exec(notesCell);
    const scenario = {
      id,
      title: unescapeMarkdown(title),
      ignore: { base64: ignore.toString('base64') },
      dockerfile,
      tree,
      classic,
      buildkit,
      tarBytes,
    };
    if (old) scenario.classicDocker2010 = codeSpans(old[1]);
    const notes = notesCell ? [unescapeMarkdown(notesCell)] : [];
    verifyScenario(scenario, notes);
    scenario.notes = notes.join(' | ');
    return scenario;
  });
}

function verifyScenario(s, notes) {
  const dir = materializeTree(s.tree);
  try {
    // The materialized tree must be the recorded one.
    const back = describeTree(dir, {
      contentOf: (rel) => (rel.toString() === '.dockerignore' ? Buffer.from(s.ignore.base64, 'base64') : undefined),
    });
    if (!sameRecords(back, s.tree)) throw new Error(`${s.id}: tree did not round-trip`);

    // BuildKit: the oracle lists what fsutil's filter sends (sorted by path).
    const r = runOracle(['list0', dir]);
    const err = oracleError(r);
    let oracleAnswer;
    if (err !== undefined) oracleAnswer = { error: err };
    else oracleAnswer = parseList0(r.stdout).entries.map((e) => decodeGoName(e.path) + (e.kind === 'd' ? '/' : ''));
    const specSorted = Array.isArray(s.buildkit) ? [...s.buildkit].sort(byPathBytes) : s.buildkit;
    const oracleSorted = Array.isArray(oracleAnswer) ? [...oracleAnswer].sort(byPathBytes) : oracleAnswer;
    if (!sameJson(specSorted, oracleSorted)) {
      disagree(`walk ${s.id} BuildKit`, `spec ${JSON.stringify(s.buildkit)}, oracle ${JSON.stringify(oracleAnswer)}`);
      notes.push(`spec said BuildKit sends ${JSON.stringify(s.buildkit)}`);
      s.buildkit = oracleAnswer;
    }

    // Classic: speccheck's pipeline, and Docker 20.10's own.
    const c = runSpeccheck(['classic', dir, s.dockerfile]);
    const classicAnswer = c.current.error !== undefined ? { error: c.current.error } : c.current.entries;
    if (!sameJson(classicAnswer, s.classic)) {
      disagree(`walk ${s.id} classic`, `spec ${JSON.stringify(s.classic)}, check ${JSON.stringify(classicAnswer)}`);
      notes.push(`spec said classic sends ${JSON.stringify(s.classic)}`);
      s.classic = classicAnswer;
    }
    const tarAnswer = c.current.error !== undefined ? null : c.current.tarBytes;
    if (tarAnswer !== s.tarBytes) {
      disagree(`walk ${s.id} tar bytes`, `spec ${s.tarBytes}, measured ${tarAnswer}`);
      notes.push(`spec said ${s.tarBytes} tar bytes`);
      s.tarBytes = tarAnswer;
    }
    const old = c.docker2010.error !== undefined ? { error: c.docker2010.error } : c.docker2010.entries;
    if (s.classicDocker2010 !== undefined) {
      if (!sameJson(old, s.classicDocker2010)) {
        disagree(
          `walk ${s.id} Docker 20.10 classic`,
          `spec ${JSON.stringify(s.classicDocker2010)}, Docker 20.10.24 ${JSON.stringify(old)}`,
        );
        notes.push(`spec said Docker 20.10 classic sends ${JSON.stringify(s.classicDocker2010)}`);
        s.classicDocker2010 = old;
      }
    } else if (!sameJson(old, s.classic) && !(old.error && s.classic.error)) {
      // Recorded so the historical behaviour is data too, not only prose.
      s.classicDocker2010 = old;
      notes.push('classicDocker2010 from running Docker 20.10.24 pkg/archive');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function byPathBytes(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

// ---------------------------------------------------------------- main

function writeJson(name, about, vectorsKey, vectors) {
  const file = path.join(here, name);
  fs.writeFileSync(file, `${JSON.stringify({ about, [vectorsKey]: vectors }, null, 1)}\n`);
  console.log(`${name}: ${vectors.length} ${vectorsKey}`);
}

const started = Date.now();
writeJson(
  'pattern-vectors.json',
  'Spec §12.2 pattern vectors, each checked against moby/patternmatcher. patterns go to New() as is (no ignore-file parsing). ' +
    'fn names the call "expected" is for: "MatchesOrParentMatches" = New + (*PatternMatcher).MatchesOrParentMatches(path) (no Clean, as upstream TestMatches); ' +
    '"Matches" = the deprecated package-level Matches(path, patterns) (Clean(path), "." never matches, single-parent check). ' +
    "expectedDeprecatedMatches / expectedMatchesOrParentMatches give the other call's answer. " +
    'Results: "excluded" | "included" | {"error", "at": "new" (New rejected the patterns) | "match" (the match call failed)}. ' +
    'upstream = the expectation in patternmatcher_test.go (null for rows added by the spec). ' +
    FULL_VALIDATION_ABOUT,
  'vectors',
  buildPatternVectors(),
);
writeJson(
  'readall-vectors.json',
  'Ignore-file parsing (ignorefile.ReadAll, spec §2): inputBase64 holds the exact file bytes (input repeats them as text when short and valid UTF-8). ' +
    'patterns is the ReadAll result, or {"error"} when ReadAll fails. Patterns use the project path dialect (invalid UTF-8 byte → U+DC80+byte); patternsBase64 holds their exact bytes when any is not valid UTF-8. ' +
    'newError is set when patternmatcher.New rejects the parsed patterns (the build would fail there). ' +
    FULL_VALIDATION_ABOUT,
  'vectors',
  buildReadAllVectors(),
);
writeJson(
  'walk-scenarios.json',
  'Spec §12.3 walk scenarios W1–W40. tree: every entry incl. parent dirs and the root .dockerignore (contentBase64 = ignore bytes); files hold "x" (1 byte) or 1000 "x" for *.big. ' +
    'dockerfile: the -f path relative to the context. classic: entries of the classic builder\'s tar in stream order (dirs end with "/"), incl. the forced Dockerfile/.dockerignore; ' +
    'buildkit: what fsutil sends with ExcludePatterns only (COPY . .), in walk order; either may be {"error"}. tarBytes: exact classic tar stream size (null on error). ' +
    'classicDocker2010: what Docker 20.10.24 classic sent, where it differs.',
  'scenarios',
  buildWalkScenarios(),
);
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (disagreements.length) {
  console.log(`\n${disagreements.length} disagreement(s) between the spec and the code (code kept):`);
  for (const d of disagreements) console.log(`  - ${d}`);
}
