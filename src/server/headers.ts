// Response headers of an event stream. Every one of them prevents a buffering surprise:
// - `no-cache`: intermediaries must not serve a stored copy of a live stream;
// - `no-transform`: proxies and compression middleware (Express `compression` checks it) must
//   not gzip the stream, which would hold events back until a compression block fills;
// - `X-Accel-Buffering: no`: nginx passes bytes on at once instead of buffering the response;
// - `Connection: keep-alive` only on HTTP/1.x: HTTP/2 and HTTP/3 forbid connection-specific
//   headers (Node's http2 module throws on it).

/** The headers of a `200` event-stream response. */
export function eventStreamHeaders(options: { http1: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  };
  if (options.http1) headers['connection'] = 'keep-alive';
  return headers;
}

/** Headers of the `503` sent when a connection cannot start: clients honour `Retry-After`. */
export const UNAVAILABLE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-cache',
  'retry-after': '1',
};
