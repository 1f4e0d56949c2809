import { defineCheck } from '../facts/define-check.js';
import { dockerfilePath, MAX_LISTED_PATHS } from '../facts/dockerfile-facts.js';
import { describeSource, notFoundError, sourcePath, sourceProblems } from '../facts/source-problems.js';

export default defineCheck({
  meta: {
    id: 'copy-source-ignored',
    title: 'COPY source excluded by the ignore file',
    defaultSeverity: 'error',
    description:
      'A COPY, ADD or RUN --mount source of the target exists but the ignore file keeps it out of the context: the build fails (or a wildcard copies nothing).',
  },
  *run(model) {
    const file = model.ignore?.displayPath ?? '.dockerignore';
    for (const p of sourceProblems(model)) {
      if (p.ignoredBy.length === 0) continue;
      const what = describeSource(p.use);
      const rules = [...new Map(p.ignoredBy.map((i) => [i.rule.line, i.rule])).values()].sort(
        (a, b) => a.line - b.line,
      );
      const ruleText = rules.map((r) => `${file}:${r.line} (${r.text.trim()})`).join(', ');
      const consequence =
        p.effect === 'missing' ? `the build fails with "${notFoundError(p.use)}"` : 'the COPY copies nothing';
      const fix =
        p.exceptionLine !== null
          ? `; remove the line or add \`${p.exceptionLine}\` after it`
          : '; remove the line or re-include the path with a `!` line';
      yield {
        path: dockerfilePath(model),
        line: p.use.source.line,
        ...(p.effect === 'empty' ? { severity: 'warning' as const } : {}),
        message: `${what}: ${sourcePath(p.use.source.value)} is excluded by ${ruleText}, so ${consequence}${fix}`,
        data: {
          source: p.use.source.source,
          value: p.use.source.value,
          kind: p.use.source.kind,
          effect: p.effect,
          stage: p.use.source.stage,
          ignoreFile: file,
          ignoreFileLines: rules.map((r) => r.line),
          excludedPaths: p.ignoredBy.map((i) => i.path).slice(0, MAX_LISTED_PATHS),
          exceptionLine: p.exceptionLine,
          fingerprintKey: `${p.use.source.stage}:${p.use.source.kind}:${p.use.source.source}`,
        },
      };
    }
  },
});
