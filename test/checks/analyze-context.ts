// Runs the real analysis over an in-memory context, for check tests.
import { analyze, type AnalyzeOptions } from '../../src/analyze/analyze.js';
import { MemoryFileSystem, type MemoryNode } from '../../src/fs/memory-fs.js';
import { renderJson } from '../../src/report/json.js';
import type { Finding, Report } from '../../src/types.js';
import { assertReportSchema } from '../helpers/report-schema.js';

/** A context: path → file content, or a full node. */
export type ContextSpec = Record<string, string | Omit<MemoryNode, 'path'>>;

export function analyzeContext(
  spec: ContextSpec,
  options: Omit<AnalyzeOptions, 'fs' | 'cwd' | 'context'> = {},
): Promise<Report> {
  const nodes: MemoryNode[] = Object.entries(spec).map(([path, node]) =>
    typeof node === 'string' ? { path, type: 'file', content: node } : { path, ...node },
  );
  return analyze({ fs: new MemoryFileSystem(nodes, '/ctx'), cwd: '/ctx', context: '.', sniff: false, ...options }).then(
    (report) => {
      // Every report a check test produces must match docs/report.schema.json.
      assertReportSchema(JSON.parse(renderJson(report)));
      return report;
    },
  );
}

/** The findings of one check. */
export async function findingsOf(
  check: string,
  spec: ContextSpec,
  options: Omit<AnalyzeOptions, 'fs' | 'cwd' | 'context'> = {},
): Promise<Finding[]> {
  return (await analyzeContext(spec, options)).findings.filter((f) => f.check === check);
}

export const doc = (...lines: string[]): string => lines.join('\n') + '\n';
