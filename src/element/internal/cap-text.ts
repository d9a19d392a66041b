// Render-time caps on server text. The mapping caps what it keeps in the state, but a function
// mapping, `push()` or a custom client can hand the element anything: a 1,000,000-character job
// key must not cost hundreds of milliseconds of layout on every frame. Defence in depth: cut
// here too, at a length no real label or message reaches.

/** Names: job keys, step labels, counter names. */
export const NAME_LIMIT = 200;
/** Sentences: messages, operations, failure reasons, feed lines. */
export const TEXT_LIMIT = 1000;

/** `text` cut to `limit` characters with an ellipsis, never splitting a surrogate pair. */
export function capText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

export const capName = (text: string): string => capText(text, NAME_LIMIT);
export const capMessage = (text: string): string => capText(text, TEXT_LIMIT);
