// Live events for every key this process serves, through ONE blocking read: an `XREAD BLOCK`
// over all watched keys on the broker's own connection, whatever the number of clients or
// jobs. A key that gains its first watcher joins the read at once (the pending read is
// interrupted with CLIENT UNBLOCK from the command connection); a key that loses its last one
// is simply left out of the next read. Keys nobody publishes to cost nothing beyond that read.
//
// Continuity is checked, not assumed: every entry carries its stream's epoch and sequence
// number, and a watch expects exactly the next one. Anything else (the log was trimmed past
// the reader, recreated after expiry, or lost in a Redis restart) resets the key's watchers,
// whose clients then resume through SINCE and get the truth (a reset event, the history).
//
// Faults: when Redis is unreachable the loop waits with a growing delay (no busy loop), keeps
// its per-key positions, and continues from them when Redis is back.

import type { BrokerListener, BrokerWatch } from '../broker.js';
import type { StoredEvent } from '../replay-store.js';
import { RedisUnavailableError, type RedisConnection } from './connection.js';
import { formatId } from './ids.js';
import { readReply, type Entry } from './replies.js';

/** Where a new watch starts: the last entry and its epoch and sequence number. */
export interface Position {
  epoch: string;
  entry: string;
  seq: number;
}

export interface StreamReaderOptions {
  /** The command connection (for positions and CLIENT UNBLOCK). */
  main: RedisConnection;
  logKey(key: string): string;
  position(key: string): Promise<Position>;
  blockMs: number;
  commandTimeoutMs: number;
  /** Entries read per key and round. */
  readCount: number;
}

interface KeyState {
  key: string;
  logKey: string;
  /** The last entry read. */
  entry: string;
  /** `''` while the stream does not exist. */
  epoch: string;
  seq: number;
  listeners: Set<BrokerListener>;
  /** Recent events by entry id: replay reads reuse them, so their frames are encoded once. */
  recent: Map<string, StoredEvent>;
}

const RECENT_LIMIT = 512;
const MAX_BACKOFF_MS = 2000;
const UNBLOCK_ATTEMPTS = 20;

/** The stored event of an entry (`undefined` for the end marker of a stream ended without one). */
export function eventOf(entry: Entry): StoredEvent | undefined {
  const data = entry.fields.get('d');
  if (data === undefined) return undefined;
  const id = formatId(entry.fields.get('p') ?? '', entry.id);
  const event = entry.fields.get('e');
  return event === undefined ? { id, data } : { id, event, data };
}

export class StreamReader {
  readonly #options: StreamReaderOptions;
  readonly #states = new Map<string, KeyState>();
  readonly #starting = new Map<string, Promise<KeyState>>();
  #connection: RedisConnection | undefined;
  #clientId: string | undefined;
  /** The keys of the read in flight. */
  #inFlight: ReadonlyMap<string, KeyState> | undefined;
  #wake: (() => void) | undefined;
  #running = false;
  #closed = false;

  constructor(options: StreamReaderOptions) {
    this.#options = options;
  }

  /** Number of keys in the blocking read (for tests and metrics). */
  get size(): number {
    return this.#states.size;
  }

  watch(key: string, listener: BrokerListener): BrokerWatch {
    let stopped = false;
    const stop = (): void => {
      stopped = true;
      const state = this.#states.get(key);
      if (state === undefined) return;
      state.listeners.delete(listener);
      if (state.listeners.size === 0) this.#states.delete(key);
    };
    const current = this.#states.get(key);
    if (current !== undefined) {
      current.listeners.add(listener);
      return { ready: undefined, stop };
    }
    const ready = this.#start(key).then((state) => {
      if (stopped || this.#closed) {
        if (state.listeners.size === 0 && this.#states.get(key) === state) this.#states.delete(key);
        return;
      }
      state.listeners.add(listener);
    });
    return { ready, stop };
  }

  /** A recent event object of `key`, for a replay read to share. */
  shared(key: string, event: StoredEvent, entryId: string): StoredEvent {
    const state = this.#states.get(key);
    const known = state?.recent.get(entryId);
    if (known !== undefined && known.data === event.data) return known;
    if (state !== undefined) remember(state, entryId, event);
    return event;
  }

  close(): void {
    this.#closed = true;
    this.#states.clear();
    this.#wake?.();
    this.#connection?.close();
    this.#connection = undefined;
  }

  #start(key: string): Promise<KeyState> {
    let starting = this.#starting.get(key);
    if (starting !== undefined) return starting;
    starting = this.#options.position(key).then((position) => {
      const existing = this.#states.get(key);
      if (existing !== undefined) return existing;
      const state: KeyState = {
        key,
        logKey: this.#options.logKey(key),
        entry: position.entry,
        epoch: position.epoch,
        seq: position.seq,
        listeners: new Set(),
        recent: new Map(),
      };
      if (!this.#closed) this.#states.set(key, state);
      this.#joined();
      return state;
    });
    this.#starting.set(key, starting);
    const forget = (): void => {
      if (this.#starting.get(key) === starting) this.#starting.delete(key);
    };
    starting.then(forget, forget);
    return starting;
  }

  /** A key joined: start the loop, or interrupt the read in flight that does not include it. */
  #joined(): void {
    if (!this.#running) {
      this.#running = true;
      void this.#run();
      return;
    }
    this.#wake?.();
    if (this.#inFlight !== undefined) void this.#unblock(this.#inFlight, 0);
  }

  async #unblock(read: ReadonlyMap<string, KeyState>, attempt: number): Promise<void> {
    const clientId = this.#clientId;
    if (clientId === undefined || this.#inFlight !== read) return;
    const unblocked = await this.#options.main.command(['CLIENT', 'UNBLOCK', clientId], this.#options.commandTimeoutMs).catch(() => 1);
    // 0: the read was sent but not yet blocking in Redis. Try again shortly, while it is the same read.
    if (Number(unblocked) === 0 && attempt < UNBLOCK_ATTEMPTS && this.#inFlight === read) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      await this.#unblock(read, attempt + 1);
    }
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#closed) {
      if (this.#states.size === 0) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
        continue;
      }
      try {
        await this.#readOnce();
        failures = 0;
      } catch {
        this.#inFlight = undefined;
        if (this.#closed) break;
        this.#clientId = undefined;
        failures += 1;
        await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_BACKOFF_MS, 25 * 2 ** failures)));
      }
    }
    this.#running = false;
  }

  async #readOnce(): Promise<void> {
    const connection = await this.#reader();
    const read = new Map<string, KeyState>([...this.#states.values()].map((state) => [state.logKey, state]));
    const states = [...read.values()];
    const { blockMs, commandTimeoutMs, readCount } = this.#options;
    this.#inFlight = read;
    const reply = await connection.command(
      [
        'XREAD',
        'COUNT',
        String(readCount),
        'BLOCK',
        String(blockMs),
        'STREAMS',
        ...states.map((s) => s.logKey),
        ...states.map((s) => s.entry),
      ],
      blockMs + commandTimeoutMs,
    );
    this.#inFlight = undefined;
    for (const [logKey, entries] of readReply(reply)) {
      const state = read.get(logKey);
      // Left, or reset and watched again meanwhile (from another position).
      if (state === undefined || this.#states.get(state.key) !== state) continue;
      for (const entry of entries) if (!this.#apply(state, entry)) break;
    }
  }

  async #reader(): Promise<RedisConnection> {
    if (this.#connection !== undefined && !this.#connection.ready) throw new RedisUnavailableError();
    if (this.#connection === undefined) {
      const connection = await this.#options.main.duplicate(this.#options.commandTimeoutMs);
      if (this.#closed) {
        connection.close();
        throw new RedisUnavailableError('progress-stream: the broker is closed');
      }
      this.#connection = connection;
    }
    this.#clientId ??= String(await this.#connection.command(['CLIENT', 'ID'], this.#options.commandTimeoutMs));
    return this.#connection;
  }

  /** One entry of a watched key; `false` when continuity was lost (the key was reset). */
  #apply(state: KeyState, entry: Entry): boolean {
    const epoch = entry.fields.get('p') ?? '';
    const seq = Number(entry.fields.get('s'));
    if ((state.epoch !== '' && epoch !== state.epoch) || seq !== state.seq + 1) {
      this.#reset(state);
      return false;
    }
    state.entry = entry.id;
    state.epoch = epoch;
    state.seq = seq;
    const event = eventOf(entry);
    const listeners = [...state.listeners];
    if (event !== undefined) {
      remember(state, entry.id, event);
      for (const listener of listeners) listener.event(event);
    }
    if (entry.fields.get('x') === '1') for (const listener of listeners) listener.ended();
    return true;
  }

  #reset(state: KeyState): void {
    if (this.#states.get(state.key) === state) this.#states.delete(state.key);
    for (const listener of [...state.listeners]) listener.reset();
    state.listeners.clear();
  }
}

function remember(state: KeyState, entryId: string, event: StoredEvent): void {
  state.recent.set(entryId, event);
  if (state.recent.size > RECENT_LIMIT) {
    const oldest = state.recent.keys().next();
    if (oldest.done !== true) state.recent.delete(oldest.value);
  }
}
