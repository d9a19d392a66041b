// Rate (and from it, ETA) derived from the history of a growing counter, for servers that send
// counts but no speed. Instantaneous rates between two events jump around (bursty batches,
// network jitter), so the estimate is smoothed: a plain average until enough history exists,
// then an exponentially weighted moving average whose weight follows elapsed time, not event
// count, so a burst of events in one millisecond cannot swing it. A history is plain data, so
// that a reducer's memory can be copied with structuredClone.

/** Samples closer together than this are merged into the next one. */
const MIN_SAMPLE_INTERVAL_MS = 200;
const WARMUP_MS = 2000;

export interface RateHistory {
  firstAt?: number;
  firstValue?: number;
  lastAt?: number;
  lastValue?: number;
  smoothed?: number;
}

/**
 * Records a counter's value at time `at` (epoch ms); a smaller value restarts the history.
 * `smoothingMs` is the time constant: older rates weigh e^-1 after this long.
 */
export function sampleRate(history: RateHistory, at: number, value: number, smoothingMs: number, warmupMs = WARMUP_MS): void {
  const { firstAt = at, firstValue = value, lastAt = at, lastValue = value } = history;
  if (history.firstAt === undefined || value < lastValue) {
    Object.assign(history, { firstAt: at, firstValue: value, lastAt: at, lastValue: value, smoothed: undefined });
    return;
  }
  const dt = at - lastAt;
  if (dt < MIN_SAMPLE_INTERVAL_MS) return; // merged: the next sample spans the whole gap
  const instant = ((value - lastValue) / dt) * 1000;
  history.smoothed =
    at - firstAt <= warmupMs || history.smoothed === undefined
      ? ((value - firstValue) / (at - firstAt)) * 1000
      : history.smoothed + (1 - Math.exp(-dt / smoothingMs)) * (instant - history.smoothed);
  history.lastAt = at;
  history.lastValue = value;
}

/** Units per second, or null until `warmupMs` of history exist. */
export function rateOf(history: RateHistory, warmupMs = WARMUP_MS): number | null {
  const { firstAt, lastAt = 0, smoothed } = history;
  return firstAt !== undefined && smoothed !== undefined && lastAt - firstAt >= warmupMs ? smoothed : null;
}

/** Milliseconds until `remaining` units are done at `ratePerSecond`; null when unknowable. */
export function etaFromRate(remaining: number, ratePerSecond: number | null): number | null {
  return ratePerSecond !== null && ratePerSecond > 0 && remaining >= 0 ? Math.round((remaining / ratePerSecond) * 1000) : null;
}
