import { describe, expect, test } from 'vitest';
import { doc, findingsOf, type ContextSpec } from './analyze-context.js';

const CHECK = 'install-after-copy';

describe(CHECK, () => {
  test.for([
    [
      'pip: COPY . . then pip install -r',
      {
        Dockerfile: doc(
          'FROM python:3.12-slim',
          'WORKDIR /app',
          'COPY . .',
          'RUN pip install --no-cache-dir -r requirements.txt',
        ),
        'requirements.txt': 'flask==3\n',
        'app.py': '',
      },
      4,
      { ecosystem: 'pip', copyLine: 3, manifests: ['requirements.txt'], fixLines: ['COPY requirements.txt ./'] },
    ],
    [
      'npm ci after COPY . /app names package.json and the lock file',
      {
        Dockerfile: doc('FROM node:20', 'COPY . /app', 'WORKDIR /app', 'RUN npm ci'),
        'package.json': '{}',
        'package-lock.json': '{}',
        'server.js': '',
      },
      4,
      {
        ecosystem: 'npm',
        copyLine: 2,
        manifests: ['package.json', 'package-lock.json'],
        fixLines: ['COPY package.json package-lock.json /app/'],
      },
    ],
    [
      'poetry with its lock file, from a subdirectory',
      {
        Dockerfile: doc('FROM python:3.12', 'COPY app/ /srv/', 'RUN poetry install'),
        'app/pyproject.toml': '',
        'app/poetry.lock': '',
        'app/main.py': '',
      },
      3,
      {
        ecosystem: 'poetry',
        copyLine: 2,
        manifests: ['app/pyproject.toml', 'app/poetry.lock'],
        fixLines: ['COPY app/pyproject.toml app/poetry.lock /srv/'],
      },
    ],
    [
      'go build with no go mod download before it',
      {
        Dockerfile: doc('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build ./...'),
        'go.mod': '',
        'go.sum': '',
        'main.go': '',
      },
      4,
      { ecosystem: 'go', copyLine: 3, manifests: ['go.mod', 'go.sum'], fixLines: ['COPY go.mod go.sum ./'] },
    ],
    [
      'a source COPY between the manifest COPY and the install: move the RUN',
      {
        Dockerfile: doc(
          'FROM python:3.12',
          'COPY requirements.txt .',
          'COPY src/ ./src/',
          'RUN pip install -r requirements.txt',
        ),
        'requirements.txt': '',
        'src/app.py': '',
      },
      4,
      { ecosystem: 'pip', copyLine: 3, manifests: ['requirements.txt'], fixLines: [], alreadyCopied: true },
    ],
    [
      'pip install . builds the project; the fix installs the dependencies first',
      {
        Dockerfile: doc('FROM python:3.12', 'COPY . .', 'RUN pip install --no-cache-dir .'),
        'pyproject.toml': '',
        'pkg/__init__.py': '',
      },
      3,
      {
        ecosystem: 'pip',
        step: 'build',
        copyLine: 2,
        manifests: ['pyproject.toml'],
        fixLines: ['COPY pyproject.toml ./'],
      },
    ],
    [
      'heredoc RUN body counts',
      {
        Dockerfile: doc('FROM ruby:3', 'COPY . .', 'RUN <<EOT', 'bundle install', 'EOT'),
        Gemfile: '',
        'Gemfile.lock': '',
        'app.rb': '',
      },
      3,
      {
        ecosystem: 'bundler',
        copyLine: 2,
        manifests: ['Gemfile', 'Gemfile.lock'],
        fixLines: ['COPY Gemfile Gemfile.lock ./'],
      },
    ],
    [
      'npm ci with a postinstall that reads a file: the manifest COPY brings that file too',
      {
        Dockerfile: doc('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci'),
        'package.json': JSON.stringify({ scripts: { postinstall: 'prisma generate' } }),
        'package-lock.json': '{}',
        'prisma/schema.prisma': '',
        'src/index.js': '',
      },
      4,
      {
        ecosystem: 'npm',
        manifests: ['package.json', 'package-lock.json', 'prisma/'],
        fixLines: ['COPY package.json package-lock.json ./', 'COPY prisma/ ./prisma/'],
      },
    ],
    [
      'npm ci with a postinstall running patch-package: patches/ comes with the manifests',
      {
        Dockerfile: doc('FROM node:20', 'COPY . .', 'RUN npm ci'),
        'package.json': JSON.stringify({ scripts: { postinstall: 'patch-package' } }),
        'package-lock.json': '{}',
        'patches/left-pad+1.0.0.patch': '',
        'index.js': '',
      },
      3,
      { ecosystem: 'npm', manifests: ['package.json', 'package-lock.json', 'patches/'] },
    ],
    [
      'bundle install after COPY . . names .ruby-version with the manifests (the Gemfile reads it)',
      {
        Dockerfile: doc('FROM ruby:3.3', 'COPY . .', 'RUN bundle install'),
        '.ruby-version': '3.3.0\n',
        Gemfile: 'ruby file: ".ruby-version"\n',
        'Gemfile.lock': '',
        'app.rb': '',
      },
      3,
      {
        ecosystem: 'bundler',
        manifests: ['Gemfile', 'Gemfile.lock', '.ruby-version'],
        fixLines: ['COPY Gemfile Gemfile.lock .ruby-version ./'],
      },
    ],
    [
      'cargo build after COPY . .: cargo-chef, never a Cargo.toml copied alone (Cargo needs the targets)',
      {
        Dockerfile: doc('FROM rust:1.80', 'WORKDIR /app', 'COPY . .', 'RUN cargo build --release'),
        'Cargo.toml': '[package]\nname = "app"\n',
        'Cargo.lock': '',
        'src/main.rs': '',
      },
      4,
      { ecosystem: 'cargo', fixLines: [] },
    ],
  ] as const)('bad: %s', async ([, spec, line, data]) => {
    const found = await findingsOf(CHECK, spec as ContextSpec);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'warning',
      path: 'Dockerfile',
      line,
      data: expect.objectContaining(data),
    });
    if (data.ecosystem === 'cargo') expect(found[0]!.message).toMatch(/cargo chef prepare.*cargo chef cook/);
  });

  test.for([
    [
      'manifest first',
      {
        Dockerfile: doc(
          'FROM python:3.12',
          'COPY requirements.txt .',
          'RUN pip install -r requirements.txt',
          'COPY . .',
        ),
        'requirements.txt': '',
        'app.py': '',
      },
    ],
    [
      'a cache mount on the install',
      {
        Dockerfile: doc(
          'FROM python:3.12',
          'COPY . .',
          'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
        ),
        'requirements.txt': '',
        'app.py': '',
      },
    ],
    [
      'go mod download first, go build after the sources',
      {
        Dockerfile: doc(
          'FROM golang:1.22',
          'COPY go.mod go.sum ./',
          'RUN go mod download',
          'COPY . .',
          'RUN go build ./...',
        ),
        'go.mod': '',
        'go.sum': '',
        'main.go': '',
      },
    ],
    [
      'npm install of named packages is not a manifest install',
      { Dockerfile: doc('FROM node:20', 'COPY . .', 'RUN npm install -g pnpm'), 'package.json': '{}', 'a.js': '' },
    ],
    ['no manifest in the context', { Dockerfile: doc('FROM node:20', 'COPY . .', 'RUN npm ci'), 'a.js': '' }],
    [
      'vendored Go modules',
      {
        Dockerfile: doc('FROM golang:1.22', 'COPY . .', 'RUN go build ./...'),
        'go.mod': '',
        'vendor/modules.txt': '',
        'main.go': '',
      },
    ],
    [
      'a stage the target does not build',
      {
        Dockerfile: doc(
          'FROM python:3.12 AS test',
          'COPY . .',
          'RUN pip install -r requirements.txt',
          'FROM python:3.12',
          'COPY app.py .',
        ),
        'requirements.txt': '',
        'app.py': '',
      },
    ],
    // Known-good patterns seen on real projects (issue 10 item 4 and 7).
    [
      'cargo-chef: `cargo chef prepare` reads the whole tree by design, `cook` runs before the sources',
      {
        Dockerfile: doc(
          'FROM rust:1.80 AS chef',
          'RUN cargo install cargo-chef',
          'WORKDIR /app',
          'FROM chef AS planner',
          'COPY . .',
          'RUN cargo chef prepare --recipe-path recipe.json',
          'FROM chef AS builder',
          'COPY --from=planner /app/recipe.json recipe.json',
          'RUN cargo chef cook --release --recipe-path recipe.json',
          'COPY . .',
          'RUN cargo build --release --bin app',
          'FROM debian:12-slim',
          'COPY --from=builder /app/target/release/app /usr/local/bin/app',
          'ENTRYPOINT ["/usr/local/bin/app"]',
        ),
        'Cargo.toml': '[package]\nname = "app"\n',
        'Cargo.lock': '',
        'src/main.rs': 'fn main() {}\n',
      },
    ],
    [
      'go mod download after COPY go.mod go.sum, one file a line',
      {
        Dockerfile: doc(
          'FROM golang:1.22',
          'WORKDIR /app',
          'COPY go.mod .',
          'COPY go.sum .',
          'RUN go mod download && go mod verify',
          'COPY . .',
          'RUN CGO_ENABLED=0 go build -o /app/server .',
        ),
        'go.mod': '',
        'go.sum': '',
        'main.go': '',
      },
    ],
    [
      'go mod download after COPY go.* ./',
      {
        Dockerfile: doc(
          'FROM golang:1.22',
          'COPY go.* ./',
          'RUN go mod download',
          'COPY . .',
          'RUN go build -o /server .',
        ),
        'go.mod': '',
        'go.sum': '',
        'main.go': '',
      },
    ],
    [
      'bind-mounted manifests (RUN --mount=type=bind,source=requirements.txt) before COPY . .',
      {
        Dockerfile: doc(
          'FROM python:3.12',
          'WORKDIR /app',
          'RUN --mount=type=bind,source=requirements.txt,target=requirements.txt pip install -r requirements.txt',
          'COPY . .',
        ),
        'requirements.txt': '',
        'app.py': '',
      },
    ],
    [
      'bind-mounted uv manifests, then COPY . ., then uv sync of the project',
      {
        Dockerfile: doc(
          'FROM python:3.12',
          'COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/',
          'WORKDIR /app',
          'RUN --mount=type=bind,source=uv.lock,target=uv.lock --mount=type=bind,source=pyproject.toml,target=pyproject.toml uv sync --frozen --no-install-project',
          'COPY . .',
          'RUN uv sync --frozen',
        ),
        'pyproject.toml': '',
        'uv.lock': '',
        'app.py': '',
      },
    ],
    [
      'uv sync --frozen --no-install-project, then COPY . ., then uv sync',
      {
        Dockerfile: doc(
          'FROM python:3.12',
          'COPY pyproject.toml uv.lock ./',
          'RUN uv sync --frozen --no-install-project',
          'COPY . .',
          'RUN uv sync --frozen',
        ),
        'pyproject.toml': '',
        'uv.lock': '',
        'app.py': '',
      },
    ],
    [
      'npm ci after COPY package*.json ./',
      {
        Dockerfile: doc(
          'FROM node:20',
          'WORKDIR /app',
          'COPY package*.json ./',
          'RUN npm ci',
          'COPY . .',
          'RUN npm run build',
        ),
        'package.json': '{}',
        'package-lock.json': '{}',
        'src/index.js': '',
      },
    ],
    [
      'npm ci after COPY package.json package-lock.json .npmrc ./',
      {
        Dockerfile: doc('FROM node:20', 'COPY package.json package-lock.json .npmrc ./', 'RUN npm ci', 'COPY . .'),
        'package.json': '{}',
        'package-lock.json': '{}',
        '.npmrc': '',
        'index.js': '',
      },
    ],
    [
      'bundle install after COPY .ruby-version Gemfile Gemfile.lock ./',
      {
        Dockerfile: doc(
          'FROM ruby:3.3',
          'WORKDIR /rails',
          'COPY .ruby-version Gemfile Gemfile.lock ./',
          'RUN bundle install',
          'COPY . .',
        ),
        '.ruby-version': '3.3.0\n',
        Gemfile: '',
        'Gemfile.lock': '',
        'app/models/user.rb': '',
      },
    ],
    [
      'yarn install after COPY package.json yarn.lock .yarnrc.yml .yarn ./',
      {
        Dockerfile: doc(
          'FROM node:20',
          'COPY package.json yarn.lock .yarnrc.yml ./',
          'COPY .yarn ./.yarn',
          'RUN yarn install --immutable',
          'COPY . .',
        ),
        'package.json': '{}',
        'yarn.lock': '',
        '.yarnrc.yml': '',
        '.yarn/releases/yarn.cjs': '',
        'index.js': '',
      },
    ],
    [
      'npm ci after COPY package*.json and COPY prisma: the postinstall reads the schema',
      {
        Dockerfile: doc(
          'FROM node:20',
          'WORKDIR /app',
          'COPY package*.json ./',
          'COPY prisma ./prisma',
          'RUN npm ci',
          'COPY . .',
          'RUN npm run build',
        ),
        'package.json': JSON.stringify({ scripts: { postinstall: 'prisma generate' } }),
        'package-lock.json': '{}',
        'prisma/schema.prisma': '',
        'src/index.ts': '',
      },
    ],
    [
      'npm ci after COPY . . when package.json has a postinstall that runs a build: the install needs the sources',
      {
        Dockerfile: doc('FROM node:20', 'COPY . .', 'RUN npm ci'),
        'package.json': JSON.stringify({ scripts: { postinstall: 'npm run build' } }),
        'package-lock.json': '{}',
        'src/index.ts': '',
      },
    ],
  ] as const)('good: %s', async ([, spec]) => {
    expect(await findingsOf(CHECK, spec as ContextSpec)).toEqual([]);
  });
});
