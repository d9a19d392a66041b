// The run history under a key: what is stored and read back, what a corrupted or failing
// storage does (nothing: no history, no exception), the cap, and which runs are recorded at all.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProgressState } from '../../../src/mapping/state.js';
import { createInitialState } from '../../../src/mapping/state.js';
import { type HistoryStorage, type RunRecord } from '../../../src/session/run-history.js';
import { appendRun, clearRuns, defaultHistoryStorage, HISTORY_LIMIT, historyKeyOf, readRuns } from '../../../src/session/run-store.js';
import { RunWatch } from '../../../src/session/run-watch.js';
import { MemoryStorage } from './memory-storage.js';

/** A storage whose every call fails the way blocked or full storage does in browsers. */
class ThrowingStorage implements HistoryStorage {
  constructor(readonly error: Error) {}
  getItem(): string | null {
    throw this.error;
  }
  setItem(): void {
    throw this.error;
  }
  removeItem(): void {
    throw this.error;
  }
}

const run = (totalMs: number, endedAt: number, eventId?: string, steps: Record<string, number> = {}): RunRecord =>
  eventId === undefined ? { totalMs, steps, endedAt } : { totalMs, steps, endedAt, eventId };

describe('run history: storage', () => {
  it('stores runs under progress-stream:history:<key> and reads them back', () => {
    const storage = new MemoryStorage();
    assert.deepEqual(readRuns(storage, 'nightly'), []);
    appendRun(storage, 'nightly', run(120_000, 1000, '7', { load: 30_000, index: 90_000 }));
    appendRun(storage, 'nightly', run(150_000, 200_000, '19'));
    assert.ok(storage.items.has('progress-stream:history:nightly'));
    assert.equal(historyKeyOf('nightly'), 'progress-stream:history:nightly');
    assert.deepEqual(readRuns(storage, 'nightly'), [run(120_000, 1000, '7', { load: 30_000, index: 90_000 }), run(150_000, 200_000, '19')]);
    assert.deepEqual(readRuns(storage, 'other'), [], 'keys are separate');
    clearRuns(storage, 'nightly');
    assert.deepEqual(readRuns(storage, 'nightly'), []);
  });

  it('keeps the newest 20 runs', () => {
    const storage = new MemoryStorage();
    for (let i = 1; i <= 25; i++) appendRun(storage, 'k', run(i * 1000, i * 100_000, String(i)));
    const runs = readRuns(storage, 'k');
    assert.equal(runs.length, HISTORY_LIMIT);
    assert.equal(runs[0]?.eventId, '6');
    assert.equal(runs.at(-1)?.eventId, '25');
  });

  it('reads only the newest 20 of a longer list someone else wrote', () => {
    const storage = new MemoryStorage();
    const runs = Array.from({ length: 100 }, (_, i) => run((i + 1) * 1000, i, String(i)));
    storage.setItem(historyKeyOf('k'), JSON.stringify({ v: 1, runs }));
    const read = readRuns(storage, 'k');
    assert.equal(read.length, 20);
    assert.equal(read[0]?.eventId, '80');
  });

  it('ignores corrupted text and foreign shapes', () => {
    const storage = new MemoryStorage();
    const cases = [
      '{not json',
      'null',
      '42',
      '"text"',
      '[]',
      JSON.stringify({ runs: [run(1000, 1)] }), // no version
      JSON.stringify({ v: 2, runs: [run(1000, 1)] }), // a version this code does not know
      JSON.stringify({ v: 1, runs: 'many' }),
      JSON.stringify({ v: 1, runs: [run(1000, 1)], pad: 'x'.repeat(70_000) }), // too long to be ours
    ];
    for (const text of cases) {
      storage.setItem(historyKeyOf('k'), text);
      assert.deepEqual(readRuns(storage, 'k'), [], text.slice(0, 40));
    }
  });

  it('drops runs and steps with unusable values, keeps the rest', () => {
    const storage = new MemoryStorage();
    const runs: unknown[] = [
      { totalMs: -5, steps: {}, endedAt: 1 },
      { totalMs: 0, steps: {}, endedAt: 1 },
      { totalMs: 'NaN', steps: {}, endedAt: 1 },
      { totalMs: 1e300, steps: {}, endedAt: 1 },
      { totalMs: 5000, steps: {}, endedAt: 'yesterday' },
      null,
      [1, 2],
      { totalMs: 5000, endedAt: 3, steps: { ok: 1000, bad: -1, nan: null, huge: 1e15, ['x'.repeat(300)]: 5 }, eventId: 42 },
    ];
    // `__proto__` written as an own key, as JSON.parse makes it.
    const text = JSON.stringify({ v: 1, runs }).replace('"ok":1000', '"ok":1000,"__proto__":7');
    storage.setItem(historyKeyOf('k'), text);
    const read = readRuns(storage, 'k');
    assert.equal(read.length, 1);
    assert.deepEqual(read[0], { totalMs: 5000, steps: { ok: 1000 }, endedAt: 3 });
    assert.equal(Object.getPrototypeOf(read[0]?.steps), Object.prototype);
  });

  it('treats storage that throws on every call as no history, and never throws', () => {
    for (const error of [new DOMException('blocked', 'SecurityError'), new DOMException('full', 'QuotaExceededError'), new Error('x')]) {
      const storage = new ThrowingStorage(error);
      assert.deepEqual(readRuns(storage, 'k'), []);
      assert.equal(appendRun(storage, 'k', run(5000, 1, '1')), undefined);
      assert.doesNotThrow(() => clearRuns(storage, 'k'));
    }
  });

  it('reports a run that could not be written (quota) as not stored', () => {
    const storage = new MemoryStorage();
    appendRun(storage, 'k', run(5000, 1, '1'));
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    assert.equal(appendRun(storage, 'k', run(6000, 100_000, '2')), undefined);
    assert.deepEqual(
      readRuns(storage, 'k').map((r) => r.eventId),
      ['1'],
    );
  });

  it('records a run once when two tabs complete it (same event id, or same end and length)', () => {
    const storage = new MemoryStorage();
    assert.equal(appendRun(storage, 'k', run(60_000, 1_000_000, '42'))?.length, 1);
    assert.equal(appendRun(storage, 'k', run(60_010, 1_000_020, '42'))?.length, 1, 'same completing event');
    assert.equal(appendRun(storage, 'k', run(60_000, 1_000_000, '43'))?.length, 2, 'another event id is another run');
    assert.equal(appendRun(storage, 'k', run(30_000, 2_000_000))?.length, 3);
    assert.equal(appendRun(storage, 'k', run(30_500, 2_000_300))?.length, 3, 'without ids: same end and length');
    assert.equal(readRuns(storage, 'k').length, 3);
  });

  it('counts two runs that end on the same event id a minute apart twice (servers numbering events per job)', () => {
    const storage = new MemoryStorage();
    appendRun(storage, 'k', run(60_000, 1_000_000, '57'));
    assert.equal(appendRun(storage, 'k', run(60_000, 1_060_000, '57'))?.length, 2, 'the next run of the job, ids 1..57 again');
    assert.equal(appendRun(storage, 'k', run(30_000, 1_060_500, '57'))?.length, 3, 'same id and end, another length');
    assert.equal(appendRun(storage, 'k', run(60_020, 1_060_030, '57'))?.length, 3, 'the same run seen by another tab');
    assert.equal(readRuns(storage, 'k').length, 3);
  });

  it('finds no default storage in Node (no localStorage): no history', () => {
    assert.equal(defaultHistoryStorage(), null);
  });
});

/** A running state as the reducer makes it, at `at` (ms). */
function running(startedAt: number, at: number, percent: number | null, extra: Partial<ProgressState> = {}): ProgressState {
  return { ...createInitialState(), status: 'running', percent, startedAt, updatedAt: at, ...extra };
}

describe('run history: which runs are recorded', () => {
  it('records a run watched from its start, with total and step durations and the completing event id', () => {
    const watch = new RunWatch();
    assert.equal(watch.observe(running(0, 0, 0)), undefined);
    assert.equal(watch.observe(running(0, 5000, 50)), undefined);
    const done = {
      ...running(0, 10_000, 100),
      status: 'complete' as const,
      completedAt: 10_000,
      lastEventId: '9',
      steps: [
        { id: 'load', label: 'Load', status: 'complete' as const, startedAt: 0, completedAt: 4000 },
        { id: 'index', label: 'Index', status: 'complete' as const, startedAt: 4000, completedAt: 10_000 },
        { id: 'skip', label: 'Skip', status: 'skipped' as const },
      ],
    };
    assert.deepEqual(watch.observe(done), { totalMs: 10_000, steps: { load: 4000, index: 6000 }, endedAt: 10_000, eventId: '9' });
    assert.equal(watch.observe(done), undefined, 'once');
  });

  it('does not record a run joined half-way (first seen at 40 %) or resumed after a reload', () => {
    const watch = new RunWatch();
    watch.observe(running(0, 0, 40));
    assert.equal(watch.observe({ ...running(0, 20_000, 100), status: 'complete', completedAt: 20_000 }), undefined);
  });

  it('does not record a replayed run: minutes of work arriving within 100 ms of the first event', () => {
    const watch = new RunWatch();
    // A late tab gets the buffer from the first event: 0 %, then 30 % within 20 ms, then live.
    watch.observe(running(0, 0, 0));
    watch.observe(running(0, 20, 30));
    watch.observe(running(0, 30_000, 80));
    assert.equal(watch.observe({ ...running(0, 60_000, 100), status: 'complete', completedAt: 60_000 }), undefined);
  });

  it('does not record failed, cancelled or sub-second runs; a new run (new startedAt) is watched afresh', () => {
    const watch = new RunWatch();
    watch.observe(running(0, 0, 0));
    assert.equal(watch.observe({ ...running(0, 9000, 50), status: 'failed', completedAt: 9000 }), undefined);
    watch.observe(running(10_000, 10_000, 0));
    assert.equal(watch.observe({ ...running(10_000, 19_000, 50), status: 'cancelled', completedAt: 19_000 }), undefined);
    watch.observe(running(20_000, 20_000, 0));
    assert.equal(watch.observe({ ...running(20_000, 20_900, 100), status: 'complete', completedAt: 20_900 }), undefined);
    watch.observe(running(30_000, 30_000, null));
    watch.observe({ ...running(30_000, 32_000, null), status: 'paused' });
    const record = watch.observe({ ...running(30_000, 35_000, 100), status: 'complete', completedAt: 35_000 });
    assert.equal(record?.totalMs, 2000, 'a pause is not an end (ended straight from it: the pause lasts up to the end)');
  });

  it('records the working time of a run paused for 10 minutes, in its total and in the step it paused', () => {
    const watch = new RunWatch();
    const min = 60_000;
    const load = { id: 'load', label: 'Load', startedAt: 0 };
    const index = { id: 'index', label: 'Index', startedAt: 20_000 };
    const loaded = { ...load, status: 'complete' as const, completedAt: 20_000 };
    watch.observe(running(0, 0, 0, { steps: [{ ...load, status: 'active' }] }));
    watch.observe(running(0, 20_000, 30, { steps: [loaded, { ...index, status: 'active' }] }));
    watch.observe({ ...running(0, 30_000, 40, { steps: [loaded, { ...index, status: 'active' }] }), status: 'paused' });
    watch.observe({ ...running(0, 300_000, 40, { steps: [loaded, { ...index, status: 'active' }] }), status: 'paused' });
    assert.equal(watch.pausedWithin(0, 300_000), 0, 'a pause counts once it ends');
    watch.observe(running(0, 30_000 + 10 * min, 50, { steps: [loaded, { ...index, status: 'active' }] }));
    assert.equal(watch.pausedWithin(0, 30_000 + 10 * min), 10 * min);
    assert.equal(watch.pausedWithin(20_000, 40_000), 10_000, 'the part of the pause within the span');
    assert.equal(watch.pausedWithin(40_000 + 10 * min, 50_000 + 10 * min), 0);
    const end = 60_000 + 10 * min;
    const done = {
      ...running(0, end, 100),
      status: 'complete' as const,
      completedAt: end,
      steps: [loaded, { ...index, status: 'complete' as const, completedAt: end }],
    };
    assert.deepEqual(watch.observe(done), { totalMs: 60_000, steps: { load: 20_000, index: 40_000 }, endedAt: end });
    watch.reset();
    assert.equal(watch.pausedWithin(0, end), 0, 'a new job: no pause yet');
  });
});
