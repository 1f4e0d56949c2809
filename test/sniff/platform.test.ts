// Platform strings: parsed and normalised as containerd does (golden data from its Go code).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  archFromCpuName,
  archFromNodeArch,
  compareVersions,
  nodeArchOf,
  parseDockerPlatform,
} from '../../src/sniff/platform.js';

interface Golden {
  spec: string;
  os?: string;
  arch?: string;
  variant?: string;
  error?: boolean;
}

// containerd 1.6 platforms.Parse + Normalize, as golden/docker-platforms.go printed them.
const golden = JSON.parse(readFileSync(new URL('./golden/docker-platforms.json', import.meta.url), 'utf8')) as Golden[];
// A bare OS makes containerd fill in the host's arch; we ask for one instead.
const BARE_OS = new Set(['linux', 'darwin']);

describe('parseDockerPlatform agrees with containerd', () => {
  test.for(golden)('$spec', (g) => {
    const p = parseDockerPlatform(g.spec);
    if (g.error || g.os !== 'linux' || BARE_OS.has(g.spec)) {
      expect(p.ok).toBe(false);
      return;
    }
    expect(p).toEqual({
      ok: true,
      platform: g.variant ? { os: 'linux', arch: g.arch, variant: g.variant } : { os: 'linux', arch: g.arch },
    });
  });

  test('the first component may carry an OS version (newer containerd)', () => {
    expect(parseDockerPlatform('linux(5.15)/arm64')).toEqual({ ok: true, platform: { os: 'linux', arch: 'arm64' } });
  });

  test('reasons name the problem', () => {
    expect(parseDockerPlatform('linux')).toEqual({ ok: false, reason: '"linux": no architecture given' });
    expect(parseDockerPlatform('windows/amd64')).toEqual({
      ok: false,
      reason: '"windows/amd64": only linux platforms are supported',
    });
  });
});

test('CPU names from other vocabularies', () => {
  expect(archFromCpuName('x86_64')).toEqual({ arch: 'amd64' });
  expect(archFromCpuName('armv7l')).toEqual({ arch: 'arm', variant: 'v7' });
  expect(archFromCpuName('loongarch64')).toEqual({ arch: 'loong64' });
  expect(archFromCpuName('constructor')).toBeNull();
  expect(archFromNodeArch('ia32')).toBe('386');
  expect(archFromNodeArch('toString')).toBeNull();
  expect(nodeArchOf('ppc64le')).toBe('ppc64');
});

test.for([
  ['2.9', '2.17', -1],
  ['2.17', '2.17', 0],
  ['2.2.5', '2.2', 1],
  ['2.36', '2.4', 1],
] as const)('compareVersions(%s, %s) = %i', ([a, b, r]) => {
  expect(compareVersions(a, b)).toBe(r);
});
