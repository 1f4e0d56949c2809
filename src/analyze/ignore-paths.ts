// `ignorePaths` (configuration file, `AnalyzeOptions.ignorePaths`): findings about these paths are
// left out of the report. Patterns have .gitignore syntax, relative to the context root, and are
// evaluated with the `ignore` package: a pattern naming a directory covers everything below it.
import { createRequire } from 'node:module';
import type ignoreType from 'ignore';
import type { Finding } from '../types.js';

const require = createRequire(import.meta.url);

/** The findings whose path no pattern matches. */
export function withoutIgnoredPaths(findings: readonly Finding[], patterns: readonly string[]): Finding[] {
  if (patterns.length === 0) return [...findings];
  const ignore = require('ignore') as typeof ignoreType;
  // allowRelativePaths: a finding's path is context-relative and never starts with "./" or "/";
  // the option only keeps `ignore` from throwing on a name it considers unusual.
  const matcher = ignore({ allowRelativePaths: true }).add([...patterns]);
  return findings.filter((f) => f.path === '' || !matcher.ignores(f.path));
}
