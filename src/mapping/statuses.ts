// The fixed vocabularies of the state (job status, step status, activity level), and the
// forgiving readings of what servers actually send ("completed", "in_progress", "warn").

import type { ActivityLevel, JobStatus, StepStatus } from './state.js';

export const JOB_STATUSES: readonly JobStatus[] = ['idle', 'running', 'complete', 'failed', 'cancelled'];
export const STEP_STATUSES: readonly StepStatus[] = ['pending', 'active', 'complete', 'failed', 'skipped'];
export const ACTIVITY_LEVELS: readonly ActivityLevel[] = ['info', 'success', 'warning', 'error'];

const JOB_SYNONYMS: Readonly<Record<string, JobStatus>> = {
  idle: 'idle',
  pending: 'idle',
  queued: 'idle',
  running: 'running',
  started: 'running',
  active: 'running',
  processing: 'running',
  in_progress: 'running',
  'in-progress': 'running',
  inprogress: 'running',
  complete: 'complete',
  completed: 'complete',
  done: 'complete',
  success: 'complete',
  succeeded: 'complete',
  finished: 'complete',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  errored: 'failed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  aborted: 'cancelled',
};

const STEP_SYNONYMS: Readonly<Record<string, StepStatus>> = {
  pending: 'pending',
  waiting: 'pending',
  queued: 'pending',
  active: 'active',
  started: 'active',
  running: 'active',
  processing: 'active',
  in_progress: 'active',
  'in-progress': 'active',
  complete: 'complete',
  completed: 'complete',
  done: 'complete',
  success: 'complete',
  succeeded: 'complete',
  finished: 'complete',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  skipped: 'skipped',
  cancelled: 'skipped',
  canceled: 'skipped',
};

const LEVEL_SYNONYMS: Readonly<Record<string, ActivityLevel>> = {
  info: 'info',
  debug: 'info',
  notice: 'info',
  success: 'success',
  ok: 'success',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  err: 'error',
  fatal: 'error',
  critical: 'error',
};

function lookup<T>(table: Readonly<Record<string, T>>, value: unknown): T | undefined {
  if (typeof value !== 'string') return undefined;
  const key = value.trim().toLowerCase();
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export const readJobStatus = (value: unknown): JobStatus | undefined => lookup(JOB_SYNONYMS, value);
export const readStepStatus = (value: unknown): StepStatus | undefined => lookup(STEP_SYNONYMS, value);
export const readActivityLevel = (value: unknown): ActivityLevel | undefined => lookup(LEVEL_SYNONYMS, value);

export function isTerminalStatus(status: JobStatus): boolean {
  return status === 'complete' || status === 'failed' || status === 'cancelled';
}
