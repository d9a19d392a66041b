// Timer inputs. `setTimeout` and `setInterval` store their delay in a signed 32-bit integer:
// anything above 2^31−1 ms (about 24.8 days) overflows, and Node then fires after 1 ms (with a
// warning), browsers at once. A "very long" heartbeat of 3e9 ms would thus write a keepalive
// every millisecond, and an ended stream kept "for ages" would be dropped at once. Delays are
// therefore clamped to 2^31−1, which is as good as "never" for a server process; negative,
// NaN, infinite and fractional values are refused as mistakes.

/** The longest delay a timer can hold. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A delay in milliseconds that a timer can hold: a non-negative integer, clamped to
 * {@link MAX_TIMER_MS}.
 * @throws RangeError for a negative, NaN, infinite or fractional value.
 */
export function timerDelay(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`progress-stream: ${name} must be a non-negative integer of milliseconds, got ${value}`);
  }
  return Math.min(value, MAX_TIMER_MS);
}
