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

/**
 * Where a check walks the Dockerfile itself instead of through facts/instruction-visitor.ts:
 * stage or instruction lists of the parsed model, or the helpers that list them.
 */
const OWN_DOCKERFILE_LOOP = [
  /\.(stages|instructions|triggers)\b/,
  /\bfor\s*\(\s*const\s+\w*stage\b/i,
  /\b(builtStages|imageStages|stageAncestry|stageInstructions|instructionsBefore|reachableStages|reachableStageIndices|stageDependencies)\b/,
];

function ownDockerfileLoops(source: string): string[] {
  return source.split('\n').filter((line) => OWN_DOCKERFILE_LOOP.some((re) => re.test(line)));
}

describe('src/checks/', () => {
  test('holds one file per registered check, named by its id, and nothing else', () => {
    const files = fs.readdirSync(path.join(SRC, 'checks')).sort();
    expect(files).toEqual(checks.map((c) => `${c.meta.id}.ts`).sort());
  });

  test('no check loops over Dockerfile stages or instructions itself (visitInstructions does)', () => {
    const loops = checks.flatMap((c) =>
      ownDockerfileLoops(fs.readFileSync(path.join(SRC, 'checks', `${c.meta.id}.ts`), 'utf8')).map(
        (line) => `${c.meta.id}.ts: ${line.trim()}`,
      ),
    );
    expect(loops).toEqual([]);
  });

  test.for([
    'for (const stage of builtStages(dm)) {',
    '    for (const instr of stage.instructions) {',
    'const all = [...s.triggers, ...s.instructions];',
    'dm.stages.forEach((s) => use(s));',
    'for (const owner of stageAncestry(dm, stage.index)) {',
  ])('the scan sees a loop of its own: %s', (line) => {
    expect(ownDockerfileLoops(line)).toEqual([line]);
  });
});

/** Building a CheckModel, or the Dockerfile + context it starts from, outside analyze's loadBuild. */
const OWN_MODEL_BUILD = /\b(buildCheckModel|prepareContext|readDockerfile)\s*\(/;

describe('one way to build the model', () => {
  test('fix/ and diagnose/ get their CheckModel from analyze (analyzeContext, loadBuild), never build their own', () => {
    const own = ['fix', 'diagnose'].flatMap((dir) =>
      fs
        .readdirSync(path.join(SRC, dir))
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) =>
          fs
            .readFileSync(path.join(SRC, dir, f), 'utf8')
            .split('\n')
            .filter((line) => OWN_MODEL_BUILD.test(line))
            .map((line) => `${dir}/${f}: ${line.trim()}`),
        ),
    );
    expect(own).toEqual([]);
    expect(OWN_MODEL_BUILD.test('const model = readDockerfile(fs, prepared.dockerfile, {')).toBe(true);
  });
});
