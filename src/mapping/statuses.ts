// The fixed vocabularies of the state (job status, step status, activity level), and the
// forgiving readings of what servers actually send ("completed", "in_progress", "warn").
// Each group lists the word first, then the synonyms that mean it.

import type { ActivityLevel, JobStatus, StepStatus } from './state.js';

export interface Vocabulary<T extends string> {
  /** The exact words a mapping may write. */
  readonly words: readonly T[];
  /** The word a server's value means, or undefined for anything unrecognised. */
  read(value: unknown): T | undefined;
}

function vocabulary<T extends string>(groups: string): Vocabulary<T> {
  const meanings = new Map<string, T>();
  const words: T[] = [];
  for (const group of groups.split('|')) {
    const [word, ...synonyms] = group.split(' ') as [T, ...string[]];
    words.push(word);
    for (const synonym of [word, ...synonyms]) meanings.set(synonym, word);
  }
  // No word is long: longer server text is not trimmed or lowered, only refused.
  return {
    words,
    read: (value) => (typeof value === 'string' && value.length <= 64 ? meanings.get(value.trim().toLowerCase()) : undefined),
  };
}

export const JOB_STATUS = vocabulary<JobStatus>(
  'idle pending queued|running started active processing in_progress in-progress inprogress resumed|paused pause suspended on_hold on-hold held|complete completed done success succeeded finished|failed failure error errored|cancelled canceled aborted',
);
export const STEP_STATUS = vocabulary<StepStatus>(
  'pending waiting queued|active started running processing in_progress in-progress|complete completed done success succeeded finished|failed failure error|skipped cancelled canceled',
);
export const ACTIVITY_LEVEL = vocabulary<ActivityLevel>('info debug notice|success ok|warning warn|error err fatal critical');

/** The statuses a job ends in: complete, failed, cancelled. */
export type EndedStatus = Exclude<JobStatus, 'idle' | 'running' | 'paused'>;

/**
 * Whether a job has ended: its state changes no more until an event starts a new job (a paused
 * job has not: it runs again when the server says so). The one
 * definition of "ended" (the reducer, the job summary and the views built on the state use it).
 */
export const isEnded = (status: JobStatus): status is EndedStatus => status === 'complete' || status === 'failed' || status === 'cancelled';
