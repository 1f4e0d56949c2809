import { defineCheck } from '../facts/define-check.js';
import { gradeByReach, reachOfGroup } from '../facts/reach.js';
import { environmentOf, environmentWants, isDependencyEnvironment, scanEnvironments } from '../facts/environments.js';
import { describeWhere, examplesOf, fixForGroup, groupBy, homeOf, plural } from '../facts/group-findings.js';
import { findHostLinks, type HostPathKind } from '../facts/host-path.js';

const HOST_NAMES: Record<HostPathKind, string> = {
  macos: 'macOS',
  windows: 'Windows',
  context: "the context's own location on the host",
  'user-home': 'a user home on the host',
};

export default defineCheck({
  meta: {
    id: 'host-path-link',
    title: 'Symlink or shebang pointing to a host path',
    defaultSeverity: 'error',
    description:
      "A symlink target or a script's #! interpreter is an absolute path on the machine that made the context (/Users/…, /opt/homebrew/…, C:\\…); in the image it does not exist.",
  },
  wants: environmentWants,
  *run(model) {
    const scan = scanEnvironments(model);
    const links = findHostLinks(model).map((link) => ({ link, env: environmentOf(scan, link.path) }));
    for (const [, group] of groupBy(links, (x) => homeOf(x.env, x.link.path))) {
      const { env } = group[0]!;
      const first = group[0]!.link;
      const paths = group.map((x) => x.link.path);
      const symlinks = group.filter((x) => x.link.via === 'symlink').length;
      const targets = [...new Set(group.map((x) => x.link.target))].sort();
      const hosts = [...new Set(group.map((x) => x.link.host))].sort();
      const fix = fixForGroup(
        model,
        env,
        paths,
        first.via === 'symlink'
          ? 'point the link at a path inside the context (a relative target), or create it in the image with RUN ln -s'
          : 'start the script with #!/usr/bin/env <interpreter>, or create it in the image',
      );
      const how = first.via === 'symlink' ? `links to ${first.target}` : `starts with #!${first.target}`;
      const bytes = paths.reduce((n, p) => n + (model.entryByPath.get(p)?.size ?? 0), 0);
      const graded = gradeByReach(
        model,
        reachOfGroup(model, env, paths),
        isDependencyEnvironment(env) ? 'error' : 'warning',
        bytes,
        `In the container: exec ${first.path}: no such file or directory`,
      );
      yield {
        path: env?.path ?? first.path,
        severity: graded.severity,
        message:
          `${plural(group.length, 'file')} ${describeWhere(env, homeOf(null, first.path))} point${group.length === 1 ? 's' : ''} to ${HOST_NAMES[first.host]}: ` +
          `${first.path} ${how}; ${graded.text}`,
        data: {
          ...graded.data,
          environment: env?.path ?? null,
          environmentKind: env?.kind ?? null,
          count: group.length,
          symlinks,
          shebangs: group.length - symlinks,
          host: hosts,
          targets: targets.slice(0, 5),
          examples: examplesOf(paths),
          // runc's wording when the interpreter or link target is missing (binaries.md §4.2).
          loaderError: `exec ${first.path}: no such file or directory`,
          ignoreLines: fix.ignoreLines,
          removablePaths: fix.removablePaths,
          dockerfileFix: fix.dockerfileFix,
        },
      };
    }
  },
});
