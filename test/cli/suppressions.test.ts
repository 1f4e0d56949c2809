// Suppressed findings through the CLI: counted in the table, kept in JSON and SARIF, never failing.
import { describe, expect, test } from 'vitest';
import { makeTree } from '../helpers/make-tree.js';
import { runCli } from '../helpers/run-cli.js';

const CONTEXT = {
  Dockerfile: '# buildctx-ignore unpinned-base-image pinned by the release pipeline\nFROM debian:12\nCOPY . /app/\n',
  '.dockerignore': '.git\n# buildctx-ignore secret-file: .env\n',
  '.env': 'X=1\n',
};

describe('suppressed findings', () => {
  test('the table leaves them out of the list and counts them; they do not fail the run', async () => {
    const dir = makeTree(CONTEXT);
    const r = await runCli([dir, '--fail-on', 'info', '--no-config']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Findings: no findings \(2 suppressed\)$/m);
    expect(r.stdout).not.toMatch(/secret-file|unpinned-base-image/);
    const open = await runCli([dir, '--fail-on', 'info', '--no-config', '--disable', 'unpinned-base-image']);
    expect(open.code).toBe(0);
  });

  test('JSON and SARIF keep them, marked', async () => {
    const dir = makeTree(CONTEXT);
    const json = JSON.parse((await runCli([dir, '--format', 'json', '--no-config'])).stdout);
    expect(json.findings.map((f: { check: string; suppressed?: boolean }) => [f.check, f.suppressed])).toEqual([
      ['secret-file', true],
      ['unpinned-base-image', true],
    ]);
    expect(json.summary.suppressedFindings).toBe(2);
    const sarif = JSON.parse((await runCli([dir, '--format', 'sarif', '--no-config'])).stdout);
    const results = sarif.runs[0].results as { ruleId: string; suppressions?: unknown[] }[];
    expect(results.map((x) => [x.ruleId, x.suppressions])).toEqual([
      [
        'secret-file',
        [
          {
            kind: 'inSource',
            location: {
              physicalLocation: {
                artifactLocation: { uri: '.dockerignore', uriBaseId: 'CONTEXT' },
                region: { startLine: 2 },
              },
            },
          },
        ],
      ],
      [
        'unpinned-base-image',
        [
          {
            kind: 'inSource',
            justification: 'pinned by the release pipeline',
            location: {
              physicalLocation: {
                artifactLocation: { uri: 'Dockerfile', uriBaseId: 'CONTEXT' },
                region: { startLine: 1 },
              },
            },
          },
        ],
      ],
    ]);
  });
});
