// `pack` against Docker's own stream, byte for byte and header by header: every case of
// test/golden/pack-cases.json (hostile trees and the tar-cases trees) recorded from
// go-archive's header fields through Go's archive/tar (test/golden/generate-pack.mjs).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { loadContext } from '../../src/context/load-context.js';
import { packContext } from '../../src/pack/pack.js';
import { nodeFileSystem } from '../../src/fs/node-fs.js';
import { canMakeDevices, loadPackCases, materializeTree } from '../golden/load.js';
import { describeHeader, splitTarEntries } from '../golden/tar-entries.mjs';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

const asRoot = process.getuid?.() === 0 && canMakeDevices();

async function packBytes(dir: string): Promise<Buffer> {
  const context = loadContext({
    fs: nodeFileSystem,
    cwd: dir,
    classic: true,
    measureExcluded: false,
    stat: true,
    readLinks: true,
  });
  const chunks: Uint8Array[] = [];
  await packContext({ fs: nodeFileSystem, context, out: { write: (c) => void chunks.push(Buffer.from(c)) } });
  return Buffer.concat(chunks);
}

const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('pack equals the classic builder stream', () => {
  test.for(loadPackCases().map((c) => [c.id, c.description, c] as const))('case %i: %s', async ([, , c], { skip }) => {
    if (c.needs === 'root' && !asRoot) skip('needs root: mode-000 reads and mknod');
    const dir = materializeTree(c.tree);
    made.push(dir);
    const ours = await packBytes(dir);
    const { entries, trailerOk } = splitTarEntries(ours);
    expect(trailerOk).toBe(true);
    expect(entries).toHaveLength(c.headers.length);
    entries.forEach((e, i) => {
      const got = digest(e.header).slice(0, 32);
      // On a mismatch, say which fields of which entry differ from what was recorded.
      if (got !== c.headers[i])
        expect.fail(
          `${e.name.toString('latin1')}: header differs from Docker's (recorded digest ${c.headers[i]}); ours: ${describeHeader(e.header)}`,
        );
    });
    expect(ours.length).toBe(c.bytes);
    expect(digest(ours)).toBe(c.sha256);
  });
});
