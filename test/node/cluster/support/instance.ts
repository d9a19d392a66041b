// One server instance of the cluster tests, in a process of its own (started by cluster.ts with
// `node --import tsx`): an HTTP server whose hub shares its streams through Redis. It publishes
// nothing itself; the worker process does. Routes:
//
//   GET /jobs/:id/events     the job's stream: 404 for a job no process published, 503 while
//                            Redis cannot answer (the client retries), else handleNode
//   GET /healthz             200 and the instance's name
//   GET /                    a blank page that loads dist/progress-stream.iife.js
//   GET /progress-stream.iife.js
//
// Every response says which instance answered (`x-instance`), so the test knows which process
// serves a client and can kill exactly that one.
//
//   node --import tsx instance.ts --name A --port 0 --redis redis://127.0.0.1:6379 [--library ioredis]
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEventStreamHub } from '../../../../src/server/index.js';
import { redisBroker } from '../../../../src/server/redis/index.js';
import { CLUSTER_PREFIX, type InstanceMessage, type RedisLibraryName } from './protocol.js';
import { connectRedis } from './redis-clients.js';

const { values } = parseArgs({
  options: {
    name: { type: 'string', default: 'A' },
    port: { type: 'string', default: '0' },
    redis: { type: 'string' },
    library: { type: 'string', default: 'node-redis' },
  },
});
const name = values.name;
const tell = (message: InstanceMessage): void => {
  process.send?.(message);
};

// Nothing may escape: the test counts these as failures.
process.on('unhandledRejection', (reason) => {
  tell({ type: 'fatal', message: `instance ${name}: unhandled rejection: ${String(reason)}` });
  process.exitCode = 1;
});
process.on('uncaughtException', (error) => {
  tell({ type: 'fatal', message: `instance ${name}: uncaught exception: ${error.stack ?? String(error)}` });
  process.exit(1);
});

if (values.redis === undefined) throw new Error('--redis <url> is required');
const redis = await connectRedis(values.library as RedisLibraryName, values.redis, `instance-${name}`);
const broker = redisBroker({ client: redis.client, prefix: CLUSTER_PREFIX });
const hub = createEventStreamHub({
  broker,
  // Heartbeats keep a quiet connection alive while Redis restarts (the clients' heartbeat
  // timeout is longer), and show the proxy a live upstream.
  heartbeatMs: 1000,
  onError: (error) => tell({ type: 'stream-error', message: String(error) }),
});

const bundlePath = fileURLToPath(new URL('../../../../dist/progress-stream.iife.js', import.meta.url));
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cluster ${name}</title>
<link rel="icon" href="data:,"><script src="/progress-stream.iife.js"></script></head><body></body></html>`;

function text(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.setHeader('x-instance', name);
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const job = /^\/jobs\/([^/]+)\/events$/.exec(path);
  if (job !== null) {
    let stream;
    try {
      stream = await hub.find(decodeURIComponent(job[1] ?? ''));
    } catch {
      // Redis is unreachable: whether the job exists is unknown, so not 404 but "try again".
      res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain' }).end('Redis is unavailable');
      return;
    }
    if (stream === undefined) return text(res, 404, 'no such job');
    await stream.handleNode(req, res);
    return;
  }
  if (path === '/healthz') return text(res, 200, name);
  if (path === '/') return text(res, 200, PAGE, 'text/html; charset=utf-8');
  if (path === '/progress-stream.iife.js') {
    try {
      return text(res, 200, readFileSync(bundlePath, 'utf8'), 'text/javascript; charset=utf-8');
    } catch {
      return text(res, 500, 'dist/progress-stream.iife.js is missing: run npm run build');
    }
  }
  text(res, 404, 'not found');
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    tell({ type: 'fatal', message: `instance ${name}: route failed: ${String(error)}` });
    if (!res.headersSent) text(res, 500, 'internal error');
    else res.destroy();
  });
});
server.listen(Number(values.port), '127.0.0.1', () => {
  tell({ type: 'listening', port: (server.address() as AddressInfo).port });
});

// A polite stop (the test's teardown): connections close, clients would resume elsewhere.
process.once('SIGTERM', () => {
  void hub.close().finally(() => {
    broker.close();
    redis.close();
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
});
// The parent went away without stopping us: do not linger.
process.once('disconnect', () => process.exit(0));
