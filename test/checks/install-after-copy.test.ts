import { describe, expect, test } from 'vitest';
import { doc, findingsOf, type ContextSpec } from './analyze-context.js';

const CHECK = 'install-after-copy';

describe(CHECK, () => {
  test.for([
    [
      'pip: COPY . . then pip install -r',
      { Dockerfile: doc('FROM python:3.12-slim', 'WORKDIR /app', 'COPY . .', 'RUN pip install --no-cache-dir -r requirements.txt'), 'requirements.txt': 'flask==3\n', 'app.py': '' },
      4, { ecosystem: 'pip', copyLine: 3, manifests: ['requirements.txt'], fixLines: ['COPY requirements.txt ./'] },
    ],
    [
      'npm ci after COPY . /app names package.json and the lock file',
      { Dockerfile: doc('FROM node:20', 'COPY . /app', 'WORKDIR /app', 'RUN npm ci'), 'package.json': '{}', 'package-lock.json': '{}', 'server.js': '' },
      4, { ecosystem: 'npm', copyLine: 2, manifests: ['package.json', 'package-lock.json'], fixLines: ['COPY package.json package-lock.json /app/'] },
    ],
    [
      'poetry with its lock file, from a subdirectory',
      { Dockerfile: doc('FROM python:3.12', 'COPY app/ /srv/', 'RUN poetry install'), 'app/pyproject.toml': '', 'app/poetry.lock': '', 'app/main.py': '' },
      3, { ecosystem: 'poetry', copyLine: 2, manifests: ['app/pyproject.toml', 'app/poetry.lock'], fixLines: ['COPY app/pyproject.toml app/poetry.lock /srv/'] },
    ],
    [
      'go build with no go mod download before it',
      { Dockerfile: doc('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build ./...'), 'go.mod': '', 'go.sum': '', 'main.go': '' },
      4, { ecosystem: 'go', copyLine: 3, manifests: ['go.mod', 'go.sum'], fixLines: ['COPY go.mod go.sum ./'] },
    ],
    [
      'a source COPY between the manifest COPY and the install: move the RUN',
      { Dockerfile: doc('FROM python:3.12', 'COPY requirements.txt .', 'COPY src/ ./src/', 'RUN pip install -r requirements.txt'), 'requirements.txt': '', 'src/app.py': '' },
      4, { ecosystem: 'pip', copyLine: 3, manifests: ['requirements.txt'], fixLines: [], alreadyCopied: true },
    ],
    [
      'pip install . builds the project; the fix installs the dependencies first',
      { Dockerfile: doc('FROM python:3.12', 'COPY . .', 'RUN pip install --no-cache-dir .'), 'pyproject.toml': '', 'pkg/__init__.py': '' },
      3, { ecosystem: 'pip', step: 'build', copyLine: 2, manifests: ['pyproject.toml'], fixLines: ['COPY pyproject.toml ./'] },
    ],
    [
      'heredoc RUN body counts',
      { Dockerfile: doc('FROM ruby:3', 'COPY . .', 'RUN <<EOT', 'bundle install', 'EOT'), Gemfile: '', 'Gemfile.lock': '', 'app.rb': '' },
      3, { ecosystem: 'bundler', copyLine: 2, manifests: ['Gemfile', 'Gemfile.lock'], fixLines: ['COPY Gemfile Gemfile.lock ./'] },
    ],
  ] as const)('bad: %s', async ([, spec, line, data]) => {
    const found = await findingsOf(CHECK, spec as ContextSpec);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', path: 'Dockerfile', line, data: expect.objectContaining(data) });
  });

  test.for([
    ['manifest first', { Dockerfile: doc('FROM python:3.12', 'COPY requirements.txt .', 'RUN pip install -r requirements.txt', 'COPY . .'), 'requirements.txt': '', 'app.py': '' }],
    ['a cache mount on the install', { Dockerfile: doc('FROM python:3.12', 'COPY . .', 'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt'), 'requirements.txt': '', 'app.py': '' }],
    ['go mod download first, go build after the sources', { Dockerfile: doc('FROM golang:1.22', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build ./...'), 'go.mod': '', 'go.sum': '', 'main.go': '' }],
    ['npm install of named packages is not a manifest install', { Dockerfile: doc('FROM node:20', 'COPY . .', 'RUN npm install -g pnpm'), 'package.json': '{}', 'a.js': '' }],
    ['no manifest in the context', { Dockerfile: doc('FROM node:20', 'COPY . .', 'RUN npm ci'), 'a.js': '' }],
    ['vendored Go modules', { Dockerfile: doc('FROM golang:1.22', 'COPY . .', 'RUN go build ./...'), 'go.mod': '', 'vendor/modules.txt': '', 'main.go': '' }],
    ['a stage the target does not build', { Dockerfile: doc('FROM python:3.12 AS test', 'COPY . .', 'RUN pip install -r requirements.txt', 'FROM python:3.12', 'COPY app.py .'), 'requirements.txt': '', 'app.py': '' }],
  ] as const)('good: %s', async ([, spec]) => {
    expect(await findingsOf(CHECK, spec as ContextSpec)).toEqual([]);
  });
});
