// Locations inside a mapping, written as JSON pointers (RFC 6901): `/events/progress/percent`.

/** Appends one key or index to a pointer, escaping `~` and `/` as the RFC requires. */
export function joinPointer(base: string, key: string | number): string {
  const text = String(key).replace(/~/g, '~0').replace(/\//g, '~1');
  return `${base}/${text}`;
}

/** Receives one problem found in a mapping. */
export type IssueSink = (pointer: string, message: string) => void;
