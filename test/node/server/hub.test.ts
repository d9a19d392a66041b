import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { MemoryReplayStore, createEventStreamHub, memoryBroker } from '../../../src/server/index.js';
import { readStream, until } from './helpers.js';

describe('EventStreamHub', () => {
  it('has one stream per key, with its own events and ids', async () => {
    const hub = createEventStreamHub({ heartbeatMs: 0 });
    const a = hub.stream('job-a');
    assert.equal(hub.stream('job-a'), a);
    assert.equal(hub.get('job-b'), undefined);
    const b = hub.stream('job-b');
    assert.equal(a.key, 'job-a');
    const fromA = await a.publish({ data: 'for a' });
    await b.publish({ data: 'for b' });
    const reader = readStream((await b.response(new Request('http://127.0.0.1/', { headers: { 'last-event-id': fromA.id } }))).body!);
    await reader.waitFor((r) => r.events.length === 2);
    assert.equal(reader.events[0]!.type, 'reset', 'an id of another stream is unknown here');
    assert.equal(reader.events[1]!.data, 'for b');
    assert.deepEqual([...hub.keys()], ['job-a', 'job-b']);
    await hub.close();
    assert.equal(hub.size, 0);
  });

  it('find() answers from the broker, creates nothing for unknown keys, and drops a found stream nobody connects to', async () => {
    const broker = memoryBroker();
    const worker = createEventStreamHub({ heartbeatMs: 0, broker });
    const api = createEventStreamHub({ heartbeatMs: 0, broker });
    assert.equal(await api.find('job'), undefined);
    assert.equal(api.size, 0, 'an unknown key creates nothing');
    await worker.stream('job').publish({ data: 'x' });
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const found = await api.find('job');
      assert.ok(found);
      assert.equal(api.get('job'), found);
      mock.timers.tick(9_999);
      assert.equal(api.get('job'), found, 'still waiting for its first connection');
      mock.timers.tick(1);
      assert.equal(api.get('job'), undefined, 'dropped: nobody connected to it');
      assert.equal(found.closed, true);
      assert.ok(await api.find('job'), 'the broker still has it');
    } finally {
      mock.timers.reset();
    }
    await worker.close();
    await api.close();
  });

  it('delete() closes the stream’s connections and discards its buffer', async () => {
    const store = new MemoryReplayStore();
    const hub = createEventStreamHub({ heartbeatMs: 0, replay: store });
    const stream = hub.stream('job');
    await stream.publish({ data: 'x' });
    const reader = readStream((await stream.response()).body!);
    assert.equal(store.size('job'), 1);
    assert.equal(await hub.delete('job'), true);
    assert.equal(await reader.finished, 'end', 'the client will reconnect');
    assert.equal(store.size('job'), 0);
    assert.equal(hub.has('job'), false);
    assert.equal(await hub.delete('job'), false);
    assert.notEqual(hub.stream('job'), stream, 'a new stream for the key');
  });

  it('drops an ended stream after endedRetentionMs, and not before', async () => {
    const ended: string[] = [];
    const hub = createEventStreamHub({ heartbeatMs: 0, endedRetentionMs: 40, onEnd: (s) => ended.push(s.key) });
    const stream = hub.stream('job');
    await stream.end({ event: 'complete', data: {} });
    assert.deepEqual(ended, ['job'], 'the user’s onEnd still runs');
    assert.equal(hub.get('job'), stream, 'kept for clients that come back');
    await until(() => !hub.has('job'), 1000, 'the expiry');
    assert.equal(hub.size, 0);
  });
});
