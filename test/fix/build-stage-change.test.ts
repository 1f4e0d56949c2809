// build-in-stage, proven by applying it: the foreign-binary finding on a host-built program the
// Dockerfile copies by name carries `data.dockerfileChange`; its edits go into the Dockerfile, the
// context is analysed again, and then no COPY takes the host's file, no COPY source is missing or
// ignored, and `fix` may keep the host's file out with an ignore line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { parseDockerfile } from '../../src/dockerfile/parse-dockerfile.js';
import { applyDockerfileChange } from '../../src/fix/dockerfile-change.js';
import { planContextFix } from '../../src/fix/fix.js';
import type { DockerfileChange, Finding } from '../../src/types.js';
import { makeTree, type TreeSpec } from '../helpers/make-tree.js';

const MACHO = fs.readFileSync(fileURLToPath(new URL('../../fixtures/binaries/macho-arm64-exe', import.meta.url)));
const exe = { content: MACHO, mode: 0o755 };
const BROKEN = ['copy-source-missing', 'copy-source-ignored'];

const foreign = (findings: readonly Finding[], p: string): Finding | undefined =>
  findings.find((f) => f.check === 'foreign-binary' && (f.path === p || (f.data.examples as string[]).includes(p)));

/** Context paths the target's COPY/ADD instructions name (not `.`), after the change. */
function namedCopySources(dockerfile: string): string[] {
  const dm = parseDockerfile(dockerfile, {});
  const target = dm.stages[dm.target!]!;
  return target.instructions.flatMap((i) =>
    i.copy !== undefined && i.copy.from === null ? i.copy.sources.map((s) => s.value) : [],
  );
}

async function applyAndReanalyse(
  spec: TreeSpec,
  binary: string,
): Promise<{ change: DockerfileChange; dockerfile: string; before: Finding }> {
  const dir = makeTree(spec);
  const report = await analyze({ context: dir });
  const before = foreign(report.findings, binary)!;
  expect(before, 'a foreign-binary finding').toBeDefined();
  expect(before.severity).toBe('error');
  expect(before.data.ignoreLines, 'no ignore line: the COPY names it').toEqual([]);
  const change = before.data.dockerfileChange as DockerfileChange;
  expect(change.kind).toBe('build-in-stage');
  expect(before.data.dockerfileFix).toBe(change.summary);
  const file = path.join(dir, 'Dockerfile');
  const dockerfile = applyDockerfileChange(fs.readFileSync(file, 'utf8'), change);
  fs.writeFileSync(file, dockerfile);

  // The COPY no longer takes the host's file; nothing it needs is missing or ignored.
  expect(namedCopySources(dockerfile)).not.toContain(binary);
  const after = await analyze({ context: dir });
  expect(after.findings.filter((f) => BROKEN.includes(f.check))).toEqual([]);
  const stillError = foreign(after.findings, binary);
  expect(stillError?.severity ?? 'none', 'the image no longer runs the host build').not.toBe('error');
  // Now an ignore line may keep the host's build out of the context altogether.
  const fixed = await planContextFix({ context: dir });
  expect(fixed.after.findings.filter((f) => BROKEN.includes(f.check))).toEqual([]);
  expect(foreign(fixed.after.findings, binary)).toBeUndefined();
  return { change, dockerfile, before };
}

describe('build-in-stage', () => {
  test('Go: a Mach-O built on the Mac becomes a golang stage with CGO_ENABLED=0 GOOS=linux', async () => {
    const { change, dockerfile } = await applyAndReanalyse(
      {
        Dockerfile:
          'FROM alpine:3.20\nRUN apk add --no-cache ca-certificates\nCOPY app /usr/local/bin/app\nENTRYPOINT ["app"]\n',
        'go.mod': 'module example.com/app\n\ngo 1.22.3\n',
        'go.sum': '',
        'main.go': 'package main\n\nfunc main() {}\n',
        app: exe,
      },
      'app',
    );
    expect(change).toMatchObject({
      tool: 'go',
      edits: [
        { line: 3, deleteCount: 1 },
        { line: 1, deleteCount: 0 },
      ],
    });
    expect(dockerfile).toBe(
      [
        'FROM golang:1.22 AS go-build',
        'WORKDIR /src',
        'COPY go.mod go.sum ./',
        'RUN go mod download',
        'COPY . .',
        'RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/app .',
        '',
        'FROM alpine:3.20',
        'RUN apk add --no-cache ca-certificates',
        'COPY --from=go-build /out/app /usr/local/bin/app',
        'ENTRYPOINT ["app"]',
        '',
      ].join('\n'),
    );
  });

  test('Go on arm/v7, a cmd/<name> main package, a COPY with other sources and --chown', async () => {
    const { dockerfile } = await applyAndReanalyse(
      {
        Dockerfile:
          'FROM --platform=linux/arm/v7 debian:bookworm-slim\nCOPY --chown=1000 config.yml bin/server /srv/\nCMD ["/srv/server"]\n',
        'go.mod': 'module example.com/server\n\ngo 1.23\n',
        'cmd/server/main.go': 'package main\n\nfunc main() {}\n',
        'config.yml': 'port: 80\n',
        'bin/server': exe,
      },
      'bin/server',
    );
    expect(dockerfile).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux GOARCH=arm GOARM=7 go build -o /out/server ./cmd/server\n',
    );
    expect(dockerfile).toContain(
      'COPY --chown=1000 config.yml /srv/\nCOPY --from=go-build --chown=1000 /out/server /srv/\n',
    );
  });

  test('Rust: target/release/<name> from cargo on the host becomes a rust stage for the image glibc', async () => {
    const { change, dockerfile } = await applyAndReanalyse(
      {
        Dockerfile:
          'FROM debian:bullseye-slim\nWORKDIR /app\nCOPY target/release/web ./web\nEXPOSE 8080\nCMD ["./web"]\n',
        'Cargo.toml': '[package]\nname = "web"\nversion = "0.1.0"\nedition = "2021"\n',
        'Cargo.lock': 'version = 3\n',
        'src/main.rs': 'fn main() {}\n',
        'target/release/web': exe,
      },
      'target/release/web',
    );
    expect(change.tool).toBe('rust');
    // bullseye's glibc is 2.31: a binary linked on bookworm (2.36) would not start there.
    expect(dockerfile).toBe(
      [
        'FROM rust:1-bullseye AS rust-build',
        'WORKDIR /src',
        'COPY . .',
        'RUN cargo build --release --locked --target-dir /out/target',
        '',
        'FROM debian:bullseye-slim',
        'WORKDIR /app',
        'COPY --from=rust-build /out/target/release/web ./web',
        'EXPOSE 8080',
        'CMD ["./web"]',
        '',
      ].join('\n'),
    );
  });

  test('C with a Makefile on Alpine: a musl build-base stage, make -B', async () => {
    const { dockerfile } = await applyAndReanalyse(
      {
        Dockerfile: 'FROM alpine:3.20 AS runtime\nWORKDIR /opt\nCOPY tools/probe /usr/local/bin/probe\nCMD ["probe"]\n',
        'tools/Makefile': 'probe: probe.c\n\tcc -o probe probe.c\n',
        'tools/probe.c': 'int main(void) { return 0; }\n',
        'tools/probe': exe,
      },
      'tools/probe',
    );
    expect(dockerfile).toContain(
      'FROM alpine:3 AS c-build\nWORKDIR /src\nCOPY tools/ .\nRUN apk add --no-cache build-base\nRUN make -B probe && install -D probe /out/probe\n\nFROM alpine:3.20 AS runtime\n',
    );
    expect(dockerfile).toContain('COPY --from=c-build /out/probe /usr/local/bin/probe\n');
  });

  test('Rust on Alpine: rust:1-alpine with musl-dev; C from one source file on Debian: cc', async () => {
    const rust = await applyAndReanalyse(
      {
        Dockerfile: 'FROM alpine:3.20\nCOPY target/release/cli /usr/local/bin/cli\nENTRYPOINT ["cli"]\n',
        'Cargo.toml': '[package]\nname = "cli"\nversion = "0.1.0"\n',
        'src/main.rs': 'fn main() {}\n',
        'target/release/cli': exe,
      },
      'target/release/cli',
    );
    expect(rust.dockerfile).toContain(
      'FROM rust:1-alpine AS rust-build\nWORKDIR /src\nCOPY . .\nRUN apk add --no-cache musl-dev && cargo build --release --target-dir /out/target\n',
    );
    const c = await applyAndReanalyse(
      {
        Dockerfile: 'FROM debian:bookworm-slim\nCOPY hello /usr/local/bin/hello\nCMD ["hello"]\n',
        'hello.c': 'int main(void) { return 0; }\n',
        hello: exe,
      },
      'hello',
    );
    expect(c.dockerfile).toContain('FROM debian:bookworm-slim AS c-build\nWORKDIR /src\nCOPY hello.c .\n');
    expect(c.dockerfile).toContain('RUN mkdir /out && cc -O2 -o /out/hello hello.c\n');
    expect(c.dockerfile).toContain('COPY --from=c-build /out/hello /usr/local/bin/hello\n');
  });

  test.for([
    [
      'nothing in the context builds it',
      { Dockerfile: 'FROM alpine:3.20\nCOPY app /usr/local/bin/app\nCMD ["app"]\n', app: exe },
    ],
    [
      'a later instruction names a stage by index that the new stage would renumber',
      {
        Dockerfile: 'FROM alpine:3.20\nCOPY app /app\nFROM alpine:3.20\nCOPY --from=0 /app /app\nCMD ["/app"]\n',
        'go.mod': 'module x\n\ngo 1.22\n',
        'main.go': 'package main\n',
        app: exe,
      },
    ],
    [
      'the Go sources are kept out by the ignore file',
      {
        Dockerfile: 'FROM alpine:3.20\nCOPY app /usr/local/bin/app\nCMD ["app"]\n',
        '.dockerignore': '*.go\n',
        'go.mod': 'module x\n\ngo 1.22\n',
        'main.go': 'package main\n',
        app: exe,
      },
    ],
  ] as const)('no change when %s', async ([, spec]) => {
    const report = await analyze({ context: makeTree(spec as TreeSpec) });
    const f = report.findings.find((x) => x.check === 'foreign-binary');
    expect(f).toBeDefined();
    expect(f!.data.dockerfileChange).toBeUndefined();
  });
});
