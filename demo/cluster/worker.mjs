// The cluster demo's worker: runs the same job simulations as `npm start`, with no HTTP server
// at all. It publishes through the Redis broker, so every instance serves its streams, and
// shares where each format's current job is (a Redis hash that the instances' /api/jobs reads).
//
//   node demo/cluster/worker.mjs --redis-url redis://127.0.0.1:6379 [--speed 1]
//
// Started by scripts/start-cluster.mjs; it exits when the launcher goes away.
import { parseArgs } from 'node:util';
import { createClient } from 'redis';
import { redisBroker } from '../../dist/server/redis/index.js';
import { createJobs } from '../server/jobs.mjs';
import { STREAMS } from '../server/streams.mjs';
import { createClock } from '../simulations.mjs';
import { JOBS_KEY, reportRedisErrors } from './common.mjs';
import { numberedBroker } from './numbered-broker.mjs';

const SHARE_MS = 250;
const log = (line) => console.log(`progress-stream cluster: worker: ${line}`);

const { values } = parseArgs({ options: { 'redis-url': { type: 'string' }, speed: { type: 'string', default: '1' } } });
const failureRate = Number(process.env.DEMO_FAILURE_RATE ?? 0.25);

const client = createClient({ url: values['redis-url'], name: 'progress-stream-demo-worker' });
reportRedisErrors(client, log);
await client.connect();

const broker = redisBroker({ client });
const jobs = createJobs({
  clock: createClock(Number(values.speed)),
  failureRate,
  heartbeatMs: 2000,
  onPublished: () => undefined,
  broker: numberedBroker(broker),
});

/** Writes each format's current job to the hash the instances read, when it changed. */
const shared = new Map();
async function shareJobs() {
  const changed = {};
  for (const name of Object.keys(STREAMS)) {
    const text = JSON.stringify(jobs.describe(name));
    if (shared.get(name) !== text) changed[name] = text;
  }
  if (Object.keys(changed).length === 0) return;
  await client.hSet(JOBS_KEY, changed);
  for (const [name, text] of Object.entries(changed)) shared.set(name, text);
}

jobs.start();
const sharing = setInterval(() => {
  shareJobs().catch(() => undefined); // Redis away: the next round tries again
}, SHARE_MS);
await shareJobs().catch(() => undefined);
log(`pid ${process.pid}, publishing through Redis`);
process.send?.({ ready: true });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(sharing);
  await jobs.close();
  broker.close();
  client.destroy();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
// The launcher died without stopping us: do not outlive it.
process.on('disconnect', () => void stop());
