// One client connection to an event stream: where it is in the replay, what waits for a slow
// reader, and when it ends. It knows nothing of HTTP: an adapter gives it a Transport.
//
// Memory per connection must not depend on how much there is to replay (a buffer of megabytes,
// many clients that never read). So the replay is pulled, not pushed: the subscription keeps a
// cursor (the id of the last event it wrote) and reads the events after it from the replay store
// only when the transport has room, writing frames that are encoded once per event and shared
// by every connection. Events published meanwhile are in the store too and come with the next
// read; a read that finds the cursor gone from the buffer means the reader fell too far behind:
// the connection is dropped and the client resumes (and gets a reset).
//
// Once the replay has caught up, the subscription is live: it writes broadcast events while its
// transport accepts bytes, and queues them when the transport is full. When the queue would pass
// `maxQueueBytes`, the connection is dropped rather than dropping events. Heartbeats are never
// queued.

import type { ReplayResult, StoredEvent } from './replay-store.js';
import { isPromise, type MaybePromise } from './serial.js';
import type { CloseReason, SlowReason, SubscriptionHooks, SubscriptionStart, Transport } from './subscription-contract.js';

export type { CloseReason, SlowReason, SubscriptionHooks, SubscriptionStart, Transport } from './subscription-contract.js';

interface HeldFrame {
  id: string;
  frame: Uint8Array;
}

/**
 * A client's place in an event stream. Created by `EventStream.subscribe`; adapters wait for
 * `ready`, then `attach` a transport, call `drained()` when it has room again and `close()`
 * when the client goes away.
 */
export class Subscription {
  /** Settles once the replay store has answered; rejects when it failed. */
  readonly ready: Promise<SubscriptionStart>;
  readonly #hooks: SubscriptionHooks;
  #settle!: (start: SubscriptionStart) => void;
  #fail!: (error: unknown) => void;
  #state: 'pending' | 'primed' | 'open' | 'closed' = 'pending';
  #transport: Transport | undefined;
  /** Prelude and reset, written first on attach. */
  #initial: Uint8Array[] = [];
  /** `replay`: events come from the replay store as there is room; `live`: from broadcasts. */
  #mode: 'replay' | 'live' = 'replay';
  /** Id of the last event written (or queued); `undefined`: from the start of the buffer. */
  #cursor: string | undefined;
  #reading = false;
  /** Events of the last read that are still to be written. */
  #page: readonly StoredEvent[] | undefined;
  #pageIndex = 0;
  /** Broadcasts since the current read began: the ones the read missed are sent after it. */
  #held: HeldFrame[] = [];
  #heldBytes = 0;
  /** Live frames waiting for the transport to drain. */
  #queue: Uint8Array[] = [];
  #queuedBytes = 0;
  /** The transport is full (or not attached yet). */
  #blocked = true;
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

  /** Bytes of live events waiting for the reader (the replay is read as there is room). */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Called by the stream: reads where the client resumes from, then settles `ready`. */
  start(lastEventId: string | undefined): void {
    this.#cursor = lastEventId;
    if (lastEventId !== undefined || this.#hooks.sendHistory) {
      this.#read();
      return;
    }
    // Nothing to replay: only what is published from now on, once the watch brings it (events
    // it brings meanwhile are held, as during a read).
    if (this.#hooks.ended()) return this.#completeEmpty();
    this.#page = [];
    const watching = this.#hooks.watching?.();
    if (isPromise(watching)) {
      watching.then(
        () => this.#startLive(),
        (error: unknown) => this.#readFailed(error),
      );
    } else {
      this.#startLive();
    }
  }

  /** Starts writing to the connection: the replay first, then live events. */
  attach(transport: Transport): void {
    if (this.#state !== 'primed') {
      if (this.#state === 'closed') transport.end();
      return;
    }
    this.#transport = transport;
    this.#state = 'open';
    this.#blocked = false;
    // A few hundred bytes at most: written even if the transport says it is full.
    for (const frame of this.#initial) this.#write(frame);
    this.#initial = [];
    this.#pump();
  }

  /** A live event (already in the replay store). */
  deliver(frame: Uint8Array, id: string): void {
    if (this.#state === 'closed' || this.#seen(id)) return;
    if (this.#mode === 'live') return this.#sendLive(frame, id);
    // Not reading: the next read finds it in the store.
    if (!this.#reading && this.#page === undefined) return;
    if (this.#heldBytes + frame.byteLength > this.#hooks.maxQueueBytes) return this.#drop('queue-full');
    this.#held.push({ id, frame });
    this.#heldBytes += frame.byteLength;
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
    this.#pump();
  }

  /** Ends the response once everything there is to send has been written (the stream ended). */
  finish(): void {
    if (this.#state === 'closed') return;
    this.#finishing = true;
    this.#endIfFinished();
  }

  /**
   * Closes now. `disconnected`: the client left (nothing more is written); `slow-reader` and
   * `failed`: the connection is dropped; `ended` and `closed`: the response is ended normally.
   */
  close(reason: CloseReason): void {
    this.#close(reason);
  }

  #close(reason: CloseReason, slow?: SlowReason): void {
    if (this.#state === 'closed') return;
    const wasPending = this.#state === 'pending' || this.#state === 'primed';
    const queuedBytes = this.#queuedBytes;
    this.#state = 'closed';
    this.#queue = [];
    this.#queuedBytes = 0;
    this.#held = [];
    this.#heldBytes = 0;
    this.#page = undefined;
    this.#initial = [];
    if (wasPending) this.#settle('closed');
    const transport = this.#transport;
    this.#transport = undefined;
    this.#hooks.onClose(this, reason, queuedBytes, slow);
    if (transport === undefined) return;
    if (reason === 'slow-reader' || reason === 'failed') transport.abort();
    else if (reason !== 'disconnected') transport.end();
  }

  #drop(slow: SlowReason): void {
    this.#close('slow-reader', slow);
  }

  #read(): void {
    this.#reading = true;
    // Broadcasts from now on may be missing from the answer: hold them until it comes.
    this.#held = [];
    this.#heldBytes = 0;
    let result: MaybePromise<ReplayResult>;
    try {
      result = this.#hooks.read(this.#cursor);
    } catch (error) {
      this.#readFailed(error);
      return;
    }
    if (isPromise(result)) {
      result.then(
        (answer) => this.#onRead(answer),
        (error: unknown) => this.#readFailed(error),
      );
    } else {
      this.#onRead(result);
    }
  }

  #readFailed(error: unknown): void {
    this.#reading = false;
    if (this.#state !== 'pending') return this.#close('failed');
    this.#state = 'closed';
    this.#held = [];
    this.#heldBytes = 0;
    this.#fail(error);
    this.#hooks.onClose(this, 'closed', 0);
  }

  #onRead(result: ReplayResult): void {
    this.#reading = false;
    if (this.#state === 'closed') return;
    if (this.#state === 'pending') return this.#begin(result);
    if (result.status !== 'ok') return this.#drop('behind-buffer');
    this.#page = result.events;
    this.#pageIndex = 0;
    this.#pump();
  }

  /** The first answer: where the client resumes, or a reset. */
  #begin(result: ReplayResult): void {
    const initial = [this.#hooks.prelude];
    if (result.status === 'ok') {
      if (result.events.length === 0 && this.#held.length === 0 && this.#hooks.ended()) return this.#completeEmpty();
      this.#page = result.events;
    } else {
      initial.push(this.#hooks.resetFrame(result.status, this.#cursor ?? ''));
      this.#cursor = undefined;
      if (this.#hooks.sendHistory) {
        // The buffer from its start comes with the first read after attach; what was held is
        // in the store as well.
        this.#held = [];
        this.#heldBytes = 0;
      } else {
        this.#page = [];
      }
    }
    this.#prime(initial);
  }

  #prime(initial: Uint8Array[]): void {
    this.#initial = initial;
    this.#state = 'primed';
    if (this.#page?.length === 0) this.#goLive();
    if (this.#hooks.ended()) this.#finishing = true;
    this.#settle('stream');
  }

  /** A start without replay, once the watch is ready. */
  #startLive(): void {
    if (this.#state !== 'pending') return;
    if (this.#held.length === 0 && this.#hooks.ended()) return this.#completeEmpty();
    this.#prime([this.#hooks.prelude]);
  }

  #completeEmpty(): void {
    this.#state = 'closed';
    this.#settle('done');
    this.#hooks.onClose(this, 'ended', 0);
  }

  #pump(): void {
    if (this.#state !== 'open') return;
    if (this.#mode === 'replay') this.#pumpReplay();
    if (this.#mode === 'live') this.#flushQueue();
  }

  #pumpReplay(): void {
    const page = this.#page;
    if (page === undefined) {
      if (!this.#blocked && !this.#reading) this.#read();
      return;
    }
    while (this.#pageIndex < page.length && !this.#blocked && this.#state === 'open') {
      const event = page[this.#pageIndex++] as StoredEvent;
      this.#cursor = event.id;
      this.#write(this.#hooks.frame(event));
    }
    if (this.#state !== 'open') return;
    if (this.#pageIndex >= page.length) {
      this.#goLive();
      return;
    }
    // Full: the rest stays in the store (as do the held events); read again on drain.
    this.#page = undefined;
    this.#held = [];
    this.#heldBytes = 0;
  }

  /** The replay has caught up: from now on, broadcasts are written (or queued). */
  #goLive(): void {
    const replayed = new Set((this.#page ?? []).map((event) => event.id));
    const held = this.#held;
    this.#page = undefined;
    this.#held = [];
    this.#heldBytes = 0;
    this.#mode = 'live';
    for (const { id, frame } of held) {
      if (this.#state === 'closed') return;
      if (!replayed.has(id) && !this.#seen(id)) this.#sendLive(frame, id);
    }
  }

  /** An event at or before the last one written: a lagging watch brought it again. */
  #seen(id: string): boolean {
    return this.#cursor !== undefined && this.#hooks.isAfter(id, this.#cursor) === false;
  }

  #sendLive(frame: Uint8Array, id: string): void {
    this.#cursor = id;
    this.#send(frame);
  }

  #flushQueue(): void {
    while (this.#queue.length > 0 && !this.#blocked && this.#state === 'open') {
      const frame = this.#queue.shift();
      if (frame === undefined) break;
      this.#queuedBytes -= frame.byteLength;
      this.#write(frame);
    }
    this.#endIfFinished();
  }

  #send(frame: Uint8Array): void {
    if (!this.#blocked && this.#queue.length === 0) {
      this.#write(frame);
      return;
    }
    if (this.#queuedBytes + frame.byteLength > this.#hooks.maxQueueBytes) return this.#drop('queue-full');
    this.#queue.push(frame);
    this.#queuedBytes += frame.byteLength;
  }

  #write(frame: Uint8Array): void {
    const transport = this.#transport;
    if (transport === undefined) return;
    if (!transport.write(frame)) this.#blocked = true;
  }

  #endIfFinished(): void {
    if (this.#finishing && this.#state === 'open' && this.#mode === 'live' && this.#queue.length === 0) this.close('ended');
  }
}
