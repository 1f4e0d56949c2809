// Stages, flags, ARG/ENV/WORKDIR evaluation and the COPY/ADD/RUN --mount values, checked
// against BuildKit's dockerfile2llb and instructions packages (rules cited in the source).
import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/parse-dockerfile.js';
import type { ParseOptions } from '../../src/dockerfile/model.js';
import { reachableStages } from '../../src/dockerfile/stage-graph.js';

const doc = (...lines: string[]): string => lines.join('\n') + '\n';

describe('stages', () => {
  test.for([
    {
      name: 'names are lower-cased; FROM <stage> matches only an earlier stage, exactly',
      text: doc(
        'FROM alpine AS Builder',
        'FROM builder AS b',
        'FROM Builder AS c',
        'FROM scratch',
        'FROM later',
        'FROM alpine AS later',
      ),
      want: [
        { name: 'builder', base: 'alpine', baseStage: null, isScratch: false },
        { name: 'b', base: 'builder', baseStage: 0, isScratch: false },
        { name: 'c', base: 'Builder', baseStage: null, isScratch: false },
        { name: null, base: 'scratch', baseStage: null, isScratch: true },
        { name: null, base: 'later', baseStage: null, isScratch: false },
        { name: 'later', base: 'alpine', baseStage: null, isScratch: false },
      ],
    },
    {
      name: 'global ARGs: defaults, build args, and ARGs that reference earlier ones',
      text: doc(
        'ARG REG=docker.io',
        'ARG IMG=$REG/library/python',
        'ARG TAG',
        'FROM ${IMG}:${TAG:-3.12}-slim',
        'FROM ${UNSET:-busybox}',
      ),
      opts: { buildArgs: { REG: 'ghcr.io' } },
      want: [
        { name: null, base: 'ghcr.io/library/python:3.12-slim', baseStage: null, isScratch: false },
        { name: null, base: 'busybox', baseStage: null, isScratch: false },
      ],
    },
  ] as { name: string; text: string; opts?: ParseOptions; want: unknown[] }[])('$name', ({ text, opts, want }) => {
    const m = parseDockerfile(text, opts);
    expect(m.problems).toEqual([]);
    expect(
      m.stages.map((s) => ({ name: s.name, base: s.base.value, baseStage: s.baseStage, isScratch: s.isScratch })),
    ).toEqual(want);
  });

  test('FROM --platform is kept raw and substituted; platform ARGs are unresolved unless given', () => {
    const text = doc('FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'FROM --platform=${TARGETPLATFORM} alpine');
    const unknown = parseDockerfile(text);
    expect(unknown.stages.map((s) => s.platform)).toEqual([
      { raw: '$BUILDPLATFORM', value: '', unresolved: ['BUILDPLATFORM'] },
      { raw: '${TARGETPLATFORM}', value: '', unresolved: ['TARGETPLATFORM'] },
    ]);
    const known = parseDockerfile(text, { platform: 'linux/arm64', buildPlatform: 'linux/amd64' });
    expect(known.stages.map((s) => s.platform?.value)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(known.problems).toEqual([]);
    // containerd normalisation: linux/arm carries its implied variant.
    const arm = parseDockerfile(
      doc('FROM scratch', 'ARG TARGETPLATFORM TARGETARCH TARGETVARIANT', 'COPY bin/$TARGETARCH$TARGETVARIANT /b'),
      { platform: 'linux/arm' },
    );
    expect(arm.stages[0]!.instructions[0]!.arg!.map((a) => a.value)).toEqual(['linux/arm/v7', 'arm', 'v7']);
    expect(arm.stages[0]!.instructions[1]!.copy!.sources[0]).toEqual({
      raw: 'bin/$TARGETARCH$TARGETVARIANT',
      value: 'bin/armv7',
      unresolved: [],
    });
    const none = parseDockerfile(
      doc('FROM scratch', 'ARG TARGETARCH TARGETVARIANT', 'COPY bin/$TARGETARCH$TARGETVARIANT /b'),
    );
    expect(none.stages[0]!.instructions[1]!.copy!.sources[0]!.unresolved).toEqual(['TARGETARCH', 'TARGETVARIANT']);
  });

  test('target: --target by name (any case), else the last stage', () => {
    const text = doc('FROM a AS dev', 'FROM b AS prod');
    expect(parseDockerfile(text).target).toBe(1);
    expect(parseDockerfile(text, { target: 'DEV' }).target).toBe(0);
    const missing = parseDockerfile(text, { target: 'test' });
    expect(missing.target).toBeNull();
    expect(missing.problems).toEqual([{ line: 1, message: 'target stage "test" could not be found' }]);
  });

  test.for([
    ['FROM a AS 1st', 2, 'invalid name for build stage: "1st", name can\'t start with a number or contain symbols'],
    ['FROM a b', 2, 'FROM requires either one or three arguments'],
    ['FROM ${NOPE}', 2, 'base name (${NOPE}) should not be blank'],
    ['RUN echo', 2, 'no build stage in current context'],
    ['FROM a\nFROOM b', 3, 'unknown instruction: FROOM'],
    ['FROM a\nCOPY --form=x a b', 3, 'unknown flag: form'],
    ['FROM a\nCOPY --link=maybe a b', 3, 'expecting boolean value for flag link, not: maybe'],
    ['FROM a\nCOPY --from a b', 3, 'missing a value on flag: from'],
    ['FROM a\nCOPY --chown=1 --chown=2 a b', 3, 'duplicate flag specified: chown'],
    [
      'FROM a\nCOPY onlyone',
      3,
      'COPY requires at least two arguments, but only one was provided. Destination could not be determined',
    ],
    ['FROM a\nCOPY a <<EOF\nbody\nEOF', 3, 'COPY cannot accept a heredoc as a destination'],
    ['FROM a\nCOPY a <<EOF', 3, 'unterminated heredoc'],
    ['FROM a\nONBUILD ONBUILD RUN x', 3, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"],
    [
      'FROM a\nRUN --mount=type=bind,from=$X true',
      3,
      "'from' doesn't support variable expansion, define alias stage instead",
    ],
    [
      'FROM a\nRUN --mount=type=bind,src=a\\"b,target=/x true',
      3,
      'failed to parse csv mounts: bare " in non-quoted-field',
    ],
  ] as const)('%s fails: %s', ([body, line, message]) => {
    const m = parseDockerfile(`ARG X\n${body}\n`);
    expect(m.problems.map((p) => p.message.replace(/^dockerfile parse error on line \d+: /, ''))).toEqual([message]);
    expect(m.problems[0]!.line).toBe(line);
  });
});

describe('reachability', () => {
  const text = doc(
    'FROM golang AS deps', //                     0
    'FROM deps AS build', //                      1: base deps
    'COPY --from=assets /a /a', //                   needs assets (by name, defined later)
    'FROM node AS assets', //                      2
    'FROM alpine AS unused', //                    3
    'FROM alpine AS tools', //                     4
    'FROM build AS test', //                       5: base build
    'RUN --mount=type=bind,from=tools,target=/t true', // needs tools
    'FROM scratch AS final', //                    6
    'COPY --from=1 /bin/app /app', //              needs stage index 1
  );
  test.for([
    [undefined, [0, 1, 2, 6]],
    ['test', [0, 1, 2, 4, 5]],
    ['unused', [3]],
    [2, [2]],
    ['missing', []],
  ] as const)('target %s', ([target, want]) => {
    const m = parseDockerfile(text);
    expect(reachableStages(m, target)).toEqual(want);
  });

  test('COPY --from a later stage fails only when that COPY is built', () => {
    expect(parseDockerfile(text).problems).toEqual([
      { line: 3, message: 'cannot copy from stage "assets", it needs to be defined before current stage "build"' },
    ]);
    expect(parseDockerfile(text, { target: 'assets' }).problems).toEqual([]);
  });

  test('dependency cycles fail the build', () => {
    const m = parseDockerfile(doc('FROM a AS x', 'COPY --from=y /a /a', 'FROM b AS y', 'COPY --from=x /b /b'));
    expect(m.problems.map((p) => p.message)).toContain('circular dependency detected on stage: x');
  });

  test('COPY --from: no variables, indexes must exist, unknown names are images', () => {
    const m = parseDockerfile(
      doc('FROM a', 'COPY --from=$X /a /a', 'COPY --from=7 /a /a', 'COPY --from=nginx:1 /a /a'),
    );
    expect(m.problems.map((p) => p.message)).toEqual([
      'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround',
      'invalid stage index 7',
    ]);
    expect(m.stages[0]!.instructions[2]!.copy).toMatchObject({ from: 'nginx:1', fromStage: null });
  });

  test('ONBUILD triggers of a base stage run in the child and add its dependencies', () => {
    const m = parseDockerfile(
      doc(
        'FROM alpine AS gen',
        'FROM alpine AS base',
        'ONBUILD COPY --from=gen /out /in',
        'ONBUILD COPY app.py /app/',
        'FROM base',
      ),
    );
    expect(
      m.stages[2]!.triggers.map((t) => ({ keyword: t.keyword, startLine: t.startLine, triggerLine: t.triggerLine })),
    ).toEqual([
      { keyword: 'COPY', startLine: 5, triggerLine: 3 },
      { keyword: 'COPY', startLine: 5, triggerLine: 4 },
    ]);
    expect(reachableStages(m)).toEqual([0, 1, 2]);
    expect(reachableStages(m, 'base')).toEqual([1]);
  });
});

describe('variables', () => {
  test('stage ARGs: build args, defaults, inherited globals; ENV sees values from before the instruction', () => {
    const m = parseDockerfile(
      doc(
        'ARG VERSION=1.0',
        'ARG ONLY_GLOBAL=g',
        'FROM scratch',
        'ARG VERSION',
        'ARG NAME=app-$VERSION OTHER=$NAME',
        'ARG FROMCLI=default',
        'ENV A=1 B=${A:-unset} C="x y"',
        'ENV D $A and $ONLY_GLOBAL',
        'COPY ${NAME}.tar "$C" $FROMCLI /dst/',
      ),
      { buildArgs: { FROMCLI: 'cli' } },
    );
    const s = m.stages[0]!;
    expect(s.instructions[0]!.arg).toEqual([{ key: 'VERSION', default: null, value: '1.0', unresolved: [] }]);
    expect(s.instructions[1]!.arg!.map((a) => a.value)).toEqual(['app-1.0', 'app-1.0']);
    expect(s.instructions[2]!.arg!.map((a) => a.value)).toEqual(['cli']);
    expect(s.instructions[3]!.env!.map((e) => [e.key, e.value.value])).toEqual([
      ['A', '1'],
      ['B', 'unset'],
      ['C', 'x y'],
    ]);
    expect(s.instructions[4]!.env!.map((e) => [e.key, e.value.value])).toEqual([['D', '1 and ']]);
    expect(s.instructions[5]!.copy!.sources.map((w) => w.value)).toEqual(['app-1.0.tar', 'x y', 'cli']);
    expect(m.problems).toEqual([]);
  });

  test('variables a base image may define are unresolved; on scratch they are empty for sure', () => {
    const text = (base: string) =>
      doc(`FROM ${base}`, 'ENV APP=/srv', 'COPY $SRC/*.py $APP/$SUB /x/', 'WORKDIR $HOME/app');
    const image = parseDockerfile(text('python:3.12')).stages[0]!;
    expect(image.instructions[1]!.copy!.sources[0]).toEqual({ raw: '$SRC/*.py', value: '/*.py', unresolved: ['SRC'] });
    expect(image.instructions[1]!.copy!.sources[1]).toEqual({ raw: '$APP/$SUB', value: '/srv/', unresolved: ['SUB'] });
    expect(image.instructions[2]!.workdir).toEqual({
      path: { raw: '$HOME/app', value: '/app', unresolved: ['HOME'] },
      resolved: '/app',
      fromImage: false,
    });
    const scratch = parseDockerfile(text('scratch')).stages[0]!;
    expect(scratch.instructions[1]!.copy!.sources[0]!.unresolved).toEqual([]);
  });

  test.for([
    ['$ONLY_STAGE', ''],
    ['${UNSET:?no way}', 'problem'],
    ['"unterminated', 'problem'],
  ] as const)('expansion errors fail only reachable stages: %s', ([word, expect_]) => {
    const text = doc('FROM scratch AS a', `COPY ${word} /x`, 'FROM scratch AS b');
    expect(parseDockerfile(text).problems).toEqual([]);
    const reached = parseDockerfile(text, { target: 'a' }).problems;
    expect(reached.length > 0).toBe(expect_ === 'problem');
  });
});

describe('WORKDIR and destinations', () => {
  test.for([
    // [WORKDIR lines, COPY destination, destinationPath, fromImage]
    [['WORKDIR /app'], '.', '/app/', false],
    [['WORKDIR /app'], './', '/app/', false],
    [['WORKDIR /app', 'WORKDIR src'], 'lib', '/app/src/lib', false],
    [['WORKDIR /app/'], 'x/', '/app/x/', false],
    [[], '/opt/../srv/', '/srv/', false],
    [[], 'rel', '/rel', true],
    [['WORKDIR sub'], '.', '/sub/', true],
    [['WORKDIR /a', 'WORKDIR ../b'], 'c/.', '/b/c/.', false],
  ] as const)('%j then COPY f %s', ([workdirs, dest, path, fromImage]) => {
    const m = parseDockerfile(doc('FROM debian', ...workdirs, `COPY f ${dest}`));
    const copy = m.stages[0]!.instructions.at(-1)!.copy!;
    expect([copy.destinationPath, copy.destinationFromImage]).toEqual([path, fromImage]);
  });

  test('a stage inherits the WORKDIR of its base stage', () => {
    const m = parseDockerfile(doc('FROM scratch AS base', 'WORKDIR /w', 'FROM base', 'COPY a .'));
    expect(m.stages[1]!.instructions[0]!.copy!.destinationPath).toBe('/w/');
  });
});

describe('COPY, ADD and RUN --mount details', () => {
  test('flags and sources', () => {
    const m = parseDockerfile(
      doc(
        'FROM scratch',
        'COPY --link --chmod=0755 --exclude=*.md --exclude=docs --parents ./app/./src/*.py ./',
        'ADD --checksum=sha256:abc --keep-git-dir=true https://github.com/moby/buildkit.git#v0.13 /src',
        'ADD https://example.com/a.tgz local.tgz /dl/',
        'COPY <<EOF <<-"TWO" notes.txt /etc/',
        'one',
        'EOF',
        '\ttwo',
        'TWO',
      ),
    );
    const [copy, addGit, add, heredoc] = m.stages[0]!.instructions.map((i) => i.copy!);
    expect(copy).toMatchObject({
      link: true,
      chmod: '0755',
      excludes: ['*.md', 'docs'],
      parents: true,
      destinationPath: '/',
    });
    expect(copy!.sources.map((s) => s.value)).toEqual(['./app/./src/*.py']);
    expect(addGit).toMatchObject({ checksum: 'sha256:abc', keepGitDir: true, destinationPath: '/src' });
    expect(add!.sources.map((s) => s.value)).toEqual(['https://example.com/a.tgz', 'local.tgz']);
    expect(heredoc).toMatchObject({ heredocSources: ['EOF', 'TWO'], destinationPath: '/etc/' });
    expect(heredoc!.sources.map((s) => s.value)).toEqual(['notes.txt']);
    expect(m.stages[0]!.instructions[3]!.heredocs.map((h) => h.name)).toEqual(['EOF', 'TWO']);
    expect(m.problems).toEqual([]);
  });

  test.for([
    ['COPY https://example.com/x /x', "source can't be a URL for COPY"],
    ['COPY git@github.com:moby/moby.git /x', "source can't be a git ref for COPY"],
    ['ADD --checksum=sha256:x a b /x', "checksum can't be specified for multiple sources"],
    ['ADD --checksum=sha256:x a /x', 'checksum requires HTTP(S) or Git sources'],
    ['COPY --chmod=789 a /x', "invalid chmod parameter: '789'. it should be octal string and between 0 and 07777"],
  ] as const)('%s fails the build', ([line, message]) => {
    expect(parseDockerfile(doc('FROM scratch', line)).problems).toEqual([{ line: 2, message }]);
  });

  test('mounts: types, defaults, expanded values, relative targets', () => {
    const m = parseDockerfile(
      doc(
        'FROM scratch AS src',
        'FROM debian',
        'ARG CACHE=/root/.cache',
        'WORKDIR /work',
        'RUN --mount=type=cache,target=$CACHE/pip,id=pip,sharing=locked \\',
        '    --mount=type=bind,source=requirements.txt,target=req.txt \\',
        '    --mount=type=bind,from=src,source=/out,target=/in,rw \\',
        '    --mount=type=secret,id=token \\',
        '    --mount=type=tmpfs,target=/tmp \\',
        '    --network=none pip install -r req.txt',
      ),
    );
    const run = m.stages[1]!.instructions[2]!.run!;
    expect(run.network).toBe('none');
    expect(
      run.mounts.map((x) => ({
        type: x.type,
        from: x.from,
        fromStage: x.fromStage,
        source: x.source?.value ?? null,
        targetPath: x.targetPath,
        readOnly: x.readOnly,
      })),
    ).toEqual([
      { type: 'cache', from: null, fromStage: null, source: null, targetPath: '/root/.cache/pip', readOnly: false },
      {
        type: 'bind',
        from: null,
        fromStage: null,
        source: 'requirements.txt',
        targetPath: '/work/req.txt',
        readOnly: true,
      },
      { type: 'bind', from: 'src', fromStage: 0, source: '/out', targetPath: '/in', readOnly: false },
      { type: 'secret', from: null, fromStage: null, source: null, targetPath: null, readOnly: true },
      { type: 'tmpfs', from: null, fromStage: null, source: null, targetPath: '/tmp', readOnly: false },
    ]);
    expect(m.problems).toEqual([]);
  });

  test.for([
    ['type=volume,target=/x', 'unsupported mount type "volume"'],
    ['type=bind,target=/x,uid=0', 'mode, uid and gid are not allowed for "bind" type mounts'],
    ['type=bind,target=/x,sharing=locked', 'invalid cache sharing set for bind mount'],
    ['type=bind,source=a', 'invalid mount target "/"'],
    ['type=bind,target=/x,colour=red', "unexpected key 'colour' in 'colour=red'"],
  ] as const)('--mount=%s fails', ([spec, message]) => {
    expect(parseDockerfile(doc('FROM scratch', `RUN --mount=${spec} true`)).problems).toEqual([{ line: 2, message }]);
  });
});
