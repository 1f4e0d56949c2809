// Workflow commands parsed back the way the Actions runner reads them (ActionCommand.TryParseV2:
// "::name k=v,k=v::message", values unescaped), so escaping is checked by round trip.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { escapeData, escapeProperty, renderGithub } from '../../src/report/github.js';
import type { Report } from '../../src/types.js';
import { FINDINGS, REPORT, REPORT_WITH_BASELINE } from './fixture-report.js';

interface ParsedCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

function unescapeCommand(text: string, isProperty: boolean): string {
  let out = text.replace(/%0D/g, '\r').replace(/%0A/g, '\n');
  if (isProperty) out = out.replace(/%3A/g, ':').replace(/%2C/g, ',');
  return out.replace(/%25/g, '%');
}

function parseCommand(line: string): ParsedCommand {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (m === null) throw new Error(`not a workflow command: ${JSON.stringify(line)}`);
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescapeCommand(pair.slice(eq + 1), true);
  }
  return { command: m[1]!, properties, message: unescapeCommand(m[3]!, false) };
}

function parseAll(output: string): ParsedCommand[] {
  expect(output.endsWith('\n')).toBe(true);
  return output.slice(0, -1).split('\n').map(parseCommand);
}

describe('escaping round-trips', () => {
  test('any well-formed string survives data and property escaping and stays on one line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: fc.constantFrom('%', '\r', '\n', ':', ',', '=', 'a', '0', 'A', 'D') }),
          fc.string({ unit: 'grapheme' }),
        ),
        (s) => {
          expect(unescapeCommand(escapeData(s), false)).toBe(s);
          expect(unescapeCommand(escapeProperty(s), true)).toBe(s);
          expect(escapeData(s)).not.toMatch(/[\r\n]/);
          expect(escapeProperty(s)).not.toMatch(/[\r\n:,]/);
        },
      ),
      { seed: 7002 },
    );
  });
});

test('a byte that is not UTF-8 becomes U+FFFD (the log is UTF-8 text)', () => {
  expect(escapeData('f\udcffo')).toBe('f\ufffdo');
  expect(escapeProperty('a\ud800')).toBe('a\ufffd');
  expect(escapeData('\u{1f600}')).toBe('\u{1f600}');
});

describe('renderGithub', () => {
  test('one command per finding with severity mapped, paths relative to the root, lines, titles', () => {
    const commands = parseAll(renderGithub(REPORT, { root: '/work' }));
    const perFinding = commands.slice(0, FINDINGS.length);
    expect(perFinding.map((c) => c.command)).toEqual(['error', 'error', 'warning', 'warning', 'notice', 'notice']);
    expect(perFinding.map((c) => c.properties.file)).toEqual([
      'project/locked',
      'project/odd dir/a,b:c%.d',
      'project/pipe|name\nnewline',
      'outside/Dockerfile',
      'project/f\ufffdo/bin',
      'project/x.txt',
    ]);
    expect(perFinding.map((c) => c.properties.line)).toEqual([undefined, undefined, '7', '3', undefined, undefined]);
    expect(perFinding.map((c) => c.properties.title)).toEqual(FINDINGS.map((f) => f.check));
    // A finding that suggests ignore lines carries them on a second line of the annotation.
    const fixOf = (f: (typeof FINDINGS)[number]) =>
      Array.isArray(f.data.ignoreLines)
        ? `\nFix: add to .dockerignore: ${(f.data.ignoreLines as string[]).join('  ')}`
        : '';
    expect(perFinding.map((c) => c.message)).toEqual(
      FINDINGS.map((f) => f.message.replace('\udcff', '\ufffd') + fixOf(f)),
    );
  });

  test('without a root, paths stay relative to the context', () => {
    const commands = parseAll(renderGithub(REPORT));
    expect(commands[0]!.properties.file).toBe('locked');
  });

  test('exceeded limits are errors; the last line is the summary notice', () => {
    const commands = parseAll(renderGithub(REPORT_WITH_BASELINE, { root: '/work' }));
    const rest = commands.slice(FINDINGS.length);
    expect(rest.map((c) => [c.command, c.properties.title])).toEqual([
      ['error', 'buildctx --max-size'],
      ['error', 'buildctx --max-growth'],
      ['notice', 'buildctx'],
    ]);
    expect(rest.at(-1)!.message).toMatch(/4 new, 1 fixed/);
    // Findings the baseline holds say so in their title.
    expect(commands[0]!.properties.title).toBe('unreadable-directory (in baseline)');
  });

  test('a clean report is one summary notice', () => {
    const clean: Report = { ...REPORT, findings: [], limits: [] };
    const commands = parseAll(renderGithub(clean));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({ command: 'notice', properties: { title: 'buildctx' } });
  });
});
