// The `scan --all` and `compose` table output fits the terminal: the summary table's text columns
// are cut in the middle and each finding is word-wrapped, no words lost.
import { describe, expect, test } from 'vitest';
import { renderScanTable } from '../../src/report/scan.js';
import { displayWidth } from '../../src/report/text-layout.js';
import { scanRepository } from '../../src/scan/scan.js';
import { makeTree } from '../helpers/make-tree.js';

const SERVICE = {
  Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "main.py"]\n',
  'main.py': 'print(1)\n',
  '.env': 'X=1\n',
};

describe('renderScanTable', () => {
  test.for([60, 100])('no line is wider than %i columns, and no word of a finding is lost', async (columns) => {
    const dir = makeTree({
      '.git': { dir: {} },
      'services/a-service-with-a-rather-long-directory-name/api': { dir: SERVICE },
      'services/web': { dir: SERVICE },
    });
    const result = await scanRepository({ root: dir });
    const text = renderScanTable(result, { color: false, columns });
    const lines = text.split('\n');
    expect(lines.filter((l) => displayWidth(l) > columns)).toEqual([]);
    // Both builds are still named in full (a word longer than a line is broken, not cut).
    expect(text.replace(/\s+/g, '')).toContain('services/a-service-with-a-rather-long-directory-name/api/Dockerfile');
    expect(text).toContain('services/web/Dockerfile');
    const flat = text.replace(/\s+/g, ' ');
    const findings = result.builds.flatMap((b) => b.report!.findings);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(flat).toContain(f.message.replace(/\s+/g, ' '));
  });
});
