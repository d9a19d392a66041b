// The seam between event streams and where their events live. A broker appends events (giving
// them ids), answers resumes, and tells every process that watches a key about the events
// appended to it, by any process. The default keeps everything in this process's memory
// (memory-broker.ts); @progress-stream/core/server/redis shares it between server instances and
// worker processes through Redis. Small on purpose: a NATS JetStream or a Postgres table with
// LISTEN/NOTIFY fits behind the same five methods, and EventStream never changes for it.

import type { EventToStore, ReplayResult, StoredEvent } from './replay-store.js';
import type { MaybePromise } from './serial.js';

/** What a broker tells a process that watches a key. Calls come in append order. */
export interface BrokerListener {
  /** An event appended by any process (this one included). */
  event(event: StoredEvent): void;
  /** The stream ended (after its terminal event, if it had one). */
  ended(): void;
  /**
   * The broker can no longer guarantee that this watcher saw every event in order (the log was
   * recreated, trimmed past the watcher, or lost in a restart). The stream drops its
   * connections; clients reconnect and resume through `since`, which tells them the truth.
   */
  reset(): void;
}

/** A watch on one key, from {@link Broker.watch}. */
export interface BrokerWatch {
  /**
   * Settles once every event appended from now on will reach the listener. Replay reads wait
   * for it, so that an event appended between a replay read and the watch starting cannot fall
   * between the two. Rejects when the broker cannot watch (it is unreachable).
   */
  readonly ready: MaybePromise<void>;
  /** Stops the watch. */
  stop(): void;
}

/**
 * Where event streams keep their events and how they reach every process that serves a key.
 * Methods may answer synchronously or with a promise. A stream calls `append` and `end` one at a
 * time, in publish order; other processes may append to the same key meanwhile.
 */
export interface Broker {
  /**
   * Appends an event and returns it with its id; every watcher of `key` gets it.
   * Rejects (or throws a TypeError) when the stream has ended.
   */
  append(key: string, event: EventToStore): MaybePromise<StoredEvent>;
  /**
   * Ends the stream, with `terminal` as its last event when given. Watchers get the event, then
   * `ended()`; resumes from then on carry `ended: true`.
   */
  end(key: string, terminal: EventToStore | undefined): MaybePromise<StoredEvent | undefined>;
  /** The events after `lastEventId` (every event kept when `undefined`): see {@link ReplayResult}. */
  since(key: string, lastEventId: string | undefined): MaybePromise<ReplayResult>;
  /** Starts telling `listener` about the events appended to `key`. */
  watch(key: string, listener: BrokerListener): BrokerWatch;
  /** Whether anything was ever appended to `key` (and is still kept), in any process. */
  exists(key: string): MaybePromise<boolean>;
  /**
   * Whether event `id` came after event `than` in the same stream: `undefined` when the broker
   * cannot tell (ids it did not assign). Lets a connection skip an event that reaches it twice,
   * once through a replay read and once through a watch that lags behind it.
   */
  isAfter?(id: string, than: string): boolean | undefined;
  /**
   * This process no longer serves `key` (a hub dropped its ended or unused stream). A memory
   * broker forgets the events; a shared one keeps them for other processes (they expire there).
   */
  release?(key: string): MaybePromise<void>;
  /** Deletes the stream's events for every process (`hub.delete`). */
  discard?(key: string): MaybePromise<void>;
  /** Stops the broker's own connections and timers. */
  close?(): MaybePromise<void>;
}
