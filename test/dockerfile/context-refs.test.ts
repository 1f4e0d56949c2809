// What BuildKit requests from the build context (FollowPaths) and what each COPY/ADD/RUN --mount
// takes from it. Expected values follow dockerfile2llb (convert.go dispatch,
// normalizeContextPaths; convert_runmount.go dispatchRunMounts; convert_copy.go dispatchCopy)
// and fsutil's copy (copy/copy.go ResolveWildcards, copier include/exclude).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  contextSources,
  followPaths,
  selectSources,
  type ContextSource,
  type SourcePathEntry,
} from '../../src/dockerfile/context-refs.js';
import { parseDockerfile } from '../../src/dockerfile/parse-dockerfile.js';
import type { ParseOptions } from '../../src/dockerfile/model.js';
import { parseIgnoreFile } from '../../src/context/ignore-file.js';
import { PatternMatcher } from '../../src/context/matcher.js';
import { pathIndexOf } from '../../src/paths.js';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/dockerfiles');
const doc = (...lines: string[]): string => lines.join('\n') + '\n';

function readFixture(scenario: string, dockerfile = 'Dockerfile'): string {
  return fs.readFileSync(path.join(FIXTURES, scenario, dockerfile), 'utf8');
}

/** The fixture directory as context entries (files and directories), sorted. */
function listFixture(scenario: string): SourcePathEntry[] {
  const root = path.join(FIXTURES, scenario);
  const out: SourcePathEntry[] = [];
  const walk = (rel: string): void => {
    for (const d of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const p = rel === '' ? d.name : `${rel}/${d.name}`;
      out.push({ path: p, type: d.isDirectory() ? 'dir' : 'file' });
      if (d.isDirectory()) walk(p);
    }
  };
  walk('');
  return out;
}

/** The entries an ignore file lets through (matcher with parent results, as the walkers use). */
function applyIgnore(entries: SourcePathEntry[], ignoreText: string): SourcePathEntry[] {
  const matcher = PatternMatcher.create(parseIgnoreFile(Buffer.from(ignoreText)).map((p) => p.pattern));
  return entries.filter((e) => !matcher.matchesOrParentMatches(e.path).excluded);
}

describe('followPaths of the fixtures', () => {
  test.for([
    ['python-bad', 'Dockerfile', {}, null],
    ['python-good', 'Dockerfile', {}, ['requirements.txt', 'src']],
    ['python-multistage', 'Dockerfile', {}, ['app', 'requirements.txt']],
    ['python-cache-mount', 'Dockerfile', {}, ['app.py', 'requirements.txt']],
    ['node', 'Dockerfile', {}, null],
    ['go-multistage', 'Dockerfile', {}, ['cmd', 'go.mod', 'go.sum', 'internal']],
    ['dockerfile-specific-ignore', 'app.Dockerfile', {}, ['site']],
    ['copy-ignored', 'Dockerfile', {}, ['bin', 'config/settings.json', 'secrets/*.pem']],
    ['heredocs', 'Dockerfile', {}, ['entrypoint.sh']],
    ['escape-backtick', 'Dockerfile', {}, ['app', 'config.yml']],
    ['arg-in-from', 'Dockerfile', {}, ['app']],
    ['arg-in-from', 'Dockerfile', { buildArgs: { APP_DIR: 'web' } }, ['web']],
    // The default target (prod) needs frontend but not test; the list is not pruned.
    ['target-unreachable', 'Dockerfile', {}, ['api', 'web', 'web/package.json']],
    ['target-unreachable', 'Dockerfile', { target: 'test' }, null],
    ['target-unreachable', 'Dockerfile', { target: 'frontend' }, ['web', 'web/package.json']],
    ['copy-exclude', 'Dockerfile', {}, ['site']],
    ['copy-parents', 'Dockerfile', {}, ['services/*/requirements.txt', 'src/pkg/*.py']],
    ['run-mount-bind', 'Dockerfile', {}, null],
    // Only remote sources and --from: the context is never loaded.
    ['remote-sources', 'Dockerfile', {}, []],
  ] as [string, string, ParseOptions, string[] | null][])('%s/%s %j', ([scenario, file, opts, want]) => {
    const model = parseDockerfile(readFixture(scenario, file), opts);
    expect(model.problems).toEqual([]);
    expect(followPaths(model)).toEqual(want);
  });
});

describe('followPaths of tricky Dockerfiles', () => {
  test.for([
    [
      'COPY . . in a stage the target does not need',
      doc('FROM a AS dev', 'COPY . .', 'FROM b', 'COPY app /app'),
      ['app'],
    ],
    ['./ and ./. are the whole context', doc('FROM a', 'COPY app /app', 'COPY ./. /x'), null],
    ['a variable that expands to nothing is the whole context', doc('FROM scratch', 'COPY ${NOTHING} /x'), null],
    ['.. cannot leave the context', doc('FROM a', 'COPY ../x /y'), ['x']],
    [
      'duplicates collapse, nested paths stay',
      doc('FROM a', 'COPY src /s', 'COPY src src/main.go /s'),
      ['src', 'src/main.go'],
    ],
    ['sorted by bytes', doc('FROM a', 'COPY b B a /x/'), ['B', 'a', 'b']],
    ['ADD of a URL is not a context path', doc('FROM a', 'ADD https://example.com/x.tgz /x', 'COPY a /a'), ['a']],
    [
      'ADD of a git@ ref is recorded although it is cloned',
      doc('FROM a', 'ADD git@github.com:org/repo.git /r', 'COPY a /a'),
      ['a', 'git@github.com:org/repo.git'],
    ],
    [
      'COPY --from is not the context',
      doc('FROM a AS builder', 'FROM b', 'COPY --from=builder /out /out', 'COPY a /a'),
      ['a'],
    ],
    [
      'RUN --mount=type=bind,source=x reads the context',
      doc('FROM a', 'RUN --mount=type=bind,source=x,target=/x true'),
      ['x'],
    ],
    ['a bind mount without source is the whole context', doc('FROM a', 'RUN --mount=target=/src true'), null],
    [
      'a bind mount from a stage is not the context',
      doc('FROM a AS b', 'FROM c', 'RUN --mount=from=b,target=/b true'),
      [],
    ],
    [
      'cache and secret mounts read nothing from the context',
      doc('FROM a', 'RUN --mount=type=cache,target=/c --mount=type=secret,id=t true', 'COPY a /a'),
      ['a'],
    ],
    // dispatchRunMounts records path.Join("/", "") for a tmpfs mount (its from is empty).
    ['a tmpfs mount records "/" ...', doc('FROM a', 'RUN --mount=type=tmpfs,target=/t true', 'COPY a /a'), null],
    ['... but alone it does not load the context', doc('FROM a', 'RUN --mount=type=tmpfs,target=/t true'), []],
    ['heredoc sources are not the context', doc('FROM a', 'COPY <<EOF /x', 'hi', 'EOF'), []],
    [
      'ONBUILD COPY . of a base stage runs in the child',
      doc('FROM a AS base', 'ONBUILD COPY . /src', 'COPY x /x', 'FROM base'),
      null,
    ],
    ['ONBUILD is not run in the stage that declares it', doc('FROM a', 'ONBUILD COPY . /src', 'COPY x /x'), ['x']],
    [
      'variables from ENV and ARG',
      doc('FROM scratch', 'ARG DIR=src', 'ENV FILE=main.go', 'COPY $DIR/$FILE ${DIR}/ /x/'),
      ['src', 'src/main.go'],
    ],
  ] as [string, string, string[] | null][])('%s', ([, text, want]) => {
    const model = parseDockerfile(text);
    expect(model.problems).toEqual([]);
    expect(followPaths(model)).toEqual(want);
  });
});

describe('contextSources', () => {
  test('python-multistage: only the final stage and its builder are read, with destinations', () => {
    const model = parseDockerfile(readFixture('python-multistage'));
    expect(
      contextSources(model).map((s) => [
        s.stage,
        s.line,
        s.kind,
        s.source,
        s.normalized,
        s.destination,
        s.destinationFromImage,
      ]),
    ).toEqual([
      [0, 5, 'copy', 'requirements.txt', '/requirements.txt', '/build/', false],
      [1, 12, 'copy', 'app/', '/app', '/app/app/', false],
    ]);
  });

  test('mounts, ADD, URLs, --from and heredocs', () => {
    const model = parseDockerfile(
      doc(
        'FROM alpine AS tools',
        'FROM debian',
        'ADD https://example.com/x.tgz git@github.com:o/r.git local.tgz /opt/',
        'COPY --from=tools /bin/sh /bin/sh',
        'COPY <<EOF ./conf',
        'x',
        'EOF',
        'RUN --mount=type=bind,source=$SRC,target=/w --mount=type=cache,target=/c make',
      ),
    );
    const sources = contextSources(model);
    expect(sources.map((s) => [s.kind, s.line, s.value, s.destination, s.destinationFromImage, s.unresolved])).toEqual([
      ['add', 3, 'local.tgz', '/opt/', false, []],
      ['mount', 8, '', '/w', false, ['SRC']],
    ]);
  });

  test('COPY --parents and --exclude are carried to the source', () => {
    const model = parseDockerfile(readFixture('copy-exclude'));
    expect(contextSources(model)).toMatchObject([
      { source: 'site', excludes: ['*.md', 'drafts'], parents: false, destination: '/usr/share/nginx/html' },
    ]);
  });

  test('an ONBUILD trigger is attributed to the FROM line of the stage it runs in', () => {
    const model = parseDockerfile(doc('FROM a AS base', 'ONBUILD COPY app /app', 'FROM base'));
    expect(contextSources(model).map((s) => [s.stage, s.line, s.onbuild])).toEqual([[1, 3, true]]);
  });
});

const PATHS: (string | SourcePathEntry)[] = [
  'a.txt',
  'b.txt',
  'c.md',
  'dir/x.txt',
  'dir/sub/y.txt',
  'dir2/z.txt',
  { path: 'link', type: 'symlink', linkTarget: 'dir' },
  { path: 'abs', type: 'symlink', linkTarget: '/dir2/z.txt' },
  { path: 'loop', type: 'symlink', linkTarget: 'loop' },
  'src/app/main.py',
  'src/app/util.py',
  'src/lib/x.py',
  'node_modules/p/index.js',
  'node_modules/q/index.js',
  'docs/README.md',
  'docs/guide.md',
  'docs/img/a.png',
  { path: 'empty', type: 'dir' },
];

function source(value: string, extra: Partial<ContextSource> = {}): ContextSource {
  return {
    stage: 0,
    line: 1,
    kind: 'copy',
    source: value,
    value,
    normalized: value,
    destination: '/dst/',
    destinationFromImage: false,
    excludes: [],
    parents: false,
    unresolved: [],
    onbuild: false,
    ...extra,
  };
}

describe('selectSources', () => {
  test.for([
    // [source, extra, roots, matched, missing]
    ['*.txt', {}, ['a.txt', 'b.txt'], ['a.txt', 'b.txt'], false],
    ['dir', {}, ['dir'], ['dir', 'dir/sub', 'dir/sub/y.txt', 'dir/x.txt'], false],
    ['./dir/', {}, ['dir'], ['dir', 'dir/sub', 'dir/sub/y.txt', 'dir/x.txt'], false],
    ['dir/*', {}, ['dir/sub', 'dir/x.txt'], ['dir/sub', 'dir/sub/y.txt', 'dir/x.txt'], false],
    // filepath.Match: `*` never crosses "/", and `**` is just two stars.
    ['*/x.txt', {}, ['dir/x.txt'], ['dir/x.txt'], false],
    ['**/*.txt', {}, ['dir/x.txt', 'dir2/z.txt'], ['dir/x.txt', 'dir2/z.txt'], false],
    ['d?r*', {}, ['dir', 'dir2'], ['dir', 'dir/sub', 'dir/sub/y.txt', 'dir/x.txt', 'dir2', 'dir2/z.txt'], false],
    ['[ab].txt', {}, ['a.txt', 'b.txt'], ['a.txt', 'b.txt'], false],
    ['[]a].txt', {}, [], [], false],
    [
      'src/*/*.py',
      {},
      ['src/app/main.py', 'src/app/util.py', 'src/lib/x.py'],
      ['src/app/main.py', 'src/app/util.py', 'src/lib/x.py'],
      false,
    ],
    // Symlinks are followed for the source itself and on the way to it.
    ['link', {}, ['link'], ['dir', 'dir/sub', 'dir/sub/y.txt', 'dir/x.txt', 'link'], false],
    ['link/x.txt', {}, ['link/x.txt'], ['dir/x.txt', 'link'], false],
    ['link/*.txt', {}, ['dir/x.txt'], ['dir/x.txt', 'link'], false],
    ['abs', {}, ['abs'], ['abs', 'dir2/z.txt'], false],
    ['loop', {}, ['loop'], [], true],
    // A wildcard that matches nothing copies nothing (AllowEmptyWildcard); a missing directory fails.
    ['nothing*', {}, [], [], false],
    ['missing.txt', {}, ['missing.txt'], [], true],
    ['nodir/*.txt', {}, [], [], true],
    ['a.txt/*', {}, [], [], false],
    ['empty', {}, ['empty'], ['empty'], false],
    // --exclude is relative to each copied root; a root itself is never excluded.
    ['docs', { excludes: ['*.md'] }, ['docs'], ['docs', 'docs/img', 'docs/img/a.png'], false],
    ['docs', { excludes: ['img'] }, ['docs'], ['docs', 'docs/README.md', 'docs/guide.md'], false],
    [
      'docs/*.md',
      { excludes: ['*.md'] },
      ['docs/README.md', 'docs/guide.md'],
      ['docs/README.md', 'docs/guide.md'],
      false,
    ],
    [
      'node_modules',
      { excludes: ['*', '!q'] },
      ['node_modules'],
      ['node_modules', 'node_modules/q', 'node_modules/q/index.js'],
      false,
    ],
    [
      'node_modules',
      { excludes: ['*/index.js'] },
      ['node_modules'],
      ['node_modules', 'node_modules/p', 'node_modules/q'],
      false,
    ],
    // --parents: the include pattern decides what is copied, parents are created on demand.
    ['src/*/main.py', { parents: true }, [''], ['src', 'src/app', 'src/app/main.py'], false],
    ['./src/./app/*.py', { parents: true }, ['src'], ['src', 'src/app', 'src/app/main.py', 'src/app/util.py'], false],
    ['src/./lib', { parents: true }, ['src'], ['src', 'src/lib', 'src/lib/x.py'], false],
    ['src/./nope.py', { parents: true }, ['src'], ['src'], true],
    // RUN --mount=type=bind: no wildcards, the whole subtree.
    ['dir2', { kind: 'mount' }, ['dir2'], ['dir2', 'dir2/z.txt'], false],
    ['*.txt', { kind: 'mount' }, ['*.txt'], [], true],
  ] as [string, Partial<ContextSource>, string[], string[], boolean][])(
    '%s %j',
    ([value, extra, roots, matched, missing]) => {
      expect(selectSources(source(value, extra), PATHS)).toEqual({ roots, matched, missing, patternError: null });
    },
  );

  test.for([
    [['['], 'syntax error in pattern'],
    [['!'], 'illegal exclusion pattern: "!"'],
    [['foo\\q'], 'syntax error in pattern'],
  ] as [string[], string][])('a bad --exclude %j fails the copy', ([excludes, message]) => {
    expect(selectSources(source('docs', { excludes }), PATHS)).toEqual({
      roots: [],
      matched: [],
      missing: false,
      patternError: message,
    });
  });

  test('the whole context', () => {
    const all = selectSources(source('.'), PATHS);
    expect(all.roots).toEqual(['']);
    expect(all.matched).toContain('node_modules/q/index.js');
    expect(all.matched).toContain('loop');
    expect(all.missing).toBe(false);
  });

  test('entries without their parents: the selection adds them, the shared path index keeps what was listed', () => {
    // The walk lists every parent; a caller's list may not. The tree then copies the shared index
    // (pathIndexOf, which the check model reads as entryByPath) before it adds a directory.
    const entries = [
      { path: 'a/b/c.txt', type: 'file' as const },
      { path: 'f', type: 'file' as const },
      { path: 'f/g.txt', type: 'file' as const },
    ];
    const index = pathIndexOf(entries);
    expect(selectSources(source('a'), entries)).toEqual({
      roots: ['a'],
      matched: ['a', 'a/b', 'a/b/c.txt'],
      missing: false,
      patternError: null,
    });
    // A file with something listed below it is a directory to the selection.
    expect(selectSources(source('f/*.txt'), entries).roots).toEqual(['f/g.txt']);
    expect(pathIndexOf(entries)).toBe(index);
    expect([...index.keys()]).toEqual(['a/b/c.txt', 'f', 'f/g.txt']);
    expect(index.get('f')!.type).toBe('file');
  });
});

describe('what a COPY takes once the ignore file has run', () => {
  test('copy-ignored: an ignored literal source fails, an ignored wildcard copies nothing', () => {
    const model = parseDockerfile(readFixture('copy-ignored'));
    const all = listFixture('copy-ignored');
    const sent = applyIgnore(all, readFixture('copy-ignored', '.dockerignore'));
    const results = contextSources(model).map(
      (s) => [s.source, selectSources(s, all).matched, selectSources(s, sent)] as const,
    );
    expect(results).toEqual([
      [
        'config/settings.json',
        ['config/settings.json'],
        { roots: ['config/settings.json'], matched: [], missing: true, patternError: null },
      ],
      ['secrets/*.pem', ['secrets/server.pem'], { roots: [], matched: [], missing: false, patternError: null }],
      [
        'bin/',
        ['bin', 'bin/tool'],
        { roots: ['bin'], matched: ['bin', 'bin/tool'], missing: false, patternError: null },
      ],
    ]);
  });

  test('dockerfile-specific-ignore: which ignore file applies changes what COPY site/ takes', () => {
    const model = parseDockerfile(readFixture('dockerfile-specific-ignore', 'app.Dockerfile'));
    const [site] = contextSources(model);
    const all = listFixture('dockerfile-specific-ignore');
    const specific = applyIgnore(all, readFixture('dockerfile-specific-ignore', 'app.Dockerfile.dockerignore'));
    const root = applyIgnore(all, readFixture('dockerfile-specific-ignore', '.dockerignore'));
    expect(selectSources(site!, specific)).toEqual({
      roots: ['site'],
      matched: ['site', 'site/index.html'],
      missing: false,
      patternError: null,
    });
    expect(selectSources(site!, root).missing).toBe(true);
  });

  test('copy-exclude and copy-parents on the fixture trees', () => {
    const exclude = parseDockerfile(readFixture('copy-exclude'));
    // --exclude patterns are anchored like .dockerignore ones: `*.md` is README.md, not css/NOTES.md.
    expect(selectSources(contextSources(exclude)[0]!, listFixture('copy-exclude')).matched).toEqual([
      'site',
      'site/css',
      'site/css/NOTES.md',
      'site/css/main.css',
      'site/index.html',
    ]);
    const parents = parseDockerfile(readFixture('copy-parents'));
    expect(contextSources(parents).map((s) => selectSources(s, listFixture('copy-parents')).matched)).toEqual([
      [
        'services',
        'services/api',
        'services/api/requirements.txt',
        'services/worker',
        'services/worker/requirements.txt',
      ],
      ['src', 'src/pkg', 'src/pkg/__init__.py', 'src/pkg/core.py'],
    ]);
  });
});

describe('selections kept per tree', () => {
  // One entry list, so one tree: selections are kept there by what select() reads of a source.
  const paths: SourcePathEntry[] = [
    { path: 'docs', type: 'dir' },
    { path: 'docs/a.md', type: 'file' },
    { path: 'docs/b.txt', type: 'file' },
    { path: 'link', type: 'symlink', linkTarget: 'docs' },
  ];
  const sourcesOf = (...lines: string[]): ContextSource[] =>
    contextSources(parseDockerfile(doc('# syntax=docker/dockerfile:1.7-labs', 'FROM x', ...lines)));

  test('sources that differ in excludes, --parents or kind are selected each on their own', () => {
    const [plain, excluding, parents] = sourcesOf(
      'COPY docs/ /a/',
      'COPY --exclude=*.md docs/ /b/',
      'COPY --parents docs/*.md /c/',
    );
    const [mount] = sourcesOf('RUN --mount=type=bind,source=link,target=/m true');
    expect(selectSources(plain!, paths).matched).toEqual(['docs', 'docs/a.md', 'docs/b.txt']);
    expect(selectSources(excluding!, paths).matched).toEqual(['docs', 'docs/b.txt']);
    expect(selectSources(parents!, paths).matched).toEqual(['docs', 'docs/a.md']);
    expect(selectSources(mount!, paths).roots).toEqual(['link']);
    // The same text with --parents copies from the context root, keeping the path.
    const [plainDocs, parentsDocs] = sourcesOf('COPY docs/ /a/', 'COPY --parents docs/ /c/');
    expect(selectSources(plainDocs!, paths).roots).toEqual(['docs']);
    expect(selectSources(parentsDocs!, paths).roots).toEqual(['']);
    // A bind mount takes its source literally, where COPY expands the wildcard.
    const [copyGlob] = sourcesOf('COPY do*s /d/');
    const [mountGlob] = sourcesOf('RUN --mount=type=bind,source=do*s,target=/m true');
    expect(selectSources(copyGlob!, paths).roots).toEqual(['docs']);
    expect(selectSources(mountGlob!, paths)).toMatchObject({ roots: ['do*s'], missing: true });
    // Asked again (new objects from a second contextSources), the same answers.
    const again = sourcesOf('COPY --exclude=*.md docs/ /b/');
    expect(selectSources(again[0]!, paths).matched).toEqual(['docs', 'docs/b.txt']);
    expect(selectSources(plain!, paths).matched).toEqual(['docs', 'docs/a.md', 'docs/b.txt']);
  });
});
