// `buildctx diagnose` through the real bin: the three ways in (--error, --log, stdin), both
// formats, and the exit codes.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CASES, materialise } from '../helpers/diagnose-cases.js';
import { makeTree, tempDir } from '../helpers/make-tree.js';
import { runCli } from '../helpers/run-cli.js';

const byId = (id: string) => CASES.find((c) => c.id === id)!;

describe('diagnose', () => {
  test('--format json: the documented shape, the culprit first, exit 0', async () => {
    const c = byId('invalid-elf-header-bcrypt');
    const dir = materialise(c);
    const r = await runCli(['diagnose', dir, '--error', c.message, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      schemaVersion: 1,
      outcome: 'culprit-found',
      target: { platform: 'linux/amd64', libc: 'glibc' },
      messages: [
        {
          kind: 'glibc-invalid-elf-header',
          line: 1,
          path: '/app/node_modules/bcrypt/lib/binding/bcrypt_lib.node',
          verdict: 'culprit',
        },
      ],
      culprits: [
        {
          path: 'node_modules/bcrypt/lib/binding/bcrypt_lib.node',
          kind: 'macos-binary',
          what: 'Mach-O arm64 bundle',
          origin: {
            containerPath: '/app/node_modules/bcrypt/lib/binding/bcrypt_lib.node',
            method: 'copy',
            instruction: 'COPY . /app',
            line: 4,
          },
          messages: [0],
          fix: {
            ignoreLines: ['**/node_modules'],
            ignoreFile: '.dockerignore',
            verified: true,
            dockerfile: ['COPY package.json package-lock.json ./', 'RUN npm ci'],
          },
        },
      ],
    });
    expect(typeof json.culprits[0].explanation).toBe('string');
  });

  test('text: the messages, the culprit with why and the fix', async () => {
    const c = byId('module-not-found-numpy');
    const dir = materialise(c);
    const r = await runCli(['diagnose', dir, '--error', c.message, '--platform', 'linux/arm64']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Target: linux/arm64 (from --platform), glibc');
    expect(r.stdout).toContain("ModuleNotFoundError: No module named 'numpy.core._multiarray_umath'");
    expect(r.stdout).toContain(
      'venv/lib/python3.11/site-packages/numpy/core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so',
    );
    // `COPY venv /opt/venv` names the venv: no ignore line, the install takes the COPY's place.
    expect(r.stdout).not.toContain('add to .dockerignore');
    expect(r.stdout).toContain('Dockerfile line 3');
    expect(r.stdout).toContain('RUN pip install --no-cache-dir -r requirements.txt');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  test('a log on standard input, from a piped docker build', async () => {
    const c = byId('rollup-native-missing');
    const dir = materialise(c);
    const piped = await runCli(['diagnose', dir, '--format', 'json'], { input: c.message });
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.stdout).culprits[0].path).toBe(
      'node_modules/@rollup/rollup-darwin-arm64/rollup.darwin-arm64.node',
    );
    const dash = await runCli(['diagnose', '-', dir, '--format', 'json'], { input: c.message });
    expect(dash.code).toBe(0);
  });

  test('--log FILE and --log -', async () => {
    const c = byId('musl-symbol-not-found');
    const dir = materialise(c);
    const log = path.join(tempDir(), 'build.log');
    writeFileSync(log, c.message);
    const r = await runCli(['diagnose', dir, '--log', log, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).culprits[0]).toMatchObject({ path: 'aws/dist/aws', kind: 'glibc-binary' });
    expect((await runCli(['diagnose', dir, '--log', '-', '--format', 'json'], { input: c.message })).code).toBe(0);
  });

  test('a look-alike: understood, not blamed on the context, exit 1', async () => {
    const c = byId('elf-not-properly-aligned');
    const dir = materialise(c);
    const r = await runCli(['diagnose', dir, '--error', c.message]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Not caused by the build context:');
    expect(r.stdout).toContain('elf-alignment [segment-alignment]');
    const json = JSON.parse((await runCli(['diagnose', dir, '--error', c.message, '--format', 'json'])).stdout);
    expect(json).toMatchObject({
      outcome: 'nothing-in-context',
      culprits: [],
      messages: [{ verdict: 'not-a-context-problem' }],
    });
  });

  test('no known message: exit 1 and says so', async () => {
    const dir = makeTree({ 'app.py': 'print(1)\n' });
    const r = await runCli(['diagnose', dir, '--error', 'npm ERR! code ELIFECYCLE']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('No known error message found');
    expect(JSON.parse((await runCli(['diagnose', dir, '--error', 'x', '--format', 'json'])).stdout).outcome).toBe(
      'no-message-recognised',
    );
  });

  test.for([
    ['empty input', ['--error', '  '], 'the error text is empty'],
    ['empty standard input', [], 'the error text is empty'],
    ['two inputs', ['--error', 'x', '--log', 'y'], 'give the error one way'],
    ['a missing log', ['--log', 'no-such.log'], 'no such file'],
    ['a bad format', ['--error', 'x', '--format', 'sarif'], '--format must be one of text, json'],
    [
      'a bad platform',
      ['--error', 'exec /x: exec format error', '--platform', 'windows/amd64'],
      'only linux platforms',
    ],
    ['two contexts', ['a', 'b', '--error', 'x'], 'at most one CONTEXT'],
  ] as const)('usage error: %s → exit 2', async ([, args, message]) => {
    const dir = makeTree({ 'a/x': '', 'b/x': '' });
    const r = await runCli(['diagnose', ...args], { cwd: dir, input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  test('help', async () => {
    const r = await runCli(['help', 'diagnose']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: buildctx diagnose/);
    expect((await runCli(['diagnose', '--help'])).stdout).toBe(r.stdout);
  });
});
