// Phase 4 of applying an event: rate and ETA of a running job, and the active step's ETA. The
// server's values when it sent them (its ETA smoothed, see server-eta.ts), else derived from the
// estimates of the counter, of the percent or of the step's percent (see eta-estimator.ts). The
// estimates live in the job's memory, which this phase samples; `timingAt` evaluates them at
// any later time without sampling, which is what `reducer.at()` does between events.

import { etaFromRate, rateAt, recordSample, shiftEstimate } from './eta-estimator.js';
import type { JobMemory } from './ledger.js';
import type { DeriveOptions } from './mapping-types.js';
import type { EventReading } from './rule-reading.js';
import { serverEtaAt, smoothServerEta } from './server-eta.js';
import type { ProgressState, ProgressStep } from './state.js';

export type Timing = Pick<ProgressState, 'rate' | 'etaMs'>;

/** The default time constant of each of the estimator's two averages (half-life τ·ln 2 ≈ 6.9 s). */
export const DEFAULT_SMOOTHING_MS = 10_000;

export const tauOf = (derive: DeriveOptions = {}): number => derive.smoothingMs ?? DEFAULT_SMOOTHING_MS;

/** The rate and ETA at `now` from the job's memory; `current` holds what is kept (a server rate, an ETA of unknown source). */
export function timingAt(memory: JobMemory, current: Timing, now: number, tau: number): Timing {
  const { rate: rateSource, eta: etaSource, remaining = 0 } = memory.timing;
  const counterRate = rateAt(memory.counter, now, tau);
  const rate = rateSource === 'counter' ? counterRate : current.rate;
  switch (etaSource) {
    case 'server':
      return { rate, etaMs: memory.serverEta ? serverEtaAt(memory.serverEta, now) : current.etaMs };
    case 'counter':
      return { rate, etaMs: etaFromRate(remaining, rateSource === 'server' ? current.rate : counterRate) };
    case 'percent':
      return { rate, etaMs: etaFromRate(remaining, rateAt(memory.percent, now, tau)) };
    default:
      return { rate, etaMs: current.etaMs };
  }
}

/** Samples the event's values and returns the running job's rate and ETA after it. */
export function deriveTiming(
  reading: EventReading,
  percent: number | null,
  previous: Timing,
  memory: JobMemory,
  derive: DeriveOptions = {},
  now: number,
): Timing {
  const { rate: deriveRate = true, eta: deriveEta = true } = derive;
  const tau = tauOf(derive);
  const { counter, total, rate, etaMs, usesCounter } = reading;
  if (counter !== undefined) recordSample(memory.counter, now, counter, tau);
  if (percent !== null) recordSample(memory.percent, now, percent, tau);
  const source = memory.timing;
  if (rate !== undefined) source.rate = 'server';
  else if (usesCounter && deriveRate) source.rate = 'counter';
  if (etaMs !== undefined) {
    // Half the estimator's time constant: a server's ETA is an estimate already, smoothed only
    // against jitter; a revision (a phase turned out shorter) is followed within seconds.
    memory.serverEta = smoothServerEta(memory.serverEta, Math.round(etaMs), now, tau / 2);
    source.eta = 'server';
  } else if (deriveEta && counter !== undefined && total !== undefined) {
    Object.assign(source, { eta: 'counter', remaining: total - counter });
  } else if (deriveEta && !usesCounter && percent !== null) {
    Object.assign(source, { eta: 'percent', remaining: 100 - percent });
  }
  return timingAt(memory, { rate: rate ?? previous.rate, etaMs: previous.etaMs }, now, tau);
}

/** The active step (its index), when it reports its own percent. */
const activeWithPercent = (steps: readonly ProgressStep[], current: number | null): number =>
  current !== null && steps[current]?.status === 'active' && steps[current]?.percent !== undefined ? current : -1;

/** Samples the active step's own percent (a different step starts a new estimate). */
export function sampleStep(
  steps: readonly ProgressStep[],
  current: number | null,
  memory: JobMemory,
  derive: DeriveOptions = {},
  now: number,
): void {
  const step = steps[activeWithPercent(steps, current)];
  if (step?.percent === undefined) return;
  if (memory.step.id !== step.id) memory.step = { id: step.id, estimate: {} };
  recordSample(memory.step.estimate, now, step.percent, tauOf(derive));
}

/**
 * The steps with `etaMs` on the active step only (when it reports a percent and its estimate can
 * say), none when `show` is false. The same array when nothing changes.
 */
export function withStepEta(
  steps: ProgressStep[],
  current: number | null,
  memory: JobMemory | undefined,
  derive: DeriveOptions = {},
  now: number,
  show: boolean,
): ProgressStep[] {
  const index = show && memory && derive.eta !== false ? activeWithPercent(steps, current) : -1;
  const step = steps[index];
  const eta =
    step?.percent !== undefined && memory?.step.id === step.id
      ? etaFromRate(100 - step.percent, rateAt(memory.step.estimate, now, tauOf(derive)))
      : null;
  let next = steps;
  steps.forEach((candidate, i) => {
    const wanted = i === index && eta !== null ? eta : undefined;
    if (candidate.etaMs === wanted) return;
    if (next === steps) next = [...steps];
    const step: ProgressStep = { ...candidate, etaMs: wanted };
    if (wanted === undefined) delete step.etaMs;
    next[i] = step;
  });
  return next;
}

/** The job paused at `now`: remember when, so that the pause can be left out of its history. */
export function notePause(memory: JobMemory, now: number): void {
  memory.pausedAt ??= now;
}

/** The job runs again: the paused time counts as no time at all (neither a stall nor zero progress). */
export function noteResume(memory: JobMemory, now: number): void {
  if (memory.pausedAt === undefined) return;
  const paused = Math.max(0, now - memory.pausedAt);
  for (const estimate of [memory.counter, memory.percent, memory.step.estimate]) shiftEstimate(estimate, paused);
  if (memory.serverEta) memory.serverEta.at += paused;
  memory.resumedAt = now;
  memory.pausedAt = undefined;
}
