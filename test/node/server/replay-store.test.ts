import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryReplayStore, type ReplayResult } from '../../../src/server/index.js';

function ids(result: ReplayResult): string[] {
  assert.equal(result.status, 'ok');
  return result.status === 'ok' ? result.events.map((e) => e.id) : [];
}

describe('MemoryReplayStore', () => {
  it('assigns unique, ordered ids and replays what came after an id', () => {
    const store = new MemoryReplayStore();
    const a = store.append('job', { data: 'a' });
    const b = store.append('job', { event: 'progress', data: 'b' });
    const c = store.append('job', { data: 'c' });
    assert.equal(new Set([a.id, b.id, c.id]).size, 3);
    assert.deepEqual(b, { id: b.id, event: 'progress', data: 'b' });
    assert.deepEqual(ids(store.since('job', undefined)), [a.id, b.id, c.id]);
    assert.deepEqual(ids(store.since('job', a.id)), [b.id, c.id]);
    assert.deepEqual(ids(store.since('job', c.id)), []);
  });

  it('keeps streams apart, and never mistakes another stream’s id for its own', () => {
    const store = new MemoryReplayStore();
    const first = store.append('one', { data: 'x' });
    store.append('two', { data: 'y' });
    assert.deepEqual(ids(store.since('two', undefined)).length, 1);
    assert.equal(store.since('two', first.id).status, 'unknown');
    assert.deepEqual(ids(store.since('nothing-yet', undefined)), []);
    assert.equal(store.since('nothing-yet', first.id).status, 'unknown');
  });

  it('is bounded: evicts the oldest and says an evicted id expired', () => {
    const store = new MemoryReplayStore({ capacity: 3 });
    const appended = Array.from({ length: 5 }, (_, i) => store.append('job', { data: String(i) }));
    assert.equal(store.size('job'), 3);
    assert.deepEqual(
      ids(store.since('job', undefined)),
      appended.slice(2).map((e) => e.id),
    );
    assert.deepEqual(store.since('job', appended[0]!.id), { status: 'expired' });
    assert.deepEqual(store.since('job', appended[1]!.id), { status: 'expired' });
    assert.deepEqual(
      ids(store.since('job', appended[2]!.id)),
      appended.slice(3).map((e) => e.id),
    );
    assert.deepEqual(store.since('job', 'made-up'), { status: 'unknown' });
  });

  it('does not resume an id from before the stream was discarded and started again', () => {
    const store = new MemoryReplayStore();
    const old = store.append('job', { data: 'old' });
    store.discard('job');
    assert.equal(store.since('job', old.id).status, 'unknown');
    const fresh = store.append('job', { data: 'new' });
    assert.notEqual(fresh.id, old.id, 'ids restart with a new prefix');
    assert.equal(store.since('job', old.id).status, 'unknown');
  });

  it('keeps caller-chosen ids and refuses a duplicate', () => {
    const store = new MemoryReplayStore();
    store.append('job', { id: 'order-1', data: 'a' });
    const next = store.append('job', { data: 'b' });
    assert.deepEqual(ids(store.since('job', 'order-1')), [next.id]);
    assert.throws(() => store.append('job', { id: 'order-1', data: 'again' }), TypeError);
    assert.equal(store.size('job'), 2);
  });

  it('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new MemoryReplayStore({ capacity: 0 }), RangeError);
    assert.throws(() => new MemoryReplayStore({ capacity: 1.5 }), RangeError);
  });
});
