// Env files of public build-time values only (a Vite `.env` of VITE_ keys): a front-end build
// reads them and inlines the values into the client bundle, where every visitor reads them. They
// are no secret, and the build needs them: keeping one out of the context changes what the build
// produces (`import.meta.env.VITE_API_URL` becomes undefined). Classified by key names only; the
// values are never kept or printed.
import type { CheckModel } from './check-model.js';
import { reachOf, type PathReach } from './reach.js';

/**
 * Prefixes the front-end build tools inline into the client bundle, where every visitor reads them:
 * Vite `VITE_`, Next.js `NEXT_PUBLIC_`, Create React App `REACT_APP_`, SvelteKit/Astro `PUBLIC_`,
 * Nuxt `NUXT_PUBLIC_`, Expo `EXPO_PUBLIC_`, Vue CLI `VUE_APP_`, Gatsby `GATSBY_`.
 */
const PUBLIC_PREFIXES = [
  'VITE_',
  'NEXT_PUBLIC_',
  'REACT_APP_',
  'PUBLIC_',
  'NUXT_PUBLIC_',
  'EXPO_PUBLIC_',
  'VUE_APP_',
  'GATSBY_',
];

/** The env file assigns at least one variable, and only ones with a public prefix. Never returns or keeps the values. */
export function holdsOnlyPublicValues(text: string): boolean {
  let count = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=/.exec(line);
    // A line that is not an assignment (a multi-line value, garbage): not provably public.
    if (m === null || !PUBLIC_PREFIXES.some((p) => m[1]!.startsWith(p))) return false;
    count++;
  }
  return count > 0;
}

/** The env-file name a secret check reads (`.env`, `.env.production`), not a template (`.env.example`). */
export function isEnvFileName(name: string): boolean {
  if (name !== '.env' && !name.startsWith('.env.')) return false;
  return !name
    .split('.')
    .slice(2)
    .some((part) => ENV_TEMPLATE_MARKERS.has(part.toLowerCase()));
}

// An example marker anywhere after `.env` makes a template: `.env.example`, `.env.example.sail`, `.env.local.sample`.
export const ENV_TEMPLATE_MARKERS: ReadonlySet<string> = new Set([
  'example',
  'sample',
  'template',
  'tmpl',
  'tpl',
  'dist',
  'default',
  'defaults',
  'schema',
]);

const memo = new WeakMap<CheckModel, ReadonlyMap<string, PathReach>>();

/**
 * Env files of public values only that a COPY/ADD/RUN --mount takes into a stage the target
 * builds, with their reach: a build there reads them. Only files whose text a check read
 * (`model.texts`; secret-file asks for every env file) can be told. Memoised per model.
 */
export function publicEnvFilesCopied(model: CheckModel): ReadonlyMap<string, PathReach> {
  const known = memo.get(model);
  if (known !== undefined) return known;
  const out = new Map<string, PathReach>();
  for (const [path, text] of model.texts) {
    if (!isEnvFileName(path.slice(path.lastIndexOf('/') + 1)) || !model.entryByPath.has(path)) continue;
    if (!holdsOnlyPublicValues(text)) continue;
    const reach = reachOf(model, path);
    if (reach.copyLines.length > 0) out.set(path, reach);
  }
  memo.set(model, out);
  return out;
}
