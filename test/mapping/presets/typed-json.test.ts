import { expect } from '@open-wc/testing';
import { clientOptionsFor, createReducer, type ProgressState } from '../../../src/mapping/index.js';
import { etaFromRate, rateAt, recordSample, type Estimate } from '../../../src/mapping/eta-estimator.js';
import { message, run, steppingClock } from '../helpers.js';

// Unnamed events routed by `type`. The clock advances 1 s per event that reaches the mapping,
// starting at 1000.

const progress = (jobId: string, stage: string, current: number, total: number, text?: string): object => ({
  type: 'progress_update',
  jobId,
  progress: { stage, current, total, ...(text === undefined ? {} : { message: text }), timestamp: '2024-05-01T10:00:00Z' },
});

const stream = [
  message('message', { type: 'connected', message: 'Connected to progress stream' }, '1'),
  message(
    'message',
    { type: 'status_update', sourceId: 's1', status: 'syncing', sourceName: 'Shopify', updatedAt: '2024-05-01T10:00:00Z' },
    '2',
  ),
  message('message', progress('j1', 'fetching', 10, 200, 'Fetching orders'), '3'),
  message('message', progress('j1', 'fetching', 50, 200, 'Fetching orders'), '4'),
  message('message', progress('j1', 'matching', 120, 200, 'Matching products'), '5'),
  message('message', { type: 'new_proposal', proposalId: 'p1', title: 'Merge duplicate SKUs', confidence: 0.87 }, '6'),
  message('message', progress('j1', 'complete', 200, 200, 'Import finished'), '7'),
  message('message', { type: 'proposal_update', proposalId: 'p1', confidence: 0.9 }, '8'),
  message('message', { type: 'proposal_deleted', proposalId: 'p1' }, '9'),
];

describe('preset typed-json', () => {
  it('turns a run with proposals into a complete state', () => {
    const reducer = createReducer('typed-json', { now: steppingClock(0, 1000) });
    const states = run(reducer, reducer.initialState(), stream);

    expect(states[1], 'status and connection events do not start the job').to.include({ status: 'idle', percent: null });
    expect(states[2]).to.include({ status: 'running', percent: 5, stepIndex: 0, message: 'Fetching orders' });
    expect(states[3]).to.include({ percent: 25, rate: null, etaMs: null });
    expect(states[3]?.activity, 'an unchanged message adds no line').to.equal(states[2]?.activity);
    // Counter 10 → 50 → 120 at 3, 4 and 5 s (40/s, then 70/s), through the estimator
    // (eta-estimator.ts): the mean is 55/s, the second average weighs the older second more.
    const counter: Estimate = {};
    for (const [at, value] of [
      [3000, 10],
      [4000, 50],
      [5000, 120],
    ] as const)
      recordSample(counter, at, value, 10_000);
    const rate = rateAt(counter, 5000, 10_000);
    expect(states[4]).to.include({ percent: 60, stepIndex: 1, rate, etaMs: etaFromRate(80, rate) });
    expect(rate).to.be.closeTo(48, 0.1);

    const expected: ProgressState = {
      status: 'complete',
      percent: 100,
      message: 'Import finished',
      operation: '',
      steps: [
        { id: 'fetching', label: 'Fetching', status: 'complete', startedAt: 3000, completedAt: 5000 },
        { id: 'matching', label: 'Matching', status: 'complete', startedAt: 5000, completedAt: 7000 },
      ],
      stepIndex: 1,
      stepCount: null, // the steps were discovered: their total is unknown
      metrics: { Processed: 200, Total: 200 },
      rate: null,
      etaMs: null,
      stalled: false,
      progressAt: 7000,
      activity: [
        { seq: 1, at: 1000, level: 'info', message: 'Connected to progress stream' },
        { seq: 2, at: 2000, level: 'info', message: 'Shopify: syncing' },
        { seq: 3, at: 3000, level: 'info', message: 'Fetching orders', step: 'fetching' },
        { seq: 4, at: 5000, level: 'info', message: 'Matching products', step: 'matching' },
        { seq: 5, at: 6000, level: 'info', message: 'New proposal: Merge duplicate SKUs (confidence 0.87)' },
        { seq: 6, at: 7000, level: 'success', message: 'Import finished', step: 'matching' },
        { seq: 7, at: 8000, level: 'info', message: 'Proposal p1 updated' },
        { seq: 8, at: 9000, level: 'warning', message: 'Proposal p1 deleted' },
      ],
      error: null,
      lastEventId: '9',
      startedAt: 3000,
      updatedAt: 7000,
      completedAt: 7000,
    };
    expect(states.at(-1)).to.deep.equal(expected);
  });

  it('starts over when a new jobId arrives, keeping the feed', () => {
    const reducer = createReducer('typed-json', { now: steppingClock(0, 1000) });
    const states = run(reducer, reducer.initialState(), [
      ...stream,
      message('message', { type: 'mystery', foo: 1 }, '10'),
      message('message', progress('j2', 'fetching', 5, 100, 'Fetching orders'), '11'),
    ]);
    expect(states[9], 'an unknown type is ignored').to.deep.equal({ ...states[8], lastEventId: '10' });
    const next = states[10];
    expect(next).to.include({ status: 'running', percent: 5, stepIndex: 0, startedAt: 11_000, completedAt: null, error: null });
    expect(next?.steps).to.deep.equal([{ id: 'fetching', label: 'Fetching', status: 'active', startedAt: 11_000 }]);
    expect(next?.metrics).to.deep.equal({ Processed: 5, Total: 100 });
    expect(next?.activity.map((a) => a.message).slice(-2)).to.deep.equal(['Proposal p1 deleted', 'Fetching orders']);
  });

  it('fails on stage "failed", stage "error" or an error field', () => {
    const cases: Array<[object, string]> = [
      [progress('j1', 'failed', 40, 200, 'Source unreachable'), 'Source unreachable'],
      [progress('j1', 'error', 40, 200, 'Rate limited'), 'Rate limited'],
      [{ ...progress('j1', 'fetching', 40, 200, 'Fetching orders'), error: 'Token expired' }, 'Token expired'],
      [{ ...progress('j1', 'fetching', 40, 200), error: { message: 'Quota exceeded' } }, 'Quota exceeded'],
    ];
    for (const [data, reason] of cases) {
      const reducer = createReducer('typed-json', { now: steppingClock(0, 1000) });
      const [, failed] = run(reducer, reducer.initialState(), [
        message('message', progress('j1', 'fetching', 20, 200, 'Fetching orders')),
        message('message', data),
      ]);
      // The failing event's own progress (40 of 200) applies too.
      expect(failed, reason).to.include({ status: 'failed', error: reason, percent: 20 });
      expect(failed?.metrics, reason).to.deep.equal({ Processed: 40, Total: 200 });
      expect(
        failed?.steps.map((s) => [s.id, s.status]),
        reason,
      ).to.deep.equal([['fetching', 'failed']]);
      expect(failed?.activity.at(-1)?.level, reason).to.equal('error');
    }
  });

  it("reports sources without a name, and ends the stream only on a failed handler's `error` event", () => {
    const reducer = createReducer('typed-json', { now: steppingClock(0, 1000) });
    const [state] = run(reducer, reducer.initialState(), [message('message', { type: 'status_update', sourceId: 's2', status: 'failed' })]);
    expect(state?.activity).to.deep.equal([{ seq: 1, at: 1000, level: 'error', message: 'Source s2: failed' }]);
    expect(clientOptionsFor('typed-json')).to.deep.equal({ terminalEvents: ['error'] });
  });
});
