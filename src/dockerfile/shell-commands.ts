// The simple commands of a RUN instruction, for the checks that look at what a RUN does
// (package installs, cache removal, git clone). A small POSIX-shell reader, not an interpreter:
// it splits on the control operators (`&&`, `||`, `;`, `|`, `&`, newlines, grouping), removes
// quotes, drops comments, leading assignments and wrappers (`sudo`, `env`, `exec`, shell
// keywords such as `then`), and reads `sh -c '…'` arguments as commands of their own. Words with
// expansions keep them as written. Unterminated quotes end at the end of the text.
import type { Instruction } from './model.js';

export interface SimpleCommand {
  /** Words after quote removal, assignments and wrappers removed; words[0] is the program. */
  words: string[];
  /** `NAME=value` words before the program (and after `env`). */
  assignments: Record<string, string>;
}

/** Nesting of `sh -c` strings read as commands. */
const MAX_NESTING = 4;

const SHELL_KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'while',
  'until',
  'for',
  'case',
  'esac',
  '!',
  '{',
  '}',
  'time',
]);
const WRAPPERS = new Set(['sudo', 'exec', 'command', 'nice', 'nohup', 'eatmydata', 'xargs']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

type Token = { word: string } | { op: string };

/** Splits shell text into words and control operators. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = (): void => {
    if (inWord) tokens.push({ word });
    word = '';
    inWord = false;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') {
        i += 2;
        continue;
      }
      if (next !== undefined) word += next;
      inWord = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += end < 0 ? text.slice(i + 1) : text.slice(i + 1, end);
      inWord = true;
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== '\n') word += text[i + 1];
          i += 2;
          continue;
        }
        word += text[i];
        i++;
      }
      i++;
      inWord = true;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      // A command substitution stays part of the word as written.
      let depth = 0;
      const start = i;
      for (i += 1; i < text.length; i++) {
        if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) break;
      }
      word += text.slice(start, i + 1);
      inWord = true;
      i++;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      word += end < 0 ? text.slice(i) : text.slice(i, end + 1);
      inWord = true;
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      flush();
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === ';;') {
      flush();
      tokens.push({ op: two });
      i += 2;
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '\n' || c === '(' || c === ')') {
      flush();
      tokens.push({ op: c });
      i++;
      continue;
    }
    if (c === '>' || c === '<') {
      // A redirection: the operator, its file descriptor and its target are not arguments.
      if (/^[0-9]+$/.test(word)) {
        word = '';
        inWord = false;
      }
      flush();
      let j = i + 1;
      while (text[j] === '>' || text[j] === '&' || text[j] === '<' || text[j] === '-') j++;
      tokens.push({ op: 'redirect' });
      i = j;
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  flush();
  return tokens;
}

function toCommand(words: string[], depth: number, out: SimpleCommand[]): void {
  const assignments: Record<string, string> = {};
  let rest = words;
  for (;;) {
    const first = rest[0];
    if (first === undefined) return;
    if (SHELL_KEYWORDS.has(first)) rest = rest.slice(1);
    else if (ASSIGNMENT.test(first)) {
      const eq = first.indexOf('=');
      assignments[first.slice(0, eq)] = first.slice(eq + 1);
      rest = rest.slice(1);
    } else if (first === 'env') {
      rest = rest.slice(1);
      while (rest[0] !== undefined && rest[0].startsWith('-')) rest = rest.slice(1);
    } else if (WRAPPERS.has(first)) {
      rest = rest.slice(1);
      while (rest[0] !== undefined && rest[0].startsWith('-')) rest = rest.slice(1);
    } else break;
  }
  const program = rest[0]!;
  const base = program.slice(program.lastIndexOf('/') + 1);
  // `-c` alone or in a cluster of short options (`-ec`, `-xc`).
  const c = rest.findIndex((w, i) => i > 0 && /^-[A-Za-z]*c[A-Za-z]*$/.test(w));
  if (SHELLS.has(base) && c > 0 && rest[c + 1] !== undefined && depth < MAX_NESTING) {
    for (const inner of parseShellCommands(rest[c + 1]!, depth + 1)) {
      out.push({ words: inner.words, assignments: { ...assignments, ...inner.assignments } });
    }
    return;
  }
  out.push({ words: rest, assignments });
}

/** The simple commands of shell text, in order. */
export function parseShellCommands(text: string, depth = 0): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let words: string[] = [];
  let skipNext = false;
  for (const token of tokenize(text)) {
    if ('op' in token) {
      if (token.op === 'redirect') {
        skipNext = true;
        continue;
      }
      toCommand(words, depth, out);
      words = [];
      continue;
    }
    if (skipNext) {
      skipNext = false;
      continue;
    }
    words.push(token.word);
  }
  toCommand(words, depth, out);
  return out;
}

/** `<<EOF`, `<<-"EOF"`, `3<<EOF` as a whole word. */
const HEREDOC_WORD = /^[0-9]*<<-?["']?[A-Za-z0-9_.-]+["']?$/;

/**
 * The commands a RUN executes. Shell form: the command line; a heredoc whose marker is the
 * whole command, optionally after a shell (`RUN <<EOT`, `RUN <<EOT bash`), is the script itself
 * (dockerfile2llb dispatchRun runs the body with the shell); a heredoc fed to another program
 * (`cat <<EOF > file`, `RUN <<EOF python3`) is data. Exec form: the arguments, with `sh -c`
 * read as a command line.
 */
export function runCommands(instr: Instruction): SimpleCommand[] {
  const run = instr.run;
  if (run === undefined) return [];
  if (!run.shellForm) {
    const out: SimpleCommand[] = [];
    toCommand([...run.command], 0, out);
    return out;
  }
  const line = run.command.join(' ');
  const words = line.trim().split(/\s+/);
  const heredocs = instr.heredocs;
  if (heredocs.length > 0 && words.length > 0 && HEREDOC_WORD.test(words[0]!)) {
    const interpreter = words[1];
    const isShell = interpreter === undefined || SHELLS.has(interpreter.slice(interpreter.lastIndexOf('/') + 1));
    return isShell ? parseShellCommands(heredocs[0]!.content) : [];
  }
  // A heredoc elsewhere on the line is input data; the line itself is the command. The tokenizer
  // treats `<<EOF` as a redirection, so its delimiter word is not an argument.
  return parseShellCommands(line);
}
