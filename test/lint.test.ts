// `npm run lint` in the suite, so a change that trips a lint rule or leaves dead code fails here,
// before it lands, with the tool's own report as the message: Biome's lint rules (biome.jsonc) and
// knip's unused files, exports and dependencies (knip.json). The layer rules run in
// architecture.test.ts.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..');

function runTool(script: string, args: string[]): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('lint', () => {
  test('biome lint: no findings (rules and their reasons in biome.jsonc)', () => {
    const r = runTool('@biomejs/biome/bin/biome', ['lint', '--max-diagnostics=50']);
    expect(r.code, r.output).toBe(0);
  });

  test('knip: no unused files, exports, types or dependencies (remove them, or un-export what only its own file uses)', () => {
    const r = runTool('knip/bin/knip.js', ['--no-progress']);
    expect(r.code, r.output).toBe(0);
  });
});
