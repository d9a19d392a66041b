// Multi-job streams (one channel, many purchase orders): the job list and the top-level
// summary of it. Jobs keep the order in which they were first seen. The list is capped (100 by
// default): when a new job would exceed it, the oldest job that has ended is dropped, or the
// oldest job when none has ended, so a channel that runs for days keeps bounded memory.

import type { JobState, JobStatus, ProgressState } from './state.js';
import { isTerminalStatus } from './statuses.js';

export const DEFAULT_JOB_LIMIT = 100;

/** Replaces or appends one job; returns the new list and the key of a job dropped to make room. */
export function upsertJob(jobs: readonly JobState[], job: JobState, limit: number): { jobs: JobState[]; dropped?: string } {
  const index = jobs.findIndex((candidate) => candidate.key === job.key);
  if (index >= 0) {
    const next = jobs.slice();
    next[index] = job;
    return { jobs: next };
  }
  const next = [...jobs, job];
  if (next.length <= Math.max(1, limit)) return { jobs: next };
  let victim = next.findIndex((candidate) => candidate !== job && isTerminalStatus(candidate.status));
  if (victim < 0) victim = 0;
  const [removed] = next.splice(victim, 1);
  return removed === undefined ? { jobs: next } : { jobs: next, dropped: removed.key };
}

/**
 * The top-level fields of a multi-job state: running while any job runs; once all have ended,
 * failed if any failed, complete when all completed (cancelled otherwise). Percent is the mean
 * of the started jobs' percents, counters are summed, the rate is the sum and the ETA the
 * longest of the running jobs. Steps are per job, so the top level has none. One pass over the
 * (capped) job list.
 */
export function summarizeJobs(top: ProgressState, jobs: JobState[]): ProgressState {
  let started = 0;
  let running = 0;
  let complete = 0;
  let firstFailed: JobState | undefined;
  let percentSum = 0;
  let anyPercent = false;
  const metrics: Record<string, number> = {};
  let rate: number | null = null;
  let etaMs: number | null = null;
  let startedAt: number | null = null;
  let completedAt: number | null = null;
  for (const job of jobs) {
    for (const name in job.metrics) {
      if (Object.hasOwn(job.metrics, name)) metrics[name] = (metrics[name] ?? 0) + (job.metrics[name] ?? 0);
    }
    if (job.startedAt !== null) startedAt = startedAt === null ? job.startedAt : Math.min(startedAt, job.startedAt);
    if (job.completedAt !== null) completedAt = completedAt === null ? job.completedAt : Math.max(completedAt, job.completedAt);
    if (job.status === 'idle') continue;
    started++;
    const percent = job.percent ?? (job.status === 'complete' ? 100 : null);
    if (percent !== null) {
      percentSum += percent;
      anyPercent = true;
    }
    if (job.status === 'running') {
      running++;
      if (job.rate !== null) rate = (rate ?? 0) + job.rate;
      if (job.etaMs !== null) etaMs = Math.max(etaMs ?? 0, job.etaMs);
    } else if (job.status === 'complete') complete++;
    else if (job.status === 'failed') firstFailed ??= job;
  }
  let status: JobStatus;
  if (started === 0) status = jobs.length === 0 ? top.status : 'idle';
  else if (running > 0) status = 'running';
  else if (firstFailed !== undefined) status = 'failed';
  else if (complete === started) status = 'complete';
  else status = 'cancelled';
  const failed = status === 'failed' ? firstFailed : undefined;
  return {
    ...top,
    status,
    percent: anyPercent ? percentSum / started : null,
    steps: [],
    stepIndex: null,
    stepCount: null,
    metrics,
    rate,
    etaMs,
    error: failed ? `${failed.key}: ${failed.error ?? 'failed'}` : null,
    startedAt: startedAt ?? top.startedAt,
    completedAt: isTerminalStatus(status) ? completedAt : null,
    jobs,
  };
}
