/**
 * The longest wait `setTimeout` can hold: browsers and Node store the delay in a signed 32-bit
 * integer, and anything longer fires at once (Node warns, browsers do not), so an unchecked
 * `Retry-After: 99999999` or `heartbeatTimeoutMs: 2 ** 32` would turn a long wait into a busy
 * loop. About 24.8 days.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Clamps a wait to what a timer can hold: a whole number of ms in [0, MAX_TIMER_MS]. */
export function timerMs(ms: number): number {
  if (Number.isNaN(ms) || ms <= 0) return 0;
  return Math.min(Math.round(ms), MAX_TIMER_MS);
}

/**
 * A wait option clamped to a timer's range, or `fallback` when it is absent or unusable
 * (negative, NaN or infinite, as before timers were clamped).
 */
export function timerOption(value: number | undefined, fallback: number): number {
  if (value === undefined || !Number.isFinite(value) || value < 0) return fallback;
  return timerMs(value);
}
