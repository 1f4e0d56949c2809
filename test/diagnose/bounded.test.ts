// Hostile input to diagnose: giant log lines, logs with hundreds of thousands of messages, and
// Dockerfiles whose COPY --from chains loop or fan out. Each must finish (the quadratic and
// unbounded versions of this code never do on these inputs) and still read what is real.
import { describe, expect, test } from 'vitest';
import { MAX_LOG_CHARS } from '../../src/diagnose/clean-log.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { mapContainerPath } from '../../src/diagnose/map-paths.js';
import { MAX_MESSAGES, parseErrorText, PATH_MAX } from '../../src/diagnose/parse-messages.js';
import { parseDockerfile } from '../../src/dockerfile/parse-dockerfile.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';

const TEN_MB = 10 * 1024 * 1024;

// Lines that made a backtracking pattern retry from every character: a run of path characters
// (with and without slashes) before a recogniser's literal, spaces before the end of a line, and
// an opening quote that never closes.
const GIANT_LINES: [string, string][] = [
  ['spaces before the end', ' '.repeat(TEN_MB) + 'x'],
  ['a slash path before ": not found"', '/x'.repeat(TEN_MB / 2) + ': not found'],
  ['a word before "cannot execute binary file"', 'a'.repeat(TEN_MB) + ' cannot execute binary file: Exec format error'],
  [
    'a quoted path that never closes',
    "FileNotFoundError: [Errno 2] No such file or directory: '" + '/x'.repeat(TEN_MB / 2),
  ],
  ['a shell name before a slash run', 'sh: ' + '/a'.repeat(TEN_MB / 2) + ': No such file or directory'],
  ['a path before "invalid ELF header"', '/p'.repeat(TEN_MB / 2) + ': invalid ELF header'],
];

describe('log scanning is linear in the input', () => {
  test.for(GIANT_LINES)('a 10 MB line: %s', ([, line]) => {
    // The line alone (cut to MAX_LOG_CHARS from its end), then followed by a real message.
    expect(parseErrorText(line).messages.filter((m) => m.path !== null && m.path.length > PATH_MAX)).toEqual([]);
    const { messages } = parseErrorText(line + '\nError: /app/node_modules/x/x.node: invalid ELF header\n');
    expect(messages.map((m) => m.path)).toContain('/app/node_modules/x/x.node');
  });

  test('five 10 MB lines in one log, then the message', () => {
    const log =
      GIANT_LINES.slice(0, 5)
        .map(([, l]) => l)
        .join('\n') + '\nexec /app/server: exec format error\n';
    expect(log.length).toBeGreaterThan(5 * TEN_MB);
    const { messages } = parseErrorText(log);
    expect(messages.map((m) => [m.kind, m.path])).toContainEqual(['exec-format-error', '/app/server']);
    // Only the end of the log is read.
    expect(messages.every((m) => m.line > 1)).toBe(true);
    expect(MAX_LOG_CHARS).toBeLessThan(log.length);
  });

  test('400,000 distinct paths: every match is seen, MAX_MESSAGES are kept', () => {
    const lines: string[] = [];
    for (let i = 0; i < 400_000; i++) lines.push(`Error: /app/p${i}/x.node: invalid ELF header`);
    const { messages } = parseErrorText(lines.join('\n'));
    expect(messages).toHaveLength(MAX_MESSAGES);
    // Later recognisers must not take text an earlier one took: each line is one message.
    expect(new Set(messages.map((m) => m.line)).size).toBe(MAX_MESSAGES);
    expect(messages.every((m) => m.kind === 'glibc-invalid-elf-header')).toBe(true);
  });

  test('the same message 400,000 times is one message with its count', () => {
    const line = 'Error: /app/x.node: invalid ELF header\n';
    const { messages } = parseErrorText(line.repeat(400_000));
    expect(messages).toHaveLength(1);
    // The log is cut to its last MAX_LOG_CHARS characters.
    expect(messages[0]!.occurrences).toBe(Math.floor(MAX_LOG_CHARS / line.length));
  });

  test('a "path" longer than PATH_MAX is not a path', () => {
    const long = '/a'.repeat(PATH_MAX);
    expect(parseErrorText(`${long}: invalid ELF header`).messages).toEqual([]);
    expect(parseErrorText(`${long.slice(0, PATH_MAX - 2)}: invalid ELF header`).messages).toHaveLength(1);
  });
});

describe('COPY --from chains are followed without looping', () => {
  const TREE = new Map([
    ['server', { path: 'server', type: 'file' as const }],
    ['Dockerfile', { path: 'Dockerfile', type: 'file' as const }],
  ]);

  test('a stage that copies from itself', () => {
    const model = parseDockerfile(
      'FROM alpine AS a\nCOPY --from=a /x /x\nCOPY --from=a /y /y\nCOPY --from=a / /w\nCOPY server /app/server\n',
    );
    expect(mapContainerPath('/app/server', { model, entries: TREE }).map((m) => m.contextPath)).toEqual(['server']);
    expect(mapContainerPath('/w/w/w/app/server', { model, entries: TREE })).toEqual([]);
  });

  test('two stages that copy from each other', () => {
    const model = parseDockerfile(
      'FROM alpine AS a\nCOPY --from=b / /b\nFROM alpine AS b\nCOPY --from=a / /a\nCOPY server /srv/server\n',
    );
    expect(mapContainerPath('/a/b/a/b/srv/server', { model, entries: TREE })).toEqual([]);
    expect(mapContainerPath('/srv/server', { model, entries: TREE }).map((m) => m.contextPath)).toEqual(['server']);
  });

  test('a chain of stages each copying twice from the one before (2^16 routes)', () => {
    const stages = ['FROM alpine AS s0\nCOPY server /server'];
    for (let i = 1; i <= 16; i++)
      stages.push(`FROM alpine AS s${i}\nCOPY --from=s${i - 1} / /\nCOPY --from=s${i - 1} / /copy/`);
    const model = parseDockerfile(stages.join('\n') + '\n');
    const found = mapContainerPath('/copy/copy/copy/nothing', { model, entries: TREE });
    expect(found).toEqual([]);
    expect(mapContainerPath('/server', { model, entries: TREE }).map((m) => m.contextPath)).toEqual(['server']);
  });

  test('diagnose returns on a Dockerfile whose stage copies --from itself', () => {
    const nodes: MemoryNode[] = [
      {
        path: 'Dockerfile',
        type: 'file',
        content:
          'FROM alpine AS a\nCOPY --from=a /x /x\nCOPY --from=a /y /y\nCOPY --from=a / /w\nWORKDIR /app\nENTRYPOINT ["/app/server"]\n',
      },
      { path: 'server', type: 'file', content: 'x' },
    ];
    const d = diagnose({
      text: 'exec /app/server: exec format error',
      fs: new MemoryFileSystem(nodes),
      context: '/ctx',
      cwd: '/',
    });
    expect(d.messages.map((m) => m.kind)).toEqual(['exec-format-error']);
    expect(d.culprits).toEqual([]);
  });
});
