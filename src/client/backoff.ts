import { timerMs } from './timers.js';

/**
 * The shortest computed reconnect delay, as browsers' EventSource use roughly 0.5–1 s: a server
 * that sends `retry: 0` and ends every response must not get hundreds of requests a second.
 * A developer who configures a shorter `retryDelayMs` (tests, local tools) lowers the floor to
 * it; the server cannot. `Retry-After: 0`, `retry()` and the `online` event still retry at once.
 */
export const MIN_RECONNECT_DELAY_MS = 500;

/** The floor for a client configured with `retryDelayMs`/`maxRetryDelayMs`: never 0, so backoff can grow. */
export function reconnectFloor(retryDelayMs: number, maxRetryDelayMs: number): number {
  return Math.max(1, Math.min(MIN_RECONNECT_DELAY_MS, retryDelayMs, maxRetryDelayMs));
}

/**
 * Delay before reconnection attempt `attempt` (1-based): exponential growth from `baseMs`,
 * capped at `maxMs`, with "full jitter" (a uniform draw between 0 and that bound) so that many
 * clients dropped at once by a deploy do not come back in lockstep; never below `floorMs`
 * (which also lifts a zero base, or the growth would stay at zero).
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number, floorMs = 0): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const bound = Math.min(maxMs, Math.max(baseMs, floorMs) * 2 ** exponent);
  const jittered = Math.round(bound * Math.min(Math.max(random(), 0), 1));
  return timerMs(Math.max(floorMs, jittered));
}
