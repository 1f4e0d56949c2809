// The memoised simulator gives exactly what the full simulation gives, for generated trees,
// ignore files and lines (with and without exceptions, valid and invalid).
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { parseIgnoreFile } from '../../src/context/ignore-file.js';
import { encodePath } from '../../src/paths.js';
import { createIgnoreSimulator, simulateIgnoreLines } from '../../src/context/simulate-ignore.js';
import type { ContextEntry } from '../../src/types.js';

const NAMES = ['a', 'b', 'node_modules', '.venv', 'x.log', 'build', 'src'];
const LINE_PARTS = ['a', 'b', 'node_modules', '.venv', '*.log', 'build', 'src', '*', '**', '/', '?', '['];

const tree = fc.uniqueArray(
  fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
  { maxLength: 25 },
);
const line = fc
  .tuple(
    fc.constantFrom('', '', '', '!', '/'),
    fc.array(fc.constantFrom(...LINE_PARTS), { minLength: 1, maxLength: 4 }),
  )
  .map(([pre, parts]) => pre + parts.join(''));

/** The files and every directory above them, in walk order (parents first, names sorted). */
function entriesOf(files: readonly string[]): ContextEntry[] {
  const kinds = new Map<string, 'file' | 'dir'>();
  for (const f of files) {
    const segs = f.split('/');
    for (let i = 1; i < segs.length; i++) kinds.set(segs.slice(0, i).join('/'), 'dir');
  }
  for (const f of files) if (!kinds.has(f)) kinds.set(f, 'file');
  return [...kinds]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, type]) => ({ path, type, size: type === 'file' ? path.length : 0, mode: 0, mtimeMs: 0 }));
}

function outcome(run: () => ReturnType<typeof simulateIgnoreLines>) {
  try {
    const r = run();
    return { removed: r.removed.map((e) => e.path), files: r.files, bytes: r.bytes, arrivesEmpty: r.arrivesEmpty };
  } catch (error) {
    return { threw: (error as Error).name };
  }
}

test('createIgnoreSimulator agrees with simulateIgnoreLines', () => {
  fc.assert(
    fc.property(
      tree,
      fc.array(line, { maxLength: 4 }),
      fc.array(fc.array(line, { maxLength: 3 }), { minLength: 1, maxLength: 4 }),
      (files, fileLines, trials) => {
        const all = entriesOf(files);
        let current;
        try {
          current = parseIgnoreFile(encodePath(fileLines.join('\n') + '\n'));
          simulateIgnoreLines(all, [], fileLines);
        } catch {
          return; // an ignore file Docker refuses: no context to simulate on
        }
        // What is sent with this ignore file (parents of re-included entries stay, as the walk sends them).
        const gone = new Set(simulateIgnoreLines(all, [], fileLines).removed.map((e) => e.path));
        const sent = all.filter((e) => !gone.has(e.path));
        const fast = createIgnoreSimulator(sent, current);
        for (const lines of trials) {
          expect(outcome(() => fast(lines))).toEqual(outcome(() => simulateIgnoreLines(sent, current, lines)));
        }
      },
    ),
    { numRuns: 500, seed: 5001 },
  );
});
