import { describe, expect, test } from 'vitest';
import { classifySecret } from '../../src/checks/secret-file.js';
import { analyzeContext, doc, findingsOf } from './analyze-context.js';

const CHECK = 'secret-file';
const PRIVATE_KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';

describe(CHECK, () => {
  test('bad: COPY . . puts .env in the image (error) and the suggested line is checked', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM node:20', 'COPY . .'),
      '.env': 'API_KEY=abc123',
      'index.js': '',
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'error',
      path: '.env',
      data: { kind: 'env-file', copyLines: [2], sentByBuildKit: true, ignoreLines: ['/.env'] },
    });
    expect(found[0]).not.toHaveProperty('line');
  });

  test('bad: a COPY that names the file asks for a build secret instead of an ignore line', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM node:20', 'COPY .npmrc package.json ./'),
      '.npmrc': '//registry.npmjs.org/:_authToken=npm_x\n',
      'package.json': '{}',
    });
    expect(found.map((f) => [f.severity, f.data.kind, f.data.ignoreLines])).toEqual([['error', 'npm-token', []]]);
    expect(found[0]!.message).toContain('--mount=type=secret');
  });

  test('bad: sent to the builder by a RUN --mount, not copied (warning)', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM alpine', 'RUN --mount=type=bind,target=/src true'),
      'deploy/id_ed25519': PRIVATE_KEY,
    });
    expect(found.map((f) => [f.severity, f.path, f.data.sentByBuildKit])).toEqual([
      ['warning', 'deploy/id_ed25519', true],
    ]);
  });

  test('bad: eligible but not requested by this Dockerfile (info)', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM alpine', 'COPY app /app'),
      app: '',
      'infra/terraform.tfstate': '{}',
    });
    expect(found.map((f) => [f.severity, f.data.kind, f.data.sentByBuildKit])).toEqual([
      ['info', 'terraform-state', false],
    ]);
  });

  test('bad: a token in a git remote URL; the suggestion is to ignore .git', async () => {
    const found = await findingsOf(CHECK, {
      Dockerfile: doc('FROM alpine', 'COPY . /src'),
      '.git/config': '[remote "origin"]\n\turl = https://x-access-token:ghs_abcdefSECRET@github.com/org/repo.git\n',
      '.git/HEAD': 'ref',
    });
    expect(found.map((f) => [f.severity, f.path, f.data.kind, f.data.ignoreLines])).toEqual([
      ['error', '.git/config', 'git-remote-credentials', ['/.git']],
    ]);
    expect(JSON.stringify(found)).not.toContain('ghs_abcdefSECRET');
  });

  test.for([
    ['.env.example is a template', { '.env.example': 'API_KEY=' }],
    ['.env.example.sail is a template (the marker need not be last)', { '.env.example.sail': '# example\nAPP_KEY=\n' }],
    ['.env.local.sample is a template', { '.env.local.sample': 'APP_KEY=\n' }],
    [
      'a PEM certificate is public',
      { 'certs/server.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' },
    ],
    ['an .npmrc without a token', { '.npmrc': 'registry=https://registry.npmjs.org/\n' }],
    ['a git config without credentials', { '.git/config': '[remote "origin"]\n\turl = git@github.com:org/repo.git\n' }],
    ['excluded by the ignore file', { '.env': 'A=1', '.dockerignore': '.env\n' }],
    ['a public key', { 'id_ed25519.pub': 'ssh-ed25519 AAAA' }],
  ] as const)('good: %s', async ([, files]) => {
    expect(await findingsOf(CHECK, { Dockerfile: doc('FROM alpine', 'COPY . .'), ...files })).toEqual([]);
  });

  test.for([
    ['.env', null, 'env-file'],
    ['config/.env.production', null, 'env-file'],
    ['.ssh/id_rsa', null, 'ssh-private-key'],
    ['tls/server.key', PRIVATE_KEY, 'private-key'],
    ['tls/server.key', 'not a key', null],
    ['keystore.jks', null, 'java-keystore'],
    ['.aws/credentials', null, 'aws-credentials'],
    ['home/.kube/config', 'users:\n- name: x\n  user:\n    token: abc\n', 'kubeconfig'],
    ['sa/my-service-account.json', '{"type": "service_account", "private_key": "x"}', 'gcp-credentials'],
    ['prod.tfstate.backup', null, 'terraform-state'],
    ['.docker/config.json', '{"auths":{"r":{"auth":"dXNlcjpwYXNz"}}}', 'docker-credentials'],
    ['.pypirc', '[pypi]\npassword = x\n', 'pypi-password'],
    ['src/environment.ts', null, null],
  ] as const)('classifySecret(%s)', async ([path, text, kind]) => {
    expect(classifySecret(path, () => text ?? undefined)?.kind ?? null).toBe(kind);
  });

  test('a file is read only when its name needs confirming', async () => {
    let reads = 0;
    classifySecret('.env', () => {
      reads++;
      return '';
    });
    classifySecret('README.md', () => {
      reads++;
      return '';
    });
    expect(reads).toBe(0);
  });

  test('the report never contains a secret value', async () => {
    const report = await analyzeContext({
      Dockerfile: doc('FROM alpine', 'COPY . .'),
      '.env': 'DB_PASSWORD=hunter2-do-not-print',
    });
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });

  describe('graded by reach', () => {
    const vite = doc(
      'FROM node:20 AS build',
      'WORKDIR /app',
      'COPY . .',
      'RUN npm run build',
      'FROM nginx',
      'COPY --from=build /app/dist /usr/share/nginx/html',
    );

    test('an env file of public build-time values in a builder stage is info, with no ignore line', async () => {
      const found = await findingsOf(CHECK, {
        Dockerfile: vite,
        '.env': '# public\nVITE_API_URL=https://api.example.com\nexport NEXT_PUBLIC_X=1\nREACT_APP_Y=2\nPUBLIC_Z=3\n',
      });
      expect(found.map((f) => [f.severity, f.data.reach, f.data.publicOnly, f.data.ignoreLines])).toEqual([
        ['info', 'build-stage', true, []],
      ]);
      expect(JSON.stringify(found)).not.toContain('api.example.com');
    });

    test('one private value among public ones makes it a secret: a warning in a builder stage', async () => {
      const found = await findingsOf(CHECK, {
        Dockerfile: vite,
        '.env': 'VITE_API_URL=https://api.example.com\nSTRIPE_SECRET_KEY=sk_live_x\n',
      });
      expect(found.map((f) => [f.severity, f.data.reach, f.data.publicOnly])).toEqual([
        ['warning', 'build-stage', false],
      ]);
      expect(JSON.stringify(found)).not.toContain('sk_live_x');
    });

    test('a real secret that reaches the final image through COPY --from is an error', async () => {
      const found = await findingsOf(CHECK, {
        Dockerfile: doc(
          'FROM node:20 AS build',
          'WORKDIR /app',
          'COPY . .',
          'FROM node:20-slim',
          'COPY --from=build /app /app',
        ),
        '.env': 'DB_PASSWORD=x\n',
      });
      expect(found.map((f) => [f.severity, f.data.reach, f.data.imagePath])).toEqual([
        ['error', 'final-image', '/app/.env'],
      ]);
    });

    test('without a Dockerfile: a warning that says what COPY . . would do', async () => {
      const found = await findingsOf(CHECK, { '.env': 'DB_PASSWORD=x\n', 'compose.yaml': 'services: {}\n' });
      expect(found.map((f) => [f.severity, f.data.reach])).toEqual([['warning', 'no-dockerfile']]);
      expect(found[0]!.message).toContain('COPY . .');
    });
  });
});
