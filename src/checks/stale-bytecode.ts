import type { Severity } from '../types.js';
import { pythonModuleName } from '../facts/classify-binaries.js';
import { defineCheck } from '../facts/define-check.js';
import { gradeByReach, reachOfGroup } from '../facts/reach.js';
import { environmentOf, environmentWants, scanEnvironments, type Environment } from '../facts/environments.js';
import { describeWhere, examplesOf, fixForGroup, groupBy, homeOf, plural } from '../facts/group-findings.js';
import { baseName, parentOf } from '../paths.js';

/** Python's repr() of a bytes object, as ImportError prints the magic (`b'o\r\r\n'`). */
export function pythonBytesRepr(bytes: readonly number[]): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x5c) out += '\\\\';
    else if (b === 0x27) out += "\\'";
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `b'${out}'`;
}

interface Sourceless {
  path: string;
  env: Environment | null;
  python: string | null;
  magic: number;
}

export default defineCheck({
  meta: {
    id: 'stale-bytecode',
    title: 'Sourceless .pyc for another Python version',
    defaultSeverity: 'error',
    description:
      'A .pyc without its .py beside it is imported as is, and only by the CPython version whose magic number it carries; any other fails with "ImportError: bad magic number".',
  },
  wants: environmentWants,
  *run(model) {
    const scan = scanEnvironments(model);
    const target = model.target.pythonVersion;
    const found: Sourceless[] = [];
    for (const [path, s] of model.sniffed) {
      if (s.format !== 'pyc') continue;
      // __pycache__/x.cpython-312.pyc is a cache: without x.py, Python ignores it (PEP 3147).
      if (baseName(parentOf(path)) === '__pycache__') continue;
      // A legacy x.pyc beside x.py is ignored too: the source wins and the cache lives in __pycache__.
      if (model.entryByPath.has(path.slice(0, -1))) continue;
      if (target !== null && s.python === target) continue;
      found.push({ path, env: environmentOf(scan, path), python: s.python, magic: s.magic });
    }
    for (const [, group] of groupBy(found, (x) => homeOf(x.env, x.path))) {
      const first = group[0]!;
      const versions = [
        ...new Set(
          group.map((x) => (x.python !== null ? `CPython ${x.python}` : `an unknown CPython (magic ${x.magic})`)),
        ),
      ].sort();
      const paths = group.map((x) => x.path);
      const severity: Severity = target === null ? 'info' : 'error';
      const fix = fixForGroup(
        model,
        first.env,
        paths,
        'copy the .py sources, or compile them in the image with RUN python -m compileall',
      );
      // importlib._bootstrap_external._classify_pyc: f'bad magic number in {name!r}: {magic!r}'.
      const magicBytes = [first.magic & 0xff, (first.magic >> 8) & 0xff, 0x0d, 0x0a];
      const loaderError = `ImportError: bad magic number in '${pythonModuleName(first.path)}': ${pythonBytesRepr(magicBytes)}`;
      const bytes = paths.reduce((n, p) => n + (model.entryByPath.get(p)?.size ?? 0), 0);
      const graded = gradeByReach(
        model,
        reachOfGroup(model, first.env, paths),
        severity,
        bytes,
        target === null
          ? `Each imports only under its own version (the image's Python version is not known from its name)`
          : `The image has CPython ${target}. In the container: ${loaderError}`,
      );
      yield {
        path: first.env?.path ?? first.path,
        severity: graded.severity,
        message: `${plural(group.length, 'sourceless .pyc file')} ${describeWhere(first.env, homeOf(null, first.path))} for ${versions.join(', ')}; ${graded.text}`,
        data: {
          ...graded.data,
          environment: first.env?.path ?? null,
          environmentKind: first.env?.kind ?? null,
          format: 'pyc',
          python: first.python,
          pythonVersions: [...new Set(group.map((x) => x.python).filter((v): v is string => v !== null))].sort(),
          magic: first.magic,
          targetPython: target,
          count: group.length,
          examples: examplesOf(paths),
          loaderError: target === null ? null : loaderError,
          ignoreLines: fix.ignoreLines,
          removablePaths: fix.removablePaths,
          dockerfileFix: fix.dockerfileFix,
        },
      };
    }
  },
});
