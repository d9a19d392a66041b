// Many event streams, one per key (a job id, a channel name), sharing options and a replay
// store. An ended stream stays for `endedRetentionMs` so that clients that were away when it
// ended can still fetch its end; then it is dropped, so finished jobs do not pile up in memory.
//
// A stream that only ever had subscribers (a route doing `hub.stream(id)` for whatever id a
// client asks) is dropped as soon as its last connection leaves: it has no history to keep, and
// keeping it would let anyone fill the server's memory with made-up ids. Whoever still holds it
// can publish to it later: the hub then takes it back under its key.

import type { Broker } from './broker.js';
import { EventStream, brokerOf, type EventStreamOptions, type StreamLifecycle } from './event-stream.js';
import { timerDelay } from './timers.js';

const DEFAULT_ENDED_RETENTION_MS = 5 * 60_000;
/** How long a stream found in the broker may wait for its first connection before it is dropped. */
const UNSERVED_CHECK_MS = 10_000;

/** Options of a hub: those of its streams, and how long ended streams are kept. */
export interface EventStreamHubOptions extends Omit<EventStreamOptions, 'key'> {
  /**
   * How long an ended stream stays available before it is dropped. Default 5 minutes. Values
   * above 2^31−1 (what a timer can hold, about 24.8 days) are clamped to it.
   */
  endedRetentionMs?: number;
}

/**
 * Event streams by key.
 *
 * @example
 * const hub = createEventStreamHub({ retryMs: 2000 });
 * hub.stream(jobId).publish({ event: 'progress', data });
 * // in the route: 404 for jobs the hub does not know
 * const stream = hub.get(req.params.id);
 */
export class EventStreamHub {
  readonly #options: Omit<EventStreamHubOptions, 'endedRetentionMs'>;
  readonly #broker: Broker;
  readonly #streams = new Map<string, EventStream>();
  readonly #expiry = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #endedRetentionMs: number;
  /** Streams that were published to or ended: they have a history and are never idle-dropped. */
  readonly #used = new WeakSet<EventStream>();
  readonly #lifecycle: StreamLifecycle = {
    used: (stream) => this.#adopt(stream),
    abandoned: (stream) => {
      if (this.#streams.get(stream.key) === stream) this.#streams.delete(stream.key);
    },
  };

  constructor(options: EventStreamHubOptions = {}) {
    const { endedRetentionMs, ...streamOptions } = options;
    this.#options = streamOptions;
    this.#endedRetentionMs = timerDelay('endedRetentionMs', endedRetentionMs ?? DEFAULT_ENDED_RETENTION_MS);
    this.#broker = brokerOf(options);
  }

  /** The stream of `key`, created on first use. */
  stream(key: string): EventStream {
    const existing = this.#streams.get(key);
    if (existing !== undefined) return existing;
    const { onEnd, ...options } = this.#options;
    const created = new EventStream(
      {
        ...options,
        key,
        broker: this.#broker,
        onEnd: (stream) => {
          this.#scheduleExpiry(stream, this.#endedRetentionMs);
          onEnd?.(stream);
        },
      },
      this.#lifecycle,
    );
    this.#streams.set(key, created);
    return created;
  }

  /** The stream of `key`, if it exists. */
  get(key: string): EventStream | undefined {
    return this.#streams.get(key);
  }

  /**
   * The stream of `key` if it has events anywhere: in this process, or in the broker (published
   * by another instance or a worker). `undefined` for a key nobody ever published to (answer 404),
   * without creating anything. With the memory broker this is `get` with a promise around it.
   */
  async find(key: string): Promise<EventStream | undefined> {
    const local = this.#streams.get(key);
    if (local !== undefined) return local;
    if (!(await this.#broker.exists(key))) return undefined;
    const found = this.stream(key);
    this.#dropIfUnserved(found);
    return found;
  }

  /** Whether a stream of `key` exists in this process (see `find` for every process). */
  has(key: string): boolean {
    return this.#streams.has(key);
  }

  /** Keys of the streams. */
  keys(): IterableIterator<string> {
    return this.#streams.keys();
  }

  /** Number of streams. */
  get size(): number {
    return this.#streams.size;
  }

  /**
   * Drops a stream: closes its connections (clients reconnect) and discards its events, in the
   * broker too (for every instance). Resolves with `false` when this process had no such stream.
   */
  async delete(key: string): Promise<boolean> {
    const stream = this.#drop(key);
    // Also without a stream here: another process may have published it.
    await this.#broker.discard?.(key);
    return stream !== undefined;
  }

  /**
   * Drops every stream of this process (on shutdown): connections close and clients resume
   * elsewhere. The memory broker forgets the events; a shared broker keeps them, and is closed
   * with its own `close()`.
   */
  async close(): Promise<void> {
    await Promise.all([...this.#streams.keys()].map((key) => this.#release(key)));
  }

  #drop(key: string): EventStream | undefined {
    const stream = this.#streams.get(key);
    if (stream === undefined) return undefined;
    this.#cancelExpiry(key);
    this.#streams.delete(key);
    stream.close();
    return stream;
  }

  /** This process no longer serves `key`; a shared broker keeps its events for the others. */
  async #release(key: string): Promise<void> {
    if (this.#drop(key) !== undefined) await this.#broker.release?.(key);
  }

  /**
   * A stream gets its first event. If it was idle-dropped meanwhile (its creator kept it), it
   * takes its key back, from a stream that has no history either: that one's clients reconnect
   * and find this one.
   */
  #adopt(stream: EventStream): void {
    this.#used.add(stream);
    const current = this.#streams.get(stream.key);
    if (current === stream) return;
    if (current !== undefined) {
      if (this.#used.has(current)) return;
      current.close();
    }
    this.#streams.set(stream.key, stream);
  }

  /**
   * A stream found in the broker is dropped when its last connection leaves; one that never gets
   * a connection (the request went away meanwhile) would stay: check it once, a little later.
   */
  #dropIfUnserved(stream: EventStream): void {
    const timer = setTimeout(() => {
      const unserved = stream.subscriberCount === 0 && !this.#used.has(stream) && !stream.ended;
      if (unserved && this.#streams.get(stream.key) === stream) {
        this.#streams.delete(stream.key);
        stream.close();
      }
    }, UNSERVED_CHECK_MS);
    (timer as { unref?: () => void }).unref?.();
  }

  #scheduleExpiry(stream: EventStream, ms: number): void {
    this.#cancelExpiry(stream.key);
    const timer = setTimeout(() => {
      this.#expiry.delete(stream.key);
      // Only the stream that ended: the key may have been dropped and used again meanwhile.
      if (this.#streams.get(stream.key) === stream) void this.#release(stream.key).catch(() => undefined);
    }, ms);
    // In Node, a pending expiry must not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
    this.#expiry.set(stream.key, timer);
  }

  #cancelExpiry(key: string): void {
    const timer = this.#expiry.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#expiry.delete(key);
  }
}

/** Creates a hub of event streams sharing `options`. */
export function createEventStreamHub(options?: EventStreamHubOptions): EventStreamHub {
  return new EventStreamHub(options);
}
