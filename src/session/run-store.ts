// The durations of completed runs, kept under a key in a Storage (localStorage by default), and
// the typical duration they make. Loaded by the first session with a `historyKey` (see
// session-history.ts): a page without one never downloads it.
//
// Storage is untrusted input and an unreliable service: another version of the library, another
// script or a user may have written anything under the key, and the storage itself may throw on
// every call (SecurityError in sandboxed frames, QuotaExceededError, private modes). So every
// read is validated field by field (what does not fit is dropped, not "repaired"), every call is
// in a try/catch, and a failure means "no history": never an exception reaching the page.
import { isDuration, isStepId, MAX_ID, MAX_STEPS, type HistoryStorage, type RunRecord } from './run-history.js';

export { typicalDuration } from './typical-statistics.js';

export const HISTORY_PREFIX = 'progress-stream:history:';
/** Runs kept per key (the newest). */
export const HISTORY_LIMIT = 20;
const VERSION = 1;
/** How close the end and the length of a run seen by two tabs are (see sameRun). */
const SAME_RUN_MS = 2000;
/** Longer text under the key is not ours (20 runs of 50 steps stay far below): not even parsed. */
const MAX_TEXT = 64 * 1024;

export const historyKeyOf = (key: string): string => HISTORY_PREFIX + key;

/**
 * `localStorage` when it can be used, else null. Reading the `localStorage` property itself
 * throws in sandboxed frames and with storage blocked, hence the try.
 */
export function defaultHistoryStorage(): HistoryStorage | null {
  try {
    const storage = (globalThis as { localStorage?: HistoryStorage }).localStorage;
    return storage !== undefined && storage !== null && typeof storage.getItem === 'function' ? storage : null;
  } catch {
    return null;
  }
}

/** The runs stored under `key`, oldest first, at most HISTORY_LIMIT; [] for anything unreadable. */
export function readRuns(storage: HistoryStorage, key: string): RunRecord[] {
  let text: unknown;
  try {
    text = storage.getItem(historyKeyOf(key));
  } catch {
    return [];
  }
  if (typeof text !== 'string' || text.length > MAX_TEXT) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isRecord(parsed) || parsed.v !== VERSION || !Array.isArray(parsed.runs)) return [];
  const runs: RunRecord[] = [];
  // Only the newest are read: a list grown by someone else costs no more than ours.
  for (const item of (parsed.runs as unknown[]).slice(-HISTORY_LIMIT)) {
    const run = validRun(item);
    if (run !== undefined) runs.push(run);
  }
  return runs;
}

/**
 * Adds a run (unless the stored list has it already: another tab on the same stream recorded
 * it) and keeps the newest HISTORY_LIMIT. Returns the runs now stored (with a duplicate: as
 * the other tab left them), or undefined when the run could not be written (quota, blocked).
 */
export function appendRun(storage: HistoryStorage, key: string, run: RunRecord): RunRecord[] | undefined {
  const runs = readRuns(storage, key);
  if (runs.some((stored) => sameRun(stored, run))) return runs;
  const next = [...runs, run].slice(-HISTORY_LIMIT);
  try {
    storage.setItem(historyKeyOf(key), JSON.stringify({ v: VERSION, runs: next }));
  } catch {
    return undefined;
  }
  return next;
}

/** Forgets the runs under `key` (a failure to do so is as if there were none to forget). */
export function clearRuns(storage: HistoryStorage, key: string): void {
  try {
    storage.removeItem(historyKeyOf(key));
  } catch {
    // Blocked storage: nothing we could remove, nothing we will read back either.
  }
}

/**
 * Two tabs following one stream see the same completing event, each at about the same time: the
 * same run ends within 2 s and lasts within 2 s in both. An event id alone does not tell: many
 * servers number events per job (1..N), so two runs of the same job may end on the same id.
 * Different ids are different runs; the same id, or none, is the same run when the times agree
 * (two distinct runs that close together gain nothing from being counted twice).
 */
function sameRun(a: RunRecord, b: RunRecord): boolean {
  if (a.eventId !== undefined && b.eventId !== undefined && a.eventId !== b.eventId) return false;
  return Math.abs(a.endedAt - b.endedAt) < SAME_RUN_MS && Math.abs(a.totalMs - b.totalMs) < SAME_RUN_MS;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function validRun(item: unknown): RunRecord | undefined {
  if (!isRecord(item) || !isDuration(item.totalMs) || item.totalMs === 0) return undefined;
  if (typeof item.endedAt !== 'number' || !Number.isFinite(item.endedAt)) return undefined;
  const steps: Record<string, number> = {};
  if (isRecord(item.steps)) {
    let kept = 0;
    for (const [id, ms] of Object.entries(item.steps)) {
      if (kept >= MAX_STEPS) break;
      if (!isStepId(id) || !isDuration(ms)) continue;
      steps[id] = ms;
      kept++;
    }
  }
  const run: RunRecord = { totalMs: item.totalMs, steps, endedAt: item.endedAt };
  if (typeof item.eventId === 'string' && item.eventId.length <= MAX_ID) run.eventId = item.eventId;
  return run;
}
