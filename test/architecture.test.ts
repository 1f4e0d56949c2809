// The layers of src/ hold: no import cycles, no import from a later layer (the rules live in
// .dependency-cruiser.cjs), every folder is placed in a layer and named in src/ARCHITECTURE.md, and
// src/checks/ holds exactly the registered checks, one file per check id.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { beforeAll, describe, expect, test } from 'vitest';
import { checks } from '../src/analyze/registry.js';

const ROOT = path.join(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const LAYERS = (createRequire(import.meta.url)(CONFIG) as { LAYERS: string[][] }).LAYERS;

/** Folders and top-level .ts files of src/ — the units the layers are made of. */
const UNITS = fs
  .readdirSync(SRC, { withFileTypes: true })
  .filter((d) => d.isDirectory() || d.name.endsWith('.ts'))
  .map((d) => d.name)
  .sort();

describe('import graph', () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    const options = await extractDepcruiseOptions(CONFIG);
    const tsConfig = extractTSConfig(path.join(ROOT, 'tsconfig.json'));
    result = (
      await cruise(
        ['src'],
        { ...options, baseDir: ROOT, tsConfig: { fileName: path.join(ROOT, 'tsconfig.json') }, validate: true },
        {},
        { tsConfig },
      )
    ).output as ICruiseResult;
  });

  test('no cycles and no import from a later layer or a sibling (.dependency-cruiser.cjs)', () => {
    const violations = result.summary.violations.map(
      (v) =>
        `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`,
    );
    expect(violations).toEqual([]);
    expect(result.summary.totalCruised).toBeGreaterThan(100);
  });
});

describe('src/ARCHITECTURE.md', () => {
  const map = fs.readFileSync(path.join(SRC, 'ARCHITECTURE.md'), 'utf8');

  test.for(UNITS)('src/%s is placed in a layer of .dependency-cruiser.cjs', (unit) => {
    expect(LAYERS.flat()).toContain(unit);
  });

  test.for(UNITS)('src/%s is named in src/ARCHITECTURE.md', (unit) => {
    const name = unit.endsWith('.ts') ? `\`${unit}\`` : `\`${unit}/\``;
    expect(map).toContain(name);
  });

  test('every unit in a layer exists', () => {
    expect(LAYERS.flat().filter((u) => !UNITS.includes(u))).toEqual([]);
  });
});

describe('src/checks/', () => {
  test('holds one file per registered check, named by its id, and nothing else', () => {
    const files = fs.readdirSync(path.join(SRC, 'checks')).sort();
    expect(files).toEqual(checks.map((c) => `${c.meta.id}.ts`).sort());
  });
});
