// Serialisation of server-sent events, the inverse of the WHATWG "event stream interpretation":
// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
//
// A parser ends a line at CRLF, LF or CR, so a value that contains any of them could start a
// new field (`id`, `retry`, `event`...) or end the event early. Data is therefore split on all
// three and sent as one `data:` line per piece (the client joins them with LF again). Ids and
// event names have no such escape, so a line break (or NUL, which makes clients ignore an id)
// in them is rejected with a TypeError: sanitising would silently change the identity a client
// resumes from or the listener that receives the event. An id also travels back in the
// `Last-Event-ID` request header, which cannot carry leading or trailing spaces or tabs (fetch
// trims them), so such ids are rejected as well: they could never be resumed from.

import { timerDelay } from './timers.js';

const LINE_BREAK = /\r\n|\r|\n/;
const FORBIDDEN_IN_FIELD = /[\r\n\0]/;
const EDGE_WHITESPACE = /^[ \t]|[ \t]$/;

/** One event as it goes on the wire. */
export interface ServerSentEvent {
  /**
   * Event id; the client sends it back as `Last-Event-ID`. `''` clears the client's id. No CR,
   * LF or NUL, and no space or tab at either end.
   */
  id?: string;
  /** Event type; omitted (or `''`) means the client dispatches it as `message`. */
  event?: string;
  /**
   * Payload: a string is sent as is (its line breaks arrive as LF); anything else is sent as
   * JSON. Omitted, the frame has no data and the client dispatches nothing (an `id` or `retry`
   * in it still takes effect).
   */
  data?: unknown;
  /**
   * Reconnection delay in milliseconds for the client (a non-negative integer; values above
   * 2^31−1, which clients' timers cannot hold, are sent as 2^31−1).
   */
  retry?: number;
}

/**
 * The text of `data` on the wire: a string as is, anything else as JSON.
 * @throws TypeError when `data` has no JSON form (`undefined`, a function, a symbol).
 */
export function serializeData(data: unknown): string {
  if (typeof data === 'string') return data;
  const json = JSON.stringify(data) as string | undefined;
  if (json === undefined) {
    throw new TypeError(`progress-stream: event data must be a string or JSON-serialisable value, got ${typeof data}`);
  }
  return json;
}

/**
 * Checks that an id or event name can go on one line.
 * @throws TypeError when it contains CR, LF or NUL.
 */
export function assertFieldValue(field: 'id' | 'event', value: string): void {
  if (FORBIDDEN_IN_FIELD.test(value)) {
    throw new TypeError(`progress-stream: an event ${field} must not contain CR, LF or NUL: ${JSON.stringify(value)}`);
  }
}

/**
 * Checks that an id can go on one line and come back intact in a `Last-Event-ID` header.
 * @throws TypeError when it contains CR, LF or NUL, or starts or ends with a space or a tab.
 */
export function assertEventId(id: string): void {
  assertFieldValue('id', id);
  if (EDGE_WHITESPACE.test(id)) {
    throw new TypeError(
      `progress-stream: an event id must not start or end with a space or tab (the Last-Event-ID header loses them): ${JSON.stringify(id)}`,
    );
  }
}

/**
 * Formats one event, ending with the blank line that makes the client dispatch it.
 *
 * @example
 * formatEvent({ id: '7', event: 'progress', data: { percent: 40 } });
 * // 'id: 7\nevent: progress\ndata: {"percent":40}\n\n'
 * @throws TypeError for an id or event name with CR, LF or NUL, an id that starts or ends with a
 * space or tab, or data without a JSON form.
 * @throws RangeError for a `retry` that is not a non-negative integer.
 */
export function formatEvent(event: ServerSentEvent): string {
  let out = '';
  if (event.id !== undefined) {
    assertEventId(event.id);
    out += event.id === '' ? 'id:\n' : `id: ${event.id}\n`;
  }
  if (event.event !== undefined && event.event !== '') {
    assertFieldValue('event', event.event);
    out += `event: ${event.event}\n`;
  }
  if (event.retry !== undefined) out += formatRetryLine(event.retry);
  if (event.data !== undefined) {
    // One space after the colon always: the parser strips exactly one, so a value that starts
    // with a space keeps it.
    for (const line of serializeData(event.data).split(LINE_BREAK)) {
      out += line === '' ? 'data:\n' : `data: ${line}\n`;
    }
  }
  return `${out}\n`;
}

/**
 * Formats a comment (clients ignore it; any byte still resets their heartbeat timer). Each line
 * of `text` becomes its own comment line, so text cannot start a field.
 */
export function formatComment(text = ''): string {
  let out = '';
  for (const line of text.split(LINE_BREAK)) out += line === '' ? ':\n' : `: ${line}\n`;
  return `${out}\n`;
}

function formatRetryLine(ms: number): string {
  // Clients hand `retry` to a timer: above 2^31−1 it would overflow and retry at once.
  return `retry: ${timerDelay('retry', ms)}\n`;
}
