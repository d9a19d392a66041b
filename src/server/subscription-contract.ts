// What passes between a subscription and the two sides it sits between: the transport an
// adapter gives it (a node:http response, a ReadableStream) and the stream it belongs to.

import type { ReplayResult, StoredEvent } from './replay-store.js';
import type { MaybePromise } from './serial.js';
import type { Subscription } from './subscription.js';

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
 * How a subscription starts, once the replay store has answered:
 * - `stream`: respond 200 with the event-stream headers and call `attach`;
 * - `done`: the stream has ended and this client has seen everything: respond 204, which tells
 *   clients to stop reconnecting;
 * - `closed`: the subscription was closed before it started (the stream was closed, or events
 *   piled up while the replay was read): respond 503 so the client retries.
 */
export type SubscriptionStart = 'stream' | 'done' | 'closed';

/**
 * Why a subscription closed. `failed`: reading the replay store failed after the response had
 * started (the connection is dropped; the client resumes).
 */
export type CloseReason = 'ended' | 'disconnected' | 'slow-reader' | 'closed' | 'failed';

/** Why a slow reader was dropped. */
export type SlowReason = 'queue-full' | 'behind-buffer';

/** What a subscription needs from its stream. */
export interface SubscriptionHooks {
  maxQueueBytes: number;
  /** Written first on every connection (`retry:`, `: connected`). */
  prelude: Uint8Array;
  /** Whether a client without `Last-Event-ID` (or after a reset) gets the buffer first. */
  sendHistory: boolean;
  /** The replay store's events after `cursor` (all it keeps when `undefined`). */
  read(cursor: string | undefined): MaybePromise<ReplayResult>;
  /**
   * Settles once the stream's watch brings every event appended from now on (what `read`
   * waits for). A subscription with nothing to replay waits for it before it starts: with a
   * shared broker, an event appended before that would reach neither its replay nor its watch.
   */
  watching?(): MaybePromise<void>;
  /**
   * Whether event `id` came after event `than` (`undefined`: cannot tell). A shared broker's
   * watch may bring an event after a replay read already did; this skips it.
   */
  isAfter(id: string, than: string): boolean | undefined;
  /** The encoded frame of a stored event. */
  frame(event: StoredEvent): Uint8Array;
  /** The frame that tells a client its `Last-Event-ID` cannot be resumed. */
  resetFrame(reason: 'expired' | 'unknown', lastEventId: string): Uint8Array;
  /** Whether the stream has ended (the subscription then ends once it has written everything). */
  ended(): boolean;
  onClose(subscription: Subscription, reason: CloseReason, queuedBytes: number, slow?: SlowReason): void;
}
