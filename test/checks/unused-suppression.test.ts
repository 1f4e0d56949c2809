// Suppressions: `# buildctx-ignore` in the Dockerfile and the ignore file, the configuration
// file's ignorePaths, and unused-suppression for the comments that cover nothing.
import { describe, expect, test } from 'vitest';
import { failingFindings } from '../../src/guard/guard.js';
import type { Finding } from '../../src/types.js';
import { analyzeContext } from './analyze-context.js';

const PINNED = `debian:12@sha256:${'a'.repeat(64)}`;

function summary(findings: readonly Finding[]): string[] {
  return findings.map(
    (f) => `${f.check} ${f.path}${f.line !== undefined ? `:${f.line}` : ''}${f.suppressed ? ' suppressed' : ''}`,
  );
}

describe('Dockerfile comments', () => {
  test('the line before an instruction suppresses its findings and records where and why', async () => {
    const report = await analyzeContext({
      Dockerfile: '# buildctx-ignore unpinned-base-image the digest is pinned by CI\nFROM debian:12\n',
      '.dockerignore': '.git\n',
    });
    expect(summary(report.findings)).toEqual(['unpinned-base-image Dockerfile:2 suppressed']);
    expect(report.findings[0]!.suppression).toEqual({
      source: 'dockerfile',
      file: 'Dockerfile',
      line: 1,
      reason: 'the digest is pinned by CI',
    });
    expect(failingFindings(report, 'info')).toEqual([]);
  });

  test('several ids, several stacked comments: each is judged on its own', async () => {
    const report = await analyzeContext({
      Dockerfile: [
        '# buildctx-ignore apt-update-alone,unpinned-base-image',
        '# buildctx-ignore consecutive-run fine here',
        'FROM debian:12',
        'RUN true',
      ].join('\n'),
      '.dockerignore': '.git\n',
    });
    expect(summary(report.findings)).toEqual([
      'unpinned-base-image Dockerfile:3 suppressed',
      'unused-suppression Dockerfile:2',
    ]);
    expect(report.findings[1]!.message).toBe(
      '# buildctx-ignore consecutive-run suppresses nothing: no consecutive-run finding on the instruction at line 3; remove it or fix it',
    );
  });

  test.for([
    [
      'a blank line between comment and instruction',
      '# buildctx-ignore unpinned-base-image x\n\nFROM debian:12\n',
      /stands before no instruction/,
      1,
    ],
    [
      'an unknown check id',
      '# buildctx-ignore unpined-base-image\nFROM debian:12\n',
      /names no check buildctx has: unpined-base-image/,
      1,
    ],
    ['no id at all', '# buildctx-ignore\nFROM debian:12\n', /names no check id/, 1],
    [
      'nothing left to suppress',
      `# buildctx-ignore unpinned-base-image\nFROM ${PINNED}\n`,
      /suppresses nothing: no unpinned-base-image finding on the instruction at line 2/,
      0,
    ],
  ] as const)('%s: an unused-suppression info', async ([, dockerfile, message, unpinned]) => {
    const report = await analyzeContext({ Dockerfile: dockerfile, '.dockerignore': '.git\n' });
    const unused = report.findings.filter((f) => f.check === 'unused-suppression');
    expect(unused).toHaveLength(1);
    expect(unused[0]).toMatchObject({ severity: 'info', path: 'Dockerfile', line: 1 });
    expect(unused[0]!.message).toMatch(message);
    expect(report.findings.filter((f) => f.check === 'unpinned-base-image' && f.suppressed !== true)).toHaveLength(
      unpinned,
    );
  });

  test('a comment about a check that did not run is not judged', async () => {
    const report = await analyzeContext(
      { Dockerfile: `# buildctx-ignore unpinned-base-image\nFROM ${PINNED}\n`, '.dockerignore': '.git\n' },
      { disable: ['unpinned-base-image'] },
    );
    expect(report.findings).toEqual([]);
  });
});

describe('ignore-file comments', () => {
  const spec = {
    Dockerfile: `FROM ${PINNED}\nCOPY app.py /app/\n`,
    'app.py': '',
    '.env': 'X=1\n',
    'config/.env': 'Y=1\n',
  };

  test('# buildctx-ignore ID: PATH suppresses that check on that path and below it', async () => {
    const report = await analyzeContext({
      ...spec,
      '.dockerignore':
        '.git\n# buildctx-ignore secret-file: config/\n# buildctx-ignore secret-file,macos-litter: ./.env\n',
    });
    expect(summary(report.findings)).toEqual(['secret-file .env suppressed', 'secret-file config/.env suppressed']);
    expect(report.findings.map((f) => f.suppression)).toEqual([
      { source: 'ignore-file', file: '.dockerignore', line: 3, reason: null },
      { source: 'ignore-file', file: '.dockerignore', line: 2, reason: null },
    ]);
  });

  test.for([
    ['# buildctx-ignore secret-file: other.env', /suppresses nothing: no secret-file finding about other\.env/],
    ['# buildctx-ignore secret-file', /names no path \(write # buildctx-ignore check-id: path\)/],
    ['# buildctx-ignore : .env', /names no check id \(write # buildctx-ignore check-id: path\)/],
    ['# buildctx-ignore secret-file:', /names no path/],
  ] as const)('%s: an unused-suppression info on its line', async ([line, message]) => {
    const report = await analyzeContext({ ...spec, '.dockerignore': `.git\n${line}\n` });
    const unused = report.findings.filter((f) => f.check === 'unused-suppression');
    expect(unused.map((f) => [f.path, f.line])).toEqual([['.dockerignore', 2]]);
    expect(unused[0]!.message).toMatch(message);
    expect(report.findings.filter((f) => f.check === 'secret-file' && f.suppressed !== true)).toHaveLength(2);
  });
});

describe('ignorePaths (the configuration file)', () => {
  test('findings about matching paths are suppressed, with the pattern as the reason', async () => {
    const report = await analyzeContext(
      { Dockerfile: `FROM ${PINNED}\n`, '.dockerignore': '.git\n', '.env': 'X=1\n', 'sub/.env': 'Y=1\n' },
      { ignorePaths: ['/.env'], ignorePathsFile: 'buildctx.config.json' },
    );
    expect(summary(report.findings)).toEqual(['secret-file .env suppressed', 'secret-file sub/.env']);
    expect(report.findings[0]!.suppression).toEqual({
      source: 'config',
      file: 'buildctx.config.json',
      line: null,
      reason: 'ignorePaths: /.env',
    });
  });

  test('a suppressed finding suggests no ignore line', async () => {
    const spec = { Dockerfile: `FROM ${PINNED}\nCOPY app.py /\n`, 'app.py': '', 'node_modules/a/index.js': 'x' };
    expect((await analyzeContext(spec)).suggestedIgnoreLines).not.toEqual([]);
    const report = await analyzeContext(spec, { ignorePaths: ['node_modules/', 'Dockerfile'] });
    expect(report.findings.every((f) => f.suppressed === true)).toBe(true);
    expect(report.suggestedIgnoreLines).toEqual([]);
  });
});
