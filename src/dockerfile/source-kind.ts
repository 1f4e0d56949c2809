// Which COPY/ADD sources BuildKit fetches from elsewhere. dockerfile2llb dispatchCopy asks
// dfgitutil.ParseGitRef first (a Git source unless "indistinguishable from local"), then
// isHTTPSource (an http:// or https:// prefix, compared case-sensitively); everything else is
// a path in the build context (moby/buildkit frontend/dockerfile/dockerfile2llb/convert_copy.go,
// frontend/dockerfile/dfgitutil, util/gitutil ParseURL, util/sshutil ParseSCPStyleURL).

export type SourceKind = 'git' | 'url' | 'local';

// gitutil: an explicit transport; only these four are Git transports.
const PROTOCOL = /^([a-zA-Z0-9]+):\/\//;
const GIT_PROTOCOLS = new Set(['http', 'https', 'git', 'ssh']);
// sshutil gitSSHRegex: `user@host:path[?query][#fragment]` (Go reads `0-9-_` as 0-9, `-`, `_`).
const SCP_STYLE = /^([a-zA-Z0-9\-_]+)@([a-zA-Z0-9\-.]+):(.*?)(?:\?(.*?))?(?:#(.*))?$/s;

function urlPath(src: string): string {
  // net/url Path: after scheme and authority, before `?` and `#`.
  const m = /^[a-zA-Z0-9]+:\/\/[^/?#]*([^?#]*)/.exec(src);
  return m?.[1] ?? '';
}

/** dfgitutil.ParseGitRef says this source is a Git repository that BuildKit clones. */
export function isGitSource(src: string): boolean {
  if (src.startsWith('./') || src.startsWith('../')) return false;
  // "github.com/x/y" is a Git ref only for build contexts; COPY/ADD treat it as a local path.
  if (src.startsWith('github.com/')) return false;
  const proto = PROTOCOL.exec(src);
  if (proto !== null) {
    const scheme = proto[1]!.toLowerCase();
    if (!GIT_PROTOCOLS.has(scheme)) return false;
    // An HTTP(S) URL is a Git ref only when its path ends in ".git".
    if (scheme === 'http' || scheme === 'https') return urlPath(src).endsWith('.git');
    return true;
  }
  return SCP_STYLE.test(src);
}

/** isHTTPSource: an http(s):// URL that is not a Git ref; ADD downloads it. */
export function isHttpSource(src: string): boolean {
  return (src.startsWith('http://') || src.startsWith('https://')) && !isGitSource(src);
}

export function classifySource(src: string): SourceKind {
  if (isGitSource(src)) return 'git';
  if (isHttpSource(src)) return 'url';
  return 'local';
}
