import { defineCheck } from '../facts/define-check.js';
import type { SuppressionDirective } from '../types.js';

// Every `# buildctx-ignore` comment is a candidate: analyze/suppress.ts drops the finding of each
// comment that covers a finding (or names only checks that did not run), so what is left are the
// comments that no longer suppress anything — stale, misplaced or misspelt.

function written(d: SuppressionDirective): string {
  const ids = d.checks.join(',');
  return d.source === 'dockerfile' ? `# buildctx-ignore ${ids}` : `# buildctx-ignore ${ids}: ${d.path ?? ''}`;
}

function why(d: SuppressionDirective): string {
  if (d.checks.length === 0)
    return d.source === 'dockerfile'
      ? 'names no check id (write # buildctx-ignore check-id[,check-id] reason on the line before the instruction)'
      : 'names no check id (write # buildctx-ignore check-id: path)';
  if (d.unknown !== undefined && d.unknown.length > 0)
    return `names no check buildctx has: ${d.unknown.join(', ')} (buildctx --list-checks lists them)`;
  if (d.source === 'dockerfile') {
    if (d.lines === undefined) return 'stands before no instruction: put it on the line right above the instruction';
    return `suppresses nothing: no ${d.checks.join(' or ')} finding on the instruction at line ${d.lines.from}`;
  }
  if (d.path === undefined) return 'names no path (write # buildctx-ignore check-id: path)';
  return `suppresses nothing: no ${d.checks.join(' or ')} finding about ${d.path}`;
}

export default defineCheck({
  meta: {
    id: 'unused-suppression',
    title: 'Suppression comment that suppresses nothing',
    defaultSeverity: 'info',
    description:
      'A # buildctx-ignore comment in the Dockerfile or the ignore file covers no finding: the problem is gone, or the comment is misplaced or misspelt.',
  },
  *run(model) {
    for (const d of model.suppressions) {
      if (d.source === 'config' || d.file === null || d.line === null) continue;
      yield {
        path: d.file,
        line: d.line,
        message: `${written(d).trim()} ${why(d)}; remove it or fix it`,
        data: {
          source: d.source,
          checks: d.checks,
          ...(d.path !== undefined ? { suppressedPath: d.path } : {}),
          fingerprintKey: `${d.checks.join(',')}:${d.path ?? ''}:${d.reason ?? ''}`,
        },
      };
    }
  },
});
