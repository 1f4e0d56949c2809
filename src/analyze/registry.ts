// Every check, in one list. Check ids are public: JSON `check`, SARIF rule ids, `--disable ID`.
import type { Finding, Severity } from '../types.js';
import type { CheckModel } from '../facts/check-model.js';
import type { Check, DataOf } from '../facts/define-check.js';
import { fingerprintOf } from './fingerprint.js';
import { mergeSharedRoots, type FindingEvidence } from './merge-findings.js';
import aptListsKept from '../checks/apt-lists-kept.js';
import aptUpdateAlone from '../checks/apt-update-alone.js';
import bindMountShadowsImage from '../checks/bind-mount-shadows-image.js';
import buildToolsInFinalStage from '../checks/build-tools-in-final-stage.js';
import consecutiveRun from '../checks/consecutive-run.js';
import copySourceIgnored from '../checks/copy-source-ignored.js';
import copySourceMissing from '../checks/copy-source-missing.js';
import crlfScript from '../checks/crlf-script.js';
import foreignBinary from '../checks/foreign-binary.js';
import foreignExtensionSuffix from '../checks/foreign-extension-suffix.js';
import gitCloneInBuild from '../checks/git-clone-in-build.js';
import glibcTooNew from '../checks/glibc-too-new.js';
import hostEnvironment from '../checks/host-environment.js';
import hostPathLink from '../checks/host-path-link.js';
import installAfterCopy from '../checks/install-after-copy.js';
import macosLitter from '../checks/macos-litter.js';
import missingDockerignore from '../checks/missing-dockerignore.js';
import pipCache from '../checks/pip-cache.js';
import secretFile from '../checks/secret-file.js';
import staleBytecode from '../checks/stale-bytecode.js';
import unpinnedBaseImage from '../checks/unpinned-base-image.js';
import unpinnedRequirements from '../checks/unpinned-requirements.js';
import gitignoredInContext from '../checks/gitignored-in-context.js';
import unreadableDirectory from '../checks/unreadable-directory.js';
import unreadableFile from '../checks/unreadable-file.js';
import volatileFilesInCopy from '../checks/volatile-files-in-copy.js';
import legacyDockerPatterns from '../checks/legacy-docker-patterns.js';
import unusedSuppression from '../checks/unused-suppression.js';

const CHECKS = [
  unreadableDirectory,
  unreadableFile,
  gitignoredInContext,
  secretFile,
  copySourceMissing,
  copySourceIgnored,
  bindMountShadowsImage,
  installAfterCopy,
  volatileFilesInCopy,
  missingDockerignore,
  legacyDockerPatterns,
  unpinnedBaseImage,
  pipCache,
  unpinnedRequirements,
  aptListsKept,
  aptUpdateAlone,
  consecutiveRun,
  gitCloneInBuild,
  buildToolsInFinalStage,
  foreignBinary,
  crlfScript,
  glibcTooNew,
  hostEnvironment,
  hostPathLink,
  foreignExtensionSuffix,
  staleBytecode,
  macosLitter,
  unusedSuppression,
] as const;

export const checks: readonly Check[] = CHECKS;

/** Every check id. */
export type CheckId = (typeof CHECKS)[number]['meta']['id'];

/** Each check id → the type of its findings' `data`, inferred from what the check yields. */
export type FindingDataMap = { [C in (typeof CHECKS)[number] as C['meta']['id']]: DataOf<C> };

/** What a finding merged with others about one environment root adds to the lead's data (merge-findings.ts). */
export interface MergedFindingData {
  checks?: string[];
  evidence?: FindingEvidence[];
}

/** A finding of check `Id`, its `data` typed. */
export type TypedFinding<Id extends CheckId = CheckId> = {
  [K in Id]: Omit<Finding, 'check' | 'data'> & { check: K; data: FindingDataMap[K] & MergedFindingData };
}[Id];

/** Narrows a finding to its check's data type: `if (isFindingOf(f, 'foreign-binary')) f.data.arch`. */
export function isFindingOf<Id extends CheckId>(finding: Finding, id: Id): finding is Finding & TypedFinding<Id> {
  return finding.check === id;
}

/** The repository (package.json `repository`; test/docs.test.ts keeps the two equal). */
export const DOCS_URL = 'https://github.com/buildctx/buildctx';

/** Where a check is documented: docs/checks/<id>.md in the repository (SARIF helpUri, Markdown links). */
export function checkDocsUrl(id: string): string {
  return `${DOCS_URL}/blob/main/docs/checks/${id}.md`;
}

export function findCheck(id: string): Check | undefined {
  return checks.find((c) => c.meta.id === id);
}

export interface RunChecksOptions {
  /** Check ids not to run. */
  disabled?: ReadonlySet<string>;
  /** Per-check severity overrides — the one place severities change. */
  severity?: ReadonlyMap<string, Severity>;
  /** Merge findings about one environment root into one (default true; false shows each check's own). */
  mergeRoots?: boolean;
}

/** Lower is more severe. */
export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Runs every enabled check and returns findings sorted by severity, check and path; findings about one environment root are merged (merge-findings.ts). */
export function runChecks(model: CheckModel, options: RunChecksOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const check of checks) {
    if (options.disabled?.has(check.meta.id) === true) continue;
    for (const draft of check.run(model)) {
      const severity = options.severity?.get(check.meta.id) ?? draft.severity ?? check.meta.defaultSeverity;
      const finding: Finding = {
        check: check.meta.id,
        severity,
        path: draft.path,
        ...(draft.line !== undefined ? { line: draft.line } : {}),
        message: draft.message,
        data: draft.data,
        fingerprint: fingerprintOf({ check: check.meta.id, path: draft.path, data: draft.data }),
      };
      findings.push(finding);
    }
  }
  return (options.mergeRoots === false ? findings : mergeSharedRoots(findings)).sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.check < b.check ? -1 : a.check > b.check ? 1 : 0) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0),
  );
}
