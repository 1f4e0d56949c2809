// BuildKit's (and the classic builder's) "not found" for a COPY/ADD source: which instruction
// asked for the path, and why the context lacks it — kept out by an ignore line (which one), not
// there at all (with the context path that was probably meant), or outside the context. The
// reasons come from the copy-source facts the checks use (facts/source-problems.ts).
import { compareBytes } from '../paths.js';
import { goPathJoin } from '../dockerfile/go-path.js';
import { describeSource, sourcePath, type SourceProblem } from '../facts/source-problems.js';
import {
  culpritFound,
  lookAlike,
  nothingFound,
  type CulpritDraft,
  type DecideContext,
  type Decision,
} from './decide-common.js';
import type { ParsedMessage } from './model.js';
import { baseName as basenameOf } from '../paths.js';

// The classic builder names the file inside its temporary copy of the context.
const CLASSIC_TMP = /^\/?var\/lib\/docker\/tmp\/docker-builder\d+\//;

/** The context path a BuildKit message names: `"/requirements.txt"` → `requirements.txt`. */
export function contextPathOf(messagePath: string): string {
  const clean = goPathJoin('/', messagePath.replace(CLASSIC_TMP, '/'));
  return clean === '/' ? '' : clean.slice(1);
}

/** A source value that climbs out of the context (`../shared/x`): BuildKit cleans it to the root. */
function leavesContext(value: string): boolean {
  let depth = 0;
  for (const part of value.split('/')) {
    if (part === '..') depth--;
    else if (part !== '' && part !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}

/** Context files the author probably meant: the same name elsewhere, or the same path in another case. */
function nearMisses(path: string, ctx: DecideContext): string[] {
  const name = basenameOf(path).toLowerCase();
  const out: string[] = [];
  for (const e of ctx.entries.values()) {
    if (e.path === '' || e.path.split('/').includes('node_modules')) continue;
    if (e.path.toLowerCase() === path.toLowerCase() || basenameOf(e.path).toLowerCase() === name) out.push(e.path);
  }
  return out.sort(compareBytes).slice(0, 5);
}

function lineOf(p: SourceProblem): string {
  return `${describeSource(p.use)} (line ${p.use.source.line})`;
}

function ignoredCulprit(p: SourceProblem, ctx: DecideContext): CulpritDraft {
  const rules = p.ignoredBy.map((i) => `${ctx.ignoreFile ?? '.dockerignore'}:${i.rule.line} \`${i.rule.text.trim()}\``);
  const first = p.ignoredBy[0]!;
  return {
    path: ctx.ignoreFile ?? '.dockerignore',
    type: 'file',
    kind: 'ignored-copy-source',
    what: `ignore file line ${first.rule.line}: ${first.rule.text.trim()}`,
    explanation:
      `${lineOf(p)} needs ${sourcePath(p.use.source.value)}, and ${[...new Set(rules)].join(', ')} keeps ${first.path === sourcePath(p.use.source.value) ? 'it' : first.path} ` +
      'out of the build context, so BuildKit never receives it.',
    origin: null,
    confidence: 'certain',
    evidence: `the ignore file's line ${first.rule.line} excludes the path the message names, and ${describeSource(p.use)} needs it`,
    // The exception line is checked with Docker's matcher (source-problems.ts); without one, the
    // excluding line itself goes.
    fixHint:
      p.exceptionLine !== null
        ? { ignoreLines: [p.exceptionLine] }
        : {
            edits: [...new Set(p.ignoredBy.map((i) => i.rule.line))]
              .sort((a, b) => b - a)
              .map((line) => ({
                kind: 'replace-lines' as const,
                path: ctx.ignoreFile ?? '.dockerignore',
                line,
                deleteCount: 1,
                insert: [],
              })),
          },
  };
}

function missingCulprit(p: SourceProblem, ctx: DecideContext): CulpritDraft {
  const value = p.use.source.value;
  const outside = leavesContext(value);
  const path = sourcePath(value);
  const misses = outside ? [] : nearMisses(path, ctx);
  const fixHint = renameSource(p, misses, ctx);
  return {
    path: ctx.dockerfilePath ?? 'Dockerfile',
    type: 'file',
    kind: outside ? 'outside-context' : 'missing-copy-source',
    what: `${describeSource(p.use)} at line ${p.use.source.line}`,
    explanation: outside
      ? `${lineOf(p)} reaches outside the build context: BuildKit only sends the context directory, and cleans ${value} to ${p.use.source.normalized}, which the context does not have.`
      : `${lineOf(p)} names ${path}, which is not in the build context${misses.length > 0 ? ` (the context has ${misses.join(', ')})` : ''}.`,
    origin: null,
    confidence: 'certain',
    evidence: `${describeSource(p.use)} is the only source of the target that resolves to the path the message names`,
    ...(fixHint !== undefined ? { fixHint } : {}),
  };
}

/** The COPY line with its source replaced by the one context path it probably meant. */
function renameSource(p: SourceProblem, misses: readonly string[], ctx: DecideContext): CulpritDraft['fixHint'] {
  const instr = ctx.model?.stages
    .flatMap((s) => s.instructions)
    .find((i) => i.startLine === p.use.source.line && i.copy !== undefined);
  const path = sourcePath(p.use.source.value);
  if (misses.length !== 1 || instr === undefined || instr.startLine !== instr.endLine || ctx.dockerfilePath === null) {
    return {
      notes: [
        `Put ${path} in the build context (${misses.length > 0 ? `the context has ${misses.join(', ')}` : 'it is not there'}), or build from the directory that holds it (\`docker build -f <Dockerfile> <that directory>\`).`,
      ],
    };
  }
  const written = p.use.source.source;
  const words = instr.text.split(/(\s+)/);
  const at = words.findIndex((w) => w === written);
  if (at < 0) return { notes: [`Change ${written} to ${misses[0]} in line ${instr.startLine}.`] };
  words[at] = misses[0]!;
  return {
    edits: [
      {
        kind: 'replace-lines',
        path: ctx.dockerfilePath,
        line: instr.startLine,
        deleteCount: 1,
        insert: [words.join('')],
      },
    ],
  };
}

export function decideSourceNotFound(m: ParsedMessage, ctx: DecideContext): Decision {
  const wanted = contextPathOf(m.path ?? '');
  const problems = ctx
    .sourceProblems()
    .filter(
      (p) =>
        p.effect === 'missing' &&
        (sourcePath(p.use.source.value) === wanted || contextPathOf(p.use.source.normalized) === wanted),
    );
  if (problems.length > 0) {
    const culprits = problems.map((p) => (p.ignoredBy.length > 0 ? ignoredCulprit(p, ctx) : missingCulprit(p, ctx)));
    // One culprit per file: several COPY lines of one missing path are one problem.
    const unique = culprits.filter((c, i) => culprits.findIndex((o) => o.path === c.path && o.kind === c.kind) === i);
    return culpritFound('copy-source-not-in-context', [wanted], unique);
  }
  // The path is read from another stage or an image, not from the context.
  const fromElsewhere = (ctx.model?.stages ?? [])
    .flatMap((s) => s.instructions)
    .find(
      (i) =>
        i.copy !== undefined &&
        i.copy.from !== null &&
        i.copy.from !== '' &&
        i.copy.sources.some((src) => contextPathOf(src.value) === wanted),
    );
  if (fromElsewhere !== undefined) {
    return lookAlike(
      'source-from-stage-or-image',
      `${fromElsewhere.text.split('\n')[0]!.trim()} (line ${fromElsewhere.startLine}) reads ${m.path} from ${fromElsewhere.copy!.fromStage !== null ? 'another build stage' : `the image ${fromElsewhere.copy!.from}`}, not from the build context: ` +
        'that stage or image does not have the path (check the stage built it at that path, or the image tag and platform).',
    );
  }
  if (ctx.entries.has(wanted)) {
    return nothingFound(
      'source-in-context',
      `${wanted} is in the build context this Dockerfile sees: the failing build used another context, Dockerfile or ignore file (check -f, the context argument and <Dockerfile>.dockerignore).`,
      [wanted],
    );
  }
  return nothingFound(
    'no-copy-source',
    `No COPY or ADD of the target reads ${m.path}: the error comes from another Dockerfile or target (check -f and --target), or from a stage this build skips.`,
  );
}
