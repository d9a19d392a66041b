// Redis faults, with clients connected through real HTTP to two instances and a worker
// publishing: Redis stopped and restarted with its data (clients continue, nothing lost or
// repeated), and killed and restarted without it (clients are dropped and resume with a reset,
// never a silent gap). Meanwhile: no unhandled rejection, new connections get 503 with
// Retry-After, a publish rejects at once with RedisUnavailableError, and nothing spins.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createEventStreamHub, type EventStreamHub } from '../../../../src/server/index.js';
import { RedisUnavailableError } from '../../../../src/server/redis/index.js';
import { publishMany } from './contract.js';
import type { BrokerSettings, RedisHarness } from './factories.js';
import { openSse, sleep, startInstance, uniqueKey, type Instance, type SseClient } from './harness.js';

const COMMAND_TIMEOUT_MS = 1000;
const BLOCK_MS = 500;
const WAIT_MS = 20_000;
/**
 * CPU the whole test process may use in 2 s while Redis is down (clients, servers, readers). A
 * busy loop burns about all of it; the bound leaves room for a loaded machine (measured: 30-90 ms).
 */
const IDLE_CPU_BUDGET_MS = 1000;

/** Timers set in 2 s while Redis is down: the reader's backoff and the client libraries' reconnects. */
const MAX_TIMERS = 150;

/**
 * CPU time used, and timers set, by this process in the next `ms`. Timers are counted by
 * wrapping the global `setTimeout` (which the reader and both client libraries use): cheap, so
 * the CPU figure stays honest.
 */
async function activityFor(ms: number): Promise<{ cpuMs: number; timers: number }> {
  const original = globalThis.setTimeout;
  let timers = 0;
  const counting = ((...args: Parameters<typeof setTimeout>) => {
    timers += 1;
    return original(...args);
  }) as typeof setTimeout;
  const cpu = process.cpuUsage();
  globalThis.setTimeout = Object.assign(counting, original);
  try {
    await new Promise((resolve) => original(resolve, ms));
  } finally {
    globalThis.setTimeout = original;
  }
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, timers };
}

/** Publishes one event, trying again while Redis is unreachable (what a publisher should do). */
async function publishRetrying(hub: EventStreamHub, key: string, n: number): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      return (await hub.stream(key).publish({ event: 'progress', data: { n } })).id;
    } catch (error) {
      if (!(error instanceof RedisUnavailableError) || Date.now() > deadline) throw error;
      await sleep(50);
    }
  }
}

export function defineRedisFaults(redis: RedisHarness): void {
  describe(`Redis faults: ${redis.library.name}`, () => {
    const cleanups: Array<() => Promise<void> | void> = [];
    const unhandled: unknown[] = [];
    const record = (reason: unknown): void => void unhandled.push(reason);
    before(() => process.on('unhandledRejection', record));
    after(() => process.off('unhandledRejection', record));
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      // A failed test must not leave the next one without Redis.
      await redis.server.start().catch(() => undefined);
      await redis.reconnectAdmin();
    });

    const settings: BrokerSettings = { redis: { commandTimeoutMs: COMMAND_TIMEOUT_MS, blockMs: BLOCK_MS } };

    async function setup(): Promise<{ a: Instance; b: Instance; worker: EventStreamHub }> {
      const hubs: EventStreamHub[] = [];
      for (let i = 0; i < 3; i += 1) {
        const created = await redis.factory.create(settings);
        cleanups.push(() => created.cleanup());
        hubs.push(createEventStreamHub({ heartbeatMs: 100, broker: created.broker }));
      }
      const [hubA, hubB, worker] = hubs as [EventStreamHub, EventStreamHub, EventStreamHub];
      const a = await startInstance(hubA, 'node');
      const b = await startInstance(hubB, 'web');
      cleanups.push(
        () => a.close(),
        () => b.close(),
        () => worker.close(),
      );
      return { a, b, worker };
    }

    async function sse(url: string, lastEventId?: string): Promise<SseClient> {
      const client = await openSse(url, lastEventId);
      cleanups.push(() => client.close());
      return client;
    }

    /** Opens again while the answer is 503 (at most WAIT_MS), as a client honouring Retry-After does. */
    async function served(open: () => Promise<SseClient>): Promise<SseClient> {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const client = await open();
        if (client.status !== 503 || Date.now() > deadline) return client;
        client.close();
        await sleep(100);
      }
    }

    it('Redis stopped and restarted with its data: connected clients continue, nothing lost or repeated', async () => {
      const key = uniqueKey('restart');
      const { a, b, worker } = await setup();
      const ids = await publishMany(worker, key, 5);
      const clients = [await sse(a.url(key)), await sse(b.url(key))];
      await Promise.all(clients.map((c) => c.reader.waitFor(() => c.ids().length === 5, WAIT_MS)));
      unhandled.length = 0;

      await redis.server.stop({ save: true });
      // Let every connection notice that Redis went away.
      await sleep(300);
      const started = Date.now();
      const failed = await worker
        .stream(key)
        .publish({ data: 'while down' })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      assert.ok(failed instanceof RedisUnavailableError, `publish rejected with ${String(failed)}`);
      // Refused at once while disconnected, or by the command's deadline: never left waiting.
      assert.ok(Date.now() - started < 2 * COMMAND_TIMEOUT_MS, `publish took ${Date.now() - started} ms to reject`);
      for (const instance of [a, b]) {
        const response = await fetch(instance.url(key));
        assert.equal(response.status, 503);
        assert.equal(response.headers.get('retry-after'), '1');
        await response.body?.cancel();
      }
      // Past the deadline of a blocking read that was in flight (a client may hold it over the outage).
      await sleep(BLOCK_MS + COMMAND_TIMEOUT_MS);
      const { cpuMs, timers } = await activityFor(2000);
      console.log(`[faults ${redis.library.name}] while Redis was down, in 2 s: ${cpuMs.toFixed(1)} ms CPU, ${timers} timers set`);
      assert.ok(cpuMs < IDLE_CPU_BUDGET_MS, `${cpuMs} ms of CPU in 2 s: a busy loop?`);
      // A loop that retries without backing off spins through timers, not CPU: count them too.
      assert.ok(timers < MAX_TIMERS, `${timers} timers in 2 s: a retry loop without backoff?`);
      for (const client of clients) assert.equal(client.reader.raw().endsWith(': keepalive\n\n'), true, 'heartbeats go on');

      await redis.server.start();
      for (let n = 5; n < 10; n += 1) ids.push(await publishRetrying(worker, key, n));
      await worker.stream(key).end({ event: 'done', data: 1 });
      for (const client of clients) {
        assert.equal(await client.reader.finished, 'end');
        assert.deepEqual(client.ids().slice(0, -1), ids);
        assert.equal(new Set(client.ids()).size, 11);
        assert.deepEqual(client.resets(), []);
      }
      assert.deepEqual(unhandled, []);
    });

    it('Redis killed and restarted without data: clients are dropped, then get a reset and the new history', async () => {
      const key = uniqueKey('lost');
      const { a, b, worker } = await setup();
      const old = await publishMany(worker, key, 5);
      const clients = [await sse(a.url(key)), await sse(b.url(key))];
      await Promise.all(clients.map((c) => c.reader.waitFor(() => c.ids().length === 5, WAIT_MS)));
      unhandled.length = 0;

      await redis.server.kill();
      await redis.server.start();
      const fresh: string[] = [];
      for (let n = 0; n < 3; n += 1) fresh.push(await publishRetrying(worker, key, 100 + n));
      assert.deepEqual(
        fresh.filter((id) => old.includes(id)),
        [],
      );
      for (const [i, client] of clients.entries()) {
        // Dropped, never handed the new epoch's events as if they followed the old ones.
        assert.equal(await client.reader.finished, 'error');
        assert.deepEqual(client.ids(), old);
        // Its reconnection, on the other instance, retried as a client does while that instance
        // answers 503 (its own Redis connection may still be coming back).
        const resumed = await served(() => sse((i === 0 ? b : a).url(key), old.at(-1)));
        await resumed.reader.waitFor(() => resumed.ids().length === 3, WAIT_MS);
        assert.deepEqual(resumed.resets(), [{ reason: 'unknown', lastEventId: old.at(-1) }]);
        assert.deepEqual(resumed.ids(), fresh);
      }
      assert.deepEqual(unhandled, []);
    });
  });
}
