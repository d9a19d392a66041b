/** The media type of an event stream (the Accept header, and what a response must be). */
export const EVENT_STREAM = 'text/event-stream';

/** True for `text/event-stream`, with or without parameters, in any letter case. */
export function isEventStream(contentType: string | null): boolean {
  if (contentType === null) return false;
  const semicolon = contentType.indexOf(';');
  const essence = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return essence === EVENT_STREAM;
}
