// The broker contract: what every broker must give the streams of several server instances,
// asserted through real HTTP. Instance A serves with handleNode, instance B with the Web
// `Response` variant, and a "worker" is a hub with no HTTP server at all. For the memory broker
// the instances are hubs of one process sharing one broker; for Redis each has its own client
// and broker on one redis-server, as separate processes would.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  createEventStreamHub,
  type EventStreamHub,
  type EventStreamHubOptions,
  type SlowReaderInfo,
} from '../../../../src/server/index.js';
import type { BrokerFactory, BrokerSettings } from './factories.js';
import { openRaw, openSse, startInstance, uniqueKey, type Instance, type RouteMode, type ServeMode, type SseClient } from './harness.js';

const WAIT_MS = 15_000;

/** Publishes `count` events at once (the stream keeps their order) and returns their ids. */
export async function publishMany(hub: EventStreamHub, key: string, count: number, from = 0, data?: string): Promise<string[]> {
  const stream = hub.stream(key);
  const published = Array.from({ length: count }, (_, i) => stream.publish({ event: 'progress', data: data ?? { n: from + i } }));
  return (await Promise.all(published)).map((event) => event.id);
}

function waitForIds(client: SseClient, count: number): Promise<void> {
  return client.reader.waitFor(() => client.ids().length >= count, WAIT_MS);
}

export function defineBrokerContract(factory: BrokerFactory): void {
  describe(`broker contract: ${factory.name}`, () => {
    const cleanups: Array<() => Promise<void> | void> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    /** A client that is closed after the test. */
    async function sse(url: string, lastEventId?: string): Promise<SseClient> {
      const client = await openSse(url, lastEventId);
      cleanups.push(() => client.close());
      return client;
    }

    async function hubOn(settings: BrokerSettings, extra: EventStreamHubOptions): Promise<EventStreamHub> {
      const created = await factory.create(settings);
      cleanups.push(() => created.cleanup());
      return createEventStreamHub({ heartbeatMs: 0, ...created.hubOptions, ...extra, broker: created.broker });
    }

    async function instance(
      serve: ServeMode,
      settings: BrokerSettings = {},
      extra: EventStreamHubOptions = {},
      route?: RouteMode,
    ): Promise<Instance> {
      const started = await startInstance(await hubOn(settings, extra), serve, route);
      cleanups.push(() => started.close());
      return started;
    }

    /** Instance A (handleNode) and instance B (Web Response). */
    async function pair(settings: BrokerSettings = {}, extra: EventStreamHubOptions = {}): Promise<[Instance, Instance]> {
      return [await instance('node', settings, extra), await instance('web', settings, extra)];
    }

    /** A process that only publishes. */
    async function worker(settings: BrokerSettings = {}): Promise<EventStreamHub> {
      const hub = await hubOn(settings, {});
      cleanups.push(() => hub.close());
      return hub;
    }

    it('delivers events in publish order, with the ids publish gave, to the clients of every instance', async () => {
      const key = uniqueKey('order');
      const [a, b] = await pair();
      const first = await publishMany(a.hub, key, 1);
      const onA = await sse(a.url(key));
      const onB = await sse(b.url(key));
      await Promise.all([waitForIds(onA, 1), waitForIds(onB, 1)]);
      const rest = await publishMany(a.hub, key, 99, 1);
      const ids = [...first, ...rest];
      assert.equal(new Set(ids).size, 100);
      for (const client of [onA, onB]) {
        await waitForIds(client, 100);
        assert.deepEqual(client.ids(), ids);
        assert.deepEqual(
          client.reader.events.map((e) => (JSON.parse(e.data) as { n: number }).n),
          ids.map((_, i) => i),
        );
      }
      // Ids are the same on every instance: a late client of either gets them from the history.
      for (const late of [await sse(b.url(key)), await sse(a.url(key))]) {
        await waitForIds(late, 100);
        assert.deepEqual(late.ids(), ids);
      }
    });

    it('a worker with no HTTP server reaches the clients of both instances, in order, exactly once', async () => {
      const key = uniqueKey('worker');
      const [a, b] = await pair();
      const w = await worker();
      const ids = await publishMany(w, key, 1);
      const clients = [await sse(a.url(key)), await sse(b.url(key))];
      await Promise.all(clients.map((c) => waitForIds(c, 1)));
      ids.push(...(await publishMany(w, key, 200, 1)));
      await w.stream(key).end({ event: 'done', data: { ok: true } });
      for (const client of clients) {
        assert.equal(await client.reader.finished, 'end');
        assert.equal(client.ids().length, 202);
        assert.deepEqual(client.ids().slice(0, 201), ids);
        assert.equal(client.reader.events.at(-1)?.type, 'done');
        assert.equal(new Set(client.ids()).size, 202);
      }
    });

    for (const [from, to] of [
      ['A', 'B'],
      ['B', 'A'],
    ] as const) {
      it(`resumes on the other instance (${from} → ${to}) with Last-Event-ID: exactly the missed events, then live`, async () => {
        const key = uniqueKey('resume');
        const [a, b] = await pair();
        const [first, second] = from === 'A' ? [a, b] : [b, a];
        const ids = await publishMany(a.hub, key, 10);
        const before = await sse(first.url(key));
        await waitForIds(before, 10);
        before.close();
        ids.push(...(await publishMany(a.hub, key, 10, 10)));
        const after = await sse(second.url(key), ids[9]);
        assert.equal(after.status, 200);
        await waitForIds(after, 10);
        ids.push(...(await publishMany(b.hub, key, 5, 20)));
        await waitForIds(after, 15);
        assert.deepEqual(after.ids(), ids.slice(10));
        assert.deepEqual(after.resets(), []);
      });
    }

    it('a trimmed position gets a reset (expired), then the retained history; the oldest kept one resumes', async () => {
      const key = uniqueKey('trim');
      const [a, b] = await pair({ maxLength: 10 });
      const ids = await publishMany(a.hub, key, 50);
      await factory.trim?.(key, 10);
      const trimmed = await sse(b.url(key), ids[39]);
      await waitForIds(trimmed, 10);
      assert.deepEqual(trimmed.resets(), [{ reason: 'expired', lastEventId: ids[39] }]);
      assert.deepEqual(trimmed.ids(), ids.slice(40));
      const kept = await sse(a.url(key), ids[40]);
      await waitForIds(kept, 9);
      assert.deepEqual(kept.resets(), []);
      assert.deepEqual(kept.ids(), ids.slice(41));
    });

    it('a stream recreated under another epoch answers an old id with a reset (unknown), then the new history', async () => {
      const key = uniqueKey('epoch');
      const [a, b] = await pair();
      const old = await publishMany(a.hub, key, 5);
      await factory.recreate?.(key);
      const fresh = await publishMany(a.hub, key, 3, 100);
      assert.deepEqual(
        fresh.filter((id) => old.includes(id)),
        [],
      );
      const client = await sse(b.url(key), old[4]);
      await waitForIds(client, 3);
      assert.deepEqual(client.resets(), [{ reason: 'unknown', lastEventId: old[4] }]);
      assert.deepEqual(client.ids(), fresh);
    });

    if (factory.kind === 'redis') {
      it('a connected client is dropped when its stream reappears under another epoch (never a silent gap)', async () => {
        const key = uniqueKey('epoch-live');
        const [a, b] = await pair();
        const old = await publishMany(a.hub, key, 3);
        const clients = [await sse(a.url(key)), await sse(b.url(key))];
        await Promise.all(clients.map((c) => waitForIds(c, 3)));
        await factory.recreate?.(key);
        const fresh = await publishMany(a.hub, key, 2, 100);
        for (const client of clients) {
          assert.equal(await client.reader.finished, 'error');
          assert.deepEqual(client.ids(), old);
          const resumed = await sse(a.url(key), old[2]);
          await waitForIds(resumed, 2);
          assert.deepEqual(resumed.resets(), [{ reason: 'unknown', lastEventId: old[2] }]);
          assert.deepEqual(resumed.ids(), fresh);
        }
      });
    }

    it('an ended stream is gone after endedTtlMs: 404 on every instance, nothing left in the broker', async () => {
      const key = uniqueKey('ttl');
      const ttl = 400;
      const [a] = await pair({ endedTtlMs: ttl });
      await publishMany(a.hub, key, 3);
      await a.hub.stream(key).end({ event: 'done', data: 1 });
      if (factory.inspect !== undefined) {
        const kept = await factory.inspect(key);
        assert.equal(kept.log, 1);
        assert.equal(kept.meta, 1);
        assert.ok(kept.pttl > 0 && kept.pttl <= ttl, `PTTL ${kept.pttl}`);
      }
      const later = await instance('web', { endedTtlMs: ttl });
      const gone = async (): Promise<boolean> => {
        const inspected = await factory.inspect?.(key);
        const redisGone = inspected === undefined || (inspected.log === 0 && inspected.meta === 0);
        return redisGone && !a.hub.has(key) && (await later.hub.find(key)) === undefined;
      };
      const deadline = Date.now() + WAIT_MS;
      while (!(await gone())) {
        assert.ok(Date.now() < deadline, 'the ended stream did not expire');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (const url of [a.url(key), later.url(key)]) assert.equal((await fetch(url)).status, 404);
    });

    it('after the end, every instance answers 204 to a client that has seen everything, and the rest to one that has not', async () => {
      const key = uniqueKey('end');
      const [a, b] = await pair();
      const ids = await publishMany(a.hub, key, 3);
      await a.hub.stream(key).end({ event: 'done', data: { ok: true } });
      const all = await sse(b.url(key));
      assert.equal(await all.reader.finished, 'end');
      const terminal = all.ids().at(-1);
      assert.deepEqual(all.ids().slice(0, 3), ids);
      assert.equal(all.ids().length, 4);
      for (const on of [a, b]) {
        const done = await sse(on.url(key), terminal);
        assert.equal(done.status, 204);
        const behind = await sse(on.url(key), ids[1]);
        assert.equal(behind.status, 200);
        assert.equal(await behind.reader.finished, 'end');
        assert.deepEqual(behind.ids(), [ids[2], terminal]);
      }
    });

    for (const sendHistory of [true, false]) {
      it(`sendHistory ${sendHistory}: a client without Last-Event-ID ${sendHistory ? 'gets the history first' : 'gets only what comes next'}`, async () => {
        const [a] = await pair();
        // A fresh instance each round: its first watch of a key is the one that can lag behind.
        for (let round = 0; round < 12; round += 1) {
          const key = uniqueKey('history');
          const b = await instance('web', {}, { sendHistory });
          const ids = await publishMany(a.hub, key, 3);
          const client = await sse(b.url(key));
          // Connected: whatever is published from now on must reach it.
          await client.reader.waitFor((r) => r.raw().includes(': connected'), WAIT_MS);
          const next = await publishMany(a.hub, key, 1, 3);
          await waitForIds(client, sendHistory ? 4 : 1);
          assert.deepEqual(client.ids(), sendHistory ? [...ids, ...next] : next, `round ${round}`);
          // A resume is a resume either way.
          const resumed = await sse(b.url(key), ids[0]);
          await waitForIds(resumed, 3);
          assert.deepEqual(resumed.ids(), [...ids.slice(1), ...next]);
        }
      });
    }

    for (const serve of ['node', 'web'] as const) {
      it(`drops a reader that stops reading (${serve}), and it resumes with nothing lost or repeated`, async () => {
        const key = uniqueKey('slow');
        const slow: SlowReaderInfo[] = [];
        const settings = { maxLength: 5000 };
        const served = await instance(serve, settings, { maxQueueBytes: 64 * 1024, onSlowReader: (info) => slow.push(info) });
        const other = await instance(serve === 'node' ? 'web' : 'node', settings);
        const ids = await publishMany(served.hub, key, 1);
        const raw = openRaw(served.port, `/events/${key}`, { paused: true });
        cleanups.push(() => void raw.socket.destroy());
        const healthy = await sse(other.url(key));
        await waitForIds(healthy, 1);
        const payload = 'x'.repeat(16 * 1024);
        for (let batch = 0; slow.length === 0; batch += 1) {
          assert.ok(batch < 200, 'the reader was never dropped');
          ids.push(...(await publishMany(served.hub, key, 20, 0, payload)));
        }
        assert.equal(slow[0]?.reason, 'queue-full');
        assert.equal(slow[0]?.key, key);
        raw.socket.resume();
        await raw.closed;
        const seen = raw.events.map((e) => e.lastEventId);
        assert.ok(seen.length < ids.length, 'the dropped reader had not read everything');
        assert.deepEqual(seen, ids.slice(0, seen.length));
        const resumed = await sse(served.url(key), seen.at(-1));
        ids.push(...(await publishMany(served.hub, key, 3, 0, 'after')));
        await waitForIds(resumed, ids.length - seen.length);
        assert.deepEqual([...seen, ...resumed.ids()], ids);
        assert.deepEqual(resumed.resets(), []);
        await waitForIds(healthy, ids.length);
        assert.deepEqual(healthy.ids(), ids);
      });
    }

    it('events published while many clients resume are neither lost nor sent twice', async () => {
      const key = uniqueKey('burst');
      const settings = { maxLength: 5000 };
      const [a, b] = await pair(settings);
      const w = await worker(settings);
      const ids = await publishMany(w, key, 200);
      const starts = Array.from({ length: 24 }, (_, i) => (i === 0 ? -1 : i * 8));
      const [clients, burst] = await Promise.all([
        Promise.all(starts.map((start, i) => sse((i % 2 === 0 ? a : b).url(key), start < 0 ? undefined : ids[start]))),
        publishMany(w, key, 200, 200),
      ]);
      ids.push(...burst);
      await w.stream(key).end({ event: 'done', data: 1 });
      for (const [i, client] of clients.entries()) {
        assert.equal(await client.reader.finished, 'end');
        const got = client.ids();
        const terminal = got.at(-1);
        assert.deepEqual(got.slice(0, -1), ids.slice((starts[i] ?? 0) + 1), `client ${i} from ${starts[i]}`);
        assert.equal(client.reader.events.at(-1)?.type, 'done');
        assert.ok(terminal !== undefined && !ids.includes(terminal));
      }
    });

    it('hub.find is undefined for a key nobody published, creates nothing, and finds keys published elsewhere', async () => {
      const key = uniqueKey('missing');
      const [a] = await pair();
      const w = await worker();
      const keysBefore = await factory.keyCount?.();
      const sizeBefore = a.hub.size;
      assert.equal(await a.hub.find(key), undefined);
      assert.equal((await fetch(a.url(key))).status, 404);
      assert.equal(a.hub.has(key), false);
      assert.equal(a.hub.size, sizeBefore);
      assert.equal(await factory.keyCount?.(), keysBefore);
      const [id] = await publishMany(w, key, 1);
      const found = await a.hub.find(key);
      assert.equal(found?.key, key);
      const client = await sse(a.url(key));
      await waitForIds(client, 1);
      assert.deepEqual(client.ids(), [id]);
    });

    it(factory.kind === 'redis' ? 'refuses caller-chosen ids with a TypeError' : 'keeps caller-chosen ids', async () => {
      const key = uniqueKey('own-id');
      const w = await worker();
      const stream = w.stream(key);
      if (factory.kind === 'redis') {
        await assert.rejects(async () => stream.publish({ id: 'mine-1', data: 1 }), TypeError);
        await assert.rejects(async () => stream.end({ id: 'mine-2', data: 1 }), TypeError);
        assert.equal(stream.ended, false);
      } else {
        assert.equal((await stream.publish({ id: 'mine-1', data: 1 })).id, 'mine-1');
      }
    });

    it('refuses a publish after the end, in the process that ended it and in another', async () => {
      const key = uniqueKey('after-end');
      const [a] = await pair();
      const w = await worker();
      const ids = await publishMany(w, key, 2);
      await w.stream(key).end();
      assert.throws(() => w.stream(key).publish({ data: 'late' }), TypeError);
      await assert.rejects(async () => a.hub.stream(key).publish({ data: 'late' }), TypeError);
      const client = await sse(a.url(key));
      assert.equal(await client.reader.finished, 'end');
      assert.deepEqual(client.ids(), ids);
    });
  });
}
