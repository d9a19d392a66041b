// What a recorded run is, and the checks a value must pass to be one. The reading and writing
// of the runs in storage is in run-store.ts, loaded only when a session has a `historyKey`; this
// part is what watching a run from its start (run-watch.ts) needs.

/** The part of `Storage` the history uses (plain data in Node tests, `localStorage` in pages). */
export interface HistoryStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** One completed run. */
export interface RunRecord {
  totalMs: number;
  /** Step id → ms from its start to its completion (steps that completed with both times known). */
  steps: Record<string, number>;
  /** Epoch ms of the end, as this tab saw it. */
  endedAt: number;
  /** The id of the event that completed the run: another tab recording the same run finds it here. */
  eventId?: string;
}

/** Steps kept per run, and the longest step id kept. */
export const MAX_STEPS = 50;
export const MAX_ID = 200;
/** A duration beyond 30 days is not a job duration but garbage (and would wreck a median). */
export const MAX_DURATION_MS = 30 * 24 * 3600 * 1000;

/** A step id kept as a key: short, and never one that a plain object treats specially. */
export const isStepId = (id: string): boolean => id.length > 0 && id.length <= MAX_ID && id !== '__proto__';

export const isDuration = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_DURATION_MS;
