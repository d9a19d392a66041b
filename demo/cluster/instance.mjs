// One server instance of the cluster demo: an HTTP server whose hub serves, through the Redis
// broker, the streams the worker publishes. It publishes nothing itself. Every response says
// which instance answered (`x-progress-instance`), and POST /api/kill makes it crash on purpose.
//
//   node demo/cluster/instance.mjs --name a --port 5181 --redis-url redis://127.0.0.1:6379
//
// Started (and restarted after a kill) by scripts/start-cluster.mjs; it exits when the launcher
// goes away.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { createClient } from 'redis';
import { createEventStreamHub } from '../../dist/server/index.js';
import { redisBroker } from '../../dist/server/redis/index.js';
import { BadRequest, own, pathSegments, requestUrl, sendJson, sendText } from '../server/http.mjs';
import { serveStatic } from '../server/static-files.mjs';
import { STREAMS } from '../server/streams.mjs';
import { JOBS_KEY, reportRedisErrors } from './common.mjs';

/** The cluster page and what it loads: a fixed list, nothing else is read from disk. */
const STATIC_FILES = {
  '/': 'demo/cluster/index.html',
  '/index.html': 'demo/cluster/index.html',
  '/cluster.js': 'demo/cluster/cluster.js',
  '/cluster.css': 'demo/cluster/cluster.css',
  '/demo.css': 'demo/demo.css',
  '/favicon.svg': 'demo/favicon.svg',
  '/progress-stream.iife.js': 'dist/progress-stream.iife.js',
  '/progress-stream.iife.js.map': 'dist/progress-stream.iife.js.map',
};

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'redis-url': { type: 'string' },
  },
});
const name = values.name ?? 'a';
const log = (line) => console.log(`progress-stream cluster: instance ${name}: ${line}`);

const client = createClient({ url: values['redis-url'], name: `progress-stream-demo-instance-${name}` });
reportRedisErrors(client, log);
await client.connect();
const broker = redisBroker({ client });
const hub = createEventStreamHub({
  broker,
  heartbeatMs: 2000,
  retryMs: 1000,
  onError: (error, { key }) => log(`${key}: answered 503 (${error?.message ?? error})`),
});

/** The hub key of `/streams/<format>` (a channel) or `/streams/<format>/<job>`, as the worker names them. */
function streamKey(parts) {
  const def = own(STREAMS, parts[1]);
  if (def?.kind === 'channel' && parts.length === 2) return parts[1];
  if (def?.kind === 'job' && parts.length === 3) return `${parts[1]}/${parts[2]}`;
  return undefined;
}

async function serveStream(key, req, res) {
  let stream;
  try {
    // A stream published by the worker, found in Redis; 404 for a job nobody published.
    stream = await hub.find(key);
  } catch {
    return sendText(res, 503, 'Redis is unavailable', { 'retry-after': '1' });
  }
  if (stream === undefined) return sendText(res, 404, 'No such job');
  await stream.handleNode(req, res);
}

/** GET /api/jobs: each format's current job, as the worker last shared it. */
async function describeJobs(res) {
  let shared;
  try {
    shared = await client.hGetAll(JOBS_KEY);
  } catch {
    return sendText(res, 503, 'Redis is unavailable', { 'retry-after': '1' });
  }
  const streams = {};
  for (const [format, text] of Object.entries(shared)) if (own(STREAMS, format) !== undefined) streams[format] = JSON.parse(text);
  sendJson(res, 200, { instance: name, streams });
}

/** POST /api/kill: answers, then dies as a crash would (SIGKILL: nothing is closed cleanly). */
function kill(res) {
  log('killed from the page');
  res.on('finish', () => setImmediate(() => process.kill(process.pid, 'SIGKILL')));
  sendJson(res, 202, { instance: name, pid: process.pid, message: `Instance ${name} (pid ${process.pid}) is going down` });
}

async function handle(req, res) {
  res.setHeader('x-progress-instance', name);
  const path = requestUrl(req).pathname;
  const method = req.method ?? 'GET';
  const parts = pathSegments(path);
  if (parts[0] === 'streams') {
    const key = streamKey(parts);
    if (key === undefined) return sendText(res, 404, 'Not found');
    if (method !== 'GET') return sendText(res, 405, 'Method not allowed', { allow: 'GET' });
    return serveStream(key, req, res);
  }
  if (path === '/api/jobs' && method === 'GET') return describeJobs(res);
  if (path === '/api/kill' && method === 'POST') return kill(res);
  const file = own(STATIC_FILES, path);
  if (file !== undefined && (method === 'GET' || method === 'HEAD')) return serveStatic(req, res, file);
  return sendText(res, 404, 'Not found');
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    if (!(error instanceof BadRequest)) log(`request failed: ${String(error)}`);
    if (!res.headersSent)
      sendText(res, error instanceof BadRequest ? 400 : 500, error instanceof BadRequest ? 'Bad request' : 'Internal error');
    else res.destroy();
  });
});
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number(values.port ?? 0), values.host, resolve);
});
const { port } = server.address();
log(`pid ${process.pid} on port ${port}`);
process.send?.({ ready: true, port });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  // Connections end without a terminal event: their clients resume on the other instance.
  await hub.close();
  server.closeAllConnections();
  broker.close();
  client.destroy();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('disconnect', () => void stop());
