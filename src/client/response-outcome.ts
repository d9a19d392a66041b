// Loaded by the first response that is not an event stream (see refusals.ts).
import { isEventStream } from './event-stream-type.js';
import type { StreamErrorKind } from './types.js';

/** What a response means for the connection. */
export type ResponseOutcome =
  | { type: 'open' }
  /** 204: the server has nothing (more) to send. */
  | { type: 'done' }
  | { type: 'unauthorized' }
  | { type: 'retry'; status: number; message: string }
  | { type: 'fatal'; kind: StreamErrorKind; status: number; message: string };

/**
 * Classifies a response. Unlike WHATWG EventSource, which gives up on anything but 200,
 * 5xx, 408 and 429 are retried: progress endpoints behind load balancers answer 502/503
 * during deploys, and a progress UI should ride that out.
 */
export function classifyResponse(response: Response): ResponseOutcome {
  const { status } = response;
  if (status === 200) {
    const contentType = response.headers.get('content-type');
    if (isEventStream(contentType)) return { type: 'open' };
    return {
      type: 'fatal',
      kind: 'content-type',
      status,
      message: `Expected a text/event-stream response, got ${contentType === null ? 'no content type' : JSON.stringify(contentType)}`,
    };
  }
  if (status === 204) return { type: 'done' };
  if (status === 401) return { type: 'unauthorized' };
  if (status === 403) return { type: 'fatal', kind: 'auth', status, message: 'The server refused access (HTTP 403)' };
  // Other 2xx, a final 3xx (fetch follows redirects, so one that stays is not a stream) and
  // other 4xx cannot be fixed by retrying.
  const message = `The server answered HTTP ${status || '0 (opaque redirect)'}`;
  return status >= 500 || status === 408 || status === 429
    ? { type: 'retry', status, message }
    : { type: 'fatal', kind: 'http', status, message };
}

/**
 * Parses a `Retry-After` header (delta seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined when it is absent or unreadable. The caller caps it (see `maxRetryDelayMs`).
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  // Number, not parseInt of a huge digit string: "99999999999999999999" is a big finite number.
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Every HTTP-date form starts with a day name; anything else ("-5", "1.5") is not one.
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
