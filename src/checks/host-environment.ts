import { formatBytes } from '../units.js';
import type { FindingDraft } from '../types.js';
import type { CheckModel } from '../facts/check-model.js';
import { classifyBinaries } from '../facts/classify-binaries.js';
import { installInImageChange } from '../facts/dockerfile-change.js';
import { defineCheck } from '../facts/define-check.js';
import { gradeByReach, reachOfGroup } from '../facts/reach.js';
import {
  ENVIRONMENT_NAMES,
  environmentOf,
  environmentWants,
  scanEnvironments,
  type Environment,
  type HostEvidence,
} from '../facts/environments.js';
import { examplesOf, plural } from '../facts/group-findings.js';
import { findHostLinks } from '../facts/host-path.js';
import { dependencyInstallFix, directoryIgnoreCandidates, verifiedIgnoreLines } from '../facts/suggest-fix.js';

/** Evidence lines a finding carries at most. */
const MAX_EVIDENCE = 8;

const OS_NAMES = { macos: 'macOS', windows: 'Windows', linux: 'Linux' } as const;

function evidenceLine(x: HostEvidence): string {
  return `${x.kind}: ${x.value} (${x.path})`;
}

const EVIDENCE_LABELS: Record<HostEvidence['kind'], string> = {
  'pyvenv-home': 'pyvenv.cfg',
  'windows-layout': 'layout',
  'python-version': 'Python',
  'wheel-tag': 'wheel tag',
  'conda-subdir': 'conda packages for',
  'conda-command': 'created by',
  'npm-platform-package': 'platform package',
  'rustc-host': 'rustc host',
  'gem-platform': 'gem platform',
  'bytecode-version': 'bytecode',
};

function evidenceSummary(x: HostEvidence): string {
  return `${EVIDENCE_LABELS[x.kind]} ${x.value}`;
}

function madeOn(env: Environment): string {
  if (env.hostOs === null) return '';
  const facts = [env.hostArch, env.hostOs === 'linux' ? env.hostLibc : null].filter((x): x is string => x !== null);
  return ` made on ${OS_NAMES[env.hostOs]}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
}

function environmentFinding(model: CheckModel, env: Environment): FindingDraft {
  const binaries = classifyBinaries(model).foreign.filter((b) => b.environment === env);
  const reach = reachOfGroup(model, env, env.paths);
  // Laid over the image's own install, the host's platform packages sit beside the image's and are never loaded.
  const overInstall = reach.overInstall;
  const broken = binaries.filter((b) => b.harmless === null && (overInstall === null || b.npmPackage === null));
  const scan = scanEnvironments(model);
  const links = findHostLinks(model).filter((l) => environmentOf(scan, l.path) === env);
  const breaking = env.evidence.filter((x) => x.breaks && (overInstall === null || x.kind !== 'npm-platform-package'));
  const willBreak = breaking.length > 0 || broken.length > 0 || links.length > 0;
  const ignoreLines = verifiedIgnoreLines(model, directoryIgnoreCandidates(env.path), env.paths);
  const reasons = [
    ...breaking.slice(0, 2).map(evidenceSummary),
    broken.length > 0 ? `${plural(broken.length, 'binary', 'binaries')} for another platform` : '',
    links.length > 0 ? `${plural(links.length, 'link')} to host paths` : '',
  ].filter(Boolean);
  const head = `${ENVIRONMENT_NAMES[env.kind]}${madeOn(env)}: ${plural(env.files, 'file')} (${formatBytes(env.bytes)}) sent`;
  const over =
    overInstall !== null
      ? `It is copied over the tree the install on line ${overInstall} made, replacing its files of the same path. `
      : '';
  const consequence =
    over +
    (willBreak
      ? `It will not work there: ${reasons.join('; ')}`
      : overInstall !== null
        ? 'Keep it out with .dockerignore'
        : 'The image should install its own');
  const graded = gradeByReach(model, reach, willBreak ? 'error' : 'warning', env.bytes, consequence);
  // The Dockerfile copies it by name: no ignore line may remove it; the change is in the Dockerfile.
  const change = ignoreLines.length === 0 ? installInImageChange(model, env) : null;
  return {
    path: env.path,
    severity: graded.severity,
    message:
      `${head}; ${graded.text}` +
      (change !== null ? `; line ${change.edits[0]!.line} of the Dockerfile copies it by name: ${change.summary}` : ''),
    data: {
      ...graded.data,
      overInstall,
      kind: env.kind,
      files: env.files,
      bytes: env.bytes,
      os: env.hostOs,
      arch: env.hostArch,
      libc: env.hostLibc,
      python: env.python,
      targetPython: model.target.pythonVersion,
      creator: env.creator,
      evidence: env.evidence.slice(0, MAX_EVIDENCE).map(evidenceLine),
      breaking: breaking.length,
      foreignBinaries: broken.length,
      harmlessForeign: binaries.length - broken.length,
      hostLinks: links.length,
      nested: env.nested,
      ignoreLines,
      removablePaths: [env.path],
      dockerfileFix: change?.summary ?? dependencyInstallFix(model, env),
      ...(change !== null ? { dockerfileChange: change } : {}),
    },
  };
}

export default defineCheck({
  meta: {
    id: 'host-environment',
    title: 'Host environment in the build context',
    defaultSeverity: 'warning',
    description:
      'A virtualenv, conda env, node_modules, vendor/bundle, Rust target/, .tox/.nox or __pycache__ from the host is sent; error when it was made for another platform or points at host paths.',
  },
  wants: environmentWants,
  *run(model) {
    const caches: Environment[] = [];
    for (const env of scanEnvironments(model).environments) {
      // An empty directory (a __pycache__ Python has not written yet) carries nothing into the image.
      if (env.files === 0) continue;
      if (env.kind === 'pycache') caches.push(env);
      else yield environmentFinding(model, env);
    }
    if (caches.length === 0) return;
    // Every __pycache__ directory is one finding: the same waste everywhere, one ignore line.
    const paths = caches.flatMap((c) => c.paths);
    const files = caches.reduce((n, c) => n + c.files, 0);
    const bytes = caches.reduce((n, c) => n + c.bytes, 0);
    const versions = [
      ...new Set(
        caches.flatMap((c) =>
          c.evidence.filter((x) => x.kind === 'bytecode-version').map((x) => x.value.split(' (')[0]!),
        ),
      ),
    ].sort();
    const graded = gradeByReach(
      model,
      reachOfGroup(model, null, paths),
      'warning',
      bytes,
      'Python rebuilds them in the image, and they change the COPY layer on every local run',
    );
    yield {
      path: caches[0]!.path,
      severity: graded.severity,
      message:
        `${plural(caches.length, '__pycache__ directory', '__pycache__ directories')} (${plural(files, 'file')}, ${formatBytes(bytes)}) from the host` +
        `${versions.length > 0 ? ` (${versions.join(', ')})` : ''} are sent; ${graded.text}`,
      data: {
        ...graded.data,
        kind: 'pycache',
        count: caches.length,
        files,
        bytes,
        python: versions,
        examples: examplesOf(caches.map((c) => c.path)),
        ignoreLines: verifiedIgnoreLines(model, [['**/__pycache__'], ['**/__pycache__', '**/__pycache__/**']], paths),
        removablePaths: caches.map((c) => c.path),
        dockerfileFix: null,
      },
    };
  },
});
