// One case per row of the message catalogue (errors-in-the-wild.md, binaries.md §4): the real
// message text from the cited thread, a small context that holds the file, and what diagnose must
// answer. The fix it gives is applied to a copy of the context and must take the culprit out.
import { appendFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadContext } from '../../src/context/load-context.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { nodeFileSystem } from '../../src/fs/node-fs.js';
import { CASES, materialise } from '../helpers/diagnose-cases.js';

function sentPaths(dir: string): string[] {
  return loadContext({
    fs: nodeFileSystem,
    cwd: dir,
    context: dir,
    classic: false,
    measureExcluded: false,
    stat: false,
    readLinks: false,
  }).entries.map((e) => e.path);
}

describe('catalogue', () => {
  test('covers every row of errors-in-the-wild.md §1–§4', () => {
    const rows = new Set(CASES.map((c) => c.row.split(' ')[0]));
    expect([...rows].filter((r) => r!.startsWith('§')).sort()).toEqual(['§1', '§2', '§3', '§4']);
    expect(CASES.length).toBeGreaterThanOrEqual(26);
    for (const c of CASES) expect(c.source, c.id).toMatch(/^(https:\/\/github\.com\/|binaries\.md|fixtures\/)/);
  });

  test.for(CASES)('$id ($row)', (c) => {
    const dir = materialise(c);
    const d = diagnose({ text: c.message, context: dir, cwd: dir, ...c.options });
    expect(d.culprits.length > 0 ? 0 : 1, 'exit').toBe(c.expect.exit);
    expect(d.messages.length, 'messages').toBeGreaterThan(0);
    if (c.expect.culprit === null) {
      expect(d.culprits).toEqual([]);
      if (c.expect.verdicts !== undefined) expect(d.messages.map((m) => m.verdict)).toEqual(c.expect.verdicts);
      if (c.expect.reason !== undefined) expect(d.messages[0]!.reason).toBe(c.expect.reason);
      return;
    }
    const first = d.culprits[0]!;
    expect(first.path).toBe(c.expect.culprit);
    expect(first.kind).toBe(c.expect.kind);
    expect(first.explanation.length).toBeGreaterThan(40);
    expect(first.fix.ignoreLines).toEqual(c.expect.ignoreLines);
    expect(sentPaths(dir)).toContain(first.path);
    if (first.fix.ignoreLines.length === 0) {
      // The project's own file: the fix is an edit, said in words.
      expect(first.fix.notes.length).toBeGreaterThan(0);
      return;
    }
    expect(first.fix.verified).toBe(true);
    appendFileSync(path.join(dir, first.fix.ignoreFile), '\n' + first.fix.ignoreLines.join('\n') + '\n');
    const after = sentPaths(dir);
    expect(after).not.toContain(first.path);
    expect(after).toContain('Dockerfile');
  });
});
