// Messages exactly as people posted them in public issue threads (the URL is on each case), each
// with a small build context made to match what the thread describes; used by
// test/diagnose/real-messages.test.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Confidence, CulpritKind, MessageVerdict } from '../../src/diagnose/model.js';

const BIN = fileURLToPath(new URL('../../fixtures/binaries/', import.meta.url));
const bin = (name: string): Buffer => readFileSync(BIN + name);

export type Spec = string | Buffer | { content: string | Buffer; mode: number } | { link: string };
export type Files = Record<string, Spec>;

const exe = (content: string | Buffer): Spec => ({ content, mode: 0o755 });
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
const MACHO = bin('macho-arm64-exe');
const GO_MOD = 'module example.com/app\n\ngo 1.22\n';

export interface CulpritCase {
  url: string;
  message: string;
  files: Files;
  options?: { platform?: string; libc?: string; dockerfile?: string; context?: string };
  culprit: string;
  kind: CulpritKind;
  confidence?: Confidence;
}

export interface LookAlikeCase {
  url: string;
  message: string;
  files: Files;
  options?: { platform?: string; libc?: string; dockerfile?: string };
  verdict: MessageVerdict;
  reason: string;
  /** Why nothing in the context is to blame. */
  why: string;
}

/** A lockfile (v3) that knows a package's platform builds, as `npm install` on macOS arm64 writes it. */
function lockWith(root: Record<string, string>, packages: Record<string, object>): string {
  return JSON.stringify(
    {
      name: 'app',
      lockfileVersion: 3,
      requires: true,
      packages: { '': { name: 'app', dependencies: root }, ...packages },
    },
    null,
    2,
  );
}

function platformFamily(base: string, version: string, members: string[], present: string[]): Record<string, object> {
  const optional = Object.fromEntries(members.map((m) => [m, version]));
  const out: Record<string, object> = { [`node_modules/${base}`]: { version, optionalDependencies: optional } };
  for (const m of present) {
    const [os, cpu] = /-(darwin|linux|win32)-([a-z0-9]+)/.exec(m)!.slice(1);
    out[`node_modules/${m}`] = { version, optional: true, os: [os], cpu: [cpu] };
  }
  return out;
}

const LIGHTNINGCSS = [
  'lightningcss-darwin-arm64',
  'lightningcss-darwin-x64',
  'lightningcss-linux-arm64-gnu',
  'lightningcss-linux-x64-gnu',
  'lightningcss-linux-x64-musl',
];
const WATCHER = [
  '@parcel/watcher-darwin-arm64',
  '@parcel/watcher-linux-arm64-glibc',
  '@parcel/watcher-linux-x64-glibc',
  '@parcel/watcher-linux-x64-musl',
];
const ROLLUP = [
  '@rollup/rollup-darwin-arm64',
  '@rollup/rollup-darwin-x64',
  '@rollup/rollup-linux-arm64-gnu',
  '@rollup/rollup-linux-arm64-musl',
  '@rollup/rollup-linux-x64-gnu',
  '@rollup/rollup-linux-x64-musl',
];
const SWC = [
  '@swc/core-darwin-arm64',
  '@swc/core-linux-x64-gnu',
  '@swc/core-linux-x64-musl',
  '@swc/core-linux-arm64-gnu',
];

/** File offset of nm_version in extra/addon-legacy-nm72-rela.node (its struct node_module, at 0x2020). */
const NM_VERSION_OFFSET = 0x1020;

/**
 * A pre-N-API addon built against `abi`: the legacy fixture (no node_register_module_v<N>; the ABI
 * only in its struct node_module) with nm_version set, as node-gyp builds it for that Node.js.
 */
function legacyAddon(abi: number): Buffer {
  const b = Buffer.from(bin('extra/addon-legacy-nm72-rela.node'));
  if (b.readUInt32LE(NM_VERSION_OFFSET) !== 72) throw new Error('the legacy addon fixture changed: NM_VERSION_OFFSET');
  b.writeUInt32LE(abi, NM_VERSION_OFFSET);
  return b;
}

const NODE_BUILD = (base: string): string =>
  `FROM ${base}\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n`;

export const CULPRITS: CulpritCase[] = [
  // --- env and a #! line with CR LF ends ------------------------------------------------------
  {
    url: 'https://github.com/puckel/docker-airflow/issues/597',
    message: '/usr/bin/env: ‘bash\\r’: No such file or directory',
    files: {
      Dockerfile:
        'FROM python:3.7-slim-buster\nCOPY script/entrypoint.sh /entrypoint.sh\nCOPY config/airflow.cfg /usr/local/airflow/airflow.cfg\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["webserver"]\n',
      'script/entrypoint.sh': exe(crlf('#!/usr/bin/env bash\nset -e\nexec airflow "$@"\n')),
      'config/airflow.cfg': '[core]\n',
    },
    culprit: 'script/entrypoint.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/nick-zh/docker-kafka-eagle/issues/18',
    message: 'error /usr/bin/env: ‘bash\\r’: No such file or directory',
    files: {
      Dockerfile: 'FROM openjdk:8-jre-slim\nCOPY entrypoint.sh /usr/local/bin/\nENTRYPOINT ["entrypoint.sh"]\n',
      'entrypoint.sh': exe(crlf('#!/usr/bin/env bash\nexec /opt/kafka-eagle/bin/ke.sh start\n')),
    },
    culprit: 'entrypoint.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/kartoza/docker-postgis/issues/106',
    message:
      "Step 14/26 : RUN /setup.sh\n ---> Running in b0ceec430eb6\n/usr/bin/env: 'bash\\r': No such file or directory\nThe command '/bin/sh -c /setup.sh' returned a non-zero code: 127\n",
    files: {
      Dockerfile:
        'FROM debian:stretch\nADD setup.sh /\nRUN chmod +x /setup.sh\nRUN /setup.sh\nADD docker-entrypoint.sh /docker-entrypoint.sh\nENTRYPOINT ["/docker-entrypoint.sh"]\n',
      'setup.sh': exe(crlf('#!/usr/bin/env bash\napt-get update\n')),
      'docker-entrypoint.sh': exe('#!/usr/bin/env bash\nexec postgres\n'),
    },
    culprit: 'setup.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/Unstructured-IO/unstructured-api/issues/261',
    message:
      "env: 'bash ': No such file or directory\nenv: use -[v]S to pass options in shebang lines\nContainer called exit(127).\n",
    files: {
      Dockerfile:
        'FROM python:3.10-slim\nWORKDIR /home/notebook-user\nCOPY scripts/app-start.sh scripts/app-start.sh\nCOPY prepline_general prepline_general\nENTRYPOINT ["scripts/app-start.sh"]\n',
      'scripts/app-start.sh': exe(crlf('#!/usr/bin/env bash\nuvicorn prepline_general.api.app:app\n')),
      'prepline_general/__init__.py': '',
    },
    culprit: 'scripts/app-start.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/Unstructured-IO/unstructured-api/issues/261',
    message: "env: can't execute 'bash\n': No such file or directory\n",
    files: {
      Dockerfile:
        'FROM alpine:3.19\nRUN apk add --no-cache bash python3\nWORKDIR /app\nCOPY . .\nCMD ["./scripts/app-start.sh"]\n',
      'scripts/app-start.sh': exe(crlf('#!/usr/bin/env bash\nexec python3 -m app\n')),
      'app/__init__.py': '',
    },
    options: { libc: 'musl' },
    culprit: 'scripts/app-start.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/dahlsailrunner/docker-fundamentals/issues/7',
    message: "/usr/bin/env: 'bash\\r': No such file or directory",
    files: {
      'sql.Dockerfile':
        'FROM mcr.microsoft.com/mssql/server:2019-latest\nWORKDIR /usr/src/app\nCOPY . .\nCMD ["/bin/bash", "entrypoint.sh"]\n',
      'entrypoint.sh': 'set -e\n./wait-for-sql.sh && /opt/mssql/bin/sqlservr\n',
      'wait-for-sql.sh': exe(crlf('#!/usr/bin/env bash\nsleep 20\n')),
      'setup.sql': 'CREATE DATABASE globomantics;\n',
    },
    options: { dockerfile: 'sql.Dockerfile' },
    culprit: 'wait-for-sql.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/zhanymkanov/fastapi_production_template/issues/25',
    message: '2024-05-03 15:18:43 /usr/bin/env: ‘bash\\r’: No such file or directory',
    files: {
      Dockerfile:
        'FROM python:3.11-slim\nWORKDIR /src\nCOPY requirements requirements\nRUN pip install -r requirements/base.txt\nCOPY . .\nCMD ["./scripts/start-dev.sh"]\n',
      'requirements/base.txt': 'fastapi\n',
      'scripts/start-dev.sh': exe(crlf('#!/usr/bin/env bash\nexec uvicorn src.main:app --reload\n')),
      'src/main.py': 'app = None\n',
    },
    culprit: 'scripts/start-dev.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  // --- runc: the interpreter of a CR LF #! line is not found --------------------------------
  {
    url: 'https://github.com/dreamfactorysoftware/df-docker/issues/110',
    message: 'exec /docker-entrypoint.sh: no such file or directory',
    files: {
      Dockerfile:
        'FROM ubuntu:22.04\nCOPY docker-entrypoint.sh /docker-entrypoint.sh\nRUN chmod +x /docker-entrypoint.sh\nENTRYPOINT ["/docker-entrypoint.sh"]\n',
      'docker-entrypoint.sh': exe(crlf('#!/bin/bash\nset -e\nexec "$@"\n')),
    },
    culprit: 'docker-entrypoint.sh',
    kind: 'crlf-shebang',
    confidence: 'certain',
  },
  {
    url: 'https://github.com/ShawnHymel/vscode-env-zephyr/issues/2',
    message: 'exec /entrypoint.sh: no such file or directory',
    files: {
      'Dockerfile.espressif':
        'FROM debian:bookworm\nCOPY scripts/entrypoint.sh /entrypoint.sh\nRUN chmod +x /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
      'scripts/entrypoint.sh': exe(crlf('#!/bin/bash\nexec "$@"\n')),
    },
    options: { dockerfile: 'Dockerfile.espressif' },
    culprit: 'scripts/entrypoint.sh',
    kind: 'crlf-shebang',
    confidence: 'certain',
  },
  {
    url: 'https://github.com/jwasham/computer-science-flash-cards/issues/30',
    message: 'standard_init_linux.go:185: exec user process caused "no such file or directory"',
    files: {
      Dockerfile:
        'FROM python:3\nWORKDIR /src\nCOPY . .\nRUN pip install -r requirements.txt\nENTRYPOINT ["/src/entrypoint.sh"]\n',
      'entrypoint.sh': exe(crlf('#!/bin/sh\nexec python server.py\n')),
      'requirements.txt': 'flask\n',
      'server.py': 'print(1)\n',
    },
    culprit: 'entrypoint.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/TOomaAh/emby_exporter_go/issues/7',
    message: 'standard_init_linux.go:228: exec user process caused: no such file or directory',
    files: {
      Dockerfile:
        'FROM golang:1.19-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o emby_exporter\nFROM alpine:3.16\nCOPY --from=build /app/emby_exporter /usr/local/bin/\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
      'entrypoint.sh': exe(crlf('#!/bin/sh\nexec emby_exporter "$@"\n')),
      'main.go': 'package main\nfunc main() {}\n',
      'go.mod': GO_MOD,
    },
    culprit: 'entrypoint.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/snoopysecurity/dvws-node/issues/10',
    message:
      ' Error: /home/dvws-node/node_modules/bcrypt/lib/binding/bcrypt_lib.node: invalid ELF header\nweb_1         |     at Object.Module._extensions..node (internal/modules/cjs/loader.js:807:18)\nweb_1         |     at Module.load (internal/modules/cjs/loader.js:653:32)\nweb_1         |     at Object.<anonymous> (/home/dvws-node/node_modules/bcrypt/bcrypt.js:6:16)\n',
    files: {
      Dockerfile:
        'FROM node:10\nWORKDIR /home/dvws-node\nCOPY package*.json ./\nRUN npm install\nCOPY . .\nCMD ["npm", "start"]\n',
      '.dockerignore': 'node_modules\n',
      'docker-compose.yml':
        "version: '3'\nservices:\n  web:\n    build: .\n    ports:\n      - 80:80\n    volumes:\n      - .:/home/dvws-node\n",
      'package.json': '{"name":"dvws-node","dependencies":{"bcrypt":"3.0.6"}}\n',
      'package-lock.json': lockWith({ bcrypt: '3.0.6' }, { 'node_modules/bcrypt': { version: '3.0.6' } }),
      'node_modules/bcrypt/package.json': '{"name":"bcrypt","version":"3.0.6"}\n',
      'node_modules/bcrypt/bcrypt.js': '',
      'node_modules/bcrypt/lib/binding/bcrypt_lib.node': bin('macho-arm64-bundle.so'),
      'app.js': 'require("bcrypt")\n',
    },
    culprit: 'node_modules/bcrypt/lib/binding/bcrypt_lib.node',
    kind: 'macos-binary',
    confidence: 'certain',
  },
  {
    url: 'https://github.com/Rantanen/node-opus/issues/50',
    message: 'err :  Error: /opt/app/node_modules/node-opus/build/Release/node-opus.node: invalid ELF header',
    files: {
      Dockerfile:
        'FROM node:8\nWORKDIR /opt/app\nCOPY package.json package-lock.json ./\nRUN npm install\nCOPY . .\nCMD ["node", "bot.js"]\n',
      '.dockerignore': 'node_modules\n',
      'docker-compose.yml': 'services:\n  bot:\n    build: .\n    volumes:\n      - .:/opt/app\n',
      'package.json': '{"name":"bot","dependencies":{"node-opus":"0.2.7"}}\n',
      'package-lock.json': lockWith({ 'node-opus': '0.2.7' }, { 'node_modules/node-opus': { version: '0.2.7' } }),
      'node_modules/node-opus/package.json': '{"name":"node-opus","version":"0.2.7"}\n',
      'node_modules/node-opus/binding.gyp': '{}\n',
      'node_modules/node-opus/build/Release/node-opus.node': bin('macho-arm64-bundle.so'),
      'bot.js': 'require("node-opus")\n',
    },
    culprit: 'node_modules/node-opus/build/Release/node-opus.node',
    kind: 'macos-binary',
    confidence: 'certain',
  },
  {
    url: 'https://github.com/barrysteyn/node-scrypt/issues/160',
    message:
      'api_1  |   module.js:653\napi_1  |   return process.dlopen(module, path._makeLong(filename));\napi_1  |                  ^\napi_1  |\napi_1  | Error: /code/api/src/node_modules/node-scrypt/build/default/scrypt.node: invalid ELF header\napi_1  |     at Object.Module._extensions..node (module.js:653:18)\n',
    files: {
      'docker-compose.yml':
        'services:\n  api:\n    build: ./api\n    command: npm start\n    volumes:\n      - ./api:/code/api\n',
      'api/Dockerfile':
        'FROM ubuntu:16.04\nRUN apt-get update && apt-get install -y nodejs npm\nWORKDIR /code/api/src\nCOPY src/package.json ./\nRUN npm install\nCOPY . /code/api\n',
      'api/.dockerignore': 'src/node_modules\n',
      'api/src/package.json': '{"name":"api","dependencies":{"node-scrypt":"1.0.0"}}\n',
      'api/src/node_modules/node-scrypt/package.json': '{"name":"node-scrypt","version":"1.0.0"}\n',
      'api/src/node_modules/node-scrypt/build/default/scrypt.node': bin('pe-x64.dll'),
      'api/src/index.js': 'require("node-scrypt")\n',
    },
    options: { context: 'api' },
    culprit: 'src/node_modules/node-scrypt/build/default/scrypt.node',
    kind: 'windows-binary',
    confidence: 'certain',
  },
  {
    url: 'https://github.com/testdrivenio/testdriven-app-2.4/issues/15',
    message: 'users_1     | standard_init_linux.go:207: exec user process caused "no such file or directory"',
    files: {
      Dockerfile:
        'FROM python:3.7.4-alpine\nWORKDIR /usr/src/app\nCOPY ./requirements.txt /usr/src/app/requirements.txt\nRUN pip install -r requirements.txt\nCOPY ./entrypoint.sh /usr/src/app/entrypoint.sh\nRUN chmod +x /usr/src/app/entrypoint.sh\nCOPY . /usr/src/app\nCMD ["/usr/src/app/entrypoint.sh"]\n',
      'entrypoint.sh': exe(crlf('#!/bin/sh\necho "Waiting for postgres..."\npython manage.py run -h 0.0.0.0\n')),
      'requirements.txt': 'flask\n',
      'manage.py': 'print(1)\n',
    },
    culprit: 'entrypoint.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/aws/graph-explorer/issues/85',
    message: 'exec ./docker-entrypoint.sh: no such file or directory',
    files: {
      Dockerfile:
        'FROM amazonlinux:2\nWORKDIR /graph-explorer\nCOPY . /graph-explorer/\nRUN chmod a+x ./docker-entrypoint.sh\nENTRYPOINT ["./docker-entrypoint.sh"]\n',
      'docker-entrypoint.sh': exe(crlf('#!/bin/sh\nexec pnpm start\n')),
      'package.json': '{"name":"graph-explorer"}\n',
    },
    culprit: 'docker-entrypoint.sh',
    kind: 'crlf-shebang',
    confidence: 'certain',
  },
  {
    url: 'https://github.com/letsencrypt/boulder/issues/3812',
    message:
      'netaccess_1  | standard_init_linux.go:190: exec user process caused "no such file or directory"\nboulder_1    | standard_init_linux.go:190: exec user process caused "no such file or directory"\n',
    files: {
      Dockerfile:
        'FROM golang:1.10.3\nWORKDIR /go/src/github.com/letsencrypt/boulder\nCOPY . .\nENTRYPOINT ["./test/entrypoint.sh"]\n',
      'test/entrypoint.sh': exe(crlf('#!/bin/bash\nset -e -u\nexec "$@"\n')),
      'go.mod': GO_MOD,
    },
    culprit: 'test/entrypoint.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/justb4/docker-jmeter/issues/6',
    message: 'standard_init_linux.go:190: exec user process caused "no such file or directory"',
    files: {
      Dockerfile: 'FROM alpine:3.8\nCOPY entrypoint.sh /\nWORKDIR ${JMETER_HOME}\nENTRYPOINT ["/entrypoint.sh"]\n',
      'entrypoint.sh': exe(crlf('#!/bin/bash\njmeter $@\n')),
    },
    culprit: 'entrypoint.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/nginx-proxy/nginx-proxy/issues/1173',
    message: 'standard_init_linux.go:190: exec user process caused "no such file or directory"',
    files: {
      'Dockerfile.alpine':
        'FROM nginx:1.14.0-alpine\nCOPY . /app/\nWORKDIR /app/\nENTRYPOINT ["/app/docker-entrypoint.sh"]\nCMD ["forego", "start", "-r"]\n',
      'docker-entrypoint.sh': exe(crlf('#!/bin/bash\nset -e\nexec "$@"\n')),
      Procfile: 'nginx: nginx\n',
    },
    options: { dockerfile: 'Dockerfile.alpine' },
    culprit: 'docker-entrypoint.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  // --- a Go program built on the Mac, copied into a Linux image -------------------------------
  {
    url: 'https://github.com/dimonomid/geekmarks/issues/7',
    message:
      'geekmarks-dev-main | standard_init_linux.go:178: exec user process caused "exec format error"\ngeekmarks-dev-main exited with code 1\n',
    files: {
      Dockerfile: 'FROM golang:1.7\nADD geekmarks-server /\nENTRYPOINT /geekmarks-server\n',
      'geekmarks-server': exe(MACHO),
      'go.mod': GO_MOD,
      'main.go': 'package main\nfunc main() {}\n',
    },
    culprit: 'geekmarks-server',
    kind: 'macos-binary',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/grafana/xk6/issues/27',
    message: 'standard_init_linux.go:219: exec user process caused: exec format error',
    files: {
      Dockerfile: 'FROM alpine:3.14\nCOPY k6 /usr/bin/k6\nENTRYPOINT ["k6"]\n',
      k6: exe(MACHO),
      'go.mod': GO_MOD,
      'main.go': 'package main\nfunc main() {}\n',
    },
    culprit: 'k6',
    kind: 'macos-binary',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/micro/micro/issues/275',
    message: 'standard_init_linux.go:207: exec user process caused "exec format error"',
    files: {
      Dockerfile: 'FROM alpine\nADD example-service /example-service\nENTRYPOINT [ "/example-service" ]\n',
      'example-service': exe(MACHO),
      'go.mod': GO_MOD,
      'main.go': 'package main\nfunc main() {}\n',
    },
    culprit: 'example-service',
    kind: 'macos-binary',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/papandadj/nezha-chat-backend/issues/1',
    message: 'standard_init_linux.go:175: exec user process caused "exec format error"',
    files: {
      Dockerfile: 'FROM alpine:3.12\nWORKDIR /app\nCOPY user /app/user\nCMD ["./user"]\n',
      user: exe(MACHO),
      'go.mod': GO_MOD,
      'main.go': 'package main\nfunc main() {}\n',
    },
    culprit: 'user',
    kind: 'macos-binary',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/thockin/go-build-template/issues/56',
    message: 'standard_init_linux.go:228: exec user process caused: exec format error',
    files: {
      Dockerfile: 'FROM gcr.io/distroless/static\nCOPY bin/linux_amd64/myapp /myapp\nENTRYPOINT ["/myapp"]\n',
      'bin/linux_amd64/myapp': exe(MACHO),
      'go.mod': GO_MOD,
      'main.go': 'package main\nfunc main() {}\n',
    },
    culprit: 'bin/linux_amd64/myapp',
    kind: 'macos-binary',
    confidence: 'likely',
  },
  // --- a script the kernel cannot start: no #! on the first line ------------------------------
  {
    url: 'https://github.com/moby/moby/issues/10668',
    message:
      'exec format errorFATA[0000] Error response from daemon: Cannot start container d51c63c1ab2c9d8906aa7a6d427d9f41df8303ffe88b234bab82c9cb983f2f64: exec format error',
    files: {
      Dockerfile:
        'FROM centos:6.6\nUSER root\nADD bootstrap.sh /etc/bootstrap.sh\nRUN chown root:root /etc/bootstrap.sh\nRUN chmod 700 /etc/bootstrap.sh\nENV BOOTSTRAP /etc/bootstrap.sh\nCMD ["/etc/bootstrap.sh", "-bash"]\n',
      'bootstrap.sh': exe(
        '#-------------------------------------------------------------\n# xxxx\n#-------------------------------------------------------------\n\n#!/usr/bin/env bash\nif [[ $1 = "-bash" ]]; then\n  /bin/bash\nfi\n',
      ),
    },
    culprit: 'bootstrap.sh',
    kind: 'not-a-binary',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/techschool/simplebank/issues/109',
    message: 'exec /app/start.sh: exec format error',
    files: {
      Dockerfile:
        'FROM alpine:3.18\nWORKDIR /app\nCOPY app.env .\nCOPY start.sh .\nCOPY wait-for.sh .\nEXPOSE 8000\nCMD [ "/app/main" ]\nENTRYPOINT [ "/app/start.sh" ]\n',
      'app.env': 'DB_DRIVER=postgres\n',
      'start.sh': exe(
        'set -e\n\necho "run db migration"\n/app/migrate -path /app/migration -database "$DB_SOURCE" -verbose up\n\necho "start the app"\nexec "$@"\n',
      ),
      'wait-for.sh': exe('#!/bin/sh\nexit 0\n'),
    },
    culprit: 'start.sh',
    kind: 'not-a-binary',
    confidence: 'certain',
  },
  // --- BuildKit and the classic builder: a COPY source the context does not send --------------
  {
    url: 'https://github.com/DataMedSci/pymchelper/issues/836',
    message:
      '#6 [ 2/14] WORKDIR /app\n#6 CACHED\n\n#7 [ 3/14] COPY requirements.txt .\n#7 ERROR: failed to calculate checksum of ref 25309008-d3b6-4795-9b53-5704e2dd5a06::58tyl2ts2nro3szjq3yblhp1t: "/requirements.txt": not found\n\n#8 [ 4/14] COPY setup.py .\n#8 ERROR: failed to calculate checksum of ref 25309008-d3b6-4795-9b53-5704e2dd5a06::58tyl2ts2nro3szjq3yblhp1t: "/setup.py": not found\n',
    files: {
      Dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nCOPY setup.py .\nCOPY pymchelper pymchelper\nRUN pip install .\n',
      '.dockerignore': '*\n!pymchelper\n',
      'requirements.txt': 'numpy\n',
      'setup.py': 'from setuptools import setup\nsetup()\n',
      'pymchelper/__init__.py': '',
    },
    culprit: '.dockerignore',
    kind: 'ignored-copy-source',
    confidence: 'certain',
  },
  {
    url: 'https://github.com/therealthoren/python-selenium-scraper-template/issues/1',
    message:
      'ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref 8b4a2281-8212-4d01-b0ac-ed00889d5b56::a1udyhgtxx0o667qy7oblnqbf: "/requirements.txt": not found.\n\nDockerfile:47\n--------------------\n  45 |     \n  46 |     # Install python dependencies\n  47 | >>> COPY requirements.txt /tmp/requirements.txt\n  48 |     RUN pip3 install --no-cache-dir -r /tmp/requirements.txt\n',
    files: {
      Dockerfile:
        'FROM python:3.11\nCOPY requirements.txt /tmp/requirements.txt\nRUN pip3 install --no-cache-dir -r /tmp/requirements.txt\nCOPY src /app\n',
      'src/requirements.txt': 'selenium\n',
      'src/main.py': 'print(1)\n',
    },
    culprit: 'Dockerfile',
    kind: 'missing-copy-source',
    confidence: 'certain',
  },
  {
    url: 'https://github.com/Tech-With-Tim/twtcodejam.net/issues/28',
    message: 'failed to compute cache key: "/public" not found: not found',
    files: {
      Dockerfile:
        'FROM node:14\nWORKDIR /app\nCOPY package.json .\nRUN npm install\nCOPY public /app/public\nCOPY src /app/src\n',
      'package.json': '{"name":"twtcodejam"}\n',
      'frontend/public/index.html': '<html></html>\n',
      'src/index.js': '',
    },
    culprit: 'Dockerfile',
    kind: 'missing-copy-source',
    confidence: 'certain',
  },
  // --- python -m venv over a host venv ---------------------------------------------------------
  {
    url: 'https://github.com/docker-library/python/issues/216',
    message:
      "Step 4/4 : RUN python3 -m venv flask\n ---> Running in 4fb4aa38a8ca\nError: [Errno 2] No such file or directory: '/usr/src/app/flask/bin/python3'\nThe command '/bin/sh -c python3 -m venv flask' returned a non-zero code: 1\n",
    files: {
      Dockerfile: 'FROM python\nCOPY . /usr/src/app\nWORKDIR /usr/src/app\nRUN python3 -m venv flask\n',
      'flask/pyvenv.cfg': 'home = /usr/local/bin\ninclude-system-site-packages = false\nversion = 3.6.1\n',
      'flask/bin/python3': { link: '/usr/local/Cellar/python3/3.6.1/bin/python3' },
      'app.py': 'print(1)\n',
    },
    culprit: 'flask/pyvenv.cfg',
    kind: 'host-venv',
    confidence: 'certain',
  },
  // --- npm platform packages: a lockfile without the platform's entry, or a host node_modules --
  {
    url: 'https://github.com/tailwindlabs/tailwindcss/issues/17958',
    message: "Error: Cannot find module '../lightningcss.linux-x64-musl.node'",
    files: {
      Dockerfile: NODE_BUILD('node:18-alpine'),
      'package.json': '{"name":"app","dependencies":{"lightningcss":"1.29.2"}}\n',
      'package-lock.json': lockWith(
        { lightningcss: '1.29.2' },
        platformFamily('lightningcss', '1.29.2', LIGHTNINGCSS, ['lightningcss-darwin-arm64']),
      ),
      'src/index.css': '',
    },
    culprit: 'package-lock.json',
    kind: 'lockfile-missing-package',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/parcel-bundler/lightningcss/issues/1041',
    message: "Cannot find module '../lightningcss.linux-x64-gnu.node'",
    files: {
      Dockerfile: NODE_BUILD('node:20-bookworm'),
      'package.json': '{"name":"tools","dependencies":{"lightningcss":"1.30.1"}}\n',
      'package-lock.json': lockWith(
        { lightningcss: '1.30.1' },
        platformFamily('lightningcss', '1.30.1', LIGHTNINGCSS, [
          'lightningcss-darwin-arm64',
          'lightningcss-darwin-x64',
        ]),
      ),
    },
    culprit: 'package-lock.json',
    kind: 'lockfile-missing-package',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/parcel-bundler/lightningcss/issues/956',
    message:
      "Error: Cannot find module '../lightningcss.linux-x64-gnu.node'\nRequire stack:\n- /home/runner/work/template-nextjs/template-nextjs/node_modules/lightningcss/node/index.js\n",
    files: {
      Dockerfile: NODE_BUILD('node:22'),
      'package.json': '{"name":"website","dependencies":{"lightningcss":"1.29.3"}}\n',
      'package-lock.json': lockWith(
        { lightningcss: '1.29.3' },
        platformFamily('lightningcss', '1.29.3', LIGHTNINGCSS, ['lightningcss-darwin-arm64']),
      ),
    },
    culprit: 'package-lock.json',
    kind: 'lockfile-missing-package',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/parcel-bundler/watcher/issues/147',
    message:
      "parcel-test-parcel-1  | \nparcel-test-parcel-1  | > parcel-test@1.0.0 start\nparcel-test-parcel-1  | > node index.js\nparcel-test-parcel-1  | /app/node_modules/@parcel/watcher/index.js:25\nparcel-test-parcel-1  | Error: No prebuild or local build of @parcel/watcher found. Tried @parcel/watcher-linux-x64-musl. Please ensure it is installed (don't use --no-optional when installing with npm). Otherwise it is possible we don't support your platform yet. If this is the case, please report an issue to https://github.com/parcel-bundler/watcher.\n",
    files: {
      Dockerfile: 'FROM node:alpine\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n',
      'package.json':
        '{"name":"parcel-test","version":"1.0.0","scripts":{"start":"node index.js"},"dependencies":{"@parcel/watcher":"2.2.0"}}\n',
      'package-lock.json': lockWith(
        { '@parcel/watcher': '2.2.0' },
        platformFamily('@parcel/watcher', '2.2.0', WATCHER, ['@parcel/watcher-darwin-arm64']),
      ),
      'index.js': "require('@parcel/watcher');\n",
      'node_modules/@parcel/watcher/package.json': '{"name":"@parcel/watcher","version":"2.2.0"}\n',
      'node_modules/@parcel/watcher/index.js': '',
      'node_modules/@parcel/watcher-darwin-arm64/package.json':
        '{"name":"@parcel/watcher-darwin-arm64","version":"2.2.0","os":["darwin"],"cpu":["arm64"]}\n',
      'node_modules/@parcel/watcher-darwin-arm64/watcher.node': bin('macho-arm64-bundle.so'),
    },
    culprit: 'node_modules/@parcel/watcher-darwin-arm64/watcher.node',
    kind: 'foreign-platform-package',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/parcel-bundler/watcher/issues/152',
    message:
      "No prebuild or local build of @parcel/watcher found. Tried @parcel/watcher-linux-arm64-glibc. Please ensure it is installed (don't use --no-optional when installing with npm).\n",
    files: {
      Dockerfile:
        'FROM node:18.4.0-buster-slim\nRUN npm install -g gatsby-cli\nCOPY . .\nRUN npm ci\nRUN gatsby build\n',
      'package.json': '{"name":"site","dependencies":{"@parcel/watcher":"2.3.0"}}\n',
      'package-lock.json': lockWith(
        { '@parcel/watcher': '2.3.0' },
        platformFamily('@parcel/watcher', '2.3.0', WATCHER, ['@parcel/watcher-darwin-arm64']),
      ),
      'gatsby-config.js': 'module.exports = {};\n',
    },
    options: { platform: 'linux/arm64' },
    culprit: 'package-lock.json',
    kind: 'lockfile-missing-package',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/nervosnetwork/docs.nervos.org/pull/618',
    message: 'Error: No prebuild or local build of @parcel/watcher found. Tried @parcel/watcher-linux-x64-glibc',
    files: {
      Dockerfile: NODE_BUILD('node:20'),
      'package.json': '{"name":"xudt","dependencies":{"@parcel/watcher":"2.4.1"}}\n',
      'package-lock.json': lockWith(
        { '@parcel/watcher': '2.4.1' },
        platformFamily('@parcel/watcher', '2.4.1', WATCHER, ['@parcel/watcher-darwin-arm64']),
      ),
    },
    culprit: 'package-lock.json',
    kind: 'lockfile-missing-package',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/nrwl/nx/issues/9395',
    message:
      "Failed to load plugin '@nrwl/nx' declared in 'libs/eds-base/.eslintrc.json » ../../.eslintrc.json#overrides[1]': Cannot find module '@swc/core-linux-x64-gnu'\nRequire stack:\n- /opt/vgi/bamboo/agents/awsagent-1/xml-data/build-dir/ICSCPS-EDS163-LIBEDSBASELINTUNITTEST/node_modules/@swc/core/binding.js\n",
    files: {
      Dockerfile:
        'FROM node:16\nWORKDIR /workspace\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npx nx run eds-base:lint\n',
      'package.json': '{"name":"eds","devDependencies":{"@swc/core":"1.2.152"}}\n',
      'package-lock.json': lockWith(
        { '@swc/core': '1.2.152' },
        platformFamily('@swc/core', '1.2.152', SWC, ['@swc/core-darwin-arm64']),
      ),
      'libs/eds-base/.eslintrc.json': '{}\n',
    },
    culprit: 'package-lock.json',
    kind: 'lockfile-missing-package',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/rollup/rollup/issues/5170',
    message:
      "> rollup --config --watch\n\n/var/www/html/node_modules/rollup/dist/native.js:250\n    throw loadError\n    ^\n\nError: Cannot find module '@rollup/rollup-linux-arm64-musl'\nRequire stack:\n- /var/www/html/node_modules/rollup/dist/native.js\n- /var/www/html/node_modules/rollup/dist/shared/parseAst.js\n",
    files: {
      Dockerfile:
        'FROM node:18-alpine\nWORKDIR /var/www/html\nCOPY . .\nCMD ["npx", "rollup", "--config", "--watch"]\n',
      'package.json': '{"name":"site","devDependencies":{"rollup":"4.0.0"}}\n',
      'package-lock.json': lockWith(
        { rollup: '4.0.0' },
        platformFamily('rollup', '4.0.0', ROLLUP, ['@rollup/rollup-darwin-arm64']),
      ),
      'node_modules/rollup/package.json': '{"name":"rollup","version":"4.0.0"}\n',
      'node_modules/@rollup/rollup-darwin-arm64/package.json':
        '{"name":"@rollup/rollup-darwin-arm64","version":"4.0.0","os":["darwin"],"cpu":["arm64"]}\n',
      'node_modules/@rollup/rollup-darwin-arm64/rollup.darwin-arm64.node': bin('macho-arm64-bundle.so'),
      'rollup.config.js': 'export default {};\n',
    },
    culprit: 'node_modules/@rollup/rollup-darwin-arm64/rollup.darwin-arm64.node',
    kind: 'foreign-platform-package',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/binimum/tidal-ui/issues/85',
    message:
      '[builder 6/7] RUN npm run build:\n0.269\n0.269 > tidal-ui@3.0.0 build\n0.269 > vite build\n0.269\n0.433 /app/node_modules/rollup/dist/native.js:83\n0.433           throw new Error(\n0.433                 ^\n0.433\n0.433 Error: Cannot find module @rollup/rollup-linux-arm64-gnu. npm has a bug related to optional dependencies (ht                                                     tps://github.com/npm/cli/issues/4828). Please try `npm i` again after removing both package-lock.json and node_mod                                                     ules directory.\n',
    files: {
      Dockerfile:
        'FROM node:22 AS builder\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n',
      'package.json': '{"name":"tidal-ui","version":"3.0.0","devDependencies":{"rollup":"4.50.0"}}\n',
      'package-lock.json': lockWith(
        { rollup: '4.50.0' },
        platformFamily('rollup', '4.50.0', ROLLUP, ['@rollup/rollup-darwin-arm64', '@rollup/rollup-linux-x64-gnu']),
      ),
      'src/app.html': '<html></html>\n',
    },
    culprit: 'package-lock.json',
    kind: 'lockfile-missing-package',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/safe-global/safe-events-service/issues/184',
    message:
      'Error: Cannot find module @rollup/rollup-linux-arm64-gnu. npm has a bug related to optional dependencies (https://github.com/npm/cli/issues/4828). Please try `npm i` again after removing both package-lock.json and node_modules directory.\n    at requireWithFriendlyError (/app/node_modules/rollup/dist/native.js:87:9)\n',
    files: {
      Dockerfile:
        'FROM node:21-bookworm-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD ["npm", "run", "start:prod"]\n',
      'package.json': '{"name":"safe-events-service","devDependencies":{"rollup":"4.13.0"}}\n',
      'package-lock.json': lockWith(
        { rollup: '4.13.0' },
        platformFamily('rollup', '4.13.0', ROLLUP, ['@rollup/rollup-linux-x64-gnu', '@rollup/rollup-darwin-arm64']),
      ),
    },
    culprit: 'package-lock.json',
    kind: 'lockfile-missing-package',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/event-driven-io/emmett-starter-postgresql/pull/2',
    message:
      ' => ERROR [app builder  9/10] RUN npm run build\n------\n > [app builder  9/10] RUN npm run build:\n0.125 \n0.125 > expressjs-with-postgresql@1.0.0 build\n0.125 > tsup\n0.125 \n0.173 Error: Cannot find module @rollup/rollup-linux-arm64-musl. npm has a bug related to optional dependencies (https://github.com/npm/cli/issues/4828). Please try `npm i` again after removing both package-lock.json and node_modules directory.\n0.173     at requireWithFriendlyError (/app/node_modules/rollup/dist/native.js:59:9)\n',
    files: {
      Dockerfile:
        'FROM node:22-alpine AS builder\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n',
      'package.json':
        '{"name":"expressjs-with-postgresql","version":"1.0.0","devDependencies":{"tsup":"8.5.0","rollup":"4.44.0"}}\n',
      'package-lock.json': lockWith(
        { rollup: '4.44.0' },
        platformFamily('rollup', '4.44.0', ROLLUP, ['@rollup/rollup-darwin-arm64']),
      ),
      'src/index.ts': 'export {};\n',
    },
    culprit: 'package-lock.json',
    kind: 'lockfile-missing-package',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/ethereum/go-ethereum/issues/14863',
    message: 'standard_init_linux.go:187: exec user process caused "exec format error"',
    files: {
      Dockerfile:
        'FROM openjdk:8-jre\nCOPY entrypoint.sh /entrypoint.sh\nRUN chmod +x /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
      'entrypoint.sh': exe(
        'set -e\n\nsed -i "s/-Xms512m/$MIN_HEAP_SIZE/g" /opt/artifactory/bin/artifactory.default\nexec /opt/artifactory/bin/artifactory.sh\n',
      ),
    },
    culprit: 'entrypoint.sh',
    kind: 'not-a-binary',
    confidence: 'likely',
  },
  {
    url: 'https://github.com/docker-archive-public/docker.labs/issues/215',
    message: 'standard_init_linux.go:178: exec user process caused "no such file or directory"',
    files: {
      Dockerfile:
        'FROM openjdk:8-alpine\nRUN apk add --no-cache bash\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n',
      'docker-entrypoint.sh': exe(crlf('#!/bin/bash\nexec java -jar /app.jar\n')),
    },
    culprit: 'docker-entrypoint.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
  // --- uv: a project environment from the host where uv keeps its own -----------------------------
  {
    url: 'https://github.com/NousResearch/hermes-agent/issues/8828',
    message:
      ' > [stage-2 11/12] RUN uv venv &&     uv pip install --no-cache-dir -e ".[all]":\n0.497 Using CPython 3.13.5 interpreter at: /usr/bin/python3\n0.497 Creating virtual environment at: .venv\n0.500 error: Failed to create virtual environment\n0.500   Caused by: A virtual environment already exists at `/opt/hermes/.venv`. Use `--clear` to replace it\n------\nDockerfile:39\n',
    files: {
      Dockerfile:
        'FROM debian:13-slim\nRUN apt-get update && apt-get install -y python3 && rm -rf /var/lib/apt/lists/*\nCOPY --from=ghcr.io/astral-sh/uv:0.8 /uv /usr/local/bin/uv\nWORKDIR /opt/hermes\nCOPY . /opt/hermes\nRUN uv venv && \\\n    uv pip install --no-cache-dir -e ".[all]"\n',
      'pyproject.toml': '[project]\nname = "hermes-agent"\nversion = "2.1.0"\n',
      '.venv/pyvenv.cfg':
        'home = /usr/bin\nimplementation = CPython\nuv = 0.8.3\nversion_info = 3.11.9\ninclude-system-site-packages = false\n',
      '.venv/bin/python': { link: '/usr/bin/python3.11' },
      '.venv/lib/python3.11/site-packages/hermes.pth': '/mnt/c/Users/dev/hermes-agent\n',
      'hermes/__init__.py': '',
    },
    culprit: '.venv/pyvenv.cfg',
    kind: 'host-venv',
    confidence: 'certain',
  },
  {
    url: 'https://github.com/astral-sh/uv/issues/3375',
    message:
      '0.258 error: failed to canonicalize path /code/.venv/bin/python 258   Caused by: No such file or directory (os error 2)',
    files: {
      Dockerfile:
        'FROM python:3.11.3-slim-buster AS base\nWORKDIR /code\nENV PYTHONDONTWRITEBYTECODE=1 \\\n    PYTHONUNBUFFERED=1 \\\n    PYTHONPATH="/code"\nRUN adduser --disabled-password appuser\nRUN pip install uv\nRUN python3 -m venv /code/venv\nRUN bash -c "source /code/venv/bin/activate"\nCOPY . .\nRUN pip install --upgrade pip\nRUN uv pip install -r requirements.txt\nUSER appuser\nCMD ["bash", "scripts/run.sh"]\n',
      'requirements.txt': 'fastapi\n',
      'scripts/run.sh': '#!/bin/bash\nuvicorn app:app\n',
      'app.py': 'import fastapi\n',
      '.venv/pyvenv.cfg':
        'home = /opt/homebrew/opt/python@3.11/bin\nimplementation = CPython\nuv = 0.1.39\nversion_info = 3.11.9\n',
      '.venv/bin/python': { link: '/opt/homebrew/opt/python@3.11/bin/python3.11' },
    },
    culprit: '.venv/pyvenv.cfg',
    kind: 'host-venv',
    confidence: 'certain',
  },
  {
    url: 'https://github.com/activetigger/activetigger/issues/998',
    message:
      'api-1       | /!\\ Mode is set to DEV /!\\\napi-1       | (i) Python version is Python 3.11.15\napi-1       | (i) uv version is uv 0.11.6 (x86_64-unknown-linux-musl)\napi-1       | \napi-1       |  ~\napi-1       |  ~ Install dependencies\napi-1       |  ~\napi-1       | \napi-1       | error: Project virtual environment directory `/home/python/venv` cannot be used because it is not a valid Python environment (no Python executable was found)\napi-1 exited with code 2 (restarting)\n',
    files: {
      'docker-compose.yml':
        'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/api/Dockerfile\n    volumes:\n      - ./api:/api\n      - ./docker/api/venv:/home/python/venv\n    ports:\n      - 5000:5000\n',
      'docker/api/Dockerfile':
        'FROM python:3.11-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.11 /uv /usr/local/bin/uv\nENV UV_PROJECT_ENVIRONMENT=/home/python/venv\nWORKDIR /api\nCOPY api/pyproject.toml api/uv.lock ./\nCOPY docker/api/entrypoint.sh /entrypoint.sh\nCMD ["/entrypoint.sh"]\n',
      'docker/api/entrypoint.sh': exe(
        '#!/bin/sh\necho " ~ Install dependencies"\nuv sync\nexec uv run python -m activetigger\n',
      ),
      'docker/api/venv/.gitkeep': '',
      'api/pyproject.toml': '[project]\nname = "activetigger"\nversion = "0.1.0"\n',
      'api/uv.lock': 'version = 1\n',
      'api/activetigger/__init__.py': '',
    },
    options: { dockerfile: 'docker/api/Dockerfile' },
    culprit: 'docker/api/venv',
    kind: 'host-venv',
    confidence: 'certain',
  },
  // --- Node: a pre-N-API addon built for another Node.js, its ABI only in its struct node_module ---
  {
    url: 'https://github.com/vrza/node-blake2/issues/8',
    message:
      "Error: The module '/usr/src/titanium/node_modules/blake2/build/Release/binding.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 57. This version of Node.js requires\nNODE_MODULE_VERSION 64. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).\n    at Object.Module._extensions..node (internal/modules/cjs/loader.js:718:18)\n",
    files: {
      Dockerfile: 'FROM node:10\nWORKDIR /usr/src/titanium\nCOPY . .\nCMD ["node", "index.js"]\n',
      'package.json': '{"name":"titanium","dependencies":{"blake2":"2.0.1"}}\n',
      'package-lock.json': lockWith({ blake2: '2.0.1' }, { 'node_modules/blake2': { version: '2.0.1' } }),
      'node_modules/blake2/package.json': '{"name":"blake2","version":"2.0.1"}\n',
      'node_modules/blake2/build/Release/binding.node': legacyAddon(57),
      'index.js': 'require("blake2")\n',
    },
    culprit: 'node_modules/blake2/build/Release/binding.node',
    kind: 'node-abi-mismatch',
    confidence: 'certain',
  },
  {
    url: 'https://github.com/DevExpress/testcafe/issues/2890',
    message:
      "Error: Command failed: node /app/build/server_bundle.js\nError: The module '/app/node_modules/bcrypt/lib/binding/bcrypt_lib.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 64. This version of Node.js requires\nNODE_MODULE_VERSION 57. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).\n    at Object.Module._extensions..node (module.js:681:18)\n",
    files: {
      Dockerfile: 'FROM node:8\nWORKDIR /app\nCOPY . /app\nCMD ["node", "/app/build/server_bundle.js"]\n',
      'package.json': '{"name":"app","dependencies":{"bcrypt":"3.0.0"}}\n',
      'package-lock.json': lockWith({ bcrypt: '3.0.0' }, { 'node_modules/bcrypt': { version: '3.0.0' } }),
      'node_modules/bcrypt/package.json': '{"name":"bcrypt","version":"3.0.0"}\n',
      'node_modules/bcrypt/lib/binding/bcrypt_lib.node': legacyAddon(64),
      'build/server_bundle.js': 'require("bcrypt")\n',
    },
    culprit: 'node_modules/bcrypt/lib/binding/bcrypt_lib.node',
    kind: 'node-abi-mismatch',
    confidence: 'certain',
  },
  // --- Compose: a bind mount brings the host's files in at run time -------------------------------
  {
    url: 'https://github.com/lovell/sharp/issues/3166',
    message:
      "    nestjs-api-dev     | /usr/src/app/node_modules/sharp/lib/sharp.js:30\n    nestjs-api-dev     |   throw new Error(help.join('\\n'));\n    nestjs-api-dev     | Error:\n    nestjs-api-dev     | Something went wrong installing the \"sharp\" module\n    nestjs-api-dev     |\n    nestjs-api-dev     | Cannot find module '../build/Release/sharp-linuxmusl-x64.node'\n    nestjs-api-dev     | Require stack:\n    nestjs-api-dev     | - /usr/src/app/node_modules/sharp/lib/sharp.js\n    nestjs-api-dev     | - /usr/src/app/node_modules/sharp/lib/constructor.js\n",
    files: {
      Dockerfile:
        'FROM node:16-alpine AS development\nWORKDIR /usr/src/app\nCOPY package*.json ./\nRUN npm install\nCOPY . .\nCMD ["npm", "run", "start:dev"]\n',
      '.dockerignore': 'node_modules\ndist\n',
      'docker-compose.yml':
        'services:\n  dev:\n    container_name: nestjs-api-dev\n    build:\n      context: .\n      target: development\n    volumes:\n      - .:/usr/src/app\n    command: npm run start:dev\n',
      'package.json': '{"name":"nestjs-api","dependencies":{"sharp":"0.29.3"}}\n',
      'package-lock.json': lockWith({ sharp: '0.29.3' }, { 'node_modules/sharp': { version: '0.29.3' } }),
      'node_modules/sharp/package.json': '{"name":"sharp","version":"0.29.3"}\n',
      'node_modules/sharp/lib/sharp.js': '',
      'node_modules/sharp/build/Release/sharp-darwin-arm64v8.node': bin('macho-arm64-bundle.so'),
      'src/main.ts': '',
    },
    culprit: 'node_modules/sharp/build/Release/sharp-darwin-arm64v8.node',
    kind: 'foreign-prebuild',
  },
  {
    url: 'https://github.com/testdrivenio/testdriven-app-2.4/issues/15',
    message: 'users_1     | standard_init_linux.go:207: exec user process caused "no such file or directory"',
    files: {
      'docker-compose.yml':
        "version: '3.7'\nservices:\n  users:\n    build:\n      context: ./services/users\n      dockerfile: Dockerfile\n    volumes:\n      - './services/users:/usr/src/app'\n    ports:\n      - 5001:5000\n",
      'services/users/Dockerfile':
        'FROM python:3.7.4-alpine\nWORKDIR /usr/src/app\nCOPY ./requirements.txt /usr/src/app/requirements.txt\nRUN pip install -r requirements.txt\nCOPY ./entrypoint.sh /usr/src/app/entrypoint.sh\nRUN chmod +x /usr/src/app/entrypoint.sh\nCOPY . /usr/src/app\nCMD ["/usr/src/app/entrypoint.sh"]\n',
      'services/users/.dockerignore': 'env\n.dockerignore\nDockerfile\n',
      'services/users/entrypoint.sh': exe(
        crlf('#!/bin/sh\necho "Waiting for postgres..."\npython manage.py run -h 0.0.0.0\n'),
      ),
      'services/users/requirements.txt': 'flask\n',
      'services/users/manage.py': 'print(1)\n',
    },
    options: { context: 'services/users' },
    culprit: 'entrypoint.sh',
    kind: 'crlf-shebang',
    confidence: 'likely',
  },
];

export const LOOK_ALIKES: LookAlikeCase[] = [
  {
    url: 'https://github.com/astral-sh/uv/issues/11010',
    message:
      'warning: Ignoring existing virtual environment linked to non-existent Python interpreter: /root/.cache/uv/project2/bin/python3 -> python\nUsing CPython 3.11.11\nRemoved virtual environment at: /root/.cache/uv/project2\nCreating virtual environment at: /root/.cache/uv/project2\n',
    files: {
      Dockerfile:
        'FROM python:3.11-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /usr/local/bin/uv\nENV UV_PROJECT_ENVIRONMENT=/root/.cache/uv/project2\nWORKDIR /app\nCOPY . .\nCMD ["uv", "run", "pytest"]\n',
      '.dockerignore': '.venv\n',
      'pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\n',
      'uv.lock': 'version = 1\n',
      '.venv/pyvenv.cfg': 'home = /opt/homebrew/bin\n',
      'tests/test_app.py': '',
    },
    verdict: 'not-in-context',
    reason: 'no-matching-file',
    why: 'the environment lives on a cache volume mounted into every pod (UV_PROJECT_ENVIRONMENT), made by another image; the host .venv is ignored',
  },
  {
    url: 'https://github.com/cncjs/cncjs/issues/489',
    message:
      "Error: Error: The module '/dist/cncjs/node_modules/@serialport/bindings/build/Release/bindings.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 69. This version of Node.js requires\nNODE_MODULE_VERSION 64. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).\n    at Object.Module._extensions..node (internal/modules/cjs/loader.js:730:18)\n",
    files: {
      Dockerfile:
        'FROM node:11 AS build\nWORKDIR /dist/cncjs\nCOPY package.json package-lock.json ./\nRUN npm ci\nFROM node:10\nCOPY --from=build /dist/cncjs /dist/cncjs\nCMD ["node", "/dist/cncjs/bin/cncjs"]\n',
      '.dockerignore': 'node_modules\n',
      'package.json': '{"name":"cncjs","dependencies":{"@serialport/bindings":"2.0.8"}}\n',
      'package-lock.json': lockWith({ '@serialport/bindings': '2.0.8' }, {}),
      'node_modules/@serialport/bindings/build/Release/bindings.node': legacyAddon(69),
    },
    verdict: 'not-in-context',
    reason: 'no-matching-file',
    why: 'the addon was built by npm ci in the node:11 stage and copied into the node:10 image; the host node_modules is ignored',
  },
  {
    url: 'https://github.com/nodejs/help/issues/3414',
    message:
      'NODE_MODULE_VERSION 72. This version of Node.js requires\nNODE_MODULE_VERSION 83. Please try re-compiling or re-installing\n"Error: The module \'/home/container/node_modules/better-sqlite3/build/Release/better_sqlite3.node\'"\n',
    files: {
      Dockerfile: 'FROM node:14-buster-slim\nWORKDIR /home/container\nCOPY . .\nCMD ["node", "index.js"]\n',
      'index.js': 'require("better-sqlite3")\n',
      'package.json': '{"name":"bot","dependencies":{"better-sqlite3":"7.4.0"}}\n',
      // The host's node_modules was installed by Node.js 14 too: the struct says 83.
      'node_modules/better-sqlite3/package.json': '{"name":"better-sqlite3","version":"7.4.0"}\n',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node': legacyAddon(83),
    },
    verdict: 'not-in-context',
    reason: 'no-matching-file',
    why: 'the addon in the context says nm_version 83, the ABI the image needs: the one built for 72 was installed outside this context (the thread: the hosting panel runs npm install itself)',
  },
  {
    url: 'https://github.com/ysrc/xunfeng/issues/93',
    message:
      'FATA[0000] Error response from daemon: Cannot start container 7e6537515e91cbf89b507f3591e03404a25de43b91e8d8ef5ea86cfc4733eb0a: [8] System error: exec format error',
    files: {
      Dockerfile: 'FROM ubuntu:14.04\nCOPY run.sh /run.sh\nCMD ["/run.sh"]\n',
      'run.sh': exe('#!/bin/bash\nexec python web.py\n'),
    },
    verdict: 'not-a-context-problem',
    reason: 'image-platform',
    why: 'the program the image starts is a script with a proper #! line: a pulled image for another CPU fails this way',
  },
  {
    url: 'https://github.com/docker-library/docs/issues/408',
    message:
      'Error response from daemon: Cannot start container 4f61653adb0d7824eac1b2eee2fefb027f046de5558a17088b7100da3e887b49: [8] System error: exec format error',
    files: { Dockerfile: 'FROM mysql:5.7\nCOPY my.cnf /etc/mysql/conf.d/\n', 'my.cnf': '[mysqld]\n' },
    verdict: 'not-a-context-problem',
    reason: 'image-platform',
    why: 'the amd64 mysql image on an arm (Raspberry Pi) daemon: nothing the context provides is started',
  },
  {
    url: 'https://github.com/MatthewVance/unbound-docker-rpi/issues/40',
    message: 'exec /unbound.sh: exec format error',
    files: {
      Dockerfile: 'FROM debian:bullseye\nCOPY unbound.sh /unbound.sh\nCMD ["/unbound.sh"]\n',
      'unbound.sh': exe('#!/bin/bash\nexec unbound -d\n'),
    },
    verdict: 'not-a-context-problem',
    reason: 'image-platform',
    why: 'unbound.sh is a script with #!/bin/bash on its first line and LF ends: the image was for another CPU (the wrong repository)',
  },
  {
    url: 'https://github.com/JACOBSMILE/tmodloader1.4/issues/10',
    message: 'exec ./entrypoint.sh: exec format error',
    files: {
      Dockerfile:
        'FROM steamcmd/steamcmd:ubuntu-18\nWORKDIR /terraria-server\nCOPY entrypoint.sh .\nENTRYPOINT ["./entrypoint.sh"]\n',
      'entrypoint.sh': exe('#!/bin/bash\nexec ./start-tModLoaderServer.sh\n'),
    },
    verdict: 'not-a-context-problem',
    reason: 'image-platform',
    why: 'a valid script on an aarch64 (Oracle Ampere) host running an amd64 image',
  },
  {
    url: 'https://github.com/docker-library/mysql/issues/1045',
    message: '2024-04-30 17:43:46 exec /usr/local/bin/docker-entrypoint.sh: exec format error',
    files: { Dockerfile: 'FROM mysql:8.0\nCOPY init.sql /docker-entrypoint-initdb.d/\n', 'init.sql': 'SELECT 1;\n' },
    verdict: 'not-a-context-problem',
    reason: 'image-platform',
    why: "docker-entrypoint.sh is the base image's own file: the image's architecture does not match the host",
  },
  {
    url: 'https://github.com/danny-avila/LibreChat/issues/1903',
    message: 'exec /usr/local/bin/docker-entrypoint.sh: exec format error',
    files: {
      Dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json .\nCMD ["npm", "run", "backend"]\n',
      'package.json': '{"name":"librechat"}\n',
    },
    verdict: 'not-a-context-problem',
    reason: 'image-platform',
    why: "the entrypoint is node's base image script, pulled for amd64 onto a Raspberry Pi 4",
  },
  {
    url: 'https://github.com/sickcodes/dock-droid/issues/16',
    message:
      "WARNING: The requested image's platform (linux/amd64) does not match the detected host platform (linux/arm64/v8) and no specific platform was requested\nexec /bin/bash: exec format error",
    files: {
      Dockerfile: 'FROM archlinux:base-devel\nCOPY . /home/arch\nCMD ["/bin/bash"]\n',
      'README.md': '# dock-droid\n',
    },
    verdict: 'not-a-context-problem',
    reason: 'image-platform',
    why: 'docker run says the image is linux/amd64 on a linux/arm64 host',
  },
  {
    url: 'https://github.com/Red5d/docker-autocompose/issues/27',
    message:
      "WARNING: The requested image's platform (linux/amd64) does not match the detected host platform (linux/arm/v7) and no specific platform was requested\nstandard_init_linux.go:228: exec user process caused: exec format error\n",
    files: {
      Dockerfile: 'FROM python:3-alpine\nCOPY autocompose.py /\nENTRYPOINT ["python3", "/autocompose.py"]\n',
      'autocompose.py': '#! /usr/bin/env python3\nprint(1)\n',
    },
    verdict: 'not-a-context-problem',
    reason: 'image-platform',
    why: 'the image is linux/amd64 on an arm/v7 host; the Python script is not executed by the kernel at all',
  },
  {
    url: 'https://github.com/coleifer/sqlite-web/issues/185',
    message:
      "WARNING: The requested image's platform (linux/amd64) does not match the detected host platform (linux/arm64/v8) and no specific platform was requested\nexec /bin/ash: exec format error\n",
    files: {
      Dockerfile: 'FROM alpine:3.20\nCOPY sqlite_web /app/sqlite_web\nCMD ["sqlite_web"]\n',
      'sqlite_web/__init__.py': '',
    },
    verdict: 'not-a-context-problem',
    reason: 'image-platform',
    why: "/bin/ash is the base image's shell: the whole image is amd64",
  },
  {
    url: 'https://github.com/chainguard-images/images/issues/1658',
    message: '# docker run --rm -ti cgr.dev/chainguard/bash\nFatal glibc error: CPU does not support x86-64-v2\n',
    files: {
      Dockerfile: 'FROM cgr.dev/chainguard/bash\nCOPY run.sh /run.sh\n',
      'run.sh': exe('#!/bin/bash\necho hi\n'),
    },
    verdict: 'not-a-context-problem',
    reason: 'cpu-level',
    why: "the image's glibc needs x86-64-v2 and the host CPU (or its VM model) lacks it",
  },
  {
    url: 'https://github.com/meshtastic/web/issues/148',
    message: 'Attaching to mesh_meshtastic_1\nmeshtastic_1  | Fatal glibc error: CPU does not support x86-64-v2\n',
    files: {
      Dockerfile: 'FROM registry.access.redhat.com/ubi9/nginx-122\nCOPY dist /opt/app-root/src\n',
      'dist/index.html': '<html></html>\n',
    },
    verdict: 'not-a-context-problem',
    reason: 'cpu-level',
    why: 'a UBI 9 base needs x86-64-v2; the KVM guest exposes a "Common KVM processor"',
  },
  {
    url: 'https://github.com/searxng/searxng-docker/issues/381',
    message: '$ docker logs searxng \n' + 'Fatal glibc error: CPU does not support x86-64-v2\n'.repeat(9),
    files: {
      Dockerfile: 'FROM searxng/searxng:latest\nCOPY settings.yml /etc/searxng/settings.yml\n',
      'settings.yml': 'use_default_settings: true\n',
    },
    verdict: 'not-a-context-problem',
    reason: 'cpu-level',
    why: 'the new base image raised the CPU level; the settings file has nothing to do with it',
  },
  {
    url: 'https://github.com/moby/buildkit/issues/1939',
    message:
      '#13 [base  8/13] COPY --from=kaldiasr/kaldi:2020-09     /opt/intel/mkl/lib/intel64/libmkl_intel_lp64.so     /opt/intel/mkl/lib/intel64/libmkl_sequential.so     /opt/intel/mkl/lib/intel64/libmkl_core.so     /opt/intel/mkl/lib/intel64/\n#13 sha256:776edd73f986aa4d00447d7a92604d45ef3fe61c0caa61b24f91efbd534e3781\n#13 ERROR: "/opt/intel/mkl/lib/intel64/libmkl_sequential.so" not found: not found\n',
    files: {
      'base.dockerfile':
        'FROM ubuntu:18.04 AS base\nCOPY --from=kaldiasr/kaldi:2020-09 /opt/intel/mkl/lib/intel64/libmkl_intel_lp64.so /opt/intel/mkl/lib/intel64/libmkl_sequential.so /opt/intel/mkl/lib/intel64/libmkl_core.so /opt/intel/mkl/lib/intel64/\n',
      'opt/intel/mkl/lib/intel64/README': 'not the library\n',
    },
    options: { dockerfile: 'base.dockerfile' },
    verdict: 'not-a-context-problem',
    reason: 'source-from-stage-or-image',
    why: 'the path is read --from an image, not from the build context',
  },
  {
    url: 'https://github.com/sigstore/rekor/pull/1352',
    message: 'COPY failed: stat opt/app-root/src/rekor-server_test: file does not exist',
    files: {
      Dockerfile:
        'FROM golang:1.20 AS builder\nWORKDIR /opt/app-root/src\nCOPY . .\nRUN go build ./cmd/rekor-server\nFROM registry.access.redhat.com/ubi8/ubi-minimal\nCOPY --from=builder /opt/app-root/src/rekor-server_test /usr/local/bin/rekor-server\n',
      'go.mod': GO_MOD,
    },
    verdict: 'not-a-context-problem',
    reason: 'source-from-stage-or-image',
    why: 'the file is read --from the builder stage, which never produced it',
  },
  {
    url: 'https://github.com/pypa/pipenv/pull/5318',
    message:
      'coolio@674956d0c53e:/usr/src$ ./venv/bin/pip\nbash: ./venv/bin/pip: /usr/src/.venv/bin/python: bad interpreter: No such file or directory\n',
    files: {
      Dockerfile:
        'FROM python:3.9 AS builder\nRUN pip install pipenv\nCOPY Pipfile Pipfile.lock ./\nRUN PIPENV_VENV_IN_PROJECT=1 pipenv install --deploy\nFROM python:3.9 AS runtime\nWORKDIR /usr/src\nCOPY --from=builder /.venv ./venv\n',
      Pipfile: '[packages]\n',
      'Pipfile.lock': '{}\n',
    },
    verdict: 'not-in-context',
    reason: 'no-matching-file',
    why: 'the venv is made in the builder stage and renamed by COPY --from: no file of the context is involved',
  },
  {
    url: 'https://github.com/JonasHiltl/openchangelog/issues/21',
    message:
      "WARNING: The requested image's platform (linux/amd64) does not match the detected host platform (linux/arm64/v8) and no specific platform was requested\nexec /app/openchangelog: exec format error\n",
    files: {
      Dockerfile:
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/openchangelog ./cmd\nFROM alpine\nWORKDIR /app\nCOPY --from=build /out/openchangelog /app/openchangelog\nENTRYPOINT ["/app/openchangelog"]\n',
      'go.mod': GO_MOD,
    },
    verdict: 'not-a-context-problem',
    reason: 'image-platform',
    why: 'the binary is built in a stage of the image, and the image is amd64 on a Raspberry Pi 5',
  },
];
