import { legacyDockerDifferences } from '../context/legacy-patterns.js';
import { defineCheck } from '../facts/define-check.js';

// buildctx models current Docker (moby/patternmatcher, BuildKit's walker; Docker 23.0 and later,
// where the classic builder uses the same matcher). Docker 20.10 — still Debian 12's docker.io —
// reads four kinds of pattern differently (src/context/legacy-patterns.ts): a user on it gets
// another set of files than the report says.

export default defineCheck({
  meta: {
    id: 'legacy-docker-patterns',
    title: 'Ignore-file lines Docker 20.10 reads differently',
    defaultSeverity: 'info',
    description:
      'The ignore file holds a pattern that Docker 20.10 (Debian 12’s docker.io) matches differently from current Docker, so builds with it send a different set of files than reported.',
  },
  *run(model) {
    const ignore = model.ignore;
    if (ignore === null) return;
    for (const d of legacyDockerDifferences(ignore.patterns)) {
      yield {
        path: ignore.displayPath,
        line: d.lines[0]!,
        message: `Docker 20.10 and older (still Debian 12's docker.io) send a different set of files for this ignore file than current Docker, which this report models: ${d.detail}`,
        data: {
          kind: d.kind,
          lines: d.lines,
          dockerVersions: '<=20.10',
          fingerprintKey: `${d.kind}:${d.lines.join(',')}`,
        },
      };
    }
  },
});
