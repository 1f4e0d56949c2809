// A Dockerfile that is a symlink inside the context (`Dockerfile -> docker/Dockerfile.debian`):
// Docker reads through it, so the report does too — but never through a link out of the context.
import { describe, expect, test } from 'vitest';
import { makeTree } from '../helpers/make-tree.js';
import { runCli } from '../helpers/run-cli.js';

describe('a symlinked Dockerfile', () => {
  test('inside the context: analysed through the link', async () => {
    const dir = makeTree({
      'docker/Dockerfile.debian': 'FROM debian:12\nCOPY app.txt /app/\n',
      Dockerfile: { symlink: 'docker/Dockerfile.debian' },
      'app.txt': 'a',
      '.dockerignore': '.git\n',
    });
    const r = await runCli([dir, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary.referencedFiles).toBe(1);
    expect(report.findings.map((f: { check: string }) => f.check)).not.toContain('copy-source-missing');
  });

  test.for([
    ['an absolute link out', '/etc/hostname'],
    ['a relative link out', '../../../../../../../../etc/hostname'],
  ] as const)('%s: exit 2, one line, nothing read', async ([, target]) => {
    const dir = makeTree({ Dockerfile: { symlink: target }, 'app.txt': 'a' });
    const r = await runCli([dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/leads out of the context/);
    // Listing the context needs no Dockerfile text: ls and why go on.
    expect((await runCli(['ls', dir])).code).toBe(0);
  });
});

describe('scan --all with symlinked Dockerfiles', () => {
  test('a link inside the tree is one build, analysed through the link; its target is not listed twice', async () => {
    const dir = makeTree({
      'docker/Dockerfile.debian': 'FROM debian:12\nCOPY app.txt /app/\n',
      Dockerfile: { symlink: 'docker/Dockerfile.debian' },
      'app.txt': 'a',
      '.dockerignore': '.git\n',
    });
    const r = await runCli(['scan', '--all', dir, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const builds = JSON.parse(r.stdout) as { build: string; context: string; summary: { referencedFiles: number } }[];
    expect(builds.map((b) => [b.build, b.context])).toEqual([['Dockerfile', dir]]);
    expect(builds[0]!.summary.referencedFiles).toBe(1);
  });

  test('a link out of the tree is refused with one clear line; the other builds are analysed', async () => {
    const dir = makeTree({
      'api/Dockerfile': { symlink: '/etc/hostname' },
      'api/app.txt': 'a',
      'web/Dockerfile': 'FROM nginx:1.27\nCOPY index.html /usr/share/nginx/html/\n',
      'web/index.html': '<p>',
    });
    const r = await runCli(['scan', '--all', dir, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/api\/Dockerfile is a symbolic link that leads out of .* \(to \/etc\/hostname\)/),
    ]);
    // The JSON holds the analysed builds; the refused one is the line on stderr (and exit 2).
    const builds = JSON.parse(r.stdout) as { build: string }[];
    expect(builds.map((b) => b.build)).toEqual(['web/Dockerfile']);
  });
});
