// Compose interpolation, as compose-go v2's template package does it (template/template.go, v2.13):
// `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`, `${VAR:+a}`, `${VAR+a}`,
// nesting (`${URL:-postgres://${USER}@db}`), `$$`. The regular expression and the order of its
// alternatives are compose-go's; JavaScript's backtracking picks the same leftmost-first match as
// Go's RE2 for it. A `$` followed by neither a name nor `{` is kept; `${` that does not open a
// valid name is an error. Defaults are only expanded when used. Values only, never keys
// (compose-spec interpolation.md), per file before files are merged.
import type { YNode } from './yaml-nodes.js';

/** A variable's value, or undefined when it is not set (set-but-empty is ""). */
export type Lookup = (name: string) => string | undefined;

/** `${VAR:?message}` with VAR unset, or a `$` Compose cannot read (`${`, `${1}`). */
export class InterpolationError extends Error {
  readonly variable: string | null;

  constructor(message: string, variable: string | null) {
    super(message);
    this.name = 'InterpolationError';
    this.variable = variable;
  }
}

const PATTERN = /\$(?:(\$)|([_a-z][_a-z0-9]*)|\{(?:([_a-z][_a-z0-9]*(?::?[-+?](?:.*))?)\}|()))/gi;
const PATTERN_ONE = new RegExp(PATTERN.source, 'i');

type Operator = ':?' | '?' | ':-' | '-' | ':+' | '+';
/** compose-go tries the operator that appears first in the matched text; this is its list order for ties. */
const OPERATORS: readonly Operator[] = [':?', '?', ':-', '-', ':+', '+'];

interface Applied {
  value: string;
  applied: boolean;
}

function partition(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

function firstOperator(text: string): Operator {
  let best: Operator = OPERATORS[0]!;
  let bestIndex = -1;
  for (const op of OPERATORS) {
    const i = text.indexOf(op);
    if (i >= 0 && (bestIndex < 0 || i < bestIndex)) {
      best = op;
      bestIndex = i;
    }
  }
  return best;
}

/** compose-go getFirstBraceClosingIndex: the `}` that balances the first `{` (it skips the character after each `{`). */
function firstBraceClosingIndex(s: string): number {
  let open = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '}') {
      open--;
      if (open === 0) return i;
    }
    if (s[i] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}

function applyOperator(op: Operator, substitution: string, lookup: Lookup, unset: Set<string>): Applied {
  if (!substitution.includes(op)) return { value: '', applied: false };
  const [name, word] = partition(substitution, op);
  const value = lookup(name);
  // The word after the operator is expanded only when it is used.
  const expanded = (): string => substituteText(word, lookup, unset);
  switch (op) {
    case ':?':
    case '?':
      if (value === undefined || (op === ':?' && value === '')) {
        const reason = expanded();
        throw new InterpolationError(
          `required variable ${name} is missing a value${reason !== '' ? `: ${reason}` : ''}`,
          name,
        );
      }
      return { value, applied: true };
    case ':-':
      return { value: value === undefined || value === '' ? expanded() : value, applied: true };
    case '-':
      return { value: value === undefined ? expanded() : value, applied: true };
    case ':+':
      return { value: value !== undefined && value !== '' ? expanded() : (value ?? ''), applied: true };
    case '+':
      return { value: value !== undefined ? expanded() : '', applied: true };
  }
}

/**
 * Interpolates one string. Names used but not set are added to `unset` (Compose warns and uses "").
 * Throws InterpolationError.
 */
export function substituteText(template: string, lookup: Lookup, unset: Set<string> = new Set()): string {
  if (!template.includes('$')) return template;
  return template.replace(PATTERN, (match: string) => {
    const op = firstOperator(match);
    let substring = match;
    let rest = '';
    const close = firstBraceClosingIndex(substring);
    if (close > -1) {
      rest = substring.slice(close + 1);
      substring = substring.slice(0, close + 1);
    }
    const groups = PATTERN_ONE.exec(substring);
    if (groups?.[1] !== undefined) return '$';
    let substitution = groups?.[2];
    let braced = false;
    if (substitution === undefined) {
      substitution = groups?.[3];
      braced = true;
    }
    if (substitution === undefined || substitution === '')
      throw new InterpolationError(`Invalid template: ${JSON.stringify(template)}`, null);
    if (braced) {
      const r = applyOperator(op, substitution, lookup, unset);
      if (r.applied) return r.value + substituteText(rest, lookup, unset);
    }
    const value = lookup(substitution);
    if (value === undefined) unset.add(substitution);
    return value ?? '';
  });
}

/** Interpolates every string value of a tree (keys are left alone); returns a new tree. */
export function interpolateTree(node: YNode, lookup: Lookup, unset: Set<string>, where: string[] = []): YNode {
  switch (node.kind) {
    case 'scalar': {
      if (typeof node.value !== 'string') return node;
      try {
        return { ...node, value: substituteText(node.value, lookup, unset) };
      } catch (error) {
        if (!(error instanceof InterpolationError)) throw error;
        throw new InterpolationError(
          `line ${node.line}: ${where.join('.').replace(/\.\[/g, '[')}: ${error.message}`,
          error.variable,
        );
      }
    }
    case 'seq':
      return {
        ...node,
        items: node.items.map((item, i) => interpolateTree(item, lookup, unset, [...where, `[${i}]`])),
      };
    case 'map': {
      const entries = new Map<string, YNode>();
      for (const [k, v] of node.entries) entries.set(k, interpolateTree(v, lookup, unset, [...where, k]));
      return { ...node, entries };
    }
  }
}
