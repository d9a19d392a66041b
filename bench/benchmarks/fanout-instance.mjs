// The server instance of the fan-out benchmark, in a process of its own (so that its heap is its
// clients' alone): a hub with the Redis broker behind node:http, serving /streams/<key> to
// whoever connects. It publishes nothing. The benchmark asks it over IPC for its heap (after a
// full GC) and for what it still holds.
//
//   node --expose-gc bench/benchmarks/fanout-instance.mjs <redis-url> <client name>
import http from 'node:http';
import { createClient } from 'redis';
import { createEventStreamHub } from '../../dist/server/index.js';
import { redisBroker } from '../../dist/server/redis/index.js';

// Named, so that the benchmark can count this process's Redis connections (CLIENT LIST).
const client = createClient({ url: process.argv[2], name: process.argv[3] });
client.on('error', () => undefined); // the benchmark owns Redis; errors show up as missing events
await client.connect();
const broker = redisBroker({ client });
const hub = createEventStreamHub({ broker, heartbeatMs: 15_000 });

const server = http.createServer(async (req, res) => {
  const key = /^\/streams\/([\w-]+)$/.exec(req.url ?? '')?.[1];
  const stream = key === undefined ? undefined : await hub.find(key);
  if (stream === undefined) return res.writeHead(404).end();
  await stream.handleNode(req, res);
});
server.maxConnections = Infinity;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

function heapUsed() {
  // Two passes: the first can leave weakly held objects for the second.
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

process.on('message', async (message) => {
  if (message === 'heap') process.send({ heap: heapUsed() });
  if (message === 'held') {
    let subscribers = 0;
    for (const key of hub.keys()) subscribers += hub.get(key)?.subscriberCount ?? 0;
    process.send({ held: { streams: hub.size, subscribers, watchedKeys: broker.watchedKeys } });
  }
  if (message === 'stop') {
    server.closeAllConnections();
    server.close();
    await hub.close();
    broker.close();
    client.destroy();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ port: server.address().port });
