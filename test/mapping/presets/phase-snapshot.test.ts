import { expect } from '@open-wc/testing';
import { clientOptionsFor, createReducer, type ProgressState } from '../../../src/mapping/index.js';
import { message, run, steppingClock } from '../helpers.js';

/** "Step N of M" as the element renders it: the current step, never past the count. */
function formatStepPosition(state: ProgressState): string {
  const count = Math.max(state.stepCount ?? 0, state.steps.length);
  return state.stepIndex === null || count === 0 ? '' : `Step ${Math.min(state.stepIndex + 1, count)} of ${count}`;
}

// Full snapshots, re-sent every 15 s as a heartbeat. The clock advances 15 s per event that
// reaches the mapping, starting at 15000.

const snapshot = (fields: object): object => ({
  jobId: 'nightly-1',
  status: 'running',
  totalSteps: 5,
  coLinesProcessed: 0,
  mosProcessed: 0,
  mopsProcessed: 0,
  ...fields,
});

const planned = snapshot({
  completedSteps: 1,
  currentOperation: 'Loading planned orders',
  message: 'Loading planned orders',
  recordsPerSecond: 150,
  estimatedTimeRemaining: 30,
  mopsProcessed: 1234,
  currentBatch: 3,
  totalBatches: 10,
});

const stream = [
  message(
    'progress',
    snapshot({
      completedSteps: 0,
      currentOperation: 'Preparing database',
      message: 'Preparing database',
      recordsPerSecond: 0,
      estimatedTimeRemaining: 600,
    }),
    '1',
  ),
  message('progress', planned, '2'),
  message('progress', planned, '3'), // the 15-second re-send
  message('progress', { ...planned, estimatedTimeRemaining: 28, currentBatch: 5 }, '4'),
  message(
    'progress',
    snapshot({
      completedSteps: 3,
      currentOperation: 'Loading customer order lines',
      message: 'Loading customer order lines',
      recordsPerSecond: 200,
      estimatedTimeRemaining: 20,
      mopsProcessed: 2000,
      mosProcessed: 800,
      coLinesProcessed: 100,
      currentBatch: 1,
      totalBatches: 4,
    }),
    '5',
  ),
  message(
    'complete',
    snapshot({
      status: 'completed',
      completedSteps: 5,
      currentOperation: 'Finalizing',
      message: 'Import finished',
      recordsPerSecond: 0,
      estimatedTimeRemaining: 0,
      mopsProcessed: 2000,
      mosProcessed: 800,
      coLinesProcessed: 5000,
    }),
    '6',
  ),
];

describe('preset phase-snapshot', () => {
  it('turns a nightly import into a complete state', () => {
    const reducer = createReducer('phase-snapshot', { now: steppingClock(0, 15_000) });
    const states = run(reducer, reducer.initialState(), stream);

    expect(states[0]).to.include({ status: 'running', percent: 0, stepIndex: 0, operation: 'Preparing database', rate: 0, etaMs: 600_000 });
    // The server's ETA is smoothed (server-eta.ts, time constant 5 s): what was shown, counted
    // down by 15 s (and moved on towards the server's newest value), moves towards the new
    // value by 1 − e^(−15/5); then the re-sent 30 s, then 28 s.
    const fade = Math.exp(-15_000 / 5_000);
    let target = 600_000;
    let gap = 0;
    const next = (said: number): number => {
      const shown = Math.max(0, target - 15_000) + gap * fade;
      const moved = shown + (1 - fade) * (said - shown);
      [target, gap] = [said, moved - said];
      return Math.round(moved);
    };
    const smoothed = [next(30_000), next(30_000), next(28_000)];
    const second = states[1];
    expect(second).to.include({
      percent: 26,
      stepIndex: 1,
      stepCount: 5,
      operation: 'Loading planned orders (batch 3 of 10)',
      rate: 150,
      etaMs: smoothed[0],
    });
    expect(smoothed[0], 'from 10 min down to about a minute at once').to.be.within(57_000, 58_000);
    expect(second && formatStepPosition(second)).to.equal('Step 2 of 5');
    expect(second?.metrics).to.deep.equal({ 'Planned orders': 1234, 'Manufacturing orders': 0, 'Customer order lines': 0 });
    expect(states[2]?.activity, 'a re-sent snapshot adds no line').to.equal(second?.activity);
    expect(states[2]).to.include({ lastEventId: '3', updatedAt: 45_000, percent: 26 });
    expect(states[2]?.etaMs).to.be.closeTo(smoothed[1] ?? 0, 1);
    expect(states[3]?.percent).to.equal(30);
    expect(states[3]?.etaMs, 'close to what the server says by now')
      .to.be.closeTo(smoothed[2] ?? 0, 1)
      .and.within(27_000, 29_000);
    expect(states[3]?.activity).to.equal(second?.activity);
    expect(states[4]).to.include({ percent: 65, stepIndex: 3 });
    expect(states[4] && formatStepPosition(states[4])).to.equal('Step 4 of 5');

    const expected: ProgressState = {
      status: 'complete',
      percent: 100,
      message: 'Import finished',
      operation: 'Finalizing',
      steps: [
        { id: 'preparing-database', label: 'Preparing database', status: 'complete', startedAt: 15_000, completedAt: 30_000 },
        {
          id: 'loading-planned-orders',
          label: 'Loading planned orders',
          status: 'complete',
          startedAt: 30_000,
          percent: 100,
          completedAt: 75_000,
        },
        { id: 'loading-manufacturing-orders', label: 'Loading manufacturing orders', status: 'complete', completedAt: 75_000 },
        {
          id: 'loading-customer-order-lines',
          label: 'Loading customer order lines',
          status: 'complete',
          startedAt: 75_000,
          percent: 100,
          completedAt: 90_000,
        },
        { id: 'finalizing', label: 'Finalizing', status: 'complete', completedAt: 90_000 },
      ],
      stepIndex: 4,
      stepCount: 5,
      metrics: { 'Planned orders': 2000, 'Manufacturing orders': 800, 'Customer order lines': 5000 },
      rate: null,
      etaMs: null,
      stalled: false,
      progressAt: 90_000,
      activity: [
        { seq: 1, at: 15_000, level: 'info', message: 'Preparing database', step: 'preparing-database' },
        { seq: 2, at: 30_000, level: 'info', message: 'Loading planned orders', step: 'loading-planned-orders' },
        { seq: 3, at: 75_000, level: 'info', message: 'Loading customer order lines', step: 'loading-customer-order-lines' },
        { seq: 4, at: 90_000, level: 'success', message: 'Import finished', step: 'finalizing' },
      ],
      error: null,
      lastEventId: '6',
      startedAt: 15_000,
      updatedAt: 90_000,
      completedAt: 90_000,
    };
    expect(states.at(-1)).to.deep.equal(expected);
    expect(formatStepPosition(expected)).to.equal('Step 5 of 5');
  });

  it('fails on the error event with the reason from message or error', () => {
    for (const [fields, reason] of [
      [{ message: 'Deadlock while loading manufacturing orders' }, 'Deadlock while loading manufacturing orders'],
      [{ error: 'Connection reset' }, 'Connection reset'],
    ] as Array<[object, string]>) {
      const reducer = createReducer('phase-snapshot', { now: steppingClock(0, 15_000) });
      const states = run(reducer, reducer.initialState(), [
        message('progress', planned, '1'),
        message(
          'error',
          snapshot({ status: 'failed', completedSteps: 2, currentOperation: 'Loading manufacturing orders', ...fields }),
          '2',
        ),
      ]);
      const failed = states[1];
      expect(failed, reason).to.include({ status: 'failed', error: reason, stepIndex: 2, percent: 40, etaMs: null, rate: null });
      expect(
        failed?.steps.map((s) => s.status),
        reason,
      ).to.deep.equal(['complete', 'complete', 'failed', 'pending', 'pending']);
      expect(failed?.activity.at(-1), reason).to.deep.include({ level: 'error', message: reason });
    }
  });

  it('starts over for a new jobId', () => {
    const reducer = createReducer('phase-snapshot', { now: steppingClock(0, 15_000) });
    const states = run(reducer, reducer.initialState(), [
      ...stream,
      message(
        'progress',
        snapshot({ jobId: 'nightly-2', completedSteps: 0, currentOperation: 'Preparing database', message: 'Preparing database' }),
        '7',
      ),
    ]);
    const next = states.at(-1);
    expect(next).to.include({ status: 'running', percent: 0, stepIndex: 0, completedAt: null, startedAt: 105_000 });
    expect(next?.steps.map((s) => s.status)).to.deep.equal(['active', 'pending', 'pending', 'pending', 'pending']);
    expect(next?.activity.length).to.equal(5);
  });

  it('ends the stream on complete, error and a cancellation', () => {
    const options = clientOptionsFor('phase-snapshot');
    expect(options.terminalEvents).to.deep.equal(['complete', 'error', 'cancelled']);
    expect(options.isTerminal?.(message('progress', { status: 'cancelled' }))).to.equal(true);
    expect(options.isTerminal?.(message('progress', { status: 'paused' }))).to.equal(false);
  });
});
