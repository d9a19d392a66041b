// What the broker tests run on: server instances (a hub behind a real node:http server on
// 127.0.0.1, serving either through handleNode or through the Web `Response` variant), SSE
// clients reading real HTTP responses, and raw sockets for readers that never read.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Readable, pipeline } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { EventStreamParser, type ParsedEvent } from '../../../../src/client/index.js';
import type { EventStream, EventStreamHub } from '../../../../src/server/index.js';
import { listen, readStream, type StreamReader, type TestHttpServer } from '../helpers.js';

/** How an instance serves a stream: `handleNode`, or `response()` piped to the node:http response. */
export type ServeMode = 'node' | 'web';

/**
 * How the route finds its stream: `find` answers 404 for keys no process published (the
 * multi-instance route); `stream` serves any key (`hub.stream`), as a route that creates on demand.
 */
export type RouteMode = 'find' | 'stream';

export interface Instance {
  readonly hub: EventStreamHub;
  readonly port: number;
  /** The events URL of `key` on this instance. */
  url(key: string): string;
  close(): Promise<void>;
}

/** Serves `stream` as a Web `Response`, written to the node:http response with backpressure. */
async function serveWeb(stream: EventStream, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const response = await stream.response(new Request(`http://127.0.0.1${req.url ?? '/'}`, { headers, signal: controller.signal }));
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body === null) {
    res.end();
    return;
  }
  res.flushHeaders();
  // An errored body (a dropped slow reader) destroys the socket, as handleNode does.
  pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res, () => undefined);
}

/** A hub served on a free port of 127.0.0.1 at `/events/<key>`. */
export async function startInstance(hub: EventStreamHub, serve: ServeMode, route: RouteMode = 'find'): Promise<Instance> {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const key = decodeURIComponent((req.url ?? '').replace(/^\/events\//, ''));
    // As the README's route: `find` rejects while Redis is unreachable (this instance's connection
    // may still be coming back after a restart), and the client is told to retry.
    const stream = route === 'find' ? await hub.find(key).catch(() => null) : hub.stream(key);
    if (stream === null) {
      res.writeHead(503, { 'retry-after': '1' }).end();
      return;
    }
    if (stream === undefined) {
      res.writeHead(404).end();
      return;
    }
    if (serve === 'node') await stream.handleNode(req, res);
    else await serveWeb(stream, req, res);
  };
  const server: TestHttpServer = await listen((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return {
    hub,
    port: server.port,
    url: (key) => `http://127.0.0.1:${server.port}/events/${encodeURIComponent(key)}`,
    close: async () => {
      await hub.close();
      await server.close();
    },
  };
}

export interface SseClient {
  readonly status: number;
  readonly reader: StreamReader;
  /** Ids of the received events that have one (the reset event carries an empty id). */
  ids(): string[];
  /** The reset events received: their data. */
  resets(): Array<{ reason: string; lastEventId: string }>;
  close(): void;
}

/** Opens an SSE request with fetch and reads its body in the background. */
export async function openSse(url: string, lastEventId?: string): Promise<SseClient> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const response = await fetch(url, { headers, signal: controller.signal });
  const reader = readStream(response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() }));
  const isReset = (event: ParsedEvent): boolean => event.type === 'reset';
  return {
    status: response.status,
    reader,
    ids: () => reader.events.filter((e) => !isReset(e)).map((e) => e.lastEventId),
    resets: () => reader.events.filter(isReset).map((e) => JSON.parse(e.data) as { reason: string; lastEventId: string }),
    close: () => controller.abort(),
  };
}

/** A raw HTTP/1.0 SSE request on a socket: for readers that stop reading, and for many idle clients. */
export interface RawClient {
  readonly socket: Socket;
  /** Complete events parsed from what was read so far. */
  readonly events: ParsedEvent[];
  /** Bytes received (headers included). */
  received(): number;
  /** Settles when the socket closes. */
  readonly closed: Promise<void>;
}

export function openRaw(port: number, path: string, options: { lastEventId?: string; paused?: boolean } = {}): RawClient {
  const socket = connect(port, '127.0.0.1');
  const events: ParsedEvent[] = [];
  const parser = new EventStreamParser({ onEvent: (event) => events.push(event) });
  let received = 0;
  let head = '';
  let inBody = false;
  socket.on('data', (chunk: Buffer) => {
    received += chunk.byteLength;
    if (inBody) return parser.pushBytes(chunk);
    head += chunk.toString('latin1');
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    inBody = true;
    parser.pushBytes(Buffer.from(head.slice(end + 4), 'latin1'));
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  const lastId = options.lastEventId === undefined ? '' : `last-event-id: ${options.lastEventId}\r\n`;
  // HTTP/1.0: the body comes unchunked, as the bytes the stream wrote, until the socket closes.
  socket.write(`GET ${path} HTTP/1.0\r\nhost: 127.0.0.1\r\naccept: text/event-stream\r\n${lastId}\r\n`);
  if (options.paused === true) socket.pause();
  return { socket, events, received: () => received, closed };
}

/** A unique stream key per test, so tests sharing one Redis never meet. */
export function uniqueKey(name: string): string {
  return `${name}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Resolves after `ms` (a pause for the system under test, never an assertion). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
