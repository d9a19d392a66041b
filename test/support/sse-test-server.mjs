// A scriptable SSE server for the test suite. It runs inside the test runner's dev server
// (as Koa middleware, same origin as the test page) or on its own `node:http` server, always on
// 127.0.0.1. A test registers a *scenario*: a list of planned responses, one per incoming
// request, each with a status, headers and a list of steps (write text or raw bytes, wait,
// hold until the test pushes more, end cleanly, destroy the socket, stall forever). Every
// request is recorded (method, headers, body, when it closed) so tests can assert what the
// client sent, including `Last-Event-ID` and `Authorization`.
//
// Control API (JSON over HTTP):
//   POST /__sse/scenarios                 body: Scenario          -> { id, url }
//   GET  /__sse/scenarios/:id/requests                            -> RecordedRequest[]
//   GET  /__sse/scenarios/:id/wait?requests=N&closed=M&timeout=ms -> RecordedRequest[] once
//        at least N requests arrived and at least M of them closed (408 on timeout)
//   POST /__sse/scenarios/:id/push        body: Step[]  (runs on every open response that is
//        holding at a `hold` step, or queued for the next one)
//   DELETE /__sse/scenarios/:id           closes everything the scenario holds open
//   ANY  /__sse/stream/:id[/anything]     the scripted stream itself
//
// Step forms: { write: string } | { bytes: number[] } | { wait: ms } | { hold: true }
//             | { end: true } | { destroy: true } | { stall: true }
// A response without an `end`/`destroy`/`stall` step ends cleanly after its last step.

import { createServer } from 'node:http';

/** @typedef {{ write: string } | { bytes: number[] } | { wait: number } | { hold: true } | { end: true } | { destroy: true } | { stall: true }} Step */
/** @typedef {{ status?: number, headers?: Record<string, string>, headersDelay?: number, steps?: Step[] }} PlannedResponse */
/** @typedef {{ responses: PlannedResponse[], afterLast?: 'repeat' | 'status-404' }} Scenario */
/** @typedef {{ index: number, method: string, url: string, headers: Record<string, string>, body: string, startedAt: number, closedAt: number | null }} RecordedRequest */

const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

let nextId = 1;
/** @type {Map<string, ScenarioState>} */
const scenarios = new Map();

class ScenarioState {
  /** @param {string} id @param {Scenario} plan */
  constructor(id, plan) {
    this.id = id;
    this.plan = plan;
    /** @type {RecordedRequest[]} */
    this.requests = [];
    /** @type {Set<() => void>} */
    this.watchers = new Set();
    /** @type {Set<import('node:http').ServerResponse>} */
    this.open = new Set();
    /** @type {Array<{ res: import('node:http').ServerResponse, resolve: (steps: Step[]) => void }>} */
    this.holders = [];
    /** @type {Step[][]} */
    this.pending = [];
  }

  changed() {
    for (const w of [...this.watchers]) w();
  }

  /** @param {number} index */
  responseFor(index) {
    const { responses, afterLast = 'repeat' } = this.plan;
    if (index < responses.length) return responses[index];
    if (afterLast === 'status-404' || responses.length === 0) return { status: 404, steps: [] };
    return responses[responses.length - 1];
  }

  /** Waits for a push, or takes one queued earlier. @param {import('node:http').ServerResponse} res @returns {Promise<Step[]>} */
  nextPush(res) {
    const queued = this.pending.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.holders.push({ res, resolve }));
  }

  /** @param {Step[]} steps */
  push(steps) {
    const holders = this.holders.splice(0).filter((h) => !h.res.destroyed && !h.res.writableEnded);
    if (holders.length === 0) this.pending.push(steps);
    for (const h of holders) h.resolve(steps);
  }

  dispose() {
    for (const res of this.open) res.destroy();
    this.open.clear();
    this.holders.splice(0);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** @param {import('node:http').IncomingMessage} req @returns {Promise<string>} */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} value */
export function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value));
}

/**
 * Plays one planned response.
 * @param {ScenarioState} scenario
 * @param {PlannedResponse} plan
 * @param {import('node:http').ServerResponse} res
 */
async function play(scenario, plan, res) {
  const status = plan.status ?? 200;
  const headers = { ...(status === 200 ? SSE_HEADERS : {}), ...(plan.headers ?? {}) };
  for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
  if (plan.headersDelay) await sleep(plan.headersDelay);
  if (res.destroyed) return;
  res.writeHead(status, headers);
  res.flushHeaders();
  let closed = false;
  /** @type {Promise<null>} */
  const whenClosed = new Promise((resolve) =>
    res.on('close', () => {
      closed = true;
      resolve(null);
    }),
  );
  /** @param {Step[]} steps @returns {Promise<'done' | 'finished'>} */
  const run = async (steps) => {
    for (const step of steps) {
      if (closed) return 'finished';
      if ('write' in step) res.write(step.write);
      else if ('bytes' in step) res.write(Buffer.from(step.bytes));
      else if ('wait' in step) await sleep(step.wait);
      else if ('hold' in step) {
        const more = await Promise.race([scenario.nextPush(res), whenClosed]);
        if (more === null || (await run(more)) === 'finished') return 'finished';
      } else if ('end' in step) {
        res.end();
        return 'finished';
      } else if ('destroy' in step) {
        res.destroy();
        return 'finished';
      } else if ('stall' in step) {
        return 'finished';
      }
    }
    return 'done';
  };
  const outcome = await run(plan.steps ?? []);
  if (outcome === 'done' && !closed) res.end();
}

/**
 * Handles a request if it belongs to the SSE test server.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @returns {Promise<boolean>} whether the request was handled
 */
export async function handleSseTestRequest(req, res) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  if (!path.startsWith('/__sse/')) return false;

  if (path === '/__sse/scenarios' && req.method === 'POST') {
    const plan = JSON.parse(await readBody(req));
    const id = String(nextId++);
    scenarios.set(id, new ScenarioState(id, plan));
    sendJson(res, 200, { id, url: `/__sse/stream/${id}` });
    return true;
  }

  const control = /^\/__sse\/scenarios\/([^/]+)(?:\/(requests|wait|push))?$/.exec(path);
  if (control) {
    const scenario = scenarios.get(control[1] ?? '');
    if (!scenario) {
      sendJson(res, 404, { error: 'no such scenario' });
      return true;
    }
    const action = control[2];
    if (req.method === 'DELETE' && !action) {
      scenario.dispose();
      scenarios.delete(scenario.id);
      sendJson(res, 200, { ok: true });
    } else if (action === 'requests') {
      sendJson(res, 200, scenario.requests);
    } else if (action === 'push') {
      scenario.push(JSON.parse(await readBody(req)));
      sendJson(res, 200, { ok: true });
    } else if (action === 'wait') {
      const wantRequests = Number(url.searchParams.get('requests') ?? '0');
      const wantClosed = Number(url.searchParams.get('closed') ?? '0');
      const timeout = Number(url.searchParams.get('timeout') ?? '5000');
      const met = () =>
        scenario.requests.length >= wantRequests && scenario.requests.filter((r) => r.closedAt !== null).length >= wantClosed;
      if (!met()) {
        await new Promise((resolve) => {
          const timer = setTimeout(done, timeout);
          function done() {
            clearTimeout(timer);
            scenario.watchers.delete(check);
            resolve(undefined);
          }
          function check() {
            if (met()) done();
          }
          scenario.watchers.add(check);
        });
      }
      sendJson(res, met() ? 200 : 408, scenario.requests);
    } else {
      sendJson(res, 405, { error: 'unsupported' });
    }
    return true;
  }

  const stream = /^\/__sse\/stream\/([^/]+)/.exec(path);
  if (stream) {
    const scenario = scenarios.get(stream[1] ?? '');
    if (!scenario) {
      sendJson(res, 404, { error: 'no such scenario' });
      return true;
    }
    const body = await readBody(req);
    /** @type {RecordedRequest} */
    const record = {
      index: scenario.requests.length,
      method: req.method ?? 'GET',
      url: req.url ?? '',
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
      body,
      startedAt: Date.now(),
      closedAt: null,
    };
    scenario.requests.push(record);
    scenario.open.add(res);
    res.on('close', () => {
      record.closedAt = Date.now();
      scenario.open.delete(res);
      scenario.changed();
    });
    scenario.changed();
    await play(scenario, scenario.responseFor(record.index), res);
    return true;
  }

  if (await handleElementPageRoutes(req, res, path)) return true;
  sendJson(res, 404, { error: 'unknown test-server path' });
  return true;
}

/** Koa middleware for @web/test-runner / @web/dev-server. */
export function sseTestMiddleware() {
  return async function sseTest(ctx, next) {
    if (!ctx.path.startsWith('/__sse/')) return next();
    ctx.respond = false;
    await handleSseTestRequest(ctx.req, ctx.res);
  };
}

/**
 * Lets a page on another origin use this server, with or without credentials: answers CORS
 * preflights and marks every response readable by the requesting origin. Returns true when the
 * request was a preflight (already answered).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function allowCrossOrigin(req, res) {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-allow-credentials', 'true');
  res.setHeader('access-control-expose-headers', 'retry-after');
  res.setHeader('vary', 'origin');
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, DELETE',
    // A fixed list, so that one cached preflight covers every later request of a stream.
    'access-control-allow-headers': 'authorization, last-event-id, cache-control, accept, content-type, x-requested-with',
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}

/**
 * @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<boolean>} Handler
 */

/**
 * Starts the same server on its own port: for Node tests, and (with `crossOrigin`) as a second
 * origin for browser tests. `handlers` are tried before the scripted streams.
 * @param {{ crossOrigin?: boolean, handlers?: Handler[] }} [options]
 */
export function startSseTestServer({ crossOrigin = false, handlers = [] } = {}) {
  const handle = async (req, res) => {
    if (crossOrigin && allowCrossOrigin(req, res)) return true;
    for (const handler of handlers) if (await handler(req, res)) return true;
    return handleSseTestRequest(req, res);
  };
  const server = createServer((req, res) => {
    handle(req, res)
      .then((handled) => {
        if (!handled) sendJson(res, 404, { error: 'not found' });
      })
      .catch((err) => {
        if (!res.headersSent) sendJson(res, 500, { error: String(err) });
        else res.destroy();
      });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            for (const s of scenarios.values()) s.dispose();
            server.closeAllConnections();
            server.close(() => done(undefined));
          }),
      });
    });
  });
}

// --- Element page-load routes (issue 14, element hardening) -------------------------------------
// Real page loads need the element defined by a classic <script> (as the IIFE is used), and a
// backend that refuses requests without an Authorization header the way real ones do.
//   GET  /__sse/element/progress-stream.iife.js  the element bundled from src/ as a classic script
//   POST /__sse/auth             body: { missing: 401 | 403 }            -> { id, url }
//   GET  /__sse/auth/:id/stream  `missing` without Authorization; else 200, one step-percent
//                                event (progress 42), then held open
//   GET  /__sse/auth/:id/requests -> [{ authorization: string | null }] in arrival order
//   DELETE /__sse/auth/:id       closes what it holds open

/** @type {Promise<string> | undefined} */
let elementBundle;
/** @type {Map<string, { missing: number, requests: Array<{ authorization: string | null }>, open: Set<import('node:http').ServerResponse> }>} */
const authStreams = new Map();
let nextAuthId = 1;

function bundleElement() {
  elementBundle ??= import('esbuild').then(async (esbuild) => {
    const result = await esbuild.build({
      entryPoints: [new URL('../../src/element/progress-stream.ts', import.meta.url).pathname],
      tsconfig: new URL('../../tsconfig.json', import.meta.url).pathname,
      bundle: true,
      format: 'iife',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0].text;
  });
  return elementBundle;
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} path
 */
async function handleElementPageRoutes(req, res, path) {
  if (path === '/__sse/element/progress-stream.iife.js') {
    const code = await bundleElement();
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    res.end(code);
    return true;
  }
  if (path === '/__sse/auth' && req.method === 'POST') {
    const { missing = 401 } = JSON.parse((await readBody(req)) || '{}');
    const id = String(nextAuthId++);
    authStreams.set(id, { missing, requests: [], open: new Set() });
    sendJson(res, 200, { id, url: `/__sse/auth/${id}/stream` });
    return true;
  }
  const match = /^\/__sse\/auth\/([^/]+)(?:\/(stream|requests))?$/.exec(path);
  if (!match) return false;
  const entry = authStreams.get(match[1] ?? '');
  if (!entry) {
    sendJson(res, 404, { error: 'no such auth stream' });
    return true;
  }
  if (match[2] === 'requests') {
    sendJson(res, 200, entry.requests);
  } else if (match[2] === 'stream') {
    const authorization = req.headers.authorization ?? null;
    entry.requests.push({ authorization });
    if (authorization === null) {
      res.writeHead(entry.missing, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: 'Not authenticated' }));
      return true;
    }
    entry.open.add(res);
    res.on('close', () => entry.open.delete(res));
    res.writeHead(200, SSE_HEADERS);
    res.write(`data: ${JSON.stringify({ step: 'scanning', progress: 42, message: 'Authorised' })}\n\n`);
  } else if (req.method === 'DELETE') {
    for (const open of entry.open) open.destroy();
    authStreams.delete(match[1] ?? '');
    sendJson(res, 200, { ok: true });
  } else {
    sendJson(res, 405, { error: 'unsupported' });
  }
  return true;
}
// --- end of element page-load routes -------------------------------------------------------------
