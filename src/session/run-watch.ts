// Which completed runs are worth recording as "how long this takes": only those this session
// watched live from their start, so that the history holds real durations.
//
// The rule:
// - The first state this session applied for a run (a run is known by its `startedAt`) must be
//   at its start: percent ≤ 1, or, without a percent, no step completed yet. A tab that joined
//   a run half-way, or resumed after a reload, never saw its start.
// - A server replays its buffer to a tab that connects late (from the first event, when the tab
//   has no Last-Event-ID): the first event is then the run's start, but minutes of work arrive
//   within milliseconds. So a run that advanced more than REPLAY_SHARE within REPLAY_WINDOW_MS
//   of its first event is taken as a replay and not recorded. (A live job that fast would finish
//   in about a second, below MIN_RUN_MS, so nothing real is lost but a job whose first tenth is
//   near-instant; such a job is not recorded at all, which is the safe side: no history rather
//   than a wrong one.)
// - It completed (`complete`; not failed, not cancelled) and took at least MIN_RUN_MS.
// Times are the reducer's (when this tab applied each event), which for a live run is when the
// work happened. Time spent paused is not work: a pause runs from the first `paused` state to the
// next state that is not (resumed, or ended straight from the pause), and is left out of the
// total and of each step it falls within. A run paused more than MAX_PAUSES times is not
// recorded (no list of spans grows without bound; no such run is typical anyway).
import type { ProgressState } from '../mapping/state.js';
import { isDuration, isStepId, MAX_STEPS, type RunRecord } from './run-history.js';
import { progressFraction } from './typical-duration.js';

export const REPLAY_WINDOW_MS = 100;
export const REPLAY_SHARE = 0.1;
export const MIN_RUN_MS = 1000;
export const MAX_PAUSES = 1000;

/** A time span, epoch ms: [from, to). */
type Span = readonly [number, number];

export class RunWatch {
  /** The run being watched: its `startedAt`. */
  #run: number | null = null;
  #firstAt = 0;
  #firstDone = 0;
  #fromStart = false;
  #replay = false;
  #ended = false;
  /** The start of the pause under way, and the pauses that ended (of the watched run). */
  #pausedAt: number | null = null;
  #pauses: Span[] = [];

  /** The time the watched run spent within [from, to) in pauses that ended (0 without a run). */
  pausedWithin(from: number, to: number): number {
    return this.#run === null ? 0 : pausedWithin(this.#pauses, from, to);
  }

  /** A new job: whatever comes next is a new run. */
  reset(): void {
    this.#run = null;
  }

  /** Follows one state; returns the run to record when this state completes a recordable one. */
  observe(state: ProgressState): RunRecord | undefined {
    if (state.startedAt === null || state.status === 'idle') return undefined;
    const at = state.updatedAt ?? state.startedAt;
    if (state.startedAt !== this.#run) this.#begin(state, at);
    else if (!this.#ended && at - this.#firstAt <= REPLAY_WINDOW_MS && progressFraction(state) - this.#firstDone > REPLAY_SHARE)
      this.#replay = true;
    if (!this.#ended) this.#trackPause(state.status === 'paused', at);
    if (this.#ended || state.status === 'running') return undefined;
    // Ended (or paused: not an end, but nothing to record yet).
    if (state.status !== 'complete') {
      this.#ended = state.status !== 'paused';
      return undefined;
    }
    this.#ended = true;
    return this.#fromStart && !this.#replay && this.#pauses.length <= MAX_PAUSES ? recordOf(state, this.#pauses) : undefined;
  }

  #trackPause(paused: boolean, at: number): void {
    if (paused) this.#pausedAt ??= at;
    else if (this.#pausedAt !== null) {
      const span: Span = [this.#pausedAt, Math.max(this.#pausedAt, at)];
      this.#pausedAt = null;
      // One span past the limit is kept: it marks the run as not to be recorded.
      if (this.#pauses.length <= MAX_PAUSES) this.#pauses.push(span);
    }
  }

  #begin(state: ProgressState, at: number): void {
    this.#run = state.startedAt;
    this.#firstAt = at;
    this.#firstDone = progressFraction(state);
    this.#fromStart = atStart(state);
    this.#replay = false;
    this.#ended = false;
    this.#pausedAt = null;
    this.#pauses = [];
  }
}

/** How much of [from, to) the spans cover (they do not overlap: one pause ends before the next). */
function pausedWithin(pauses: readonly Span[], from: number, to: number): number {
  let ms = 0;
  for (const [start, end] of pauses) ms += Math.max(0, Math.min(end, to) - Math.max(start, from));
  return ms;
}

function atStart(state: ProgressState): boolean {
  if (state.percent !== null) return state.percent <= 1;
  return !state.steps.some((step) => step.status === 'complete' || step.status === 'skipped');
}

function recordOf(state: ProgressState, pauses: readonly Span[]): RunRecord | undefined {
  const { startedAt } = state;
  const end = state.completedAt ?? state.updatedAt;
  if (startedAt === null || end === null) return undefined;
  const totalMs = end - startedAt - pausedWithin(pauses, startedAt, end);
  if (!isDuration(totalMs) || totalMs < MIN_RUN_MS) return undefined;
  const steps: Record<string, number> = {};
  let kept = 0;
  for (const step of state.steps) {
    if (kept >= MAX_STEPS) break;
    if (step.status !== 'complete' || step.startedAt === undefined || step.completedAt === undefined || !isStepId(step.id)) continue;
    const ms = step.completedAt - step.startedAt - pausedWithin(pauses, step.startedAt, step.completedAt);
    if (!isDuration(ms)) continue;
    steps[step.id] = ms;
    kept++;
  }
  const run: RunRecord = { totalMs, steps, endedAt: end };
  if (state.lastEventId !== undefined && state.lastEventId !== '') run.eventId = state.lastEventId;
  return run;
}
