// The client's defaults and how it reads a numeric option, in one place: the element applies
// (and shows) exactly what the client will apply ("Reconnecting 1/10", never "1/NaN").
import { timerOption } from './timers.js';

export const CLIENT_DEFAULTS = {
  heartbeatTimeoutMs: 45_000,
  maxRetries: 10,
  retryDelayMs: 1_000,
  maxRetryDelayMs: 30_000,
  pollIntervalMs: 5_000,
} as const;

/** A count option (`maxRetries`): a finite number ≥ 0, rounded down; otherwise `fallback`. */
export function countOption(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

/** A wait option: see `timerOption` (clamped to what a timer can hold). */
export { timerOption as durationOption };
