// Many event streams, one per key (a job id, a channel name), sharing options and a replay
// store. An ended stream stays for `endedRetentionMs` so that clients that were away when it
// ended can still fetch its end; then it is dropped, so finished jobs do not pile up in memory.
//
// A stream that only ever had subscribers (a route doing `hub.stream(id)` for whatever id a
// client asks) is dropped as soon as its last connection leaves: it has no history to keep, and
// keeping it would let anyone fill the server's memory with made-up ids. Whoever still holds it
// can publish to it later: the hub then takes it back under its key.

import { EventStream, defaultStore, type EventStreamOptions, type StreamLifecycle } from './event-stream.js';
import type { ReplayStore } from './replay-store.js';
import { timerDelay } from './timers.js';

const DEFAULT_ENDED_RETENTION_MS = 5 * 60_000;

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
  readonly #store: ReplayStore;
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
    this.#store = options.replay ?? defaultStore(options);
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
        replay: this.#store,
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

  /** Whether a stream of `key` exists. */
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
   * Drops a stream: closes its connections (clients reconnect) and discards its replay buffer.
   * Resolves with `false` when there was no such stream.
   */
  async delete(key: string): Promise<boolean> {
    const stream = this.#streams.get(key);
    if (stream === undefined) return false;
    this.#cancelExpiry(key);
    this.#streams.delete(key);
    stream.close();
    await this.#store.discard?.(key);
    return true;
  }

  /** Drops every stream (on shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.#streams.keys()].map((key) => this.delete(key)));
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

  #scheduleExpiry(stream: EventStream, ms: number): void {
    this.#cancelExpiry(stream.key);
    const timer = setTimeout(() => {
      this.#expiry.delete(stream.key);
      // Only the stream that ended: the key may have been dropped and used again meanwhile.
      if (this.#streams.get(stream.key) === stream) void this.delete(stream.key).catch(() => undefined);
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
