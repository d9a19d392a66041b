// Replay goes through the same bound as live events: a subscription reads the replay buffer only
// as its connection has room, so a reader that never reads costs about maxQueueBytes whatever
// the buffer holds, and one that falls behind the buffer is dropped and resumes.
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { EventStreamParser, type ParsedEvent } from '../../../src/client/index.js';
import { MemoryReplayStore, createEventStream, type SlowReaderInfo } from '../../../src/server/index.js';
import { FakeTransport, listen, until } from './helpers.js';

const KiB = 1024;
const MiB = 1024 * KiB;

describe('replay and memory', () => {
  it('bounds the replay buffer by bytes as well as by count', async () => {
    const store = new MemoryReplayStore({ capacity: 1000, maxBytes: 1000 });
    const ids = Array.from({ length: 20 }, (_, i) => store.append('job', { data: 'd'.repeat(95) + String(i).padStart(2, '0') }).id);
    assert.ok(store.byteSize('job') <= 1000, `kept ${store.byteSize('job')} bytes`);
    assert.ok(store.size('job') >= 8 && store.size('job') < 20, `kept ${store.size('job')} events`);
    assert.equal(store.since('job', ids[0]).status, 'expired');
    const kept = store.since('job', ids[15]);
    assert.equal(kept.status, 'ok');
    store.append('job', { data: 'L'.repeat(5000) });
    assert.equal(store.size('job'), 1, 'a larger event is kept, alone');
    assert.throws(() => new MemoryReplayStore({ maxBytes: 0 }), RangeError);

    const stream = createEventStream({ heartbeatMs: 0, bufferBytes: 10 * KiB });
    const first = await stream.publish({ data: 'x'.repeat(4 * KiB) });
    for (let i = 0; i < 5; i++) await stream.publish({ data: 'x'.repeat(4 * KiB) });
    const late = stream.subscribe(first.id);
    await late.ready;
    const transport = new FakeTransport(Number.POSITIVE_INFINITY);
    late.attach(transport);
    assert.equal(transport.events[0]!.type, 'reset', 'the first event left a 10 KiB buffer');
    assert.equal(transport.events.length, 1 + 2, 'then the two events that fit');
    late.close('disconnected');
  });

  it('a subscription that is never drained holds no more than maxQueueBytes, whatever the replay', async () => {
    const stream = createEventStream({ heartbeatMs: 0, maxQueueBytes: 64 * KiB, bufferBytes: 32 * MiB });
    const big = 'x'.repeat(16 * KiB);
    for (let i = 0; i < 500; i++) await stream.publish({ data: big });
    await stream.end({ event: 'done', data: {} });
    const subscriptions = Array.from({ length: 20 }, () => stream.subscribe());
    const transports = subscriptions.map(() => new FakeTransport(16 * KiB));
    for (const [i, subscription] of subscriptions.entries()) {
      assert.equal(await subscription.ready, 'stream');
      subscription.attach(transports[i]!);
    }
    for (const [i, subscription] of subscriptions.entries()) {
      assert.ok(subscription.queuedBytes <= 64 * KiB, `queued ${subscription.queuedBytes} bytes for an 8 MB replay`);
      assert.ok(transports[i]!.pending <= 16 * KiB + big.length + 100, `wrote ${transports[i]!.pending} bytes into a full transport`);
    }
    for (const s of subscriptions) s.close('disconnected');
  });

  it('20 sockets that never read hold about maxQueueBytes each, not the multi-MB replay', async () => {
    const maxQueueBytes = 64 * KiB;
    const stream = createEventStream({ heartbeatMs: 0, maxQueueBytes, bufferBytes: 32 * MiB });
    const frame = 'y'.repeat(16 * KiB);
    for (let i = 0; i < 1000; i++) await stream.publish({ data: frame });
    await stream.end({ event: 'done', data: {} });
    // One reader that takes everything first, so that encoding the buffer (once, shared by every
    // connection) is not counted as the cost of the idle ones.
    const warm = stream.subscribe();
    await warm.ready;
    warm.attach(new FakeTransport(Number.POSITIVE_INFINITY));
    const responses: ServerResponse[] = [];
    const server = await listen((req, res) => {
      responses.push(res);
      void stream.handleNode(req, res);
    });
    const sockets: Socket[] = [];
    try {
      const before = process.memoryUsage().arrayBuffers;
      for (let i = 0; i < 20; i++) {
        const socket = connect(server.port, '127.0.0.1');
        socket.pause(); // never reads
        socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
        sockets.push(socket);
      }
      await until(() => responses.length === 20 && responses.every((r) => r.writableNeedDrain), 10_000, 'every response to be blocked');
      // Frames are the encoded events (ArrayBuffers): 20 copies of the 16 MB replay were 320 MB.
      const grown = process.memoryUsage().arrayBuffers - before;
      assert.ok(grown < 20 * MiB, `20 idle connections added ${(grown / MiB).toFixed(1)} MiB of buffers`);
      for (const res of responses) {
        // What waits in the response for the socket: the transport's high-water mark plus one frame.
        const held = res.writableLength;
        assert.ok(held <= maxQueueBytes + res.writableHighWaterMark + frame.length + 100, `a non-reading socket holds ${held} bytes`);
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      await server.close();
    }
  });

  it('replays to a reader that drains slowly, with live events arriving, each event once and in order', async () => {
    const stream = createEventStream({ heartbeatMs: 0, maxQueueBytes: 8 * KiB, bufferSize: 5000 });
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push((await stream.publish({ data: `old-${i}-${'o'.repeat(200)}` })).id);
    const subscription = stream.subscribe();
    await subscription.ready;
    const transport = new FakeTransport(2 * KiB);
    subscription.attach(transport);
    for (let round = 0; round < 1000 && !subscription.closed && transport.events.length < ids.length; round++) {
      // A few live events between two drains, small enough for the queue once live.
      if (round % 3 === 0) ids.push((await stream.publish({ data: `live-${round}` })).id);
      assert.ok(subscription.queuedBytes <= 8 * KiB);
      transport.drain();
      subscription.drained();
    }
    assert.equal(subscription.closed, false, 'never dropped: it kept up');
    assert.deepEqual(
      transport.events.map((e) => e.lastEventId),
      ids,
    );
    assert.ok(transport.maxPending <= 2 * KiB + 300, `at most one frame past the transport's room (${transport.maxPending})`);
    subscription.close('disconnected');
  });

  it('drops a reader whose place left the buffer while it was blocked; it resumes with a reset', async () => {
    const reports: SlowReaderInfo[] = [];
    const store = new MemoryReplayStore({ capacity: 50 });
    const stream = createEventStream({ heartbeatMs: 0, replay: store, onSlowReader: (info) => reports.push(info) });
    for (let i = 0; i < 50; i++) await stream.publish({ data: `e${i}-${'p'.repeat(100)}` });
    const subscription = stream.subscribe();
    await subscription.ready;
    const transport = new FakeTransport(500);
    subscription.attach(transport);
    const lastSeen = transport.events.at(-1)!.lastEventId;
    for (let i = 0; i < 100; i++) await stream.publish({ data: `n${i}` }); // evicts where it stopped
    transport.drain();
    subscription.drained();
    assert.equal(subscription.closed, true);
    assert.equal(transport.aborted, true, 'dropped, so that the client reconnects');
    assert.deepEqual(
      reports.map((r) => r.reason),
      ['behind-buffer'],
    );
    const again = stream.subscribe(lastSeen);
    await again.ready;
    const next = new FakeTransport(Number.POSITIVE_INFINITY);
    again.attach(next);
    assert.equal(next.events[0]!.type, 'reset');
    assert.equal(JSON.parse(next.events[0]!.data).reason, 'expired');
    assert.equal(next.events.length, 51, 'then the whole buffer');
    again.close('disconnected');
  });

  it('a node:http reader that stops reading is dropped, resumes, and gets every event exactly once', async () => {
    const reports: SlowReaderInfo[] = [];
    const stream = createEventStream({
      heartbeatMs: 0,
      maxQueueBytes: 32 * KiB,
      bufferSize: 50_000,
      bufferBytes: 256 * MiB,
      onSlowReader: (info) => reports.push(info),
    });
    const published: string[] = [];
    const publish = async (n: number, size: number): Promise<void> => {
      for (let i = 0; i < n; i++) published.push((await stream.publish({ data: `${published.length}:${'z'.repeat(size)}` })).id);
    };
    await publish(1000, 2 * KiB); // a 2 MB replay for the first connection
    const server = await listen((req, res) => void stream.handleNode(req, res));
    const received: ParsedEvent[] = [];
    let connections = 0;
    const connectOnce = (lastEventId: string | undefined): { res: Promise<IncomingMessage>; done: Promise<void> } => {
      connections++;
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      const req = httpRequest(server.url, { headers });
      req.end();
      const parser = new EventStreamParser({ onEvent: (e) => received.push(e) });
      const res = new Promise<IncomingMessage>((resolve) => req.on('response', resolve));
      const done = new Promise<void>((resolve) => {
        req.on('error', () => resolve());
        void res.then((r) => {
          r.on('data', (chunk: Buffer) => parser.pushBytes(chunk));
          r.on('close', () => resolve());
          r.on('error', () => resolve());
        });
      });
      return { res, done };
    };
    try {
      const first = connectOnce(undefined);
      const firstRes = await first.res;
      await until(() => received.length === 1000, 10_000, 'the replay');
      firstRes.pause(); // stops reading: the socket fills, then the queue
      for (let round = 0; reports.length === 0 && round < 400; round++) {
        await publish(50, 2 * KiB);
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.equal(reports[0]?.reason, 'queue-full', 'the reader was dropped for its queue');
      await publish(100, 100); // while it is away
      firstRes.resume();
      await first.done;
      // Back, reading slowly (and dropped again whenever it falls too far behind), while the job
      // goes on and then ends: it reconnects with its Last-Event-ID until it has the end.
      const follow = (async () => {
        for (let attempt = 0; attempt < 50 && received.at(-1)?.type !== 'complete'; attempt++) {
          const next = connectOnce(received.at(-1)!.lastEventId);
          const res = await next.res;
          res.on('data', () => {
            res.pause();
            setImmediate(() => res.resume());
          });
          await next.done;
        }
      })();
      await publish(300, KiB);
      await stream.end({ event: 'complete', data: 'end' });
      await follow;
      const ids = received.map((e) => e.lastEventId);
      assert.equal(received.at(-1)!.type, 'complete');
      assert.deepEqual(ids.slice(0, -1), published, 'every event, once, in order');
      assert.equal(new Set(ids).size, ids.length);
      assert.ok(!received.some((e) => e.type === 'reset'));
      assert.ok(connections >= 2);
    } finally {
      await server.close();
    }
  });
});
