// One event stream (a job, a channel): publishing, the replay buffer, heartbeats and the end.
// Connections join through `subscribe` (or the node:http and Web adapters built on it).
//
// Resume rules, for a client that connects with a `Last-Event-ID`:
// - the id is in the replay buffer: it gets the events after it, then live events, each once;
// - the id is not (too old, or from before a restart): it gets a `reset` event (name
//   configurable) whose data says why, then the buffer from its start, as a client connecting
//   without an id does. The reset carries an empty `id:`, so if the connection drops before a
//   buffered event arrives, the client's next attempt starts from scratch instead of repeating
//   the unknown id.
// After `end()`, connections get what they missed (the terminal event included) and the response
// ends; a client that has already seen everything gets HTTP 204, which stops reconnecting.

import { formatComment, formatEvent, serializeData, assertFieldValue } from './format.js';
import { serveNode, type NodeRequestLike, type NodeResponseLike, type ServeOptions } from './node-adapter.js';
import { MemoryReplayStore, type EventToStore, type ReplayResult, type ReplayStore, type StoredEvent } from './replay-store.js';
import { Subscription, type CloseReason } from './subscription.js';
import { serveWeb } from './web-adapter.js';

const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_MAX_QUEUE_BYTES = 1024 * 1024;
const DEFAULT_RESET_EVENT = 'reset';

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(formatComment('keepalive'));

type MaybePromise<T> = T | Promise<T>;

/** An event to publish. */
export interface PublishInput {
  /** Event type (clients dispatch it as `message` when omitted). No CR, LF or NUL. */
  event?: string;
  /** A string is sent as is; anything else as JSON. `undefined` is refused. */
  data: unknown;
  /** Id, unique within the stream; assigned by the replay store when omitted. No CR, LF or NUL. */
  id?: string;
}

/** Reported when a reader that fell too far behind is disconnected. */
export interface SlowReaderInfo {
  key: string;
  /** Bytes that were waiting for the reader. */
  queuedBytes: number;
  maxQueueBytes: number;
}

/** The data of the reset event sent for a `Last-Event-ID` that cannot be resumed. */
export interface ResetEventData {
  /** `expired`: older than the replay buffer; `unknown`: never issued here (e.g. before a restart). */
  reason: 'expired' | 'unknown';
  lastEventId: string;
}

/** Options of an event stream. */
export interface EventStreamOptions {
  /** The stream's name in the replay store. Default `'default'`. */
  key?: string;
  /** Where recent events are kept. Default: a {@link MemoryReplayStore} of `bufferSize` events. */
  replay?: ReplayStore;
  /** Events kept for resume by the default store (ignored with `replay`). Default 1000. */
  bufferSize?: number;
  /** Interval of `: keepalive` comments on every connection; 0 disables. Default 15000. */
  heartbeatMs?: number;
  /** Reconnection delay sent to clients as `retry:` when they connect. Default: none sent. */
  retryMs?: number;
  /**
   * Bytes a connection may have waiting for a slow reader before it is dropped (the client then
   * resumes from the replay buffer). Keep it above your largest event. Default 1 MiB.
   */
  maxQueueBytes?: number;
  /**
   * Name of the event sent when a `Last-Event-ID` cannot be resumed (data: {@link ResetEventData});
   * `false` sends none (the client's id is still cleared). Default `'reset'`.
   */
  resetEvent?: string | false;
  /**
   * Whether a client connecting without `Last-Event-ID` (or after a reset) first gets the events
   * still in the replay buffer, so a page opened mid-job shows the job so far. Default `true`.
   */
  sendHistory?: boolean;
  /** Called when a slow reader is disconnected. */
  onSlowReader?: (info: SlowReaderInfo) => void;
  /** Called once, when `end()` has completed. */
  onEnd?: (stream: EventStream) => void;
}

function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Applies `fn` at once to a plain value, or after a promise settles. */
function then<T, U>(value: MaybePromise<T>, fn: (value: T) => U): MaybePromise<U> {
  return isPromise(value) ? value.then(fn) : fn(value);
}

function toStore(input: PublishInput): EventToStore {
  if (input.data === undefined) throw new TypeError('progress-stream: an event needs data');
  if (input.id !== undefined) {
    assertFieldValue('id', input.id);
    if (input.id === '') throw new TypeError('progress-stream: an event id must not be empty');
  }
  if (input.event !== undefined) assertFieldValue('event', input.event);
  const stored: EventToStore = { data: serializeData(input.data) };
  if (input.id !== undefined) stored.id = input.id;
  if (input.event !== undefined && input.event !== '') stored.event = input.event;
  return stored;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`progress-stream: ${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}

/**
 * One server-sent-events stream: publish events to every connected client, keep the recent ones
 * for `Last-Event-ID` resume, send heartbeats, and end it with a terminal event.
 *
 * @example
 * const stream = createEventStream({ retryMs: 2000 });
 * app.get('/jobs/42/events', (req, res) => void stream.handleNode(req, res));
 * stream.publish({ event: 'progress', data: { percent: 40 } });
 * stream.end({ event: 'complete', data: { percent: 100 } });
 */
export class EventStream {
  /** The stream's name in the replay store. */
  readonly key: string;
  readonly #store: ReplayStore;
  readonly #options: EventStreamOptions;
  readonly #heartbeatMs: number;
  readonly #maxQueueBytes: number;
  readonly #prelude: Uint8Array;
  readonly #subscribers = new Set<Subscription>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  /** The last store operation in flight: publishes reach clients in the order they were made. */
  #tail: Promise<unknown> | undefined;
  #ending: Promise<void> | undefined;
  #ended = false;
  #closed = false;

  constructor(options: EventStreamOptions = {}) {
    this.key = options.key ?? 'default';
    this.#options = options;
    this.#store = options.replay ?? new MemoryReplayStore(options.bufferSize === undefined ? {} : { capacity: options.bufferSize });
    this.#heartbeatMs = nonNegativeInteger('heartbeatMs', options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    this.#maxQueueBytes = nonNegativeInteger('maxQueueBytes', options.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES);
    if (options.resetEvent !== undefined && options.resetEvent !== false) assertFieldValue('event', options.resetEvent);
    // Sent first on every connection: bytes right away make proxies pass the headers on.
    const retry = options.retryMs === undefined ? '' : formatEvent({ retry: options.retryMs });
    this.#prelude = encoder.encode(retry + formatComment('connected'));
  }

  /** `true` once `end()` has been called. */
  get ended(): boolean {
    return this.#ending !== undefined;
  }

  /** `true` once `close()` has been called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Open connections, including those still reading their replay. */
  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  /**
   * Sends an event to every connected client and keeps it for resume. With the default
   * in-memory store, clients have it (in their queues) when this returns; the promise resolves
   * with the event and its id. With an asynchronous store, events still go out in call order.
   * @throws TypeError (synchronously) for invalid input, or after `end()` or `close()`.
   */
  publish(input: PublishInput): Promise<StoredEvent> {
    if (this.#ending !== undefined || this.#closed) {
      throw new TypeError(`progress-stream: stream ${JSON.stringify(this.key)} has ended; nothing more can be published`);
    }
    const event = toStore(input);
    return this.#serial(() => then(this.#store.append(this.key, event), (stored) => this.#broadcast(stored)));
  }

  /**
   * Ends the stream: publishes `terminal` (kept for resume like any event), then ends every
   * response once its queue is written. Later connections get what they missed and end too.
   * Calling it again returns the same promise. Rejects when the replay store could not keep the
   * terminal event (the responses end all the same).
   * @throws TypeError (synchronously) for an invalid terminal event.
   */
  end(terminal?: PublishInput): Promise<void> {
    if (this.#ending !== undefined) return this.#ending;
    if (this.#closed) return Promise.resolve();
    const event = terminal === undefined ? undefined : toStore(terminal);
    const finish = (): void => {
      this.#ended = true;
      this.#stopHeartbeat();
      for (const subscriber of [...this.#subscribers]) subscriber.finish();
      this.#options.onEnd?.(this);
    };
    this.#ending = this.#serial(() => {
      if (event === undefined) return finish();
      let appended: MaybePromise<StoredEvent>;
      try {
        appended = this.#store.append(this.key, event);
      } catch (error) {
        finish();
        throw error;
      }
      if (!isPromise(appended)) {
        this.#broadcast(appended);
        return finish();
      }
      return appended.then(
        (stored) => {
          this.#broadcast(stored);
          finish();
        },
        (error: unknown) => {
          // Ended without its terminal event: clients reconnect, get what they missed, then 204.
          finish();
          throw error;
        },
      );
    });
    return this.#ending;
  }

  /**
   * Ends every response without a terminal event and refuses new connections (they get 503).
   * Clients reconnect and resume elsewhere: use it on shutdown or when the stream is dropped.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopHeartbeat();
    for (const subscriber of [...this.#subscribers]) subscriber.close('closed');
  }

  /**
   * A new connection, for adapters to other servers than `node:http` and Web `Response`: wait
   * for `ready`, then `attach` a transport (see {@link Subscription}).
   * @param lastEventId The client's `Last-Event-ID`, if it sent one.
   */
  subscribe(lastEventId?: string): Subscription {
    const subscription = new Subscription({
      maxQueueBytes: this.#maxQueueBytes,
      onClose: (s, reason, queuedBytes) => this.#remove(s, reason, queuedBytes),
    });
    if (this.#closed) {
      subscription.close('closed');
      return subscription;
    }
    this.#subscribers.add(subscription);
    this.#startHeartbeat();
    void this.#start(subscription, lastEventId === '' ? undefined : lastEventId);
    return subscription;
  }

  /**
   * Serves this stream on a `node:http` response (also Express, Koa's `ctx.res` with
   * `ctx.respond = false`, Fastify's `reply.raw` after `reply.hijack()`). Resolves when the
   * connection ends; rejects when the replay store failed (the client got a 503).
   */
  handleNode(req: NodeRequestLike, res: NodeResponseLike, options?: ServeOptions): Promise<void> {
    return serveNode(this, req, res, options);
  }

  /**
   * Serves this stream as a Web-standard `Response` with a `ReadableStream` body (Next.js route
   * handlers, Hono, Deno, Bun). The request supplies `Last-Event-ID` and, through its `signal`,
   * the client's disconnect. Rejects when the replay store failed.
   */
  response(request?: Request, options?: ServeOptions): Promise<Response> {
    return serveWeb(this, request, options);
  }

  async #start(subscription: Subscription, lastEventId: string | undefined): Promise<void> {
    let result: ReplayResult;
    let history: readonly StoredEvent[] = [];
    try {
      // Asked at once (not after an await): events published from now on are held by the
      // subscription, and any that the answer also contains are skipped by id.
      result = await this.#store.since(this.key, lastEventId);
      if (result.status !== 'ok' && this.#options.sendHistory !== false) {
        const all = await this.#store.since(this.key, undefined);
        if (all.status === 'ok') history = all.events;
      }
    } catch (error) {
      subscription.failStart(error);
      return;
    }
    if (subscription.closed) return;
    const frames: Uint8Array[] = [this.#prelude];
    let events: readonly StoredEvent[];
    if (result.status === 'ok') {
      events = lastEventId === undefined && this.#options.sendHistory === false ? [] : result.events;
    } else {
      frames.push(this.#resetFrame(result.status, lastEventId ?? ''));
      events = history;
    }
    const ids = new Set<string>();
    for (const event of events) {
      frames.push(encoder.encode(formatEvent(event)));
      ids.add(event.id);
    }
    if (this.#ended && frames.length === 1 && subscription.completeEmpty()) return;
    subscription.prime(frames, ids);
    if (this.#ended) subscription.finish();
  }

  #resetFrame(reason: ResetEventData['reason'], lastEventId: string): Uint8Array {
    const name = this.#options.resetEvent ?? DEFAULT_RESET_EVENT;
    // The empty id clears the client's Last-Event-ID (also without an event to dispatch).
    if (name === false) return encoder.encode(formatEvent({ id: '' }));
    const data: ResetEventData = { reason, lastEventId };
    return encoder.encode(formatEvent({ id: '', event: name, data }));
  }

  #broadcast(stored: StoredEvent): StoredEvent {
    const frame = encoder.encode(formatEvent(stored));
    for (const subscriber of [...this.#subscribers]) subscriber.deliver(frame, stored.id);
    return stored;
  }

  #remove(subscription: Subscription, reason: CloseReason, queuedBytes: number): void {
    this.#subscribers.delete(subscription);
    if (this.#subscribers.size === 0) this.#stopHeartbeat();
    if (reason === 'slow-reader') {
      this.#options.onSlowReader?.({ key: this.key, queuedBytes, maxQueueBytes: this.#maxQueueBytes });
    }
  }

  /** Runs store work one task at a time; synchronously while nothing asynchronous is pending. */
  #serial<T>(task: () => MaybePromise<T>): Promise<T> {
    if (this.#tail === undefined) {
      const result = task();
      if (!isPromise(result)) return Promise.resolve(result);
      return this.#track(result);
    }
    return this.#track(this.#tail.then(task));
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    const tail: Promise<unknown> = promise.then(
      () => undefined,
      () => undefined,
    );
    this.#tail = tail;
    void tail.then(() => {
      if (this.#tail === tail) this.#tail = undefined;
    });
    return promise;
  }

  #startHeartbeat(): void {
    if (this.#heartbeat !== undefined || this.#heartbeatMs === 0 || this.#ended) return;
    this.#heartbeat = setInterval(() => {
      for (const subscriber of this.#subscribers) subscriber.heartbeat(HEARTBEAT);
    }, this.#heartbeatMs);
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat === undefined) return;
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}

/**
 * Creates one event stream. For one stream per job or channel, see `createEventStreamHub`.
 */
export function createEventStream(options?: EventStreamOptions): EventStream {
  return new EventStream(options);
}
