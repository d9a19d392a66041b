// The fault-injecting SSE server of the chaos suite (test/chaos). A test registers a *run* with a
// schedule (test/chaos/schedule.mjs); the run's stream then plays the 500-event job of
// test/chaos/job.mjs the way a real server with a replay buffer would (resume after
// `Last-Event-ID`; an id from before a restart gets a `reset` event and the job from the start),
// and injects the schedule's faults, each exactly once. It requires a bearer token that rotates
// on every scheduled 401, and logs every request with its outcome, so the suite can check the
// client against what really happened.
//
// Control API (JSON):
//   POST   /__chaos/runs              body: { schedule }  -> { id, url, tokenUrl }
//   GET    /__chaos/runs/:id/log                          -> { requests, fired, epoch }
//   GET    /__chaos/runs/:id/token                        -> the current token (text): the
//          "refresh" a client does after a 401
//   DELETE /__chaos/runs/:id                              -> closes what the run holds open
//   ANY    /__chaos/runs/:id/events                       the stream

import { seededRandom } from './seeded-random.mjs';
import { readBody, sendJson } from './sse-test-server.mjs';
import { jobEventText, parseJobId } from '../chaos/job.mjs';

const encoder = new TextEncoder();
/** Pause before an abrupt drop, so the client has read what was sent (a RST may discard it). */
const SETTLE_MS = 25;

let nextRun = 1;
/** @type {Map<string, Run>} */
const runs = new Map();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const tick = () => new Promise((resolve) => setImmediate(resolve));

class Run {
  constructor(id, schedule) {
    this.id = id;
    this.schedule = schedule;
    this.random = seededRandom(schedule.seed ^ 0x5eed);
    this.epoch = 1;
    this.tokenVersion = 1;
    this.pending = schedule.faults.map((fault) => ({ ...fault }));
    /** Answers waiting for the next connection attempts. */
    this.outage = [...schedule.initialOutage];
    this.requests = [];
    /** Fault kind → times it fired. */
    this.fired = {};
    /** @type {Set<import('node:http').ServerResponse>} */
    this.open = new Set();
  }

  get token() {
    return `chaos-${this.id}-${this.tokenVersion}-s3cr3t`;
  }

  fire(kind) {
    this.fired[kind] = (this.fired[kind] ?? 0) + 1;
  }

  /** The first scheduled stream fault due at event `n`, if it may fire now. */
  takeFault(n, deliveredOnThisConnection) {
    const index = this.pending.findIndex((fault) => fault.at <= n && (deliveredOnThisConnection > 0 || !('outage' in fault)));
    return index === -1 ? undefined : this.pending.splice(index, 1)[0];
  }
}

/** A few lines of junk between events: invalid UTF-8, NULs, unknown fields, comments. */
function garbage(random) {
  const starts = [0x3a, 0x78, 0x5a, 0x00, 0xff, 0xc3, 0x80, 0x7b, 0x20];
  const endings = [[0x0a], [0x0d, 0x0a], [0x0d]];
  const bytes = [];
  const lines = 1 + Math.floor(random() * 4);
  for (let l = 0; l < lines; l++) {
    bytes.push(starts[Math.floor(random() * starts.length)]);
    const length = Math.floor(random() * 40);
    for (let i = 0; i < length; i++) {
      let byte = Math.floor(random() * 256);
      if (byte === 0x0a || byte === 0x0d) byte = 0x3f;
      bytes.push(byte);
    }
    bytes.push(...endings[Math.floor(random() * endings.length)]);
  }
  return Uint8Array.from(bytes);
}

/** A cut inside event bytes: anywhere (`mid-event`), or between the bytes of one character. */
function cutPoint(bytes, random, insideCharacter) {
  if (!insideCharacter) return 1 + Math.floor(random() * (bytes.length - 3));
  const candidates = [];
  for (let i = 1; i < bytes.length; i++) if ((bytes[i] & 0xc0) === 0x80) candidates.push(i);
  return candidates[Math.floor(random() * candidates.length)];
}

/** Writes, waiting for the socket to drain when its buffer is full. */
async function write(res, chunk) {
  if (res.destroyed) return false;
  if (!res.write(chunk)) {
    await new Promise((resolve) => {
      res.once('drain', resolve);
      res.once('close', resolve);
    });
  }
  return !res.destroyed;
}

/** Writes one event, split at random points now and then (cuts inside characters included). */
async function writeEvent(res, bytes, run) {
  if (!run.schedule.splitWrites || run.random() < 0.7) return write(res, bytes);
  const cuts = [1 + Math.floor(run.random() * (bytes.length - 1))].concat(
    run.random() < 0.5 ? [1 + Math.floor(run.random() * (bytes.length - 1))] : [],
  );
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b).concat(bytes.length)) {
    if (cut <= from) continue;
    if (!(await write(res, bytes.subarray(from, cut)))) return false;
    from = cut;
    await tick();
  }
  return true;
}

/** The version of the run's token in an Authorization header, or null when there is none. */
function presentedTokenVersion(authorization, id) {
  const match = /^Bearer chaos-(.+)-(\d+)-s3cr3t$/.exec(authorization ?? '');
  return match && match[1] === id ? Number(match[2]) : null;
}

/** Answers one connection attempt with an outage fault. */
async function answerWithFault(run, kind, record, res) {
  run.fire(kind);
  record.fault = kind;
  record.outcome = kind === 'auth-401' ? 'auth' : 'failed';
  switch (kind) {
    case 'auth-401':
      run.tokenVersion += 1; // the token the client holds has just expired
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer error="invalid_token"' });
      res.end('token expired');
      return;
    case 'http-503':
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('busy');
      return;
    case 'http-503-retry-after-0':
    case 'http-503-retry-after-1':
    case 'http-503-retry-after-huge':
      // "huge" asks for 27 hours: the client honours it only up to its maxRetryDelayMs.
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': { 0: '0', 1: '1' }[kind.at(-1)] ?? '99999999' });
      res.end('busy');
      return;
    case 'http-429':
      res.writeHead(429, { 'content-type': 'text/plain' });
      res.end('slow down');
      return;
    case 'cut-headers':
      // The connection dies inside the status line. (Closing it before any byte is not a
      // failure a page can see: browsers resend a request whose reused connection closed
      // without answering.)
      res.socket?.write('HTTP/1.1 50');
      await sleep(SETTLE_MS);
      res.socket?.destroy();
      return;
    case 'silent':
      // Headers never come: only the client's heartbeat timeout ends this attempt.
      await new Promise((resolve) => res.once('close', resolve));
      return;
  }
}

/** Plays the job on one connection, injecting the stream faults that fall due. */
async function stream(run, record, req, res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  await write(res, ': connected\n\n');
  const resume = parseJobId(record.lastEventId ?? undefined);
  let n = 1;
  let delivered = 0;
  // An id that is neither of this server's forms arrived mangled (its encoding was lost).
  if (record.lastEventId !== null && resume === undefined) record.mangledId = true;
  if (record.lastEventId !== null && resume?.epoch !== run.epoch) {
    // An id this server never issued (it restarted): say so, clear the id, start over.
    const data = JSON.stringify({ reason: 'unknown', lastEventId: record.lastEventId });
    await write(res, `event: reset\nid\ndata: ${data}\n\n`);
    record.reset = true;
    delivered += 1;
  } else if (resume !== undefined) {
    n = resume.n + 1;
  }
  record.firstEvent = n;

  const events = run.schedule.events;
  while (n <= events && !res.destroyed) {
    const fault = run.takeFault(n, delivered);
    if (fault !== undefined) {
      if (fault.kind !== 'reorder' || n + 1 < events) run.fire(fault.kind);
      if (fault.outage !== undefined) {
        run.outage.push(...fault.outage);
        record.fault = fault.kind;
        record.outcome = delivered > 0 ? 'healthy' : 'broken';
        await endWith(run, fault.kind, n, res);
        record.delivered = delivered;
        return;
      }
      if (fault.kind === 'duplicate') {
        const j = Math.max(1, n - 1 - Math.floor(run.random() * 8));
        if (j < n) await write(res, jobEventText(j, run.epoch, run.schedule.unicodeIds));
      } else if (fault.kind === 'garbage') {
        await write(res, garbage(run.random));
      } else if (fault.kind === 'retry-zero') {
        // A server asking to be called back at once: the client's delay floor must hold.
        await write(res, 'retry: 0\n\n');
      } else if (fault.kind === 'reorder' && n + 1 < events) {
        await writeEvent(res, encoder.encode(jobEventText(n + 1, run.epoch, run.schedule.unicodeIds)), run);
        await writeEvent(res, encoder.encode(jobEventText(n, run.epoch, run.schedule.unicodeIds)), run);
        delivered += 2;
        n += 2;
        continue;
      }
    }
    if (!(await writeEvent(res, encoder.encode(jobEventText(n, run.epoch, run.schedule.unicodeIds)), run))) break;
    delivered += 1;
    n += 1;
    if (n % 50 === 0) await tick();
  }
  record.delivered = delivered;
  record.outcome = n > events ? 'terminal' : delivered > 0 ? 'healthy' : 'broken';
  res.end();
}

/** Ends a connection the way fault `kind` says, just before event `n`. */
async function endWith(run, kind, n, res) {
  const bytes = encoder.encode(jobEventText(n, run.epoch, run.schedule.unicodeIds));
  switch (kind) {
    case 'drop-clean':
      res.end();
      return;
    case 'drop-abrupt':
      await sleep(SETTLE_MS);
      res.destroy();
      return;
    case 'drop-reset':
      await sleep(SETTLE_MS);
      res.socket?.resetAndDestroy();
      return;
    case 'drop-mid-event':
    case 'drop-mid-utf8':
      await write(res, bytes.subarray(0, cutPoint(bytes, run.random, kind === 'drop-mid-utf8')));
      await sleep(SETTLE_MS);
      res.destroy();
      return;
    case 'stall':
      // Nothing more, not even a comment: the client's heartbeat timeout must notice.
      await new Promise((resolve) => res.once('close', resolve));
      return;
    case 'restart':
      // The process dies with its replay buffer: ids it issued mean nothing to its successor.
      run.epoch += 1;
      await sleep(SETTLE_MS);
      res.destroy();
      return;
  }
}

/**
 * The request's `Last-Event-ID`, its bytes read as UTF-8 (Node exposes header bytes as Latin-1
 * characters), as a server that resumes Unicode ids must read it.
 */
function lastEventIdHeader(req) {
  const header = req.headers['last-event-id'];
  return header === undefined ? null : Buffer.from(header, 'latin1').toString('utf8');
}

/**
 * Handles a request if it belongs to the chaos server.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @returns {Promise<boolean>}
 */
export async function handleChaosRequest(req, res) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (!url.pathname.startsWith('/__chaos/')) return false;

  if (url.pathname === '/__chaos/runs' && req.method === 'POST') {
    const { schedule } = JSON.parse(await readBody(req));
    const id = String(nextRun++);
    runs.set(id, new Run(id, schedule));
    sendJson(res, 200, { id, url: `/__chaos/runs/${id}/events`, tokenUrl: `/__chaos/runs/${id}/token` });
    return true;
  }

  const match = /^\/__chaos\/runs\/([^/]+)(?:\/(events|log|token))?$/.exec(url.pathname);
  const run = runs.get(match?.[1] ?? '');
  if (!match || !run) {
    sendJson(res, 404, { error: 'no such run' });
    return true;
  }
  const action = match[2];
  if (action === undefined && req.method === 'DELETE') {
    for (const open of run.open) open.destroy();
    runs.delete(run.id);
    sendJson(res, 200, { ok: true });
  } else if (action === 'log') {
    sendJson(res, 200, { requests: run.requests, fired: run.fired, epoch: run.epoch });
  } else if (action === 'token') {
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
    res.end(run.token);
  } else if (action === 'events') {
    const record = {
      index: run.requests.length,
      url: req.url ?? '',
      lastEventId: lastEventIdHeader(req),
      authorized: req.headers.authorization === `Bearer ${run.token}`,
      // Which token the request carried (its version, never the secret): a stale one may be the
      // client's fault, or the server's rotation on a request the client had already abandoned.
      presentedVersion: presentedTokenVersion(req.headers.authorization, run.id),
      cookie: req.headers.cookie ?? null,
      startedAt: Date.now(),
      closedAt: null,
      outcome: 'failed',
    };
    run.requests.push(record);
    run.open.add(res);
    res.on('close', () => {
      record.closedAt = Date.now();
      run.open.delete(res);
    });
    const scheduled = run.outage.shift();
    if (scheduled !== undefined) await answerWithFault(run, scheduled, record, res);
    else if (!record.authorized) {
      // Not scheduled: a stale or missing token. The suite counts these as violations.
      record.outcome = 'auth';
      record.fault = 'unexpected-401';
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('unauthorized');
    } else await stream(run, record, req, res);
  } else {
    sendJson(res, 405, { error: 'unsupported' });
  }
  return true;
}
