// Where a stream keeps its recent events so that a client reconnecting with `Last-Event-ID`
// gets exactly the events it missed. The interface is small so that a store shared by several
// server instances (Redis streams, a database table) can replace the in-memory default.

/** An event to keep: `data` is already serialised. */
export interface EventToStore {
  /** A caller-chosen id (unique within the stream); omitted, the store assigns one. */
  id?: string;
  event?: string;
  data: string;
}

/** An event as kept by a store: it always has an id. */
export interface StoredEvent {
  id: string;
  event?: string;
  data: string;
}

/**
 * What a store knows about a `Last-Event-ID`:
 * - `ok`: the events after it, oldest first (none when the client is up to date);
 * - `expired`: the id was issued by this store but the event has been evicted (too old);
 * - `unknown`: the store never issued it, or cannot tell it from an expired one.
 */
export type ReplayResult =
  | {
      readonly status: 'ok';
      readonly events: readonly StoredEvent[];
      /** The stream has ended: `events` end with its terminal event (if it had one). Set by brokers. */
      readonly ended?: boolean;
    }
  | { readonly status: 'expired' | 'unknown' };

type MaybePromise<T> = T | Promise<T>;

/**
 * Storage of the replay buffer of many streams, each named by a key. Methods may answer
 * synchronously or with a promise; an event stream calls them one at a time per stream, in
 * publish order.
 */
export interface ReplayStore {
  /** Keeps an event (evicting the oldest when full) and returns it with its id. */
  append(key: string, event: EventToStore): MaybePromise<StoredEvent>;
  /**
   * The events after `lastEventId` (all of them), or every event still kept when `lastEventId`
   * is `undefined` (a client starting from scratch). Called when a client connects, and again
   * whenever a replaying connection has room for more, so it should be cheap.
   */
  since(key: string, lastEventId: string | undefined): MaybePromise<ReplayResult>;
  /** Forgets a stream (called when a hub drops it). Optional: a shared store may expire keys itself. */
  discard?(key: string): MaybePromise<void>;
}

/** Options of {@link MemoryReplayStore}. */
export interface MemoryReplayStoreOptions {
  /** Events kept per stream; the oldest are evicted first. Default 1000. */
  capacity?: number;
  /**
   * Bytes kept per stream (UTF-8 size of the data, id and event name of each event); the oldest
   * events are evicted first, but the newest event is always kept. Default 4 MiB.
   */
  maxBytes?: number;
}

const DEFAULT_CAPACITY = 1000;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

interface Entry {
  seq: number;
  event: StoredEvent;
  bytes: number;
}

/** UTF-8 length of a string, without encoding it. */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    // Two UTF-16 units of a surrogate pair make 4 bytes: 2 each (a lone one, sent as U+FFFD in
    // 3 bytes, is counted 2: close enough for a bound).
    if (code >= 0xd800 && code <= 0xdfff) bytes += 1;
    else bytes += code >= 0x800 ? 2 : 1;
  }
  return bytes;
}

function sizeOf(event: StoredEvent): number {
  return utf8Length(event.data) + utf8Length(event.id) + (event.event === undefined ? 0 : utf8Length(event.event));
}

/** One stream's ring of recent events. */
interface Ring {
  /**
   * Random per ring, in every id the ring assigns: after a restart (or a stream dropped and
   * created again) counting starts over, and an old client's `7` must not be mistaken for the
   * new stream's `7`.
   */
  epoch: string;
  nextSeq: number;
  entries: Entry[];
  seqById: Map<string, number>;
  /** Sum of the entries' sizes. */
  bytes: number;
}

/**
 * The default {@link ReplayStore}: a bounded buffer per stream in this process's memory. Ids it
 * assigns look like `k3v9qa-12` (a random prefix per stream, then a counter). Memory is bounded
 * per stream by `capacity` events and by `maxBytes` (a single larger event is still kept, alone),
 * and by the number of streams: call `discard` (a hub does it for you) when a stream is no longer
 * needed.
 */
export class MemoryReplayStore implements ReplayStore {
  readonly capacity: number;
  readonly maxBytes: number;
  readonly #rings = new Map<string, Ring>();

  constructor(options: MemoryReplayStoreOptions = {}) {
    this.capacity = positiveInteger('capacity', options.capacity ?? DEFAULT_CAPACITY);
    this.maxBytes = positiveInteger('maxBytes', options.maxBytes ?? DEFAULT_MAX_BYTES);
  }

  /** @throws TypeError when a caller-chosen id is already kept for this stream. */
  append(key: string, event: EventToStore): StoredEvent {
    const ring = this.#ring(key);
    const seq = ring.nextSeq;
    const id = event.id ?? `${ring.epoch}-${seq}`;
    if (ring.seqById.has(id)) {
      throw new TypeError(`progress-stream: event id ${JSON.stringify(id)} is already in use in stream ${JSON.stringify(key)}`);
    }
    ring.nextSeq = seq + 1;
    const stored: StoredEvent = event.event === undefined ? { id, data: event.data } : { id, event: event.event, data: event.data };
    const bytes = sizeOf(stored);
    ring.entries.push({ seq, event: stored, bytes });
    ring.seqById.set(id, seq);
    ring.bytes += bytes;
    while (ring.entries.length > this.capacity || (ring.bytes > this.maxBytes && ring.entries.length > 1)) {
      const evicted = ring.entries.shift();
      if (evicted === undefined) break;
      ring.seqById.delete(evicted.event.id);
      ring.bytes -= evicted.bytes;
    }
    return stored;
  }

  since(key: string, lastEventId: string | undefined): ReplayResult {
    const ring = this.#rings.get(key);
    const entries = ring?.entries ?? [];
    if (lastEventId === undefined) return { status: 'ok', events: entries.map((e) => e.event) };
    const seq = ring?.seqById.get(lastEventId);
    if (ring === undefined || seq === undefined) {
      return { status: ring !== undefined && this.#wasEvicted(ring, lastEventId) ? 'expired' : 'unknown' };
    }
    const first = entries[0]?.seq ?? seq + 1;
    return { status: 'ok', events: entries.slice(seq - first + 1).map((e) => e.event) };
  }

  discard(key: string): void {
    this.#rings.delete(key);
  }

  /** Number of events kept for a stream. */
  size(key: string): number {
    return this.#rings.get(key)?.entries.length ?? 0;
  }

  /** Bytes kept for a stream, as counted against `maxBytes`. */
  byteSize(key: string): number {
    return this.#rings.get(key)?.bytes ?? 0;
  }

  /** An id this ring assigned itself, older than anything it still keeps. */
  #wasEvicted(ring: Ring, id: string): boolean {
    const prefix = `${ring.epoch}-`;
    if (!id.startsWith(prefix)) return false;
    const digits = id.slice(prefix.length);
    if (!/^[1-9][0-9]*$/.test(digits)) return false;
    const seq = Number(digits);
    const oldest = ring.entries[0]?.seq ?? ring.nextSeq;
    return seq < oldest;
  }

  #ring(key: string): Ring {
    let ring = this.#rings.get(key);
    if (ring === undefined) {
      ring = { epoch: Math.random().toString(36).slice(2, 8).padEnd(6, '0'), nextSeq: 1, entries: [], seqById: new Map(), bytes: 0 };
      this.#rings.set(key, ring);
    }
    return ring;
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`progress-stream: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
