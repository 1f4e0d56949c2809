// The text output of `diagnose`, as file snapshots: a culprit with its fix, and a look-alike.
import { describe, expect, test } from 'vitest';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { renderDiagnosisText } from '../../src/report/diagnosis-text.js';
import { CASES, materialise } from '../helpers/diagnose-cases.js';

describe('renderDiagnosisText', () => {
  test.for([
    'invalid-elf-header-bcrypt',
    'host-shebang',
    'rollup-lockfile',
    'elf-not-properly-aligned',
    'uv-venv-mismatch',
  ])('%s', async (id) => {
    const c = CASES.find((x) => x.id === id)!;
    const dir = materialise(c);
    const text = renderDiagnosisText(diagnose({ text: c.message, context: dir, cwd: dir, ...c.options }), {
      color: false,
    });
    await expect(text).toMatchFileSnapshot(`__snapshots__/diagnosis-${id}.txt`);
  });

  test('colour only when asked', () => {
    const c = CASES.find((x) => x.id === 'invalid-elf-header-bcrypt')!;
    const dir = materialise(c);
    const d = diagnose({ text: c.message, context: dir, cwd: dir });
    expect(renderDiagnosisText(d, { color: true })).toMatch(/\u001b\[1m/);
    expect(renderDiagnosisText(d, { color: false })).not.toMatch(/\u001b\[/);
  });
});
