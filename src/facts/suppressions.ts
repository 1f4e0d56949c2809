// `# buildctx-ignore` comments: where a user says a finding is known and accepted.
//   Dockerfile:    # buildctx-ignore check-id[,check-id] reason     (the line before an instruction,
//                  as hadolint's `# hadolint ignore=`; several such comments may stand together)
//   .dockerignore: # buildctx-ignore check-id[,check-id]: path      (Docker reads `#` lines as comments)
// Parsing only; which findings they cover is decided in analyze/suppress.ts.
import type { DockerfileModel } from '../dockerfile/model.js';
import type { SuppressionDirective } from '../types.js';

const DIRECTIVE = /^\s*#\s*buildctx-ignore\b(.*)$/;

function splitIds(text: string): string[] {
  return text
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

/** The line ranges of the Dockerfile's instructions (FROM lines and global ARGs included), by first line. */
function instructionLines(model: DockerfileModel): Map<number, number> {
  const byStart = new Map<number, number>();
  for (const a of model.globalArgs) byStart.set(a.line, a.line);
  for (const stage of model.stages) {
    if (!byStart.has(stage.startLine)) byStart.set(stage.startLine, stage.startLine);
    for (const i of stage.instructions) byStart.set(i.startLine, i.endLine);
  }
  return byStart;
}

/** The comments of a Dockerfile (`file`: its display path), each with the instruction it stands before. */
export function parseDockerfileSuppressions(
  text: string,
  model: DockerfileModel,
  file: string,
): SuppressionDirective[] {
  const lines = text.split(/\r?\n/);
  const starts = instructionLines(model);
  const out: SuppressionDirective[] = [];
  lines.forEach((line, index) => {
    const m = DIRECTIVE.exec(line);
    if (m === null) return;
    const rest = m[1]!.trim();
    const space = rest.search(/\s/);
    const ids = space < 0 ? rest : rest.slice(0, space);
    const reason = space < 0 ? '' : rest.slice(space).trim();
    // The instruction after this comment and any comments right below it.
    let next = index + 1;
    while (next < lines.length && /^\s*#/.test(lines[next]!)) next++;
    const from = next + 1;
    const to = starts.get(from);
    out.push({
      source: 'dockerfile',
      file,
      line: index + 1,
      reason: reason === '' ? null : reason,
      checks: splitIds(ids),
      ...(to !== undefined ? { lines: { from, to } } : {}),
    });
  });
  return out;
}

/** The comments of an ignore file (`file`: its display path). */
export function parseIgnoreFileSuppressions(text: string, file: string): SuppressionDirective[] {
  const out: SuppressionDirective[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const m = DIRECTIVE.exec(line);
    if (m === null) return;
    const rest = m[1]!;
    const colon = rest.indexOf(':');
    const path = colon < 0 ? '' : normalizePath(rest.slice(colon + 1));
    out.push({
      source: 'ignore-file',
      file,
      line: index + 1,
      reason: null,
      checks: splitIds(colon < 0 ? rest : rest.slice(0, colon)),
      ...(path !== '' ? { path } : {}),
    });
  });
  return out;
}

/** "./a/b/", "/a/b" → "a/b": the path dialect of findings. */
function normalizePath(text: string): string {
  return text
    .trim()
    .replace(/^(\.\/|\/)+/, '')
    .replace(/\/+$/, '');
}
