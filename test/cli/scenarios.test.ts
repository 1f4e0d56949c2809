// The real bin on the bundled scenario contexts (fixtures/examples), and the target flags end to end.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyScenario, exampleManifest, HOST_CHECKS, REPO, SCENARIOS } from '../checks/helpers.js';
import { makeTree } from '../helpers/make-tree.js';
import { runBin } from '../helpers/run-bin.js';
import { bin } from '../checks/helpers.js';

interface Expected {
  args?: string[];
  code: number;
  /** What the Dockerfile tells about the image. */
  target: Record<string, unknown>;
  /** check, severity, path of every finding, in report order. */
  findings: [string, string, string][];
  data?: Record<string, Record<string, unknown>>;
  harmless?: Record<string, number>;
}

const expected: Record<string, Expected> = {
  'mac-venv': {
    target: { platform: 'linux/amd64', libc: 'glibc', libcSource: 'base-image', baseImage: 'python:3.12-slim' },
    code: 1,
    findings: [
      ['foreign-binary', 'error', '.venv'],
      ['foreign-extension-suffix', 'error', '.venv'],
      ['host-environment', 'error', '.venv'],
      ['host-path-link', 'error', '.venv'],
      ['macos-litter', 'warning', '.DS_Store'],
    ],
    data: {
      'foreign-binary': { format: 'macho', arch: 'arm64', libc: null, count: 1, ignoreLines: ['**/.venv'], loaderError: 'ImportError: .venv/lib/python3.12/site-packages/cryptography/hazmat/bindings/_rust.abi3.so: invalid ELF header' },
      'foreign-extension-suffix': { suffixes: ['.cpython-312-darwin.so'], loaderError: "ModuleNotFoundError: No module named 'markupsafe._speedups'" },
      'host-environment': { kind: 'python-venv', os: 'macos', python: '3.12' },
      'host-path-link': { count: 3, symlinks: 1, shebangs: 2 },
    },
  },
  'windows-venv': {
    target: { baseImage: 'python:3.12-slim' },
    code: 1,
    findings: [
      ['foreign-binary', 'error', '.venv'],
      ['foreign-extension-suffix', 'error', '.venv'],
      ['host-environment', 'error', '.venv'],
      ['host-environment', 'warning', 'src/__pycache__'],
    ],
    data: { 'foreign-binary': { format: 'pe', arch: 'amd64', count: 2, loaderError: 'exec .venv/Scripts/pip.exe: exec format error' } },
    harmless: { 'windows-launcher': 1 },
  },
  'arm64-venv': {
    target: { platform: 'linux/amd64', platformSource: 'dockerfile' },
    code: 1,
    findings: [
      ['foreign-binary', 'error', '.venv'],
      ['foreign-extension-suffix', 'error', '.venv'],
      ['host-environment', 'error', '.venv'],
      ['host-path-link', 'error', '.venv'],
    ],
    data: {
      'foreign-binary': {
        format: 'elf',
        arch: 'arm64',
        count: 2,
        loaderError: 'ImportError: .venv/lib/python3.12/site-packages/cryptography/hazmat/bindings/_rust.abi3.so: cannot open shared object file: No such file or directory',
      },
      'host-environment': { os: 'linux', arch: 'arm64' },
    },
  },
  'mac-node-modules': {
    target: { baseImage: 'node:20-slim' },
    code: 1,
    findings: [
      ['foreign-binary', 'error', 'node_modules/@esbuild/darwin-arm64'],
      ['foreign-binary', 'error', 'node_modules/@img/sharp-darwin-arm64'],
      ['foreign-binary', 'error', 'node_modules/@img/sharp-libvips-darwin-arm64'],
      ['host-environment', 'error', 'node_modules'],
    ],
    harmless: { 'multi-platform-prebuilds': 3, 'platform-restricted-package': 1 },
  },
  'alpine-manylinux': {
    target: { libc: 'musl', libcSource: 'base-image', baseImage: 'python:3.13-alpine' },
    code: 1,
    findings: [
      ['foreign-binary', 'error', '.venv'],
      ['foreign-extension-suffix', 'error', '.venv'],
      ['host-environment', 'error', '.venv'],
    ],
    data: { 'foreign-binary': { format: 'elf', arch: 'amd64', libc: 'glibc', reason: 'glibc-on-musl' }, 'host-environment': { libc: 'glibc' } },
  },
  clean: { target: { baseImage: 'python:3.12-slim' }, code: 0, findings: [] },
};

describe('scenarios', () => {
  test('every scenario of the manifest exists and has an expectation', () => {
    expect(Object.keys(expected).sort()).toEqual(SCENARIOS);
    for (const name of SCENARIOS) expect(fs.statSync(path.join(REPO, 'fixtures/examples', name)).isDirectory()).toBe(true);
  });

  test.for(SCENARIOS)('%s (JSON)', (name) => {
    const e = expected[name]!;
    const r = runBin([copyScenario(name), '--format', 'json', ...(e.args ?? [])]);
    expect(r.code).toBe(e.code);
    if (e.code === 0) expect(r.stderr).toBe('');
    else expect(r.stderr).toMatch(/^buildctx: \d+ findings? at or above --fail-on/);
    const report = JSON.parse(r.stdout);
    expect(report.target).toMatchObject(e.target);
    const findings = report.findings.filter((f: { check: string }) => HOST_CHECKS.has(f.check));
    expect(findings.map((f: { check: string; severity: string; path: string }) => [f.check, f.severity, f.path])).toEqual(e.findings);
    for (const [check, data] of Object.entries(e.data ?? {})) {
      expect(findings.find((f: { check: string }) => f.check === check).data).toMatchObject(data);
    }
    expect(report.binaries.harmless).toEqual(e.harmless ?? {});
    // Every finding carries a verified fix.
    for (const f of findings) expect(f.data.ignoreLines.length).toBeGreaterThan(0);
  });

  test('the Quick-start example shows the problem and the fix, as committed (no symlinks)', () => {
    const r = runBin([path.join(REPO, 'fixtures/examples/mac-venv'), '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error    foreign-binary  .venv  Binary built for another platform\n    1 file (16.75kB) built for macOS arm64');
    expect(r.stdout).toMatch(/^ {4}→ ImportError: .*invalid ELF header$/m);
    expect(r.stdout).toMatch(/^ {4}→ ModuleNotFoundError: No module named 'markupsafe._speedups'$/m);
    expect(r.stdout).toContain('Fix: add 2 lines to .dockerignore — buildctx fix --write\n    **/.venv **/.DS_Store\n');
    expect(r.stdout.replace(/\n {4}/g, ' ')).toContain('and in the Dockerfile: install the dependencies in the image: COPY requirements.txt ./ then RUN pip install -r requirements.txt');
  });

  test('the npm platform packages name the package the image needs', () => {
    const report = JSON.parse(runBin([copyScenario('mac-node-modules'), '--format', 'json']).stdout);
    const packages = report.findings.filter((f: { check: string }) => f.check === 'foreign-binary').map((f: { data: Record<string, unknown> }) => [f.data.npmPackage, f.data.expectedPackage]);
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
        expect(hash(path.join(REPO, 'fixtures/examples', scenario, dest)), `${scenario}/${dest}`).toBe(hash(path.join(REPO, 'fixtures/binaries', src)));
      }
    }
  });
});

describe('target flags', () => {
  test('--platform: the arm64 venv is native on linux/arm64', () => {
    const dir = copyScenario('arm64-venv');
    const checks = (args: string[]) => JSON.parse(runBin([dir, '--format', 'json', ...args]).stdout).findings.map((f: { check: string }) => f.check);

    expect(checks([])).toContain('foreign-binary');
    const arm = JSON.parse(runBin([dir, '--format', 'json', '--platform', 'linux/arm64']).stdout);
    expect(arm.target).toMatchObject({ platform: 'linux/arm64', platformSource: 'option' });
    expect(arm.findings.map((f: { check: string }) => f.check)).not.toContain('foreign-binary');
    expect(arm.findings.map((f: { check: string }) => f.check)).not.toContain('foreign-extension-suffix');
  });

  test('--libc musl: glibc files become foreign', () => {
    const dir = makeTree({ 'bin/server': bin('exe-x86_64-glibc-real') });
    expect(runBin([dir, '--format', 'json']).code).toBe(0);
    const r = runBin([dir, '--format', 'json', '--libc', 'musl']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.target).toMatchObject({ libc: 'musl', libcSource: 'option' });
    expect(report.findings[0].data).toMatchObject({ reason: 'glibc-on-musl', loaderError: 'exec bin/server: no such file or directory' });
  });

  test('--deep reads files no name or mode points at', () => {
    const dir = makeTree({ 'data/model.bin': bin('macho-arm64.dylib', 0o644), 'README.md': '# x\n' });
    const plain = JSON.parse(runBin([dir, '--format', 'json']).stdout);
    expect(plain.summary.sniffedFiles).toBe(0);
    expect(plain.binaries).toMatchObject({ sniffing: 'candidates', sniffed: 0 });
    expect(plain.findings).toEqual([]);
    const deep = JSON.parse(runBin([dir, '--format', 'json', '--deep']).stdout);
    expect(deep.summary.sniffedFiles).toBe(2);
    expect(deep.binaries).toMatchObject({ sniffing: 'all', sniffed: 2, byFormat: { macho: 1, unknown: 1 } });
    expect(deep.findings.map((f: { check: string; severity: string }) => [f.check, f.severity])).toEqual([['foreign-binary', 'warning']]);
  });

  test('--no-sniff reads no file: binary checks see nothing, names still count', () => {
    const dir = copyScenario('mac-venv');
    const report = JSON.parse(runBin([dir, '--format', 'json', '--no-sniff']).stdout);
    expect(report.summary.sniffedFiles).toBe(0);
    expect(report.binaries).toEqual({ sniffing: 'off', sniffed: 0, byFormat: {}, foreign: 0, harmlessForeign: 0, harmless: {} });
    const checks = report.findings.map((f: { check: string }) => f.check);
    expect(checks).not.toContain('foreign-binary');
    expect(checks).toEqual(expect.arrayContaining(['foreign-extension-suffix', 'host-environment', 'host-path-link', 'macos-litter']));
  });

  test('an invalid --platform or --libc is a usage error', () => {
    const dir = makeTree({ a: '' });
    expect(runBin([dir, '--platform', 'windows/amd64']).code).toBe(2);
    expect(runBin([dir, '--libc', 'bionic']).code).toBe(2);
  });
});
