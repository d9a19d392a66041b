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

import type { Broker, BrokerListener, BrokerWatch } from './broker.js';
import { formatComment, formatEvent, assertFieldValue } from './format.js';
import { memoryBroker } from './memory-broker.js';
import { serveNode, type NodeRequestLike, type NodeResponseLike, type ServeOptions } from './node-adapter.js';
import type { ReplayResult, StoredEvent } from './replay-store.js';
import { SerialQueue, isPromise, then, type MaybePromise } from './serial.js';
import { nonNegativeInteger, toStore, type EventStreamOptions, type PublishInput, type ResetEventData } from './stream-options.js';
import { Subscription, type CloseReason, type SlowReason, type SubscriptionHooks } from './subscription.js';
import { timerDelay } from './timers.js';
import { serveWeb } from './web-adapter.js';

export type { EventStreamOptions, PublishInput, ResetEventData, SlowReaderInfo } from './stream-options.js';

const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_MAX_QUEUE_BYTES = 1024 * 1024;
const DEFAULT_RESET_EVENT = 'reset';

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(formatComment('keepalive'));

/**
 * Encoded frames, once per stored event: every connection that replays or receives the event
 * writes the same bytes, so a replay to many clients costs no copy per client.
 */
const frames = new WeakMap<StoredEvent, Uint8Array>();

function frameOf(event: StoredEvent): Uint8Array {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = encoder.encode(formatEvent(event));
    frames.set(event, frame);
  }
  return frame;
}

/** The broker of a stream or a hub: the one given, or memory (with `replay`, `bufferSize`, `bufferBytes`). */
export function brokerOf(options: Pick<EventStreamOptions, 'broker' | 'replay' | 'bufferSize' | 'bufferBytes'>): Broker {
  if (options.broker !== undefined) return options.broker;
  return memoryBroker({
    ...(options.replay === undefined ? {} : { replay: options.replay }),
    ...(options.bufferSize === undefined ? {} : { capacity: options.bufferSize }),
    ...(options.bufferBytes === undefined ? {} : { maxBytes: options.bufferBytes }),
  });
}

/**
 * What a hub learns from the streams it holds (not part of the public API).
 * @internal
 */
export interface StreamLifecycle {
  /** The first publish (or `end()`): the stream now has a history worth keeping. */
  used(stream: EventStream): void;
  /** The last connection left a stream that was never published to nor ended. */
  abandoned(stream: EventStream): void;
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
  /** The stream's name in the broker. */
  readonly key: string;
  readonly #broker: Broker;
  /** Events of this key from the broker, while this stream has connections. */
  #watch: BrokerWatch | undefined;
  readonly #options: EventStreamOptions;
  readonly #heartbeatMs: number;
  readonly #maxQueueBytes: number;
  readonly #hooks: SubscriptionHooks;
  readonly #subscribers = new Set<Subscription>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  /** Store writes, one at a time: publishes reach clients in the order they were made. */
  readonly #serial = new SerialQueue();
  readonly #lifecycle: StreamLifecycle | undefined;
  #used = false;
  #ending: Promise<void> | undefined;
  #ended = false;
  #closed = false;

  /** @param lifecycle For a hub: see {@link StreamLifecycle}. */
  constructor(options: EventStreamOptions = {}, lifecycle?: StreamLifecycle) {
    this.key = options.key ?? 'default';
    this.#lifecycle = lifecycle;
    this.#options = options;
    this.#broker = brokerOf(options);
    this.#heartbeatMs = timerDelay('heartbeatMs', options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    this.#maxQueueBytes = nonNegativeInteger('maxQueueBytes', options.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES);
    if (options.resetEvent !== undefined && options.resetEvent !== false) assertFieldValue('event', options.resetEvent);
    // Sent first on every connection: bytes right away make proxies pass the headers on.
    const retry = options.retryMs === undefined ? '' : formatEvent({ retry: options.retryMs });
    this.#hooks = {
      maxQueueBytes: this.#maxQueueBytes,
      prelude: encoder.encode(retry + formatComment('connected')),
      sendHistory: options.sendHistory !== false,
      read: (cursor) => this.#read(cursor),
      watching: () => this.#watch?.ready,
      isAfter: (id, than) => this.#broker.isAfter?.(id, than),
      frame: frameOf,
      resetFrame: (reason, lastEventId) => this.#resetFrame(reason, lastEventId),
      ended: () => this.#ended,
      onClose: (subscription, reason, queuedBytes, slow) => this.#remove(subscription, reason, queuedBytes, slow),
    };
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
   * Sends an event to every connected client (of every process, with a shared broker) and keeps
   * it for resume. With the default in-memory broker, clients have it (in their queues) when
   * this returns; the promise resolves with the event and its id. With an asynchronous broker,
   * events still go out in call order, and the promise rejects when the broker could not take
   * the event (Redis unreachable): publish it again.
   * @throws TypeError (synchronously) for invalid input, or after `end()` or `close()`.
   */
  publish(input: PublishInput): Promise<StoredEvent> {
    if (this.#ending !== undefined || this.#closed) {
      throw new TypeError(`progress-stream: stream ${JSON.stringify(this.key)} has ended; nothing more can be published`);
    }
    const event = toStore(input);
    this.#markUsed();
    return this.#serial.run(() => this.#broker.append(this.key, event));
  }

  /**
   * Ends the stream: publishes `terminal` (kept for resume like any event), then ends every
   * response once its queue is written. Later connections get what they missed and end too.
   * Calling it again returns the same promise. Rejects when the broker could not record the end
   * (Redis unreachable); the stream then stays open and `end()` can be called again.
   * @throws TypeError (synchronously) for an invalid terminal event.
   */
  end(terminal?: PublishInput): Promise<void> {
    if (this.#ending !== undefined) return this.#ending;
    if (this.#closed) return Promise.resolve();
    const event = terminal === undefined ? undefined : toStore(terminal);
    this.#markUsed();
    const ending = this.#serial.run(() =>
      then(this.#broker.end(this.key, event), () => {
        // Watchers finish when the broker tells them (after the terminal event reaches them);
        // without a watch, nobody here is waiting for it.
        if (this.#watch === undefined) this.#finish();
      }),
    );
    this.#ending = ending;
    ending.catch(() => {
      if (this.#ending === ending) this.#ending = undefined;
    });
    return ending;
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
    this.#stopWatch();
  }

  /**
   * A new connection, for adapters to other servers than `node:http` and Web `Response`: wait
   * for `ready`, then `attach` a transport (see {@link Subscription}).
   * @param lastEventId The client's `Last-Event-ID`, if it sent one.
   */
  subscribe(lastEventId?: string): Subscription {
    const subscription = new Subscription(this.#hooks);
    if (this.#closed) {
      subscription.close('closed');
      return subscription;
    }
    this.#subscribers.add(subscription);
    this.#watch ??= this.#startWatch();
    this.#startHeartbeat();
    subscription.start(lastEventId === '' ? undefined : lastEventId);
    return subscription;
  }

  /**
   * Tells `onError` that a connection could not start (for adapters; it never throws).
   * @internal
   */
  reportError(error: unknown): void {
    try {
      this.#options.onError?.(error, { key: this.key });
    } catch {
      // A failing error handler must not break the adapter that answered the client.
    }
  }

  /**
   * Serves this stream on a `node:http` response (also Express, Koa's `ctx.res` with
   * `ctx.respond = false`, Fastify's `reply.raw` after `reply.hijack()`). Resolves when the
   * connection ends, also when the broker failed (the client got a 503; see `onError`).
   */
  handleNode(req: NodeRequestLike, res: NodeResponseLike, options?: ServeOptions): Promise<void> {
    return serveNode(this, req, res, options);
  }

  /**
   * Serves this stream as a Web-standard `Response` with a `ReadableStream` body (Next.js route
   * handlers, Hono, Deno, Bun). The request supplies `Last-Event-ID` and, through its `signal`,
   * the client's disconnect. A broker failure is a 503 response (see `onError`), not a rejection.
   */
  response(request?: Request, options?: ServeOptions): Promise<Response> {
    return serveWeb(this, request, options);
  }

  #resetFrame(reason: ResetEventData['reason'], lastEventId: string): Uint8Array {
    const name = this.#options.resetEvent ?? DEFAULT_RESET_EVENT;
    // The empty id clears the client's Last-Event-ID (also without an event to dispatch).
    if (name === false) return encoder.encode(formatEvent({ id: '' }));
    const data: ResetEventData = { reason, lastEventId };
    return encoder.encode(formatEvent({ id: '', event: name, data }));
  }

  #broadcast(stored: StoredEvent): StoredEvent {
    const frame = frameOf(stored);
    for (const subscriber of [...this.#subscribers]) subscriber.deliver(frame, stored.id);
    return stored;
  }

  #remove(subscription: Subscription, reason: CloseReason, queuedBytes: number, slow: SlowReason | undefined): void {
    this.#subscribers.delete(subscription);
    if (this.#subscribers.size === 0) {
      this.#stopWatch();
      this.#stopHeartbeat();
      if (!this.#used && !this.#closed) this.#lifecycle?.abandoned(this);
    }
    if (reason === 'slow-reader') {
      this.#options.onSlowReader?.({ key: this.key, reason: slow ?? 'queue-full', queuedBytes, maxQueueBytes: this.#maxQueueBytes });
    }
  }

  /** The stream has ended (here or in another process): connections end once up to date. */
  #finish(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#ending ??= Promise.resolve();
    this.#stopHeartbeat();
    for (const subscriber of [...this.#subscribers]) subscriber.finish();
    this.#options.onEnd?.(this);
  }

  /** A replay read, once the watch is sure to bring whatever the read misses. */
  #read(cursor: string | undefined): MaybePromise<ReplayResult> {
    const read = (): MaybePromise<ReplayResult> =>
      then(this.#broker.since(this.key, cursor), (result) => {
        if (result.status === 'ok' && result.ended === true) this.#finish();
        return result;
      });
    const ready = this.#watch?.ready;
    return isPromise(ready) ? ready.then(read) : read();
  }

  #startWatch(): BrokerWatch {
    const listener: BrokerListener = {
      event: (stored) => {
        this.#broadcast(stored);
      },
      ended: () => this.#finish(),
      // Continuity lost: every connection is dropped and resumes through a replay read.
      reset: () => {
        for (const subscriber of [...this.#subscribers]) subscriber.close('failed');
      },
    };
    const watch = this.#broker.watch(this.key, listener);
    const ready = watch.ready;
    // A watch that could not start is dropped: the waiting reads fail (503), the next connection
    // starts a new one.
    if (isPromise(ready)) {
      ready.catch(() => {
        if (this.#watch !== watch) return;
        this.#watch = undefined;
        watch.stop();
      });
    }
    return watch;
  }

  #stopWatch(): void {
    const watch = this.#watch;
    this.#watch = undefined;
    watch?.stop();
  }

  #markUsed(): void {
    if (this.#used) return;
    this.#used = true;
    this.#lifecycle?.used(this);
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
