// The CLI's bundle: the commands and the counting worker bundled into a few files under
// dist/bundle (the bin runs from there), the dependencies left as imports. tsc's dist/ stays the
// library. Loading one module per source file cost about 0.1 s of every run, most of a small
// report's (docs/performance.md, Start-up).
//
//   node esbuild.config.mjs [OUTDIR]     default dist/bundle; the tests build their own copy
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const root = import.meta.dirname;
const outdir = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'bundle'));
fs.rmSync(outdir, { recursive: true, force: true });
buildSync({
  // src/fs/tree-measurer.ts starts the worker as ./measure-worker.js beside itself: every output
  // file sits in outdir, entries by their own names.
  entryPoints: ['src/cli/quick.ts', 'src/cli/main.ts', 'src/fs/measure-worker.ts'].map((f) => path.join(root, f)),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  tsconfig: path.join(root, 'tsconfig.json'),
  logLevel: 'warning',
});
