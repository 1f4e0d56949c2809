// A check: metadata plus a pure generator over the model. No fs, no process, no clock.
import type { CheckMeta, FindingDraft } from '../types.js';
import type { CheckModel } from './check-model.js';

export interface Check {
  meta: CheckMeta;
  run(model: CheckModel): Iterable<FindingDraft>;
}

export function defineCheck(check: Check): Check {
  return check;
}
