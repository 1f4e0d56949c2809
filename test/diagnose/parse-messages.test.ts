// The message parser: one real sample per recogniser (from the public thread or repro it cites),
// the log prefixes it strips, and how repeats and Node's ERR_DLOPEN_FAILED marker are folded.
import { describe, expect, test } from 'vitest';
import { cleanLog } from '../../src/diagnose/clean-log.js';
import type { ParsedMessage } from '../../src/diagnose/model.js';
import { parseErrorText, parseMessages } from '../../src/diagnose/parse-messages.js';
import { RECOGNISERS } from '../../src/diagnose/recognisers.js';

type Expected = Partial<Pick<ParsedMessage, 'kind' | 'path' | 'soname' | 'module' | 'facts'>>;

// [recogniser id, text as printed (source), what must be read from it]
const SAMPLES: [string, string, Expected][] = [
  [
    'node-module-version',
    // https://github.com/vrza/node-blake2/issues/8
    "Error: The module '/usr/src/titanium/node_modules/blake2/build/Release/binding.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 57. This version of Node.js requires\nNODE_MODULE_VERSION 64. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).",
    {
      kind: 'node-module-version',
      path: '/usr/src/titanium/node_modules/blake2/build/Release/binding.node',
      facts: { compiledAbi: '57', requiredAbi: '64' },
    },
  ],
  [
    'sharp-binaries-cannot-be-used',
    // https://github.com/AntonLukichev/node-imgoptimize/issues/16
    "Error: 'win32-x64' binaries cannot be used on the 'linux-x64' platform. Please remove the 'node_modules/sharp/vendor' directory and run 'npm install'.",
    { kind: 'sharp-platform', facts: { installed: 'win32-x64', runtime: 'linux-x64' } },
  ],
  [
    'sharp-could-not-load',
    // https://github.com/wppconnect-team/wppconnect-server/issues/1672
    'wppconnect-1  | Error: Could not load the "sharp" module using the linuxmusl-x64 runtime\nwppconnect-1  | Possible solutions:',
    { kind: 'sharp-platform', facts: { runtime: 'linuxmusl-x64' } },
  ],
  [
    'esbuild-other-platform',
    // https://github.com/evanw/esbuild/issues/1819 (esbuild < 0.16 package names, wrapped lines)
    'Specifically the "esbuild-linux-arm64" package is present but this platform\nneeds the "esbuild-darwin-arm64" package instead. People often get into this',
    { kind: 'esbuild-platform', facts: { needed: 'esbuild-darwin-arm64', present: 'esbuild-linux-arm64' } },
  ],
  [
    'esbuild-package-not-found',
    // https://github.com/evanw/esbuild/issues/1819
    'The package "esbuild-linux-64" could not be found, and is needed by esbuild.',
    { kind: 'esbuild-missing-package', facts: { needed: 'esbuild-linux-64' } },
  ],
  [
    'rollup-native-missing',
    // https://github.com/rollup/rollup/issues/5170
    "Error: Cannot find module '@rollup/rollup-linux-arm64-musl'\nRequire stack:\n- /var/www/html/node_modules/rollup/dist/native.js",
    { kind: 'rollup-platform', path: null, facts: { needed: '@rollup/rollup-linux-arm64-musl' } },
  ],
  [
    'node-addon-not-found',
    // https://github.com/knex/knex/issues/4634
    "Error: Cannot find module '/app/node_modules/sqlite3/lib/binding/napi-v3-linux-x64/node_sqlite3.node'\nRequire stack:\n- /app/node_modules/sqlite3/lib/sqlite3-binding.js",
    { kind: 'node-addon-not-found', path: '/app/node_modules/sqlite3/lib/binding/napi-v3-linux-x64/node_sqlite3.node' },
  ],
  [
    'glibc-version-not-found',
    // https://github.com/docker/compose/issues/8048
    "[13] Error loading Python lib '/tmp/_MEIn9gFoA/libpython3.9.so.1.0': dlopen: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.28' not found (required by /tmp/_MEIn9gFoA/libpython3.9.so.1.0)",
    {
      kind: 'glibc-version-not-found',
      path: '/tmp/_MEIn9gFoA/libpython3.9.so.1.0',
      facts: { library: '/lib/x86_64-linux-gnu/libc.so.6', version: 'GLIBC_2.28' },
    },
  ],
  [
    'glibc-program-missing-library',
    // https://github.com/openmultiplayer/open.mp/issues/1168
    './omp-server: error while loading shared libraries: libatomic.so.1: cannot open shared object file: No such file or directory',
    { kind: 'glibc-missing-library', path: './omp-server', soname: 'libatomic.so.1' },
  ],
  [
    'glibc-cannot-open-file',
    // https://github.com/TryGhost/node-sqlite3/issues/1079
    'Error: /home/sqliteTest/node_modules/sqlite3/lib/binding/node-v67-linux-arm/node_sqlite3.node: cannot open shared object file: No such file or directory',
    {
      kind: 'glibc-cannot-open-file',
      path: '/home/sqliteTest/node_modules/sqlite3/lib/binding/node-v67-linux-arm/node_sqlite3.node',
    },
  ],
  [
    'glibc-missing-library',
    // https://github.com/GrahamDumpleton/mod_wsgi/issues/411
    'Error-message persists after re-building `psycopg2`:\n`libpq.so.5: cannot open shared object file: No such file or directory`',
    { kind: 'glibc-missing-library', path: null, soname: 'libpq.so.5' },
  ],
  [
    'glibc-wrong-elf-class',
    // https://github.com/phunt/zookeeper_dashboard/issues/12
    'ImportError: /home/ttpl1/project/django-user/zookeeper_dashboard/lib.linux-i686-2.6/zookeeper.so: wrong ELF class: ELFCLASS32',
    {
      kind: 'glibc-wrong-elf-class',
      path: '/home/ttpl1/project/django-user/zookeeper_dashboard/lib.linux-i686-2.6/zookeeper.so',
      facts: { elfClass: 'ELFCLASS32' },
    },
  ],
  [
    'glibc-wrong-byte-order',
    // binaries.md §4.1
    './x.so: ELF file data encoding not little-endian',
    { kind: 'glibc-wrong-byte-order', path: './x.so', facts: { endianness: 'little' } },
  ],
  [
    'glibc-file-too-short',
    // fixtures/binaries/loader-output.json
    './pyc-cp311.pyc: file too short',
    { kind: 'glibc-file-too-short', path: './pyc-cp311.pyc' },
  ],
  [
    'glibc-os-abi-invalid',
    // fixtures/binaries/loader-output.json
    './elf-x86_64-unknown-freebsd.so: ELF file OS ABI invalid',
    { kind: 'glibc-os-abi-invalid', path: './elf-x86_64-unknown-freebsd.so' },
  ],
  [
    'elf-alignment',
    // https://github.com/OpenZWave/open-zwave/issues/2649
    'node_modules/openzwave-shared/build/Release/openzwave_shared.node: ELF load command address/offset not properly aligned',
    { kind: 'elf-alignment', path: 'node_modules/openzwave-shared/build/Release/openzwave_shared.node' },
  ],
  [
    'glibc-invalid-elf-header',
    // https://github.com/barrysteyn/node-scrypt/issues/160
    'api_1  | Error: /code/api/src/node_modules/node-scrypt/build/default/scrypt.node: invalid ELF header\napi_1  |     at Object.Module._extensions..node (module.js:653:18)',
    { kind: 'glibc-invalid-elf-header', path: '/code/api/src/node_modules/node-scrypt/build/default/scrypt.node' },
  ],
  [
    'musl-exec-format',
    // https://github.com/WiseLibs/better-sqlite3/issues/943
    'Error: Error loading shared library /home/node/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node: Exec format error',
    { kind: 'musl-exec-format', path: '/home/node/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node' },
  ],
  [
    'musl-missing-library',
    // https://github.com/lrybak/hassio-owserver/issues/5
    'Error loading shared library libgcc_s.so.1: No such file or directory (needed by /opt/owfs/bin/owserver)',
    { kind: 'musl-missing-library', path: '/opt/owfs/bin/owserver', soname: 'libgcc_s.so.1' },
  ],
  [
    'musl-missing-file',
    // https://github.com/asg017/sqlite-vec/issues/217
    'SqliteError: Error loading shared library /cache/gitlab-runner/02cadffc/node_modules/sqlite-vec-linux-x64/vec0.so.so: No such file or directory',
    { kind: 'musl-missing-file', path: '/cache/gitlab-runner/02cadffc/node_modules/sqlite-vec-linux-x64/vec0.so.so' },
  ],
  [
    'musl-symbol-not-found',
    // https://github.com/lkwg82/h2o.docker/issues/1
    '> Error relocating /usr/local/bin/h2o: _ZdaPv: symbol not found',
    { kind: 'musl-symbol-not-found', path: '/usr/local/bin/h2o', facts: { symbol: '_ZdaPv' } },
  ],
  [
    'musl-unsupported-relocation',
    // https://github.com/sgerrand/alpine-pkg-glibc/issues/194
    'Error relocating /lib/ld-linux-x86-64.so.2: unsupported relocation type 37',
    { kind: 'musl-unsupported-relocation', path: '/lib/ld-linux-x86-64.so.2', facts: { relocation: '37' } },
  ],
  [
    'runc-exec-format',
    // https://github.com/langfuse/langfuse/issues/2556
    'docker run -it --rm langfuse/langfuse:2 \nexec /usr/local/bin/docker-entrypoint.sh: exec format error',
    { kind: 'exec-format-error', path: '/usr/local/bin/docker-entrypoint.sh' },
  ],
  [
    'runc-exec-format-no-path',
    // https://github.com/zilliztech/attu/issues/415
    'standard_init_linux.go:224: exec user process caused "exec format error"',
    { kind: 'exec-format-error', path: null },
  ],
  [
    'bash-exec-format',
    // https://github.com/evanw/esbuild/issues/642
    'in Linux trying to run that throws `cannot execute binary file: Exec format error`.',
    { kind: 'exec-format-error', path: null },
  ],
  ['python-exec-format', "OSError: [Errno 8] Exec format error: './x'", { kind: 'exec-format-error', path: './x' }], // binaries.md §4.2
  ['shell-exec-format', 'sh: 1: ./x: Exec format error', { kind: 'exec-format-error', path: './x' }], // binaries.md §4.2
  [
    'shell-syntax-fallback',
    // binaries.md §4.2 (busybox sh)
    './x: line 1: syntax error: unexpected word (expecting ")")',
    { kind: 'shell-syntax-error', path: './x' },
  ],
  [
    'runc-not-found',
    // https://github.com/astral-sh/uv-docker-example/pull/33
    'exec backend/.venv/bin/fastapi: no such file or directory',
    { kind: 'exec-not-found', path: 'backend/.venv/bin/fastapi' },
  ],
  [
    'runc-stat-not-found',
    // https://github.com/whyour/qinglong/issues/2567
    'docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "./docker/docker-entrypoint.sh": stat ./docker/docker-entrypoint.sh: no such file or directory: unknown.',
    { kind: 'exec-not-found', path: './docker/docker-entrypoint.sh' },
  ],
  [
    'runc-not-in-path',
    // https://github.com/astral-sh/uv/issues/8342
    'Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "fastapi": executable file not found in $PATH: unknown',
    { kind: 'exec-not-found', path: 'fastapi' },
  ],
  [
    'runc-not-found-no-path',
    // https://github.com/gthole/gedgo/issues/9
    'standard_init_linux.go:190: exec user process caused "no such file or directory"',
    { kind: 'exec-not-found', path: null },
  ],
  [
    'bash-required-file-not-found',
    // https://github.com/zeropsio/docs/issues/125
    'tegola-runtime-2-7e:/var/www$ ./tegola \nbash: ./tegola: cannot execute: required file not found',
    { kind: 'exec-not-found', path: './tegola' },
  ],
  [
    'bash-bad-interpreter',
    // https://github.com/timdaman/check_docker/issues/16
    '-bash: /root/Python-3.6.1/.venv/bin/check_docker: /usr/local/bin/python3.6: bad interpreter: No such file or directory',
    {
      kind: 'exec-not-found',
      path: '/root/Python-3.6.1/.venv/bin/check_docker',
      facts: { interpreter: '/usr/local/bin/python3.6' },
    },
  ],
  [
    'sh-not-found',
    // https://github.com/docker/compose/issues/3309
    '/usr/local/bin/docker-compose --version\n-ash: /usr/local/bin/docker-compose: not found',
    { kind: 'exec-not-found', path: '/usr/local/bin/docker-compose' },
  ],
  [
    'sh-no-such-file',
    // https://github.com/SocialCodeInc/dockerfy/issues/6
    'bash: ./dockerfy: No such file or directory',
    { kind: 'exec-not-found', path: './dockerfy' },
  ],
  [
    'python-file-not-found',
    // binaries.md §4.2
    "FileNotFoundError: [Errno 2] No such file or directory: './x'",
    { kind: 'exec-not-found', path: './x' },
  ],
  [
    'python-module-not-found',
    // https://github.com/numpy/numpy/issues/24114
    "    from numpy.core._multiarray_umath import (\nModuleNotFoundError: No module named 'numpy.core._multiarray_umath'",
    { kind: 'python-module-not-found', module: 'numpy.core._multiarray_umath' },
  ],
  [
    'python2-no-module',
    // https://github.com/docker/compose/issues/6481
    '    from compose.cli.main import main\nImportError: No module named compose.cli.main',
    { kind: 'python-module-not-found', module: 'compose.cli.main' },
  ],
  [
    'python-bad-magic',
    // https://github.com/rybodiddly/Kijiji-Reposter/issues/6
    "ImportError: bad magic number in 'kijijiapi': b'B\\r\\r\\n'",
    { kind: 'python-bad-magic', module: 'kijijiapi', facts: { magic: "b'B\\r\\r\\n'" } },
  ],
  [
    'python-bad-magic-pyc',
    // https://github.com/whitelok/watermark-remover/issues/31
    '➜  Sites docker run whitelok/watermark-remover:v1.0 bash ./train.sh\nRuntimeError: Bad magic number in .pyc file',
    { kind: 'python-bad-magic', module: null },
  ],
  [
    'uv-venv-exists',
    // https://github.com/snowflakedb/ArcticTraining/pull/352
    'error: Failed to create virtual environment\n  Caused by: A virtual environment already exists at `/home/runner/work/ArcticTraining/ArcticTraining/.venv`. Use `--clear` to replace it',
    { kind: 'uv-venv-exists', path: '/home/runner/work/ArcticTraining/ArcticTraining/.venv' },
  ],
  [
    'uv-venv-invalid',
    // https://github.com/activetigger/activetigger/issues/998
    'api-1       | error: Project virtual environment directory `/home/python/venv` cannot be used because it is not a valid Python environment (no Python executable was found)',
    { kind: 'uv-venv-invalid', path: '/home/python/venv' },
  ],
  [
    'uv-canonicalize-python',
    // https://github.com/astral-sh/uv/issues/3375
    '0.258 error: failed to canonicalize path /code/.venv/bin/python 258   Caused by: No such file or directory (os error 2)',
    { kind: 'uv-venv-invalid', path: '/code/.venv/bin/python' },
  ],
  [
    'uv-venv-dangling-python',
    // https://github.com/astral-sh/uv/issues/11010
    'warning: Ignoring existing virtual environment linked to non-existent Python interpreter: /root/.cache/uv/project2/bin/python3 -> python\nUsing CPython 3.11.11',
    { kind: 'uv-venv-invalid', path: '/root/.cache/uv/project2/bin/python3' },
  ],
  [
    'uv-venv-mismatch',
    // https://github.com/readthedocs/readthedocs.org/issues/12616
    'warning: `VIRTUAL_ENV=/.venv` does not match the project environment path `.venv` and will be ignored',
    { kind: 'uv-venv-mismatch', path: '.venv', facts: { virtualEnv: '/.venv' } },
  ],
  [
    'node-self-register',
    // https://github.com/martin-doyle/node-red-contrib-aedes/issues/56
    "[node-red-contrib-aedes/aedes-mqtt-broker] Error: Module did not self-register: '~/.node-red/node_modules/snappy/build/Release/binding.node'.",
    { kind: 'node-self-register', path: '~/.node-red/node_modules/snappy/build/Release/binding.node' },
  ],
  [
    'macos-incompatible-arch',
    // https://github.com/dbgate/dbgate/issues/1115
    "tried: '/Applications/DbGate.app/Contents/Resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node' (mach-o file, but is an incompatible architecture (have 'arm64', need 'x86_64h' or 'x86_64'))",
    { kind: 'macos-incompatible-arch', facts: { have: 'arm64', need: 'x86_64h' } },
  ],
  [
    'buildkit-checksum-not-found',
    // https://github.com/DataMedSci/pymchelper/issues/836
    '#7 [ 3/14] COPY requirements.txt .\n#7 ERROR: failed to calculate checksum of ref 25309008-d3b6-4795-9b53-5704e2dd5a06::58tyl2ts2nro3szjq3yblhp1t: "/requirements.txt": not found',
    { kind: 'buildkit-source-not-found', path: '/requirements.txt' },
  ],
  [
    'classic-copy-failed',
    // https://github.com/sigstore/rekor/pull/1352
    'COPY failed: stat opt/app-root/src/rekor-server_test: file does not exist',
    { kind: 'buildkit-source-not-found', path: 'opt/app-root/src/rekor-server_test' },
  ],
  [
    'parcel-watcher-no-prebuild',
    // https://github.com/parcel-bundler/watcher/issues/147
    "parcel-test-parcel-1  | Error: No prebuild or local build of @parcel/watcher found. Tried @parcel/watcher-linux-x64-musl. Please ensure it is installed (don't use --no-optional when installing with npm).",
    {
      kind: 'platform-package-missing',
      facts: { needed: '@parcel/watcher-linux-x64-musl', package: '@parcel/watcher' },
    },
  ],
  [
    'node-platform-package-not-found',
    // https://github.com/tailwindlabs/tailwindcss/issues/17958
    "Error: Cannot find module '../lightningcss.linux-x64-musl.node'",
    { kind: 'platform-package-missing', facts: { needed: '../lightningcss.linux-x64-musl.node' } },
  ],
  [
    'daemon-cannot-start-exec-format',
    // https://github.com/ysrc/xunfeng/issues/93
    'FATA[0000] Error response from daemon: Cannot start container 7e6537515e91cbf89b507f3591e03404a25de43b91e8d8ef5ea86cfc4733eb0a: [8] System error: exec format error',
    { kind: 'exec-format-error', path: null },
  ],
  [
    'bare-exec-format',
    // https://github.com/moby/moby/issues/7527
    '2014/08/11 18:20:44 exec format error',
    { kind: 'exec-format-error', path: null },
  ],
  [
    'env-interpreter-crlf',
    // https://github.com/puckel/docker-airflow/issues/597 (curly quotes, the CR written as \r)
    '/usr/bin/env: ‘bash\\r’: No such file or directory',
    { kind: 'crlf-interpreter', facts: { interpreter: 'bash' } },
  ],
  [
    'venv-python-missing',
    // https://github.com/docker-library/python/issues/216
    "Error: [Errno 2] No such file or directory: '/usr/src/app/flask/bin/python3'",
    { kind: 'venv-python-missing', path: '/usr/src/app/flask/bin/python3' },
  ],
  [
    'glibc-cpu-level',
    // https://github.com/chainguard-images/images/issues/1658
    'Fatal glibc error: CPU does not support x86-64-v2',
    { kind: 'cpu-unsupported', facts: { cpuLevel: 'x86-64-v2' } },
  ],
  [
    'image-platform-warning',
    // https://github.com/Consdata/kouncil/issues/285
    "WARNING: The requested image's platform (linux/amd64) does not match the detected host platform (linux/arm64/v8) and no specific platform was requested",
    { kind: 'image-platform', facts: { hostPlatform: 'linux/arm64/v8', imagePlatform: 'linux/amd64' } },
  ],
  [
    'node-dlopen-failed',
    // https://github.com/WiseLibs/better-sqlite3/issues/943 (the marker alone)
    "}\n  code: 'ERR_DLOPEN_FAILED'\n}",
    { kind: 'node-dlopen-failed' },
  ],
];

describe('recognisers', () => {
  test('every recogniser has a sample below', () => {
    const sampled = new Set(SAMPLES.map(([id]) => id));
    expect(RECOGNISERS.map((r) => r.id).filter((id) => !sampled.has(id))).toEqual([]);
    expect(new Set(RECOGNISERS.map((r) => r.id)).size).toBe(RECOGNISERS.length);
  });

  test('every recogniser cites where its text comes from', () => {
    for (const r of RECOGNISERS) expect(r.seenIn, r.id).toMatch(/^(https:\/\/github\.com\/|binaries\.md §)/);
  });

  test.for(SAMPLES)('the needle of %s is in every match', ([id, text]) => {
    const r = RECOGNISERS.find((x) => x.id === id)!;
    const matches = [...cleanLog(text).text.matchAll(new RegExp(r.pattern.source, r.pattern.flags))];
    expect(matches.length).toBeGreaterThan(0);
    for (const m of matches) expect(m[0]).toContain(r.needle);
  });

  test.for(SAMPLES)('%s', ([, text, expected]) => {
    const messages = parseMessages(text);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject(expected);
  });
});

describe('log cleaning', () => {
  test.for([
    ['BuildKit plain progress', '#9 12.18 Error relocating /aws/dist/aws: __strcat_chk: symbol not found'],
    ['BuildKit step header', '#9 Error relocating /aws/dist/aws: __strcat_chk: symbol not found'],
    ['BuildKit tty error summary', '0.661 Error relocating /aws/dist/aws: __strcat_chk: symbol not found'],
    ['compose v2', 'web-1  | Error relocating /aws/dist/aws: __strcat_chk: symbol not found'],
    ['compose v1', 'web_1         | Error relocating /aws/dist/aws: __strcat_chk: symbol not found'],
    [
      'RFC 3339 timestamp',
      '2025-08-31T07:34:38.939892797Z Error relocating /aws/dist/aws: __strcat_chk: symbol not found',
    ],
    ['Docker Desktop timestamp', '2024-05-08 21:31:27 Error relocating /aws/dist/aws: __strcat_chk: symbol not found'],
    ['ANSI colours', '\u001b[31mError relocating /aws/dist/aws: __strcat_chk: symbol not found\u001b[0m'],
    ['stacked prefixes', '#12 3.104 web-1  | Error relocating /aws/dist/aws: __strcat_chk: symbol not found'],
    ['podman-compose', '[web] | Error relocating /aws/dist/aws: __strcat_chk: symbol not found'],
    [
      'kubectl logs --prefix',
      '[pod/web-7d4b9c-xk2lq/app] Error relocating /aws/dist/aws: __strcat_chk: symbol not found',
    ],
    [
      'GitHub Actions timestamp and ##[error]',
      '2024-01-09T10:11:12.1234567Z ##[error]Error relocating /aws/dist/aws: __strcat_chk: symbol not found',
    ],
  ])('%s', ([, line]) => {
    expect(parseMessages(line!)).toEqual([
      expect.objectContaining({
        kind: 'musl-symbol-not-found',
        path: '/aws/dist/aws',
        text: 'Error relocating /aws/dist/aws: __strcat_chk: symbol not found',
      }),
    ]);
  });

  test.for([
    ['a literal \\r in straight quotes', "/usr/bin/env: 'bash\\r': No such file or directory"],
    ['a literal \\r in curly quotes', '/usr/bin/env: ‘bash\\r’: No such file or directory'],
    ['a real CR', "/usr/bin/env: 'bash\r': No such file or directory"],
    ['the CR shown as a space', "env: 'bash ': No such file or directory"],
    ['busybox, the CR shown as a line break', "env: can't execute 'bash\n': No such file or directory"],
  ])('env and a CR LF #! line: %s', ([, text]) => {
    expect(parseMessages(text!)).toEqual([
      expect.objectContaining({ kind: 'crlf-interpreter', facts: { interpreter: 'bash' } }),
    ]);
  });

  test('keeps input line numbers, counting CR redraws as part of their line', () => {
    const log = cleanLog('first\r\nsecond\rredrawn\nthird');
    expect(log.text.split('\n')).toEqual(['first', 'second', 'redrawn', 'third']);
    expect(log.lineNumbers).toEqual([1, 2, 2, 3]);
    const [m] = parseMessages('a\r\nb\nexec /app/x: exec format error\n');
    expect(m!.line).toBe(3);
  });

  test('a message split across BuildKit-prefixed lines is read whole', () => {
    const text = [
      "#7 0.812 Error: The module '/app/node_modules/bcrypt/lib/binding/bcrypt_lib.node'",
      '#7 0.812 was compiled against a different Node.js version using',
      '#7 0.812 NODE_MODULE_VERSION 72. This version of Node.js requires',
      '#7 0.812 NODE_MODULE_VERSION 83. Please try re-compiling or re-installing',
    ].join('\n');
    expect(parseMessages(text)).toEqual([
      expect.objectContaining({
        kind: 'node-module-version',
        path: '/app/node_modules/bcrypt/lib/binding/bcrypt_lib.node',
        line: 1,
      }),
    ]);
  });
});

describe('folding', () => {
  test('repeats are one message with a count; musl reports every symbol of one file', () => {
    const text = [
      'Error relocating /aws/dist/aws: __strcat_chk: symbol not found',
      'Error relocating /aws/dist/aws: __memcpy_chk: symbol not found',
    ].join('\n');
    expect(parseMessages(text)).toEqual([
      expect.objectContaining({ kind: 'musl-symbol-not-found', occurrences: 2, facts: { symbol: '__strcat_chk' } }),
    ]);
  });

  test("ERR_DLOPEN_FAILED is dropped when the loader's message is there", () => {
    const text =
      "Error: /app/x.node: invalid ELF header\n    at Module._extensions..node (node:internal/modules/cjs/loader:1460:18) {\n  code: 'ERR_DLOPEN_FAILED'\n}";
    expect(parseMessages(text).map((m) => m.kind)).toEqual(['glibc-invalid-elf-header']);
  });

  test('text one recogniser took is not read again by a more general one', () => {
    // musl's "Exec format error" is not also a shell's; glibc's program form is not also the bare soname form.
    expect(parseMessages('Error loading shared library /x.so: Exec format error').map((m) => m.kind)).toEqual([
      'musl-exec-format',
    ]);
    expect(
      parseMessages(
        './x: error while loading shared libraries: libfoo.so.1: cannot open shared object file: No such file or directory',
      ).map((m) => m.kind),
    ).toEqual(['glibc-missing-library']);
  });

  test("runc's old escaped quoting", () => {
    // https://github.com/moby/moby/issues/37749
    const text =
      'OCI runtime create failed: container_linux.go:348: starting container process caused "exec: \\"./bin/run.sh\\": stat ./bin/run.sh: no such file or directory": unknown.';
    expect(parseMessages(text)).toEqual([expect.objectContaining({ kind: 'exec-not-found', path: './bin/run.sh' })]);
  });

  test('a relative require is resolved against the requiring file', () => {
    const text =
      "Cannot find module '../build/Release/sharp-linuxmusl-x64.node'\nRequire stack:\n- /usr/src/app/node_modules/sharp/lib/sharp.js";
    expect(parseMessages(text)[0]!.path).toBe('/usr/src/app/node_modules/sharp/build/Release/sharp-linuxmusl-x64.node');
  });

  test('a text without any known message gives none', () => {
    expect(parseMessages('npm ERR! code ELIFECYCLE\nnpm ERR! errno 1\n')).toEqual([]);
  });
});

describe('platform hints', () => {
  test.for([
    ['Could not load the "sharp" module using the linuxmusl-arm64 runtime', 'arm64', 'musl'],
    ['Cannot find module @rollup/rollup-linux-x64-gnu. npm has a bug', 'amd64', 'glibc'],
    [
      'the "@esbuild/darwin-arm64" package is present but this platform needs the "@esbuild/linux-arm64" package instead',
      'arm64',
      null,
    ],
    ["/lib/aarch64-linux-gnu/libc.so.6: version `GLIBC_2.38' not found (required by ./x)", 'arm64', 'glibc'],
    [
      "Cannot find module '/app/node_modules/sqlite3/lib/binding/napi-v6-linux-musl-x64/node_sqlite3.node'",
      'amd64',
      'musl',
    ],
  ] as const)('%s', ([text, arch, libc]) => {
    const { hints } = parseErrorText(text);
    expect({ arch: hints.arch, libc: hints.libc }).toEqual({ arch, libc });
  });

  test("the interpreter's own library paths give the Python version, a venv's do not", () => {
    expect(
      parseErrorText('  File "/usr/local/lib/python3.12/site-packages/x/__init__.py", line 1').hints.pythonVersion,
    ).toBe('3.12');
    expect(
      parseErrorText('  File "/opt/venv/lib/python3.11/site-packages/x/__init__.py", line 1').hints.pythonVersion,
    ).toBeNull();
  });
});
