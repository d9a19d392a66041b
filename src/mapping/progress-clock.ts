// When a job last moved (`progressAt`) and whether it has stopped moving (`stalled`). Progress
// is what the user sees move: the percent, the step timeline (a step reached, completed, or its
// own percent), a counter metric, or the counter behind the rate. A message, a status or a
// re-sent snapshot is not: a server that repeats its state every 15 s while the job hangs is
// stalled all the same.

import type { ProgressState, ProgressStep } from './state.js';

/** Stall threshold of `reducer.at()` when none is given. */
export const DEFAULT_STALL_AFTER_MS = 30_000;

const stepMoved = (before: ProgressStep | undefined, after: ProgressStep): boolean =>
  before?.status !== after.status || before.percent !== after.percent;

function metricsMoved(before: ProgressState['metrics'], after: ProgressState['metrics']): boolean {
  if (before === after) return false;
  return Object.entries(after).some(([name, value]) => before[name] !== value);
}

/** Whether `after` shows progress over `before`; `counterMoved`: the counter behind the rate grew. */
export function hasAdvanced(before: ProgressState, after: ProgressState, counterMoved = false): boolean {
  if (counterMoved || (after.percent !== null && after.percent !== before.percent) || after.stepIndex !== before.stepIndex) return true;
  if (after.steps !== before.steps && after.steps.some((step, i) => stepMoved(before.steps[i], step))) return true;
  return metricsMoved(before.metrics ?? {}, after.metrics ?? {});
}

/**
 * Whether a running job counts as stalled at `now`: nothing moved for `stallAfterMs` since the
 * last progress, or since it started or resumed when later (0 turns stalls off).
 */
export function isStalled(state: ProgressState, now: number, stallAfterMs: number, resumedAt = -Infinity): boolean {
  if (state.status !== 'running' || !(stallAfterMs > 0)) return false;
  const since = Math.max(state.progressAt ?? state.startedAt ?? now, resumedAt);
  return now - since >= stallAfterMs;
}
