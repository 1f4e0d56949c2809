// The issue's acceptance criteria on the scenario fixtures: the seeds' Python Dockerfiles, and
// referenced sizes that equal what the COPY/ADD/RUN --mount sources select.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { loadContext } from '../../src/context/load-context.js';
import { computeTransferBytes } from '../../src/context/transfer-size.js';
import { contextSources, followPaths, selectSources } from '../../src/dockerfile/context-refs.js';
import { parseDockerfile } from '../../src/dockerfile/parse-dockerfile.js';
import { nodeFileSystem } from '../../src/fs/node-fs.js';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/dockerfiles');
const CACHING_CHECKS = [
  'install-after-copy',
  'volatile-files-in-copy',
  'pip-cache',
  'apt-lists-kept',
  'apt-update-alone',
  'consecutive-run',
  'build-tools-in-final-stage',
  'git-clone-in-build',
  'copy-source-missing',
  'copy-source-ignored',
  'secret-file',
  'unpinned-requirements',
];

function report(scenario: string, dockerfile = 'Dockerfile') {
  const dir = path.join(FIXTURES, scenario);
  return analyze({ cwd: dir, context: '.', dockerfile, sniff: false });
}

describe('the seeds’ Python Dockerfiles', () => {
  test('python-bad (copy all, then install) gets install-after-copy with the manifest-first fix', async () => {
    const found = (await report('python-bad')).findings.filter((f) => f.check === 'install-after-copy');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'warning',
      path: 'Dockerfile',
      line: 5,
      data: {
        ecosystem: 'pip',
        copyLine: 4,
        manifests: ['requirements.txt'],
        fixLines: ['COPY requirements.txt ./'],
        alreadyCopied: false,
      },
    });
    expect(found[0]!.message).toContain('COPY requirements.txt ./');
  });

  test.for(['python-good', 'python-multistage', 'python-cache-mount', 'cargo-chef'])(
    '%s gets none of the caching, copy or secret findings',
    async (scenario) => {
      const checks = (await report(scenario)).findings.map((f) => f.check);
      expect(checks.filter((c) => CACHING_CHECKS.includes(c))).toEqual([]);
    },
  );
});

/** Fixtures whose Dockerfile has no `COPY . .`: BuildKit requests only what the sources name. */
const WITHOUT_COPY_ALL: [scenario: string, dockerfile: string][] = [
  ['python-good', 'Dockerfile'],
  ['python-multistage', 'Dockerfile'],
  ['python-cache-mount', 'Dockerfile'],
  ['go-multistage', 'Dockerfile'],
  ['dockerfile-specific-ignore', 'app.Dockerfile'],
  ['copy-ignored', 'Dockerfile'],
  ['copy-parents', 'Dockerfile'],
  ['heredocs', 'Dockerfile'],
  ['escape-backtick', 'Dockerfile'],
  ['arg-in-from', 'Dockerfile'],
  ['target-unreachable', 'Dockerfile'],
];

function selectedAndReferenced(scenario: string, dockerfile: string) {
  const dir = path.join(FIXTURES, scenario);
  const model = parseDockerfile(fs.readFileSync(path.join(dir, dockerfile), 'utf8'));
  const include = followPaths(model);
  const ctx = loadContext({
    fs: nodeFileSystem,
    cwd: dir,
    context: '.',
    dockerfile,
    classic: false,
    measureExcluded: false,
    stat: true,
    readLinks: true,
    includePatterns: include,
  });
  const files = new Set(ctx.entries.filter((e) => e.type !== 'dir').map((e) => e.path));
  const selected = new Set<string>();
  for (const source of contextSources(model))
    for (const p of selectSources(source, ctx.entries).matched) if (files.has(p)) selected.add(p);
  const referenced = ctx.referenced!.filter((e) => e.type !== 'dir').map((e) => e.path);
  return { selected: [...selected].sort(), referenced: [...referenced].sort(), entries: ctx.referenced!, include };
}

describe('referenced sizes', () => {
  test.for(WITHOUT_COPY_ALL)(
    '%s: referencedFiles is exactly what the sources select',
    async ([scenario, dockerfile]) => {
      const { selected, referenced, entries, include } = selectedAndReferenced(scenario, dockerfile);
      expect(include).not.toBeNull();
      expect(referenced).toEqual(selected);
      const summary = (await report(scenario, dockerfile)).summary;
      expect(summary.referencedFiles).toBe(selected.length);
      expect(summary.referencedBytes).toBe(entries.reduce((n, e) => n + (e.type === 'file' ? e.size : 0), 0));
      expect(summary.transferBytes).toBe(computeTransferBytes(entries));
    },
  );

  test('copy-exclude: BuildKit requests the --exclude files too (FollowPaths carry no excludes), the COPY leaves them out', async () => {
    const { selected, referenced } = selectedAndReferenced('copy-exclude', 'Dockerfile');
    expect(referenced).toEqual([
      'site/README.md',
      'site/css/NOTES.md',
      'site/css/main.css',
      'site/drafts/next.html',
      'site/index.html',
    ]);
    // --exclude patterns are anchored at the copied directory: `*.md` is README.md, not css/NOTES.md.
    expect(selected).toEqual(['site/css/NOTES.md', 'site/css/main.css', 'site/index.html']);
    // Never copied: the two excluded files and the Dockerfile.
    expect((await report('copy-exclude')).summary).toMatchObject({ referencedFiles: 5, uncopiedFiles: 3 });
  });

  test.for([['python-bad'], ['node'], ['run-mount-bind']])(
    '%s requests the whole eligible context',
    async ([scenario]) => {
      const s = (await report(scenario!)).summary;
      expect([s.referencedFiles, s.referencedBytes]).toEqual([s.files, s.bytes]);
    },
  );

  test('remote-sources: nothing reads the context, so nothing is transferred', async () => {
    expect((await report('remote-sources')).summary).toMatchObject({
      referencedFiles: 0,
      referencedBytes: 0,
      transferBytes: 0,
      uncopiedFiles: 2,
    });
  });

  test('python-good: what is sent but never copied (the tests, the Dockerfile, the ignore file)', async () => {
    expect((await report('python-good')).summary).toMatchObject({ uncopiedFiles: 3 });
  });

  test('--target and --build-arg change what is requested', async () => {
    const dir = path.join(FIXTURES, 'target-unreachable');
    const all = (await analyze({ cwd: dir, context: '.', target: 'test', sniff: false })).summary;
    expect(all.referencedFiles).toBe(all.files);
    const web = (
      await analyze({
        cwd: path.join(FIXTURES, 'arg-in-from'),
        context: '.',
        buildArgs: { APP_DIR: 'web' },
        sniff: false,
      })
    ).summary;
    expect(web.referencedFiles).toBe(1);
  });
});
