// A tiny round-robin HTTP proxy on 127.0.0.1, as a load balancer without health checks: each
// request goes to the next upstream in turn, dead or alive. A refused upstream is a 502 (the
// client retries, as it does behind a real balancer during a deploy); a response is streamed
// through as it comes, and when its upstream dies mid-response the client's connection is cut,
// as a balancer does when a backend vanishes. It keeps a log of every request for the tests:
// which upstream answered, with which status, and which Last-Event-ID the client sent.
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  readonly name: string;
  readonly port: number;
}

export interface ProxiedRequest {
  path: string;
  upstream: string;
  lastEventId: string | undefined;
  /** Who asked: Chromium or Node's fetch. */
  userAgent: string;
  /** The upstream's status; 502 when it could not be reached. */
  status: number | undefined;
  /** `cut`: the upstream died mid-response and the client's connection was cut. */
  outcome: 'open' | 'complete' | 'refused' | 'cut' | 'client-left';
}

export interface Proxy {
  readonly origin: string;
  readonly log: readonly ProxiedRequest[];
  /** The upstream the next request goes to. */
  readonly next: string;
  close(): Promise<void>;
}

// Hop-by-hop headers belong to one connection, not to the message.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

export async function startProxy(upstreams: readonly Upstream[]): Promise<Proxy> {
  const log: ProxiedRequest[] = [];
  let turn = 0;

  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const upstream = upstreams[turn++ % upstreams.length]!;
    const header = req.headers['last-event-id'];
    const entry: ProxiedRequest = {
      path: req.url ?? '/',
      upstream: upstream.name,
      lastEventId: Array.isArray(header) ? header[0] : header,
      userAgent: req.headers['user-agent'] ?? '',
      status: undefined,
      outcome: 'open',
    };
    log.push(entry);
    const outgoing = request({
      host: '127.0.0.1',
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: endToEnd(req.headers),
      agent: false,
    });
    outgoing.on('response', (incoming) => {
      entry.status = incoming.statusCode;
      res.writeHead(incoming.statusCode ?? 502, endToEnd(incoming.headers));
      res.flushHeaders();
      incoming.on('data', (chunk: Buffer) => res.write(chunk));
      incoming.on('end', () => {
        if (entry.outcome === 'open') entry.outcome = 'complete';
        res.end();
      });
      incoming.on('error', () => undefined);
      incoming.on('close', () => {
        if (incoming.complete) return;
        if (entry.outcome === 'open') entry.outcome = 'cut';
        res.destroy();
      });
    });
    outgoing.on('error', () => {
      if (res.headersSent) {
        if (entry.outcome === 'open') entry.outcome = 'cut';
        res.destroy();
        return;
      }
      entry.status = 502;
      entry.outcome = 'refused';
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`upstream ${upstream.name} unreachable`);
    });
    res.on('close', () => {
      if (res.writableFinished) return;
      if (entry.outcome === 'open') entry.outcome = 'client-left';
      outgoing.destroy();
    });
    req.pipe(outgoing);
  };

  const server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    get next() {
      return upstreams[turn % upstreams.length]!.name;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
