import type { CopyDetails, Instruction } from '../dockerfile/model.js';
import type { ContextEntry, FindingDraft } from '../types.js';
import type { CheckModel } from '../facts/check-model.js';
import { defineCheck } from '../facts/define-check.js';
import { cacheMountTargets, dockerfilePath, sourceUses, type SourceUse } from '../facts/dockerfile-facts.js';
import { visitInstructions, type StageVisit } from '../facts/instruction-visitor.js';
import {
  classifyStep,
  DEPS_COMMAND,
  ECOSYSTEMS,
  installScriptInputs,
  type EcosystemId,
  type PackageStep,
} from '../facts/package-managers.js';
import { baseName, joinPath, parentOf } from '../paths.js';

// BuildKit reuses a RUN's cached layer only while every earlier layer is unchanged; a COPY's cache
// key is the checksum of the files it copies (solver/llbsolver/ops/file.go, contenthash). So an
// install that follows a COPY of the sources runs again whenever any copied source changes.
// Copying the manifests first makes the install depend on them alone (Docker docs, "Optimize
// cache usage in builds", "Order your layers").

interface CopyStep {
  instr: Instruction;
  copy: CopyDetails;
  uses: SourceUse[];
  /** Regular files the COPY takes. */
  files: ContextEntry[];
}

/** The context directory a COPY copies from: the root of its first directory source. */
function copyBase(model: CheckModel, step: CopyStep): string {
  for (const use of step.uses) {
    for (const root of use.selected.roots) {
      if (root === '' || model.entryByPath.get(root)?.type === 'dir') return root;
    }
  }
  const first = step.uses[0]?.selected.roots[0];
  return first === undefined ? '' : parentOf(first);
}

/** The manifests of an install that exist below `base`, as context paths (directories end in "/"). */
function existingManifests(model: CheckModel, base: string, step: PackageStep): string[] {
  const names = step.named ?? ECOSYSTEMS[step.ecosystem].manifests;
  const out: string[] = [];
  for (const name of names) {
    const isDir = name.endsWith('/');
    const path = joinPath(base, name.replace(/^\.\//, '').replace(/\/$/, ''));
    const entry = model.entryByPath.get(path);
    if (entry === undefined) continue;
    if (isDir ? entry.type === 'dir' : entry.type !== 'dir') out.push(isDir ? path + '/' : path);
  }
  return out;
}

/**
 * Whether a copied file is something the install reads rather than an application source: a
 * manifest or lock file, a file in one of the ecosystem's manifest directories or in a directory
 * an install script needs, or a dotfile (tool configuration such as .ruby-version, .npmrc).
 */
function installInputTest(
  ecosystem: EcosystemId,
  named: readonly string[],
  scriptDirs: readonly string[],
): (path: string) => boolean {
  const manifests = ECOSYSTEMS[ecosystem].manifests;
  const names = new Set([...manifests.filter((m) => !m.endsWith('/')), ...named.map(baseName)]);
  const dirNames = new Set(manifests.filter((m) => m.endsWith('/')).map((m) => baseName(m.slice(0, -1))));
  return (path) => {
    if (names.has(baseName(path))) return true;
    const segments = path.split('/');
    if (segments.some((s) => s.startsWith('.') || dirNames.has(s))) return true;
    return scriptDirs.some((d) => path.startsWith(d) || path.endsWith('/' + d.slice(0, -1)) || path.includes('/' + d));
  };
}

/** True when the COPY takes a file the install does not read: a source change reaches the install. */
function isSourceCopy(step: CopyStep, isInstallInput: (path: string) => boolean): boolean {
  return step.files.some((f) => !isInstallInput(f.path));
}

const NODE_ECOSYSTEMS: ReadonlySet<EcosystemId> = new Set(['npm', 'yarn', 'pnpm', 'bun']);

/**
 * What the install scripts of `base`/package.json need besides the manifests (context paths,
 * directories ending in "/"), [] when none, or null when a script may read any source.
 */
function scriptInputs(model: CheckModel, ecosystem: EcosystemId, base: string): string[] | null {
  if (!NODE_ECOSYSTEMS.has(ecosystem)) return [];
  const text = model.texts.get(joinPath(base, 'package.json'));
  if (text === undefined) return [];
  const inputs = installScriptInputs(text, (rel) => {
    const entry = model.entryByPath.get(joinPath(base, rel));
    return entry === undefined ? null : entry.type === 'dir' ? 'dir' : 'file';
  });
  return inputs === null ? null : inputs.map((p) => joinPath(base, p));
}

/** The destination for files of context directory `dir` below the COPY's base, e.g. "./" or "/app/sub/". */
function destinationFor(copy: CopyDetails, relDir: string): string {
  let dest = copy.destination.raw;
  if (dest === '' || dest === '.') dest = './';
  if (!dest.endsWith('/')) dest += '/';
  return relDir === '' ? dest : `${dest}${relDir}/`;
}

function flagPrefix(instr: Instruction): string {
  return instr.flags
    .filter((f) => f.name === 'chown' || f.name === 'chmod' || f.name === 'link')
    .map((f) => (f.value === null ? `--${f.name} ` : `--${f.name}=${f.value} `))
    .join('');
}

/** The COPY lines that bring in the manifests, grouped by directory. */
function manifestCopyLines(copyStep: CopyStep, base: string, manifests: readonly string[]): string[] {
  const groups = new Map<string, string[]>();
  const lines: string[] = [];
  for (const m of manifests) {
    const rel = base === '' ? m : m.slice(base.length + 1);
    if (rel.endsWith('/')) {
      lines.push(`COPY ${flagPrefix(copyStep.instr)}${m} ${destinationFor(copyStep.copy, rel.slice(0, -1))}`);
      continue;
    }
    const dir = parentOf(rel);
    groups.set(dir, [...(groups.get(dir) ?? []), m]);
  }
  const fileLines = [...groups].map(
    ([dir, files]) => `COPY ${flagPrefix(copyStep.instr)}${files.join(' ')} ${destinationFor(copyStep.copy, dir)}`,
  );
  return [...fileLines, ...lines];
}

/** The dependency-only step to run before the sources arrive, for a build step. */
function dependencyStep(ecosystem: EcosystemId, manifests: readonly string[]): string {
  // `pip install .` needs the sources; without a requirements file the dependencies need a list first.
  if (ecosystem === 'pip' && !manifests.some((m) => baseName(m) === 'requirements.txt')) {
    return 'install only the dependencies (a requirements file from pip-compile, or `uv sync --no-install-project`)';
  }
  return `\`RUN ${DEPS_COMMAND[ecosystem]}\``;
}

function commandName(words: readonly string[]): string {
  return words.slice(0, words[0] !== undefined && /^python[0-9.]*$/.test(words[0]) ? 4 : 2).join(' ');
}

/** The COPY/ADD source uses of each instruction, by stage index and line, in source order. */
function copyUsesByInstruction(model: CheckModel): Map<string, SourceUse[]> {
  const out = new Map<string, SourceUse[]>();
  for (const u of sourceUses(model)) {
    if (u.source.kind === 'mount') continue;
    const key = `${u.source.stage}:${u.source.line}`;
    const list = out.get(key);
    if (list === undefined) out.set(key, [u]);
    else list.push(u);
  }
  return out;
}

/** The regular files a COPY's sources take, in one pass over what they matched (a COPY . . matches the whole context). */
function filesOf(model: CheckModel, uses: readonly SourceUse[]): ContextEntry[] {
  const files: ContextEntry[] = [];
  for (const u of uses) {
    for (const p of u.selected.matched) {
      const e = model.entryByPath.get(p);
      if (e !== undefined && e.type === 'file') files.push(e);
    }
  }
  return files;
}

function* checkStage(
  model: CheckModel,
  scope: StageVisit,
  copyUses: ReadonlyMap<string, SourceUse[]>,
): Generator<FindingDraft> {
  const copies: CopyStep[] = [];
  const settled = new Set<EcosystemId>();
  // What runs to produce the stage, the stages it is built FROM first: their COPYs and installs count too.
  for (const { instr, stage: owner, commands } of scope.lineage) {
    const copy = instr.copy;
    if (
      copy !== undefined &&
      (instr.keyword === 'COPY' || instr.keyword === 'ADD') &&
      (copy.from === null || copy.from === '')
    ) {
      const uses = (copyUses.get(`${owner.index}:${instr.startLine}`) ?? []).filter((u) =>
        copy.sources.some((s) => s.raw === u.source.source),
      );
      copies.push({ instr, copy, uses, files: filesOf(model, uses) });
      continue;
    }
    if (instr.run === undefined) continue;
    const hasCache = cacheMountTargets(instr).length > 0;
    for (const cmd of commands) {
      const step = classifyStep(cmd);
      if (step === null || settled.has(step.ecosystem)) continue;
      settled.add(step.ecosystem);
      // A cache mount keeps downloads across runs: BuildKit cache mounts count as the fix.
      if (owner !== scope.stage || hasCache) continue;
      // Where the manifests are: the directory of the first COPY that brings one, else the context root.
      const manifestHome =
        copies.map((c) => copyBase(model, c)).find((b) => existingManifests(model, b, step).length > 0) ?? '';
      const needs = scriptInputs(model, step.ecosystem, manifestHome);
      // An install script that builds or reads the sources: the install must follow their COPY.
      if (needs === null) continue;
      const isInput = installInputTest(
        step.ecosystem,
        step.named ?? [],
        needs.filter((n) => n.endsWith('/')),
      );
      const broadAt = copies.findIndex((c) => isSourceCopy(c, (p) => isInput(p) || needs.includes(p)));
      if (broadAt < 0) continue;
      const broad = copies[broadAt]!;
      const base = copyBase(model, broad);
      // Manifests an earlier COPY already brought in: the RUN only has to move up — unless an
      // install script needs something that only arrives with the sources.
      const copiedBefore = copies
        .slice(0, broadAt)
        .flatMap((c) => c.files)
        .map((f) => f.path)
        .filter((p) => isInput(p));
      const missingNeeds = needs.filter(
        (n) => !copiedBefore.some((p) => p === n || (n.endsWith('/') && p.startsWith(n))),
      );
      const alreadyCopied = copiedBefore.length > 0 && missingNeeds.length === 0;
      const manifests = alreadyCopied
        ? [...new Set(copiedBefore)]
        : [...new Set([...existingManifests(model, base, step), ...needs])];
      if (manifests.length === 0) continue;
      // Vendored Go modules: the build downloads nothing.
      if (step.ecosystem === 'go' && model.entryByPath.has(joinPath(base, 'vendor/modules.txt'))) continue;
      // Cargo cannot read a Cargo.toml without its targets' sources, so no manifest COPY works.
      const isCargo = step.ecosystem === 'cargo';
      const fixLines = alreadyCopied || isCargo ? [] : manifestCopyLines(broad, base, manifests);
      const name = commandName(cmd.words);
      // Name application files, not the build files every context has (three, and whether there are more).
      const sources: string[] = [];
      for (const f of broad.files) {
        if (isInput(f.path) || f.path === model.dockerfile.path) continue;
        sources.push(f.path);
        if (sources.length > 3) break;
      }
      const examples = sources.slice(0, 3);
      const copyText = broad.instr.text.split('\n')[0]!.trim();
      const runText = step.kind === 'deps' ? 'this RUN' : dependencyStep(step.ecosystem, manifests);
      const fix = isCargo
        ? `cache the dependencies with cargo-chef: a planner stage runs \`cargo chef prepare --recipe-path recipe.json\` on the whole tree; this stage copies recipe.json from it and runs \`cargo chef cook --release --recipe-path recipe.json\` before \`${copyText}\` (a Cargo.toml copied alone does not build: Cargo needs the targets' sources)`
        : alreadyCopied
          ? `move this RUN above line ${broad.instr.startLine}: the manifests are already copied before it`
          : `copy the manifests first: ${fixLines.map((l) => `\`${l}\``).join(', ')}, then ${runText}, then \`${copyText}\``;
      yield {
        path: dockerfilePath(model),
        line: instr.startLine,
        message: `\`${name}\` runs after \`${copyText}\` (line ${broad.instr.startLine})${examples.length > 0 ? `, which copies ${examples.join(', ')}${sources.length > examples.length ? ', …' : ''}` : ''}: every source edit re-runs it; ${fix}`,
        data: {
          ecosystem: step.ecosystem,
          step: step.kind,
          command: name,
          copyLine: broad.instr.startLine,
          manifests,
          fixLines,
          alreadyCopied,
          fingerprintKey: `${scope.label}:${step.ecosystem}`,
        },
      };
    }
  }
}

export default defineCheck({
  meta: {
    id: 'install-after-copy',
    title: 'Dependency install after copying the sources',
    defaultSeverity: 'warning',
    description:
      'A dependency install runs after a COPY of the application sources, so every source edit re-runs it; copy the manifest files first.',
  },
  // package.json: its install scripts decide what the install needs besides the manifests.
  wants: (entry, name) =>
    entry.type === 'file' && name === 'package.json' && !entry.path.includes('node_modules/') ? 'text' : null,
  *run(model) {
    const copyUses = copyUsesByInstruction(model);
    yield* visitInstructions(model, { FROM: (scope) => checkStage(model, scope, copyUses) });
  },
});
