// Phase 3 of applying an event: the job's status. A job moves from idle to running when the
// event progressed it, to what a rule stated otherwise, and never out of an ended status (a
// new job is started before this phase, not here). Ending a job settles its steps: all done
// on completion, the current one failed on failure, the active one skipped on cancellation.

import type { JobStatus, ProgressState, ProgressStep } from './state.js';
import { isEnded } from './statuses.js';
import { endSteps, failCurrentStep } from './steps.js';

/** The fields that ending a job sets. */
type Ending = Partial<Pick<ProgressState, 'completedAt' | 'etaMs' | 'rate' | 'percent' | 'error'>>;

interface Settlement {
  readonly status: JobStatus;
  readonly steps: ProgressStep[];
  readonly current: number | null;
  /** Empty unless the job ended with this event. */
  readonly ending: Ending;
}

interface SettleInput {
  /** The job's status before the event. */
  readonly previous: JobStatus;
  /** The status a rule stated, else running when the event progressed the job, else idle (no change). */
  readonly target: JobStatus;
  readonly steps: readonly ProgressStep[];
  readonly current: number | null;
  /** The step count, for the last step to be current on completion. */
  readonly count: number;
  /** The reason, should the job fail now. */
  readonly failure: string;
  readonly now: number;
}

/** The job's status after the event, and what its ending (if it ended now) changes. */
export function settleStatus({ previous, target, steps, current, count, failure, now }: SettleInput): Settlement {
  const status = target === 'idle' || isEnded(previous) ? previous : target;
  const settled = [...steps];
  if (status === previous || !isEnded(status)) return { status, steps: settled, current, ending: {} };
  const ending: Ending = { completedAt: now, etaMs: null, rate: null };
  if (status === 'complete') {
    endSteps(settled, now);
    return { status, steps: settled, current: count > 0 ? count - 1 : current, ending: { ...ending, percent: 100, error: null } };
  }
  if (status === 'failed')
    return { status, steps: settled, current: failCurrentStep(settled, current, now), ending: { ...ending, error: failure } };
  endSteps(settled, now, true);
  return { status, steps: settled, current, ending };
}
