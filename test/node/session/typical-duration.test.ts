// The typical duration of recorded runs and its blend with the live ETA (pure functions).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createInitialState, type ProgressState } from '../../../src/mapping/state.js';
import {
  blendedEtaMs,
  LIVE_TAKEOVER,
  MIN_TYPICAL_REMAINING_MS,
  progressFraction,
  sameTypical,
  typicalRemainingBySteps,
  withTypicalEta,
} from '../../../src/session/typical-duration.js';
import { percentile, typicalDuration } from '../../../src/session/typical-statistics.js';

const runs = (...totals: number[]): { totalMs: number; steps: Record<string, number> }[] =>
  totals.map((totalMs) => ({ totalMs, steps: {} }));

describe('typical duration', () => {
  it('is null without runs, and one run twice for a single run', () => {
    assert.equal(typicalDuration([]), null);
    assert.deepEqual(typicalDuration(runs(90_000)), { runs: 1, medianMs: 90_000, lowMs: 90_000, highMs: 90_000, steps: {} });
  });

  it('is the median with the 25th–75th percentiles, robust to one outlier', () => {
    const typical = typicalDuration(runs(130_000, 120_000, 150_000, 140_000, 3_600_000));
    assert.deepEqual(typical, { runs: 5, medianMs: 140_000, lowMs: 130_000, highMs: 150_000, steps: {} });
    assert.equal(percentile([10, 20], 0.5), 15, 'interpolated between ranks');
  });

  it('gives the median per step over the runs in which it completed', () => {
    const typical = typicalDuration([
      { totalMs: 10_000, steps: { load: 1000, index: 9000 } },
      { totalMs: 12_000, steps: { load: 3000, index: 9000 } },
      { totalMs: 14_000, steps: { load: 2000 } },
    ]);
    assert.deepEqual(typical?.steps, { load: 2000, index: 9000 });
  });
});

describe('typical duration: the ETA blend', () => {
  /** Runs of 100 s typically, 160 s at the 75th percentile. */
  const usual = { medianMs: 100_000, highMs: 160_000 };

  it('is the typical remaining time before any live estimate, never below the floor', () => {
    assert.equal(blendedEtaMs(null, usual, 10_000, 0), 90_000);
    assert.equal(blendedEtaMs(null, usual, 150_000, 0.5), MIN_TYPICAL_REMAINING_MS, 'slower than usual: not "0 s left"');
    assert.equal(blendedEtaMs(null, usual, 160_000, 0.5), MIN_TYPICAL_REMAINING_MS, 'up to the 75th percentile');
  });

  it('gives no ETA without a live estimate once the run is past highMs (not "1 s left" for ever)', () => {
    assert.equal(blendedEtaMs(null, usual, 160_001, 0), null);
    assert.equal(blendedEtaMs(null, usual, 3_600_000, 0), null);
    // A live estimate is still given (it alone counts by then).
    assert.equal(blendedEtaMs(30_000, usual, 3_600_000, 0), 30_000);
    // One recorded run: highMs is the median, so past it there is no ETA.
    assert.equal(blendedEtaMs(null, { medianMs: 60_000, highMs: 60_000 }, 61_000, 0), null);
  });

  it('weighs the live estimate by max(done, elapsed / median) / LIVE_TAKEOVER', () => {
    assert.equal(LIVE_TAKEOVER, 0.25);
    // At the start: all typical (w = 0).
    assert.equal(blendedEtaMs(30_000, usual, 0, 0), 100_000);
    // 10 s of a typical 100 s, 5 % done: w = 0.1 / 0.25 = 0.4 → 0.4 · 30 000 + 0.6 · 90 000.
    assert.equal(blendedEtaMs(30_000, usual, 10_000, 0.05), 66_000);
    // 20 % done within 5 s (w from progress: 0.8) → 0.8 · 30 000 + 0.2 · 95 000.
    assert.equal(blendedEtaMs(30_000, usual, 5000, 0.2), 43_000);
    // A quarter done or a quarter of the time gone: the live estimate alone.
    assert.equal(blendedEtaMs(30_000, usual, 25_000, 0.1), 30_000);
    assert.equal(blendedEtaMs(30_000, usual, 1000, 0.6), 30_000);
  });

  const running = (extra: Partial<ProgressState>): ProgressState => ({
    ...createInitialState(),
    status: 'running',
    startedAt: 1_000_000,
    ...extra,
  });
  const typical = { runs: 3, medianMs: 60_000, lowMs: 50_000, highMs: 70_000, steps: {} };

  it('applies to a running, started, not stalled job only (the same object otherwise)', () => {
    const live = running({ percent: 0, etaMs: null });
    assert.equal(withTypicalEta(live, typical, 1_010_000).etaMs, 50_000);
    for (const state of [
      createInitialState(),
      running({ status: 'paused' }),
      running({ status: 'complete' }),
      running({ stalled: true }),
      running({ startedAt: null }),
    ]) {
      assert.equal(withTypicalEta(state, typical, 1_010_000), state);
    }
    assert.equal(withTypicalEta(live, null, 1_010_000), live);
  });

  it('leaves paused time out of the elapsed time', () => {
    const live = running({ percent: 0, etaMs: null });
    // 10 min 10 s since the start, 10 min of it paused: 10 s of work, 50 s typically left.
    const paused = (from: number, to: number) => Math.max(0, Math.min(to, 1_600_000) - Math.max(from, 1_000_000));
    assert.equal(withTypicalEta(live, typical, 1_610_000, paused).etaMs, 50_000);
    assert.equal(withTypicalEta(live, typical, 1_610_000).etaMs, null, 'counted with the pause: past highMs, no ETA');
  });

  describe('by steps', () => {
    // Runs of three steps: load 10 s, index 40 s, report 10 s (60 s in all).
    const steps = { load: 10_000, index: 40_000, report: 10_000 };
    const byStep = { ...typical, steps };
    const step = (id: string, status: 'pending' | 'active' | 'complete', startedAt?: number) => ({
      id,
      label: id,
      status,
      ...(startedAt === undefined ? {} : { startedAt }),
    });

    it('is the medians of the steps to run plus what the active one usually has left', () => {
      // Load took 30 s (slow), index has run 5 s: 35 s + 10 s left, where the total's median
      // less the elapsed time would say 60 − 35 = 25 s.
      const state = running({
        steps: [step('load', 'complete', 1_000_000), step('index', 'active', 1_030_000), step('report', 'pending')],
        etaMs: null,
      });
      assert.equal(typicalRemainingBySteps(state, steps, 1_035_000), 45_000);
      assert.equal(withTypicalEta(state, byStep, 1_035_000).etaMs, 45_000);
      assert.equal(withTypicalEta(state, typical, 1_035_000).etaMs, 25_000, 'without step medians: the total decides');
    });

    it('leaves the active step at the floor once it overran, and its paused time out', () => {
      const state = running({ steps: [step('load', 'complete'), step('index', 'active', 1_010_000), step('report', 'pending')] });
      assert.equal(typicalRemainingBySteps(state, steps, 1_100_000), MIN_TYPICAL_REMAINING_MS + 10_000);
      // 90 s in index, 80 s of it paused: 10 s of work, 30 s left, then report.
      const paused = (from: number, to: number) => Math.max(0, Math.min(to, 1_095_000) - Math.max(from, 1_015_000));
      assert.equal(typicalRemainingBySteps(state, steps, 1_100_000, paused), 40_000);
    });

    it('says nothing (null) when a step to run has no median or steps are still unknown', () => {
      const renamed = running({ steps: [step('load', 'complete'), step('indexing', 'active', 1_010_000)] });
      assert.equal(typicalRemainingBySteps(renamed, steps, 1_020_000), null);
      const partial = running({ steps: [step('load', 'active', 1_000_000)], stepCount: 3 });
      assert.equal(typicalRemainingBySteps(partial, steps, 1_005_000), null);
      assert.equal(typicalRemainingBySteps(running({}), steps, 1_005_000), null, 'no steps');
      // A finished step without a median does not matter: only what is left counts.
      const done = running({ steps: [step('warm-up', 'complete'), step('report', 'active', 1_000_000)] });
      assert.equal(typicalRemainingBySteps(done, steps, 1_004_000), 6000);
    });
  });

  it('compares typical durations field by field', () => {
    const copy = { ...typical, steps: {} };
    assert.equal(sameTypical(typical, copy), true);
    assert.equal(sameTypical(null, null), true);
    assert.equal(sameTypical(typical, null), false);
    assert.equal(sameTypical(typical, { ...typical, highMs: 70_001 }), false);
    assert.equal(sameTypical({ ...typical, steps: { a: 1 } }, { ...typical, steps: { a: 1 } }), true);
    assert.equal(sameTypical({ ...typical, steps: { a: 1 } }, { ...typical, steps: { a: 2 } }), false);
    assert.equal(sameTypical({ ...typical, steps: { a: 1 } }, { ...typical, steps: { b: 1 } }), false);
  });

  it('measures progress by percent, else by completed steps', () => {
    assert.equal(progressFraction(running({ percent: 40 })), 0.4);
    const steps = [
      { id: 'a', label: 'A', status: 'complete' as const },
      { id: 'b', label: 'B', status: 'active' as const },
      { id: 'c', label: 'C', status: 'pending' as const },
      { id: 'd', label: 'D', status: 'pending' as const },
    ];
    assert.equal(progressFraction(running({ percent: null, steps })), 0.25);
    assert.equal(progressFraction(running({ percent: null })), 0);
  });
});
