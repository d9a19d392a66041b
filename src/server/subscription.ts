// One client connection to an event stream: what it has been sent, what waits for a slow reader,
// and when it ends. It knows nothing of HTTP: an adapter gives it a Transport.
//
// Backpressure policy: a subscription writes while its transport accepts bytes; once the
// transport reports it is full, frames wait in a queue until the transport drains. When the
// queue would pass `maxQueueBytes`, the connection is dropped rather than dropping events: the
// client reconnects with `Last-Event-ID` and the replay buffer gives it what it missed (or a
// reset when it fell further behind than the buffer holds). Heartbeats are never queued.

/** The connection a subscription writes to (a `node:http` response, a `ReadableStream`...). */
export interface Transport {
  /** Writes bytes. Returns `false` when the reader is not keeping up: call `drained()` later. */
  write(chunk: Uint8Array): boolean;
  /** Ends the response normally, after what was written. */
  end(): void;
  /** Drops the connection at once. */
  abort(): void;
}

/**
 * How a subscription starts, once the replay has been read:
 * - `stream`: respond 200 with the event-stream headers and call `attach`;
 * - `done`: the stream has ended and this client has seen everything: respond 204, which tells
 *   clients to stop reconnecting;
 * - `closed`: the subscription was closed before it started (the stream was closed, or events
 *   piled up while the replay was read): respond 503 so the client retries.
 */
export type SubscriptionStart = 'stream' | 'done' | 'closed';

/** Why a subscription closed. */
export type CloseReason = 'ended' | 'disconnected' | 'slow-reader' | 'closed';

/** What a subscription reports to its stream. */
export interface SubscriptionHooks {
  maxQueueBytes: number;
  onClose(subscription: Subscription, reason: CloseReason, queuedBytes: number): void;
}

interface HeldFrame {
  id: string | undefined;
  frame: Uint8Array;
}

/**
 * A client's place in an event stream. Created by `EventStream.subscribe`; adapters wait for
 * `ready`, then `attach` a transport, call `drained()` when it has room again and `close()`
 * when the client goes away.
 */
export class Subscription {
  /** Settles once the replay has been read; rejects when the replay store failed. */
  readonly ready: Promise<SubscriptionStart>;
  readonly #hooks: SubscriptionHooks;
  #settle!: (start: SubscriptionStart) => void;
  #fail!: (error: unknown) => void;
  #state: 'pending' | 'primed' | 'open' | 'closed' = 'pending';
  #transport: Transport | undefined;
  /** Prelude, reset and replay, written first on attach. */
  #initial: Uint8Array[] = [];
  /** Ids the replay already carries: the same events arriving live are not sent twice. */
  #replayedIds: ReadonlySet<string> = new Set();
  /** Live events that arrived before attach. */
  #held: HeldFrame[] = [];
  #heldBytes = 0;
  /** Frames waiting for the transport to drain. */
  #queue: Uint8Array[] = [];
  #queuedBytes = 0;
  #blocked = false;
  #finishing = false;

  constructor(hooks: SubscriptionHooks) {
    this.#hooks = hooks;
    this.ready = new Promise<SubscriptionStart>((resolve, reject) => {
      this.#settle = resolve;
      this.#fail = reject;
    });
    // An adapter that stopped listening (its client left) must not cause an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  /** `true` once the subscription ended, for whatever reason. */
  get closed(): boolean {
    return this.#state === 'closed';
  }

  /** Bytes waiting for the reader. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Called by the stream when the replay is known. */
  prime(initial: Uint8Array[], replayedIds: ReadonlySet<string>): void {
    if (this.#state !== 'pending') return;
    this.#initial = initial;
    this.#replayedIds = replayedIds;
    this.#state = 'primed';
    this.#settle('stream');
  }

  /**
   * Called by the stream when nothing will be sent: the stream ended and the client has seen all
   * of it. Returns `false` (and does nothing) when live events arrived meanwhile.
   */
  completeEmpty(): boolean {
    if (this.#state !== 'pending' || this.#held.length > 0) return false;
    this.#state = 'closed';
    this.#settle('done');
    this.#hooks.onClose(this, 'ended', 0);
    return true;
  }

  /** Called by the stream when reading the replay failed. */
  failStart(error: unknown): void {
    if (this.#state !== 'pending') return;
    this.#state = 'closed';
    this.#held = [];
    this.#heldBytes = 0;
    this.#fail(error);
    this.#hooks.onClose(this, 'closed', 0);
  }

  /** Starts writing to the connection: the replay first, then live events. */
  attach(transport: Transport): void {
    if (this.#state !== 'primed') {
      if (this.#state === 'closed') transport.end();
      return;
    }
    this.#transport = transport;
    this.#state = 'open';
    const initial = this.#initial;
    const held = this.#held;
    this.#initial = [];
    this.#held = [];
    this.#heldBytes = 0;
    // The replay is bounded by the replay store, so it is written even past the queue limit.
    for (const frame of initial) this.#send(frame, false);
    for (const { id, frame } of held) {
      if (this.#state !== 'open') return;
      if (id === undefined || !this.#replayedIds.has(id)) this.#send(frame, true);
    }
    this.#replayedIds = new Set();
    this.#endIfFinished();
  }

  /** A live event. */
  deliver(frame: Uint8Array, id: string | undefined): void {
    if (this.#state === 'closed') return;
    if (this.#state !== 'open') {
      // Held until the replay is known; bounded like the queue.
      if (this.#heldBytes + frame.byteLength > this.#hooks.maxQueueBytes) {
        this.close('slow-reader');
        return;
      }
      this.#held.push({ id, frame });
      this.#heldBytes += frame.byteLength;
      return;
    }
    this.#send(frame, true);
  }

  /** A heartbeat comment: written only when nothing is waiting (it would say nothing new). */
  heartbeat(frame: Uint8Array): void {
    if (this.#state !== 'open' || this.#blocked || this.#queue.length > 0 || this.#finishing) return;
    this.#write(frame);
  }

  /** The transport has room again. */
  drained(): void {
    if (this.#state !== 'open') return;
    this.#blocked = false;
    while (this.#queue.length > 0 && !this.#blocked && this.#state === 'open') {
      const frame = this.#queue.shift();
      if (frame === undefined) break;
      this.#queuedBytes -= frame.byteLength;
      this.#write(frame);
    }
    this.#endIfFinished();
  }

  /** Ends the response once everything queued has been written (the stream ended). */
  finish(): void {
    if (this.#state === 'closed') return;
    this.#finishing = true;
    this.#endIfFinished();
  }

  /**
   * Closes now. `disconnected`: the client left (nothing more is written); `slow-reader`: the
   * connection is dropped; `ended` and `closed`: the response is ended normally.
   */
  close(reason: CloseReason): void {
    if (this.#state === 'closed') return;
    const wasPending = this.#state === 'pending' || this.#state === 'primed';
    const queuedBytes = this.#queuedBytes;
    this.#state = 'closed';
    this.#queue = [];
    this.#queuedBytes = 0;
    this.#held = [];
    this.#heldBytes = 0;
    this.#initial = [];
    if (wasPending) this.#settle('closed');
    const transport = this.#transport;
    this.#transport = undefined;
    this.#hooks.onClose(this, reason, queuedBytes);
    if (transport === undefined) return;
    if (reason === 'slow-reader') transport.abort();
    else if (reason !== 'disconnected') transport.end();
  }

  #send(frame: Uint8Array, bounded: boolean): void {
    if (!this.#blocked && this.#queue.length === 0) {
      this.#write(frame);
      return;
    }
    if (bounded && this.#queuedBytes + frame.byteLength > this.#hooks.maxQueueBytes) {
      this.close('slow-reader');
      return;
    }
    this.#queue.push(frame);
    this.#queuedBytes += frame.byteLength;
  }

  #write(frame: Uint8Array): void {
    const transport = this.#transport;
    if (transport === undefined) return;
    if (!transport.write(frame)) this.#blocked = true;
  }

  #endIfFinished(): void {
    if (this.#finishing && this.#state === 'open' && this.#queue.length === 0) this.close('ended');
  }
}
