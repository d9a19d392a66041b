// Rate (and from it, ETA) derived from the history of a growing counter, for servers that send
// counts but no speed. Instantaneous rates between two events jump around (bursty batches,
// network jitter), so the estimate is smoothed: a plain average until enough history exists,
// then an exponentially weighted moving average whose weight follows elapsed time, not event
// count, so a burst of events in one millisecond cannot swing it.

/** Samples closer together than this are merged into the next one. */
const MIN_SAMPLE_INTERVAL_MS = 200;

export class RateEstimator {
  readonly #smoothingMs: number;
  readonly #warmupMs: number;
  #firstAt: number | undefined;
  #firstValue = 0;
  #lastAt = 0;
  #lastValue = 0;
  #smoothed: number | null = null;

  /**
   * @param smoothingMs time constant of the smoothing: older rates weigh e^-1 after this long.
   * @param warmupMs how much history is needed before a rate is reported at all.
   */
  constructor(smoothingMs = 10_000, warmupMs = 2_000) {
    this.#smoothingMs = smoothingMs;
    this.#warmupMs = warmupMs;
  }

  /** Records the counter's value at time `at` (epoch ms). A smaller value restarts the history. */
  sample(at: number, value: number): void {
    if (!Number.isFinite(at) || !Number.isFinite(value)) return;
    if (this.#firstAt === undefined || value < this.#lastValue) {
      this.#restart(at, value);
      return;
    }
    const dt = at - this.#lastAt;
    if (dt < MIN_SAMPLE_INTERVAL_MS) return; // merged: the next sample spans the whole gap
    const instant = ((value - this.#lastValue) / dt) * 1000;
    if (at - this.#firstAt <= this.#warmupMs || this.#smoothed === null) {
      this.#smoothed = ((value - this.#firstValue) / (at - this.#firstAt)) * 1000;
    } else {
      const weight = 1 - Math.exp(-dt / this.#smoothingMs);
      this.#smoothed += weight * (instant - this.#smoothed);
    }
    this.#lastAt = at;
    this.#lastValue = value;
  }

  /** Units per second, or null until `warmupMs` of history exist. */
  get rate(): number | null {
    if (this.#firstAt === undefined || this.#smoothed === null) return null;
    return this.#lastAt - this.#firstAt >= this.#warmupMs ? this.#smoothed : null;
  }

  /** The last recorded value, or undefined before the first sample. */
  get last(): number | undefined {
    return this.#firstAt === undefined ? undefined : this.#lastValue;
  }

  copy(): RateEstimator {
    const twin = new RateEstimator(this.#smoothingMs, this.#warmupMs);
    twin.#firstAt = this.#firstAt;
    twin.#firstValue = this.#firstValue;
    twin.#lastAt = this.#lastAt;
    twin.#lastValue = this.#lastValue;
    twin.#smoothed = this.#smoothed;
    return twin;
  }

  #restart(at: number, value: number): void {
    this.#firstAt = at;
    this.#firstValue = value;
    this.#lastAt = at;
    this.#lastValue = value;
    this.#smoothed = null;
  }
}

/** Milliseconds until `remaining` units are done at `ratePerSecond`; null when unknowable. */
export function etaFromRate(remaining: number, ratePerSecond: number | null): number | null {
  if (ratePerSecond === null || !(ratePerSecond > 0) || !(remaining >= 0)) return null;
  return Math.round((remaining / ratePerSecond) * 1000);
}
