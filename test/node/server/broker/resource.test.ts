// What 1,000 idle SSE clients over 100 keys cost one instance with the Redis broker: its Redis
// connections, Redis commands while they idle, and heap per client; and what is left once they
// leave (no watched key, no stream for a key never published, no timer). The clients run in a
// child process, so the heap measured is the server's alone. The figures are printed.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createEventStreamHub } from '../../../../src/server/index.js';
import { redisBroker } from '../../../../src/server/redis/index.js';
import { until } from '../helpers.js';
import { publishMany } from './contract.js';
import { nodeRedis, redisHarness } from './factories.js';
import { startInstance, uniqueKey } from './harness.js';

const CLIENTS = 1000;
const KEYS = 100;
const PUBLISHED = 50;
const BLOCK_MS = 1000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  for (let i = 0; i < 3; i += 1) gc();
  return process.memoryUsage().heapUsed;
}

function timers(): number {
  return process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length;
}

/**
 * The idle clients: raw HTTP/1.0 requests from another process, each counted once its
 * `: connected` comment arrived. Prints `ready` when all are; exits (closing them) on SIGTERM.
 */
const CLIENTS_SCRIPT = `
import { connect } from 'node:net';
const [port, paths] = [Number(process.argv[1]), JSON.parse(process.argv[2])];
let connected = 0;
const open = (path) => new Promise((resolve) => {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('error', () => undefined);
  socket.on('data', (chunk) => {
    if (text === undefined) return;
    text += chunk.toString('latin1');
    if (text.includes(': connected')) {
      text = undefined;
      connected += 1;
      resolve();
    }
  });
  socket.write('GET ' + path + ' HTTP/1.0\\r\\nhost: 127.0.0.1\\r\\naccept: text/event-stream\\r\\n\\r\\n');
});
for (let i = 0; i < paths.length; i += 100) await Promise.all(paths.slice(i, i + 100).map(open));
console.log('ready ' + connected);
process.on('SIGTERM', () => process.exit(0));
setInterval(() => undefined, 60_000);
`;

function startClients(port: number, paths: string[]): { child: ChildProcess; ready: Promise<number> } {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CLIENTS_SCRIPT, String(port), JSON.stringify(paths)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready (\d+)/.exec(out);
      if (match !== null) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the clients' process exited (${code}) before they were connected`)));
  });
  return { child, ready };
}

const redis = redisHarness(nodeRedis);
before(() => redis.start());
after(() => redis.stop());

describe('resources with the Redis broker', () => {
  it(`${CLIENTS} idle clients over ${KEYS} keys: a handful of Redis connections, bounded heap, nothing left after`, async () => {
    const connection = await nodeRedis.connect(redis.server.url, 'served-instance');
    const broker = redisBroker({ client: connection.client, blockMs: BLOCK_MS });
    const hub = createEventStreamHub({ broker });
    const instance = await startInstance(hub, 'node', 'stream');
    const publisher = await redis.factory.create();
    const worker = createEventStreamHub({ broker: publisher.broker });
    try {
      const keys = Array.from({ length: KEYS }, (_, i) => uniqueKey(`idle-${i}`));
      const published = new Set(keys.slice(0, PUBLISHED));
      for (const key of published) await publishMany(worker, key, 1);
      // Warm up (the reader's connection, the scripts), then take the baseline.
      await publishMany(hub, keys[0] as string, 1);
      const warm = startClients(instance.port, [`/events/${keys[0]}`]);
      await warm.ready;
      warm.child.kill('SIGTERM');
      await until(() => broker.watchedKeys === 0, 10_000, 'the warm-up client to leave');
      // The blocking read then in flight (and its deadline timer) ends within blockMs.
      await new Promise((resolve) => setTimeout(resolve, 2 * BLOCK_MS));
      const timersBefore = timers();
      const keysInRedis = Number(await redis.admin.command(['DBSIZE']));
      assert.equal(keysInRedis, 2 * PUBLISHED);
      const heapBefore = heapUsed();

      const paths = Array.from({ length: CLIENTS }, (_, i) => `/events/${encodeURIComponent(keys[i % KEYS] as string)}`);
      const clients = startClients(instance.port, paths);
      assert.equal(await clients.ready, CLIENTS);
      const subscribers = (): number => keys.reduce((sum, key) => sum + (hub.get(key)?.subscriberCount ?? 0), 0);
      await until(() => subscribers() === CLIENTS, 10_000, 'every client to be subscribed');
      const heapPerClient = (heapUsed() - heapBefore) / CLIENTS;
      // One heartbeat per stream with clients: what must be gone after they leave.
      const timersDuring = timers();
      assert.ok(timersDuring >= KEYS, `${timersDuring} timers with clients connected`);

      const list = String(await redis.admin.command(['CLIENT', 'LIST']));
      const ours = list.split('\n').filter((line) => line.includes(' name=served-instance ')).length;
      const total = list.split('\n').filter((line) => line.trim() !== '').length;
      const commandsBefore = Number(/total_commands_processed:(\d+)/.exec(String(await redis.admin.command(['INFO', 'stats'])))?.[1]);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const commandsAfter = Number(/total_commands_processed:(\d+)/.exec(String(await redis.admin.command(['INFO', 'stats'])))?.[1]);
      // The two INFO calls themselves count; the rest is the blocking read coming round.
      const idleCommands = commandsAfter - commandsBefore - 1;
      console.log(
        `[resource] ${CLIENTS} clients on ${KEYS} keys: ${ours} Redis connections for the instance (${total} in all, with the` +
          ` publisher and the test's own), ${(heapPerClient / 1024).toFixed(1)} KiB heap per client, ${broker.watchedKeys} keys` +
          ` in one blocking read, ${idleCommands} Redis commands in 2 s of idling, ${timersDuring} timers`,
      );
      assert.ok(ours <= 3, `${ours} connections`);
      assert.equal(broker.watchedKeys, KEYS);
      assert.ok(heapPerClient < 64 * 1024, `${heapPerClient} bytes per client`);
      assert.ok(idleCommands <= 2 * Math.ceil(2000 / BLOCK_MS) + 2, `${idleCommands} commands while idle`);
      assert.equal(Number(await redis.admin.command(['DBSIZE'])), keysInRedis, 'keys never published were created in Redis');

      clients.child.kill('SIGTERM');
      await until(() => subscribers() === 0, 10_000, 'every client to leave');
      await until(() => broker.watchedKeys === 0, 10_000, 'the reader to drop its keys');
      // Streams this instance served but never published to are dropped with their last client.
      assert.deepEqual(
        [...hub.keys()].filter((key) => !published.has(key)),
        [],
      );
      // The blocking read in flight ends within blockMs; the heartbeats stopped with the last client.
      await until(() => timers() <= timersBefore, 10_000, `timers back to ${timersBefore}`);
      console.log(`[resource] after they left: ${hub.size} streams, 0 watched keys, ${timers()} timers (${timersBefore} before)`);
      assert.equal(Number(await redis.admin.command(['DBSIZE'])), keysInRedis);
    } finally {
      await instance.close();
      await worker.close();
      broker.close();
      connection.close();
      await publisher.cleanup();
    }
  });
});
