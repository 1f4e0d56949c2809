// The package as a library: the exports resolve to the built files, and analyze() works on an
// in-memory tree without touching the disk.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, test } from 'vitest';
import { analyze, MemoryFileSystem, checks } from '../src/index.js';

describe('library entry point', () => {
  test('the package exports resolve to the built module, with the documented functions', async () => {
    // The run's own build (test/global-setup.ts), entered through package.json's exports map.
    const built = inject('builtPackage');
    const pkg = JSON.parse(fs.readFileSync(path.join(built, 'package.json'), 'utf8')) as {
      exports: Record<string, { import: string; types: string }>;
    };
    // The run's build strips types only; `npm run build` (tsc, `declaration: true`) writes the
    // declarations the types entry names beside the module.
    const tsconfig = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../tsconfig.json'), 'utf8')) as {
      compilerOptions: { declaration?: boolean };
    };
    expect(tsconfig.compilerOptions.declaration).toBe(true);
    expect(pkg.exports['.']!.types).toBe(pkg.exports['.']!.import.replace(/\.js$/, '.d.ts'));
    expect(fs.existsSync(path.join(built, pkg.exports['.']!.import))).toBe(true);
    const mod = (await import(pathToFileURL(path.join(built, pkg.exports['.']!.import)).href)) as Record<
      string,
      unknown
    >;
    for (const name of [
      'analyze',
      'analyzeContext',
      'diagnose',
      'planContextFix',
      'scanRepository',
      'packContext',
      'parseIgnoreFile',
      'PatternMatcher',
      'renderSarif',
      'VERSION',
    ]) {
      expect(mod[name], name).toBeDefined();
    }
  });

  test('analyze() on an in-memory context', async () => {
    const fs = new MemoryFileSystem([
      { path: 'Dockerfile', type: 'file', content: 'FROM alpine:3.20\nCOPY app.sh /app/\n' },
      { path: '.dockerignore', type: 'file', content: 'node_modules\n' },
      { path: 'app.sh', type: 'file', content: '#!/bin/sh\necho hi\n' },
      { path: 'node_modules/x/index.js', type: 'file', size: 1234 },
    ]);
    const report = await analyze({ fs, context: '/ctx', cwd: '/ctx' });
    expect(report.summary).toMatchObject({ files: 3, excludedFiles: 1, excludedBytes: 1234 });
    expect(report.target).toMatchObject({
      platform: 'linux/amd64',
      libc: 'musl',
      libcSource: 'base-image',
      baseImage: 'alpine:3.20',
    });
    expect(report.findings.every((f) => checks.some((c) => c.meta.id === f.check))).toBe(true);
  });
});
