import { expect } from '@open-wc/testing';
import { upsertJob, summarizeJobs } from '../../src/mapping/jobs.js';
import { createInitialState, createReducer, type JobState, type JobStatus } from '../../src/mapping/index.js';
import { message, steppingClock } from './helpers.js';

function job(key: string, status: JobStatus, percent: number | null, extra: Partial<JobState> = {}): JobState {
  return { ...createInitialState(), key, status, percent, ...extra };
}

describe('multi-job state', () => {
  it('summarises: running while any runs, failed if any failed once all ended, complete when all completed', () => {
    const cases: Array<[JobStatus[], JobStatus]> = [
      [['running', 'failed'], 'running'],
      [['complete', 'running'], 'running'],
      [['complete', 'failed'], 'failed'],
      [['complete', 'complete'], 'complete'],
      [['complete', 'cancelled'], 'cancelled'],
      [['idle', 'complete'], 'complete'],
      [['idle'], 'idle'],
    ];
    for (const [statuses, expected] of cases) {
      const jobs = statuses.map((status, i) => job(`J${i}`, status, null));
      expect(summarizeJobs(createInitialState(), jobs).status, statuses.join('+')).to.equal(expected);
    }
  });

  it('averages percents, sums counters and rates, and takes the longest ETA', () => {
    const summary = summarizeJobs(createInitialState(), [
      job('A', 'running', 50, { metrics: { Lines: 3 }, rate: 2, etaMs: 4000, startedAt: 20 }),
      job('B', 'running', null, { metrics: { Lines: 4, Errors: 1 }, rate: 3, etaMs: 9000, startedAt: 10 }),
      job('C', 'complete', null, { metrics: { Lines: 5 }, rate: 99, completedAt: 50, startedAt: 30 }),
    ]);
    expect(summary).to.include({ percent: 50, rate: 5, etaMs: 9000, startedAt: 10, completedAt: null, stepIndex: null });
    expect(summary.metrics).to.deep.equal({ Lines: 12, Errors: 1 });
    const failed = summarizeJobs(createInitialState(), [
      job('A', 'complete', 100, { completedAt: 5 }),
      job('B', 'failed', 40, { error: 'Timeout', completedAt: 7 }),
    ]);
    expect(failed).to.include({ status: 'failed', error: 'B: Timeout', percent: 70, completedAt: 7 });
  });

  it('keeps first-seen order and drops the oldest ended job beyond the limit', () => {
    let jobs: JobState[] = [];
    for (const [key, status] of [
      ['A', 'running'],
      ['B', 'complete'],
      ['C', 'running'],
    ] as const)
      jobs = upsertJob(jobs, job(key, status, 0), 3).jobs;
    const updated = upsertJob(jobs, job('A', 'running', 50), 3);
    expect(updated.jobs.map((j) => [j.key, j.percent])).to.deep.equal([
      ['A', 50],
      ['B', 0],
      ['C', 0],
    ]);
    const added = upsertJob(updated.jobs, job('D', 'running', 0), 3);
    expect(added.dropped).to.equal('B');
    expect(added.jobs.map((j) => j.key)).to.deep.equal(['A', 'C', 'D']);
    const forced = upsertJob(added.jobs, job('E', 'running', 0), 3);
    expect(forced.dropped, 'none ended: the oldest goes').to.equal('A');
    expect(forced.jobs.map((j) => j.key)).to.deep.equal(['C', 'D', 'E']);
  });

  it('bounds the job list in a long-running channel', () => {
    const reducer = createReducer('workflow-stages', { now: steppingClock(0, 10), jobLimit: 5 });
    let state = reducer.initialState();
    for (let i = 0; i < 40; i++) {
      state = reducer(state, message('stage', { stage: 'ai_parsing', poId: `PO-${i}`, status: 'started', message: 'Parsing' }));
      if (i % 2 === 0) state = reducer(state, message('error', { stage: 'ai_parsing', poId: `PO-${i}`, error: 'Bad file' }));
    }
    // Each failed job is dropped when the next one arrives; with none ended, the oldest goes.
    expect(state.jobs?.map((j) => j.key)).to.deep.equal(['PO-31', 'PO-33', 'PO-35', 'PO-37', 'PO-39']);
    expect(state.jobs?.every((j) => j.status === 'running')).to.equal(true);
  });
});
