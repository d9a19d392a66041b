// Loaded only by clients with `headers` (see caller-requests.ts).
import { unsendable } from './header-text.js';
import type { HeaderValues } from './types.js';

/**
 * The headers a caller gave cannot be sent (an invalid name, a value with a line break, NUL or a
 * character above U+00FF). Its message names the header but never repeats the value: values
 * are where tokens live.
 */
export class InvalidHeaderError extends Error {
  override name = 'InvalidHeaderError';
}

/** A request's headers, and which of them came from the caller (lower-case names). */
export interface RequestHeaders {
  headers: Headers;
  callerNames: readonly string[];
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * Control characters other than tab. `Headers` lets most of them through, but HTTP forbids them
 * and Node's fetch then rejects the request, which would pass for a network error, retried.
 */
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F]/;

/**
 * The caller's headers as name/value pairs. `undefined`/`null` (a headers function that returned
 * nothing) means none, and so does an `undefined`/`null` value in a record: sending the text
 * "undefined" would be wrong in a way no server reports.
 */
function callerPairs(provided: HeaderValues | null | undefined): Array<[string, string]> {
  if (provided === undefined || provided === null) return [];
  if (provided instanceof Headers) return [...provided];
  if (Array.isArray(provided)) {
    return provided.map((pair) => {
      if (!Array.isArray(pair) || pair.length !== 2) throw new InvalidHeaderError('Header lists must hold [name, value] pairs');
      return [String(pair[0]), String(pair[1])];
    });
  }
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(provided)) if (value !== undefined && value !== null) pairs.push([name, String(value)]);
  return pairs;
}

function append(headers: Headers, name: string, value: string, strict: boolean): void {
  if (!TOKEN.test(name)) throw new InvalidHeaderError('A header name is not a valid HTTP token');
  try {
    if (strict && CONTROL.test(value)) throw new TypeError('control character');
    headers.append(name, value);
  } catch {
    throw new InvalidHeaderError(unsendable(name));
  }
}

/**
 * Builds a request's headers: the caller's, then the client's own (`ownHeaders`, which replace
 * a caller header of the same name). Throws `InvalidHeaderError` when they cannot be sent.
 */
export function buildRequestHeaders(provided: HeaderValues | null | undefined, ownHeaders: Record<string, string>): RequestHeaders {
  const headers = new Headers();
  for (const [name, value] of callerPairs(provided)) append(headers, name, value, true);
  // The client's own values are left to `Headers` alone: an event id may hold controls that a
  // browser sends as native EventSource would (Node's fetch refuses them: a network error).
  for (const [name, value] of Object.entries(ownHeaders)) {
    headers.delete(name);
    append(headers, name, value, false);
  }
  const own = new Set(Object.keys(ownHeaders).map((name) => name.toLowerCase()));
  const callerNames = [...headers.keys()].filter((name) => !own.has(name));
  return { headers, callerNames };
}
