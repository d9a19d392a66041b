import { expect } from '@open-wc/testing';
import { etaFromRate, rateOf, sampleRate, type RateHistory } from '../../src/mapping/derived-rate.js';
import { createInitialState, createReducer } from '../../src/mapping/index.js';
import { message } from './helpers.js';

/** A counter history with the given warm-up, smoothed with a 10 s time constant. */
function estimator(warmupMs: number): {
  sample(at: number, value: number): void;
  readonly rate: number | null;
  readonly history: RateHistory;
} {
  const history: RateHistory = {};
  return {
    history,
    sample: (at, value) => sampleRate(history, at, value, 10_000, warmupMs),
    get rate() {
      return rateOf(history, warmupMs);
    },
  };
}

describe('derived rate and ETA', () => {
  it('reports nothing until enough history exists, then the average over it', () => {
    const rate = estimator(2_000);
    rate.sample(0, 0);
    expect(rate.rate).to.equal(null);
    rate.sample(1000, 30);
    expect(rate.rate, 'one second is not enough').to.equal(null);
    rate.sample(2000, 40);
    expect(rate.rate).to.equal(20);
  });

  it('smooths a burst instead of jumping to it', () => {
    const rate = estimator(2_000);
    for (let t = 0; t <= 10_000; t += 1000) rate.sample(t, t / 100); // a steady 10/s
    expect(rate.rate).to.be.closeTo(10, 1e-9);
    rate.sample(11_000, 100 + 100); // one second at 100/s
    const after = rate.rate ?? 0;
    expect(after).to.be.closeTo(10 + (1 - Math.exp(-0.1)) * 90, 1e-9);
    expect(after, 'moves towards the burst, far from it').to.be.below(20);
  });

  it('merges samples closer than 200 ms and ignores time going backwards', () => {
    const rate = estimator(1_000);
    rate.sample(0, 0);
    rate.sample(1000, 10);
    rate.sample(1050, 500); // merged into the next sample
    rate.sample(900, 12); // stale: time went backwards
    expect(rate.rate).to.equal(10);
    rate.sample(2000, 520);
    expect(rate.rate, 'the merged sample counts from 1000 ms').to.be.closeTo(10 + (1 - Math.exp(-0.1)) * (510 - 10), 1e-9);
  });

  it('restarts when the counter goes down (a new run)', () => {
    const rate = estimator(1_000);
    rate.sample(0, 100);
    rate.sample(1000, 200);
    expect(rate.rate).to.equal(100);
    rate.sample(2000, 5);
    expect(rate.rate).to.equal(null);
    expect(rate.history.lastValue).to.equal(5);
  });

  it('turns a rate into milliseconds left', () => {
    expect(etaFromRate(77, 8)).to.equal(9625);
    expect(etaFromRate(10, 0)).to.equal(null);
    expect(etaFromRate(10, null)).to.equal(null);
    expect(etaFromRate(-1, 5)).to.equal(null);
  });

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
    const off = createReducer({ events: { p: { percent: 'p' } }, derive: { eta: false } }, { now: () => 0 });
    let state = createInitialState();
    for (const [t, p] of [
      [0, 0],
      [1000, 10],
      [2000, 20],
      [3000, 30],
    ] as const)
      state = off(state, message('p', { p, t }));
    expect(state.etaMs).to.equal(null);
  });
});
