// The `Last-Event-ID` request header, read the way the client writes it.
//
// HTTP header values are bytes. Browsers' `EventSource` (and `StreamClient`) send the id as
// its UTF-8 bytes; Node's http module and Web `Headers` hand each byte back as one character
// (a Latin-1 reading), so `étape-2` arrives as `Ã©tape-2`. Left like that, the id matches
// nothing in the replay buffer and every reconnect gets a `reset` and the whole buffer again.
// The bytes are therefore decoded as UTF-8; when they are not valid UTF-8 (an old client that
// sent the id as raw Latin-1), the Latin-1 reading is kept, which is what that client meant.

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Any character outside ASCII: only then is there something to decode. */
const NON_ASCII = /[^\0-\x7f]/;
/** A character that cannot be a byte: the value did not come from the wire as bytes. */
const NOT_A_BYTE = /[^\0-\xff]/;

/**
 * The id a client meant, from a `Last-Event-ID` header value as node:http or `Headers` give it.
 * Pure-ASCII values are returned as they are.
 */
export function decodeLastEventId(headerValue: string): string {
  if (!NON_ASCII.test(headerValue) || NOT_A_BYTE.test(headerValue)) return headerValue;
  const bytes = new Uint8Array(headerValue.length);
  for (let i = 0; i < headerValue.length; i++) bytes[i] = headerValue.charCodeAt(i);
  try {
    return utf8.decode(bytes);
  } catch {
    return headerValue;
  }
}
