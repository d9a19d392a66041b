// What a reducer must remember between events but that is not part of the visible state: the
// recently applied event ids (to drop replays), and per job its timing memory (the estimates
// behind derived rates and ETAs, the smoothed server ETA, pauses), the fingerprint of its last
// event (to spot repeats) and its run id.
//
// States stay immutable and the reducer stays O(1): a ledger is mutable and shared along one
// line of states, each of which remembers its generation on it. When a caller reduces an older
// state again (time travel, tests), the ledger forks, keeping only the ids that were applied up
// to that state. A ledger is plain data, so a fork is a structured clone.

import type { Estimate } from './eta-estimator.js';
import type { ServerEta } from './server-eta.js';

/** How many recent event ids are remembered for duplicate detection. */
export const RECENT_ID_LIMIT = 256;

/** Where the state's rate and ETA come from, so that `reducer.at()` can re-evaluate them later. */
export interface TimingSource {
  /** `server`: the state's rate is the server's; `counter`: derived from the counter's estimate. */
  rate?: 'server' | 'counter';
  /** `server`: the smoothed server ETA, counted down; otherwise `remaining` units at the counter's or the percent's rate. */
  eta?: 'server' | 'counter' | 'percent';
  /** Units left when the ETA is derived (total − counter, or 100 − percent). */
  remaining?: number;
}

export interface JobMemory {
  counter: Estimate;
  percent: Estimate;
  /** The active step's own percent (a new step starts a new estimate). */
  step: { id?: string; estimate: Estimate };
  /** The server's ETA after smoothing (see server-eta.ts). */
  serverEta?: ServerEta;
  timing: TimingSource;
  /** Epoch ms the job was paused at (while paused), and resumed at (the last time). */
  pausedAt?: number;
  resumedAt?: number;
  /** Hash of the last event applied to this job (event name + data). */
  fingerprint?: number;
  /** The last run id seen for this job. */
  runId?: string;
}

export interface Ledger {
  /** The generation of the newest state produced on this line. */
  head: number;
  /** Recent dedupe keys → the generation that applied them, oldest first. */
  ids: Map<string, number>;
  jobs: Map<string, JobMemory>;
}

export const createLedger = (): Ledger => ({ head: 0, ids: new Map(), jobs: new Map() });

/** A job's timing memory, fresh: what a new run starts with. */
export const freshTiming = (): Pick<JobMemory, 'counter' | 'percent' | 'step' | 'serverEta' | 'timing' | 'pausedAt' | 'resumedAt'> => ({
  counter: {},
  percent: {},
  step: { estimate: {} },
  serverEta: undefined,
  timing: {},
  pausedAt: undefined,
  resumedAt: undefined,
});

export function jobMemory({ jobs }: Ledger, key: string): JobMemory {
  const memory = jobs.get(key) ?? freshTiming();
  jobs.set(key, memory);
  return memory;
}

export function remember({ ids }: Ledger, id: string, generation: number): void {
  ids.delete(id);
  ids.set(id, generation);
  if (ids.size > RECENT_ID_LIMIT) ids.delete(ids.keys().next().value ?? '');
}

/** A ledger for a new line of states branching off at `generation`. */
export function forkLedger(ledger: Ledger, generation: number): Ledger {
  const fork = structuredClone(ledger);
  fork.head = generation;
  for (const [id, applied] of fork.ids) if (applied > generation) fork.ids.delete(id);
  return fork;
}

/** FNV-1a, 32 bits: a cheap fingerprint of an event, to recognise repeats without storing data. */
export function fingerprint(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
