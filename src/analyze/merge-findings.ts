// One root cause, one finding: the checks that read a host environment (a `.venv`, a
// `node_modules`) each see one side of it — its binaries, its extension names, its links, the
// environment itself. Reported apart they repeat one fix four times. After the checks run, the
// findings about one environment root become one: the most severe leads (ties in ROOT_CHECKS
// order), `data.checks` lists every check id merged and `data.evidence` keeps each part, so every
// id stays listable and `--disable` still removes its part before the merge.
import type { Finding, Severity } from '../types.js';

/** Checks whose findings about an environment root merge, in the order that leads on a tie. */
export const ROOT_CHECKS = [
  'host-environment',
  'foreign-binary',
  'foreign-extension-suffix',
  'host-path-link',
  'stale-bytecode',
  'glibc-too-new',
] as const;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** A part of a merged finding. */
export interface FindingEvidence {
  check: string;
  severity: Severity;
  path: string;
  message: string;
  fingerprint: string;
  /** The part's own data (format, loaderError, …). */
  data: Record<string, unknown>;
}

/** The environment a finding is about, or null when it is not one of these checks' environment findings. */
function rootOf(f: Finding): string | null {
  if (!(ROOT_CHECKS as readonly string[]).includes(f.check)) return null;
  if (f.check === 'host-environment') return f.data.kind === 'pycache' ? null : f.path;
  const env = f.data.environment;
  return typeof env === 'string' ? env : null;
}

function union(lists: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const list of lists)
    if (Array.isArray(list)) for (const x of list) if (typeof x === 'string' && !out.includes(x)) out.push(x);
  return out;
}

/** The first clause of a message: what the part found, without its reach (the lead says that). */
function firstClause(message: string): string {
  const at = message.indexOf('; ');
  return at < 0 ? message : message.slice(0, at);
}

/** A part in a few words: what it found, and the error the runtime prints when it says one. */
function partSummary(f: Finding): string {
  const error = typeof f.data.loaderError === 'string' ? ` (${f.data.loaderError})` : '';
  return `${f.check}: ${firstClause(f.message)}${error}`;
}

/** Merges findings that share an environment root; others pass through. Order is kept (the first part's place). */
export function mergeSharedRoots(findings: readonly Finding[]): Finding[] {
  const byRoot = new Map<string, Finding[]>();
  for (const f of findings) {
    const root = rootOf(f);
    if (root === null) continue;
    byRoot.set(root, [...(byRoot.get(root) ?? []), f]);
  }
  const out: Finding[] = [];
  const done = new Set<string>();
  for (const f of findings) {
    const root = rootOf(f);
    const group = root === null ? undefined : byRoot.get(root);
    if (root === null || group === undefined || group.length < 2) {
      out.push(f);
      continue;
    }
    if (done.has(root)) continue;
    done.add(root);
    const rank = (x: Finding): number =>
      SEVERITY_RANK[x.severity] * 10 + (ROOT_CHECKS as readonly string[]).indexOf(x.check);
    const parts = [...group].sort((a, b) => rank(a) - rank(b));
    const lead = parts[0]!;
    const others = parts.slice(1);
    const evidence: FindingEvidence[] = parts.map((p) => ({
      check: p.check,
      severity: p.severity,
      path: p.path,
      message: p.message,
      fingerprint: p.fingerprint,
      data: p.data,
    }));
    out.push({
      ...lead,
      path: root,
      message: `${lead.message}. Same root: ${others.map(partSummary).join('; ')}`,
      data: {
        ...lead.data,
        checks: [...new Set(parts.map((p) => p.check))].sort(),
        evidence,
        ignoreLines: union(parts.map((p) => p.data.ignoreLines)),
        removablePaths: union(parts.map((p) => p.data.removablePaths)),
        // The error the runtime prints is what people search for: the lead's, else the first part's.
        loaderError: parts.map((p) => p.data.loaderError).find((e) => typeof e === 'string') ?? null,
      },
    });
  }
  return out;
}
