// Help texts: the overview, and each command's help rendered from its option table (options.ts).

import { COMMAND_SPECS, type CommandName, type CommandSpec, type OptionSpec } from './options.js';

const GENERAL = `buildctx — what exactly will docker build send, how big is it, and what in it will break the image

Usage:
  buildctx [CONTEXT] [options]          size report of the build context (default command)
  buildctx ls [CONTEXT] [options]       every path docker build sends, one per line
  buildctx why PATH... [-C CONTEXT]     which ignore-file line keeps a path in or out
  buildctx pack [CONTEXT] [-o FILE]     write the classic builder's context tar
  buildctx fix [CONTEXT] [--write]      the .dockerignore lines that resolve the findings
  buildctx scan --all [ROOT]            every Dockerfile and compose build below ROOT
  buildctx compose [SERVICE...]         each service's build as docker compose runs it
  buildctx diagnose [CONTEXT] --error TEXT | --log FILE | -
                                        from an error message to the context file that caused it
  buildctx help [COMMAND]               help for a command

Common options:
  -f, --file DOCKERFILE     the Dockerfile, as given to docker build -f (default CONTEXT/Dockerfile)
      --ignore-file FILE    use this ignore file instead of the one Docker would pick
  -h, --help                help
  -V, --version             print the version

Exit codes: 0 ok, 1 a limit exceeded or a finding at or above --fail-on (default error),
2 usage or operational error. diagnose: 0 a file in the context explains the error, 1 it does not.
`;

/** Where option help starts: `  -f, --file DOCKERFILE     the Dockerfile …`. */
const HELP_COLUMN = 28;

function optionLine(name: string, spec: OptionSpec): string {
  const flag = name === spec.short ? `-${name}` : `--${name}${spec.arg !== undefined ? ` ${spec.arg}` : ''}`;
  const left =
    spec.short !== undefined && name !== spec.short
      ? `  -${spec.short}, ${flag}`
      : name === spec.short
        ? `  ${flag}`
        : `      ${flag}`;
  const [first, ...rest] = spec.help.split('\n');
  const head = left.length < HELP_COLUMN ? left.padEnd(HELP_COLUMN) : `${left}  `;
  return [head + first, ...rest.map((l) => ' '.repeat(HELP_COLUMN) + l)].join('\n');
}

/** A command's --help, rendered from the option table its parser uses. */
export function commandHelp(spec: CommandSpec): string {
  // -h, --help comes last, after what the command does.
  const entries = Object.entries(spec.options);
  const ordered = [...entries.filter(([name]) => name !== 'help'), ...entries.filter(([name]) => name === 'help')];
  const options = ordered.map(([name, option]) => optionLine(name, option));
  const after = spec.after !== undefined ? `\n${spec.after}\n` : '';
  return `Usage: ${spec.usage}\n\n${spec.about}\n\nOptions:\n${options.join('\n')}\n${after}`;
}

export function usageText(command?: string): string {
  return command !== undefined && Object.hasOwn(COMMAND_SPECS, command)
    ? commandHelp(COMMAND_SPECS[command as CommandName])
    : GENERAL;
}
