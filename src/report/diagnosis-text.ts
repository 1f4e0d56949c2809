// Human output of `diagnose`: the messages found, each culprit with what it is, why the message
// appears for it and the fix, then the messages the context does not explain.
import { formatBytes } from '../units.js';
import type { Culprit, DiagnosedMessage, Diagnosis, FileEdit } from '../diagnose/model.js';
import { displayPath } from './display-path.js';

export interface DiagnosisTextOptions {
  color: boolean;
}

const SOURCES: Record<Diagnosis['target']['platformSource'], string> = {
  option: 'from --platform',
  log: 'from the log',
  dockerfile: 'from the Dockerfile',
  'base-image': "from the base image's name",
  default: 'default',
};

const LIBC_SOURCES: Record<Diagnosis['target']['libcSource'], string> = {
  option: 'from --libc',
  log: 'from the log',
  dockerfile: 'from the Dockerfile',
  'base-image': "from the base image's name",
  default: 'default',
};

function style(color: boolean) {
  const wrap = (code: string) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { bold: wrap('1'), red: wrap('31'), yellow: wrap('33'), dim: wrap('2') };
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

function messageLine(m: DiagnosedMessage, index: number): string {
  const times = m.occurrences > 1 ? ` (×${m.occurrences})` : '';
  return `  ${index + 1}. line ${m.line}  ${m.kind}${times}\n     ${m.text}`;
}

function editLines(edit: FileEdit, more: boolean): string[] {
  const head = more ? '         and ' : '  fix    ';
  switch (edit.kind) {
    case 'crlf-to-lf':
      return [`${head}convert ${displayPath(edit.path)} to LF line ends`];
    case 'append':
      return [`${head}add to ${displayPath(edit.path)}:`, ...edit.lines.map((l) => `           ${l}`)];
    case 'replace-lines': {
      const where =
        edit.deleteCount === 0
          ? `insert before ${displayPath(edit.path)} line ${edit.line}`
          : edit.deleteCount === 1
            ? `${edit.insert.length > 0 ? 'replace' : 'delete'} ${displayPath(edit.path)} line ${edit.line}`
            : `${edit.insert.length > 0 ? 'replace' : 'delete'} ${displayPath(edit.path)} lines ${edit.line}–${edit.line + edit.deleteCount - 1}`;
      return [
        `${head}${where}${edit.insert.length > 0 ? (edit.deleteCount === 0 ? ':' : ' with:') : ''}`,
        ...edit.insert.map((l) => `           ${l}`),
      ];
    }
  }
}

function culpritBlock(c: Culprit, s: ReturnType<typeof style>): string {
  const lines: string[] = [];
  lines.push(s.bold(s.red(displayPath(c.path))) + `  ${s.dim(`[${c.kind}]`)}`);
  lines.push(`  what   ${c.what}`);
  lines.push(`  why    ${c.explanation}`);
  if (c.origin !== null) {
    const how =
      c.origin.method === 'copy'
        ? `${c.origin.instruction} (Dockerfile:${c.origin.line})`
        : c.origin.method === 'bind-mount'
          ? `the Compose bind mount ${c.origin.instruction}`
          : "the context's own layout (not a COPY: a bind mount?)";
    lines.push(`  from   ${c.origin.containerPath} ← ${how}`);
  }
  const explains = c.messages.map((i) => `${i + 1}`).join(', ');
  lines.push(`  for    message ${explains}`);
  lines.push(`  rank   ${c.confidence}: ${c.evidence}`);
  const fix = c.fix;
  if (fix.ignoreLines.length > 0) {
    lines.push(`  fix    add to ${fix.ignoreFile}:`);
    for (const l of fix.ignoreLines) lines.push(`           ${l}`);
    const checked = fix.verified ? "checked with Docker's matcher" : 'could not be checked';
    lines.push(
      `         (keeps ${fix.removes.files} file${fix.removes.files === 1 ? '' : 's'}, ${formatBytes(fix.removes.bytes)} out of the context; ${checked})`,
    );
  }
  for (const edit of fix.edits)
    lines.push(...editLines(edit, fix.ignoreLines.length > 0 || lines.at(-1)!.startsWith('           ')));
  if (fix.dockerfile.length > 0 && fix.edits.length === 0) {
    lines.push(
      `  ${fix.ignoreLines.length > 0 ? '      ' : 'fix    '} and install in the image, in the Dockerfile before copying the sources:`,
    );
    for (const l of fix.dockerfile) lines.push(`           ${l}`);
  }
  for (const note of fix.notes) lines.push(`  note   ${note}`);
  return lines.join('\n');
}

export function renderDiagnosisText(d: Diagnosis, options: DiagnosisTextOptions): string {
  const s = style(options.color);
  const out: string[] = [];
  const t = d.target;
  out.push(
    `Target: ${t.platform} (${SOURCES[t.platformSource]}), ${t.libc} (${LIBC_SOURCES[t.libcSource]})${t.pythonVersion !== null ? `, Python ${t.pythonVersion}` : ''}`,
  );
  if (d.messages.length === 0) {
    out.push('');
    out.push(
      'No known error message found in the input. See `buildctx help diagnose` for the messages diagnose reads.',
    );
    return out.join('\n') + '\n';
  }
  out.push('');
  out.push(s.bold(`Messages (${d.messages.length}):`));
  d.messages.forEach((m, i) => out.push(messageLine(m, i)));
  if (d.culprits.length > 0) {
    out.push('');
    out.push(s.bold(`In the build context (${d.culprits.length}):`));
    for (const c of d.culprits) out.push('', culpritBlock(c, s));
  }
  const lookAlikes = d.messages.map((m, i) => [m, i] as const).filter(([m]) => m.verdict === 'not-a-context-problem');
  if (lookAlikes.length > 0) {
    out.push('');
    out.push(s.bold('Not caused by the build context:'));
    for (const [m, i] of lookAlikes) out.push(`  ${i + 1}. ${m.kind} [${m.reason}]`, indent(m.advice ?? '', '     '));
  }
  const unexplained = d.messages.map((m, i) => [m, i] as const).filter(([m]) => m.verdict === 'not-in-context');
  if (unexplained.length > 0) {
    out.push('');
    out.push(s.bold('Nothing in the build context explains:'));
    for (const [m, i] of unexplained) {
      out.push(`  ${i + 1}. ${m.kind} [${m.reason}]`, indent(m.advice ?? '', '     '));
      if (m.candidates.length > 0)
        out.push(
          `     looked at: ${m.candidates.slice(0, 5).map(displayPath).join(', ')}${m.candidates.length > 5 ? ', …' : ''}`,
        );
    }
  }
  return out.join('\n') + '\n';
}
