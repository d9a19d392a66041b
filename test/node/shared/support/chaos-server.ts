// The server of the shared-stream chaos runs (test/node/shared/chaos.test.ts) and of the
// many-tabs figures (many-tabs.test.ts), on 127.0.0.1: the built standalone bundle, a page of
// <progress-stream> elements, and job streams that the test publishes itself, event by event.
//
// A job plays the chaos suite's job (test/chaos/job.mjs: UTF-8 messages, ids that may lie
// outside Latin-1) cut to `total` events, the last one `complete`, and answers as
// @progress-stream/core/server does: the events after `Last-Event-ID` (all of them without one), then
// live ones; after the last event the response ends. It records every request (its
// Last-Event-ID, when it started and closed) and how many responses are open, and it can drop
// the open connections three ways (a clean end, a destroyed socket, a socket destroyed halfway
// through an event).
//
// The page, /chaos.html?src=URL&n=M[&unshared][&defer]: M elements on `src` (`shared` unless
// `unshared`), created at once or, with `defer`, when the test calls `window.start()` (so that
// ten pages can load before fifty streams take the browser's six connections per host).
// `window.report()` gives per element its role, statuses, the ids of the messages its client
// dispatched, its activity lines and its state.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { chaosMapping, jobEvent, jobId, parseJobId } from '../../../chaos/job.mjs';

/** Event `n` of a job of `total`: the chaos job's event, the last one terminal. */
export function chaosEvent(n: number, total: number): { event: string; data: string } {
  if (n < total) return jobEvent(n);
  return { event: 'complete', data: JSON.stringify({ n, message: `Done ✓ ${n - 1} items · ¡listo! 🎉`, done: n - 1 }) };
}

export interface ConnectionRecord {
  /** Decoded from the header's UTF-8 bytes; null without one. */
  lastEventId: string | null;
  startedAt: number;
  closedAt: number | null;
}

export type DropKind = 'clean' | 'abrupt' | 'mid-event';

const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' };

export class ChaosJob {
  readonly url: string;
  readonly connections: ConnectionRecord[] = [];
  /** The most responses open at once while the job ran (a request after its end is answered and closed). */
  peakOpen = 0;
  /** When the last event was published. */
  endedAt: number | null = null;
  readonly #open = new Set<ServerResponse>();
  #published = 0;

  constructor(
    readonly id: string,
    readonly total: number,
    readonly unicodeIds: boolean,
  ) {
    this.url = `/jobs/${id}/events`;
  }

  get published(): number {
    return this.#published;
  }

  get openCount(): number {
    return this.#open.size;
  }

  get ended(): boolean {
    return this.#published === this.total;
  }

  idOf(n: number): string {
    return jobId(n, 1, this.unicodeIds);
  }

  #text(n: number): string {
    const { event, data } = chaosEvent(n, this.total);
    return `event: ${event}\nid: ${this.idOf(n)}\ndata: ${data}\n\n`;
  }

  /** Publishes the next `count` events (fewer at the end of the job). */
  publish(count = 1): void {
    for (let i = 0; i < count && !this.ended; i++) {
      this.#published += 1;
      if (this.ended) this.endedAt = Date.now();
      const text = this.#text(this.#published);
      for (const res of this.#open) {
        res.write(text);
        if (this.ended) res.end();
      }
    }
  }

  /** Ends every open response: the clients reconnect with their Last-Event-ID. */
  drop(kind: DropKind): void {
    for (const res of this.#open) {
      if (kind === 'clean') {
        res.end();
      } else {
        // Half of the next event (its id line included) goes out first: an event cut short is
        // never dispatched, and its id must not become the resume point.
        if (kind === 'mid-event' && !this.ended) res.write(this.#text(this.#published + 1).slice(0, 40));
        res.destroy();
      }
      this.#open.delete(res);
    }
  }

  serve(req: IncomingMessage, res: ServerResponse): void {
    const header = req.headers['last-event-id'];
    const lastEventId = typeof header === 'string' ? Buffer.from(header, 'latin1').toString('utf8') : null;
    const record: ConnectionRecord = { lastEventId, startedAt: Date.now(), closedAt: null };
    this.connections.push(record);
    const from = lastEventId === null ? 0 : (parseJobId(lastEventId)?.n ?? 0);
    res.writeHead(200, SSE_HEADERS);
    res.write(': connected\n\n');
    for (let n = from + 1; n <= this.#published; n++) res.write(this.#text(n));
    res.on('close', () => {
      record.closedAt = Date.now();
      this.#open.delete(res);
    });
    if (this.ended) {
      res.end();
      return;
    }
    this.#open.add(res);
    this.peakOpen = Math.max(this.peakOpen, this.#open.size);
  }
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>shared chaos tab</title>
<script src="/dist/progress-stream.iife.js"></script>
</head>
<body>
<script>
  const params = new URLSearchParams(location.search);
  const mapping = ${JSON.stringify(JSON.stringify(chaosMapping))};
  // Every message a client delivers, by client: what the shared stream delivered to each
  // element, as a 'message' listener sees it (the reducer drops replayed ids on its own, so its
  // state cannot tell). A client builds message events only once someone listens, so each
  // client gets a listener when it first connects.
  const { StreamClient } = window.ProgressStream;
  const connect = StreamClient.prototype.connect;
  StreamClient.prototype.connect = function (...args) {
    if (this.delivered === undefined) {
      this.delivered = [];
      this.addEventListener('message', (event) => this.delivered.push(event.detail.id ?? null));
    }
    return connect.apply(this, args);
  };
  window.start = () => {
    for (let i = 0; i < Number(params.get('n') ?? 1); i++) {
      const el = document.createElement('progress-stream');
      el.setAttribute('src', params.get('src'));
      el.setAttribute('mapping', mapping);
      el.setAttribute('feed-limit', '1000');
      // Quick reconnections after a dropped connection: the test waits for them.
      el.setAttribute('retry-delay', '20');
      el.setAttribute('max-retry-delay', '200');
      if (!params.has('unshared')) el.setAttribute('shared', '');
      document.body.append(el);
    }
  };
  window.report = () =>
    [...document.querySelectorAll('progress-stream')].map((el) => {
      const s = el.state;
      return {
        src: el.getAttribute('src'),
        status: s.status,
        connection: el.client ? el.client.status : null,
        role: el.shareRole ?? null,
        applied: s.activity.map((entry) => entry.message),
        delivered: el.client?.delivered ?? [],
        state: s,
      };
    });
  if (!params.has('defer')) window.start();
</script>
</body>
</html>`;

export interface ChaosServer {
  origin: string;
  createJob(total: number, unicodeIds?: boolean): ChaosJob;
  /** The page of `elements` elements on `job`'s stream. */
  pageUrl(job: ChaosJob, elements: number, options?: { shared?: boolean; defer?: boolean }): string;
  close(): Promise<void>;
}

/** Starts the server. `root` is the repository (for dist/). */
export async function startChaosServer({ root }: { root: string }): Promise<ChaosServer> {
  const jobs = new Map<string, ChaosJob>();
  let nextJob = 1;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const stream = /^\/jobs\/([^/]+)\/events$/.exec(path);
    if (stream) {
      const job = jobs.get(stream[1] ?? '');
      if (job) job.serve(req, res);
      else res.writeHead(404).end();
    } else if (path === '/chaos.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE);
    } else if (path === '/dist/progress-stream.iife.js') {
      readFile(join(root, 'dist', 'progress-stream.iife.js')).then(
        (body) => res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body),
        () => res.writeHead(404).end('run npm run build first'),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin,
    createJob(total, unicodeIds = false) {
      const job = new ChaosJob(String(nextJob++), total, unicodeIds);
      jobs.set(job.id, job);
      return job;
    },
    pageUrl(job, elements, { shared = true, defer = false } = {}) {
      const query = new URLSearchParams({ src: job.url, n: String(elements) });
      if (!shared) query.set('unshared', '');
      if (defer) query.set('defer', '');
      return `${origin}/chaos.html?${query}`;
    },
    close() {
      for (const job of jobs.values()) job.drop('abrupt');
      server.closeAllConnections();
      return new Promise<void>((done) => server.close(() => done()));
    },
  };
}
