import { backoffDelay, reconnectFloor } from './backoff.js';
import { timerMs } from './timers.js';

/** A connection open this long… */
export const STABLE_AFTER_MS = 5_000;
/** …or that delivered this many events is stable: the backoff delay starts over after it. */
export const STABLE_AFTER_EVENTS = 5;

export interface PacingOptions {
  maxRetries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  random: () => number;
}

/**
 * Counts failures and paces reconnects. Two counts, on purpose:
 * - `failures` (what `maxRetries` limits): consecutive failed requests. A connection that
 *   delivered an event is healthy and resets it (the product contract).
 * - the backoff step (what the delay grows with): reset only by a *stable* connection, one that
 *   stayed open `STABLE_AFTER_MS` or delivered `STABLE_AFTER_EVENTS` events. A server that
 *   sends one event and ends every response (with `retry: 0`, a storm of hundreds of requests
 *   a second) is healthy each time, so it never goes offline, but each reconnect waits twice as
 *   long as the last, up to `maxRetryDelayMs`.
 */
export class ReconnectPacing {
  readonly #options: PacingOptions;
  readonly #floorMs: number;
  #failures = 0;
  #step = 0;
  #baseMs: number;
  #openedAt: number | undefined;
  #delivered = 0;

  constructor(options: PacingOptions) {
    this.#options = options;
    this.#baseMs = options.retryDelayMs;
    this.#floorMs = reconnectFloor(options.retryDelayMs, options.maxRetryDelayMs);
  }

  get failures(): number {
    return this.#failures;
  }

  /** A fresh start (`connect()`, or `retry()` after offline): no failures, the first delay. */
  reset(): void {
    this.#failures = 0;
    this.#step = 0;
  }

  /** The server's `retry:` field: the new base delay (never below the floor, see `backoffDelay`). */
  setServerRetry(ms: number): void {
    this.#baseMs = timerMs(ms);
  }

  /** A new request starts: nothing delivered, not open yet. */
  attemptStarted(): void {
    this.#openedAt = undefined;
    this.#delivered = 0;
  }

  opened(now: number): void {
    this.#openedAt = now;
  }

  /** An event arrived. Returns true for the connection's first (it is healthy now). */
  delivered(): boolean {
    this.#delivered += 1;
    if (this.#delivered === 1) this.#failures = 0;
    return this.#delivered === 1;
  }

  /**
   * The request failed or ended: counts the failure. Returns the delay before the next attempt,
   * or undefined when the retries are used up (`offline`). A server's `Retry-After` is honoured
   * up to `maxRetryDelayMs` (0 retries at once).
   */
  failed(now: number, retryAfterMs?: number): number | undefined {
    const stable =
      this.#delivered >= STABLE_AFTER_EVENTS ||
      (this.#delivered > 0 && this.#openedAt !== undefined && now - this.#openedAt >= STABLE_AFTER_MS);
    if (stable) this.#step = 0;
    this.#attemptEnded();
    this.#failures += 1;
    this.#step += 1;
    if (this.#failures > this.#options.maxRetries) return undefined;
    if (retryAfterMs !== undefined) return timerMs(Math.min(retryAfterMs, this.#options.maxRetryDelayMs));
    return backoffDelay(this.#step, this.#baseMs, this.#options.maxRetryDelayMs, this.#options.random, this.#floorMs);
  }

  #attemptEnded(): void {
    this.#openedAt = undefined;
    this.#delivered = 0;
  }
}
