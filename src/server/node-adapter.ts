// Serves an event stream on a node:http response. The request and response are typed by the
// few members used, so the module needs no @types/node and accepts the objects Express, Koa
// (`ctx.req`/`ctx.res`) and Fastify (`request.raw`/`reply.raw`) hand out.

import type { EventStream } from './event-stream.js';
import { eventStreamHeaders, UNAVAILABLE_HEADERS } from './headers.js';
import { decodeLastEventId } from './last-event-id.js';
import type { Transport } from './subscription.js';

/** The parts of a `node:http` `IncomingMessage` that are read. */
export interface NodeRequestLike {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** 1 for HTTP/1.x; 2 for the http2 compatibility API (no `Connection` header then). */
  readonly httpVersionMajor?: number;
}

/** The parts of a `node:http` `ServerResponse` that are used. */
export interface NodeResponseLike {
  writeHead(statusCode: number, headers: Record<string, string>): unknown;
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  destroy(): unknown;
  on(event: 'close' | 'drain' | 'error', listener: () => void): unknown;
  off(event: 'close' | 'drain' | 'error', listener: () => void): unknown;
  flushHeaders?(): void;
  /** Added by compression middleware: pushes out what it holds. */
  flush?(): void;
  readonly headersSent?: boolean;
}

/** Options of `handleNode` and `response`. */
export interface ServeOptions {
  /**
   * The resume point, when the client passes it some other way than the `Last-Event-ID` header
   * (e.g. a query parameter on the first connection). Overrides the header.
   */
  lastEventId?: string;
}

/** The client's `Last-Event-ID`, decoded from the UTF-8 bytes it sent. */
function lastEventIdHeader(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : decodeLastEventId(first);
}

/**
 * Serves `stream` on a node:http response until the client leaves or the stream ends. Resolves
 * then, also when the broker failed (the client was answered 503; `onError` was told).
 */
export function serveNode(stream: EventStream, req: NodeRequestLike, res: NodeResponseLike, options: ServeOptions = {}): Promise<void> {
  const lastEventId = options.lastEventId ?? lastEventIdHeader(req.headers['last-event-id']);
  const subscription = stream.subscribe(lastEventId);
  return new Promise<void>((resolve) => {
    let done = false;
    const cleanup = (): void => {
      if (done) return;
      done = true;
      res.off('close', onClose);
      res.off('error', onClose);
      res.off('drain', onDrain);
      resolve();
    };
    // `close` before the end of the response means the client went away; `error` is a write
    // on a broken socket (it must have a listener, or it would crash the process).
    const onClose = (): void => {
      subscription.close('disconnected');
      cleanup();
    };
    const onDrain = (): void => subscription.drained();
    res.on('close', onClose);
    res.on('error', onClose);

    const answer = (status: number, headers: Readonly<Record<string, string>>): void => {
      if (!done && res.headersSent !== true) {
        res.writeHead(status, { ...headers });
        res.end();
      }
      cleanup();
    };

    subscription.ready.then(
      (start) => {
        if (done) return;
        if (start === 'done') return answer(204, { 'cache-control': 'no-cache' });
        if (start === 'closed') return answer(503, UNAVAILABLE_HEADERS);
        res.writeHead(200, eventStreamHeaders({ http1: (req.httpVersionMajor ?? 1) < 2 }));
        res.flushHeaders?.();
        res.on('drain', onDrain);
        const transport: Transport = {
          write(chunk) {
            const accepted = res.write(chunk);
            res.flush?.();
            return accepted;
          },
          end() {
            res.end();
            cleanup();
          },
          abort() {
            res.destroy();
            cleanup();
          },
        };
        subscription.attach(transport);
      },
      (error: unknown) => {
        answer(503, UNAVAILABLE_HEADERS);
        stream.reportError(error);
      },
    );
  });
}
