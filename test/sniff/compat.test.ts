// assessBinary: verdicts for every platform pair, and message templates checked against what the
// real glibc 2.36 and musl 1.2.3 loaders printed for the same files (fixtures/binaries/loader-output.json).
import { describe, expect, test } from 'vitest';
import { assessBinary, type Assessment } from '../../src/sniff/compat.js';
import type { Libc } from '../../src/sniff/platform.js';
import { sniffBytes } from '../../src/sniff/sniff.js';
import type { Sniffed } from '../../src/sniff/sniffed.js';
import { as, FIXTURE_NAMES, loaderOutput, sniffFixture, target } from './fixtures.js';

const AMD64 = target('linux/amd64');
const DEBIAN_12 = { glibcVersion: '2.36' };

describe('message templates agree with the real loaders (linux/amd64, Debian 12)', () => {
  // Failures no header decides: missing symbols and relocations of a foreign machine.
  const UNPREDICTABLE = [
    /: undefined symbol: /,
    /^Error relocating .*: symbol not found$/,
    /unsupported relocation type/,
  ];

  test.for(FIXTURE_NAMES.flatMap((name) => (['glibc', 'musl'] as const).map((libc) => [name, libc] as const)))(
    '%s with %s',
    ([name, libc]) => {
      const real = loaderOutput.files[name]![libc];
      const s = sniffFixture(name);
      const a = assessBinary(s, AMD64, libc, DEBIAN_12);
      const predicted = a.loaderErrors[libc];
      if (a.verdict === 'ok') {
        expect(predicted).toBeUndefined();
        // An "ok" library must load. Executables are started, not dlopen'ed (glibc refuses them
        // outright), and .pyc, Java or .NET files are never handed to dlopen at all.
        const isLibrary = s.format === 'elf' && s.type === 'shared-object';
        if (isLibrary && real !== 'OK') expect(UNPREDICTABLE.some((re) => re.test(real))).toBe(true);
      } else if (predicted !== undefined) {
        expect(predicted).toBe(real);
      } else if (!(s.format === 'pe' && s.dotnet !== null)) {
        // (.NET assemblies are loaded by the .NET runtime, which has no dlopen message.)
        expect(real === 'OK' || UNPREDICTABLE.some((re) => re.test(real))).toBe(true);
      }
      expect(a.loaderErrors[libc === 'glibc' ? 'musl' : 'glibc']).toBeUndefined();
    },
  );

  test('the exec template of a too-new glibc need is what ld.so printed', () => {
    const a = assessBinary(sniffFixture('exe-x86_64-needs-glibc-2.99'), AMD64, 'glibc', DEBIAN_12);
    expect(a.verdict).toBe('glibc-too-new');
    expect(a.loaderErrors.exec).toBe(loaderOutput.files['exe-x86_64-needs-glibc-2.99']!.exec!.stderr);
  });
});

// ---------------------------------------------------------------------------------------------
// Every ELF platform fixture on every Docker platform. glibc (Debian): "ok", "E" = cannot open
// shared object file: No such file or directory, "32"/"64" = wrong ELF class: ELFCLASS<n>.
// musl: "X" = Exec format error, "-" = no message (same class and byte order: musl never looks at
// e_machine, binaries.md §4.3).

const TARGETS = ['amd64', 'arm64', 'arm', '386', 'ppc64le', 's390x', 'riscv64', 'loong64'];
const ELF_FIXTURES: Record<string, string> = {
  amd64: 'elf-x86_64-linux-gnu.so',
  arm64: 'elf-aarch64-linux-gnu.so',
  arm: 'elf-armv7-linux-gnueabihf.so',
  '386': 'elf-i686-linux-gnu.so',
  ppc64le: 'elf-powerpc64le-linux-gnu.so',
  s390x: 'elf-s390x-linux-gnu.so',
  riscv64: 'elf-riscv64-linux-gnu.so',
  loong64: 'elf-loongarch64-linux-gnu.so',
};
//                        amd64 arm64 arm  386  ppc64le s390x riscv64 loong64
const GLIBC_GRID: Record<string, string> = {
  amd64: '  ok    E     64   64   E       E     E       E',
  arm64: '  E     ok    64   64   E       E     E       E',
  arm: '    32    32    ok   E    32      32    32      32',
  '386': '  32    32    E    ok   32      32    32      32',
  ppc64le: 'E     E     64   64   ok      E     E       E',
  s390x: '  E     E     64   64   E       ok    E       E',
  riscv64: 'E     E     64   64   E       E     ok      E',
  loong64: 'E     E     64   64   E       E     E       ok',
};
const MUSL_GRID: Record<string, string> = {
  amd64: '  ok    -     X    X    -       X     -       -',
  arm64: '  -     ok    X    X    -       X     -       -',
  arm: '    X     X     ok   -    X       X     X       X',
  '386': '  X     X     -    ok   X       X     X       X',
  ppc64le: '-     -     X    X    ok      X     -       -',
  s390x: '  X     X     X    X    X       ok    X       X',
  riscv64: '-     -     X    X    -       X     ok      -',
  loong64: '-     -     X    X    -       X     -       ok',
};

const GLIBC_CODES: Record<string, string | undefined> = {
  ok: undefined,
  E: '<p>: cannot open shared object file: No such file or directory',
  '32': '<p>: wrong ELF class: ELFCLASS32',
  '64': '<p>: wrong ELF class: ELFCLASS64',
};
const MUSL_CODES: Record<string, string | undefined> = {
  ok: undefined,
  X: 'Error loading shared library <p>: Exec format error',
  '-': undefined,
};

const PAIRS = Object.keys(ELF_FIXTURES).flatMap((built) => TARGETS.map((t, i) => [built, t, i] as const));

describe('platform pairs', () => {
  test.for(PAIRS)('%s library on linux/%s', ([built, t, i]) => {
    const s = sniffFixture(ELF_FIXTURES[built]!);
    const onGlibc = assessBinary(s, target(`linux/${t}`), 'glibc');
    const onMusl = assessBinary(s, target(`linux/${t}`), 'musl');
    const g = GLIBC_GRID[built]!.trim().split(/\s+/)[i]!;
    const m = MUSL_GRID[built]!.trim().split(/\s+/)[i]!;
    expect(onGlibc.verdict).toBe(built === t ? 'ok' : 'foreign');
    expect(onMusl.verdict).toBe(onGlibc.verdict);
    expect(onGlibc.loaderErrors.glibc).toBe(GLIBC_CODES[g]);
    expect(onMusl.loaderErrors.musl).toBe(MUSL_CODES[m]);
    const bits = (a: string) => (['arm', '386'].includes(a) ? 32 : 64);
    const expectedReason =
      built === t
        ? 'libc-undetermined'
        : bits(built) !== bits(t)
          ? 'class-mismatch'
          : (built === 's390x') !== (t === 's390x')
            ? 'byte-order-mismatch'
            : 'arch-mismatch';
    expect(onGlibc.reason).toBe(expectedReason);
  });

  test('upstream glibc checks the byte order before the machine', () => {
    const s390x = sniffFixture('elf-s390x-linux-gnu.so');
    expect(assessBinary(s390x, AMD64, 'glibc', { glibcFlavor: 'upstream' }).loaderErrors.glibc).toBe(
      '<p>: ELF file data encoding not little-endian',
    );
    const x86 = sniffFixture('elf-x86_64-linux-gnu.so');
    expect(assessBinary(x86, target('linux/s390x'), 'glibc', { glibcFlavor: 'upstream' }).loaderErrors.glibc).toBe(
      '<p>: ELF file data encoding not big-endian',
    );
  });
});

// ---------------------------------------------------------------------------------------------

function verdictOf(
  s: Sniffed,
  spec: string,
  libc: Libc,
  opts = {},
): Pick<Assessment, 'verdict' | 'reason' | 'loaderErrors'> {
  const { verdict, reason, loaderErrors } = assessBinary(s, target(spec), libc, opts);
  return { verdict, reason, loaderErrors };
}

describe('libc', () => {
  test('an Alpine-built library on glibc', () => {
    expect(verdictOf(sniffFixture('so-x86_64-musl.so'), 'linux/amd64', 'glibc')).toEqual({
      verdict: 'libc-mismatch',
      reason: 'musl-on-glibc',
      loaderErrors: { glibc: 'libc.musl-x86_64.so.1: cannot open shared object file: No such file or directory' },
    });
  });

  test('a musl executable on glibc cannot find its interpreter', () => {
    expect(verdictOf(sniffFixture('exe-x86_64-musl-real'), 'linux/amd64', 'glibc').loaderErrors.exec).toBe(
      'exec <p>: no such file or directory',
    );
  });

  test('a glibc executable on musl cannot find its interpreter; musl itself accepts libc.so.6', () => {
    expect(verdictOf(sniffFixture('exe-x86_64-glibc'), 'linux/amd64', 'musl')).toEqual({
      verdict: 'libc-mismatch',
      reason: 'glibc-on-musl',
      loaderErrors: { exec: 'exec <p>: no such file or directory' },
    });
  });

  test('a glibc library needing the glibc loader, on musl', () => {
    const s = {
      ...as(sniffFixture('extra/so-x86_64-glibc-libm.so'), 'elf'),
      needed: ['libc.so.6', 'ld-linux-x86-64.so.2'],
    };
    expect(verdictOf(s, 'linux/amd64', 'musl').loaderErrors).toEqual({
      musl: 'Error loading shared library ld-linux-x86-64.so.2: No such file or directory (needed by <p>)',
    });
  });

  test('Debian musl-gcc output needs "libc.so", which on glibc is a linker script', () => {
    const s = { ...as(sniffFixture('so-x86_64-musl.so'), 'elf'), needed: ['libc.so'] };
    expect(verdictOf(s, 'linux/amd64', 'glibc').loaderErrors.glibc).toBe(
      '/lib/x86_64-linux-gnu/libc.so: invalid ELF header',
    );
  });

  test('musl builds on musl, static builds anywhere', () => {
    expect(verdictOf(sniffFixture('exe-aarch64-musl'), 'linux/arm64', 'musl')).toMatchObject({
      verdict: 'ok',
      reason: 'native',
    });
    expect(verdictOf(sniffFixture('exe-aarch64-musl'), 'linux/arm64', 'glibc').verdict).toBe('libc-mismatch');
    expect(verdictOf(sniffFixture('extra/exe-x86_64-static-musl'), 'linux/amd64', 'glibc')).toMatchObject({
      verdict: 'ok',
      reason: 'static',
    });
    expect(verdictOf(sniffFixture('extra/exe-x86_64-static-pie'), 'linux/amd64', 'musl')).toMatchObject({
      verdict: 'ok',
      reason: 'static',
    });
  });
});

describe('glibc version', () => {
  test('GLIBC_2.99 from libm on Debian 12', () => {
    expect(verdictOf(sniffFixture('extra/so-x86_64-needs-glibc-2.99.so'), 'linux/amd64', 'glibc', DEBIAN_12)).toEqual({
      verdict: 'glibc-too-new',
      reason: 'glibc-too-new',
      loaderErrors: { glibc: "/lib/x86_64-linux-gnu/libm.so.6: version `GLIBC_2.99' not found (required by <p>)" },
    });
  });

  test('GLIBC_2.34 is too new for Debian 11 (2.31), fine for Debian 12, unchecked without a version', () => {
    const s = sniffFixture('exe-x86_64-glibc-real');
    expect(verdictOf(s, 'linux/amd64', 'glibc', { glibcVersion: '2.31' })).toEqual({
      verdict: 'glibc-too-new',
      reason: 'glibc-too-new',
      loaderErrors: {
        glibc: '<p>: cannot dynamically load position-independent executable',
        exec: "<p>: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by <p>)",
      },
    });
    expect(verdictOf(s, 'linux/amd64', 'glibc', DEBIAN_12).verdict).toBe('ok');
    expect(verdictOf(s, 'linux/amd64', 'glibc').verdict).toBe('ok');
  });

  test('upstream glibc lays out its libraries under /lib64', () => {
    const s = sniffFixture('extra/so-x86_64-needs-glibc-2.99.so');
    expect(assessBinary(s, AMD64, 'glibc', { glibcVersion: '2.34', glibcFlavor: 'upstream' }).loaderErrors.glibc).toBe(
      "/lib64/libm.so.6: version `GLIBC_2.99' not found (required by <p>)",
    );
  });

  test('musl ignores symbol versions: a glibc build there is a libc mismatch, not a version problem', () => {
    expect(
      verdictOf(sniffFixture('extra/so-x86_64-needs-glibc-2.99.so'), 'linux/amd64', 'musl', DEBIAN_12).verdict,
    ).toBe('libc-mismatch');
  });

  test('weak version needs do not count', () => {
    const s = as(sniffFixture('extra/so-x86_64-needs-glibc-2.99.so'), 'elf');
    const weak = { ...s, versionNeeds: s.versionNeeds.map((v) => ({ ...v, weak: true })), minGlibc: null };
    expect(verdictOf(weak, 'linux/amd64', 'glibc', DEBIAN_12).verdict).toBe('ok');
  });
});

describe('ARM levels, other ABIs, other OSes', () => {
  test.for([
    ['extra/elf-armv8a-linux-gnueabihf.so', 'linux/arm/v7', 'foreign'],
    ['extra/elf-armv8a-linux-gnueabihf.so', 'linux/arm/v8', 'ok'],
    ['extra/elf-armv6-linux-gnueabihf.so', 'linux/arm', 'ok'],
    ['elf-armv7-linux-gnueabihf.so', 'linux/arm/v6', 'foreign'],
    ['extra/elf-armv5te-linux-gnueabi.so', 'linux/arm/v6', 'ok'],
  ] as const)('%s on %s: %s', ([name, spec, verdict]) => {
    const a = verdictOf(sniffFixture(name), spec, 'glibc');
    expect(a.verdict).toBe(verdict);
    if (verdict === 'foreign') expect(a).toEqual({ verdict, reason: 'arm-variant-too-new', loaderErrors: {} });
  });

  test('ABIs with no Docker platform', () => {
    expect(verdictOf(sniffFixture('extra/elf-x86_64-linux-gnux32.so'), 'linux/amd64', 'glibc')).toEqual({
      verdict: 'foreign',
      reason: 'unsupported-abi',
      loaderErrors: { glibc: '<p>: wrong ELF class: ELFCLASS32' },
    });
    expect(
      verdictOf(sniffFixture('extra/elf-aarch64_be-linux-gnu.so'), 'linux/arm64', 'glibc').loaderErrors.glibc,
    ).toBe('<p>: cannot open shared object file: No such file or directory');
  });

  test('a FreeBSD library', () => {
    expect(verdictOf(sniffFixture('extra/elf-x86_64-unknown-freebsd.so'), 'linux/amd64', 'glibc')).toEqual({
      verdict: 'foreign',
      reason: 'not-linux',
      loaderErrors: { glibc: '<p>: ELF file OS ABI invalid' },
    });
  });

  test('musl refuses a static executable outright (no PT_DYNAMIC), whatever its machine', () => {
    const s = {
      ...as(sniffFixture('extra/exe-x86_64-static-musl'), 'elf'),
      machine: 183,
      arch: 'arm64',
      platform: 'linux/arm64',
    };
    expect(verdictOf(s, 'linux/amd64', 'musl')).toEqual({
      verdict: 'foreign',
      reason: 'arch-mismatch',
      loaderErrors: {
        musl: 'Error loading shared library <p>: Exec format error',
        exec: 'exec <p>: exec format error',
      },
    });
  });

  test('an executable whose interpreter the image lacks', () => {
    const glibcExe = as(sniffFixture('exe-x86_64-glibc'), 'elf');
    const freebsd = { ...glibcExe, osabi: 9, os: 'freebsd', interp: '/libexec/ld-elf.so.1' };
    expect(verdictOf(freebsd, 'linux/amd64', 'glibc')).toMatchObject({
      reason: 'not-linux',
      loaderErrors: { exec: 'exec <p>: no such file or directory' },
    });
    // amd64 kernels run i386 code: a dynamic i386 binary then misses /lib/ld-linux.so.2, a static one runs.
    const i386 = { ...glibcExe, machine: 3, bits: 32 as const, arch: '386', interp: '/lib/ld-linux.so.2' };
    expect(verdictOf(i386, 'linux/amd64', 'glibc').loaderErrors.exec).toBe('exec <p>: no such file or directory');
    expect(verdictOf({ ...i386, interp: null }, 'linux/amd64', 'glibc').loaderErrors.exec).toBeUndefined();
  });

  test('an arch this module has no table for', () => {
    expect(
      assessBinary(sniffFixture('elf-x86_64-linux-gnu.so'), { os: 'linux', arch: 'sparc64' }, 'glibc').verdict,
    ).toBe('unknown');
  });
});

describe('macOS, Windows, .NET and platform-neutral files', () => {
  const noexec = 'exec <p>: exec format error';
  const invalidElf = '<p>: invalid ELF header';
  test.for([
    ['macho-arm64-bundle.so', 'foreign', 'macos-binary', undefined],
    ['macho-arm64-exe', 'foreign', 'macos-binary', noexec],
    ['macho-universal.dylib', 'foreign', 'macos-binary', undefined],
    ['pe-x64.dll', 'foreign', 'windows-binary', undefined],
    ['extra/pe-x64.exe', 'foreign', 'windows-binary', noexec],
  ] as const)('%s', ([name, verdict, reason, exec]) => {
    const a = verdictOf(sniffFixture(name), 'linux/amd64', 'glibc');
    expect(a).toEqual({ verdict, reason, loaderErrors: exec ? { glibc: invalidElf, exec } : { glibc: invalidElf } });
    expect(verdictOf(sniffFixture(name), 'linux/amd64', 'musl').loaderErrors.musl).toBe(
      'Error loading shared library <p>: Exec format error',
    );
  });

  test.for([
    ['extra/dotnet-anycpu.dll', 'linux/arm64', 'ok', 'dotnet-portable'],
    ['extra/dotnet-anycpu32bitpreferred.exe', 'linux/amd64', 'ok', 'dotnet-portable'],
    ['extra/dotnet-x64.dll', 'linux/amd64', 'ok', 'dotnet-arch'],
    ['extra/dotnet-x64.dll', 'linux/arm64', 'foreign', 'dotnet-arch'],
    ['extra/dotnet-x86.dll', 'linux/amd64', 'foreign', 'dotnet-arch'],
    ['pyc-cp311.pyc', 'linux/s390x', 'ok', 'platform-neutral'],
  ] as const)('%s on %s', ([name, spec, verdict, reason]) => {
    expect(verdictOf(sniffFixture(name), spec, 'glibc')).toEqual({ verdict, reason, loaderErrors: {} });
  });

  test('text where a library should be', () => {
    const text = (t: string) => {
      const b = new TextEncoder().encode(t);
      return sniffBytes(b, b.length);
    };
    const lfs = text(`version https://git-lfs.github.com/spec/v1\noid sha256:${'0'.repeat(64)}\nsize 1234\n`);
    expect(verdictOf(lfs, 'linux/amd64', 'glibc')).toEqual({
      verdict: 'unknown',
      reason: 'not-native',
      loaderErrors: { glibc: invalidElf, exec: noexec },
    });
    expect(verdictOf(text('short\n'), 'linux/amd64', 'glibc').loaderErrors.glibc).toBe('<p>: file too short');
    expect(verdictOf(text('#!/bin/sh\r\necho\r\n'), 'linux/amd64', 'musl').loaderErrors).toEqual({
      musl: 'Error loading shared library <p>: Exec format error',
      exec: 'exec <p>: no such file or directory',
    });
    expect(verdictOf(text('\uFEFF#!/bin/sh\n'), 'linux/amd64', 'glibc').loaderErrors.exec).toBe(noexec);
    expect(verdictOf(text('#!/bin/sh\n'), 'linux/amd64', 'glibc').loaderErrors.exec).toBeUndefined();
  });
});
