// glibc-too-new: GLIBC_x.y needs above the image's glibc, when the base image name tells it.
import { describe, expect, test } from 'vitest';
import { makeTree } from '../helpers/make-tree.js';
import { bin, findingsOf, withoutDockerfile } from './helpers.js';

const cases = [
  {
    name: 'needs 2.99, image has 2.36 (bookworm)',
    file: 'extra/so-x86_64-needs-glibc-2.99.so',
    glibc: '2.36',
    min: '2.99',
  },
  {
    name: 'needs 2.29 (libm), image has 2.28 (buster)',
    file: 'extra/so-x86_64-glibc-libm.so',
    glibc: '2.28',
    min: '2.29',
  },
  { name: 'needs 2.29, image has 2.36', file: 'extra/so-x86_64-glibc-libm.so', glibc: '2.36', min: null },
  {
    name: 'the image glibc is unknown: nothing is claimed',
    file: 'extra/so-x86_64-needs-glibc-2.99.so',
    glibc: null,
    min: null,
  },
];

describe('glibc-too-new', () => {
  test.for(cases)('$name', (c) => {
    const dir = makeTree({
      '.venv/pyvenv.cfg': 'home = /usr/local/bin\nversion = 3.12.4\n',
      '.venv/lib/python3.12/site-packages/pkg/_x.abi3.so': bin(c.file),
    });
    const findings = findingsOf(dir, 'glibc-too-new', { target: { glibcVersion: c.glibc } });
    if (c.min === null) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe(withoutDockerfile('error'));
    expect(findings[0]!.data).toMatchObject({
      minGlibc: c.min,
      targetGlibc: c.glibc,
      format: 'elf',
      arch: 'amd64',
      libc: 'glibc',
      count: 1,
      ignoreLines: ['**/.venv'],
    });
    expect(findings[0]!.data.loaderError).toContain(
      `version \`GLIBC_${c.min}' not found (required by .venv/lib/python3.12/site-packages/pkg/_x.abi3.so)`,
    );
  });

  test('names base images whose glibc is new enough, and says so in the Dockerfile fix', () => {
    const dir = makeTree({ 'bin/server': bin('exe-x86_64-glibc-real'), 'requirements.txt': 'x\n' });
    const [f] = findingsOf(dir, 'glibc-too-new', { target: { glibcVersion: '2.31' } });
    expect(f!.data.baseImages).toEqual(['ubuntu:22.04', 'debian:bookworm', 'ubuntu:24.04', 'debian:trixie']);
    expect(f!.data.ignoreLines).toEqual(['bin/server']);
    expect(f!.data.dockerfileFix).toContain('glibc 2.34 or newer');
    // ld.so prints it itself when the program starts (binaries.md §4.2).
    expect(f!.data.loaderError).toBe(
      "bin/server: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by bin/server)",
    );
  });

  test('a foreign-arch file is foreign-binary, never glibc-too-new', () => {
    const dir = makeTree({ 'bin/tool': bin('exe-aarch64-glibc') });
    expect(findingsOf(dir, 'glibc-too-new', { target: { glibcVersion: '2.17' } })).toEqual([]);
  });
});
