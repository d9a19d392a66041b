// A quiet stream: no event for longer than the broker's blocking read and longer than the
// command timeout of the client it was given (node-redis v6 times commands out after 5 s by
// default; ioredis users set `commandTimeout`). The blocking read must be neither cut short nor
// failed by it, and the next event must still arrive.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createEventStreamHub } from '../../../../src/server/index.js';
import { publishMany } from './contract.js';
import type { RedisAdmin, RedisHarness } from './factories.js';
import { openSse, sleep, startInstance, uniqueKey } from './harness.js';

/** How often Redis ran a command (INFO commandstats), e.g. `client|id`. */
async function calls(admin: RedisAdmin, command: string): Promise<number> {
  const info = String(await admin.command(['INFO', 'commandstats']));
  const match = new RegExp(`^cmdstat_${command.replace('|', '\\|')}:calls=(\\d+)`, 'm').exec(info);
  return Number(match?.[1] ?? 0);
}

/** `blockMs` must be above the client's command timeout, `clientTimeoutMs`. */
export function defineQuietStreamTest(redis: RedisHarness, blockMs: number, clientTimeoutMs: number): void {
  describe(`a quiet stream with ${redis.library.name}`, () => {
    const cleanups: Array<() => Promise<void> | void> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    it(`gets its next event after ${blockMs + 1000} ms without one (blockMs ${blockMs}, client timeout ${clientTimeoutMs} ms)`, async () => {
      assert.ok(blockMs > clientTimeoutMs);
      const key = uniqueKey('quiet');
      const served = await redis.factory.create({ redis: { blockMs } });
      const publisher = await redis.factory.create();
      cleanups.push(
        () => served.cleanup(),
        () => publisher.cleanup(),
      );
      const instance = await startInstance(createEventStreamHub({ heartbeatMs: 0, broker: served.broker }), 'node');
      const worker = createEventStreamHub({ heartbeatMs: 0, broker: publisher.broker });
      cleanups.push(
        () => instance.close(),
        () => worker.close(),
      );
      const ids = await publishMany(worker, key, 1);
      const client = await openSse(instance.url(key));
      cleanups.push(() => client.close());
      await client.reader.waitFor(() => client.ids().length === 1, 10_000);
      // One event through the blocking read: it is running (the first came with the replay).
      ids.push(...(await publishMany(worker, key, 1, 1)));
      await client.reader.waitFor(() => client.ids().length === 2, 10_000);
      // A failed read is sent again after a fresh CLIENT ID: count them over the quiet time.
      const clientIds = await calls(redis.admin, 'client|id');
      const reads = await calls(redis.admin, 'xread');
      await sleep(blockMs + 1000);
      ids.push(...(await publishMany(worker, key, 1, 2)));
      await client.reader.waitFor(() => client.ids().length === 3, 10_000);
      assert.deepEqual(client.ids(), ids);
      assert.equal(await calls(redis.admin, 'client|id'), clientIds, 'the blocking read failed and was sent again');
      // One read blocked through the quiet time, one more after it and one for the event: not one per timeout.
      const sent = (await calls(redis.admin, 'xread')) - reads;
      assert.ok(sent <= 3, `${sent} blocking reads`);
    });
  });
}
