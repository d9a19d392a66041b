// What a reducer must remember between events but that is not part of the visible state: the
// recently applied event ids (to drop replays), each job's counter history (for derived rates)
// and the fingerprint of its last event (to spot repeats).
//
// States stay immutable and the reducer stays O(1): the ledger is mutable and shared along one
// line of states. Each state produced remembers (in a WeakMap) its ledger and generation; when
// a caller reduces an older state again (time travel, tests), the ledger forks, keeping only
// the ids that were applied up to that state.

import { RateEstimator } from './derived-rate.js';

/** How many recent event ids are remembered for duplicate detection. */
export const RECENT_ID_LIMIT = 256;

export class JobLedger {
  counter: RateEstimator;
  percent: RateEstimator;
  /** Hash of the last event applied to this job (event name + data). */
  fingerprint: number | undefined;
  /** The last run id seen for this job. */
  runId: string | undefined;

  constructor(smoothingMs: number) {
    this.counter = new RateEstimator(smoothingMs);
    this.percent = new RateEstimator(smoothingMs);
  }

  copy(smoothingMs: number): JobLedger {
    const twin = new JobLedger(smoothingMs);
    twin.counter = this.counter.copy();
    twin.percent = this.percent.copy();
    twin.fingerprint = this.fingerprint;
    twin.runId = this.runId;
    return twin;
  }
}

export class Ledger {
  /** The generation of the newest state produced on this line. */
  head = 0;
  /** Recent dedupe keys → the generation that applied them, oldest first. */
  readonly ids = new Map<string, number>();
  readonly jobs = new Map<string, JobLedger>();
  readonly #smoothingMs: number;

  constructor(smoothingMs: number) {
    this.#smoothingMs = smoothingMs;
  }

  job(key: string): JobLedger {
    let job = this.jobs.get(key);
    if (job === undefined) {
      job = new JobLedger(this.#smoothingMs);
      this.jobs.set(key, job);
    }
    return job;
  }

  remember(id: string, generation: number): void {
    this.ids.delete(id);
    this.ids.set(id, generation);
    if (this.ids.size > RECENT_ID_LIMIT) {
      const oldest = this.ids.keys().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
  }

  /** A ledger for a new line of states branching off at `generation`. */
  fork(generation: number): Ledger {
    const twin = new Ledger(this.#smoothingMs);
    twin.head = generation;
    for (const [id, applied] of this.ids) if (applied <= generation) twin.ids.set(id, applied);
    for (const [key, job] of this.jobs) twin.jobs.set(key, job.copy(this.#smoothingMs));
    return twin;
  }
}

/** FNV-1a, 32 bits: a cheap fingerprint of an event, to recognise repeats without storing data. */
export function fingerprint(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
