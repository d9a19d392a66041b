// The session's two states: the reducer's line of states, and the view state made from it.
//
// Only the reducer's own states are ever reduced again: the reducer keeps its memory (dedupe
// ids, the estimator) per state object, so a state copied by the session would start a new,
// forgetful line. The view state is the reducer's state re-read at the current time (a stall
// grows the ETA and, after `stallAfterMs`, sets `stalled`; see `reducer.at`) with the ETA
// blended with the typical duration. It is made lazily: once per notification or read, not per
// message, so a burst of events costs one re-read.
import { createInitialState, type ProgressState } from '../mapping/state.js';
import type { Reducer } from '../mapping/reducer.js';
import { withTypicalEta, type PausedWithin, type TypicalDuration } from './typical-duration.js';

export interface TimedStateEnv {
  reducer: () => Reducer | undefined;
  stallAfterMs: () => number;
  typical: () => TypicalDuration | null;
  /** Time the job spent paused within a span (pauses that ended): not elapsed time for the blend. */
  pausedWithin: PausedWithin;
}

export class TimedState {
  readonly #env: TimedStateEnv;
  #raw: ProgressState = createInitialState();
  #view: ProgressState = this.#raw;
  /** The raw state the view was made from (undefined: make it again). */
  #viewOf: ProgressState | undefined = this.#raw;
  /** The raw state changed since the view was made. */
  #unsettled = false;

  constructor(env: TimedStateEnv) {
    this.#env = env;
  }

  /** The reducer's latest state: what the next message is applied to. */
  get raw(): ProgressState {
    return this.#raw;
  }

  set raw(next: ProgressState) {
    this.#raw = next;
    this.#unsettled = true;
  }

  /** The view state, made now if messages were applied since it was last made. */
  get view(): ProgressState {
    if (this.#unsettled) this.settle(Date.now());
    return this.#view;
  }

  /** The typical duration changed: the view is made again at the next read. */
  invalidate(): void {
    this.#viewOf = undefined;
    this.#unsettled = true;
  }

  /** A job runs (time passing changes what is shown). */
  get running(): boolean {
    const { status, jobs } = this.#raw;
    return status === 'running' || (jobs?.some((job) => job.status === 'running') ?? false);
  }

  /** `state` with the ETA blended now (for callbacks, at event time). */
  blended(state: ProgressState): ProgressState {
    const typical = this.#env.typical();
    return typical === null ? state : withTypicalEta(state, typical, Date.now(), this.#env.pausedWithin);
  }

  /** Makes the view state as of `now`; true when it is a new object. */
  settle(now: number): boolean {
    this.#unsettled = false;
    const reducer = this.#env.reducer();
    const raw = reducer === undefined ? this.#raw : reducer.at(this.#raw, now, { stallAfterMs: this.#env.stallAfterMs() });
    this.#raw = raw;
    const view = withTypicalEta(raw, this.#env.typical(), now, this.#env.pausedWithin);
    // Same raw state, same blended ETA: the views keep their object.
    if (view === this.#view || (raw === this.#viewOf && view.etaMs === this.#view.etaMs)) return false;
    this.#viewOf = raw;
    this.#view = view;
    return true;
  }
}
