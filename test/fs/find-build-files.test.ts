// The build files a scan starts from, found in one walk and sorted into kinds by name: Dockerfiles
// (symlinks too, never a directory or a Dockerfile-specific ignore file), Compose files (not in CI
// directories, not symlinks) and bake files; nothing below node_modules or .git.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import { findBuildFiles } from '../../src/fs/find-build-files.js';
import { makeTree } from '../helpers/make-tree.js';

test('each kind by its name, from one walk', () => {
  const empty = '';
  const root = makeTree({
    Dockerfile: empty,
    'app.Dockerfile': empty,
    '.Dockerfile': empty,
    'Dockerfile.dev': empty,
    'Dockerfile.dockerignore': empty,
    'x.Dockerfile.dockerignore': empty,
    dockerfile: empty,
    'sub/Dockerfile/x': empty,
    'deep/er/Dockerfile.prod': empty,
    'deep/er/.gitlab/compose.yaml': empty,
    'compose.yaml': empty,
    'docker-compose.yml': empty,
    'composeX.yaml': empty,
    'compose.yaml.bak': empty,
    'compose.yaml.d/compose.yaml/x': empty,
    '.github/workflows/docker-compose.yml': empty,
    'a/.github/x/compose.yaml': empty,
    'a/compose.yml': empty,
    'docker-bake.hcl': empty,
    'docker-bake.override.json': empty,
    'node_modules/x/Dockerfile': empty,
    'node_modules/x/compose.yaml': empty,
    '.git/Dockerfile': empty,
    'link.Dockerfile': { symlink: 'Dockerfile.dev' },
    'linked-compose.yaml': { symlink: 'compose.yaml' },
  });
  expect(fs.lstatSync(path.join(root, 'link.Dockerfile')).isSymbolicLink()).toBe(true);
  expect(findBuildFiles(root)).toEqual({
    dockerfiles: [
      '.Dockerfile',
      'Dockerfile',
      'Dockerfile.dev',
      'app.Dockerfile',
      'deep/er/Dockerfile.prod',
      'link.Dockerfile',
    ],
    composeFiles: ['a/compose.yml', 'compose.yaml', 'composeX.yaml', 'docker-compose.yml'],
    bakeFiles: ['docker-bake.hcl', 'docker-bake.override.json'],
  });
});
