// History in a session (`historyKey`): a completed run recorded by one session is the typical
// duration of the next one with the same key, which shows in its snapshot and blends into its
// ETA; replays and storage failures record nothing and break nothing; clearHistory forgets.
import assert from 'node:assert/strict';
import { afterEach, before, beforeEach, describe, it, mock } from 'node:test';
import { createProgressSession, type ProgressSession, type TypicalDuration } from '../../../src/session/index.js';
import type { HistoryStorage } from '../../../src/session/run-history.js';
import { historyKeyOf, readRuns } from '../../../src/session/run-store.js';
import { loadRunStore } from '../../../src/session/session-history.js';
import { event, frame, lastId, mapping } from './history-fixtures.js';
import { MemoryStorage } from './memory-storage.js';

describe('progress session: history', () => {
  let sessions: ProgressSession[] = [];
  const session = (...args: Parameters<typeof createProgressSession>): ProgressSession => {
    const created = createProgressSession(...args);
    sessions.push(created);
    return created;
  };
  // The storage code is loaded by the first session with a key; once it is, everything below
  // happens at once (session-history-loading.test.ts covers the sessions before that).
  before(() => loadRunStore());
  beforeEach(() => {
    mock.timers.enable({ apis: ['setInterval', 'Date'], now: 5_000_000 });
  });
  afterEach(() => {
    for (const s of sessions) s.close();
    sessions = [];
    mock.timers.reset();
  });

  /** A live run: 0 % → step load for 20 s → step index for 40 s → complete. */
  const liveRun = (...targets: ProgressSession[]): void => {
    const send = (message: ReturnType<typeof event>): void => {
      for (const s of targets) s.push(message);
    };
    send(event('running', 0, 'load'));
    mock.timers.tick(20_000);
    send(event('running', 40, 'index'));
    mock.timers.tick(40_000);
    send(event('complete', 100, 'index'));
  };

  it('records a completed run; the next session with the key has it as its typical duration', async () => {
    const historyStorage = new MemoryStorage();
    const first = session({ mapping, historyKey: 'report', historyStorage });
    assert.equal(first.typical, null);
    liveRun(first);
    assert.equal(first.state.status, 'complete');
    assert.deepEqual(first.typical, { runs: 1, medianMs: 60_000, lowMs: 60_000, highMs: 60_000, steps: { load: 20_000, index: 40_000 } });
    const stored = readRuns(historyStorage, 'report');
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.eventId, lastId());

    const second = session({ mapping, historyKey: 'report', historyStorage });
    second.subscribe(() => undefined);
    await frame();
    assert.equal(second.getSnapshot().typical?.medianMs, 60_000, 'in the snapshot');
    second.push(event('running', 0, 'load'));
    mock.timers.tick(10_000);
    assert.equal(second.state.etaMs, 50_000, 'no live estimate yet: the typical remaining time is the ETA');
    await frame();
    assert.equal(second.getSnapshot().state.etaMs, 50_000);
    second.clearHistory();
    assert.equal(second.typical, null);
    assert.equal(historyStorage.getItem(historyKeyOf('report')), null);
    assert.notEqual(second.state.etaMs, 50_000, 'no blend without history');
  });

  it('records a run two sessions saw (two tabs on one stream) once', () => {
    const historyStorage = new MemoryStorage();
    const a = session({ mapping, historyKey: 'k', historyStorage });
    const b = session({ mapping, historyKey: 'k', historyStorage });
    liveRun(a, b);
    assert.equal(readRuns(historyStorage, 'k').length, 1);
    assert.equal(b.typical?.runs, 1, 'the second tab still has the typical duration');
  });

  it('does not record a replayed run (a late tab gets the buffer in one burst)', () => {
    const historyStorage = new MemoryStorage();
    const late = session({ mapping, historyKey: 'k', historyStorage });
    late.push(event('running', 0, 'load'));
    late.push(event('running', 40, 'index'));
    mock.timers.tick(30_000);
    late.push(event('complete', 100, 'index'));
    assert.equal(late.state.status, 'complete');
    assert.deepEqual(readRuns(historyStorage, 'k'), []);
    assert.equal(late.typical, null);
  });

  it('works as no history when the storage throws (blocked, full) or holds garbage', () => {
    const blocked = {
      getItem: (): string | null => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: (): void => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: (): void => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    const s = session({ mapping, historyKey: 'k', historyStorage: blocked });
    assert.doesNotThrow(() => liveRun(s));
    assert.equal(s.typical, null);
    assert.doesNotThrow(() => s.clearHistory());

    const garbage = new MemoryStorage();
    garbage.setItem(historyKeyOf('k'), '{"v":1,"runs":[{"totalMs":-1}]');
    const g = session({ mapping, historyKey: 'k', historyStorage: garbage });
    assert.equal(g.typical, null);
    liveRun(g);
    assert.equal((g.typical as TypicalDuration | null)?.runs, 1, 'a good run replaces what could not be read');
  });

  it('reads the history again when the key changes; no key, no storage access', () => {
    const historyStorage = new MemoryStorage();
    const counted = historyStorage;
    const s = session({ mapping, historyStorage: counted });
    assert.equal(historyStorage.reads, 0);
    historyStorage.setItem(historyKeyOf('a'), JSON.stringify({ v: 1, runs: [{ totalMs: 9000, steps: {}, endedAt: 1 }] }));
    s.update({ mapping, historyStorage: counted, historyKey: 'a' });
    assert.equal(s.typical?.medianMs, 9000);
    s.update({ mapping, historyStorage: counted, historyKey: 'a' });
    assert.equal(historyStorage.reads, 1, 'the same key is not read again');
    s.update({ mapping, historyStorage: counted, historyKey: 'b' });
    assert.equal(s.typical, null);
  });

  it('does not notify for a new storage object that holds the same runs (a view writing historyStorage inline)', async () => {
    const items = new MemoryStorage();
    items.setItem(historyKeyOf('k'), JSON.stringify({ v: 1, runs: [{ totalMs: 9000, steps: { a: 4000 }, endedAt: 1 }] }));
    // A fresh object on every render over the same data, as `historyStorage: { getItem, … }` inline.
    const inline = (): HistoryStorage => ({
      getItem: (key) => items.getItem(key),
      setItem: (key, value) => items.setItem(key, value),
      removeItem: (key) => items.removeItem(key),
    });
    const s = session({ mapping, historyKey: 'k', historyStorage: inline() });
    let notified = 0;
    s.subscribe(() => notified++);
    await frame();
    const settled = notified;
    const reads = items.reads;
    const typical = s.typical;
    for (let i = 0; i < 100; i++) s.update({ mapping, historyKey: 'k', historyStorage: inline() });
    await frame();
    assert.equal(notified, settled, 'no notification: the typical duration is the same');
    assert.equal(items.reads - reads, 100, 'one read per new storage object, no more');
    assert.deepEqual(s.typical, typical);
    // What another storage holds is still a change.
    const other = new MemoryStorage();
    other.setItem(historyKeyOf('k'), JSON.stringify({ v: 1, runs: [{ totalMs: 5000, steps: {}, endedAt: 1 }] }));
    s.update({ mapping, historyKey: 'k', historyStorage: other });
    assert.equal(s.typical?.medianMs, 5000);
    await frame();
    assert.equal(notified, settled + 1);
  });

  /** A run of 60 s of work: load 20 s, index 40 s with 10 min paused 10 s into it. */
  const pausedRun = (s: ProgressSession): void => {
    s.push(event('running', 0, 'load'));
    mock.timers.tick(20_000);
    s.push(event('running', 40, 'index'));
    mock.timers.tick(10_000);
    s.push(event('paused', 50, 'index'));
    mock.timers.tick(600_000);
    s.push(event('running', 50, 'index'));
    mock.timers.tick(30_000);
    s.push(event('complete', 100, 'index'));
  };

  it('records the working time of a run paused for 10 minutes', () => {
    const historyStorage = new MemoryStorage();
    const s = session({ mapping, historyKey: 'p', historyStorage });
    pausedRun(s);
    assert.deepEqual(s.typical, { runs: 1, medianMs: 60_000, lowMs: 60_000, highMs: 60_000, steps: { load: 20_000, index: 40_000 } });
  });

  // Needs timed-state.ts (not helper F's file) to pass SessionHistory.pausedMs to withTypicalEta.
  it('blends the typical duration without the time paused', () => {
    const historyStorage = new MemoryStorage();
    pausedRun(session({ mapping, historyKey: 'p', historyStorage }));
    const second = session({ mapping, historyKey: 'p', historyStorage });
    second.push(event('paused', 0, 'load'));
    mock.timers.tick(600_000);
    second.push(event('running', 0, 'load'));
    mock.timers.tick(10_000);
    assert.equal(second.state.status, 'running');
    assert.equal(second.state.etaMs, 50_000, '10 s of work of a typical 60 s: the 10 min paused are not elapsed');
  });
});
