import { expect } from '@open-wc/testing';
import { clientOptionsFor, createInitialState, createReducer, type MappingFunction, type ProgressState } from '../../src/mapping/index.js';
import { message, run, steppingClock } from './helpers.js';

// The escape hatch keeps the same promises as a declarative mapping.

const byHand: MappingFunction = (state, _message, { data, now }) => {
  const fields = (data ?? {}) as { pct?: number; note?: string; restart?: boolean; boom?: boolean };
  if (fields.boom) throw new Error('cannot map this');
  const base: ProgressState = fields.restart ? { ...createInitialState(), activity: state.activity, startedAt: now } : state;
  const activity = fields.note
    ? [...base.activity, { seq: (base.activity.at(-1)?.seq ?? 0) + 1, at: now, level: 'info' as const, message: fields.note }]
    : base.activity;
  return { ...base, status: 'running', percent: fields.pct ?? base.percent, activity, startedAt: base.startedAt ?? now };
};

describe('function mappings', () => {
  it('compute the state in code, with the parsed data and the clock', () => {
    const reducer = createReducer(byHand, { now: () => 42 });
    const state = reducer(createInitialState(), message('anything', { pct: 30, note: 'Hello' }, '1'));
    expect(state).to.include({ status: 'running', percent: 30, startedAt: 42, lastEventId: '1' });
    expect(state.activity).to.deep.equal([{ seq: 1, at: 42, level: 'info', message: 'Hello' }]);
    expect(reducer.mapping).to.equal(byHand);
  });

  it('drop duplicates, and keep the state when the function throws', () => {
    const reducer = createReducer(byHand, { now: () => 1, diagnostics: true });
    const states = run(reducer, createInitialState(), [
      message('p', { pct: 10 }, '1'),
      message('p', { pct: 10 }, '1'),
      message('p', { boom: true }, '2'),
    ]);
    expect(states[1]).to.equal(states[0]);
    expect(states[2]).to.deep.equal({ ...states[0], lastEventId: '2' });
    expect(reducer.diagnostics()?.['p']).to.deep.include({ count: 2, errors: 1 });
  });

  it('cannot move percent backwards unless a new job starts, nor grow the feed past its limit', () => {
    const reducer = createReducer(byHand, { now: steppingClock(0, 1), activityLimit: 2 });
    const states = run(reducer, createInitialState(), [
      message('p', { pct: 60, note: 'a' }),
      message('p', { pct: 20, note: 'b' }),
      message('p', { pct: 150, note: 'c' }),
      message('p', { pct: 10, restart: true }),
    ]);
    expect(states.map((s) => s.percent)).to.deep.equal([60, 60, 100, 10]);
    expect(states[2]?.activity.map((a) => a.message)).to.deep.equal(['b', 'c']);
  });

  it('imply no client options', () => {
    expect(clientOptionsFor(byHand)).to.deep.equal({});
  });
});
