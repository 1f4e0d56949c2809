// foreign-binary: what a runtime in the image would load and fail on, grouped; harmless bundles counted.
import { describe, expect, test } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { makeTree, type TreeSpec } from '../helpers/make-tree.js';
import { bin, findingsOf, withoutDockerfile } from './helpers.js';

const VENV = '.venv/lib/python3.12/site-packages';
const venv = (files: TreeSpec): TreeSpec => ({
  '.venv/pyvenv.cfg': 'home = /usr/local/bin\nversion = 3.12.4\n',
  ...files,
});

interface Case {
  name: string;
  tree: TreeSpec;
  platform?: string;
  libc?: string;
  expected: Record<string, unknown> | null;
  severity?: string;
  /** Substring of data.loaderError. */
  error?: string;
  /** A Dockerfile whose image imports or runs the binary: the finding then has `severity` itself. */
  image?: string;
}

const VENV_IMAGE =
  'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nENV PATH="/app/.venv/bin:$PATH"\nCMD ["python", "-m", "pkg"]\n';

const cases: Case[] = [
  {
    name: 'Mach-O bundle named as a Linux extension: glibc says invalid ELF header',
    tree: venv({ [`${VENV}/pkg/_native.abi3.so`]: bin('macho-arm64-bundle.so') }),
    expected: {
      format: 'macho',
      arch: 'arm64',
      libc: null,
      reason: 'macos-binary',
      role: 'python-extension',
      count: 1,
      environment: '.venv',
    },
    severity: 'error',
    error: `ImportError: ${VENV}/pkg/_native.abi3.so: invalid ELF header`,
    image: VENV_IMAGE,
  },
  {
    name: 'arm64 ELF extension on amd64: the misleading "No such file or directory"',
    tree: venv({ [`${VENV}/pkg/_native.abi3.so`]: bin('elf-aarch64-linux-gnu.so') }),
    expected: { format: 'elf', arch: 'arm64', reason: 'arch-mismatch', role: 'python-extension' },
    severity: 'error',
    error: 'cannot open shared object file: No such file or directory',
    image: VENV_IMAGE,
  },
  {
    name: 'arm64 ELF extension on an arm64 target is native',
    tree: venv({ [`${VENV}/pkg/_native.abi3.so`]: bin('elf-aarch64-linux-gnu.so') }),
    platform: 'linux/arm64',
    expected: null,
  },
  {
    name: 'armhf library in a 64-bit image: wrong ELF class',
    tree: venv({ [`${VENV}/pkg/_native.so`]: bin('elf-armv7-linux-gnueabihf.so') }),
    expected: { format: 'elf', arch: 'arm', variant: 'v7', reason: 'class-mismatch' },
    error: 'wrong ELF class: ELFCLASS32',
  },
  {
    name: 'Alpine-built library on glibc',
    tree: { 'lib/native/libfast.so': bin('so-x86_64-musl.so') },
    expected: {
      format: 'elf',
      arch: 'amd64',
      libc: 'musl',
      reason: 'musl-on-glibc',
      role: 'library',
      environment: null,
    },
    severity: 'warning',
    error: 'libc.musl-x86_64.so.1: cannot open shared object file: No such file or directory',
  },
  {
    name: 'glibc executable in bin/ on Alpine: the loader is missing',
    tree: { 'bin/server': bin('exe-x86_64-glibc-real') },
    libc: 'musl',
    expected: { format: 'elf', arch: 'amd64', libc: 'glibc', reason: 'glibc-on-musl', role: 'executable' },
    severity: 'error',
    error: 'exec bin/server: no such file or directory',
  },
  {
    name: 's390x library (big-endian) on Debian amd64',
    tree: { 'node_modules/x/build/Release/x.node': bin('elf-s390x-linux-gnu.so') },
    expected: { format: 'elf', arch: 's390x', role: 'node-addon', environment: 'node_modules' },
    severity: 'error',
    error: 'Error: node_modules/x/build/Release/x.node: cannot open shared object file: No such file or directory',
  },
  {
    name: 'Windows DLL as a Node addon',
    tree: { 'addon/build/Release/addon.node': bin('pe-x64.dll') },
    expected: { format: 'pe', arch: 'amd64', reason: 'windows-binary', role: 'node-addon' },
    severity: 'error',
    error: 'invalid ELF header',
  },
  {
    name: 'loose Mach-O tool with an executable bit: a warning, the exact path to ignore',
    tree: { 'tools/protoc': bin('macho-arm64-exe', 0o755), 'src/main.py': 'x = 1\n' },
    expected: { format: 'macho', role: 'executable', ignoreLines: ['tools/protoc'], environment: null },
    severity: 'warning',
    error: 'exec tools/protoc: exec format error',
  },
  {
    name: 'Mach-O in a bin directory outside environments is an error',
    tree: { 'deploy/bin/helm': bin('macho-arm64-exe', 0o755) },
    expected: { format: 'macho', role: 'executable' },
    severity: 'error',
  },
  {
    name: 'universal Mach-O dylib',
    tree: { 'vendor/lib/libz.dylib': bin('macho-universal.dylib') },
    expected: { format: 'macho-universal', arch: 'x86_64+arm64', reason: 'macos-binary' },
    severity: 'warning',
  },
  {
    name: 'FreeBSD library',
    tree: { 'lib/libfoo.so.1': bin('extra/elf-x86_64-unknown-freebsd.so') },
    expected: { format: 'elf', reason: 'not-linux' },
    error: 'ELF file OS ABI invalid',
  },
  {
    name: 'native library is fine',
    tree: { 'vendor/libfast.so': bin('elf-x86_64-linux-gnu.so'), 'bin/tool': bin('exe-x86_64-glibc-real') },
    expected: null,
  },
  {
    name: 'musl library on an Alpine target is fine',
    tree: { 'vendor/libfast.so': bin('so-x86_64-musl.so') },
    libc: 'musl',
    expected: null,
  },
];

describe('foreign-binary', () => {
  test('a .NET assembly pinned to x86 on a glibc image: the .NET error, never a word about musl', () => {
    const dir = makeTree({ 'bin/Legacy.dll': bin('extra/dotnet-x86.dll') });
    const [f] = findingsOf(dir, 'foreign-binary');
    expect(f?.data).toMatchObject({ format: 'pe', reason: 'dotnet-arch' });
    expect(f!.message).toContain('BadImageFormatException');
    expect(f!.message).not.toMatch(/musl/);
  });

  test.for(cases)('$name', (c) => {
    const dir = makeTree(c.tree);
    const findings = findingsOf(dir, 'foreign-binary', {
      ...(c.platform ? { platform: c.platform } : {}),
      ...(c.libc ? { libc: c.libc } : {}),
    });
    if (c.expected === null) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.data).toMatchObject(c.expected);
    if (c.severity !== undefined) expect(f.severity).toBe(withoutDockerfile(c.severity));
    expect(f.data.reach).toBe('no-dockerfile');
    if (c.error !== undefined) expect(f.data.loaderError).toContain(c.error);
    // Every suggested line was checked to keep the files out.
    expect((f.data.ignoreLines as string[]).length).toBeGreaterThan(0);
  });

  // Built by a Dockerfile whose image imports the extension: the error is the image's, not a guess.
  test.for(cases.filter((c) => c.image !== undefined))('$name — in an image that imports it', async (c) => {
    const dir = makeTree({ ...c.tree, Dockerfile: c.image! });
    const findings = (await analyze({ context: dir })).findings.filter(
      (f) => f.check === 'foreign-binary' || (Array.isArray(f.data.checks) && f.data.checks.includes('foreign-binary')),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe(c.severity);
    expect(['loaded', 'executed']).toContain(findings[0]!.data.reach);
  });

  // A Python service whose `COPY . .` also carries a host cargo build nobody runs: ignoring it is the
  // whole fix; "build it in the image" is advice only for a binary the image runs or a COPY names.
  test.for([
    { cmd: '["python", "main.py"]', dockerfileFix: false, reach: 'final-image' },
    { cmd: '["/app/target/release/app"]', dockerfileFix: true, reach: 'executed' },
  ])('a host build carried as dead weight gets no Dockerfile advice (CMD $cmd)', async (c) => {
    const dir = makeTree({
      'main.py': 'print(1)\n',
      'target/release/app': bin('macho-arm64-exe', 0o755),
      Dockerfile: `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ${c.cmd}\n`,
    });
    const [f] = (await analyze({ context: dir })).findings.filter((x) => x.check === 'foreign-binary');
    expect(f?.data.reach).toBe(c.reach);
    if (c.dockerfileFix) expect(f!.data.dockerfileFix).toMatch(/build it for linux\/amd64/);
    else {
      expect(f!.data.ignoreLines).toEqual(['target/release/app']);
      expect(f!.data.dockerfileFix).toBeNull();
    }
  });

  test('a venv with many Mach-O files is one finding with a count and five examples', () => {
    const tree: TreeSpec = venv({});
    for (let i = 0; i < 40; i++) tree[`${VENV}/pkg${i}/_speedups.abi3.so`] = bin('macho-arm64-bundle.so');
    for (let i = 0; i < 5; i++) tree[`${VENV}/pkg${i}/.dylibs/libdep.dylib`] = bin('macho-arm64.dylib');
    const findings = findingsOf(makeTree(tree), 'foreign-binary');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.data).toMatchObject({
      count: 45,
      environment: '.venv',
      format: 'macho',
      arch: 'arm64',
      role: 'python-extension',
      ignoreLines: ['**/.venv'],
    });
    expect(findings[0]!.data.examples).toHaveLength(5);
    expect(findings[0]!.path).toBe('.venv');
  });

  test('a Node addon built for another Node major (ABI) when the image names its Node version', () => {
    const dir = makeTree({ 'node_modules/fast/build/Release/fast.node': bin('extra/addon-abi.node') });
    expect(findingsOf(dir, 'foreign-binary', { target: { nodeMajor: 20 } })).toEqual([]);
    const [f] = findingsOf(dir, 'foreign-binary', { target: { nodeMajor: 22 } });
    expect(f!.data).toMatchObject({ reason: 'node-abi-mismatch', role: 'node-addon' });
    expect(f!.data.loaderError).toContain(
      'NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 127',
    );
    // Node-API addons are ABI-stable.
    const napi = makeTree({ 'node_modules/fast/build/Release/fast.node': bin('extra/addon-napi.node') });
    expect(findingsOf(napi, 'foreign-binary', { target: { nodeMajor: 22 } })).toEqual([]);
  });

  test('a pre-N-API addon: the ABI from the nm_version of its struct node_module', () => {
    // extra/addon-legacy-nm72-rela.node exports no node_register_module_v<N>; Node.js 12 is ABI 72.
    const dir = makeTree({ 'node_modules/fibers/bin/fibers.node': bin('extra/addon-legacy-nm72-rela.node') });
    expect(findingsOf(dir, 'foreign-binary', { target: { nodeMajor: 12 } })).toEqual([]);
    const [f] = findingsOf(dir, 'foreign-binary', { target: { nodeMajor: 14 } });
    expect(f!.data).toMatchObject({ reason: 'node-abi-mismatch', role: 'node-addon' });
    expect(f!.data.loaderError).toContain(
      'NODE_MODULE_VERSION 72. This version of Node.js requires NODE_MODULE_VERSION 83',
    );
  });

  test('an npm platform package without the target sibling names the package the image needs', () => {
    const dir = makeTree({
      'node_modules/@esbuild/darwin-arm64/package.json':
        '{"name":"@esbuild/darwin-arm64","os":["darwin"],"cpu":["arm64"]}',
      'node_modules/@esbuild/darwin-arm64/bin/esbuild': bin('macho-arm64-exe'),
    });
    const [f] = findingsOf(dir, 'foreign-binary', { platform: 'linux/arm64', libc: 'musl' });
    expect(f!.data).toMatchObject({
      npmPackage: '@esbuild/darwin-arm64',
      expectedPackage: '@esbuild/linux-arm64',
      format: 'macho',
      ignoreLines: ['**/node_modules'],
    });
    expect(f!.data.loaderError).toContain('needs the "@esbuild/linux-arm64" package instead');
  });

  test('a prebuilds directory without a build for the target is what node-gyp-build fails on', () => {
    const dir = makeTree({
      'node_modules/bcrypt/prebuilds/darwin-arm64/bcrypt.node': bin('macho-arm64-bundle.so'),
      'node_modules/bcrypt/prebuilds/linux-x64/bcrypt.glibc.node': bin('elf-x86_64-linux-gnu.so'),
    });
    expect(findingsOf(dir, 'foreign-binary')).toEqual([]);
    const [f] = findingsOf(dir, 'foreign-binary', { platform: 'linux/riscv64' });
    // Both prebuilds are foreign on riscv64; each group names node-gyp-build's error.
    expect(f!.data.loaderError).toContain('No native build was found for platform=linux arch=riscv64');
  });
});

// Multi-platform payloads the runtime picks from itself: never findings, counted with a reason.
const harmless: { name: string; tree: TreeSpec; deep?: boolean; platform?: string; reasons: Record<string, number> }[] =
  [
    {
      name: 'bcrypt prebuilds for every platform (glibc and musl builds side by side)',
      tree: {
        'node_modules/bcrypt/prebuilds/darwin-arm64/bcrypt.node': bin('macho-arm64-bundle.so'),
        'node_modules/bcrypt/prebuilds/win32-x64/bcrypt.node': bin('pe-x64.dll'),
        'node_modules/bcrypt/prebuilds/linux-x64/bcrypt.glibc.node': bin('elf-x86_64-linux-gnu.so'),
        'node_modules/bcrypt/prebuilds/linux-x64/bcrypt.musl.node': bin('so-x86_64-musl.so'),
      },
      reasons: { 'multi-platform-prebuilds': 3 },
    },
    {
      name: "pip's and setuptools' Windows launchers",
      tree: {
        [`${VENV}/pip/_vendor/distlib/t64.exe`]: bin('extra/pe-x64.exe'),
        [`${VENV}/pip/_vendor/distlib/w64-arm.exe`]: bin('extra/pe-x64.exe'),
        [`${VENV}/setuptools/cli-arm64.exe`]: bin('extra/pe-x64.exe'),
      },
      reasons: { 'windows-launcher': 3 },
    },
    {
      name: 'esbuild for macOS beside esbuild for the target',
      tree: {
        'node_modules/@esbuild/darwin-arm64/package.json':
          '{"name":"@esbuild/darwin-arm64","os":["darwin"],"cpu":["arm64"]}',
        'node_modules/@esbuild/darwin-arm64/bin/esbuild': bin('macho-arm64-exe'),
        'node_modules/@esbuild/linux-x64/package.json': '{"name":"@esbuild/linux-x64","os":["linux"],"cpu":["x64"]}',
        'node_modules/@esbuild/linux-x64/bin/esbuild': bin('extra/exe-x86_64-static-musl'),
      },
      reasons: { 'npm-platform-sibling': 1 },
    },
    {
      name: 'fsevents: a macOS-only package its users load optionally',
      tree: {
        'node_modules/fsevents/package.json': '{"name":"fsevents","os":["darwin"]}',
        'node_modules/fsevents/fsevents.node': bin('macho-arm64-bundle.so'),
      },
      reasons: { 'platform-restricted-package': 1 },
    },
    {
      name: 'platform-named directories (7zip-bin, .NET runtimes/) with one for the target',
      tree: {
        'node_modules/7zip-bin/win/x64/7za.exe': bin('extra/pe-x64.exe'),
        'node_modules/7zip-bin/mac/arm64/7za': bin('macho-arm64-exe'),
        'node_modules/7zip-bin/linux/x64/7za': bin('exe-x86_64-glibc-real'),
        'app/runtimes/win-x64/native/e_sqlite3.dll': bin('pe-x64.dll'),
        'app/runtimes/osx-arm64/native/libe_sqlite3.dylib': bin('macho-arm64.dylib'),
        'app/runtimes/linux-x64/native/libe_sqlite3.so': bin('elf-x86_64-linux-gnu.so'),
      },
      reasons: { 'multi-platform-prebuilds': 4 },
    },
    {
      name: 'arch-named directories under an OS directory (7zip-bin on arm64), Go-style names',
      tree: {
        'node_modules/7zip-bin/linux/x64/7za': bin('exe-x86_64-glibc-real'),
        'node_modules/7zip-bin/linux/arm64/7za': bin('exe-aarch64-glibc'),
        'dist/app_linux_x86_64/app': bin('exe-x86_64-glibc-real'),
        'dist/app_linux_arm64/app': bin('exe-aarch64-glibc'),
      },
      platform: 'linux/arm64',
      reasons: { 'multi-platform-prebuilds': 2 },
    },
    {
      name: 'a directory holding the target build beside others (debugpy attach helpers)',
      tree: {
        [`${VENV}/debugpy/attach/attach_x86_64.dylib`]: bin('macho-x86_64.dylib'),
        [`${VENV}/debugpy/attach/attach_amd64.dll`]: bin('pe-x64.dll'),
        [`${VENV}/debugpy/attach/attach_linux_amd64.so`]: bin('elf-x86_64-linux-gnu.so'),
      },
      reasons: { 'native-sibling': 2 },
    },
    {
      name: 'WebAssembly, Java classes and .NET AnyCPU assemblies (read with --deep)',
      tree: {
        'static/app.wasm': { content: Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) },
        'classes/Main.class': { content: Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 61, 0, 0]) },
        'bin/App.dll': bin('extra/dotnet-anycpu.dll'),
      },
      deep: true,
      reasons: { 'dotnet-portable': 1, 'platform-neutral': 2 },
    },
  ];

describe('foreign but harmless', () => {
  test.for(harmless)('$name', async (c) => {
    const dir = makeTree({ '.venv/pyvenv.cfg': 'home = /usr/local/bin\nversion = 3.12.4\n', ...c.tree });
    const options = { deep: c.deep === true, ...(c.platform !== undefined ? { platform: c.platform } : {}) };
    expect(findingsOf(dir, 'foreign-binary', options)).toEqual([]);
    const report = await analyze({ context: dir, ...options });
    expect(report.binaries.harmless).toEqual(c.reasons);
    const total = Object.values(c.reasons).reduce((a, b) => a + b, 0);
    expect(report.summary.harmlessForeign).toBe(total);
    expect(report.binaries.harmlessForeign).toBe(total);
    expect(report.binaries.foreign).toBeGreaterThanOrEqual(total);
  });
});
