// Severity by reach, on small contexts reduced from real projects (fixtures/reach/*): the finding,
// its severity and data.reach are what a careful Docker user would agree with.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyze, analyzeContext as analyzeWithModel } from '../../src/analyze/analyze.js';
import { planContextFix } from '../../src/fix/fix.js';
import { MemoryFileSystem } from '../../src/fs/memory-fs.js';
import { cleanAbs, joinAbs, reachOf, environmentReach } from '../../src/facts/reach.js';
import type { Finding } from '../../src/types.js';
import { analyzeContext } from '../checks/analyze-context.js';
import { REPO } from '../checks/helpers.js';
import { tempDir } from '../helpers/make-tree.js';

const FIXTURES = path.join(REPO, 'fixtures/reach');

async function findingsIn(name: string): Promise<Finding[]> {
  return (await analyze({ context: path.join(FIXTURES, name) })).findings;
}

/** The finding about `p` from `check` (alone or merged into another finding about the same root). */
function about(findings: readonly Finding[], check: string, p: string): Finding {
  const f = findings.find(
    (x) => x.path === p && (x.check === check || (Array.isArray(x.data.checks) && x.data.checks.includes(check))),
  );
  expect(f, `${check} on ${p}`).toBeDefined();
  return f!;
}

describe('fixtures reduced from real projects', () => {
  test('a host .venv copied only into a builder stage is info: sent and copied for nothing', async () => {
    const findings = await findingsIn('builder-venv');
    const venv = about(findings, 'host-environment', '.venv');
    expect(venv.severity).toBe('info');
    expect(venv.data.reach).toBe('build-stage');
    expect(venv.data.checks).toEqual(['foreign-extension-suffix', 'host-environment', 'host-path-link']);
    expect(venv.message).toContain('only into a build stage');
    expect(findings.filter((f) => f.path === '.venv')).toHaveLength(1);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a .venv beside the /venv the image builds is dead weight: a warning with its size', async () => {
    const findings = await findingsIn('dead-venv');
    const venv = about(findings, 'host-environment', '.venv');
    expect(venv.severity).toBe('warning');
    expect(venv.data.reach).toBe('final-image');
    expect(venv.data.imagePath).toBe('/app/.venv');
    expect(venv.message).toMatch(/of dead weight/);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a Mac binary COPYed and run as ENTRYPOINT is an error that says so', async () => {
    const findings = await findingsIn('mac-binary-entrypoint');
    const server = about(findings, 'foreign-binary', 'server');
    expect(server.severity).toBe('error');
    expect(server.data.reach).toBe('executed');
    expect(server.data.imagePath).toBe('/usr/local/bin/server');
    expect(server.message).toContain('ENTRYPOINT (line 4, server) runs it');
    expect(server.message).toContain('exec format error');
  });

  test('a Vite .env of public values copied into the builder stage is info, and its values are never printed', async () => {
    const findings = await findingsIn('vite-env');
    for (const p of ['.env', '.env.production']) {
      const f = about(findings, 'secret-file', p);
      expect(f.severity).toBe('info');
      expect(f.data).toMatchObject({ reach: 'build-stage', publicOnly: true, ignoreLines: [] });
      expect(JSON.stringify(f)).not.toContain('api.example.com');
    }
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a CRLF entrypoint script is an error in the report', async () => {
    const findings = await findingsIn('crlf-entrypoint');
    const f = about(findings, 'crlf-script', 'docker-entrypoint.sh');
    expect(f.severity).toBe('error');
    expect(f.data).toMatchObject({
      reach: 'executed',
      imagePath: '/usr/local/bin/docker-entrypoint.sh',
      usedBy: 'ENTRYPOINT',
      ignoreLines: [],
    });
    expect(f.message).toContain('no such file or directory');
  });

  test('a host-built Go binary that go build -o overwrites in the builder is info; the .env a COPY --from names keeps no ignore line', async () => {
    const findings = await findingsIn('go-host-binary');
    const main = about(findings, 'foreign-binary', 'main');
    expect(main.severity).toBe('info');
    expect(main.data.reach).toBe('build-stage');
    // `go build -o main` in the builder already makes the program the image runs: no stage to add.
    expect(main.data.dockerfileChange).toBeUndefined();
    expect(main.data.dockerfileFix).toBeNull();
    expect(main.data.ignoreLines).toEqual(['/main']);
    expect(main.message).not.toContain('copies it by name');
    const env = about(findings, 'secret-file', '.env');
    expect(env.severity).toBe('error');
    expect(env.data).toMatchObject({ reach: 'final-image', imagePath: '/.env', ignoreLines: [] });
    expect(env.message).toContain('COPY --from=builder /app/.env on line 11 names it');
    expect(JSON.stringify(findings)).not.toContain('example-only');
    // Applied: fix writes no line that removes .env (COPY --from would fail: /app/.env not found).
    const fixed = await planContextFix({ cwd: path.join(FIXTURES, 'go-host-binary'), context: '.' });
    expect(fixed.before.suggestedIgnoreLines).not.toContain('/.env');
    expect(fixed.before.suggestedIgnoreLines).not.toContain('**/.env');
    expect(fixed.after.findings.find((f) => f.path === '.env')?.severity).toBe('error');
  });

  test('cargo-chef with a host target/ and no ignore file: the host build is copied for nothing, the image runs its own', async () => {
    const dir = path.join(tempDir('buildctx-cargo-chef-'), 'cargo-chef');
    fs.cpSync(path.join(REPO, 'fixtures/dockerfiles/cargo-chef'), dir, { recursive: true });
    fs.rmSync(path.join(dir, '.dockerignore'));
    fs.mkdirSync(path.join(dir, 'target/release'), { recursive: true });
    fs.copyFileSync(path.join(REPO, 'fixtures/binaries/macho-arm64-exe'), path.join(dir, 'target/release/hello'));
    const findings = (await analyze({ context: dir })).findings;
    // cargo build --release in the builder writes target/ anew: ENTRYPOINT runs the image's hello, not the Mac one.
    const hello = about(findings, 'foreign-binary', 'target/release/hello');
    expect(hello.severity).toBe('info');
    expect(hello.data.reach).toBe('build-stage');
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    // `cargo chef prepare` needs the whole tree: no install-after-copy.
    expect(findings.map((f) => f.check)).not.toContain('install-after-copy');
  });

  test('a monorepo root without a Dockerfile makes no claim about an image and points to scan --all', async () => {
    const findings = await findingsIn('monorepo-root');
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    const venv = about(findings, 'host-environment', '.venv');
    expect(venv.severity).toBe('warning');
    expect(venv.data.reach).toBe('no-dockerfile');
    expect(venv.message).toContain('COPY . .');
    expect(venv.message).toContain('buildctx scan --all');
    for (const f of findings) expect(f.message).not.toMatch(/the image is linux/);
    expect(about(findings, 'secret-file', '.env').data.reach).toBe('no-dockerfile');
  });
});

describe('reach through the Dockerfile', () => {
  const files = {
    'app/main.py': 'print(1)\n',
    'bin/tool': '#!/bin/sh\n',
    'scripts/build.sh': '#!/bin/sh\n',
    '.venv/bin/python': 'x',
    '.venv/lib/python3.12/site-packages/x.py': 'x',
    'notes.txt': 'x',
  };

  async function model(dockerfile: string) {
    const nodes = Object.entries({ ...files, Dockerfile: dockerfile }).map(([p, content]) => ({
      path: p,
      type: 'file' as const,
      content,
    }));
    return (
      await analyzeWithModel({ fs: new MemoryFileSystem(nodes, '/ctx'), cwd: '/ctx', context: '.', sniff: false })
    ).model;
  }

  test.for([
    ['FROM alpine\nCOPY app /app\n', 'notes.txt', 'not-requested'],
    ['FROM alpine AS a\nCOPY . /src\nFROM alpine\nCOPY --from=a /src/app /app\n', 'notes.txt', 'build-stage'],
    ['FROM alpine AS a\nCOPY . /src\nFROM alpine\nCOPY --from=a /src/app /app\n', 'app/main.py', 'final-image'],
    ['FROM alpine AS a\nCOPY . /src\nFROM a\n', 'notes.txt', 'final-image'],
    ['FROM alpine\nWORKDIR /srv\nCOPY . .\nCMD ["python", "app/main.py"]\n', 'app/main.py', 'loaded'],
    ['FROM alpine\nCOPY bin/ /usr/local/bin/\nCMD tool --serve\n', 'bin/tool', 'executed'],
    ['FROM alpine\nWORKDIR /src\nCOPY scripts scripts\nRUN ./scripts/build.sh\n', 'scripts/build.sh', 'executed'],
    ['FROM alpine\nRUN ./scripts/build.sh\nWORKDIR /src\nCOPY scripts scripts\n', 'scripts/build.sh', 'final-image'],
    ['FROM alpine\nRUN --mount=type=bind,source=notes.txt,target=/n cat /n\n', 'notes.txt', 'build-stage'],
  ] as const)('%j: %s is %s', async ([dockerfile, p, expected]) => {
    expect(reachOf(await model(dockerfile), p).reach).toBe(expected);
  });

  test.for([
    // CMD's python is the venv's own: the strongest reach is its file's, executed.
    [
      'FROM python:3.12\nWORKDIR /app\nCOPY . .\nENV PATH="/app/.venv/bin:$PATH"\nCMD ["python", "app/main.py"]\n',
      'executed',
    ],
    [
      'FROM python:3.12\nWORKDIR /app\nCOPY . .\nENV PATH="/app/.venv/bin:$PATH"\nCMD ["gunicorn", "app:app"]\n',
      'final-image',
    ],
    ['FROM python:3.12\nWORKDIR /app\nCOPY . .\nENV VIRTUAL_ENV=/app/.venv\nCMD ["python", "app/main.py"]\n', 'loaded'],
    ['FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD ["uv", "run", "app/main.py"]\n', 'loaded'],
    [
      'FROM python:3.12\nRUN python -m venv /venv\nENV PATH="/venv/bin:$PATH"\nWORKDIR /app\nCOPY . .\nCMD ["python", "app/main.py"]\n',
      'final-image',
    ],
    [
      'FROM python:3.12\nWORKDIR /app\nCOPY . .\nENV PATH="/usr/local/bin:/app/.venv/bin"\nCMD ["python", "app/main.py"]\n',
      'final-image',
    ],
    // uv removes a project environment it cannot use and creates its own: the host's stays only as bytes in the COPY layer.
    [
      'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\nENV PATH="/app/.venv/bin:$PATH"\nCMD ["python", "app/main.py"]\n',
      'final-image',
    ],
    // …and a builder's recreated .venv copied on is the builder's, not the host's.
    [
      'FROM python:3.12 AS build\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\nFROM python:3.12-slim\nCOPY --from=build /app/.venv /app/.venv\nENV PATH="/app/.venv/bin:$PATH"\nCMD ["python", "-m", "app"]\n',
      'build-stage',
    ],
    [
      'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN rm -rf .venv && python -m venv .venv\nENV PATH="/app/.venv/bin:$PATH"\nCMD ["python", "app/main.py"]\n',
      'final-image',
    ],
  ] as const)('the venv of %j is %s', async ([dockerfile, expected]) => {
    const m = await model(dockerfile);
    expect(
      environmentReach(m, '.venv', ['.venv/bin/python', '.venv/lib/python3.12/site-packages/x.py'], 'python').reach,
    ).toBe(expected);
  });
});

describe('node_modules in a stage', () => {
  const spec = (dockerfile: string) => ({
    Dockerfile: dockerfile,
    'package.json': '{"name":"x"}',
    'node_modules/left-pad/index.js': 'module.exports = 1',
  });

  test.for([
    ['FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\nCOPY . .\nRUN npm run build\n', 'loaded'],
    ['FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n', 'final-image'],
    [
      'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nFROM nginx\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
      'build-stage',
    ],
  ] as const)('%j: node_modules is %s', async ([dockerfile, expected]) => {
    const report = await analyzeContext(spec(dockerfile));
    const f = report.findings.find((x) => x.path === 'node_modules');
    expect(f?.data.reach).toBe(expected);
  });
});

test('the fixtures carry no file another project owns: binaries are copies of fixtures/binaries', () => {
  const macho = fs.readFileSync(path.join(REPO, 'fixtures/binaries/macho-arm64-exe'));
  for (const file of ['mac-binary-entrypoint/server', 'go-host-binary/main'])
    expect(fs.readFileSync(path.join(FIXTURES, file)).equals(macho)).toBe(true);
});

describe('joinAbs', () => {
  test('equals cleaning the joined text, for any directory and relative part', () => {
    const part = fc.constantFrom('a', 'bc', '.', '..', '', '.a', 'a.', '...');
    const text = (lead: string) =>
      fc
        .array(part, { maxLength: 5 })
        .map((parts) => lead + parts.join('/') + (parts.length > 0 && parts[0] === 'a' ? '/' : ''));
    fc.assert(
      fc.property(fc.oneof(text('/'), text('')), fc.oneof(text(''), text('/')), (dir, rel) => {
        expect(joinAbs(dir, rel)).toBe(cleanAbs(rel.startsWith('/') ? rel : `${dir}/${rel}`));
      }),
      { numRuns: 5000, seed: 7001 },
    );
  });
});
