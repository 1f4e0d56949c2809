// macos-litter: Finder and archive junk, one finding for the context.
import { describe, expect, test } from 'vitest';
import { makeTree } from '../helpers/make-tree.js';
import { bin, findingsOf } from './helpers.js';

describe('macos-litter', () => {
  test('.DS_Store, AppleDouble and __MACOSX in one finding with verified lines', () => {
    const dir = makeTree({
      '.DS_Store': bin('DS_Store'),
      'src/.DS_Store': bin('DS_Store'),
      'src/._main.py': bin('AppleDouble'),
      'assets/__MACOSX/logo/._logo.png': bin('AppleDouble'),
      'src/main.py': '',
    });
    const findings = findingsOf(dir, 'macos-litter');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('warning');
    expect(findings[0]!.path).toBe('.DS_Store');
    expect(findings[0]!.data).toMatchObject({
      count: 4,
      dsStore: 2,
      appleDouble: 2,
      macosxDirs: 1,
      bytes: 112 * 2 + 84 * 2,
      ignoreLines: ['**/.DS_Store', '**/._*', '**/__MACOSX'],
    });
  });

  test('a file named like litter but without its magic is left alone', () => {
    const dir = makeTree({ '._config': 'key=value\n', '.DS_Store': 'my notes' });
    expect(findingsOf(dir, 'macos-litter')).toEqual([]);
  });

  test('nothing to report in a clean context', () => {
    expect(findingsOf(makeTree({ 'a.txt': '' }), 'macos-litter')).toEqual([]);
  });
});
