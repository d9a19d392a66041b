// The rate of a growing value (a counter, a percent), estimated from its history over time, for
// an ETA that does not lie. Two exponential moving averages in cascade (as indicatif's
// Estimator does), each with time constant τ, integrated exactly over time rather than stepped
// per event:
//
// - Weights follow elapsed time, never event count. An interval of `dt` in which the value grew
//   by `Δ` is treated as a constant rate Δ/dt over it; 50 events in one millisecond are 50 steps
//   of progress in that millisecond and weigh what that millisecond weighs. A burst is an impulse
//   into the first average (it rises by Δ/τ) that the second spreads over the following seconds.
// - Both averages start at zero, so early on they hold only part of the weight; dividing by that
//   part (the averages' own response to a constant 1 since the start) removes the bias, as tqdm's
//   bias-corrected EMA does. A constant rate is estimated exactly from the second sample on.
// - Evaluated at a later `now` without a new sample, the gap counts as zero progress: the rate
//   falls, so the ETA grows during a stall instead of freezing.
//
// An estimate is plain data (numbers only): it lives in the reducer's ledger, which is copied
// with structuredClone. Every function here is pure except `recordSample` and `shiftEstimate`,
// which update the estimate they are given.

/** No rate is reported before the history spans this long (a few events say little about speed). */
export const WARMUP_MS = 2000;

export interface Estimate {
  /** Epoch ms of the first sample of this history. */
  startAt?: number;
  /** Epoch ms and value of the latest sample. */
  lastAt?: number;
  lastValue?: number;
  /** The two averages, in units per second, not yet divided by their weight. */
  single?: number;
  double?: number;
  /** The rate right after the latest sample (normalised): a stall never makes it rise above this. */
  rateAtLast?: number;
  /** The averages before the latest interval, and when the sample that closed it came: later samples within `MERGE_MS` of it extend that interval. */
  base?: Base;
  groupAt?: number;
}

interface Base {
  at: number;
  value: number;
  single: number;
  double: number;
}

/** Samples this close to the one that closed an interval belong to that interval (a burst). */
export const MERGE_MS = 250;

/** What the averages hold after `dt` ms at a constant `rate` (units/s): the exact solution of the two cascaded averages. */
function integrate(single: number, double: number, dt: number, rate: number, tau: number): [single: number, double: number] {
  const x = dt / tau;
  const decay = Math.exp(-x);
  const rise = -Math.expm1(-x); // 1 − e^(−x), accurate for tiny x
  return [single * decay + rate * rise, double * decay + single * x * decay + rate * (rise - x * decay)];
}

/** The weight the second average has gathered `elapsed` ms after the start: its response to a constant 1. */
const weightAfter = (elapsed: number, tau: number): number => {
  const x = elapsed / tau;
  return -Math.expm1(-x) - x * Math.exp(-x);
};

/** Units per second at `now` from the raw second average, or null when the history is too short to say. */
function normalised(estimate: Estimate, double: number, now: number, tau: number, warmupMs: number): number | null {
  const { startAt, lastAt = startAt, rateAtLast } = estimate;
  if (startAt === undefined || lastAt === startAt || now - startAt < Math.max(warmupMs, 1)) return null;
  const rate = double / weightAfter(now - startAt, tau);
  // Zero progress cannot speed a job up: the second average may still rise for a moment after
  // a burst, but not above the rate the last sample gave.
  return Math.max(0, rateAtLast === undefined ? rate : Math.min(rate, rateAtLast));
}

/**
 * Records `value` at `at` (epoch ms). A smaller value starts a new history (a new run). Samples
 * within `MERGE_MS` of the one that closed the last interval extend that interval instead of
 * starting one: a burst of events is the delivery of work done since the previous sample, not
 * work done in that millisecond. `tauMs` is the time constant of each average.
 */
export function recordSample(estimate: Estimate, at: number, value: number, tauMs: number): void {
  const { startAt, lastAt = at, lastValue = value, single = 0, double = 0, groupAt = -Infinity } = estimate;
  if (startAt === undefined || value < lastValue || !Number.isFinite(value)) {
    Object.assign(estimate, { startAt: at, lastAt: at, lastValue: value, single: 0, double: 0, rateAtLast: undefined, base: undefined });
    return;
  }
  if (value === lastValue) return; // no progress: the gap is counted when progress comes, or by `rateAt`
  const time = Math.max(lastAt, at); // clocks may step back: never before the last sample
  const merge = estimate.base !== undefined && time - groupAt < MERGE_MS;
  const base: Base = merge && estimate.base ? estimate.base : { at: lastAt, value: lastValue, single, double };
  const dt = time - base.at;
  const delta = value - base.value;
  // Two samples in the same millisecond with nothing before them: the limit of a constant rate
  // over a vanishing interval (the first average rises by Δ/τ, the second not yet).
  const [nextSingle, nextDouble] =
    dt === 0 ? [base.single + (delta * 1000) / tauMs, base.double] : integrate(base.single, base.double, dt, (delta / dt) * 1000, tauMs);
  const weight = weightAfter(time - startAt, tauMs);
  Object.assign(estimate, {
    lastAt: time,
    lastValue: value,
    single: nextSingle,
    double: nextDouble,
    base,
    groupAt: merge ? groupAt : time,
    rateAtLast: weight > 0 ? nextDouble / weight : undefined,
  });
}

/**
 * Units per second at `now` (epoch ms): the time since the last sample counts as zero progress.
 * Null until the history has at least two samples and spans `warmupMs`.
 */
export function rateAt(estimate: Estimate, now: number, tauMs: number, warmupMs = WARMUP_MS): number | null {
  const { lastAt, single = 0, double = 0 } = estimate;
  if (lastAt === undefined) return null;
  const [, zeroSinceLast] = integrate(single, double, Math.max(0, now - lastAt), 0, tauMs);
  return normalised(estimate, zeroSinceLast, Math.max(now, lastAt), tauMs, warmupMs);
}

/** Moves the history `ms` later, so that a pause of that length counts as no time at all. */
export function shiftEstimate(estimate: Estimate, ms: number): void {
  if (estimate.startAt !== undefined) estimate.startAt += ms;
  if (estimate.lastAt !== undefined) estimate.lastAt += ms;
}

/** Milliseconds until `remaining` units are done at `ratePerSecond`; null when unknowable. */
export function etaFromRate(remaining: number, ratePerSecond: number | null): number | null {
  return ratePerSecond !== null && ratePerSecond > 0 && remaining >= 0 ? Math.round((remaining / ratePerSecond) * 1000) : null;
}
