// The Redis broker: event streams shared by every server instance and worker process that uses
// the same Redis. The log of a stream is a Redis Stream (XADD with MAXLEN ~, expiring after the
// stream ends or goes quiet), appends are one Lua script (epoch, sequence, entry and expiry
// together), resumes check that the client's entry is still in the log, and live events reach
// each process through one blocking read for all the keys it serves (stream-reader.ts).

import type { Broker, BrokerListener, BrokerWatch } from '../broker.js';
import type { EventToStore, ReplayResult, StoredEvent } from '../replay-store.js';
import { connectionOf, type RedisClientLike, type RedisConnection } from './connection.js';
import { isAfter, newEpoch, parseId } from './ids.js';
import { UnansweredAppends, type AppendMode } from './unanswered-appends.js';
import { toEntries, text } from './replies.js';
import { APPEND, POSITION, SINCE } from './scripts.js';
import { ScriptRunner } from './script-runner.js';
import { StreamReader, eventOf, type Position } from './stream-reader.js';

/** Options of {@link redisBroker}. */
export interface RedisBrokerOptions {
  /**
   * A connected node-redis (`redis` v5) or ioredis v5 client, used for commands. The broker
   * opens one more connection like it (`duplicate()`) for its blocking reads, and closes only
   * that one. Give the client an `error` listener: both libraries report socket errors there.
   */
  client: RedisClientLike;
  /** Prefix of the broker's Redis keys (`<prefix>{<key>}:log`, `…:meta`). Default `'progress-stream:'`. */
  prefix?: string;
  /** Events kept per stream for resume: `XADD MAXLEN ~` (Redis may keep a few more). Default 1000. */
  maxLength?: number;
  /** How long a stream stays in Redis after it ended (its clients can still fetch the end). Default 10 minutes. */
  endedTtlMs?: number;
  /** How long a stream that never ends stays after its last event (a crashed worker's job). Default 24 hours. */
  idleTtlMs?: number;
  /** How long one blocking read waits before it is sent again. Default 10 s. */
  blockMs?: number;
  /** Deadline of every other command; a publish that misses it rejects. Default 5 s. */
  commandTimeoutMs?: number;
}

const DEFAULTS = {
  prefix: 'progress-stream:',
  maxLength: 1000,
  endedTtlMs: 10 * 60_000,
  idleTtlMs: 24 * 60 * 60_000,
  blockMs: 10_000,
  commandTimeoutMs: 5_000,
} as const;

type Settings = Required<Omit<RedisBrokerOptions, 'client'>>;

function positive(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new RangeError(`progress-stream: redisBroker ${name} must be a whole number from 1 to ${max}, got ${value}`);
  }
  return value;
}

function settingsOf(options: RedisBrokerOptions): Settings {
  const prefix = options.prefix ?? DEFAULTS.prefix;
  if (typeof prefix !== 'string') throw new TypeError('progress-stream: redisBroker prefix must be a string');
  return {
    prefix,
    maxLength: positive('maxLength', options.maxLength ?? DEFAULTS.maxLength),
    endedTtlMs: positive('endedTtlMs', options.endedTtlMs ?? DEFAULTS.endedTtlMs),
    idleTtlMs: positive('idleTtlMs', options.idleTtlMs ?? DEFAULTS.idleTtlMs),
    // Node-redis and ioredis run a blocking read on their socket; keep it under a day.
    blockMs: positive('blockMs', options.blockMs ?? DEFAULTS.blockMs, 86_400_000),
    commandTimeoutMs: positive('commandTimeoutMs', options.commandTimeoutMs ?? DEFAULTS.commandTimeoutMs, 2 ** 31 - 1),
  };
}

function isEnded(error: unknown): boolean {
  return String((error as { message?: unknown } | null)?.message).includes('PSENDED');
}

/** The error a script returns for an append to an ended stream, as a TypeError like the memory broker's. */
function endedError(key: string, error: unknown): unknown {
  if (!isEnded(error)) return error;
  return new TypeError(`progress-stream: stream ${JSON.stringify(key)} has ended; nothing more can be published`);
}

function ownIdRefused(): TypeError {
  return new TypeError(
    'progress-stream: with redisBroker, event ids are assigned by Redis (so every instance agrees); publish without `id`',
  );
}

class RedisBroker implements Broker {
  readonly #settings: Settings;
  readonly #main: RedisConnection;
  readonly #scripts: ScriptRunner;
  readonly #reader: StreamReader;
  readonly #unanswered = new UnansweredAppends();

  constructor(options: RedisBrokerOptions) {
    this.#settings = settingsOf(options);
    this.#main = connectionOf(options.client);
    this.#scripts = new ScriptRunner(this.#main, this.#settings.commandTimeoutMs);
    this.#reader = new StreamReader({
      main: this.#main,
      logKey: (key) => this.#keys(key)[0],
      position: (key) => this.#position(key),
      blockMs: this.#settings.blockMs,
      commandTimeoutMs: this.#settings.commandTimeoutMs,
      readCount: 500,
    });
  }

  /** Keys in the blocking read: for tests and metrics. */
  get watchedKeys(): number {
    return this.#reader.size;
  }

  append(key: string, event: EventToStore): Promise<StoredEvent> {
    if (event.id !== undefined) return Promise.reject(ownIdRefused());
    return this.#append(key, 'event', event).then((stored) => stored as StoredEvent);
  }

  end(key: string, terminal: EventToStore | undefined): Promise<StoredEvent | undefined> {
    if (terminal?.id !== undefined) return Promise.reject(ownIdRefused());
    return this.#append(key, terminal === undefined ? 'end' : 'end-event', terminal);
  }

  async since(key: string, lastEventId: string | undefined): Promise<ReplayResult> {
    const parsed = lastEventId === undefined ? undefined : parseId(lastEventId);
    if (lastEventId !== undefined && parsed === undefined) return { status: 'unknown' };
    const reply = (await this.#scripts.run(SINCE, this.#keys(key), [parsed?.epoch ?? '', parsed?.entry ?? ''])) as unknown[];
    const status = text(reply[0]);
    if (status !== 'ok') return { status: status === 'expired' ? 'expired' : 'unknown' };
    const events: StoredEvent[] = [];
    for (const entry of toEntries(reply[2])) {
      const event = eventOf(entry);
      if (event !== undefined) events.push(this.#reader.shared(key, event, entry.id));
    }
    return Number(reply[1]) === 1 ? { status: 'ok', events, ended: true } : { status: 'ok', events };
  }

  watch(key: string, listener: BrokerListener): BrokerWatch {
    return this.#reader.watch(key, listener);
  }

  async exists(key: string): Promise<boolean> {
    const [, meta] = this.#keys(key);
    return Number(await this.#main.command(['EXISTS', meta], this.#settings.commandTimeoutMs)) === 1;
  }

  isAfter(id: string, than: string): boolean | undefined {
    return isAfter(id, than);
  }

  /** Other instances may still serve the key: its events stay until they expire. */
  release(): void {}

  async discard(key: string): Promise<void> {
    await this.#main.command(['DEL', ...this.#keys(key)], this.#settings.commandTimeoutMs);
  }

  /** Closes the broker's blocking-read connection (not the client it was given). */
  close(): void {
    this.#reader.close();
  }

  async #append(key: string, mode: AppendMode, event: EventToStore | undefined): Promise<StoredEvent | undefined> {
    const { maxLength, idleTtlMs, endedTtlMs } = this.#settings;
    const name = event?.event ?? '';
    const data = event?.data ?? '';
    const token = this.#unanswered.tokenFor(key, mode, name, data);
    const args = [newEpoch(), String(maxLength), String(idleTtlMs), String(endedTtlMs), mode, name, data, token];
    let reply: unknown[];
    try {
      reply = (await this.#scripts.run(APPEND, this.#keys(key), args)) as unknown[];
    } catch (error) {
      if (!isEnded(error)) this.#unanswered.remember(key, { token, mode, name, data });
      throw endedError(key, error);
    }
    if (event === undefined) return undefined;
    const id = `${text(reply[0])}-${text(reply[1])}`;
    return event.event === undefined ? { id, data: event.data } : { id, event: event.event, data: event.data };
  }

  async #position(key: string): Promise<Position> {
    const reply = (await this.#scripts.run(POSITION, this.#keys(key), [])) as unknown[];
    return { epoch: text(reply[0]), entry: text(reply[1]), seq: Number(text(reply[2])) };
  }

  /** The log and meta keys of a stream, in one hash slot (Redis Cluster). */
  #keys(key: string): [string, string] {
    const base = `${this.#settings.prefix}{${key}}`;
    return [`${base}:log`, `${base}:meta`];
  }
}

/**
 * A broker that shares event streams through Redis between server instances and worker
 * processes: `createEventStreamHub({ broker: redisBroker({ client }) })`. Any process publishes,
 * every instance's clients get the event once, in order, and resume on any instance.
 */
export function redisBroker(options: RedisBrokerOptions): Broker & { readonly watchedKeys: number; close(): void } {
  return new RedisBroker(options);
}
