// The real bin on the bundled scenario contexts (fixtures/examples), and the target flags end to end.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyScenario, exampleManifest, HOST_CHECKS, REPO, SCENARIOS } from '../checks/helpers.js';
import { makeTree } from '../helpers/make-tree.js';
import { bin } from '../checks/helpers.js';
import type { Finding } from '../../src/types.js';
import { runCli } from '../helpers/run-cli.js';

interface Expected {
  args?: string[];
  code: number;
  /** What the Dockerfile tells about the image. */
  target: Record<string, unknown>;
  /** check, severity, path of every finding, in report order. */
  findings: [string, string, string][];
  /** Per check: its data, in its own finding or as a part (data.evidence) of a merged one. */
  data?: Record<string, Record<string, unknown>>;
  /** Per merged finding path: data.checks. */
  checks?: Record<string, string[]>;
  /** Per finding path: data.reach. */
  reach?: Record<string, string>;
  harmless?: Record<string, number>;
}

const expected: Record<string, Expected> = {
  'mac-venv': {
    target: { platform: 'linux/amd64', libc: 'glibc', libcSource: 'base-image', baseImage: 'python:3.12-slim' },
    code: 1,
    // One root, one finding: the venv's four checks merge; PATH puts its bin/ first, so CMD's python is the venv's.
    findings: [
      ['host-environment', 'error', '.venv'],
      ['macos-litter', 'warning', '.DS_Store'],
    ],
    checks: { '.venv': ['foreign-binary', 'foreign-extension-suffix', 'host-environment', 'host-path-link'] },
    reach: { '.venv': 'executed', '.DS_Store': 'final-image' },
    data: {
      'foreign-binary': {
        format: 'macho',
        arch: 'arm64',
        libc: null,
        count: 1,
        ignoreLines: ['**/.venv'],
        loaderError:
          'ImportError: .venv/lib/python3.12/site-packages/cryptography/hazmat/bindings/_rust.abi3.so: invalid ELF header',
      },
      'foreign-extension-suffix': {
        suffixes: ['.cpython-312-darwin.so'],
        loaderError: "ModuleNotFoundError: No module named 'markupsafe._speedups'",
      },
      'host-environment': { kind: 'python-venv', os: 'macos', python: '3.12' },
      'host-path-link': { count: 3, symlinks: 1, shebangs: 2 },
    },
  },
  'windows-venv': {
    target: { baseImage: 'python:3.12-slim' },
    // The image installs into its own Python (RUN pip install) and runs `python -m`: the copied venv is dead weight.
    findings: [
      ['host-environment', 'warning', '.venv'],
      ['host-environment', 'warning', 'src/__pycache__'],
    ],
    checks: { '.venv': ['foreign-binary', 'foreign-extension-suffix', 'host-environment'] },
    reach: { '.venv': 'final-image', 'src/__pycache__': 'final-image' },
    code: 0,
    data: {
      'foreign-binary': {
        format: 'pe',
        arch: 'amd64',
        count: 2,
        loaderError: 'exec .venv/Scripts/pip.exe: exec format error',
      },
    },
    harmless: { 'windows-launcher': 1 },
  },
  'arm64-venv': {
    target: { platform: 'linux/amd64', platformSource: 'dockerfile' },
    code: 1,
    findings: [['host-environment', 'error', '.venv']],
    checks: { '.venv': ['foreign-binary', 'foreign-extension-suffix', 'host-environment', 'host-path-link'] },
    reach: { '.venv': 'executed' },
    data: {
      'foreign-binary': {
        format: 'elf',
        arch: 'arm64',
        count: 2,
        loaderError:
          'ImportError: .venv/lib/python3.12/site-packages/cryptography/hazmat/bindings/_rust.abi3.so: cannot open shared object file: No such file or directory',
      },
      'host-environment': { os: 'linux', arch: 'arm64' },
    },
  },
  'mac-node-modules': {
    target: { baseImage: 'node:20-slim' },
    code: 1,
    // CMD runs node in /app, where the host's node_modules lies: one finding for the tree and its platform packages.
    findings: [['host-environment', 'error', 'node_modules']],
    checks: { node_modules: ['foreign-binary', 'host-environment'] },
    reach: { node_modules: 'loaded' },
    harmless: { 'multi-platform-prebuilds': 3, 'platform-restricted-package': 1 },
  },
  'alpine-manylinux': {
    target: { libc: 'musl', libcSource: 'base-image', baseImage: 'python:3.13-alpine' },
    code: 1,
    findings: [['host-environment', 'error', '.venv']],
    checks: { '.venv': ['foreign-binary', 'foreign-extension-suffix', 'host-environment'] },
    data: {
      'foreign-binary': { format: 'elf', arch: 'amd64', libc: 'glibc', reason: 'glibc-on-musl' },
      'host-environment': { libc: 'glibc' },
    },
  },
  clean: { target: { baseImage: 'python:3.12-slim' }, code: 0, findings: [] },
};

/** A check's data: its own finding's, or its part of a finding merged by root. */
function dataOf(findings: readonly Finding[], check: string): Record<string, unknown> {
  const own = findings.find((f) => f.check === check);
  if (own !== undefined) return own.data;
  const parts = findings.flatMap((f) =>
    Array.isArray(f.data.evidence) ? (f.data.evidence as { check: string; data: Record<string, unknown> }[]) : [],
  );
  return parts.find((p) => p.check === check)!.data;
}

describe('scenarios', () => {
  test('every scenario of the manifest exists and has an expectation', () => {
    expect(Object.keys(expected).sort()).toEqual(SCENARIOS);
    for (const name of SCENARIOS)
      expect(fs.statSync(path.join(REPO, 'fixtures/examples', name)).isDirectory()).toBe(true);
  });

  test.for(SCENARIOS)('%s (JSON)', async (name) => {
    const e = expected[name]!;
    const r = await runCli([copyScenario(name), '--format', 'json', ...(e.args ?? [])]);
    expect(r.code).toBe(e.code);
    if (e.code === 0) expect(r.stderr).toBe('');
    else expect(r.stderr).toMatch(/^buildctx: \d+ findings? at or above --fail-on/);
    const report = JSON.parse(r.stdout);
    expect(report.target).toMatchObject(e.target);
    const findings = report.findings.filter((f: { check: string }) => HOST_CHECKS.has(f.check));
    expect(
      findings.map((f: { check: string; severity: string; path: string }) => [f.check, f.severity, f.path]),
    ).toEqual(e.findings);
    for (const [check, data] of Object.entries(e.data ?? {})) expect(dataOf(findings, check)).toMatchObject(data);
    for (const [p, checks] of Object.entries(e.checks ?? {}))
      expect(findings.find((f: Finding) => f.path === p).data.checks).toEqual(checks);
    for (const [p, reach] of Object.entries(e.reach ?? {}))
      expect(findings.find((f: Finding) => f.path === p).data.reach).toBe(reach);
    expect(report.binaries.harmless).toEqual(e.harmless ?? {});
    // Every finding carries a verified fix.
    for (const f of findings) expect(f.data.ignoreLines.length).toBeGreaterThan(0);
  });

  test('the Quick-start example shows the problem and the fix, as committed (no symlinks)', async () => {
    const r = await runCli([path.join(REPO, 'fixtures/examples/mac-venv'), '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'error    host-environment  .venv  Host environment in the build context\n    Python virtual environment made on macOS',
    );
    // One finding for the venv; the error the image would print is kept under it.
    expect(r.stdout).toMatch(/^ {4}→ ImportError: .*invalid ELF header$/m);
    expect(r.stdout).toContain('Fix: add 2 lines to .dockerignore — buildctx fix --write\n    **/.venv **/.DS_Store\n');
    expect(r.stdout.replace(/\n {4}/g, ' ')).toContain(
      'and in the Dockerfile: install the dependencies in the image: COPY requirements.txt ./ then RUN pip install -r requirements.txt',
    );
  });

  test('the npm platform packages name the package the image needs', async () => {
    const report = JSON.parse((await runCli([copyScenario('mac-node-modules'), '--format', 'json'])).stdout);
    const parts = report.findings.flatMap((f: Finding) => (Array.isArray(f.data.evidence) ? f.data.evidence : [f])) as {
      check: string;
      data: Record<string, unknown>;
    }[];
    const packages = parts
      .filter((f) => f.check === 'foreign-binary')
      .map((f) => [f.data.npmPackage, f.data.expectedPackage]);
    expect(packages).toEqual([
      ['@esbuild/darwin-arm64', '@esbuild/linux-x64'],
      ['@img/sharp-darwin-arm64', '@img/sharp-linux-x64'],
      ['@img/sharp-libvips-darwin-arm64', '@img/sharp-libvips-linux-x64'],
    ]);
  });

  test('the example binaries are byte copies of fixtures/binaries', () => {
    for (const [scenario, copies] of Object.entries(exampleManifest.copies)) {
      for (const [dest, src] of Object.entries(copies)) {
        const hash = (p: string) => createHash('sha256').update(fs.readFileSync(p)).digest('hex');
        expect(hash(path.join(REPO, 'fixtures/examples', scenario, dest)), `${scenario}/${dest}`).toBe(
          hash(path.join(REPO, 'fixtures/binaries', src)),
        );
      }
    }
  });
});

describe('target flags', () => {
  test('--platform: the arm64 venv is native on linux/arm64', async () => {
    const dir = copyScenario('arm64-venv');

    const merged = JSON.parse((await runCli([dir, '--format', 'json'])).stdout).findings.flatMap(
      (f: Finding) => (f.data.checks as string[] | undefined) ?? [f.check],
    );
    expect(merged).toContain('foreign-binary');
    const arm = JSON.parse((await runCli([dir, '--format', 'json', '--platform', 'linux/arm64'])).stdout);
    expect(arm.target).toMatchObject({ platform: 'linux/arm64', platformSource: 'option' });
    expect(arm.findings.map((f: { check: string }) => f.check)).not.toContain('foreign-binary');
    expect(arm.findings.map((f: { check: string }) => f.check)).not.toContain('foreign-extension-suffix');
  });

  test('--libc musl: glibc files become foreign', async () => {
    const dir = makeTree({ 'bin/server': bin('exe-x86_64-glibc-real') });
    expect((await runCli([dir, '--format', 'json'])).code).toBe(0);
    // No Dockerfile: nothing runs it yet, so a warning (at most), with --fail-on warning to fail on it.
    const r = await runCli([dir, '--format', 'json', '--libc', 'musl', '--fail-on', 'warning']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.target).toMatchObject({ libc: 'musl', libcSource: 'option' });
    expect(report.findings[0].data).toMatchObject({
      reason: 'glibc-on-musl',
      loaderError: 'exec bin/server: no such file or directory',
      reach: 'no-dockerfile',
    });
  });

  test('--deep reads files no name or mode points at', async () => {
    const dir = makeTree({ 'data/model.bin': bin('macho-arm64.dylib', 0o644), 'README.md': '# x\n' });
    const plain = JSON.parse((await runCli([dir, '--format', 'json'])).stdout);
    expect(plain.summary.sniffedFiles).toBe(0);
    expect(plain.binaries).toMatchObject({ sniffing: 'candidates', sniffed: 0 });
    expect(plain.findings).toEqual([]);
    const deep = JSON.parse((await runCli([dir, '--format', 'json', '--deep'])).stdout);
    expect(deep.summary.sniffedFiles).toBe(2);
    expect(deep.binaries).toMatchObject({ sniffing: 'all', sniffed: 2, byFormat: { macho: 1, unknown: 1 } });
    expect(deep.findings.map((f: { check: string; severity: string }) => [f.check, f.severity])).toEqual([
      ['foreign-binary', 'warning'],
    ]);
  });

  test('--no-sniff reads no file: binary checks see nothing, names still count', async () => {
    const dir = copyScenario('mac-venv');
    const report = JSON.parse((await runCli([dir, '--format', 'json', '--no-sniff'])).stdout);
    expect(report.summary.sniffedFiles).toBe(0);
    expect(report.binaries).toEqual({
      sniffing: 'off',
      sniffed: 0,
      byFormat: {},
      foreign: 0,
      harmlessForeign: 0,
      harmless: {},
    });
    const checks = report.findings.flatMap((f: Finding) => (f.data.checks as string[] | undefined) ?? [f.check]);
    expect(checks).not.toContain('foreign-binary');
    expect(checks).toEqual(
      expect.arrayContaining(['foreign-extension-suffix', 'host-environment', 'host-path-link', 'macos-litter']),
    );
  });

  test('an invalid --platform or --libc is a usage error', async () => {
    const dir = makeTree({ a: '' });
    expect((await runCli([dir, '--platform', 'windows/amd64'])).code).toBe(2);
    const typo = await runCli([dir, '--platform', 'linux/amd46']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('not a platform Docker knows; use one of linux/386, linux/amd64');
    expect((await runCli([dir, '--libc', 'bionic'])).code).toBe(2);
  });
});
