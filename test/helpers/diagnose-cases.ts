// The catalogue cases of fixtures/diagnose/cases.json and their contexts, for the diagnose tests.
import { chmodSync, cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CulpritKind, MessageVerdict } from '../../src/diagnose/model.js';
import { tempDir } from './make-tree.js';

export interface CatalogueCase {
  id: string;
  row: string;
  source: string;
  message: string;
  options: { platform?: string; libc?: string };
  setup: { executable?: string[]; symlinks?: Record<string, string> };
  expect: {
    exit: 0 | 1;
    culprit: string | null;
    kind?: CulpritKind;
    ignoreLines?: string[];
    verdicts?: MessageVerdict[];
    reason?: string;
  };
}

export const FIXTURES = fileURLToPath(new URL('../../fixtures/diagnose/', import.meta.url));
export const CASES = JSON.parse(readFileSync(FIXTURES + 'cases.json', 'utf8')) as CatalogueCase[];

/** A copy of the case's context with what git cannot hold: executable bits, symlinks. */
export function materialise(c: CatalogueCase): string {
  const dir = tempDir('buildctx-diagnose-');
  cpSync(path.join(FIXTURES, 'contexts', c.id), dir, { recursive: true });
  for (const file of c.setup.executable ?? []) chmodSync(path.join(dir, file), 0o755);
  for (const [link, target] of Object.entries(c.setup.symlinks ?? {})) {
    mkdirSync(path.dirname(path.join(dir, link)), { recursive: true });
    symlinkSync(target, path.join(dir, link));
  }
  return dir;
}
