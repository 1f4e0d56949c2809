import { defineCheck } from '../facts/define-check.js';
import { dockerfilePath } from '../facts/dockerfile-facts.js';
import { describeSource, notFoundError, sourcePath, sourceProblems } from '../facts/source-problems.js';

export default defineCheck({
  meta: {
    id: 'copy-source-missing',
    title: 'COPY source not in the context',
    defaultSeverity: 'error',
    description:
      'A COPY, ADD or RUN --mount source of the target names a path the build context does not have: the build fails (a wildcard that matches nothing copies nothing).',
  },
  *run(model) {
    for (const p of sourceProblems(model)) {
      if (p.ignoredBy.length > 0) continue;
      const what = describeSource(p.use);
      const path = sourcePath(p.use.source.value);
      const also =
        p.wouldIgnore !== null
          ? `; ${model.ignore?.displayPath ?? '.dockerignore'}:${p.wouldIgnore.line} (${p.wouldIgnore.text.trim()}) would exclude it too`
          : '';
      yield {
        path: dockerfilePath(model),
        line: p.use.source.line,
        ...(p.effect === 'empty' ? { severity: 'warning' as const } : {}),
        message:
          p.effect === 'missing'
            ? `${what}: ${path} is not in the build context, so the build fails with "${notFoundError(p.use)}"${also}`
            : `${what}: nothing in the build context matches, so it copies nothing${also}`,
        data: {
          source: p.use.source.source,
          value: p.use.source.value,
          kind: p.use.source.kind,
          effect: p.effect,
          stage: p.use.source.stage,
          wouldIgnoreLine: p.wouldIgnore?.line ?? null,
          fingerprintKey: `${p.use.source.stage}:${p.use.source.kind}:${p.use.source.source}`,
        },
      };
    }
  },
});
