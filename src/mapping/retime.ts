// `reducer.at(state, now)`: the time-dependent fields of a state re-evaluated at a later time,
// between events. A derived rate decays (the time since the last progress counts as zero
// progress), so the ETA grows instead of freezing; a server's ETA counts down; after the stall
// threshold the job is `stalled` and shows no ETA at all. Nothing is sampled: the job's memory
// is only read, so `at()` may be called as often as a view likes, at any time.

import { summarizeJobs } from './jobs.js';
import { timingAt, tauOf, withStepEta, type Timing } from './job-timing.js';
import type { JobMemory, Ledger } from './ledger.js';
import type { DeriveOptions } from './mapping-types.js';
import { isStalled } from './progress-clock.js';
import type { JobState, ProgressState } from './state.js';

/** One job at `now`; the same object when nothing changed. `memory` is undefined when the reducer has none for it. */
export function retimeJob<T extends ProgressState>(
  job: T,
  memory: JobMemory | undefined,
  now: number,
  derive: DeriveOptions | undefined,
  stallAfterMs: number,
): T {
  if (job.status !== 'running') return job.stalled === true ? { ...job, stalled: false } : job;
  const stalled = isStalled(job, now, stallAfterMs, memory?.resumedAt);
  const timing: Timing = memory ? timingAt(memory, job, now, tauOf(derive)) : job;
  const etaMs = stalled ? null : timing.etaMs;
  // Without memory (a function mapping's state) the steps' own ETAs are the mapping's to keep.
  const steps = memory || stalled ? withStepEta(job.steps, job.stepIndex, memory, derive, now, !stalled) : job.steps;
  if (stalled === job.stalled && timing.rate === job.rate && etaMs === job.etaMs && steps === job.steps) return job;
  return { ...job, stalled, rate: timing.rate, etaMs, steps };
}

/** The state at `now`: the job, or every job of a multi-job state and their summary. */
export function retimeState(
  state: ProgressState,
  ledger: Ledger | undefined,
  now: number,
  derive: DeriveOptions | undefined,
  stallAfterMs: number,
): ProgressState {
  if (!state.jobs) return retimeJob(state, ledger?.jobs.get(''), now, derive, stallAfterMs);
  let changed = false;
  const jobs = state.jobs.map((job): JobState => {
    const next = retimeJob(job, ledger?.jobs.get(job.key), now, derive, stallAfterMs);
    changed ||= next !== job;
    return next;
  });
  return changed ? summarizeJobs(state, jobs) : state;
}
