// Phase 4 of applying an event: rate and ETA of a running job. The server's values when it
// sent them, else derived from the history of the counter or of the percent (see
// derived-rate.ts). The histories live in the job's memory, which this phase samples.

import { etaFromRate, rateOf, sampleRate } from './derived-rate.js';
import type { JobMemory } from './ledger.js';
import type { DeriveOptions } from './mapping-types.js';
import type { EventReading } from './rule-reading.js';
import type { ProgressState } from './state.js';

type Timing = Pick<ProgressState, 'rate' | 'etaMs'>;

/** The running job's rate and ETA after the event; `previous` where nothing new is known. */
export function deriveTiming(
  reading: EventReading,
  percent: number | null,
  previous: Timing,
  memory: JobMemory,
  derive: DeriveOptions = {},
  now: number,
): Timing {
  const { rate: deriveRate = true, eta: deriveEta = true, smoothingMs = 10_000 } = derive;
  const { counter, total, rate, etaMs, usesCounter } = reading;
  if (counter !== undefined) sampleRate(memory.counter, now, counter, smoothingMs);
  if (percent !== null) sampleRate(memory.percent, now, percent, smoothingMs);
  const itemRate = rate ?? (usesCounter ? rateOf(memory.counter) : null);
  const next: Timing = { rate: previous.rate, etaMs: previous.etaMs };
  if (itemRate !== null && (rate !== undefined || deriveRate)) next.rate = itemRate;
  // Recomputed whenever a rate is known (a stalled job has no ETA, not a stale one); kept while
  // the history is still too short to say.
  const countRate = rate ?? rateOf(memory.counter);
  const percentRate = rateOf(memory.percent);
  if (etaMs !== undefined) next.etaMs = Math.round(etaMs);
  else if (deriveEta && counter !== undefined && total !== undefined) {
    if (countRate !== null) next.etaMs = etaFromRate(total - counter, countRate);
  } else if (deriveEta && !usesCounter && percent !== null && percentRate !== null) next.etaMs = etaFromRate(100 - percent, percentRate);
  return next;
}
