// How long runs under a history key usually take, and how that knowledge enters the ETA early
// in a run, when the live estimate has seen too little to be trusted. Pure functions over plain
// data: no storage, no clock of their own. The statistics that make a TypicalDuration out of
// recorded runs are in typical-statistics.ts (loaded with the history, see run-store.ts).
import type { ProgressState } from '../mapping/state.js';

/** The durations of the recorded runs (see `historyKey`). */
export interface TypicalDuration {
  /** How many recorded runs this is made of (the last ≤ 20). */
  runs: number;
  medianMs: number;
  /** A robust spread: the 25th and 75th percentiles (a single run: its duration, twice). */
  lowMs: number;
  highMs: number;
  /** The median ms per step id, over the runs in which that step completed. */
  steps: Record<string, number>;
}

/**
 * The live estimate has full weight once this share of the work is done, or this share of the
 * typical duration has passed, whichever comes first.
 */
export const LIVE_TAKEOVER = 0.25;
/**
 * The least the typical part of an ETA says is left: a run slower than usual is not "done in
 * 0 s" by the typical duration's account, and the live part takes over by then anyway.
 */
export const MIN_TYPICAL_REMAINING_MS = 1000;

/**
 * How much of the job is done, 0–1: the percent, else the completed share of the steps, else 0
 * (nothing known is "nothing done" here, which leaves the blend to elapsed time).
 */
export function progressFraction(state: ProgressState): number {
  if (state.percent !== null) return Math.min(1, Math.max(0, state.percent / 100));
  const count = state.stepCount ?? state.steps.length;
  if (count <= 0) return 0;
  const done = state.steps.reduce((sum, step) => sum + (step.status === 'complete' || step.status === 'skipped' ? 1 : 0), 0);
  return Math.min(1, done / count);
}

/** The time a run spent paused within [from, to) (pauses that ended), for elapsed times. */
export type PausedWithin = (from: number, to: number) => number;

const NOT_PAUSED: PausedWithin = () => 0;

/**
 * The ETA blended with the typical duration:
 *
 *   typicalRemaining = max(medianMs − elapsed, MIN_TYPICAL_REMAINING_MS), or the steps' own
 *                      account (see typicalRemainingBySteps)
 *   w                = min(1, max(done, elapsed / medianMs) / LIVE_TAKEOVER)
 *   eta              = w · live + (1 − w) · typicalRemaining
 *
 * `done` is the share of the work done (0–1). Without a live estimate yet, the typical remaining
 * time is the ETA, up to `highMs` (the 75th percentile): a run that has taken longer is slower
 * than usual, the typical duration no longer says when it ends, and there is no ETA (null)
 * rather than "1 s left" for as long as it runs. Progress counts as well as time in `w` so that
 * a session that joined a run late (its elapsed time starts at its first event) trusts the live
 * estimate at once.
 */
export function blendedEtaMs(
  live: number | null,
  typical: Pick<TypicalDuration, 'medianMs' | 'highMs'>,
  elapsedMs: number,
  done: number,
  bySteps: number | null = null,
): number | null {
  const { medianMs } = typical;
  const elapsed = Math.max(0, elapsedMs);
  const typicalRemaining = bySteps ?? Math.max(medianMs - elapsed, MIN_TYPICAL_REMAINING_MS);
  if (live === null) return elapsed > typical.highMs ? null : Math.round(typicalRemaining);
  const weight = Math.min(1, Math.max(done, medianMs > 0 ? elapsed / medianMs : 1) / LIVE_TAKEOVER);
  return Math.round(weight * live + (1 - weight) * typicalRemaining);
}

/**
 * What the recorded steps say is left: the median of every step still to run, plus what the
 * active step usually has left (its median less the time it has run, paused time left out, at
 * least MIN_TYPICAL_REMAINING_MS). A run whose first step was slow, or whose slow step is behind
 * it, then gets the time its remaining steps usually take, not the total's median less the time
 * so far. `null` (the total's median decides) when the steps are not all known yet, or a step
 * still to run has no recorded median (a new step, a renamed one).
 */
export function typicalRemainingBySteps(
  state: ProgressState,
  steps: Readonly<Record<string, number>>,
  now: number,
  paused: PausedWithin = NOT_PAUSED,
): number | null {
  if (state.steps.length === 0 || (state.stepCount !== null && state.stepCount > state.steps.length)) return null;
  let remaining = 0;
  for (const step of state.steps) {
    if (step.status === 'complete' || step.status === 'skipped') continue;
    const median = Object.hasOwn(steps, step.id) ? steps[step.id] : undefined;
    if (median === undefined) return null;
    if (step.status !== 'active' || step.startedAt === undefined) remaining += median;
    else remaining += Math.max(median - (now - step.startedAt - paused(step.startedAt, now)), MIN_TYPICAL_REMAINING_MS);
  }
  return remaining;
}

/**
 * The state with its ETA blended (the same object when there is nothing to blend): only a
 * running job that has started and is not stalled (a stalled job has no ETA, by design).
 * `paused`: the time the run spent paused, left out of its elapsed times (the recorded runs
 * leave it out too); the session knows it from watching the run (`SessionHistory.pausedWithin`).
 */
export function withTypicalEta(
  state: ProgressState,
  typical: TypicalDuration | null,
  now: number,
  paused: PausedWithin = NOT_PAUSED,
): ProgressState {
  if (typical === null || state.status !== 'running' || state.stalled || state.startedAt === null) return state;
  const elapsed = now - state.startedAt - paused(state.startedAt, now);
  const bySteps = typicalRemainingBySteps(state, typical.steps, now, paused);
  const etaMs = blendedEtaMs(state.etaMs, typical, elapsed, progressFraction(state), bySteps);
  return etaMs === state.etaMs ? state : { ...state, etaMs };
}

/** Two typical durations say the same (null: none), field by field. */
export function sameTypical(a: TypicalDuration | null, b: TypicalDuration | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (a.runs !== b.runs || a.medianMs !== b.medianMs || a.lowMs !== b.lowMs || a.highMs !== b.highMs) return false;
  const ids = Object.keys(a.steps);
  return ids.length === Object.keys(b.steps).length && ids.every((id) => Object.hasOwn(b.steps, id) && a.steps[id] === b.steps[id]);
}
