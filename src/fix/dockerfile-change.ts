// Applies a DockerfileChange (types.ts) to the Dockerfile's text: the edits replace whole lines,
// from the last to the first, keeping the file's line ending. Pure; the caller writes the file.
import { BuildctxError } from '../errors.js';
import type { DockerfileChange } from '../types.js';

export function applyDockerfileChange(text: string, change: DockerfileChange): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const endsWithEol = text.endsWith('\n');
  const lines = (endsWithEol ? text.slice(0, -eol.length) : text).split(eol);
  const edits = [...change.edits].sort((a, b) => b.line - a.line);
  let floor = lines.length + 1;
  for (const edit of edits) {
    const last = edit.line + edit.deleteCount - 1;
    if (
      edit.line < 1 ||
      edit.deleteCount < 0 ||
      last > lines.length ||
      (edit.deleteCount > 0 ? last >= floor : edit.line > floor)
    ) {
      throw new BuildctxError(
        'input-invalid',
        `the Dockerfile change does not fit ${change.dockerfile} (line ${edit.line}, ${edit.deleteCount} lines)`,
      );
    }
    lines.splice(edit.line - 1, edit.deleteCount, ...edit.insert);
    floor = edit.line;
  }
  return lines.join(eol) + (endsWithEol ? eol : '');
}
