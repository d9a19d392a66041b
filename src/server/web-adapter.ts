// Serves an event stream as a Web-standard Response whose body is a ReadableStream: the form
// Next.js route handlers, Hono, Deno and Bun expect. Backpressure comes from the stream's queue:
// once it holds `HIGH_WATER_MARK` bytes the subscription waits for `pull`, which the runtime
// calls as the reader takes bytes. A disconnect shows up as the body being cancelled or the
// request's signal aborting, depending on the runtime; both are handled. `Last-Event-ID` is
// decoded from the UTF-8 bytes the client sent (see last-event-id.ts).

import type { EventStream } from './event-stream.js';
import { eventStreamHeaders, UNAVAILABLE_HEADERS } from './headers.js';
import { decodeLastEventId } from './last-event-id.js';
import type { ServeOptions } from './node-adapter.js';
import type { SubscriptionStart } from './subscription.js';

const HIGH_WATER_MARK = 16 * 1024;

/**
 * Serves `stream` as a `Response`. Resolves once the replay is read (with 200, 204 for a client
 * that has seen all of an ended stream, or 503 when the stream is closed or the broker failed:
 * `onError` is told, the promise does not reject). No `Connection` header: the runtime owns the connection, and HTTP/2
 * forbids it.
 */
export async function serveWeb(stream: EventStream, request?: Request, options: ServeOptions = {}): Promise<Response> {
  const signal = request?.signal;
  // The client has gone already: nothing to subscribe for (it would not read the answer).
  if (signal?.aborted === true) return new Response(null, { status: 503, headers: UNAVAILABLE_HEADERS });
  const header = request?.headers.get('last-event-id') ?? undefined;
  const lastEventId = options.lastEventId ?? (header === undefined || header === '' ? undefined : decodeLastEventId(header));
  const subscription = stream.subscribe(lastEventId);
  /** Set while the body is open: an abort ends it, in case the runtime still reads it. */
  let closeBody: (() => void) | undefined;
  const onAbort = (): void => {
    subscription.close('disconnected');
    closeBody?.();
  };
  const cleanup = (): void => {
    closeBody = undefined;
    signal?.removeEventListener('abort', onAbort);
  };
  signal?.addEventListener('abort', onAbort);

  let start: SubscriptionStart;
  try {
    start = await subscription.ready;
  } catch (error) {
    cleanup();
    stream.reportError(error);
    return new Response(null, { status: 503, headers: UNAVAILABLE_HEADERS });
  }
  if (start !== 'stream') {
    cleanup();
    return start === 'done'
      ? new Response(null, { status: 204, headers: { 'cache-control': 'no-cache' } })
      : new Response(null, { status: 503, headers: UNAVAILABLE_HEADERS });
  }

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        closeBody = () => {
          cleanup();
          controller.close();
        };
        subscription.attach({
          write(chunk) {
            controller.enqueue(chunk);
            return (controller.desiredSize ?? 0) > 0;
          },
          end() {
            cleanup();
            controller.close();
          },
          abort() {
            cleanup();
            controller.error(new Error('progress-stream: the reader fell too far behind'));
          },
        });
      },
      pull() {
        subscription.drained();
      },
      cancel() {
        cleanup();
        subscription.close('disconnected');
      },
    },
    { highWaterMark: HIGH_WATER_MARK, size: (chunk) => chunk.byteLength },
  );
  return new Response(body, { status: 200, headers: eventStreamHeaders({ http1: false }) });
}
