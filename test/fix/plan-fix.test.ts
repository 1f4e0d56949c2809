// The fix planner on in-memory trees: nested-aware rewrites, COPY safety, existing exceptions,
// lines that change nothing, and the appended block read back as Docker reads it.
import { describe, expect, test } from 'vitest';
import { loadContext } from '../../src/context/load-context.js';
import { parseIgnoreFile } from '../../src/context/ignore-file.js';
import { appendBlock, blockLines, MAX_RESTATED_EXCEPTIONS, planFix, type FixPlan } from '../../src/facts/plan-fix.js';
import { simulateIgnoreLines } from '../../src/context/simulate-ignore.js';
import { parseDockerfile } from '../../src/dockerfile/parse-dockerfile.js';
import { protectedPaths } from '../../src/facts/advice-guard.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';
import type { Finding } from '../../src/types.js';

interface Tree {
  files: Record<string, string>;
  dockerignore?: string;
  dockerfile?: string;
}

function load(tree: Tree) {
  const nodes: MemoryNode[] = Object.entries(tree.files).map(([path, content]) => ({ path, type: 'file', content }));
  if (tree.dockerignore !== undefined) nodes.push({ path: '.dockerignore', type: 'file', content: tree.dockerignore });
  const fs = new MemoryFileSystem(nodes);
  const ctx = loadContext({ fs, cwd: '/ctx', classic: false, measureExcluded: false, stat: true, readLinks: true });
  const model = tree.dockerfile === undefined ? null : parseDockerfile(tree.dockerfile);
  return { ctx, prot: protectedPaths(model, ctx.entries) };
}

function finding(check: string, ignoreLines: string[], path = 'x'): Finding {
  return { check, severity: 'warning', path, message: '', data: { ignoreLines }, fingerprint: `${check}:${path}` };
}

function plan(tree: Tree, findings: Finding[]): FixPlan & { patterns: string[] } {
  const { ctx, prot } = load(tree);
  const result = planFix({ entries: ctx.entries, patterns: ctx.ignore?.patterns ?? [], findings, protected: prot });
  return { ...result, patterns: result.lines.flatMap((l) => [l.line, ...(l.restated?.lines ?? [])]) };
}

const NESTED = {
  'app.js': '1',
  'node_modules/a/index.js': '12345',
  'web/node_modules/b/index.js': '1234567890',
  'web/src/index.js': '1',
};

describe('nested-aware lines', () => {
  test('a bare name becomes **/name when the tree has nested copies, with what the bare name would leave', () => {
    const p = plan({ files: NESTED }, [finding('deps', ['node_modules'])]);
    expect(p.lines.map((l) => [l.suggested, l.line, l.files, l.bytes])).toEqual([
      ['node_modules', '**/node_modules', 2, 15],
    ]);
    expect(p.lines[0]!.nested).toEqual({ files: 1, bytes: 10, example: 'web/node_modules' });
  });

  test.for([
    ['only a root copy', { 'node_modules/a.js': '1', 'src/x.js': '1' }, 'node_modules'],
    ['an anchored line', NESTED, '/node_modules'],
    ['a path with a slash', NESTED, 'web/node_modules'],
  ] as const)('%s stays as suggested', ([, files, line]) => {
    const p = plan({ files }, [finding('deps', [line])]);
    expect(p.lines.map((l) => [l.line, l.nested])).toEqual([[line, null]]);
  });

  test('not widened when the nested form would remove what a COPY names', () => {
    const p = plan({ files: NESTED, dockerfile: 'FROM node\nCOPY web/node_modules /vendor\nCOPY . .\n' }, [
      finding('deps', ['node_modules']),
    ]);
    expect(p.lines.map((l) => l.line)).toEqual(['node_modules']);
    expect(p.lines[0]!.notWidened).toMatch(/web\/node_modules.*COPY web\/node_modules \(Dockerfile line 2\)/);
  });
});

describe('COPY safety', () => {
  test('a line that would remove a path a COPY names is refused with the path and the instruction', () => {
    const p = plan(
      {
        files: { 'dist/app.js': '1', 'dist/app.js.map': '22', 'src/a.ts': '1' },
        dockerfile: 'FROM node\nCOPY src/ /src\nCOPY dist/app.js /app/\n',
      },
      [finding('build-output', ['dist']), finding('maps', ['**/*.map'])],
    );
    expect(p.lines.map((l) => l.line)).toEqual(['**/*.map']);
    expect(p.skipped).toEqual([
      expect.objectContaining({
        line: 'dist',
        reason: 'copied',
        copied: { path: 'dist/app.js', source: 'dist/app.js', line: 3 },
      }),
    ]);
  });

  test('a COPY of the whole context protects nothing: that is what the ignore file decides', () => {
    const p = plan({ files: NESTED, dockerfile: 'FROM node\nCOPY . .\n' }, [finding('deps', ['**/node_modules'])]);
    expect(p.lines.map((l) => l.line)).toEqual(['**/node_modules']);
    expect(p.skipped).toEqual([]);
  });
});

describe('existing exceptions', () => {
  const files = {
    'node_modules/keep/index.js': '1',
    'node_modules/keep/lib/a.js': '22',
    'node_modules/drop/index.js': '333',
    'src/a.js': '1',
  };

  test.for([
    ['an exception in force', 'node_modules\n!node_modules/keep\n', '**/*.js', ['src/a.js']],
    [
      'an exception that guards against later lines',
      '!node_modules/keep\n',
      '**/node_modules',
      ['node_modules/drop/index.js'],
    ],
  ] as const)('%s is kept by literal exceptions after the new line', ([, dockerignore, line, removedFiles]) => {
    const { ctx } = load({ files, dockerignore });
    const p = plan({ files, dockerignore }, [finding('deps', [line])]);
    expect(p.lines[0]!.restated!.lines).toEqual(['!node_modules/keep/index.js', '!node_modules/keep/lib/a.js']);
    expect(p.lines[0]!.restated!.exception.text).toBe('!node_modules/keep');
    expect([p.lines[0]!.files, p.lines[0]!.bytes]).toEqual([1, removedFiles[0] === 'src/a.js' ? 1 : 3]);
    // Measured with the restated lines: only what nobody asked to keep goes.
    const removed = simulateIgnoreLines(ctx.entries, ctx.ignore!.patterns, p.patterns)
      .removed.filter((e) => e.type !== 'dir')
      .map((e) => e.path);
    expect(removed).toEqual(removedFiles);
  });

  test('a repeated exclusion after an exception does not reach what the exception keeps: no effect', () => {
    // patternmatcher does not hand a pattern that matched after the parent was already excluded
    // down to the children (W37), so this line changes nothing for node_modules/keep.
    const p = plan({ files, dockerignore: 'node_modules\n!node_modules/keep\n' }, [
      finding('deps', ['**/node_modules']),
    ]);
    expect(p.skipped.map((s) => [s.line, s.reason])).toEqual([['**/node_modules', 'no-effect']]);
  });

  test('a line that only removes what an exception keeps is refused', () => {
    const p = plan({ files: { 'a/x': '1', b: '1' }, dockerignore: '*\n!a\n' }, [finding('dirs', ['a'])]);
    expect(p.lines).toEqual([]);
    expect(p.skipped.map((s) => s.reason)).toEqual(['undoes-exception']);
  });

  test('a line that would make a re-included file arrive empty is refused', () => {
    // `**/a` matches the already excluded parent `a` again after `!a/keep`: the walk still sends
    // a/keep (parent results), but BuildKit's reader (MatchesOrParentMatches) refuses it (W37).
    const tree = { files: { 'a/keep': '1', 'a/drop': '1', 'b/a': '1' }, dockerignore: 'a\n!a/keep\n' };
    const p = plan(tree, [finding('names', ['**/a'])]);
    expect(p.lines).toEqual([]);
    expect(p.skipped.map((s) => [s.reason, s.detail])).toEqual([['arrives-empty', expect.stringContaining('a/keep')]]);
    expect(plan(tree, [finding('names', ['b/a'])]).lines.map((l) => l.line)).toEqual(['b/a']);
  });

  test('too many files to restate: the line is refused', () => {
    const many = Object.fromEntries(
      Array.from({ length: MAX_RESTATED_EXCEPTIONS + 1 }, (_, i) => [`vendor/keep/f${i}.js`, '1']),
    );
    const p = plan({ files: { ...many, 'vendor/x.js': '1' }, dockerignore: '!vendor/keep\n' }, [
      finding('deps', ['vendor']),
    ]);
    expect(p.lines).toEqual([]);
    expect(p.skipped.map((s) => s.reason)).toEqual(['undoes-exception']);
  });
});

describe('lines that change nothing, and bad lines', () => {
  test('a line already in the file, one already covered and an invalid one are dropped with a reason', () => {
    const p = plan({ files: { 'a.log': '1', 'b/c.log': '1', 'x.txt': '1' }, dockerignore: '*.log\n' }, [
      finding('logs', ['*.log', '**/*.log', 'b/c.log', '[', '!x.txt', '# comment']),
    ]);
    expect(p.lines.map((l) => l.line)).toEqual(['**/*.log']);
    // b/c.log removes nothing **/*.log does not: the same advice, folded into that line rather than listed.
    expect(p.skipped.map((s) => [s.line, s.reason])).toEqual([
      ['*.log', 'no-effect'],
      ['[', 'invalid'],
      ['!x.txt', 'invalid'],
      ['# comment', 'invalid'],
    ]);
    expect(p.skipped[0]!.detail).toBe('already in the ignore file');
  });

  test('an earlier line a later one covers is folded into it, and the block still removes the same paths', () => {
    const tree = {
      files: {
        'target/release/app': 'MZ',
        'target/release/deps/libfoo.rlib': '12345',
        'keep/target.txt': '1',
        'app.py': '1',
      },
      dockerignore: 'notes/\n',
    };
    const findings = [
      finding('foreign-binary', ['target/release/app'], 'target/release/app'),
      finding('gitignored-in-context', ['**/target'], '.gitignore'),
    ];
    const p = plan(tree, findings);
    expect(p.lines.map((l) => [l.line, l.findings.map((f) => f.check), l.files, l.bytes])).toEqual([
      ['**/target', ['foreign-binary', 'gitignored-in-context'], 2, 7],
    ]);
    // Applied: the written block removes exactly what both lines together remove.
    const { ctx } = load(tree);
    const removed = (lines: string[]) =>
      simulateIgnoreLines(ctx.entries, ctx.ignore!.patterns, lines)
        .removed.map((e) => e.path)
        .sort();
    expect(removed(p.patterns)).toEqual(removed(['target/release/app', '**/target']));
    expect(removed(p.patterns)).toContain('target/release/app');
    expect(removed(p.patterns)).not.toContain('keep/target.txt');
  });

  test('lines that remove the same paths are one line: the first in report order, resolving every finding', () => {
    const p = plan({ files: { '.env': 'A=1', 'web/.env': 'B=2', 'app.py': '1' } }, [
      finding('secret-file', ['/.env'], '.env'),
      finding('gitignored-in-context', ['**/.env'], '.gitignore'),
      finding('missing-dockerignore', ['**/.env'], 'Dockerfile'),
      finding('secret-file', ['web/.env'], 'web/.env'),
    ]);
    // **/.env removes web/.env too, so it is a line of its own; web/.env then removes nothing more and
    // joins it, and /.env, which removes nothing **/.env does not, is folded into it.
    expect(p.lines.map((l) => [l.line, l.findings.map((f) => f.path), l.files])).toEqual([
      ['**/.env', ['.env', '.gitignore', 'Dockerfile', 'web/.env'], 2],
    ]);
    expect(p.skipped).toEqual([]);
    const same = plan({ files: { '.env': 'A=1', 'app.py': '1' } }, [
      finding('secret-file', ['/.env'], '.env'),
      finding('gitignored-in-context', ['**/.env'], '.gitignore'),
    ]);
    expect(same.lines.map((l) => [l.line, l.findings.map((f) => f.check)])).toEqual([
      ['/.env', ['secret-file', 'gitignored-in-context']],
    ]);
    expect(same.skipped).toEqual([]);
    // As many paths, the same first and last, another one between: not the same advice.
    const files = { 'a/1': '1', 'a/2': '22', 'a/3': '333', 'a/4': '4444' };
    const apart = plan({ files }, [finding('one', ['a/[124]'], 'a/2'), finding('two', ['a/[134]'], 'a/3')]);
    expect(apart.lines.map((l) => [l.line, l.findings.map((f) => f.check), l.files])).toEqual([
      ['a/[124]', ['one'], 3],
      ['a/[134]', ['two'], 1],
    ]);
  });

  test('findings without lines are listed; a line several findings suggest is written once for all', () => {
    const p = plan({ files: { 'a.log': '1' } }, [
      finding('one', ['/a.log'], 'a'),
      finding('two', ['/a.log'], 'b'),
      finding('three', []),
    ]);
    expect(p.lines.map((l) => [l.line, l.findings.map((f) => f.check)])).toEqual([['/a.log', ['one', 'two']]]);
    expect(p.withoutLines.map((f) => f.check)).toEqual(['three']);
  });
});

describe('the appended block', () => {
  const tree = { files: NESTED, dockerignore: '.git\n!keep' };
  const p = plan(tree, [finding('deps', ['node_modules']), finding('logs', ['/app.js'])]);

  test('comments name the checks and findings; existing bytes are untouched', () => {
    const lines = blockLines(p);
    expect(lines).toEqual([
      '# Added by buildctx fix: deps, logs',
      '# deps (x)',
      '**/node_modules',
      '# logs (x)',
      '/app.js',
    ]);
    const old = Buffer.from(tree.dockerignore);
    const out = Buffer.from(appendBlock(old, lines));
    expect(out.subarray(0, old.length).equals(old)).toBe(true);
    expect(out.toString()).toBe('.git\n!keep\n\n' + lines.join('\n') + '\n');
    expect(parseIgnoreFile(out).map((x) => x.pattern)).toEqual(['.git', '!keep', '**/node_modules', 'app.js']);
  });

  test('CRLF files get CRLF lines; a new file starts with the block', () => {
    const lines = blockLines(p);
    expect(Buffer.from(appendBlock(Buffer.from('a\r\n'), lines)).toString()).toBe(
      'a\r\n\r\n' + lines.join('\r\n') + '\r\n',
    );
    expect(Buffer.from(appendBlock(null, lines)).toString()).toBe(lines.join('\n') + '\n');
  });

  test('idempotent: planning again on the edited file adds nothing', () => {
    const edited = Buffer.from(appendBlock(Buffer.from(tree.dockerignore), blockLines(p))).toString();
    const again = plan({ ...tree, dockerignore: edited }, [
      finding('deps', ['node_modules']),
      finding('logs', ['/app.js']),
    ]);
    expect(again.lines).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(['no-effect', 'no-effect']);
    expect(blockLines(again)).toEqual([]);
  });
});
