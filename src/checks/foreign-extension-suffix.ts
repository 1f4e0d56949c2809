import { extensionSuffixesFor } from '../sniff/python-metadata.js';
import { describeSniffed } from '../sniff/sniff.js';
import {
  platformFacts,
  pythonExtensionOf,
  pythonModuleName,
  type ClassifiedBinary,
} from '../facts/classify-binaries.js';
import { defineCheck } from '../facts/define-check.js';
import { gradeByReach, reachOfGroup } from '../facts/reach.js';
import { environmentOf, environmentWants, scanEnvironments, type Environment } from '../facts/environments.js';
import { describeWhere, examplesOf, fixForGroup, groupBy, homeOf, plural } from '../facts/group-findings.js';
import { parentOf } from '../paths.js';

export default defineCheck({
  meta: {
    id: 'foreign-extension-suffix',
    title: 'Python extension module the image will silently skip',
    defaultSeverity: 'error',
    description:
      "An extension module's file name carries another platform's or Python version's suffix (.cpython-312-darwin.so, .cp312-win_amd64.pyd); the image's CPython never tries it and the import fails with ModuleNotFoundError.",
  },
  wants: environmentWants,
  *run(model) {
    const scan = scanEnvironments(model);
    const extensions: {
      path: string;
      env: Environment | null;
      extension: NonNullable<ClassifiedBinary['extension']>;
      module: string;
    }[] = [];
    const visibleModules = new Set<string>();
    for (const e of model.entries) {
      // pythonExtensionOf's first test, before the environment is looked up for every file.
      if (e.type !== 'file' || !(e.path.endsWith('.so') || e.path.endsWith('.pyd'))) continue;
      const env = environmentOf(scan, e.path);
      const extension = pythonExtensionOf(e.path, env, model);
      if (extension === null) continue;
      const module = `${parentOf(e.path)}/${extension.suffix.module}`;
      if (extension.isVisible) visibleModules.add(module);
      else extensions.push({ path: e.path, env, extension, module });
    }
    // A module with a file the importer does try (abi3 beside a darwin build) imports fine.
    const invisible = extensions.filter((x) => !visibleModules.has(x.module));
    for (const [, group] of groupBy(invisible, (x) => homeOf(x.env, x.path))) {
      const first = group[0]!;
      const env = first.env;
      const paths = group.map((x) => x.path);
      const python = first.extension.python;
      const suffixes = [...new Set(group.map((x) => x.extension.suffix.suffix))].sort();
      const expected = python !== null ? extensionSuffixesFor(python, model.target.platform, model.target.libc) : null;
      const sniffed = model.sniffed.get(first.path);
      // The image's version when its name tells it, else the environment's own.
      const pythonText =
        python === null
          ? "the image's CPython"
          : model.target.pythonVersion !== null
            ? `the image's CPython ${python}`
            : `CPython ${python} (the environment's version)`;
      const fix = fixForGroup(
        model,
        env,
        paths,
        'build the extension in the image (RUN pip install . or python setup.py build_ext) instead of copying a host build',
      );
      // CPython's importer only tries names ending in importlib.machinery.EXTENSION_SUFFIXES (binaries.md §5.3).
      const loaderError = `ModuleNotFoundError: No module named '${pythonModuleName(first.path)}'`;
      const bytes = paths.reduce((n, p) => n + (model.entryByPath.get(p)?.size ?? 0), 0);
      const graded = gradeByReach(
        model,
        reachOfGroup(model, env, paths),
        'error',
        bytes,
        `In the container: ${loaderError}`,
      );
      yield {
        path: env?.path ?? first.path,
        severity: graded.severity,
        message:
          `${plural(group.length, 'extension module')} ${describeWhere(env, homeOf(null, first.path))} named for another platform (${suffixes.slice(0, 3).join(', ')}); ` +
          `${pythonText} only tries ${expected !== null ? expected.join(', ') : `names for linux/${model.target.platform.arch} ${model.target.libc}`}; ${graded.text}`,
        data: {
          ...graded.data,
          environment: env?.path ?? null,
          environmentKind: env?.kind ?? null,
          count: group.length,
          suffixes,
          expectedSuffixes: expected,
          python,
          os: first.extension.suffix.os,
          arch: first.extension.suffix.arch,
          libc: first.extension.suffix.libc,
          format: sniffed !== undefined ? platformFacts(sniffed).format : null,
          what: sniffed !== undefined ? describeSniffed(sniffed) : null,
          examples: examplesOf(paths),
          loaderError,
          ignoreLines: fix.ignoreLines,
          removablePaths: fix.removablePaths,
          dockerfileFix: fix.dockerfileFix,
        },
      };
    }
  },
});
