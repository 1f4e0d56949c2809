import type { ContextEntry, FindingDraft, Severity } from '../types.js';
import type { CheckModel } from '../facts/check-model.js';
import { isSafeAdvice } from '../facts/suggest-fix.js';
import { defineCheck } from '../facts/define-check.js';
import { hasUrlCredentials, ignoreLineFor, sourceUses } from '../facts/dockerfile-facts.js';
import { protectedPathsOf } from '../facts/advice-guard.js';
import { holdsOnlyPublicValues, isEnvFileName } from '../facts/public-env.js';
import { describeReach, reachOf, type PathReach, type Reach } from '../facts/reach.js';

// Files whose name marks credentials. A file in a COPY is in every copy of the image (and its
// layers) — anyone who can pull it can read the file; a file that is only sent still leaves
// the machine and sits in the builder's cache. Decided by name and path; where a name alone
// is not enough (a .pem may be a public certificate, an .npmrc may only set a registry) the
// file is read (at most MAX_TEXT_BYTES) and searched for the marker of a credential. Contents
// are never stored in a finding or printed.

export type SecretKind =
  | 'env-file'
  | 'ssh-private-key'
  | 'private-key'
  | 'pkcs12'
  | 'java-keystore'
  | 'putty-private-key'
  | 'npm-token'
  | 'yarn-token'
  | 'pypi-password'
  | 'netrc'
  | 'git-credentials'
  | 'git-remote-credentials'
  | 'docker-credentials'
  | 'aws-credentials'
  | 'gcp-credentials'
  | 'azure-token'
  | 'kubeconfig'
  | 'terraform-state'
  | 'htpasswd'
  | 'pgpass';

interface SecretRule {
  kind: SecretKind;
  /** What the file is, for messages. */
  label: string;
  matches(path: string, name: string): boolean;
  /** When set, the file is a secret only if its text passes. */
  confirm?(text: string): boolean;
}

const PRIVATE_KEY_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

const inDir =
  (dir: string, name: string) =>
  (path: string): boolean =>
    path === `${dir}/${name}` || path.endsWith(`/${dir}/${name}`);

/** Any remote URL of a git config carries a password or token. */
function gitConfigHasCredentials(text: string): boolean {
  return text.split(/\r?\n/).some((line) => {
    const m = /^\s*(?:url|pushurl)\s*=\s*(\S+)/i.exec(line);
    return m !== null && hasUrlCredentials(m[1]!.replace(/^"|"$/g, ''));
  });
}

const SECRET_RULES: readonly SecretRule[] = [
  {
    kind: 'env-file',
    label: 'an environment file',
    matches: (_, n) => isEnvFileName(n),
  },
  {
    kind: 'ssh-private-key',
    label: 'an SSH private key',
    matches: (_, n) => /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(n),
  },
  {
    kind: 'private-key',
    label: 'a PEM private key',
    matches: (_, n) => /\.(pem|key|p8)$/i.test(n),
    confirm: (t) => PRIVATE_KEY_PEM.test(t),
  },
  { kind: 'pkcs12', label: 'a PKCS#12 key bundle', matches: (_, n) => /\.(p12|pfx)$/i.test(n) },
  { kind: 'java-keystore', label: 'a Java keystore', matches: (_, n) => /\.(jks|keystore)$/i.test(n) },
  { kind: 'putty-private-key', label: 'a PuTTY private key', matches: (_, n) => /\.ppk$/i.test(n) },
  {
    kind: 'npm-token',
    label: 'an .npmrc with a registry token',
    matches: (_, n) => n === '.npmrc',
    confirm: (t) => /(_authToken|_auth|_password)\s*=/.test(t),
  },
  {
    kind: 'yarn-token',
    label: 'a Yarn config with a registry token',
    matches: (_, n) => n === '.yarnrc.yml' || n === '.yarnrc',
    confirm: (t) => /(npmAuthToken|npmAuthIdent|_authToken)/.test(t),
  },
  {
    kind: 'pypi-password',
    label: 'a .pypirc with a password',
    matches: (_, n) => n === '.pypirc',
    confirm: (t) => /^\s*password\s*[=:]/m.test(t),
  },
  {
    kind: 'netrc',
    label: 'a .netrc with passwords',
    matches: (_, n) => n === '.netrc' || n === '_netrc',
    confirm: (t) => /(^|\s)password\s/.test(t),
  },
  { kind: 'git-credentials', label: 'a git credential store', matches: (_, n) => n === '.git-credentials' },
  {
    kind: 'git-remote-credentials',
    label: 'a git config whose remote URL carries credentials',
    matches: inDir('.git', 'config'),
    confirm: gitConfigHasCredentials,
  },
  {
    kind: 'docker-credentials',
    label: 'a Docker config with registry credentials',
    matches: inDir('.docker', 'config.json'),
    confirm: (t) => /"(auth|identitytoken)"\s*:\s*"[^"]+"/.test(t),
  },
  { kind: 'aws-credentials', label: 'AWS credentials', matches: inDir('.aws', 'credentials') },
  {
    kind: 'gcp-credentials',
    label: 'a Google Cloud credential file',
    matches: (_, n) =>
      n === 'credentials.json' ||
      n === 'application_default_credentials.json' ||
      /^client_secret.*\.json$/.test(n) ||
      /service[-_]?account.*\.json$/i.test(n),
    confirm: (t) => /"(private_key|client_secret|refresh_token)"\s*:/.test(t),
  },
  {
    kind: 'azure-token',
    label: 'an Azure CLI token cache',
    matches: (p) => inDir('.azure', 'accessTokens.json')(p) || inDir('.azure', 'msal_token_cache.json')(p),
  },
  {
    kind: 'kubeconfig',
    label: 'a kubeconfig with credentials',
    matches: (p, n) => inDir('.kube', 'config')(p) || n === 'kubeconfig' || /\.kubeconfig$/.test(n),
    confirm: (t) => /^\s*(client-key-data|client-key|token|password)\s*:/m.test(t),
  },
  {
    kind: 'terraform-state',
    label: 'Terraform state (it holds resource secrets in plain text)',
    matches: (_, n) => /\.tfstate(\.backup)?$/.test(n),
  },
  { kind: 'htpasswd', label: 'an htpasswd file', matches: (_, n) => n === '.htpasswd' },
  { kind: 'pgpass', label: 'a PostgreSQL password file', matches: (_, n) => n === '.pgpass' },
];

/**
 * Every rule above needs a name that starts with "." or "_" (dotfiles, `_netrc`) or "id_", is
 * `config`, `credentials` or `kubeconfig`, or has one of these extensions. The test runs on every
 * sent file, so everything else is ruled out before the rules run.
 */
const CANDIDATE_NAME =
  /^[._]|^id_|^(config|credentials|kubeconfig)$|\.(pem|key|p8|p12|pfx|jks|keystore|ppk|tfstate|backup|kubeconfig|json)$/i;

function ruleFor(path: string, name = path.slice(path.lastIndexOf('/') + 1)): SecretRule | undefined {
  if (!CANDIDATE_NAME.test(name)) return undefined;
  return SECRET_RULES.find((r) => r.matches(path, name));
}

/** The secret kind of a file, reading its text only when the rule needs it; null when it is not one (or cannot be told). */
export function classifySecret(path: string, readText: () => string | undefined): SecretRule | null {
  const rule = ruleFor(path);
  if (rule === undefined) return null;
  if (rule.confirm === undefined) return rule;
  const text = readText();
  return text !== undefined && rule.confirm(text) ? rule : null;
}

/** The ignore line to suggest: the `.git` directory for its config, else the path itself. */
/** What to keep out for a secret: the file, or the whole `.git` directory for its config; and the line that names it. */
function ignoreCandidate(path: string): { root: string; line: string } | null {
  const git = /^(.*?\.git)\/config$/.exec(path);
  const root = git !== null ? git[1]! : path;
  const line = ignoreLineFor(root);
  return line === null ? null : { root, line };
}

function* findings(model: CheckModel): Generator<FindingDraft> {
  const uses = sourceUses(model);
  for (const entry of model.entries) {
    if (entry.type !== 'file') continue;
    const rule = classifySecret(entry.path, () => model.texts.get(entry.path));
    if (rule === null) continue;
    const reach = reachOf(model, entry.path);
    const named = uses.some((u) => u.source.kind !== 'mount' && u.selected.roots.includes(entry.path));
    const text = rule.kind === 'env-file' ? model.texts.get(entry.path) : undefined;
    const isPublic = text !== undefined && holdsOnlyPublicValues(text);
    yield finding(model, entry, rule, {
      reach,
      named,
      isPublic,
      severity: isPublic ? 'info' : SECRET_SEVERITY[reach.reach],
    });
  }
}

/** A credential leaks where the image carries it; sent to the builder it sits in its cache; without a Dockerfile nothing is built yet. */
const SECRET_SEVERITY: Record<Reach, Severity> = {
  executed: 'error',
  loaded: 'error',
  'final-image': 'error',
  'build-stage': 'warning',
  'not-copied': 'warning',
  'not-requested': 'info',
  'no-dockerfile': 'warning',
};

function finding(
  model: CheckModel,
  entry: ContextEntry,
  rule: SecretRule,
  facts: { reach: PathReach; named: boolean; isPublic: boolean; severity: Severity },
): FindingDraft {
  const ignoreFile = model.ignore?.displayPath ?? '.dockerignore';
  let ignoreLines: string[] = [];
  const candidate = facts.named ? null : ignoreCandidate(entry.path);
  if (candidate !== null) {
    try {
      const sim = model.simulateIgnore([candidate.line]);
      const keepsOutOnlyIt = sim.removed.every(
        (e) => e.path === candidate.root || e.path.startsWith(candidate.root + '/'),
      );
      if (
        sim.removed.some((e) => e.path === entry.path) &&
        keepsOutOnlyIt &&
        isSafeAdvice(model, [candidate.line], [entry.path])
      )
        ignoreLines = [candidate.line];
    } catch {
      ignoreLines = [];
    }
  }
  const r = facts.reach;
  const where =
    r.reach === 'final-image' || r.reach === 'executed' || r.reach === 'loaded'
      ? `the COPY on line${r.copyLines.length === 1 ? '' : 's'} ${r.copyLines.join(', ')} puts it in the final image${r.imagePath !== null ? ` at ${r.imagePath}` : ''}, where anyone who pulls the image can read it`
      : r.reach === 'build-stage'
        ? facts.isPublic
          ? `${describeReach(r)}, where the build reads it`
          : `${describeReach(r)}; it stays in that stage's layers and the build cache`
        : r.reach === 'not-copied'
          ? 'docker build sends it to the builder (it is in the build cache even though no COPY takes it)'
          : describeReach(r);
  const what = facts.isPublic
    ? `${entry.path} holds only public build-time values (VITE_, NEXT_PUBLIC_, REACT_APP_, PUBLIC_ …), which the build inlines into the client anyway`
    : `${entry.path} looks like ${rule.label}`;
  const copiedFrom = protectedPathsOf(model).run.get(entry.path);
  const fix = facts.isPublic
    ? r.copyLines.length > 0
      ? '; keep it in the context: no ignore line is suggested'
      : ''
    : copiedFrom?.keyword === 'COPY'
      ? `; COPY ${copiedFrom.program} on line ${copiedFrom.line} names it, so keeping it out of the context fails the build: drop that COPY and give the values at run time (docker run --env-file, Compose env_file, or a secret)`
      : facts.named
        ? `; pass it as a build secret instead: RUN --mount=type=secret,id=${rule.kind} … with docker build --secret id=${rule.kind},src=${entry.path}`
        : ignoreLines.length > 0
          ? `; add \`${ignoreLines[0]}\` to ${ignoreFile}`
          : `; keep it out with ${ignoreFile}`;
  return {
    path: entry.path,
    severity: facts.severity,
    message: `${what}; ${where}${fix}`,
    data: {
      kind: rule.kind,
      reach: r.reach,
      copyLines: r.copyLines,
      imagePath: r.imagePath,
      publicOnly: facts.isPublic,
      sentByBuildKit: r.reach !== 'not-requested' && r.reach !== 'no-dockerfile',
      ignoreLines: facts.isPublic ? [] : ignoreLines,
      // The secret is what the finding is about: keeping it out of a copied directory is the fix.
      removablePaths: [entry.path],
    },
  };
}

export default defineCheck({
  meta: {
    id: 'secret-file',
    title: 'Credential file in the build context',
    defaultSeverity: 'warning',
    description:
      'A file whose name marks credentials (.env, private keys, .npmrc tokens, cloud credentials, kubeconfig, Terraform state…) is copied into the final image (error), into a build stage or sent to the builder (warning); an env file of public build-time values only is info.',
  },
  wants(entry, name) {
    if (entry.type !== 'file') return null;
    const rule = ruleFor(entry.path, name);
    // Env files are read to tell public build-time values from secrets (never stored or printed).
    return rule?.confirm !== undefined || rule?.kind === 'env-file' ? 'text' : null;
  },
  run: findings,
});
