import { formatBytes } from '../units.js';
import { defineCheck } from '../facts/define-check.js';
import { gradeByReach, reachOfGroup } from '../facts/reach.js';
import { scanEnvironments } from '../facts/environments.js';
import { examplesOf, plural } from '../facts/group-findings.js';
import { verifiedIgnoreLines } from '../facts/suggest-fix.js';

export default defineCheck({
  meta: {
    id: 'macos-litter',
    title: 'macOS Finder and archive litter',
    defaultSeverity: 'warning',
    description:
      '.DS_Store files, AppleDouble ._* files and __MACOSX directories are sent: junk that can leak file names and changes the COPY layer.',
  },
  // The magic numbers confirm what the names say (.DS_Store "Bud1", AppleDouble 00 05 16 07).
  wants(entry, name) {
    if (entry.type !== 'file') return null;
    return name === '.DS_Store' || name.startsWith('._') ? 'sniff' : null;
  },
  *run(model) {
    const litter = scanEnvironments(model).litter;
    if (litter.paths.length === 0) return;
    const lines = [
      ...(litter.dsStore.length > 0 ? ['**/.DS_Store'] : []),
      ...(litter.appleDouble.length > 0 ? ['**/._*'] : []),
      ...(litter.macosxDirs.length > 0 ? ['**/__MACOSX'] : []),
    ];
    const parts = [
      litter.dsStore.length > 0 ? plural(litter.dsStore.length, '.DS_Store file') : '',
      litter.appleDouble.length > 0 ? plural(litter.appleDouble.length, 'AppleDouble ._* file') : '',
      litter.macosxDirs.length > 0
        ? plural(litter.macosxDirs.length, '__MACOSX directory', '__MACOSX directories')
        : '',
    ].filter(Boolean);
    const first = [...litter.dsStore, ...litter.appleDouble, ...litter.macosxDirs].sort()[0]!;
    // Junk, never a crash: a warning where it lands in the image, info where it is only sent.
    const graded = gradeByReach(
      model,
      reachOfGroup(model, null, litter.paths),
      'warning',
      litter.bytes,
      'It leaks file names and changes the COPY layer',
    );
    yield {
      path: first,
      severity: graded.severity,
      message: `${parts.join(', ')} from macOS ${litter.paths.length === 1 ? 'is' : 'are'} sent (${plural(litter.paths.length, 'file')}, ${formatBytes(litter.bytes)}); ${graded.text}`,
      data: {
        ...graded.data,
        count: litter.paths.length,
        dsStore: litter.dsStore.length,
        appleDouble: litter.appleDouble.length,
        macosxDirs: litter.macosxDirs.length,
        bytes: litter.bytes,
        examples: examplesOf([...litter.dsStore, ...litter.appleDouble, ...litter.macosxDirs]),
        // `**/__MACOSX/**` as well when an earlier exception re-includes something inside (see directoryIgnoreCandidates).
        ignoreLines: verifiedIgnoreLines(
          model,
          [lines, litter.macosxDirs.length > 0 ? [...lines, '**/__MACOSX/**'] : []],
          litter.paths,
        ),
        removablePaths: [...litter.dsStore, ...litter.appleDouble, ...litter.macosxDirs],
        dockerfileFix: null,
      },
    };
  },
});
