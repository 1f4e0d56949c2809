// `diagnose`: from an error text to the files of the build context that explain it. The one
// place that sequences I/O for the command: it reads the build through analyze's loadBuild (the
// same context, Dockerfile, ignore file, walk, target and check model as the report), and serves
// the decision step's bounded reads; everything else is pure.
import * as path from 'node:path';
import { loadBuild } from '../analyze/analyze.js';
import { loadContext } from '../context/load-context.js';
import { simulateIgnoreLines } from '../context/simulate-ignore.js';
import { FsError, type FileSystem } from '../fs/file-system.js';
import { HEAD_BYTES, MAX_BYTES_PER_FILE } from '../fs/read-head.js';
import { formatPlatform, type TargetPlatform } from '../sniff/platform.js';
import { sniffBytes } from '../sniff/sniff.js';
import type { Sniffed } from '../sniff/sniffed.js';
import type { ContextEntry } from '../types.js';
import { VERSION } from '../version.js';
import { abiForNodeMajor } from '../sniff/node-metadata.js';
import { decideMessage, type DecideContext, type Reader } from './decide.js';
import { suggestFix } from './fix.js';
import type { Confidence, Culprit, DiagnosedMessage, Diagnosis, DiagnosisTarget, FactOrigin } from './model.js';
import type { CheckModel } from '../facts/check-model.js';
import { sourceUses } from '../facts/dockerfile-facts.js';
import { describeSource, sourceProblems } from '../facts/source-problems.js';
import type { DockerfileModel } from '../dockerfile/model.js';
import { mapContainerPath, programsOf } from './map-paths.js';
import { parseErrorText } from './parse-messages.js';
import { readServiceMounts } from './compose-mounts.js';

/** Files read at most in one run (sniffed or read as text). */
export const MAX_FILES_READ = 10_000;

export interface DiagnoseOptions {
  /** The error text: one message, a traceback, or a whole build or run log. */
  text: string;
  /** The build context directory; default ".". */
  context?: string;
  /** `-f`: the Dockerfile, relative to `cwd` as docker build takes it. */
  dockerfile?: string;
  ignoreFile?: string;
  cwd?: string;
  /** The platform the image is built for, overriding the log and the Dockerfile. */
  platform?: string;
  /** The image's C library, overriding the log and the base image's name. */
  libc?: string;
  /** `--target` stage. */
  target?: string;
  buildArgs?: Record<string, string>;
  fs?: FileSystem;
  /**
   * Read the Compose project (compose.yaml & co., found from `cwd` as `docker compose` does) for
   * the bind mounts of the service that runs the image; default true.
   */
  compose?: boolean;
  /** The environment for Compose interpolation; default none (the library reads no process state). */
  env?: Readonly<Record<string, string | undefined>>;
}

const textDecoder = new TextDecoder('utf-8');

function createReader(fs: FileSystem, root: string, entries: ReadonlyMap<string, ContextEntry>): Reader {
  const sniffed = new Map<string, Sniffed | null>();
  const texts = new Map<string, string | null>();
  let reads = 0;
  const budget = (): boolean => reads++ < MAX_FILES_READ;
  return {
    sniff(p) {
      if (sniffed.has(p)) return sniffed.get(p)!;
      let result: Sniffed | null = null;
      if (entries.get(p)?.type === 'file' && budget()) {
        const file = fs.openRegularFile(path.join(root, p), MAX_BYTES_PER_FILE);
        if (file.ok) {
          try {
            const head = file.readAt(0, Math.min(HEAD_BYTES, file.size)) ?? new Uint8Array(0);
            result = sniffBytes(head, file.size, (offset, length) => file.readAt(offset, length));
          } finally {
            file.close();
          }
        }
      }
      sniffed.set(p, result);
      return result;
    },
    text(p, maxBytes) {
      const key = `${maxBytes}:${p}`;
      if (texts.has(key)) return texts.get(key)!;
      let result: string | null = null;
      const entry = entries.get(p);
      if (entry?.type === 'file' && entry.size <= maxBytes && budget()) {
        try {
          const bytes = fs.readFile(path.join(root, p), maxBytes);
          result = bytes === null ? null : textDecoder.decode(bytes);
        } catch (error) {
          if (!(error instanceof FsError)) throw error;
        }
      }
      texts.set(key, result);
      return result;
    },
  };
}

const CONFIDENCE_RANK = { certain: 0, likely: 1, possible: 2 } satisfies Record<Confidence, number>;

const DEFAULT_EVIDENCE = {
  certain: 'the message names this file, and its bytes produce exactly that message',
  likely: 'the message names no file; this file produces it and is the one the build or the image uses',
  possible: 'one of several files that could produce the message',
} satisfies Record<Confidence, string>;

/**
 * Context paths the build needs as they are: every COPY/ADD/RUN --mount source of the target
 * named by path (not the whole context), and the files the image starts.
 */
function neededPaths(
  checkModel: CheckModel,
  model: DockerfileModel | null,
  entries: ReadonlyMap<string, ContextEntry>,
): Map<string, string> {
  const needed = new Map<string, string>();
  for (const use of sourceUses(checkModel)) {
    for (const root of use.selected.roots) {
      if (root === '' || root === '.') continue;
      if (!needed.has(root)) needed.set(root, `${describeSource(use)} at line ${use.source.line} copies it`);
    }
  }
  for (const program of programsOf(model)) {
    for (const mp of mapContainerPath(program.path, { model, entries })) {
      if (!needed.has(mp.contextPath)) needed.set(mp.contextPath, `the image starts it: ${program.via}`);
    }
  }
  return needed;
}

/** Reads an error text and names the files of the build context that explain it. */
export function diagnose(options: DiagnoseOptions): Diagnosis {
  // Only what BuildKit sends, and no file read yet: the decision step reads what it needs.
  const {
    fs,
    pathOptions,
    prepared,
    dockerfile: model,
    ctx,
    targets,
    model: checkModel,
  } = loadBuild(options, { measure: false, evidence: null });
  const { messages, hints } = parseErrorText(options.text);

  // A multi-platform build (--platform a,b) fails on one of them: the one the log names, else the first.
  const named = targets.length > 1 ? targets.find((t) => t.platform.arch === hints.arch) : undefined;
  const info = named ?? targets[0]!;
  checkModel.target = info;
  // What the failing process itself printed outranks what the Dockerfile's names suggest.
  let platform: TargetPlatform = info.platform;
  let platformSource: FactOrigin = named !== undefined ? 'log' : info.platformSource;
  if (options.platform === undefined && hints.arch !== null && hints.arch !== info.platform.arch) {
    platform = { os: 'linux', arch: hints.arch };
    platformSource = 'log';
  }
  let libc = info.libc;
  let libcSource: FactOrigin = info.libcSource;
  if (options.libc === undefined && hints.libc !== null && hints.libc !== info.libc) {
    libc = hints.libc;
    libcSource = 'log';
  }
  const target: DiagnosisTarget = {
    platform: formatPlatform(platform),
    platformSource,
    libc,
    libcSource,
    pythonVersion: hints.pythonVersion ?? info.pythonVersion,
    nodeModuleVersion: hints.nodeModuleVersion ?? (info.nodeMajor === null ? null : abiForNodeMajor(info.nodeMajor)),
    baseImage: info.baseImage,
  };

  const entries = new Map<string, ContextEntry>();
  for (const e of ctx.entries) entries.set(e.path, e);
  // A Compose bind mount shows the container the host's files below its source, sent or not.
  const service =
    options.compose === false
      ? null
      : readServiceMounts(fs, pathOptions.cwd, ctx.root, options.text, options.env ?? {});
  const visible = new Map(entries);
  if (service !== null && service.binds.length > 0) {
    const host = loadContext({
      ...pathOptions,
      prepared: { ...prepared, ignore: null, matcher: null },
      classic: false,
      measureExcluded: false,
      stat: true,
      readLinks: true,
    });
    const under = (p: string, dir: string): boolean => dir === '' || p === dir || p.startsWith(dir + '/');
    // A volume mounted below a bind mount's target hides the host's files there (`- /app/node_modules`).
    const hidden = service.binds.flatMap((b) =>
      service.mounts
        .filter(
          (m) =>
            m.mount === null && (m.target === b.target || m.target.startsWith(b.target === '/' ? '/' : b.target + '/')),
        )
        .map((m) => {
          const rel = m.target === b.target ? '' : m.target.slice(b.target === '/' ? 1 : b.target.length + 1);
          return b.source === '' ? rel : rel === '' ? b.source : `${b.source}/${rel}`;
        }),
    );
    for (const e of host.entries) {
      if (visible.has(e.path) || hidden.some((h) => under(e.path, h))) continue;
      if (service.binds.some((b) => under(e.path, b.source))) visible.set(e.path, e);
    }
  }
  const dockerfilePath = ctx.dockerfile.contextPath ?? null;
  const reader = createReader(fs, ctx.root, visible);
  const decideContext: DecideContext = {
    entries: visible,
    model,
    target: {
      platform,
      libc,
      glibcVersion: libc === 'glibc' ? info.glibcVersion : null,
      pythonVersion: target.pythonVersion,
      nodeModuleVersion: target.nodeModuleVersion,
    },
    read: reader,
    sourceProblems: () => sourceProblems(checkModel),
    dockerfilePath,
    ignoreFile: ctx.ignore?.displayPath ?? null,
    mounts: service?.mounts ?? [],
  };
  const ignoreFile = ctx.ignore?.displayPath ?? '.dockerignore';
  const fixContext = {
    entries,
    patterns: ctx.ignore?.patterns ?? [],
    ignoreFile,
    model,
    simulate: (lines: readonly string[]) => simulateIgnoreLines(ctx.entries, ctx.ignore?.patterns ?? [], lines),
    needed: neededPaths(checkModel, model, entries),
    dockerfilePath,
    read: reader,
    binds: service?.binds ?? [],
  };

  const fixTarget = { platform, libc, glibcVersion: libc === 'glibc' ? info.glibcVersion : null };
  const diagnosed: DiagnosedMessage[] = [];
  const culprits = new Map<string, Culprit>();
  messages.forEach((m, index) => {
    const decision = decideMessage(m, decideContext);
    diagnosed.push({
      ...m,
      verdict: decision.verdict,
      reason: decision.reason,
      advice: decision.advice,
      candidates: decision.candidates,
    });
    for (const draft of decision.culprits) {
      const known = culprits.get(draft.path);
      if (known !== undefined) {
        if (!known.messages.includes(index)) known.messages.push(index);
        // One file behind several messages (an ignore file excluding two COPY sources): one fix for all.
        for (const line of draft.fixHint?.ignoreLines ?? [])
          if (!known.fix.ignoreLines.includes(line)) known.fix.ignoreLines.push(line);
        for (const edit of draft.fixHint?.edits ?? [])
          if (!known.fix.edits.some((e) => JSON.stringify(e) === JSON.stringify(edit))) known.fix.edits.push(edit);
        continue;
      }
      const { fixHint: _hint, ...rest } = draft;
      const confidence = draft.confidence ?? (m.path !== null ? 'certain' : 'likely');
      culprits.set(draft.path, {
        ...rest,
        confidence,
        evidence: draft.evidence ?? DEFAULT_EVIDENCE[confidence],
        messages: [index],
        fix: suggestFix(draft, fixContext, fixTarget),
      });
    }
  });
  // Rank by evidence: what the message names and the bytes confirm first, then what the image
  // runs or the metadata shows, then what merely could; within a rank, the earlier message first.
  const ranked = [...culprits.values()].sort(
    (a, b) => CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence] || a.messages[0]! - b.messages[0]!,
  );

  return {
    schemaVersion: 1,
    tool: { name: 'buildctx', version: VERSION },
    context: ctx.root,
    dockerfile: ctx.dockerfile.exists ? ctx.dockerfile.path : null,
    ignoreFile: ctx.ignore?.displayPath ?? null,
    outcome: culprits.size > 0 ? 'culprit-found' : messages.length > 0 ? 'nothing-in-context' : 'no-message-recognised',
    target,
    messages: diagnosed,
    culprits: ranked,
  };
}
