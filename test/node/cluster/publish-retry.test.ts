// A publish that Redis carries out, but whose answer is lost because Redis exits right after it
// (a restart that keeps its data: SHUTDOWN SAVE), is rejected. A worker retries it, as it is
// told to, and must not append the event a second time: its clients would apply it twice.
//
// The race is made certain: a 100 ms script keeps Redis busy while the append and the shutdown
// arrive, so Redis reads them in one go, runs the append (its connection is older), saves it,
// and exits before writing the answer. The cluster chaos schedules hit the same race by chance.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createEventStreamHub } from '../../../src/server/index.js';
import { redisBroker } from '../../../src/server/redis/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import type { RedisLibraryName } from './support/protocol.js';
import { connectRedis } from './support/redis-clients.js';

const BUSY_SCRIPT =
  "local s = redis.call('TIME') local t = s repeat t = redis.call('TIME') until (t[1] - s[1]) * 1000000 + (t[2] - s[2]) > 100000 return 1";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function rawConnection(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}

/** A RESP command (the raw sockets are not clients of any library). */
const resp = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

describe('a publish rejected by a Redis restart, then retried', () => {
  let redis: RedisServer;

  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await redis?.stop();
  });

  for (const library of ['node-redis', 'ioredis'] as const satisfies readonly RedisLibraryName[]) {
    it(`${library}: the event is appended once`, async () => {
      const { client, close } = await connectRedis(library, redis.url, 'publisher');
      // ioredis keeps a command whose connection dropped and answers only at the deadline.
      const broker = redisBroker({ client, prefix: 'retry:', commandTimeoutMs: 1000 });
      const stream = createEventStreamHub({ broker }).stream(`job-${library}`);
      try {
        await stream.publish({ data: 'first' });
        const busy = await rawConnection(redis.port);
        const admin = await rawConnection(redis.port);
        busy.write(resp('EVAL', BUSY_SCRIPT, '0'));
        await sleep(10);
        const attempt = stream.publish({ data: 'second' });
        await sleep(20);
        admin.write(resp('SHUTDOWN', 'SAVE'));
        await assert.rejects(attempt, 'the publish is rejected: Redis exited before answering');
        await redis.stop({ save: true });
        await redis.start();
        // What a worker does with the rejection: publish the event again until Redis takes it.
        for (;;) {
          try {
            await stream.publish({ data: 'second' });
            break;
          } catch {
            await sleep(50);
          }
        }
        const admin2 = await connectRedis('node-redis', redis.url, 'inspector');
        const entries = (await (admin2.client as { sendCommand(args: string[]): Promise<unknown> }).sendCommand([
          'XRANGE',
          `retry:{job-${library}}:log`,
          '-',
          '+',
        ])) as Array<[string, string[]]>;
        admin2.close();
        busy.destroy();
        admin.destroy();
        const data = entries.map(([, fields]) => fields[fields.indexOf('d') + 1]);
        assert.deepEqual(data, ['first', 'second']);
      } finally {
        broker.close();
        close();
      }
    });
  }
});
