// The ETA estimator on recorded and seeded series. Error bounds are stated against the true
// remaining time of each series (when its last item is done), at every report (the state a
// view shows after the events of one moment) from 10 % to 90 % of the run, unless said.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { etaFromRate, rateAt, recordSample, shiftEstimate, type Estimate } from '../../../src/mapping/eta-estimator.js';
import { serverEtaAt, smoothServerEta } from '../../../src/mapping/server-eta.js';
import { seededRandom } from '../../support/seeded-random.mjs';

const TAU = 10_000; // the default time constant
const TOTAL = 1000;
type Series = Array<[at: number, value: number]>;

/** 10 items/s reported every second. */
function constant(): Series {
  const series: Series = [];
  for (let t = 0, v = 0; v <= TOTAL; t += 1000, v += 10) series.push([t, v]);
  return series;
}

/** 10 items/s on average: reports every 0.2–1.8 s, each interval's speed 5–15 items/s. */
function jitter(seed: number): Series {
  const random = seededRandom(seed);
  const series: Series = [[0, 0]];
  for (let t = 0, v = 0; v < TOTAL;) {
    const dt = 200 + random() * 1600;
    t += dt;
    v = Math.min(TOTAL, v + (dt / 1000) * 10 * (0.5 + random()));
    series.push([Math.round(t), v]);
  }
  return series;
}

/** 10 items/s of work, delivered as 50 events within 1 ms every 5 s, silence in between. */
function bursts(): Series {
  const series: Series = [[0, 0]];
  for (let t = 5000, v = 0; v < TOTAL; t += 5000) for (let i = 0; i < 50 && v < TOTAL; i++) series.push([t + (i === 49 ? 1 : 0), ++v]);
  return series;
}

/** 10 items/s up to 400 items (40 s), then 5 items/s. */
function slowdown(): Series {
  const series: Series = [];
  for (let t = 0, v = 0; v <= TOTAL; t += 1000, v += v < 400 ? 10 : 5) series.push([t, v]);
  return series;
}

/** The worst relative ETA error at reports between `from` and `to` (fractions of the run). */
function worstError(series: Series, from = 0.1, to = 0.9): number {
  const end = series.at(-1)?.[0] ?? 0;
  const estimate: Estimate = {};
  let worst = 0;
  series.forEach(([at, value], i) => {
    recordSample(estimate, at, value, TAU);
    const reported = (series[i + 1]?.[0] ?? Infinity) >= at + 250; // the last event of a moment
    if (!reported || at < end * from || at > end * to) return;
    const eta = etaFromRate(TOTAL - value, rateAt(estimate, at, TAU));
    worst = Math.max(worst, eta === null ? Infinity : Math.abs(eta - (end - at)) / (end - at));
  });
  return worst;
}

const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)} %`;

describe('ETA estimator', () => {
  it('is exact for a constant rate, from the second sample on', () => {
    const estimate: Estimate = {};
    recordSample(estimate, 0, 0, TAU);
    recordSample(estimate, 500, 5, TAU);
    assert.equal(rateAt(estimate, 500, TAU), null, 'no rate before the 2 s warm-up');
    recordSample(estimate, 2000, 20, TAU);
    assert.ok(Math.abs((rateAt(estimate, 2000, TAU) ?? 0) - 10) < 1e-9);
    assert.equal(worstError(constant()), 0);
  });

  it('counts a burst of events as work done since the previous report (0 % error at reports)', () => {
    const error = worstError(bursts());
    assert.ok(error < 0.001, `bursts: ${percent(error)}`);
    // 50 events in one millisecond, then silence: the rate right after is the true one, not 50 000/s.
    const estimate: Estimate = {};
    for (const [at, value] of bursts().slice(0, 151)) recordSample(estimate, at, value, TAU);
    assert.ok(Math.abs((rateAt(estimate, 15_001, TAU) ?? 0) - 10) < 0.01);
  });

  it('stays at the noise floor of jittery series: within 32 % at every report (cumulative average: 33 %)', () => {
    // Seeds 1, 2, 3, 7, 42 measured 23.5, 31.0, 15.7, 11.7, 12.0 %; the cumulative average
    // (total ÷ elapsed, the best one can do for a speed that is random but stationary) measures
    // 23.3, 32.7, 12.6, 10.1, 12.0 % on the same series.
    const errors = [1, 2, 3, 7, 42].map((seed) => worstError(jitter(seed)));
    assert.ok(Math.max(...errors) < 0.32, `jitter: ${errors.map(percent).join(', ')}`);
    assert.ok(errors.filter((error) => error < 0.16).length >= 3);
  });

  it('follows a speed change within 5 time constants (then within 4 % of the truth)', () => {
    // Halving the speed at 40 s: from 40 s + 5τ (5 × 6.9 s half-lives of each average, 7.2 τ·ln2) on.
    const error = worstError(slowdown(), (40_000 + 5 * TAU) / 160_000, 0.9);
    assert.ok(error < 0.04, `slowdown: ${percent(error)}`);
  });

  it('counts a stall as zero progress: the rate falls and the ETA grows monotonically', () => {
    const estimate: Estimate = {};
    for (const [at, value] of constant().slice(0, 91)) recordSample(estimate, at, value, TAU);
    const at = (ms: number): number => rateAt(estimate, 90_000 + ms, TAU) ?? 0;
    let previous = 0;
    for (let now = 90_000; now <= 150_000; now += 500) {
      const eta = etaFromRate(100, rateAt(estimate, now, TAU)) ?? Infinity;
      assert.ok(eta >= previous, `ETA at ${now} ms: ${eta} < ${previous}`);
      previous = eta;
    }
    // After a long steady run, g ms without progress leave e^(−g/τ)·(1 + g/τ) of the rate:
    // 5 s: 91 %, 10 s: 74 %, 30 s: 20 % (so the ETA is 1.1×, 1.4× and 5× what it was).
    for (const [gap, share] of [
      [5000, 0.91],
      [10_000, 0.74],
      [30_000, 0.2],
    ] as const)
      assert.ok(Math.abs(at(gap) / at(0) - share) < 0.005, `after ${gap} ms: ${at(gap) / at(0)}`);
  });

  it('leaves a pause out of the history', () => {
    const paused: Estimate = {};
    const straight: Estimate = {};
    for (const [at, value] of constant().slice(0, 21)) {
      recordSample(paused, at, value, TAU);
      recordSample(straight, at, value, TAU);
    }
    shiftEstimate(paused, 60_000); // paused at 20 s for a minute
    recordSample(paused, 81_000, 210, TAU);
    recordSample(straight, 21_000, 210, TAU);
    assert.equal(rateAt(paused, 81_000, TAU), rateAt(straight, 21_000, TAU));
  });

  it('starts over when the value goes down, and is plain data', () => {
    const estimate: Estimate = {};
    for (const [at, value] of constant().slice(0, 10)) recordSample(estimate, at, value, TAU);
    assert.deepEqual(structuredClone(estimate), estimate);
    recordSample(estimate, 10_000, 5, TAU);
    assert.equal(rateAt(estimate, 10_000, TAU), null);
    assert.equal(estimate.lastValue, 5);
  });

  it('turns a rate into milliseconds left', () => {
    assert.equal(etaFromRate(77, 8), 9625);
    assert.equal(etaFromRate(10, 0), null);
    assert.equal(etaFromRate(10, null), null);
    assert.equal(etaFromRate(-1, 5), null);
  });
});

describe('server ETA smoothing', () => {
  it('takes the newest of a first burst as sent, and converges to the newest of a later burst', () => {
    // Recorded events pushed at once (a few ms apart): the newest is the estimate.
    let eta = smoothServerEta(undefined, 600_000, 0, TAU);
    eta = smoothServerEta(eta, 40_000, 2, TAU);
    eta = smoothServerEta(eta, 26_000, 3, TAU);
    assert.equal(serverEtaAt(eta, 3), 26_000);
    // A replay after a reconnection: 90 s then 10 s in the same millisecond. The second moves
    // nothing at that instant; then what is shown converges to it, not to the first of the burst.
    eta = smoothServerEta(eta, 90_000, 60_000, TAU);
    const afterFirst = serverEtaAt(eta, 60_000);
    eta = smoothServerEta(eta, 10_000, 60_000, TAU);
    assert.equal(serverEtaAt(eta, 60_000), afterFirst);
    const t = 60_000 + 3 * TAU;
    const shown = serverEtaAt(eta, t);
    const towardsNewest = Math.max(0, 10_000 - 3 * TAU) + (afterFirst - 10_000) * Math.exp(-3);
    assert.ok(Math.abs(shown - towardsNewest) <= 1, `after 3τ: ${shown}, expected ${Math.round(towardsNewest)}`);
    assert.ok(shown < afterFirst - 3 * TAU, 'below where the first of the burst would be by now');
  });

  it('follows a server that counts down, damps one that jumps, and counts down between events', () => {
    // A countdown that is right: followed exactly.
    let eta = smoothServerEta(undefined, 60_000, 0, TAU);
    for (let t = 1000; t <= 10_000; t += 1000) eta = smoothServerEta(eta, 60_000 - t, t, TAU);
    assert.equal(serverEtaAt(eta, 10_000), 50_000);
    assert.equal(serverEtaAt(eta, 12_500), 47_500, 'counted down between events');
    // A server alternating 40 s and 80 s every second around a true 60 s: the shown ETA moves
    // by less than 10 % of the server's swing per event, and stays near the middle.
    const random = seededRandom(5);
    let smoothed = smoothServerEta(undefined, 60_000, 0, TAU);
    let last = serverEtaAt(smoothed, 0);
    for (let t = 1000; t <= 30_000; t += 1000) {
      const said = 60_000 - t + (t % 2000 === 0 ? 20_000 : -20_000) + (random() - 0.5) * 2000;
      smoothed = smoothServerEta(smoothed, said, t, TAU);
      const shown = serverEtaAt(smoothed, t);
      assert.ok(Math.abs(shown - (last - 1000)) < 4200, `at ${t}: ${shown} after ${last}`);
      assert.ok(Math.abs(shown - (60_000 - t)) < 12_000, `at ${t}: ${shown}`);
      last = shown;
    }
    // A burst of contradicting values in one millisecond barely moves it.
    const before = serverEtaAt(smoothed, 30_000);
    for (let i = 0; i < 50; i++) smoothed = smoothServerEta(smoothed, 1000, 30_000, TAU);
    assert.equal(serverEtaAt(smoothed, 30_000), before);
  });
});
