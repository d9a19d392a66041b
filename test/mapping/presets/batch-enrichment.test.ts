import { expect } from '@open-wc/testing';
import { clientOptionsFor, createReducer, type ProgressState } from '../../../src/mapping/index.js';
import { rateAt, recordSample, type Estimate } from '../../../src/mapping/eta-estimator.js';
import { message, run, steppingClock } from '../helpers.js';

// Named events carrying a `state` object. The clock advances 1 s per event that reaches the
// mapping, starting at 1000.

const base = { status: 'enriching', total_items: 120, total_batches: 10, started_at: '2024-05-01T10:00:00Z' };
const event = (name: string, state: object, extra: object = {}): object => ({
  event_type: name,
  bom_id: 'BOM-7',
  state: { ...base, ...state },
  ...extra,
});

const lm358 = event('progress', {
  enriched_items: 10,
  failed_items: 1,
  pending_items: 109,
  percent_complete: 9.2,
  current_batch: 2,
  current_item: { mpn: 'LM358', status: 'enriched', message: '3 offers found' },
  estimated_time_remaining: 95,
});

const stream = [
  message('connected', { event_type: 'connected', bom_id: 'BOM-7' }),
  message(
    'enrichment.started',
    event('enrichment.started', { enriched_items: 0, failed_items: 0, pending_items: 120, percent_complete: 0, current_batch: 1 }),
    '1',
  ),
  message('progress', lm358, '2'),
  message('progress', lm358, '3'), // the same snapshot again
  message(
    'progress',
    event('progress', {
      enriched_items: 40,
      failed_items: 3,
      pending_items: 77,
      percent_complete: 35.8,
      current_batch: 4,
      current_item: { mpn: 'NE555', status: 'failed' },
    }),
    '4',
  ),
  // A backend that renamed enriched_items: the count stays where it was, diagnostics say why.
  message(
    'progress',
    event('progress', { processed_items: 60, failed_items: 4, pending_items: 56, percent_complete: 53.3, current_batch: 6 }),
    '5',
  ),
  message(
    'enrichment.completed',
    event('enrichment.completed', {
      status: 'completed',
      enriched_items: 114,
      failed_items: 6,
      pending_items: 0,
      percent_complete: 100,
      current_batch: 10,
    }),
    '6',
  ),
  message('stream_end', { event_type: 'stream_end', reason: 'completed' }, '7'),
];

describe('preset batch-enrichment', () => {
  it('turns an enrichment run into a complete state', () => {
    const reducer = createReducer('batch-enrichment', { now: steppingClock(0, 1000), diagnostics: true });
    const states = run(reducer, reducer.initialState(), stream);

    expect(states[0]).to.include({ status: 'idle', percent: null });
    expect(states[1]).to.include({ status: 'running', percent: 0, operation: 'Batch 1 of 10' });
    expect(states[2]).to.include({
      percent: 9.2,
      operation: 'Batch 2 of 10 · LM358',
      message: '3 offers found', // the operation names the item: once is enough
      etaMs: 95_000,
      rate: null,
    });
    expect(states[3]?.activity, 'a repeated snapshot adds no line').to.equal(states[2]?.activity);
    // The rate of enriched + failed items, from the ETA estimator (eta-estimator.ts): 0 → 11
    // over [2 s, 3 s], then nothing new at 4 s, counted as a second without progress. Its second
    // average weighs the older second more (its weights peak τ back), so not 5.5/s but 8.06/s.
    const counter: Estimate = {};
    recordSample(counter, 2000, 0, 10_000);
    recordSample(counter, 3000, 11, 10_000);
    expect(states[3]).to.include({ lastEventId: '3' });
    expect(states[3]?.rate).to.be.closeTo(rateAt(counter, 4000, 10_000) ?? 0, 1e-9);
    expect(states[3]?.rate).to.be.closeTo(8.06, 0.01);

    // No ETA from the server: derived from that rate, 43 items at 5 s.
    recordSample(counter, 5000, 43, 10_000);
    const rate = rateAt(counter, 5000, 10_000) ?? 0;
    const fourth = states[4];
    expect(fourth).to.include({
      percent: 35.8,
      operation: 'Batch 4 of 10 · NE555',
      message: 'failed',
      etaMs: Math.round((77 / rate) * 1000),
    });
    expect(fourth?.rate).to.be.closeTo(rate, 1e-9);

    expect(states[5]).to.include({ percent: 53.3, operation: 'Batch 6 of 10' });
    expect(states[5]?.metrics).to.deep.equal({ Enriched: 40, Failed: 4, Pending: 56, Total: 120 });
    const progress = reducer.diagnostics()?.['progress'];
    expect(progress?.missing['state.enriched_items']).to.equal(1);

    const expected: ProgressState = {
      status: 'complete',
      percent: 100,
      message: 'Enrichment complete: 114 enriched, 6 failed',
      operation: 'Batch 10 of 10',
      steps: [],
      stepIndex: null,
      stepCount: null,
      metrics: { Enriched: 114, Failed: 6, Pending: 0, Total: 120 },
      rate: null,
      etaMs: null,
      stalled: false,
      progressAt: 7000,
      activity: [
        { seq: 1, at: 1000, level: 'info', message: 'Connected to BOM BOM-7' },
        { seq: 2, at: 2000, level: 'info', message: 'Enrichment started: 120 items' },
        { seq: 3, at: 3000, level: 'success', message: 'LM358: 3 offers found' },
        { seq: 4, at: 5000, level: 'error', message: 'NE555: failed' },
        { seq: 5, at: 7000, level: 'success', message: 'Enrichment complete: 114 enriched, 6 failed' },
        { seq: 6, at: 8000, level: 'info', message: 'Stream ended: completed' },
      ],
      error: null,
      lastEventId: '7',
      startedAt: 2000,
      updatedAt: 7000,
      completedAt: 7000,
    };
    expect(states.at(-1)).to.deep.equal(expected);
  });

  it('fails with the reason from error or state.error', () => {
    for (const [extra, state, reason] of [
      [{ error: 'Supplier API quota exceeded' }, {}, 'Supplier API quota exceeded'],
      [{}, { status: 'failed', error: 'Octopart timeout' }, 'Octopart timeout'],
    ] as Array<[object, object, string]>) {
      const reducer = createReducer('batch-enrichment', { now: steppingClock(0, 1000) });
      const states = run(reducer, reducer.initialState(), [
        message(
          'enrichment.started',
          event('enrichment.started', { enriched_items: 0, failed_items: 0, pending_items: 120, percent_complete: 0 }),
          '1',
        ),
        message('progress', lm358, '2'),
        message(
          'enrichment.failed',
          event('enrichment.failed', { enriched_items: 12, failed_items: 1, pending_items: 107, ...state }, extra),
          '3',
        ),
        message('stream_end', { event_type: 'stream_end', reason: 'failed' }, '4'),
      ]);
      const failed = states[2];
      expect(failed, reason).to.include({ status: 'failed', error: reason, percent: 9.2, completedAt: 3000, etaMs: null });
      expect(failed?.metrics, reason).to.deep.equal({ Enriched: 12, Failed: 1, Pending: 107, Total: 120 });
      expect(failed?.activity.at(-1), reason).to.deep.equal({ seq: 3, at: 3000, level: 'error', message: reason });
      expect(states[3]?.status, 'stream_end after a failure changes nothing but the feed').to.equal('failed');
      expect(states[3]?.activity.at(-1)?.message).to.equal('Stream ended: failed');
    }
  });

  it('routes by event_type when the server sends unnamed events', () => {
    const reducer = createReducer('batch-enrichment', { now: steppingClock(0, 1000) });
    const [state] = run(reducer, reducer.initialState(), [message('message', lm358)]);
    expect(state).to.include({ status: 'running', percent: 9.2, operation: 'Batch 2 of 10 · LM358' });
  });

  it('completes a running job when the stream ends with reason "completed"', () => {
    const reducer = createReducer('batch-enrichment', { now: steppingClock(0, 1000) });
    const [, ended] = run(reducer, reducer.initialState(), [
      message('progress', lm358),
      message('stream_end', { event_type: 'stream_end', reason: 'completed' }),
    ]);
    expect(ended).to.include({ status: 'complete', percent: 100 });
  });

  it("ends the stream on its terminal events, a failed handler's `error` event and a cancellation", () => {
    const options = clientOptionsFor('batch-enrichment');
    expect(options.terminalEvents).to.deep.equal([
      'enrichment.completed',
      'enrichment.failed',
      'enrichment.cancelled',
      'stream_end',
      'error',
    ]);
    // A snapshot saying the job was cancelled (test/node/mapping/preset-control.test.ts has the rest).
    expect(options.isTerminal?.(message('progress', { state: { status: 'cancelled' } }))).to.equal(true);
    expect(options.isTerminal?.(message('progress', { state: { status: 'enriching' } }))).to.equal(false);
  });
});
