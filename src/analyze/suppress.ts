// Suppressions applied to findings: `# buildctx-ignore` comments (facts/suppressions.ts) and the
// configuration file's `ignorePaths`. A suppressed finding stays in the report, marked
// `suppressed: true` with where the suppression is written; reporters count it, SARIF lists it
// with `suppressions`, and the guard never fails on it. The unused-suppression candidates of the
// comments that did cover something are dropped here.
import { createRequire } from 'node:module';
import type ignoreType from 'ignore';
import type { Finding, SuppressionDirective, SuppressionRef } from '../types.js';

const require = createRequire(import.meta.url);

const UNUSED = 'unused-suppression';

export interface SuppressOptions {
  directives: readonly SuppressionDirective[];
  /** `.gitignore`-syntax patterns, context-relative: findings about matching paths are suppressed. */
  ignorePaths: readonly string[];
  /** Where `ignorePaths` come from (the configuration file), or null. */
  ignorePathsFile: string | null;
  /** Checks that did not run: a comment naming only those is not reported as unused. */
  disabled: ReadonlySet<string>;
}

function covers(d: SuppressionDirective, f: Finding): boolean {
  if (!d.checks.includes(f.check)) return false;
  if (d.source === 'dockerfile')
    return (
      d.lines !== undefined &&
      f.path === d.file &&
      f.line !== undefined &&
      f.line >= d.lines.from &&
      f.line <= d.lines.to
    );
  if (d.path === undefined) return false;
  return f.path === d.path || f.path.startsWith(`${d.path}/`);
}

function refOf(d: SuppressionDirective): SuppressionRef {
  return { source: d.source, file: d.file, line: d.line, reason: d.reason };
}

export function applySuppressions(findings: readonly Finding[], options: SuppressOptions): Finding[] {
  const used = new Set<SuppressionDirective>();
  let matcher: { ignores(path: string): boolean } | null = null;
  if (options.ignorePaths.length > 0) {
    const ignore = require('ignore') as typeof ignoreType;
    matcher = ignore({ allowRelativePaths: true }).add([...options.ignorePaths]);
  }
  const marked = findings.map((f): Finding => {
    if (f.check === UNUSED) return f;
    const d = options.directives.find((x) => covers(x, f));
    if (d !== undefined) {
      used.add(d);
      return { ...f, suppressed: true, suppression: refOf(d) };
    }
    // A finding's path may be a directory: `vendor/` must match it too.
    if (matcher !== null && f.path !== '' && (matcher.ignores(f.path) || matcher.ignores(`${f.path}/`))) {
      const pattern = options.ignorePaths.find((p) => ignoreOne(p, f.path)) ?? options.ignorePaths[0]!;
      return {
        ...f,
        suppressed: true,
        suppression: { source: 'config', file: options.ignorePathsFile, line: null, reason: `ignorePaths: ${pattern}` },
      };
    }
    return f;
  });
  const stale = (f: Finding): boolean => {
    const d = options.directives.find((x) => x.file === f.path && x.line === f.line);
    if (d === undefined) return true;
    if (used.has(d)) return false;
    // A comment about checks that did not run cannot be judged.
    return !(d.checks.length > 0 && d.checks.every((id) => options.disabled.has(id)));
  };
  return marked.filter((f) => f.check !== UNUSED || stale(f));
}

/** Whether the single pattern `p` matches `path` (for naming the pattern that suppressed a finding). */
function ignoreOne(p: string, path: string): boolean {
  const ignore = require('ignore') as typeof ignoreType;
  const one = ignore({ allowRelativePaths: true }).add(p);
  return one.ignores(path) || one.ignores(`${path}/`);
}
