// Fan-out through Redis: one server instance (hub + redisBroker + node:http, in its own process)
// holds N SSE clients spread over K keys, and a publisher (this process, through its own hub and
// broker: another "instance" as far as Redis is concerned) publishes at a fixed total rate. Every
// event carries its publish time; the clients (also in this process, so one clock) note when it
// arrives. Reported: p50/p99 publish→client latency, the deliveries against what was due, the
// instance's Redis connections, its heap per client, and what it holds once the clients left.
// Needs redis-server on the PATH; the benchmark starts its own, without persistence.
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createClient } from 'redis';
import { startRedisProcess } from '../../demo/cluster/redis-process.mjs';
import { createEventStreamHub } from '../../dist/server/index.js';
import { redisBroker } from '../../dist/server/redis/index.js';
import { smoke } from '../support/config.mjs';
import { row } from '../support/report.mjs';
import { fmt, kb, pct } from '../support/stats.mjs';

const SIZES = smoke ? { clients: 50, keys: 5, seconds: 2 } : { clients: 1000, keys: 100, seconds: 10 };
const RATE = 200; // events per second, in total over all keys
const TARGET_P99_MS = 50;
const INSTANCE_NAME = 'fanout-instance';
const INSTANCE = fileURLToPath(new URL('./fanout-instance.mjs', import.meta.url));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The instance process; `ask(message)` resolves with its next answer. */
async function startInstance(redisUrl) {
  const child = fork(INSTANCE, [redisUrl, INSTANCE_NAME], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () =>
    new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`the fan-out instance exited (${code})`)));
    });
  const { port } = await next();
  return {
    port,
    ask: (message) => {
      const answer = next();
      child.send(message);
      return answer;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await Promise.race([exited, sleep(3000)]);
      child.kill('SIGKILL');
    },
  };
}

/**
 * One SSE client on `/streams/<key>`: resolves once the stream is open (its `: connected`
 * comment). `onData(data, receivedAt)` gets each event's parsed data.
 */
function openClient(port, key, onData) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: `/streams/${key}`, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`/streams/${key}: HTTP ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk) => {
        const receivedAt = performance.now();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith(': connected')) resolve(req);
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (data !== undefined) onData(JSON.parse(data.slice(6)), receivedAt);
        }
      });
    });
    req.on('error', reject);
  });
}

async function until(what, condition, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`fanout: ${what} within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Publishes `total` events at RATE per second over `keys`, each with its publish time. */
async function publishPaced(hub, keys, total) {
  const interval = 1000 / RATE;
  const start = performance.now();
  let failures = 0;
  const publishes = [];
  for (let n = 0; n < total; n++) {
    const wait = start + n * interval - performance.now();
    if (wait >= 1) await sleep(wait);
    const key = keys[n % keys.length];
    publishes.push(
      hub
        .stream(key)
        .publish({ data: { t: performance.now(), n } })
        .catch(() => failures++),
    );
  }
  await Promise.all(publishes);
  return { failures, seconds: (performance.now() - start) / 1000 };
}

async function redisConnectionsOf(admin, name) {
  const list = String(await admin.sendCommand(['CLIENT', 'LIST']));
  return list.split('\n').filter((line) => line.includes(` name=${name} `)).length;
}

async function measure({ instance, publisher, admin }) {
  const { clients, keys: keyCount, seconds } = SIZES;
  const keys = Array.from({ length: keyCount }, (_, i) => `job-${i}`);
  // A route answers 404 for a job nobody published: publish each job's first event first.
  await Promise.all(keys.map((key) => publisher.stream(key).publish({ data: { warmup: 0 } })));
  const heapBefore = (await instance.ask('heap')).heap;

  const latencies = [];
  let warm = 0;
  const onData = (data, receivedAt) => {
    if (data.warmup === 1) warm++;
    else if (data.t !== undefined) latencies.push(receivedAt - data.t);
  };
  const requests = [];
  for (let i = 0; i < clients; i += 100) {
    const batch = Array.from({ length: Math.min(100, clients - i) }, (_, j) => openClient(instance.port, keys[(i + j) % keyCount], onData));
    requests.push(...(await Promise.all(batch)));
  }
  // One event per key, through every client, before measuring: each stream's watch is ready.
  await Promise.all(keys.map((key) => publisher.stream(key).publish({ data: { warmup: 1 } })));
  await until('every client got the warm-up event', () => warm === clients, 10_000);
  const heapAfter = (await instance.ask('heap')).heap;
  const connections = await redisConnectionsOf(admin, INSTANCE_NAME);

  const total = RATE * seconds;
  const published = await publishPaced(publisher, keys, total);
  const due = (total - published.failures) * (clients / keyCount);
  await until('every event reached its clients', () => latencies.length >= due, 10_000).catch(() => undefined);

  for (const req of requests) req.destroy();
  let held;
  await until(
    'the instance let go of the streams',
    async () => {
      held = (await instance.ask('held')).held;
      return held.streams === 0 && held.watchedKeys === 0;
    },
    5000,
  ).catch(() => undefined);
  return { clients, keyCount, total, published, due, latencies, heapBefore, heapAfter, connections, held };
}

function report(m) {
  const p50 = pct(m.latencies, 50);
  const p99 = pct(m.latencies, 99);
  const max = Math.max(...m.latencies);
  const perClient = (m.heapAfter - m.heapBefore) / m.clients;
  const what = `${fmt(m.clients)} clients over ${m.keyCount} keys, ${RATE} events/s in total for ${fmt(m.published.seconds, 1)} s`;
  row(
    'fanout',
    `${what}: publish→client p50 / p99 (max)`,
    `${fmt(p50, 1)} / ${fmt(p99, 1)} ms (${fmt(max, 1)})`,
    `p99 ≤ ${TARGET_P99_MS} ms`,
    p99 <= TARGET_P99_MS,
  );
  row(
    'fanout',
    'deliveries (every event to every client of its key, once)',
    `${fmt(m.latencies.length)} of ${fmt(m.due)}`,
    'all',
    m.latencies.length === m.due,
  );
  row('fanout', 'Redis connections of the instance', String(m.connections), '≤ 3', m.connections <= 3);
  row('fanout', 'instance heap per connected client', kb(perClient));
  const left = `${m.held.streams} streams, ${m.held.subscribers} connections, ${m.held.watchedKeys} keys in the read`;
  row('fanout', 'instance after the clients left', left, 'nothing', m.held.streams === 0 && m.held.watchedKeys === 0);
  return {
    clients: m.clients,
    keys: m.keyCount,
    rate: RATE,
    events: m.total,
    publishFailures: m.published.failures,
    deliveries: m.latencies.length,
    due: m.due,
    p50Ms: p50,
    p99Ms: p99,
    maxMs: max,
    redisConnections: m.connections,
    heapPerClientBytes: perClient,
    heldAfter: m.held,
  };
}

export async function fanout() {
  const redis = await startRedisProcess();
  const parts = { redis };
  try {
    parts.instance = await startInstance(redis.url);
    parts.publisherClient = createClient({ url: redis.url, name: 'fanout-publisher' });
    parts.publisherClient.on('error', () => undefined);
    await parts.publisherClient.connect();
    parts.publisherBroker = redisBroker({ client: parts.publisherClient });
    parts.publisher = createEventStreamHub({ broker: parts.publisherBroker });
    parts.admin = parts.publisherClient;
    return report(await measure(parts));
  } finally {
    await parts.instance?.stop();
    parts.publisherBroker?.close();
    parts.publisherClient?.destroy();
    await redis.stop();
  }
}
