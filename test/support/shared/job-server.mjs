// A job server for the tests of shared streams in real tabs (test/node/shared/): serves the
// built standalone bundle (dist/progress-stream.iife.js), a tab page with <progress-stream>
// elements, and job event streams on 127.0.0.1 that the test paces itself. Each stream counts
// its connections (open now, most open at once, Last-Event-ID, Authorization, when each started
// and closed) and answers as @progress-stream/core/server does: the events after `Last-Event-ID`
// (all of them without one), then live events; the last event is `done`, after which the
// response ends and a client that comes back gets 204. A bearer token is required.
//
// The tab page (/tab.html?src=URL&src=URL…[&shared]#token=T) wraps
// BroadcastChannel.prototype.postMessage before the bundle loads and records every message,
// creates one element per `src` (with a `headers` function that sends the token) and exposes
// `window.report()`: per element its src, state status, connection status, share role and the
// activity lines it applied (one per event: `applied <n>`).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';

/** Each event adds one activity line, so a line twice means an event applied twice. */
const MAPPING = {
  events: {
    progress: { percent: 'pct', message: 'msg', activity: 'applied {n}' },
    done: { status: 'complete', percent: { value: 100 }, activity: 'applied {n}' },
  },
  terminalEvents: ['done'],
};

const TAB_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>shared tab</title>
<script>
  window.__posted = [];
  const post = BroadcastChannel.prototype.postMessage;
  BroadcastChannel.prototype.postMessage = function (message) {
    window.__posted.push(JSON.stringify(message));
    return post.call(this, message);
  };
</script>
<script src="/dist/progress-stream.iife.js"></script>
</head>
<body>
<script>
  const params = new URLSearchParams(location.search);
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  for (const src of params.getAll('src')) {
    const el = document.createElement('progress-stream');
    el.setAttribute('src', src);
    el.setAttribute('mapping', ${JSON.stringify(JSON.stringify(MAPPING))});
    el.setAttribute('feed-limit', '1000');
    if (params.has('shared')) el.setAttribute('shared', '');
    el.headers = () => ({ Authorization: 'Bearer ' + token });
    document.body.append(el);
  }
  window.report = () =>
    [...document.querySelectorAll('progress-stream')].map((el) => ({
      src: el.getAttribute('src'),
      status: el.state.status,
      connection: el.client ? el.client.status : null,
      role: el.shareRole ?? null,
      applied: el.state.activity.map((entry) => entry.message),
    }));
</script>
</body>
</html>`;

const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' };

class Job {
  /** @param {string} id @param {number} total @param {string} token */
  constructor(id, total, token) {
    this.id = id;
    this.total = total;
    this.token = token;
    this.url = `/jobs/${id}/events`;
    /** @type {string[]} the wire text of each published event */
    this.events = [];
    /** @type {Array<{ lastEventId: string | null, authorization: string | null, startedAt: number, closedAt: number | null, status: number }>} */
    this.connections = [];
    /** @type {Set<import('node:http').ServerResponse>} */
    this.open = new Set();
    this.peakOpen = 0;
  }

  /** Publishes the next `count` events (the last of `total` is `done`). */
  publish(count) {
    for (let i = 0; i < count && this.events.length < this.total; i++) {
      const n = this.events.length + 1;
      const last = n === this.total;
      const data = JSON.stringify(last ? { n } : { n, pct: Math.floor((n / this.total) * 100), msg: `Event ${n}` });
      const text = `event: ${last ? 'done' : 'progress'}\nid: ${n}\ndata: ${data}\n\n`;
      this.events.push(text);
      for (const res of this.open) {
        res.write(text);
        if (last) res.end();
      }
    }
  }

  get ended() {
    return this.events.length === this.total;
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  serve(req, res) {
    const lastEventId = typeof req.headers['last-event-id'] === 'string' ? req.headers['last-event-id'] : null;
    const authorization = req.headers.authorization ?? null;
    const record = { lastEventId, authorization, startedAt: Date.now(), closedAt: null, status: 200 };
    this.connections.push(record);
    if (authorization !== `Bearer ${this.token}`) {
      record.status = 401;
      record.closedAt = Date.now();
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('A bearer token is required');
      return;
    }
    const from = lastEventId === null ? 0 : Number(lastEventId);
    if (this.ended && from >= this.total) {
      record.status = 204;
      record.closedAt = Date.now();
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, SSE_HEADERS);
    res.write(': connected\n\n');
    for (const text of this.events.slice(from)) res.write(text);
    if (this.ended) {
      res.end();
    } else {
      this.open.add(res);
      this.peakOpen = Math.max(this.peakOpen, this.open.size);
    }
    res.on('close', () => {
      record.closedAt = Date.now();
      this.open.delete(res);
    });
  }
}

/**
 * Starts the server. `root` is the repository (for dist/).
 * @param {{ root: string }} options
 */
export async function startJobServer({ root }) {
  /** @type {Map<string, Job>} */
  const jobs = new Map();
  let nextJob = 1;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const stream = /^\/jobs\/([^/]+)\/events$/.exec(path);
    if (stream) {
      const job = jobs.get(stream[1] ?? '');
      if (job) job.serve(req, res);
      else res.writeHead(404).end();
    } else if (path === '/tab.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(TAB_PAGE);
    } else if (path === '/dist/progress-stream.iife.js') {
      readFile(join(root, 'dist', 'progress-stream.iife.js')).then(
        (body) => res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body),
        () => res.writeHead(404).end('run npm run build first'),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    /** A job of `total` events behind `token`. @param {number} total @param {string} token */
    createJob(total, token) {
      const job = new Job(String(nextJob++), total, token);
      jobs.set(job.id, job);
      return job;
    },
    close() {
      for (const job of jobs.values()) for (const res of job.open) res.destroy();
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done(undefined)));
    },
  };
}
