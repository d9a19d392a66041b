// Values a UI derives from a state at render time, kept here so that every renderer (the
// element, a React hook, a test) computes them the same way.

import type { ProgressState } from './state.js';

/** Milliseconds since the job started: up to now while it runs, up to its end once it ended. */
export function elapsedMs(state: ProgressState, now: number = Date.now()): number | null {
  if (state.startedAt === null) return null;
  const end = state.completedAt ?? now;
  return Math.max(0, end - state.startedAt);
}

/** "Step N of M" as numbers (N is 1-based), or null when the job has no step position. */
export function stepPosition(state: ProgressState): { number: number; count: number } | null {
  if (state.stepIndex === null) return null;
  const count = Math.max(state.stepCount ?? 0, state.steps.length);
  if (count === 0) return null;
  return { number: Math.min(state.stepIndex + 1, count), count };
}

/** English "Step 2 of 5"; pass a formatter for other languages. */
export function formatStepPosition(
  state: ProgressState,
  format: (n: number, count: number) => string = (n, count) => `Step ${n} of ${count}`,
): string {
  const position = stepPosition(state);
  return position === null ? '' : format(position.number, position.count);
}

/** The label of the current step, or '' when there is none. */
export function currentStepLabel(state: ProgressState): string {
  return state.stepIndex === null ? '' : (state.steps[state.stepIndex]?.label ?? '');
}
