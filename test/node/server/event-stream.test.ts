// The stream and its subscriptions through a fake transport: ordering, exactly-once across the
// replay/live boundary, the backpressure policy, the end, and asynchronous replay stores.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MemoryReplayStore,
  createEventStream,
  type EventToStore,
  type ReplayResult,
  type ReplayStore,
  type SlowReaderInfo,
  type StoredEvent,
} from '../../../src/server/index.js';
import { FakeTransport } from './helpers.js';

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Wraps a store so that every answer comes after a random delay. */
function slowStore(inner: ReplayStore, maxDelayMs: number): ReplayStore {
  const later = <T>(fn: () => T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(fn()), Math.random() * maxDelayMs));
  return {
    append: (key: string, event: EventToStore): Promise<StoredEvent> => later(() => inner.append(key, event) as StoredEvent),
    since: (key: string, id: string | undefined): Promise<ReplayResult> => later(() => inner.since(key, id) as ReplayResult),
  };
}

describe('EventStream', () => {
  it('assigns ids and delivers published events in order to an attached subscription', async () => {
    const stream = createEventStream({ heartbeatMs: 0, retryMs: 2500 });
    const subscription = stream.subscribe();
    assert.equal(await subscription.ready, 'stream');
    const transport = new FakeTransport();
    subscription.attach(transport);
    const published = [
      await stream.publish({ event: 'progress', data: { percent: 10 } }),
      await stream.publish({ data: 'plain' }),
      await stream.publish({ id: 'mine', event: 'progress', data: { percent: 20 } }),
    ];
    assert.ok(transport.text.startsWith('retry: 2500\n'), transport.text);
    assert.deepEqual(
      transport.events.map((e) => [e.lastEventId, e.type, e.data]),
      [
        [published[0]!.id, 'progress', '{"percent":10}'],
        [published[1]!.id, 'message', 'plain'],
        ['mine', 'progress', '{"percent":20}'],
      ],
    );
  });

  it('refuses invalid input synchronously, before anything is stored', () => {
    const stream = createEventStream({ heartbeatMs: 0 });
    assert.throws(() => stream.publish({ event: 'a\nb', data: 1 }), TypeError);
    assert.throws(() => stream.publish({ id: 'x\0', data: 1 }), TypeError);
    assert.throws(() => stream.publish({ id: '', data: 1 }), TypeError);
    assert.throws(() => stream.publish({ data: undefined }), TypeError);
    assert.throws(() => createEventStream({ resetEvent: 're\nset' }), TypeError);
    assert.throws(() => createEventStream({ heartbeatMs: -1 }), RangeError);
  });

  it('hands events published while the replay is read to the subscription once, after the replay', async () => {
    const store = new MemoryReplayStore();
    const stream = createEventStream({ replay: slowStore(store, 5), heartbeatMs: 0 });
    const first = await stream.publish({ data: 'first' });
    const subscription = stream.subscribe(first.id);
    // Published while the subscription waits for its replay.
    const more = ['a', 'b', 'c'].map((data) => stream.publish({ data }));
    assert.equal(await subscription.ready, 'stream');
    const transport = new FakeTransport();
    subscription.attach(transport);
    await Promise.all(more);
    stream.publish({ data: 'd' });
    await stream.publish({ data: 'e' });
    assert.deepEqual(
      transport.events.map((e) => e.data),
      ['a', 'b', 'c', 'd', 'e'],
    );
  });

  it('gives every concurrent subscriber each event exactly once with an asynchronous store', async () => {
    const stream = createEventStream({ replay: slowStore(new MemoryReplayStore(), 3), heartbeatMs: 0 });
    const transports: FakeTransport[] = [];
    const publishes: Array<Promise<StoredEvent>> = [];
    const starts: Array<Promise<void>> = [];
    for (let i = 0; i < 30; i++) {
      publishes.push(stream.publish({ data: String(i) }));
      if (i % 3 === 0) {
        const subscription = stream.subscribe();
        const transport = new FakeTransport();
        transports.push(transport);
        starts.push(subscription.ready.then(() => subscription.attach(transport)));
      }
      if (i % 7 === 0) await tick(1);
    }
    await Promise.all([...publishes, ...starts]);
    const all = Array.from({ length: 30 }, (_, i) => String(i));
    assert.deepEqual(
      (await Promise.all(publishes)).map((e) => e.data),
      all,
      'stored in call order',
    );
    for (const transport of transports) {
      assert.deepEqual(
        transport.events.map((e) => e.data),
        all,
      );
    }
  });

  describe('backpressure', () => {
    it('queues while the transport is full and writes the queue when it drains', () => {
      const stream = createEventStream({ heartbeatMs: 0, maxQueueBytes: 10_000 });
      const subscription = stream.subscribe();
      return subscription.ready.then(() => {
        const transport = new FakeTransport(100);
        subscription.attach(transport);
        transport.drain();
        for (let i = 0; i < 20; i++) stream.publish({ data: 'x'.repeat(50) });
        assert.ok(transport.events.length < 20, 'the transport stopped taking events');
        assert.ok(subscription.queuedBytes > 0);
        while (subscription.queuedBytes > 0) {
          transport.drain();
          subscription.drained();
        }
        assert.equal(transport.events.length, 20);
        assert.ok(transport.maxPending < 100 + 70, 'never more than one frame past the transport’s limit');
        assert.equal(transport.aborted, false);
      });
    });

    it('drops a reader whose queue would pass maxQueueBytes, and reports it', async () => {
      const reports: SlowReaderInfo[] = [];
      const stream = createEventStream({ key: 'job', heartbeatMs: 0, maxQueueBytes: 1000, onSlowReader: (info) => reports.push(info) });
      const subscription = stream.subscribe();
      await subscription.ready;
      const transport = new FakeTransport(10);
      subscription.attach(transport);
      let maxQueued = 0;
      for (let i = 0; i < 100 && !subscription.closed; i++) {
        stream.publish({ data: 'y'.repeat(90) });
        maxQueued = Math.max(maxQueued, subscription.queuedBytes);
      }
      assert.ok(subscription.closed);
      assert.ok(transport.aborted, 'the connection is dropped, not ended normally');
      assert.ok(maxQueued <= 1000, `queue stayed bounded (${maxQueued})`);
      assert.equal(reports.length, 1);
      assert.equal(reports[0]!.key, 'job');
      assert.ok(reports[0]!.queuedBytes <= 1000);
      assert.equal(stream.subscriberCount, 0);
      // The stream goes on for everyone else.
      await stream.publish({ data: 'after' });
    });

    it('bounds what piles up while the replay is read, too', async () => {
      const inner = new MemoryReplayStore();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const gated: ReplayStore = {
        append: (key, event) => inner.append(key, event),
        since: async (key, id) => {
          await gate;
          return inner.since(key, id);
        },
      };
      const stream = createEventStream({ replay: gated, heartbeatMs: 0, maxQueueBytes: 300 });
      const subscription = stream.subscribe();
      for (let i = 0; i < 10; i++) await stream.publish({ data: 'z'.repeat(100) });
      assert.equal(stream.subscriberCount, 0, 'dropped before its replay was even read');
      release();
      assert.equal(await subscription.ready, 'closed');
    });

    it('sends no heartbeat to a reader that is behind', async () => {
      const stream = createEventStream({ heartbeatMs: 5, maxQueueBytes: 10_000 });
      const subscription = stream.subscribe();
      await subscription.ready;
      const transport = new FakeTransport(10);
      subscription.attach(transport);
      stream.publish({ data: 'q'.repeat(50) });
      stream.publish({ data: 'q'.repeat(50) });
      const queued = subscription.queuedBytes;
      await tick(30);
      assert.equal(subscription.queuedBytes, queued, 'nothing added to the backlog');
      assert.doesNotMatch(transport.text, /keepalive/);
      subscription.close('disconnected');
    });
  });

  describe('end', () => {
    it('sends the terminal event, ends responses after their queue, and refuses more events', async () => {
      const stream = createEventStream({ heartbeatMs: 0 });
      const subscription = stream.subscribe();
      await subscription.ready;
      const transport = new FakeTransport(10);
      subscription.attach(transport);
      stream.publish({ event: 'progress', data: 'p' });
      const ended = stream.end({ event: 'stream_end', data: { reason: 'done' } });
      assert.equal(stream.end(), ended, 'idempotent');
      await ended;
      assert.equal(transport.ended, false, 'not before the queue is written');
      while (subscription.queuedBytes > 0) {
        transport.drain();
        subscription.drained();
      }
      assert.equal(transport.ended, true);
      assert.deepEqual(
        transport.events.map((e) => e.type),
        ['progress', 'stream_end'],
      );
      assert.equal(stream.subscriberCount, 0);
      assert.throws(() => stream.publish({ data: 'late' }), TypeError);
    });

    it('answers done to a client that has seen everything, and replays the rest to others', async () => {
      const stream = createEventStream({ heartbeatMs: 0 });
      const first = await stream.publish({ data: 'one' });
      await stream.end({ event: 'complete', data: 'two' });
      const behind = stream.subscribe(first.id);
      assert.equal(await behind.ready, 'stream');
      const transport = new FakeTransport();
      behind.attach(transport);
      assert.deepEqual(
        transport.events.map((e) => e.data),
        ['two'],
      );
      assert.equal(transport.ended, true);
      const upToDate = stream.subscribe(transport.events[0]!.lastEventId);
      assert.equal(await upToDate.ready, 'done');
      assert.equal(stream.subscriberCount, 0);
    });

    it('ends without a terminal event when end() gets none', async () => {
      const stream = createEventStream({ heartbeatMs: 0 });
      const subscription = stream.subscribe();
      await subscription.ready;
      const transport = new FakeTransport();
      subscription.attach(transport);
      await stream.end();
      assert.equal(transport.ended, true);
      assert.deepEqual(transport.events, []);
      assert.equal(await stream.subscribe().ready, 'done', 'nothing was ever published');
    });
  });

  it('close() ends every response and refuses new subscriptions', async () => {
    const stream = createEventStream({ heartbeatMs: 10 });
    const subscription = stream.subscribe();
    await subscription.ready;
    const transport = new FakeTransport();
    subscription.attach(transport);
    stream.close();
    assert.equal(transport.ended, true);
    assert.equal(stream.subscriberCount, 0);
    assert.equal(await stream.subscribe().ready, 'closed');
    assert.throws(() => stream.publish({ data: 'x' }), TypeError);
  });

  it('rejects ready and removes the subscription when the replay store fails', async () => {
    const failing: ReplayStore = {
      append: (_key, event) => ({ id: '1', data: event.data }),
      since: () => Promise.reject(new Error('store down')),
    };
    const stream = createEventStream({ replay: failing, heartbeatMs: 0 });
    const subscription = stream.subscribe('1');
    await assert.rejects(subscription.ready, /store down/);
    assert.equal(stream.subscriberCount, 0);
  });
});
