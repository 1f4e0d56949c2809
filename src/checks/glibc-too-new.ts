import { imagesWithGlibc } from '../dockerfile/base-image.js';
import { compareVersions } from '../sniff/platform.js';
import { classifyBinaries } from '../facts/classify-binaries.js';
import { defineCheck } from '../facts/define-check.js';
import { gradeByReach, reachOfGroup } from '../facts/reach.js';
import { environmentWants } from '../facts/environments.js';
import { describeWhere, examplesOf, fixForGroup, groupBy, homeOf, plural } from '../facts/group-findings.js';

export default defineCheck({
  meta: {
    id: 'glibc-too-new',
    title: 'Binary needs a newer glibc than the image has',
    defaultSeverity: 'error',
    description:
      'An ELF file needs a GLIBC_x.y symbol version above the base image\'s glibc; the loader refuses it with "version `GLIBC_x.y\' not found".',
  },
  wants: environmentWants,
  *run(model) {
    const targetGlibc = model.target.glibcVersion;
    if (targetGlibc === null) return;
    const groups = groupBy(
      classifyBinaries(model).glibcTooNew,
      (b) => `${homeOf(b.environment, b.path)}\0${b.severity}`,
    );
    for (const [, group] of groups) {
      const needs = group.map((b) => (b.sniffed.format === 'elf' ? (b.sniffed.minGlibc ?? '0') : '0'));
      const minGlibc = needs.reduce((max, v) => (compareVersions(v, max) > 0 ? v : max), '0');
      const first = group.find((b) => b.sniffed.format === 'elf' && b.sniffed.minGlibc === minGlibc) ?? group[0]!;
      const env = first.environment;
      const paths = group.map((b) => b.path);
      const images = imagesWithGlibc(minGlibc);
      const base =
        images.length > 0
          ? `a base image with glibc ${minGlibc} or newer (${images.join(', ')})`
          : `a base image with glibc ${minGlibc} or newer`;
      const fix = fixForGroup(model, env, paths, `build it in the image, or use ${base}`);
      const bytes = group.reduce((n, b) => n + b.sniffed.size, 0);
      const reach = reachOfGroup(model, env, paths);
      const graded = gradeByReach(
        model,
        reach,
        reach.reach === 'executed' || reach.named ? 'error' : first.severity,
        bytes,
        first.loaderError !== null ? `In the container: ${first.loaderError}` : `E.g. ${first.path} (${first.what})`,
        true,
      );
      yield {
        path: env?.path ?? first.path,
        severity: graded.severity,
        message: `${plural(group.length, 'file')} ${describeWhere(env, homeOf(null, first.path))} need${group.length === 1 ? 's' : ''} glibc ${minGlibc}; the image has ${targetGlibc}; ${graded.text}`,
        data: {
          ...graded.data,
          environment: env?.path ?? null,
          environmentKind: env?.kind ?? null,
          format: 'elf',
          arch: first.sniffed.format === 'elf' ? first.sniffed.arch : null,
          libc: 'glibc',
          minGlibc,
          targetGlibc,
          count: group.length,
          examples: examplesOf(paths),
          loaderError: first.loaderError,
          baseImages: images,
          ignoreLines: fix.ignoreLines,
          removablePaths: fix.removablePaths,
          dockerfileFix:
            env !== null && fix.dockerfileFix !== null ? `${fix.dockerfileFix}, or use ${base}` : fix.dockerfileFix,
        },
      };
    }
  },
});
