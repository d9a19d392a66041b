// The progress-stream live demo: serves demo/index.html with the built IIFE bundle, runs
// simulated jobs for the five wire formats through `progress-stream/server`, and lets the page
// break the network on purpose (drop, stall, 503, 401, restart) to watch the element recover.
//
//   node demo/server.mjs [--port 5173] [--host 127.0.0.1] [--speed 1]
//
// Environment: PORT, HOST, DEMO_SPEED (pacing factor: 20 runs jobs twenty times faster),
// DEMO_FAILURE_RATE (0–1, how often a nightly import fails, default 0.25; purchase orders fail
// half as often).
// Plain Node ESM on purpose: it imports the built helper from dist/ (run `npm run build`).

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createEventStream, createEventStreamHub } from '../dist/server/index.js';
import {
  bomEnrichment,
  bomEnrichmentCancelled,
  Cancelled,
  createClock,
  createPurchaseOrder,
  nightlyImport,
  nightlyImportCancelled,
  purchaseOrderWorkflow,
  rand,
  schemaAnalysis,
  schemaAnalysisCancelled,
  sourceSync,
} from './simulations.mjs';

const root = new URL('..', import.meta.url);
const file = (path) => fileURLToPath(new URL(path, root));

/** What the server answers besides the streams: a fixed list, nothing else is read from disk. */
const STATIC_FILES = {
  '/': 'demo/index.html',
  '/index.html': 'demo/index.html',
  '/demo.js': 'demo/demo.js',
  '/demo.css': 'demo/demo.css',
  '/favicon.svg': 'demo/favicon.svg',
  '/progress-stream.iife.js': 'dist/progress-stream.iife.js',
  '/progress-stream.iife.js.map': 'dist/progress-stream.iife.js.map',
  '/examples/plain-html/': 'examples/plain-html/index.html',
  '/examples/plain-html/index.html': 'examples/plain-html/index.html',
  '/examples/plain-html/progress-stream.iife.js': 'dist/progress-stream.iife.js',
  '/examples/plain-html/progress-stream.iife.js.map': 'dist/progress-stream.iife.js.map',
};

const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  map: 'application/json; charset=utf-8',
};

/** Pages run no inline script or style and load nothing from elsewhere. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The five streams, one per wire format. `job` streams get a new URL for every job. */
export const STREAMS = {
  'step-percent': { kind: 'job', auth: false, prefix: 'scan', run: schemaAnalysis, cancelled: schemaAnalysisCancelled },
  'typed-json': { kind: 'channel', auth: false },
  'batch-enrichment': { kind: 'job', auth: true, prefix: 'BOM', run: bomEnrichment, cancelled: bomEnrichmentCancelled },
  'workflow-stages': { kind: 'channel', auth: true },
  'phase-snapshot': { kind: 'job', auth: false, prefix: 'import', run: nightlyImport, cancelled: nightlyImportCancelled },
};

const FAULTS = ['drop', 'stall', '503', '401', 'restart'];
const DEFAULT_SECONDS = { stall: 15, 503: 10 };
const MAX_SECONDS = 120;
const TOKEN_TTL_MS = 15 * 60_000;
const MAX_TOKENS = 10_000;
/** Pause between the end of a job and the next one (job time). */
const NEXT_JOB_MS = [5_000, 8_000];

/** Publishes, ignoring a stream that has already ended or closed (a job cut short). */
function publishTo(stream, event, onStored) {
  try {
    stream.publish(event).then(onStored, () => undefined);
  } catch {
    // ended or closed: nothing to do
  }
}

/**
 * The jobs of one per-job format: every job is its own event stream at its own URL, ended with
 * the format's terminal event; the next job starts a few seconds later.
 */
class JobSeries {
  constructor(name, def, { hub, clock, failureRate, onPublished, firstId }) {
    this.name = name;
    this.def = def;
    this.hub = hub;
    this.clock = clock;
    this.failureRate = failureRate;
    this.onPublished = onPublished;
    this.counter = firstId;
    this.current = undefined;
    this.timer = undefined;
    this.stopped = false;
  }

  get src() {
    return this.current === undefined ? undefined : `/streams/${this.name}/${encodeURIComponent(this.current.id)}`;
  }

  stream(jobId) {
    return this.hub.get(`${this.name}/${jobId}`);
  }

  start() {
    clearTimeout(this.timer);
    this.timer = undefined;
    const id = `${this.def.prefix}-${this.counter++}`;
    const stream = this.hub.stream(`${this.name}/${id}`);
    const controller = new AbortController();
    const job = { id, stream, controller, running: true };
    this.current = job;
    const context = {
      jobId: id,
      clock: this.clock,
      failureRate: this.failureRate,
      publish: (event) => publishTo(stream, event, (stored) => this.onPublished(stored)),
      sleep: (ms) => this.clock.sleep(ms, controller.signal),
    };
    this.def.run(context).then(
      (terminal) => this.#finish(job, terminal),
      (error) => {
        if (!(error instanceof Cancelled)) console.error(`progress-stream demo: the ${this.name} job failed:`, error);
        this.#finish(job, this.def.cancelled(id));
      },
    );
    return job;
  }

  #finish(job, terminal) {
    job.running = false;
    if (this.stopped) return;
    job.stream.end(terminal).catch(() => undefined);
    // A restarted job already has its successor.
    if (job === this.current) {
      this.timer = setTimeout(() => this.start(), this.clock.real(rand(...NEXT_JOB_MS)));
    }
  }

  /** Cancels the running job (its stream ends with the format's "cancelled" event) and starts a new one. */
  restart() {
    const old = this.current;
    const job = this.start();
    if (old?.running) old.controller.abort();
    return `Restarted: new job ${job.id}`;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.current?.controller.abort();
  }
}

/** typed-json: one channel; sync jobs follow each other, each with a new `jobId`. */
class SyncChannel {
  constructor(stream, { clock, onPublished, firstId }) {
    this.stream = stream;
    this.clock = clock;
    this.onPublished = onPublished;
    this.counter = firstId;
    this.controller = new AbortController();
    this.stopped = false;
    this.jobId = undefined;
  }

  publish(event) {
    publishTo(this.stream, event, (stored) => this.onPublished(stored));
  }

  async start() {
    this.publish({ data: { type: 'connected', message: 'Connected to the catalogue sync channel' } });
    while (!this.stopped) {
      this.controller = new AbortController();
      const signal = this.controller.signal;
      const sleep = (ms) => this.clock.sleep(ms, signal);
      this.jobId = `sync-${this.counter++}`;
      try {
        await sourceSync({ publish: (event) => this.publish(event), sleep, jobId: this.jobId });
        await sleep(rand(...NEXT_JOB_MS));
      } catch (error) {
        if (!(error instanceof Cancelled)) throw error;
      }
    }
  }

  /** Abandons the running sync and starts a new one (a new jobId: the element starts over). */
  restart() {
    this.controller.abort();
    return `Restarted: new sync job sync-${this.counter}`;
  }

  stop() {
    this.stopped = true;
    this.controller.abort();
  }
}

/** workflow-stages: one channel, two to four purchase orders in flight at any time. */
class OrderChannel {
  constructor(stream, { clock, failureRate, onPublished, firstId }) {
    this.stream = stream;
    this.clock = clock;
    this.failureRate = failureRate;
    this.onPublished = onPublished;
    this.orders = new Map();
    this.nextNumber = firstId;
    this.stopper = new AbortController();
  }

  publish(event) {
    publishTo(this.stream, event, (stored) => this.onPublished(stored));
  }

  launch(po = createPurchaseOrder(`PO-${this.nextNumber++}`)) {
    const controller = new AbortController();
    const entry = { po, controller };
    this.orders.set(po.poId, entry);
    const context = {
      publish: (event) => this.publish(event),
      sleep: (ms) => this.clock.sleep(ms, controller.signal),
      failureRate: this.failureRate / 2, // several orders at once: fail them half as often
    };
    const forget = () => {
      if (this.orders.get(po.poId) === entry) this.orders.delete(po.poId);
    };
    purchaseOrderWorkflow(context, po).then(forget, (error) => {
      forget();
      if (!(error instanceof Cancelled)) console.error('progress-stream demo: an order workflow failed:', error);
    });
  }

  async start() {
    const signal = this.stopper.signal;
    const heartbeat = async () => {
      for (;;) {
        await this.clock.sleep(15_000, signal);
        this.publish({ event: 'heartbeat', data: { timestamp: new Date().toISOString() } });
      }
    };
    heartbeat().catch(() => undefined);
    try {
      this.launch();
      await this.clock.sleep(rand(1_000, 2_500), signal);
      for (;;) {
        const inFlight = this.orders.size;
        if (inFlight < 2 || (inFlight < 4 && Math.random() < 0.5)) this.launch();
        await this.clock.sleep(rand(3_000, 8_000), signal);
      }
    } catch (error) {
      if (!(error instanceof Cancelled)) throw error;
    }
  }

  /** Every order in flight fails with "restarted" and starts again from AI parsing. */
  restart() {
    const entries = [...this.orders.values()];
    for (const { po, controller } of entries) {
      controller.abort();
      this.publish({ event: 'error', data: { stage: po.stage, poId: po.poId, workflowId: po.workflowId, error: 'Restarted from the demo page' } });
      this.launch(createPurchaseOrder(po.poId));
    }
    if (entries.length === 0) this.launch();
    return `Restarted ${entries.length} order${entries.length === 1 ? '' : 's'}: ${entries.map((e) => e.po.poId).join(', ')}`;
  }

  stop() {
    this.stopper.abort();
    for (const { controller } of this.orders.values()) controller.abort();
  }
}

/** One open stream connection, with the writes the "stall" fault can hold back. */
function trackConnection(res) {
  const connection = {
    res,
    stalled: false,
    held: [],
    endHeld: false,
    timer: undefined,
    stall(ms) {
      clearTimeout(connection.timer);
      connection.stalled = true;
      connection.timer = setTimeout(() => connection.resume(), ms);
    },
    resume() {
      clearTimeout(connection.timer);
      connection.stalled = false;
      const held = connection.held;
      connection.held = [];
      if (res.destroyed || res.writableEnded) return;
      for (const chunk of held) res.write(chunk);
      if (connection.endHeld) res.end();
    },
  };
  // What `handleNode` writes to: the real response, except that nothing reaches the socket
  // (events and heartbeats alike) while the connection is stalled.
  connection.response = {
    writeHead: (status, headers) => res.writeHead(status, headers),
    write(chunk) {
      if (!connection.stalled) return res.write(chunk);
      connection.held.push(chunk);
      return true;
    },
    end() {
      if (connection.stalled) connection.endHeld = true;
      else res.end();
    },
    destroy: () => res.destroy(),
    on: (event, listener) => res.on(event, listener),
    off: (event, listener) => res.off(event, listener),
    flushHeaders: () => res.flushHeaders(),
    get headersSent() {
      return res.headersSent;
    },
  };
  return connection;
}

/** A request the server cannot make sense of: answered 400, not a stack trace. */
class BadRequest extends Error {}

/** Path segments, percent-decoded; a malformed escape (`%ZZ`, a cut UTF-8 sequence) is the client's error. */
function pathSegments(path) {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new BadRequest('Malformed percent-escape in the path');
  }
}

/** The request target as a URL; Node passes some targets (`http://[`) that are no URL at all. */
function requestUrl(req) {
  try {
    return new URL(req.url ?? '/', 'http://demo.invalid');
  } catch {
    throw new BadRequest('Malformed request target');
  }
}

/** `table[key]` for the table's own entries only: `__proto__` or `constructor` are no stream names. */
function own(table, key) {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

function sendText(res, status, text, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(text);
}

function readJsonBody(req, limit = 4096) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new Error('the body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

/**
 * Starts the demo server. Resolves once it listens.
 * @returns {Promise<{ url: string, port: number, host: string, close(): Promise<void> }>}
 */
export async function startDemoServer(options = {}) {
  const { port = 5173, host = '127.0.0.1', speed = 1, failureRate = 0.25, heartbeatMs = 2000, log = () => undefined } = options;
  if (!(speed > 0)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  const clock = createClock(speed);
  const streamOptions = { heartbeatMs, retryMs: 1000 };
  const hub = createEventStreamHub({ ...streamOptions, bufferSize: 1000 });

  // Per stream: open connections, active faults and what was answered (GET /api/jobs shows it).
  const state = Object.fromEntries(
    Object.keys(STREAMS).map((name) => [name, { connections: new Set(), unavailableUntil: 0, unauthorizedOnce: false, responses: {}, lastEventId: undefined }]),
  );
  const count = (name, status) => {
    const responses = state[name].responses;
    responses[status] = (responses[status] ?? 0) + 1;
  };
  const recorder = (name) => (stored) => {
    state[name].lastEventId = stored.id;
  };

  // Job numbers differ from one run of the server to the next, so that a page still open from
  // the previous run never mistakes a new job for the one it was showing.
  const firstId = 10_000 + (Math.floor(Date.now() / 1000) % 90_000);
  const series = {};
  for (const [name, def] of Object.entries(STREAMS)) {
    if (def.kind === 'job') series[name] = new JobSeries(name, def, { hub, clock, failureRate, firstId, onPublished: recorder(name) });
  }
  const syncStream = createEventStream({ ...streamOptions, key: 'typed-json', bufferSize: 500 });
  const orderStream = createEventStream({ ...streamOptions, key: 'workflow-stages', bufferSize: 500 });
  const channels = {
    'typed-json': new SyncChannel(syncStream, { clock, firstId, onPublished: recorder('typed-json') }),
    'workflow-stages': new OrderChannel(orderStream, { clock, failureRate, firstId, onPublished: recorder('workflow-stages') }),
  };
  const channelStreams = { 'typed-json': syncStream, 'workflow-stages': orderStream };

  // Bearer tokens for the authenticated streams (handed out by POST /api/token).
  const tokens = new Map();
  let tokensIssued = 0;
  const issueToken = () => {
    const now = Date.now();
    tokensIssued++;
    for (const [token, expires] of tokens) if (expires <= now || tokens.size >= MAX_TOKENS) tokens.delete(token);
    const token = `demo-token-${randomBytes(16).toString('hex')}`;
    tokens.set(token, now + TOKEN_TTL_MS);
    return { token, expiresIn: TOKEN_TTL_MS / 1000 };
  };
  const authorized = (req) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const expires = match ? tokens.get(match[1]) : undefined;
    return expires !== undefined && expires > Date.now();
  };

  const describeStreams = () =>
    Object.fromEntries(
      Object.entries(STREAMS).map(([name, def]) => {
        const s = state[name];
        const job = def.kind === 'job' ? series[name].current : undefined;
        return [
          name,
          {
            kind: def.kind,
            auth: def.auth,
            src: def.kind === 'job' ? series[name].src : `/streams/${name}`,
            jobId: def.kind === 'job' ? job?.id : name === 'typed-json' ? channels[name].jobId : undefined,
            jobRunning: def.kind === 'job' ? job?.running === true : true,
            connections: s.connections.size,
            lastEventId: s.lastEventId,
            responses: s.responses,
            unavailableForMs: Math.max(0, s.unavailableUntil - Date.now()),
            unauthorizedOnce: s.unauthorizedOnce,
          },
        ];
      }),
    );

  const drop = (name) => {
    const open = [...state[name].connections];
    for (const connection of open) connection.res.destroy();
    return open.length;
  };
  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

  function applyFault(name, type, seconds) {
    const s = state[name];
    switch (type) {
      case 'drop': {
        const n = drop(name);
        return n === 0 ? 'No open connection to drop' : `Dropped ${plural(n, 'connection')}`;
      }
      case 'stall': {
        const open = [...s.connections];
        for (const connection of open) connection.stall(seconds * 1000);
        return open.length === 0 ? 'No open connection to stall' : `Stalling ${plural(open.length, 'connection')} for ${seconds} s`;
      }
      case '503': {
        s.unavailableUntil = Date.now() + seconds * 1000;
        const n = drop(name);
        return `Answering 503 for ${seconds} s (dropped ${plural(n, 'connection')})`;
      }
      case '401': {
        s.unauthorizedOnce = true;
        const n = drop(name);
        return `The next request gets 401 (dropped ${plural(n, 'connection')})`;
      }
      case 'restart':
        return (series[name] ?? channels[name]).restart();
    }
    return undefined;
  }

  async function serveStream(name, req, res, jobId) {
    const s = state[name];
    const answer = (status, headers, text) => {
      count(name, status);
      sendText(res, status, text, headers);
    };
    if (Date.now() < s.unavailableUntil) {
      return answer(503, { 'retry-after': String(Math.ceil((s.unavailableUntil - Date.now()) / 1000)) }, 'Service unavailable (simulated)');
    }
    if (STREAMS[name].auth && (s.unauthorizedOnce || !authorized(req))) {
      s.unauthorizedOnce = false;
      return answer(401, { 'www-authenticate': 'Bearer realm="progress-stream demo", error="invalid_token"' }, 'Unauthorized');
    }
    const stream = jobId === undefined ? channelStreams[name] : series[name].stream(jobId);
    if (stream === undefined) return answer(404, {}, 'No such job');
    count(name, 200);
    const connection = trackConnection(res);
    s.connections.add(connection);
    res.on('close', () => {
      clearTimeout(connection.timer);
      s.connections.delete(connection);
    });
    await stream.handleNode(req, connection.response).catch(() => undefined);
  }

  async function serveStatic(req, res, path) {
    let body;
    try {
      body = await readFile(file(path));
    } catch {
      const hint = path.startsWith('dist/') ? ' (run `npm run build`)' : '';
      return sendText(res, 404, `Not found: ${path}${hint}`);
    }
    const type = CONTENT_TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
    const headers = {
      'content-type': type,
      'content-length': String(body.length),
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    };
    if (type.startsWith('text/html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function handle(req, res) {
    const url = requestUrl(req);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const parts = pathSegments(path);

    const streamDef = parts[0] === 'streams' ? own(STREAMS, parts[1]) : undefined;
    if (streamDef !== undefined) {
      if (method !== 'GET') return sendText(res, 405, 'Method not allowed', { allow: 'GET' });
      const def = streamDef;
      if (def.kind === 'channel' && parts.length === 2) return serveStream(parts[1], req, res, undefined);
      if (def.kind === 'job' && parts.length === 3) return serveStream(parts[1], req, res, parts[2]);
      return sendText(res, 404, 'Not found');
    }
    if (path === '/api/jobs') {
      if (method !== 'GET') return sendText(res, 405, 'Method not allowed', { allow: 'GET' });
      return sendJson(res, 200, { speed, heartbeatMs, tokensIssued, streams: describeStreams() });
    }
    if (path === '/api/token') {
      if (method !== 'POST') return sendText(res, 405, 'Method not allowed', { allow: 'POST' });
      // A real application checks the user's session here; the demo hands a token to anyone.
      return sendJson(res, 200, issueToken());
    }
    if (parts[0] === 'api' && parts[1] === 'faults' && parts.length === 3) {
      if (method !== 'POST') return sendText(res, 405, 'Method not allowed', { allow: 'POST' });
      const name = parts[2];
      if (own(STREAMS, name) === undefined) return sendJson(res, 404, { error: `No stream "${name}"` });
      let body;
      try {
        body = await readJsonBody(req);
      } catch (error) {
        return sendJson(res, 400, { error: error.message });
      }
      const type = String(body?.type ?? '');
      if (!FAULTS.includes(type)) return sendJson(res, 400, { error: `type must be one of ${FAULTS.join(', ')}` });
      if (type === '401' && !STREAMS[name].auth) return sendJson(res, 400, { error: `${name} does not require authentication` });
      const seconds = Number(body?.seconds ?? DEFAULT_SECONDS[type] ?? 0);
      if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_SECONDS) {
        return sendJson(res, 400, { error: `seconds must be between 0 and ${MAX_SECONDS}` });
      }
      const message = applyFault(name, type, seconds);
      log(`fault ${type} on ${name}: ${message}`);
      return sendJson(res, 200, { ok: true, stream: name, type, seconds, message, ...describeStreams()[name] });
    }
    const staticPath = own(STATIC_FILES, path);
    if (staticPath !== undefined) {
      if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
      return serveStatic(req, res, staticPath);
    }
    if (path === '/favicon.ico') return sendText(res, 204, '');
    if (path === '/examples/plain-html') return sendText(res, 308, 'Moved', { location: '/examples/plain-html/' });
    return sendText(res, 404, 'Not found');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (error instanceof BadRequest) {
        if (!res.headersSent) sendText(res, 400, `Bad request: ${error.message}`);
        return;
      }
      // One line, no stack: whatever a client sends must not fill the server's log.
      console.error(`progress-stream demo: request failed: ${String(error)}`);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  for (const jobs of Object.values(series)) jobs.start();
  for (const channel of Object.values(channels)) {
    channel.start().catch((error) => console.error('progress-stream demo: a channel stopped:', error));
  }

  const address = server.address();
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing;
  return {
    url: `http://${shownHost}:${address.port}/`,
    port: address.port,
    host: address.address,
    /** Stops the jobs, closes every stream and connection. */
    close() {
      closing ??= (async () => {
        for (const jobs of Object.values(series)) jobs.stop();
        for (const channel of Object.values(channels)) channel.stop();
        for (const s of Object.values(state)) for (const connection of s.connections) clearTimeout(connection.timer);
        syncStream.close();
        orderStream.close();
        await hub.close();
        await new Promise((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

/** Reads `--port`, `--host`, `--speed` (also `--port=…`), falling back to the environment. */
export function parseOptions(argv, env) {
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      flags.help = true;
      continue;
    }
    const match = /^--(port|host|speed)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument: ${arg}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    flags[match[1]] = value;
  }
  const port = Number(flags.port ?? env.PORT ?? 5173);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${flags.port ?? env.PORT}`);
  const speed = Number(flags.speed ?? env.DEMO_SPEED ?? 1);
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`Invalid speed: ${flags.speed ?? env.DEMO_SPEED}`);
  const failureRate = Number(env.DEMO_FAILURE_RATE ?? 0.25);
  if (!(failureRate >= 0 && failureRate <= 1)) throw new Error(`Invalid DEMO_FAILURE_RATE: ${env.DEMO_FAILURE_RATE}`);
  return { help: flags.help === true, port, host: flags.host ?? env.HOST ?? '127.0.0.1', speed, failureRate };
}

const USAGE = `Usage: npm start [-- --port 5173] [--host 127.0.0.1] [--speed 1]
Environment: PORT, HOST, DEMO_SPEED, DEMO_FAILURE_RATE (0-1, default 0.25)`;

/** The command line: starts the server, prints its URL, stops cleanly on Ctrl-C or SIGTERM. */
export async function main(argv = process.argv.slice(2), env = process.env) {
  let options;
  try {
    options = parseOptions(argv, env);
  } catch (error) {
    console.error(`progress-stream demo: ${error.message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  let demo;
  try {
    demo = await startDemoServer({ ...options, log: (line) => console.log(`progress-stream demo: ${line}`) });
  } catch (error) {
    const reason = error?.code === 'EADDRINUSE' ? `port ${options.port} is in use (set PORT or --port)` : error?.message;
    console.error(`progress-stream demo: cannot start: ${reason}`);
    process.exitCode = 1;
    return;
  }
  console.log(`progress-stream demo: ${demo.url}`);
  if (options.speed !== 1) console.log(`progress-stream demo: jobs run at ${options.speed}x speed`);
  console.log('progress-stream demo: press Ctrl-C to stop');
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`progress-stream demo: ${signal}, closing streams`);
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    demo.close().then(
      () => process.exit(0),
      (error) => {
        console.error('progress-stream demo: error while closing:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
