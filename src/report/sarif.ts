// SARIF 2.1.0 (OASIS), the format code scanning services ingest: one rule per registered check,
// one result per finding, located relative to the context directory.
import { checkDocsUrl, checks, DOCS_URL } from '../analyze/registry.js';
import type { CheckMeta, Finding, Report, Severity } from '../types.js';
import { encodeUriPath, fileUri } from './uri.js';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The symbol results' relative URIs resolve against (run.originalUriBaseIds). */
export const CONTEXT_BASE_ID = 'CONTEXT';

/** partialFingerprints key: "<name>/v<version>" as SARIF §3.27.17 recommends. */
const FINGERPRINT_KEY = 'buildctx/v1';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const satisfies Record<Severity, SarifLevel>;

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  help?: { text: string };
  helpUri?: string;
  defaultConfiguration?: { level: SarifLevel };
}

/** "unreadable-directory" → "UnreadableDirectory": SARIF rule names are identifiers. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

export interface SarifOptions {
  /** The checks to describe as rules; default every registered check. */
  checks?: readonly CheckMeta[] | undefined;
}

function rulesFor(report: Report, metas: readonly CheckMeta[]): SarifRule[] {
  const rules: SarifRule[] = metas.map((meta) => ({
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: { text: meta.description },
    helpUri: checkDocsUrl(meta.id),
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
  }));
  // A report from another version may carry checks this one does not know; each result still
  // needs a rule to point at.
  const known = new Set(rules.map((r) => r.id));
  const unknown = [...new Set(report.findings.map((f) => f.check).filter((id) => !known.has(id)))].sort();
  for (const id of unknown) rules.push({ id, name: ruleName(id), shortDescription: { text: id } });
  return rules;
}

function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  // A Dockerfile outside the context is reported by its absolute path; SARIF allows a uriBaseId
  // only with a relative reference (§3.4.4), so it gets a file URI of its own.
  if (path.startsWith('/')) return { uri: fileUri(path) };
  return { uri: encodeUriPath(path), uriBaseId: CONTEXT_BASE_ID };
}

function resultFor(f: Finding, ruleIndex: number) {
  return {
    ruleId: f.check,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(f.path),
          ...(f.line !== undefined ? { region: { startLine: f.line } } : {}),
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.new !== undefined ? { baselineState: f.new ? 'new' : 'unchanged' } : {}),
    // SARIF §3.27.23: a comment where the problem is is `inSource`; the configuration file is `external`.
    ...(f.suppression !== undefined
      ? {
          suppressions: [
            {
              kind: f.suppression.source === 'config' ? 'external' : 'inSource',
              ...(f.suppression.reason !== null ? { justification: f.suppression.reason } : {}),
              ...(f.suppression.file !== null
                ? {
                    location: {
                      physicalLocation: {
                        artifactLocation: artifactLocation(f.suppression.file),
                        ...(f.suppression.line !== null ? { region: { startLine: f.suppression.line } } : {}),
                      },
                    },
                  }
                : {}),
            },
          ],
        }
      : {}),
    properties: { data: f.data },
  };
}

export function renderSarif(report: Report, options: SarifOptions = {}): string {
  const rules = rulesFor(report, options.checks ?? checks.map((c) => c.meta));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'buildctx',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: DOCS_URL,
            rules,
          },
        },
        originalUriBaseIds: { [CONTEXT_BASE_ID]: { uri: fileUri(report.context, true) } },
        results: report.findings.map((f) => resultFor(f, index.get(f.check)!)),
        properties: {
          context: report.context,
          dockerfile: report.dockerfile,
          ignoreFile: report.ignoreFile,
          summary: report.summary,
          limits: report.limits,
          ...(report.baseline !== undefined ? { baseline: report.baseline } : {}),
        },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
