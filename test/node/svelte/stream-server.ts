// A real SSE server on 127.0.0.1 for the Vue and Svelte adapter tests. Like the session tests'
// server (whose `stepEvent` it reuses) it records each request, and it also counts the
// responses still open per path, so a test can see the server notice a closed connection.
import type { ServerResponse } from 'node:http';
import { listen, until } from '../server/helpers.js';

export interface AdapterTestServer {
  origin: string;
  /** The Last-Event-ID of each request to `path`, in order (undefined when absent). */
  lastEventIds(path: string): (string | undefined)[];
  /** Responses of `path` that are still open (the client has not gone away). */
  open(path: string): number;
  /** Writes raw SSE text to every open response of `path`. */
  send(path: string, text: string): void;
  /** Resolves once `path` has had `n` requests and `openCount` of them are open. */
  waitFor(path: string, n: number, openCount: number): Promise<void>;
  close(): Promise<void>;
}

export async function startAdapterServer(): Promise<AdapterTestServer> {
  const requests = new Map<string, (string | undefined)[]>();
  const streams = new Map<string, Set<ServerResponse>>();
  const http = await listen((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const header = req.headers['last-event-id'];
    requests.set(path, [...(requests.get(path) ?? []), typeof header === 'string' ? header : undefined]);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.write(': open\n\n');
    const set = streams.get(path) ?? new Set<ServerResponse>();
    streams.set(path, set);
    set.add(res);
    res.on('close', () => set.delete(res));
  });
  const open = (path: string): number => streams.get(path)?.size ?? 0;
  const lastEventIds = (path: string): (string | undefined)[] => requests.get(path) ?? [];
  return {
    origin: http.url.replace(/\/$/, ''),
    lastEventIds,
    open,
    send: (path, text) => {
      for (const res of streams.get(path) ?? []) res.write(text);
    },
    waitFor: (path, n, openCount) =>
      until(() => lastEventIds(path).length === n && open(path) === openCount, 5000, `${n} request(s) to ${path}, ${openCount} open`),
    close: () => http.close(),
  };
}

export { stepEvent } from '../session/sse-server.js';
export { until };
