// The size report names what large files are (file-type on their first bytes, plus model
// weights), so it can say "1.2 GB of video under assets/".
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { makeTree } from '../helpers/make-tree.js';
import { runCli } from '../helpers/run-cli.js';

const MB = 1_000_000;
const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex');

test('large files are grouped by content kind and top-level directory', async () => {
  const dir = makeTree({
    'assets/logo.png': { content: Buffer.concat([PNG_HEAD, Buffer.alloc(1.5 * MB)]) },
    'assets/big.png': { content: Buffer.concat([PNG_HEAD, Buffer.alloc(2 * MB)]) },
    'dist/bundle.tgz': { content: gzipSync(randomBytes(1.2 * MB)) },
    'models/llm.gguf': { content: Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(3 * MB)]) },
    'data/blob.bin': { size: 4 * MB },
    'small.png': { content: PNG_HEAD },
  });
  const report = JSON.parse((await runCli([dir, '--format', 'json'])).stdout);
  const byKind = Object.fromEntries(report.contentKinds.map((k: { kind: string }) => [k.kind, k]));
  expect(Object.keys(byKind).sort()).toEqual(['archive', 'image', 'model-weights']);
  expect(byKind.image).toMatchObject({ files: 2, dirs: [{ path: 'assets', files: 2 }] });
  expect(byKind['model-weights']).toMatchObject({ files: 1, dirs: [{ path: 'models' }] });
  const largest = Object.fromEntries(report.largestFiles.map((f: { path: string; kind?: string }) => [f.path, f.kind]));
  expect(largest['models/llm.gguf']).toBe('model-weights');
  expect(largest['data/blob.bin']).toBeUndefined();
  expect(largest['small.png']).toBeUndefined();
  const table = (await runCli([dir, '--no-color'])).stdout;
  expect(table).toMatch(/3(\.\d+)?MB of model weights in 1 file: 3(\.\d+)?MB under models\//);
});
