// A real SSE server on 127.0.0.1 for the session tests: every request is recorded (path and
// headers), and the test writes events to the open responses of a path when it wants to.
import type { ServerResponse } from 'node:http';
import { listen, until, type TestHttpServer } from '../server/helpers.js';

export interface RecordedRequest {
  path: string;
  lastEventId: string | undefined;
  authorization: string | undefined;
}

export interface SessionTestServer {
  origin: string;
  requests: RecordedRequest[];
  /** Requests to `path` so far. */
  count(path: string): number;
  /** Writes raw SSE text to every open response of `path`. */
  send(path: string, text: string): void;
  /** Ends every open response of `path` (a normal end: the client reconnects). */
  end(path: string): void;
  /** Resolves once `path` has `n` requests. */
  waitForRequests(path: string, n: number): Promise<void>;
  close(): Promise<void>;
}

/** Statuses to answer instead of a stream, per path, consumed one request at a time. */
export type Refusals = Map<string, number[]>;

export async function startSessionServer(refusals: Refusals = new Map()): Promise<SessionTestServer> {
  const requests: RecordedRequest[] = [];
  const open = new Map<string, Set<ServerResponse>>();
  const http: TestHttpServer = await listen((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const header = req.headers['last-event-id'];
    requests.push({ path, lastEventId: typeof header === 'string' ? header : undefined, authorization: req.headers.authorization });
    const refusal = refusals.get(path)?.shift();
    if (refusal !== undefined) {
      res.writeHead(refusal, { 'Content-Type': 'text/plain' }).end('no');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.write(': open\n\n');
    const set = open.get(path) ?? new Set<ServerResponse>();
    open.set(path, set);
    set.add(res);
    res.on('close', () => set.delete(res));
  });
  const count = (path: string): number => requests.filter((r) => r.path === path).length;
  return {
    origin: http.url.replace(/\/$/, ''),
    requests,
    count,
    send: (path, text) => {
      for (const res of open.get(path) ?? []) res.write(text);
    },
    end: (path) => {
      for (const res of open.get(path) ?? []) res.end();
    },
    waitForRequests: (path, n) => until(() => count(path) >= n, 5000, `${n} request(s) to ${path}`),
    close: () => http.close(),
  };
}

/** One step-percent event as SSE text. */
export function stepEvent(id: string, step: string, progress: number): string {
  return `id: ${id}\ndata: ${JSON.stringify({ step, progress, message: `${step} ${progress}` })}\n\n`;
}

export { until };
