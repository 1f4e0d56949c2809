// A file the container start or a RUN runs by name is never removed by advice, whichever COPY
// brought it: applying `fix --write` keeps it in the context, and the finding about it carries the
// Dockerfile change instead. Files of a host environment are the exception (their finding pairs
// the ignore line with installing the environment in the image).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { planContextFix } from '../../src/fix/fix.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';
import { REPO } from '../checks/helpers.js';

const MACHO = fs.readFileSync(path.join(REPO, 'fixtures/binaries/macho-arm64-exe'));

function fixOf(files: Record<string, string | Uint8Array>) {
  const nodes: MemoryNode[] = Object.entries(files).map(([p, content]) => ({
    path: p,
    type: 'file',
    content,
    mode: 0o755,
  }));
  return planContextFix({ fs: new MemoryFileSystem(nodes, '/ctx'), cwd: '/ctx', context: '.' });
}

describe('a file ENTRYPOINT/CMD/RUN runs is never ignored', () => {
  test.for([
    [
      'a Mac binary inside a COPYed directory, run by name through PATH',
      'FROM alpine:3.20\nCOPY bin/ /usr/local/bin/\nENTRYPOINT ["server"]\n',
      'bin/server',
    ],
    [
      'a Mac binary taken by COPY . ., run by path',
      'FROM alpine:3.20\nWORKDIR /app\nCOPY . .\nCMD ["./bin/server"]\n',
      'bin/server',
    ],
    [
      'a Mac binary a RUN executes during the build',
      'FROM alpine:3.20 AS build\nWORKDIR /src\nCOPY bin bin\nRUN ./bin/server --version > /v\nFROM alpine:3.20\nCOPY --from=build /v /v\n',
      'bin/server',
    ],
  ] as const)('%s', async ([, dockerfile, binary]) => {
    const result = await fixOf({ Dockerfile: dockerfile, [binary]: MACHO, 'bin/notes.txt': 'x\n' });
    const finding = result.before.findings.find((f) => f.check === 'foreign-binary' && f.path === binary);
    expect(finding?.severity).toBe('error');
    expect(finding?.data.ignoreLines).toEqual([]);
    // Applied: the ignore file fix writes still sends the binary, and the finding points to the Dockerfile.
    expect(result.plan.lines.map((l) => l.line)).toEqual([]);
    expect(result.after.findings.some((f) => f.check === 'foreign-binary' && f.path === binary)).toBe(true);
    expect(result.unresolved.map((f) => f.path)).toContain(binary);
    expect(result.before.suggestedIgnoreLines).toEqual([]);
  });

  test('the same binary not run by anything is dead weight, and its ignore line is applied', async () => {
    const result = await fixOf({
      Dockerfile: 'FROM alpine:3.20\nWORKDIR /app\nCOPY . .\nCMD ["./run.sh"]\n',
      'run.sh': '#!/bin/sh\nexec sleep 1\n',
      'tools/server': MACHO,
    });
    const finding = result.before.findings.find((f) => f.check === 'foreign-binary');
    expect(finding?.severity).toBe('warning');
    expect(result.plan.lines.map((l) => l.line)).toEqual(['tools/server']);
    expect(result.after.findings.filter((f) => f.check === 'foreign-binary')).toEqual([]);
    // It removes the binary and nothing else (run.sh, which CMD runs, is still sent).
    expect(result.plan.lines[0]!.files).toBe(1);
  });
});
