// The build's other inputs: every platform of a multi-platform build, an inline Dockerfile, and
// named contexts (`--build-context NAME=DIR`) walked with their own .dockerignore.
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { BuildctxError } from '../../src/errors.js';
import { renderJson } from '../../src/report/json.js';
import { assertReportSchema } from '../helpers/report-schema.js';
import { makeTree } from '../helpers/make-tree.js';
import { bin } from './helpers.js';

describe('multi-platform builds', () => {
  const tree = {
    Dockerfile: 'FROM debian:12\nCOPY bin/server /usr/local/bin/server\nCMD ["server"]\n',
    'bin/server': bin('exe-x86_64-glibc-real', 0o755),
  };

  test('an x86-64 executable is fine for linux/amd64 and an error for the linux/arm64 image of the same build', async () => {
    const dir = makeTree(tree);
    const one = await analyze({ context: dir, platform: 'linux/amd64' });
    expect(one.findings.filter((f) => f.check === 'foreign-binary')).toEqual([]);
    expect(one.target.platforms).toBeUndefined();
    const both = await analyze({ context: dir, platform: 'linux/amd64,linux/arm64' });
    expect(both.target.platform).toBe('linux/amd64');
    expect(both.target.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    const foreign = both.findings.filter((f) => f.check === 'foreign-binary');
    expect(foreign.map((f) => [f.path, f.severity, f.data.platform, f.data.arch])).toEqual([
      ['bin/server', 'error', 'linux/arm64', 'amd64'],
    ]);
    expect(foreign[0]!.message).toMatch(/^\[linux\/arm64\] /);
    assertReportSchema(JSON.parse(renderJson(both)));
  });

  test('a problem every platform shares is reported once', async () => {
    const dir = makeTree({
      Dockerfile: 'FROM debian:12\nCOPY tools/protoc /usr/local/bin/protoc\n',
      'tools/protoc': bin('macho-arm64-exe', 0o755),
    });
    const both = await analyze({ context: dir, platform: 'linux/amd64,linux/arm64' });
    const foreign = both.findings.filter((f) => f.check === 'foreign-binary');
    expect(foreign).toHaveLength(1);
    expect(foreign[0]!.data.platform).toBeUndefined();
  });

  test('an unknown platform in the list is a usage error; an empty list too', async () => {
    const dir = makeTree(tree);
    await expect(analyze({ context: dir, platform: 'linux/amd64,linux/amd46' })).rejects.toThrow(/amd46/);
    await expect(analyze({ context: dir, platform: ',' })).rejects.toBeInstanceOf(BuildctxError);
  });
});

describe('inline Dockerfile', () => {
  test('analyzed as the Dockerfile: its COPY sources are checked, findings carry its name', async () => {
    const dir = makeTree({
      Dockerfile: 'FROM alpine\nCOPY . .\n',
      'Dockerfile.dockerignore': 'src\n',
      'src/app.js': 'x\n',
    });
    const report = await analyze({
      context: dir,
      dockerfileInline: { text: 'FROM node:20\nCOPY src ./src\nCOPY missing.txt .\n', name: 'compose.yaml:web' },
    });
    expect(report.dockerfile).toBe('compose.yaml:web');
    // Only the context's own .dockerignore applies: there is no Dockerfile file beside the inline text.
    expect(report.ignoreFile).toBeNull();
    const missing = report.findings.filter((f) => f.check === 'copy-source-missing');
    expect(missing.map((f) => [f.path, f.line, f.data.value])).toEqual([['compose.yaml:web', 3, 'missing.txt']]);
  });
});

describe('named contexts', () => {
  const build = () =>
    makeTree({
      'app/Dockerfile': [
        'FROM node:20 AS deps',
        'COPY --from=shared package.json /shared/',
        'COPY --from=shared lib/ /shared/lib/',
        'COPY --from=shared gone.txt /shared/',
        'FROM node:20',
        'COPY --from=deps /shared /shared',
        'COPY --from=shared bin/tool /usr/local/bin/tool',
        'COPY index.js .',
        '',
      ].join('\n'),
      'app/index.js': 'x\n',
      'shared/package.json': '{}\n',
      'shared/lib/a.js': 'a\n',
      'shared/node_modules/x/index.js': 'x\n',
      'shared/bin/tool': bin('exe-aarch64-glibc', 0o755),
      'shared/.dockerignore': 'node_modules\nbin\n',
      'other/file': 'y\n',
    });

  test('walked with its own .dockerignore; COPY --from=NAME sources checked against it, not the main context', async () => {
    const dir = build();
    const report = await analyze({
      context: path.join(dir, 'app'),
      buildContexts: {
        shared: path.join(dir, 'shared'),
        unused: path.join(dir, 'other'),
        img: 'docker-image://alpine:3',
      },
    });
    expect(report.namedContexts).toEqual([
      {
        name: 'img',
        kind: 'image',
        source: 'docker-image://alpine:3',
        used: false,
        ignoreFile: null,
        files: null,
        bytes: null,
        excludedFiles: null,
      },
      {
        name: 'shared',
        kind: 'local',
        source: path.join(dir, 'shared'),
        used: true,
        ignoreFile: path.join(dir, 'shared/.dockerignore'),
        files: 3,
        bytes: 3 + 2 + 'node_modules\nbin\n'.length,
        excludedFiles: 2,
      },
      {
        name: 'unused',
        kind: 'local',
        source: path.join(dir, 'other'),
        used: false,
        ignoreFile: null,
        files: null,
        bytes: null,
        excludedFiles: null,
      },
    ]);
    const bySource = report.findings
      .filter((f) => f.check === 'copy-source-missing' || f.check === 'copy-source-ignored')
      .map((f) => [f.check, f.line, f.data.value, f.data.namedContext ?? null]);
    // gone.txt is in neither context; bin/tool is kept out by shared/.dockerignore; index.js is in the main context.
    expect(bySource).toEqual([
      ['copy-source-ignored', 7, 'bin/tool', 'shared'],
      ['copy-source-missing', 4, 'gone.txt', 'shared'],
    ]);
    const ignored = report.findings.find((f) => f.check === 'copy-source-ignored')!;
    expect(ignored.message).toContain('named context shared');
    // Lines for shared/.dockerignore never reach the main ignore file's suggestions.
    expect(report.suggestedIgnoreLines).toEqual([]);
    assertReportSchema(JSON.parse(renderJson(report)));
  });

  test('without the named context, the COPY --from sources are not main-context sources (no false copy-source-missing)', async () => {
    const dir = build();
    const report = await analyze({ context: path.join(dir, 'app') });
    expect(report.findings.filter((f) => f.check === 'copy-source-missing')).toEqual([]);
    expect(report.namedContexts).toBeUndefined();
  });

  test('a binary the named context sends to a COPY is checked for the target platform', async () => {
    const dir = build();
    makeTree({ '.dockerignore': 'node_modules\n' }, path.join(dir, 'shared'));
    const report = await analyze({
      context: path.join(dir, 'app'),
      buildContexts: { shared: path.join(dir, 'shared') },
    });
    const foreign = report.findings.filter((f) => f.check === 'foreign-binary');
    expect(foreign.map((f) => [f.path, f.data.namedContext, f.data.arch])).toEqual([
      [path.join(dir, 'shared/bin/tool'), 'shared', 'arm64'],
    ]);
  });

  test('a local named context that does not exist is an error naming it', async () => {
    const dir = build();
    await expect(
      analyze({ context: path.join(dir, 'app'), buildContexts: { shared: path.join(dir, 'nope') } }),
    ).rejects.toThrow(/named context shared: context .* does not exist/);
  });
});
