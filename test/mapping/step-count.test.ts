import { expect } from '@open-wc/testing';
import { createReducer, type Mapping } from '../../src/mapping/index.js';
import { message, run, steppingClock } from './helpers.js';

// Issue 14, item 20 (mapping part). Discovered steps read "Step 1 of 1", then "Step 2 of 2":
// when nothing says how many steps there are, `stepCount` is null (the element then shows
// "Step 2"). And a failure event updates what it carries, as a progress event does: the
// operation line said "Batch 5 of 10" while the reason said batch 6.

describe('the step count', () => {
  it('is unknown (null) while steps are only discovered', () => {
    const reducer = createReducer('typed-json', { now: steppingClock(0, 1000) });
    const update = (stage: string, current: number) =>
      message('message', { type: 'progress_update', jobId: 'j1', progress: { stage, current, total: 100 } });
    const states = run(reducer, reducer.initialState(), [update('fetching', 10), update('matching', 60), update('complete', 100)]);
    expect(states.map((state) => [state.stepIndex, state.stepCount])).to.deep.equal([
      [0, null],
      [1, null],
      [1, null],
    ]);
    expect(states[2]?.status).to.equal('complete');
  });

  it('is kept when the data sends it, in that event or an earlier one', () => {
    const mapping: Mapping = { events: { phase: [{ step: 'name' }, { when: 'of', stepCount: 'of' }] } };
    const reducer = createReducer(mapping, { now: steppingClock(0, 1000) });
    const states = run(reducer, reducer.initialState(), [
      message('phase', { name: 'a' }),
      message('phase', { name: 'b', of: 4 }),
      message('phase', { name: 'c' }),
    ]);
    expect(states.map((state) => state.stepCount)).to.deep.equal([null, 4, 4]);
  });

  it('is kept when the mapping declares the steps, and grows with a discovered one', () => {
    const reducer = createReducer({ steps: ['a', 'b'], events: { phase: { step: 'name' } } }, { now: () => 0 });
    const [first, extra] = run(reducer, reducer.initialState(), [message('phase', { name: 'a' }), message('phase', { name: 'c' })]);
    expect([first?.stepCount, extra?.stepCount]).to.deep.equal([2, 3]);
  });

  it('stays unknown for a step known only by position', () => {
    const reducer = createReducer({ events: { phase: { step: { index: 'n' } } } }, { now: () => 0 });
    expect(reducer(reducer.initialState(), message('phase', { n: 2 }))).to.include({ stepIndex: 2, stepCount: null });
  });

  it('leaves a percent from the steps indeterminate while the total is unknown', () => {
    const mapping: Mapping = { events: { phase: { step: { id: 'name', percent: 'p' }, stepCount: 'of', percent: { fromSteps: true } } } };
    const reducer = createReducer(mapping, { now: () => 0 });
    const [unknown, known] = run(reducer, reducer.initialState(), [
      message('phase', { name: 'a', p: 50 }),
      message('phase', { name: 'b', of: 4 }),
    ]);
    expect(unknown).to.include({ percent: null, stepCount: null, status: 'running' });
    expect(known).to.include({ percent: 25, stepCount: 4 });
  });
});

describe('a failure event', () => {
  it('batch-enrichment: updates the operation, counts and percent it carries', () => {
    const reducer = createReducer('batch-enrichment', { now: steppingClock(0, 1000) });
    const state = (batch: number, enriched: number, extra: object = {}) => ({
      total_items: 100,
      total_batches: 10,
      current_batch: batch,
      enriched_items: enriched,
      percent_complete: enriched,
      ...extra,
    });
    const [running, failed] = run(reducer, reducer.initialState(), [
      message('progress', { event_type: 'progress', bom_id: 'B', state: state(5, 40) }),
      message('enrichment.failed', {
        event_type: 'enrichment.failed',
        bom_id: 'B',
        state: state(6, 52, { current_item: { mpn: 'NE555' } }),
        error: 'Batch 6: supplier timeout',
      }),
    ]);
    expect(running?.operation).to.equal('Batch 5 of 10');
    expect(failed).to.include({ status: 'failed', error: 'Batch 6: supplier timeout', operation: 'Batch 6 of 10 · NE555', percent: 52 });
    expect(failed?.metrics).to.deep.include({ Enriched: 52, Total: 100 });
  });

  it('step-percent: raises the percent it carries', () => {
    const reducer = createReducer('step-percent', { now: steppingClock(0, 1000) });
    const [, failed] = run(reducer, reducer.initialState(), [
      message('message', { step: 'scanning', progress: 10 }),
      message('message', { step: 'error', progress: 35, message: 'Lost the database' }),
    ]);
    expect(failed).to.include({ status: 'failed', percent: 35, error: 'Lost the database' });
  });

  it('phase-snapshot: updates the operation and counters of its snapshot', () => {
    const reducer = createReducer('phase-snapshot', { now: steppingClock(0, 1000) });
    const snapshot = (completedSteps: number, currentOperation: string, mosProcessed: number) => ({
      jobId: 'n',
      status: 'running',
      completedSteps,
      totalSteps: 5,
      currentOperation,
      mosProcessed,
    });
    const [, failed] = run(reducer, reducer.initialState(), [
      message('progress', snapshot(1, 'Loading planned orders', 0)),
      message('error', { ...snapshot(2, 'Loading manufacturing orders', 812), status: 'failed', message: 'Deadlock' }),
    ]);
    expect(failed).to.include({ status: 'failed', error: 'Deadlock', operation: 'Loading manufacturing orders' });
    expect(failed?.metrics).to.deep.include({ 'Manufacturing orders': 812 });
  });
});
