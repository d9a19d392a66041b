// The normalised progress state every mapping produces and the element renders.

/** `paused` is not ended: the job goes on when the server says it runs again. */
export type JobStatus = 'idle' | 'running' | 'paused' | 'complete' | 'failed' | 'cancelled';
export type StepStatus = 'pending' | 'active' | 'complete' | 'failed' | 'skipped';
export type ActivityLevel = 'info' | 'success' | 'warning' | 'error';

export interface ProgressStep {
  id: string;
  label: string;
  status: StepStatus;
  /** Progress within this step, 0–100, when the server reports it. */
  percent?: number;
  message?: string;
  /** Epoch milliseconds. */
  startedAt?: number;
  completedAt?: number;
  /** Estimated milliseconds left in this step: only on the active step, when it reports its own percent. */
  etaMs?: number;
}

export interface ActivityEntry {
  /** A sequence number unique within one state, for keyed rendering. */
  seq: number;
  /** Epoch milliseconds. */
  at: number;
  level: ActivityLevel;
  message: string;
  /** The step this entry belongs to, by id. */
  step?: string;
  /** Multi-job streams: the key of the job this entry belongs to. */
  job?: string;
}

export interface ProgressState {
  status: JobStatus;
  /** 0–100, or null while indeterminate. Never goes backwards within a job. */
  percent: number | null;
  /** The latest human-readable message. */
  message: string;
  /** What the job is doing right now ("Loading planned orders", "Batch 3 of 10"). */
  operation: string;
  steps: ProgressStep[];
  /** Index into `steps` of the current step ("Step N of M" is `stepIndex + 1` of `stepCount`). */
  stepIndex: number | null;
  /** Total number of steps when known (may exceed `steps.length` when only a count is sent). */
  stepCount: number | null;
  /** Named counters (display name → value). */
  metrics: Record<string, number>;
  /** Items per second, from the server or derived from a counter. */
  rate: number | null;
  /** Estimated milliseconds remaining; null while unknown, paused or stalled. */
  etaMs: number | null;
  /**
   * Running, but no progress for the reducer's `at(state, now, { stallAfterMs })` threshold
   * (30 s by default). The view says "Stalled" instead of an ETA.
   */
  stalled: boolean;
  /** Epoch milliseconds of the last progress (percent, counter, a step or a counter metric moved); null before any. */
  progressAt: number | null;
  /** Newest last, capped by the reducer's activity limit. */
  activity: ActivityEntry[];
  /** The failure reason when `status` is `failed`. */
  error: string | null;
  lastEventId: string | undefined;
  /** Epoch milliseconds of the first event of this job, the latest event, and the end. */
  startedAt: number | null;
  updatedAt: number | null;
  completedAt: number | null;
  /** Present when the mapping declares a job key: one entry per job, in first-seen order. */
  jobs?: JobState[];
}

export type JobState = ProgressState & { key: string };

/** A fresh state: nothing known yet. */
export function createInitialState(): ProgressState {
  return {
    status: 'idle',
    percent: null,
    message: '',
    operation: '',
    steps: [],
    stepIndex: null,
    stepCount: null,
    metrics: {},
    rate: null,
    etaMs: null,
    stalled: false,
    progressAt: null,
    activity: [],
    error: null,
    lastEventId: undefined,
    startedAt: null,
    updatedAt: null,
    completedAt: null,
  };
}
