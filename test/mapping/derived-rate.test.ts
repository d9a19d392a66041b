import { expect } from '@open-wc/testing';
import { createInitialState, createReducer, type ProgressState } from '../../src/mapping/index.js';
import { message } from './helpers.js';

// The estimator itself is tested on recorded and seeded series in
// test/node/mapping/eta-estimator.test.ts; these are the reducer's use of it.
describe('derived rate and ETA', () => {
  it('fills rate and ETA from a counter when the server sends neither', () => {
    const mapping = { events: { p: { counter: 'done', total: 'total', metrics: { Done: 'done' } } } };
    let now = 0;
    const reducer = createReducer(mapping, { now: () => now });
    let state = createInitialState();
    for (let i = 0; i <= 4; i++) {
      now = i * 1000;
      state = reducer(state, message('p', { done: i * 25, total: 500 }));
    }
    // 25 items/s throughout: 400 left take 16 s.
    expect(state.rate).to.be.closeTo(25, 1e-9);
    expect(state.etaMs).to.equal(16_000);
  });

  it('derives the ETA from the percent history when there is no counter', () => {
    let now = 0;
    const reducer = createReducer({ events: { p: { percent: 'p' } } }, { now: () => now });
    let state = createInitialState();
    for (const [t, p] of [
      [0, 0],
      [1000, 10],
      [2000, 20],
    ] as const) {
      now = t;
      state = reducer(state, message('p', { p, t }));
    }
    expect(state.etaMs, '10 %/s, 80 % left').to.equal(8000);
    expect(state.rate, 'a percent is not an item count: no rate').to.equal(null);
  });

  it('lets the server rate and ETA win, and can be turned off', () => {
    const serverSide = createReducer(
      { events: { p: { counter: 'done', total: 'total', rate: 'speed', etaSeconds: 'eta' } } },
      { now: () => 0 },
    );
    expect(serverSide(createInitialState(), message('p', { done: 1, total: 9, speed: 3, eta: 4 }))).to.include({ rate: 3, etaMs: 4000 });
    // The same series with derivation on and off: time passes, so only the option can make it null.
    const run = (derive: { eta: boolean }): ProgressState => {
      let now = 0;
      const reducer = createReducer({ events: { p: { percent: 'p' } }, derive }, { now: () => now });
      let state = createInitialState();
      for (const [t, p] of [
        [0, 0],
        [1000, 10],
        [2000, 20],
        [3000, 30],
      ] as const) {
        now = t;
        state = reducer(state, message('p', { p, t }));
      }
      return state;
    };
    expect(run({ eta: true }).etaMs, 'derived when on').to.be.a('number');
    expect(run({ eta: false }).etaMs).to.equal(null);
  });
});
