import { expect } from '@open-wc/testing';
import { clientOptionsFor, createReducer, type ProgressState } from '../../../src/mapping/index.js';
import { etaFromRate, rateAt, recordSample, type Estimate } from '../../../src/mapping/eta-estimator.js';
import { message, run, steppingClock } from '../helpers.js';

// Unnamed events: {"step", "progress", "message"}. The clock advances 1 s per applied event,
// starting at 1000; duplicates and heartbeats do not read it.

const successStream = [
  message('message', { step: 'scanning', progress: 5, message: 'Scanning schema...' }, '1'),
  message('message', { step: 'scanning', progress: 5, message: 'Scanning schema...' }, '1'), // replayed
  message(
    'message',
    { step: 'indexing', progress: 20, message: 'Analyzing 59 tables, 450 columns...', stats: { tables: 59, columns: 450 } },
    '2',
  ),
  message('message', { step: 'analyzing', progress: 15, message: 'Analyzing relationships' }, '3'), // percent dips
  message(
    'message',
    { step: 'indexing', progress: 20, message: 'Analyzing 59 tables, 450 columns...', stats: { tables: 59, columns: 450 } },
    '2',
  ), // reordered replay
  message('message', { step: 'generating', message: 'Generating documentation' }, '4'), // no progress field
  message('message', 'not json at all', '5'),
  message('message', { step: 'optimizing', progress: 90, message: 'Optimizing indexes' }, '6'),
  message('message', { step: 'complete', progress: 100, message: 'Analysis complete', result: { documents: 12 } }, '7'),
];

describe('preset step-percent', () => {
  it('turns a successful run into a complete state', () => {
    const reducer = createReducer('step-percent', { now: steppingClock(0, 1000) });
    const states = run(reducer, reducer.initialState(), successStream);

    expect(states[0]).to.include({ status: 'running', percent: 5, stepIndex: 0, stepCount: 6, message: 'Scanning schema...' });
    expect(states[1], 'a replayed id changes nothing').to.equal(states[0]);
    expect(states[3]?.percent, 'percent never goes back').to.equal(20);
    expect(states[3]?.stepIndex).to.equal(2);
    // Derived from the percent's estimate (eta-estimator.ts): 5 → 20 % over [1 s, 2 s], then a
    // second without progress. The second average weighs the older second more (its weights
    // peak τ back: a short gap is not yet a stall), so ≈ 11 %/s rather than the mean 7.5 %/s.
    const percent: Estimate = {};
    recordSample(percent, 1000, 5, 10_000);
    recordSample(percent, 2000, 20, 10_000);
    expect(states[3]?.etaMs).to.equal(etaFromRate(80, rateAt(percent, 3000, 10_000)));
    expect(states[3]?.etaMs).to.be.within(7000, 7500);
    expect(states[4], 'reordered replay of id 2 is dropped').to.equal(states[3]);
    expect(states[5]).to.include({ percent: 20, stepIndex: 3, message: 'Generating documentation' });
    expect(states[6]).to.include({ percent: 20, stepIndex: 3, message: 'Generating documentation', lastEventId: '5' });
    expect(states[6]?.activity).to.equal(states[5]?.activity);

    const expected: ProgressState = {
      status: 'complete',
      percent: 100,
      message: 'Analysis complete',
      operation: '',
      steps: [
        { id: 'scanning', label: 'Scanning', status: 'complete', startedAt: 1000, completedAt: 2000 },
        { id: 'indexing', label: 'Indexing', status: 'complete', startedAt: 2000, completedAt: 3000 },
        { id: 'analyzing', label: 'Analyzing', status: 'complete', startedAt: 3000, completedAt: 4000 },
        { id: 'generating', label: 'Generating', status: 'complete', startedAt: 4000, completedAt: 6000 },
        { id: 'optimizing', label: 'Optimizing', status: 'complete', startedAt: 6000, completedAt: 7000 },
        { id: 'complete', label: 'Complete', status: 'complete', startedAt: 7000, completedAt: 7000 },
      ],
      stepIndex: 5,
      stepCount: 6,
      metrics: {},
      rate: null,
      etaMs: null,
      stalled: false,
      progressAt: 7000,
      activity: [
        { seq: 1, at: 1000, level: 'info', message: 'Scanning schema...', step: 'scanning' },
        { seq: 2, at: 2000, level: 'info', message: 'Analyzing 59 tables, 450 columns...', step: 'indexing' },
        { seq: 3, at: 3000, level: 'info', message: 'Analyzing relationships', step: 'analyzing' },
        { seq: 4, at: 4000, level: 'info', message: 'Generating documentation', step: 'generating' },
        { seq: 5, at: 6000, level: 'info', message: 'Optimizing indexes', step: 'optimizing' },
        { seq: 6, at: 7000, level: 'success', message: 'Analysis complete', step: 'complete' },
      ],
      error: null,
      lastEventId: '7',
      startedAt: 1000,
      updatedAt: 7000,
      completedAt: 7000,
    };
    expect(states.at(-1)).to.deep.equal(expected);
  });

  it('fails on step "error", marks the current step failed, and ignores later events', () => {
    const reducer = createReducer('step-percent', { now: steppingClock(0, 1000) });
    const states = run(reducer, reducer.initialState(), [
      message('message', { step: 'scanning', progress: 10, message: 'Scanning' }, 'a1'),
      message('message', { step: 'indexing', progress: 30, message: 'Indexing' }, 'a2'),
      message('message', { step: 'error', progress: 30, message: 'Database connection lost' }, 'a3'),
      message('message', { step: 'analyzing', progress: 50, message: 'Analyzing' }, 'a4'),
    ]);
    const failed = states[2];
    expect(failed).to.include({
      status: 'failed',
      error: 'Database connection lost',
      percent: 30,
      stepIndex: 1,
      completedAt: 3000,
      etaMs: null,
    });
    expect(failed?.steps.map((s) => s.status)).to.deep.equal(['complete', 'failed', 'pending', 'pending', 'pending', 'pending']);
    expect(
      failed?.steps.map((s) => s.id),
      '"error" is not a step',
    ).to.not.include('error');
    expect(failed?.activity.at(-1)).to.deep.equal({
      seq: 3,
      at: 3000,
      level: 'error',
      message: 'Database connection lost',
      step: 'indexing',
    });

    const after = states[3];
    expect(after).to.deep.equal({ ...failed, lastEventId: 'a4' });
  });

  it('fails on an error field, preferring it over the message', () => {
    const reducer = createReducer('step-percent', { now: steppingClock(0, 1000) });
    const [, failed] = run(reducer, reducer.initialState(), [
      message('message', { step: 'analyzing', progress: 40, message: 'Analyzing' }),
      message('message', { step: 'analyzing', progress: 40, message: 'Stopped', error: 'Out of memory' }),
    ]);
    expect(failed).to.include({ status: 'failed', error: 'Out of memory', percent: 40 });
    expect(failed?.steps[2]?.status).to.equal('failed');
    expect(failed?.steps.slice(0, 2).map((s) => s.status)).to.deep.equal(['complete', 'complete']);
  });

  it('tolerates missing fields and says which ones in diagnostics', () => {
    const reducer = createReducer('step-percent', { now: steppingClock(0, 1000), diagnostics: true });
    const [state] = run(reducer, reducer.initialState(), [message('message', { progress: 50 })]);
    expect(state).to.include({ status: 'running', percent: 50, stepIndex: null, message: '' });
    const report = reducer.diagnostics();
    expect(report?.['message']?.missing).to.deep.equal({ step: 1, message: 1 });
  });

  it('declares the end of the stream in the data', () => {
    const { isTerminal, terminalEvents, heartbeatEvents } = clientOptionsFor('step-percent');
    expect(terminalEvents, 'a NestJS handler that threw').to.deep.equal(['error']);
    expect(heartbeatEvents).to.equal(undefined);
    expect(isTerminal?.(message('message', { step: 'complete', progress: 100 }))).to.equal(true);
    expect(isTerminal?.(message('message', { step: 'error', message: 'x' }))).to.equal(true);
    expect(isTerminal?.(message('message', { step: 'indexing', error: 'boom' }))).to.equal(true);
    expect(isTerminal?.(message('message', { step: 'indexing', progress: 20, error: null }))).to.equal(false);
    expect(isTerminal?.(message('message', { step: 'indexing', progress: 20, error: '' })), 'an empty error field is no error').to.equal(
      false,
    );
    expect(isTerminal?.(message('message', 'garbage'))).to.equal(false);
  });
});
