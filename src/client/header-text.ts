// What every request needs of header text, the caller's headers or not: the resume id as UTF-8
// bytes, and the message for a value that cannot be sent. (Checking the caller's headers is in
// request-headers.ts, loaded only for clients that have some.)

/**
 * Text as an HTTP header "ByteString": its UTF-8 bytes, one character per byte. This is what
 * browsers' native EventSource puts on the wire for `Last-Event-ID`, and what a server reading
 * header bytes as Latin-1 (Node's http, Web `Headers`) decodes back with UTF-8. Pure ASCII is
 * unchanged. (`Headers` itself refuses characters above U+00FF.)
 */
export function utf8ByteString(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let result = '';
  // In slices: spreading a huge id into one call would overflow the argument stack.
  for (let i = 0; i < bytes.length; i += 8192) result += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return result;
}

/** The `Last-Event-ID` header for `id`, as a ByteString (see `utf8ByteString`). */
export function lastEventIdHeader(id: string | undefined): Record<string, string> {
  return id === undefined ? {} : { 'last-event-id': utf8ByteString(id) };
}

/** Why a header cannot be sent. It names the header but never repeats the value: values are where tokens live. */
export const unsendable = (name: string): string =>
  `The value of the header "${name}" cannot be sent: it contains a line break or another control character, or a character above U+00FF`;
