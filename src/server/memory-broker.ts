// The default broker: the events of every stream in this process's memory (a ReplayStore, by
// default a MemoryReplayStore) and their fan-out to the streams of this process. Appends reach
// watchers synchronously when the store answers synchronously, so with the default store a
// client has an event in its queue when `publish` returns.

import type { Broker, BrokerListener, BrokerWatch } from './broker.js';
import { MemoryReplayStore, type EventToStore, type MemoryReplayStoreOptions, type ReplayStore, type StoredEvent } from './replay-store.js';
import { then, type MaybePromise } from './serial.js';

/** Options of {@link memoryBroker}. */
export interface MemoryBrokerOptions extends MemoryReplayStoreOptions {
  /** Where events are kept. Default: a {@link MemoryReplayStore} with `capacity` and `maxBytes`. */
  replay?: ReplayStore;
}

class MemoryBroker implements Broker {
  readonly #store: ReplayStore;
  readonly #watchers = new Map<string, Set<BrokerListener>>();
  readonly #ended = new Set<string>();

  constructor(store: ReplayStore) {
    this.#store = store;
  }

  append(key: string, event: EventToStore): MaybePromise<StoredEvent> {
    this.#assertOpen(key);
    return then(this.#store.append(key, event), (stored) => {
      for (const listener of this.#listeners(key)) listener.event(stored);
      return stored;
    });
  }

  end(key: string, terminal: EventToStore | undefined): MaybePromise<StoredEvent | undefined> {
    this.#assertOpen(key);
    const appended = terminal === undefined ? undefined : this.#store.append(key, terminal);
    return then(appended, (stored) => {
      this.#ended.add(key);
      for (const listener of this.#listeners(key)) {
        if (stored !== undefined) listener.event(stored);
        listener.ended();
      }
      return stored;
    });
  }

  since(key: string, lastEventId: string | undefined): ReturnType<Broker['since']> {
    return then(this.#store.since(key, lastEventId), (result) =>
      result.status === 'ok' && this.#ended.has(key) ? { ...result, ended: true } : result,
    );
  }

  watch(key: string, listener: BrokerListener): BrokerWatch {
    let listeners = this.#watchers.get(key);
    if (listeners === undefined) {
      listeners = new Set();
      this.#watchers.set(key, listeners);
    }
    listeners.add(listener);
    return {
      ready: undefined,
      stop: () => {
        listeners.delete(listener);
        if (listeners.size === 0 && this.#watchers.get(key) === listeners) this.#watchers.delete(key);
      },
    };
  }

  exists(key: string): MaybePromise<boolean> {
    if (this.#ended.has(key)) return true;
    if (this.#store instanceof MemoryReplayStore) return this.#store.size(key) > 0;
    return then(this.#store.since(key, undefined), (result) => result.status === 'ok' && result.events.length > 0);
  }

  release(key: string): MaybePromise<void> {
    return this.discard(key);
  }

  discard(key: string): MaybePromise<void> {
    this.#ended.delete(key);
    return this.#store.discard?.(key);
  }

  #assertOpen(key: string): void {
    if (this.#ended.has(key)) {
      throw new TypeError(`progress-stream: stream ${JSON.stringify(key)} has ended; nothing more can be published`);
    }
  }

  /** A copy: a listener may stop its watch while being told. */
  #listeners(key: string): BrokerListener[] {
    const listeners = this.#watchers.get(key);
    return listeners === undefined ? [] : [...listeners];
  }
}

/**
 * The default broker of streams and hubs: events in this process's memory, bounded per stream
 * by `capacity` events and `maxBytes` bytes (or kept in the `replay` store you give). Right for
 * one process; for several server instances, see `@progress-stream/core/server/redis`.
 */
export function memoryBroker(options: MemoryBrokerOptions = {}): Broker {
  const { replay, ...storeOptions } = options;
  return new MemoryBroker(replay ?? new MemoryReplayStore(storeOptions));
}
