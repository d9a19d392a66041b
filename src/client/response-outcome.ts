import { EventStreamContentType } from '@microsoft/fetch-event-source';
import type { StreamErrorKind } from './types.js';

/** What a response means for the connection. */
export type ResponseOutcome =
  | { type: 'open' }
  /** 204: the server has nothing (more) to send. */
  | { type: 'done' }
  | { type: 'unauthorized' }
  | { type: 'retry'; status: number; message: string }
  | { type: 'fatal'; kind: StreamErrorKind; status: number; message: string };

/** True for `text/event-stream`, with or without parameters, in any letter case. */
export function isEventStream(contentType: string | null): boolean {
  if (contentType === null) return false;
  const semicolon = contentType.indexOf(';');
  const essence = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return essence === EventStreamContentType;
}

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
