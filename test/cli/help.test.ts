// Each command's --help is rendered from the option table its parser uses (src/cli/options.ts).
// These tests read the help as a user does and hand every option it names back to the parser, so
// an option the parser accepts but help omits, or help names but the parser refuses, fails here.
import { describe, expect, test } from 'vitest';
import { commands } from '../../src/cli/commands.js';
import { COMMAND_SPECS } from '../../src/cli/options.js';
import { runCli } from '../helpers/run-cli.js';

interface HelpOption {
  flag: string;
  takesValue: boolean;
}

/** The options a help text lists: lines of its "Options:" section that start with a flag. */
function optionsInHelp(help: string): HelpOption[] {
  const section = help.split('\nOptions:\n')[1]?.split('\n\n')[0] ?? '';
  const out: HelpOption[] = [];
  for (const line of section.split('\n')) {
    const m = /^ {2}(?:-\w, )?(--[\w-]+|-\w)(?: (\S+))?/.exec(line) ?? /^ {6}(--[\w-]+)(?: (\S+))?/.exec(line);
    if (m === null) continue;
    // A placeholder (FILE, N, text|json) follows the flag on the same line, before the two-space gap.
    const value = m[2];
    out.push({ flag: m[1]!, takesValue: value !== undefined && /^[A-Z]|\|/.test(value) });
  }
  return out;
}

const NAMES = Object.keys(commands) as (keyof typeof commands)[];

describe('help is generated from the parser table', () => {
  test('every command has an option table, and every table a command', () => {
    expect(Object.keys(COMMAND_SPECS).sort()).toEqual([...NAMES].sort());
  });

  test.for(NAMES)('%s: `help CMD` and `CMD --help` print the same text', async (name) => {
    const viaHelp = await runCli(['help', name]);
    const viaFlag = await runCli([name, '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaFlag).toMatchObject({ code: 0, stdout: viaHelp.stdout, stderr: '' });
    expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: buildctx ${name === 'report' ? '\\[report\\]' : name}`));
  });

  test.for(NAMES)('%s: help lists exactly the options of the table', async (name) => {
    const listed = optionsInHelp((await runCli(['help', name])).stdout);
    const table = Object.entries(COMMAND_SPECS[name].options).map(([key, spec]) => ({
      flag: key === spec.short ? `-${key}` : `--${key}`,
      takesValue: spec.type === 'string',
    }));
    expect([...listed].sort((a, b) => (a.flag < b.flag ? -1 : 1))).toEqual(
      [...table].sort((a, b) => (a.flag < b.flag ? -1 : 1)),
    );
  });

  test.for(NAMES)('%s: the parser accepts every option help lists, and nothing else', async (name) => {
    const listed = optionsInHelp((await runCli(['help', name])).stdout);
    expect(listed.length).toBeGreaterThan(1);
    // --help is read right after parsing, so a run with an accepted option prints help and exits 0.
    for (const { flag, takesValue } of listed) {
      const r = await runCli([name, flag, ...(takesValue ? ['x'] : []), '--help']);
      expect({ flag, code: r.code, stderr: r.stderr }).toEqual({ flag, code: 0, stderr: '' });
    }
    const unknown = await runCli([name, '--no-such-option', '--help']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--no-such-option'/);
  });

  test('options that nothing reads are not offered: ls and why take no --no-color', async () => {
    for (const name of ['ls', 'why'] as const) {
      const r = await runCli([name, '--no-color', '--help']);
      expect(r.code).toBe(2);
    }
  });
});
