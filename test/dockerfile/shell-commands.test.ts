// The simple commands the RUN checks look at: control operators, quotes, comments, assignments,
// wrappers, `sh -c` and heredoc scripts.
import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/parse-dockerfile.js';
import { parseShellCommands, runCommands } from '../../src/dockerfile/shell-commands.js';

const words = (text: string): string[][] => parseShellCommands(text).map((c) => c.words);

describe('parseShellCommands', () => {
  test.for([
    [
      'apt-get update && apt-get install -y gcc',
      [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', 'gcc'],
      ],
    ],
    ['a; b || c | d & e', [['a'], ['b'], ['c'], ['d'], ['e']]],
    ['echo "a && b" \'c; d\'', [['echo', 'a && b', 'c; d']]],
    ['echo a\\ b', [['echo', 'a b']]],
    ['pip install x # --no-cache-dir', [['pip', 'install', 'x']]],
    ['sudo -E apt-get install -y make', [['apt-get', 'install', '-y', 'make']]],
    ['env -i PATH=/x pip install y', [['pip', 'install', 'y']]],
    ['if true; then pip install z; fi', [['true'], ['pip', 'install', 'z']]],
    [
      "sh -c 'npm ci && npm run build'",
      [
        ['npm', 'ci'],
        ['npm', 'run', 'build'],
      ],
    ],
    ['/bin/bash -ec "go mod download"', [['go', 'mod', 'download']]],
    ['cat <<EOF > /etc/x', [['cat']]],
    ['make 2>&1 | tee log', [['make'], ['tee', 'log']]],
    ['(cd /src && make)', [['cd', '/src'], ['make']]],
    ['echo $(date) `id`', [['echo', '$(date)', '`id`']]],
    [
      'line one\nline two',
      [
        ['line', 'one'],
        ['line', 'two'],
      ],
    ],
  ] as const)('%j', ([text, expected]) => {
    expect(words(text)).toEqual(expected);
  });

  test('leading assignments are kept apart from the words', () => {
    expect(parseShellCommands('PIP_NO_CACHE_DIR=1 pip install x')).toEqual([
      { words: ['pip', 'install', 'x'], assignments: { PIP_NO_CACHE_DIR: '1' } },
    ]);
  });
});

describe('runCommands', () => {
  const runOf = (dockerfile: string) =>
    parseDockerfile(dockerfile).stages[0]!.instructions.find((i) => i.keyword === 'RUN')!;

  test.for([
    [
      'shell form',
      'FROM a\nRUN apt-get update \\\n    && apt-get install -y gcc\n',
      [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', 'gcc'],
      ],
    ],
    ['exec form', 'FROM a\nRUN ["pip", "install", "x"]\n', [['pip', 'install', 'x']]],
    ['exec form through a shell', 'FROM a\nRUN ["/bin/sh", "-c", "npm ci"]\n', [['npm', 'ci']]],
    [
      'heredoc script',
      'FROM a\nRUN <<EOT\nset -e\npip install flask\nEOT\n',
      [
        ['set', '-e'],
        ['pip', 'install', 'flask'],
      ],
    ],
    ['heredoc script for bash', 'FROM a\nRUN <<EOT bash\napt-get update\nEOT\n', [['apt-get', 'update']]],
    ['heredoc for python is not shell', 'FROM a\nRUN <<EOT python3\nimport os\nEOT\n', []],
    ['heredoc as input data', 'FROM a\nRUN cat <<EOT > /etc/motd\npip install nothing\nEOT\n', [['cat']]],
  ] as const)('%s', ([, dockerfile, expected]) => {
    expect(runCommands(runOf(dockerfile)).map((c) => c.words)).toEqual(expected);
  });
});
