// History sessions created before the storage code (run-store.ts) is loaded: it is loaded only
// with a `historyKey`, so the first sessions of a page start without it. Their typical duration
// arrives with the code (and notifies), and a run that completed meanwhile is still recorded.
// A file of its own: the code must not be loaded yet when it starts (each file is a process).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { createProgressSession, type ProgressSession, type TypicalDuration } from '../../../src/session/index.js';
import { loadRunStore } from '../../../src/session/session-history.js';
import { event, frame, mapping } from './history-fixtures.js';
import { MemoryStorage } from './memory-storage.js';

const HISTORY = JSON.stringify({ v: 1, runs: [{ totalMs: 90_000, steps: {}, endedAt: 1 }] });

describe('progress session: history before its code is loaded', () => {
  let sessions: ProgressSession[] = [];
  beforeEach(() => {
    mock.timers.enable({ apis: ['setInterval', 'Date'], now: 5_000_000 });
  });
  afterEach(() => {
    for (const s of sessions) s.close();
    sessions = [];
    mock.timers.reset();
  });

  it('reads the typical duration once the code is there (and notifies); records a run that completed meanwhile', async () => {
    const stored = new MemoryStorage();
    stored.setItem('progress-stream:history:known', HISTORY);
    const reader = createProgressSession({ mapping, historyKey: 'known', historyStorage: stored });
    const empty = new MemoryStorage();
    const recorder = createProgressSession({ mapping, historyKey: 'new', historyStorage: empty });
    const plain = createProgressSession({ mapping, historyStorage: stored });
    const switched = createProgressSession({ mapping, historyKey: 'known', historyStorage: stored });
    switched.update({ mapping, historyKey: 'other', historyStorage: stored });
    sessions.push(reader, recorder, plain, switched);
    let notified = 0;
    reader.subscribe(() => notified++);

    // All of this happens before any module can load (no await yet).
    assert.equal(reader.typical, null, 'not read yet');
    // (The reads below are of getters that change: not narrowed by the assertion above.)
    const typical = (s: ProgressSession): TypicalDuration | null => s.typical;
    recorder.push(event('running', 0, 'load'));
    mock.timers.tick(20_000);
    recorder.push(event('running', 40, 'index'));
    mock.timers.tick(40_000);
    recorder.push(event('complete', 100, 'index'));
    assert.equal(recorder.state.status, 'complete');
    assert.equal(empty.items.size, 0, 'not written yet');

    // The sessions queued their work on the same load, before this test did.
    await loadRunStore();
    assert.equal(typical(reader)?.medianMs, 90_000);
    assert.equal(recorder.typical?.runs, 1, 'the run that completed while loading');
    assert.equal(recorder.typical?.medianMs, 60_000);
    assert.equal(JSON.parse(empty.getItem('progress-stream:history:new') ?? 'null')?.runs?.length, 1);
    assert.equal(plain.typical, null, 'no key: nothing read');
    assert.equal(switched.typical, null, 'the read for the key it had before is dropped');
    await frame();
    assert.ok(notified > 0, 'the view heard of the typical duration');
    assert.equal(reader.getSnapshot().typical?.medianMs, 90_000);
    reader.push(event('running', 0, 'load'));
    mock.timers.tick(10_000);
    assert.equal(reader.state.etaMs, 80_000, 'the typical duration blends into the ETA');
  });

  it('once the code is loaded, a new session reads at once', () => {
    const storage = new MemoryStorage();
    storage.setItem('progress-stream:history:known', HISTORY);
    const s = createProgressSession({ mapping, historyKey: 'known', historyStorage: storage });
    sessions.push(s);
    assert.equal(s.typical?.medianMs, 90_000);
  });
});
