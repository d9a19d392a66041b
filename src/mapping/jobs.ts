// Multi-job streams (one channel, many purchase orders): the job list and the top-level
// summary of it. Jobs keep the order in which they were first seen. The list is capped (100 by
// default): when a new job would exceed it, the oldest job that has ended is dropped, or the
// oldest job when none has ended, so a channel that runs for days keeps bounded memory.

import type { JobState, ProgressState } from './state.js';
import { isEnded } from './statuses.js';

export const DEFAULT_JOB_LIMIT = 100;

/** Replaces or appends one job; returns the new list and the key of a job dropped to make room. */
export function upsertJob(jobs: readonly JobState[], job: JobState, limit: number): { jobs: JobState[]; dropped?: string } {
  const index = jobs.findIndex((candidate) => candidate.key === job.key);
  const next = [...jobs];
  if (index >= 0) next[index] = job;
  else next.push(job);
  if (next.length <= Math.max(1, limit)) return { jobs: next };
  const victim = next.findIndex((candidate) => candidate !== job && isEnded(candidate.status));
  const [dropped] = next.splice(Math.max(0, victim), 1);
  return { jobs: next, dropped: dropped?.key };
}

/**
 * The top-level fields of a multi-job state: running while any job runs; paused when none runs
 * and one at least is paused (every job still to finish waits); once all have ended, failed if
 * any failed, complete when all completed (cancelled otherwise). Percent is the mean of the
 * started jobs' percents, counters are summed, the rate is the sum and the ETA the longest of
 * the running jobs (unknown while one of them is stalled: the channel cannot finish before it).
 * The channel is stalled when every running job is; its last progress is the latest of any job.
 * Steps are per job, so the top level has none. One pass over the (capped) job list.
 */
export function summarizeJobs(top: ProgressState, jobs: JobState[]): ProgressState {
  const started = jobs.filter((job) => job.status !== 'idle');
  const running = started.filter((job) => job.status === 'running');
  const paused = started.some((job) => job.status === 'paused');
  const failed = started.find((job) => job.status === 'failed');
  const percents = started.map((job) => job.percent ?? (job.status === 'complete' ? 100 : null)).filter((p) => p !== null);
  const metrics: Record<string, number> = {};
  for (const job of jobs) {
    for (const [name, value] of Object.entries(job.metrics))
      metrics[name] = Object.hasOwn(metrics, name) ? (metrics[name] ?? 0) + value : value;
  }
  const rates = running.map((job) => job.rate).filter((rate) => rate !== null);
  const etas = running.some((job) => job.stalled) ? [] : running.map((job) => job.etaMs).filter((eta) => eta !== null);
  const progressAts = jobs.map((job) => job.progressAt).filter((at) => at !== null && at !== undefined);
  const startedAts = jobs.map((job) => job.startedAt).filter((at) => at !== null);
  const completedAts = jobs.map((job) => job.completedAt).filter((at) => at !== null);
  const status =
    started.length === 0
      ? jobs.length === 0
        ? top.status
        : 'idle'
      : running.length > 0
        ? 'running'
        : paused
          ? 'paused'
          : failed
            ? 'failed'
            : started.every((job) => job.status === 'complete')
              ? 'complete'
              : 'cancelled';
  return {
    ...top,
    status,
    percent: percents.length > 0 ? percents.reduce((a, b) => a + b) / started.length : null,
    steps: [],
    stepIndex: null,
    stepCount: null,
    metrics,
    rate: rates.length > 0 ? rates.reduce((a, b) => a + b) : null,
    etaMs: etas.length > 0 ? Math.max(...etas) : null,
    stalled: running.length > 0 && running.every((job) => job.stalled),
    progressAt: progressAts.length > 0 ? Math.max(...progressAts) : (top.progressAt ?? null),
    error: status === 'failed' && failed ? `${failed.key}: ${failed.error ?? 'failed'}` : null,
    startedAt: startedAts.length > 0 ? Math.min(...startedAts) : top.startedAt,
    completedAt: isEnded(status) && completedAts.length > 0 ? Math.max(...completedAts) : null,
    jobs,
  };
}
