import type { DockerfileChange } from '../types.js';
import { formatBytes } from '../units.js';
import { classifyBinaries, platformFacts, type ClassifiedBinary } from '../facts/classify-binaries.js';
import type { CheckModel } from '../facts/check-model.js';
import { defineCheck } from '../facts/define-check.js';
import { gradeByReach, type PathReach, reachOfGroup } from '../facts/reach.js';
import { environmentWants } from '../facts/environments.js';
import { protectedPaths } from '../facts/advice-guard.js';
import { buildInStageChange } from '../facts/build-stage-change.js';
import {
  describeTarget,
  describeWhere,
  examplesOf,
  fixForGroup,
  groupBy,
  homeOf,
  plural,
} from '../facts/group-findings.js';

/** `macOS arm64`, `Windows amd64`, `linux/arm64`, `musl` — what the file was built for. */
function builtFor(b: ClassifiedBinary): string {
  const s = b.sniffed;
  if (b.reason === 'node-abi-mismatch' && s.format === 'elf' && s.nodeAddon?.kind === 'node-abi')
    return `Node.js ABI ${s.nodeAddon.moduleVersion}`;
  switch (s.format) {
    case 'macho':
      return `macOS ${s.arch}`;
    case 'macho-universal':
      return `macOS (${s.slices.map((x) => x.arch).join(', ')})`;
    case 'pe':
      return `Windows ${s.arch ?? s.machineName}`;
    case 'dos':
      return 'MS-DOS';
    case 'elf':
      if (b.reason === 'musl-on-glibc') return 'musl (Alpine)';
      if (b.reason === 'glibc-on-musl') return 'glibc';
      if (b.reason === 'not-linux') return `${s.os} ${s.machineName}`;
      return s.platform ?? s.unsupported ?? s.machineName;
    default:
      return s.format;
  }
}

/** What happens when nothing in the headers gives a message (musl, ARM levels); follows "… loads it and". */
function silentFailure(model: CheckModel, b: ClassifiedBinary): string {
  if (b.reason === 'arm-variant-too-new')
    return 'the loader accepts it, then the first newer instruction dies with SIGILL';
  if (b.reason === 'glibc-on-musl')
    return "musl ignores glibc's version needs, then fails at the first glibc-only symbol (Error relocating …: symbol not found)";
  // A .NET assembly pinned to another CPU: the runtime refuses it whatever the libc (dotnet/runtime, the PE machine check).
  if (b.reason === 'dotnet-arch')
    return 'fails: System.BadImageFormatException: An attempt was made to load a program with an incorrect format';
  if (model.target.libc === 'musl')
    return 'musl does not check the architecture: it fails at relocation or crashes at the first call';
  return 'fails to load it';
}

/** The build-in-stage change for a host-built program a COPY names, or null. */
function stageChangeFor(model: CheckModel, path: string): DockerfileChange | null {
  const dm = model.dockerfileModel;
  const source = protectedPaths(dm, model.entries).named.get(path);
  if (dm === null || model.dockerfile.path === null || source === undefined || source.kind !== 'copy' || source.onbuild)
    return null;
  const platform = model.target.platform;
  return buildInStageChange({
    dockerfile: dm,
    dockerfilePath: model.dockerfile.path,
    binary: path,
    copyLine: source.line,
    entries: model.entryByPath,
    readText: (p) => model.texts.get(p) ?? null,
    platform: { arch: platform.arch, variant: platform.variant },
    libc: model.target.libc,
    glibcVersion: model.target.glibcVersion,
  });
}

/**
 * Whether a host build is used where it lands, so building it in a stage changes what runs: the
 * image runs or loads it, or a COPY names it (then it is there to be run). One the final image only
 * carries under a broader COPY is dead weight: leaving it out of the context is the whole fix.
 */
function isUsedHostBuild(reach: PathReach): boolean {
  if (reach.replacedAt !== null) return false;
  return reach.reach === 'loaded' || reach.reach === 'executed' || (reach.reach === 'final-image' && reach.named);
}

const RUNTIME_VERB: Record<ClassifiedBinary['role'], string> = {
  'python-extension': 'Python imports',
  'node-addon': 'Node.js loads',
  'ruby-extension': 'Ruby requires',
  executable: 'The image runs',
  library: 'The image loads',
  object: 'A build in the image links',
};

const ROLE_ORDER: Record<ClassifiedBinary['role'], number> = {
  'python-extension': 0,
  'node-addon': 1,
  'ruby-extension': 2,
  executable: 3,
  library: 4,
  object: 5,
};

export default defineCheck({
  meta: {
    id: 'foreign-binary',
    title: 'Binary built for another platform',
    defaultSeverity: 'error',
    description:
      'A native binary in the context is for another OS, CPU or libc than the image, where a runtime in the image would load or run it.',
  },
  // go.mod: the Go version of the build stage a host-built Go program gets.
  wants: (entry, name) => (entry.type === 'file' && name === 'go.mod' ? 'text' : environmentWants(entry, name)),
  *run(model) {
    const candidates = classifyBinaries(model).foreign.filter(
      // Harmless ones are counted in the report; extension modules the importer never tries are foreign-extension-suffix's.
      (b) => b.harmless === null && (b.extension === null || b.extension.isVisible),
    );
    // One finding per environment (or directory), npm package, severity and platform built for:
    // a venv with 4,000 Mach-O files is one finding.
    const copiedByName = protectedPaths(model.dockerfileModel, model.entries).named;
    const groups = groupBy(candidates, (b) =>
      [homeOf(b.environment, b.path), b.npmPackage?.dir ?? '', b.severity, builtFor(b)].join('\0'),
    );
    for (const [, group] of groups) {
      // The example a reader learns most from: what a runtime imports or requires by name first.
      const first = [...group].sort(
        (a, b) =>
          ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || Number(a.loaderError === null) - Number(b.loaderError === null),
      )[0]!;
      const env = first.environment;
      const facts = platformFacts(first.sniffed);
      const paths = group.map((b) => b.path);
      const pkg = first.npmPackage;
      // A foreign binary the image runs, or one a COPY names, is there to be run: an error whatever its directory.
      const reach = reachOfGroup(model, env, paths);
      // Only a host build that reaches what runs is worth building in the image instead; one only a
      // builder stage sees, or that a RUN there rebuilds (`go build -o`, `cargo build`), is already
      // replaced by the Dockerfile: leaving it out of the context is the whole fix.
      const reachesRun = isUsedHostBuild(reach);
      const fix = fixForGroup(
        model,
        env,
        paths,
        reachesRun || reach.reach === 'no-dockerfile'
          ? `build it for ${describeTarget(model)} in the image (a RUN step or a build stage) instead of copying a host build`
          : null,
      );
      // A program the Dockerfile copies by name: no ignore line helps; build it in a stage instead.
      const named = paths.filter((p) => copiedByName.has(p));
      const change = named.length === 1 && reachesRun ? stageChangeFor(model, named[0]!) : null;
      const where =
        pkg !== null
          ? `in npm package ${pkg.name}${pkg.expected !== null ? ` (the image needs ${pkg.expected})` : ''}`
          : describeWhere(env, homeOf(null, first.path));
      const bytes = group.reduce((n, b) => n + b.sniffed.size, 0);
      const it = group.length === 1 ? 'it' : 'them';
      const consequence = `${RUNTIME_VERB[first.role]} ${it} and ${first.loaderError !== null ? `fails: ${first.loaderError}` : `${silentFailure(model, first)}`}`;
      const natural = reach.reach === 'executed' || reach.named ? 'error' : first.severity;
      // A platform package laid over the image's own install: the image's package sits beside it, this one is never loaded.
      const sibling = pkg !== null && reach.overInstall !== null;
      const graded = sibling
        ? gradeByReach(
            model,
            reach,
            'info',
            bytes,
            `The install on line ${reach.overInstall} put the package for this platform beside it; Node.js never loads this one`,
          )
        : gradeByReach(model, reach, natural, bytes, consequence, true);
      yield {
        path: pkg?.dir ?? env?.path ?? first.path,
        severity: graded.severity,
        message:
          `${plural(group.length, 'file')} (${formatBytes(bytes)}) built for ${builtFor(first)} ${where}, ${group.length === 1 ? '' : 'e.g. '}${first.path} (${first.what}); ` +
          `the target is ${describeTarget(model)}; ${graded.text}` +
          (change !== null
            ? `; line ${change.edits[0]!.line} of the Dockerfile copies it by name: ${change.summary}`
            : ''),
        data: {
          ...graded.data,
          environment: env?.path ?? null,
          environmentKind: env?.kind ?? null,
          format: facts.format,
          arch: facts.arch,
          variant: facts.variant,
          libc: facts.libc,
          what: first.what,
          reason: first.reason,
          role: first.role,
          count: group.length,
          bytes,
          examples: examplesOf(paths),
          loaderError: first.loaderError,
          npmPackage: pkg?.name ?? null,
          expectedPackage: pkg?.expected ?? null,
          ignoreLines: fix.ignoreLines,
          removablePaths: fix.removablePaths,
          dockerfileFix: change?.summary ?? fix.dockerfileFix,
          ...(change !== null ? { dockerfileChange: change } : {}),
          // One environment can hold groups built for different platforms.
          fingerprintKey: `${builtFor(first)}|${first.severity}`,
        },
      };
    }
  },
});
