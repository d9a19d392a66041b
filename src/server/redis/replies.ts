// Reading Redis replies. Raw command replies differ between RESP2 (arrays) and RESP3 (maps,
// which node-redis gives as objects or Maps); script replies are arrays in both.

/** One Redis Streams entry: its id and its fields. */
export interface Entry {
  id: string;
  fields: Map<string, string>;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return String(value);
}

/** `[id, [field, value, ...]]` (or `{ id, message }` as some clients map it) → Entry. */
export function toEntry(raw: unknown): Entry {
  if (Array.isArray(raw)) {
    const [id, flat] = raw as [unknown, unknown];
    const fields = new Map<string, string>();
    if (Array.isArray(flat)) {
      for (let i = 0; i + 1 < flat.length; i += 2) fields.set(text(flat[i]), text(flat[i + 1]));
    }
    return { id: text(id), fields };
  }
  const object = raw as { id: unknown; message: Record<string, unknown> };
  return { id: text(object.id), fields: new Map(Object.entries(object.message).map(([k, v]) => [k, text(v)])) };
}

export function toEntries(raw: unknown): Entry[] {
  return Array.isArray(raw) ? raw.map(toEntry) : [];
}

/** An XREAD reply: per Redis key, its new entries. `null` (timeout, unblocked) → none. */
export function readReply(raw: unknown): Array<[string, Entry[]]> {
  if (raw === null || raw === undefined) return [];
  if (raw instanceof Map) return [...raw].map(([key, entries]) => [text(key), toEntries(entries)]);
  if (Array.isArray(raw)) {
    return raw.map((item) => {
      if (Array.isArray(item)) return [text(item[0]), toEntries(item[1])];
      const named = item as { name: unknown; messages: unknown };
      return [text(named.name), toEntries(named.messages)];
    });
  }
  return Object.entries(raw as Record<string, unknown>).map(([key, entries]) => [key, toEntries(entries)]);
}

export { text };
