// reducer.at(): rate, ETA, `stalled` and the steps' ETAs between events; paused jobs; the
// server's ETA smoothed and counted down; a state from at() reduces like its input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StreamMessage } from '../../../src/client/types.js';
import { createReducer, type Mapping, type ProgressState } from '../../../src/mapping/index.js';

const message = (event: string, data: unknown, id?: string): StreamMessage => ({
  event,
  data: JSON.stringify(data),
  ...(id ? { id } : {}),
});

const counting: Mapping = {
  events: {
    p: { counter: 'done', total: 'total', etaSeconds: 'eta', rate: 'speed', status: { path: 'status' }, message: 'text' },
    s: { step: { id: 'step', percent: 'pct' } },
  },
};

/** A reducer on a hand clock, and 10 items/s for `seconds` s (one event a second). */
function steady(seconds: number, mapping: Mapping = counting) {
  const clock = { now: 0 };
  const reducer = createReducer(mapping, { now: () => clock.now });
  let state = reducer.initialState();
  for (let t = 0; t <= seconds; t++) {
    clock.now = t * 1000;
    state = reducer(state, message('p', { done: t * 10, total: 1000 }, `e${t}`));
  }
  return { clock, reducer, state };
}

describe('reducer.at()', () => {
  it('returns the same object when nothing changed, and the state from the last event at its own time', () => {
    const { reducer, state } = steady(30);
    assert.equal(reducer.at(state, 30_000), state);
    assert.equal(state.etaMs, 70_000);
    assert.equal(state.progressAt, 30_000);
    const idle = reducer.initialState();
    assert.equal(reducer.at(idle, 99_000), idle);
  });

  it('grows the ETA during a stall, then says stalled (no ETA) after stallAfterMs', () => {
    const { reducer, state } = steady(60);
    let previous = state.etaMs ?? 0;
    for (let now = 61_000; now < 90_000; now += 1000) {
      const later = reducer.at(state, now);
      assert.equal(later.stalled, false);
      assert.ok((later.etaMs ?? 0) > previous, `ETA at ${now}: ${later.etaMs} after ${previous}`);
      assert.ok((later.rate ?? 0) < (state.rate ?? 0));
      previous = later.etaMs ?? 0;
    }
    const stalled = reducer.at(state, 90_000);
    assert.deepEqual([stalled.stalled, stalled.etaMs], [true, null]);
    assert.ok((stalled.rate ?? 0) > 0 && (stalled.rate ?? 0) < 3, 'the rate decays towards 0');
    assert.equal(reducer.at(state, 90_000, { stallAfterMs: 0 }).stalled, false, '0: never stalled');
    assert.equal(reducer.at(state, 70_000, { stallAfterMs: 5000 }).stalled, true);
  });

  it('keeps the ledger: the next event after at() is not forked, dedupe still works, a stall ends with progress', () => {
    const { clock, reducer, state } = steady(10);
    const stalled = reducer.at(state, 45_000);
    assert.equal(stalled.stalled, true);
    clock.now = 46_000;
    assert.equal(reducer(stalled, message('p', { done: 100, total: 1000 }, 'e10')), stalled, 'a replay is dropped after at()');
    const moved = reducer(stalled, message('p', { done: 120, total: 1000 }, 'e11'));
    assert.equal(moved.stalled, false);
    assert.equal(moved.progressAt, 46_000);
    assert.ok(moved.etaMs !== null && moved.etaMs > 0);
    const silent = reducer(reducer.at(moved, 90_000), message('p', { text: 'still working' }, 'e12'));
    assert.deepEqual([silent.stalled, silent.etaMs], [true, null], 'a message is not progress');
  });

  it('pauses: no rate, no ETA, never stalled, and the paused time is left out once it runs again', () => {
    const { clock, reducer, state } = steady(20);
    const before = state.etaMs;
    clock.now = 20_500;
    const paused = reducer(state, message('p', { status: 'paused' }, 'pause'));
    assert.deepEqual([paused.status, paused.rate, paused.etaMs, paused.stalled], ['paused', null, null, false]);
    assert.equal(reducer.at(paused, 500_000), paused, 'paused: unchanged');
    clock.now = 300_000;
    const resumed = reducer(paused, message('p', { done: 205, total: 1000 }, 'resume'));
    assert.equal(resumed.status, 'running');
    // Half a second of work at 10/s since the last sample, as if the pause never happened.
    assert.ok(Math.abs((resumed.rate ?? 0) - 10) < 0.01, `rate ${resumed.rate}`);
    assert.ok(Math.abs((resumed.etaMs ?? 0) - ((before ?? 0) - 500)) < 100, `ETA ${resumed.etaMs}`);
    assert.equal(reducer.at(resumed, 320_000).stalled, false, 'the pause does not count towards a stall');
    assert.equal(reducer.at(resumed, 330_000).stalled, true);
  });

  it('reads the pause words, and ended states are returned as they are', () => {
    const reducer = createReducer(counting, { now: () => 0 });
    for (const word of ['paused', 'Suspended', 'on_hold', 'on-hold', 'held', 'pause'])
      assert.equal(reducer(reducer.initialState(), message('p', { status: word })).status, 'paused', word);
    const done = reducer(reducer.initialState(), message('p', { status: 'complete' }));
    assert.equal(reducer.at(done, 1e9), done);
  });

  it('smooths the server ETA and counts it down between events', () => {
    const clock = { now: 0 };
    const reducer = createReducer(counting, { now: () => clock.now });
    let state = reducer.initialState();
    const said = [60, 90, 40, 80, 45]; // a server jumping back and forth around ~60 s
    const shown: number[] = [];
    said.forEach((eta, i) => {
      clock.now = i * 1000;
      state = reducer(state, message('p', { eta }));
      shown.push(state.etaMs ?? 0);
    });
    assert.deepEqual(shown.slice(0, 1), [60_000], 'the first is taken as sent');
    // The server swings by 30–50 s; the shown ETA (60, 64.6, 59.3, 62.3, 58.3 s) moves by
    // under 6 s from its own countdown per event.
    for (let i = 1; i < shown.length; i++)
      assert.ok(Math.abs((shown[i] ?? 0) - ((shown[i - 1] ?? 0) - 1000)) < 6000, `shown ${shown.join(', ')}`);
    // 10 s later, with no event: both the shown ETA and the server's newest (45 s) count down,
    // and the gap between them closes with the time constant (τ = 5 s: e^-2 of it is left).
    const later = reducer.at(state, 14_000);
    const newest = 45_000 - 10_000;
    const gap = (state.etaMs ?? 0) - 45_000;
    assert.ok(Math.abs((later.etaMs ?? 0) - (newest + gap * Math.exp(-2))) <= 1, `counted down and converging: ${later.etaMs}`);
    assert.equal(later.stalled, false);
  });

  it('gives the active step its own ETA when it reports a percent', () => {
    const clock = { now: 0 };
    const reducer = createReducer(counting, { now: () => clock.now });
    let state = reducer.initialState();
    for (let t = 0; t <= 4; t++) {
      clock.now = t * 1000;
      state = reducer(state, message('s', { step: 'load', pct: t * 5 }));
    }
    assert.equal(state.steps[0]?.etaMs, 16_000, '5 %/s, 80 % left');
    const later = reducer.at(state, 10_000);
    assert.ok((later.steps[0]?.etaMs ?? 0) > 16_000, 'grows while the step does not move');
    assert.equal(reducer.at(state, 60_000).steps[0]?.etaMs, undefined, 'none while stalled');
    clock.now = 5000;
    const next = reducer(state, message('s', { step: 'save', pct: 0 }));
    assert.equal(next.steps[0]?.etaMs, undefined, 'only the active step has one');
    assert.equal(next.steps[1]?.etaMs, undefined, 'a new step has no history yet');
  });

  it('re-evaluates every job of a multi-job state and its summary', () => {
    const clock = { now: 0 };
    const reducer = createReducer(
      { jobKey: 'id', events: { p: { counter: 'done', total: 'total', status: { path: 'status' } } } },
      {
        now: () => clock.now,
      },
    );
    let state: ProgressState = reducer.initialState();
    for (let t = 0; t <= 20; t++) {
      clock.now = t * 1000;
      state = reducer(state, message('p', { id: 'a', done: t * 10, total: 400 }));
      state = reducer(state, message('p', { id: 'b', done: t * 5, total: 400 }));
    }
    const later = reducer.at(state, 35_000);
    assert.ok((later.jobs?.[1]?.etaMs ?? 0) > (state.jobs?.[1]?.etaMs ?? 0));
    assert.equal(later.etaMs, later.jobs?.[1]?.etaMs, 'the longest');
    const stalled = reducer.at(state, 60_000);
    assert.deepEqual([stalled.stalled, stalled.etaMs, stalled.jobs?.[0]?.stalled], [true, null, true]);
    clock.now = 61_000;
    const resumedA = reducer(stalled, message('p', { id: 'a', done: 210, total: 400 }));
    assert.equal(resumedA.stalled, false, 'one job moving: the channel is not stalled');
    assert.equal(resumedA.etaMs, null, 'but its ETA is unknown while a job is stalled');
    let paused = reducer(state, message('p', { id: 'a', status: 'paused' }));
    assert.equal(paused.status, 'running');
    paused = reducer(paused, message('p', { id: 'b', status: 'paused' }));
    assert.equal(paused.status, 'paused', 'paused when no job runs');
  });
});
