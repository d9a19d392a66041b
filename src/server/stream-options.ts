// The public shapes of an event stream (its options, what is published, what is reported) and
// the checks applied to them before anything is stored or any timer is armed.

import { assertEventId, assertFieldValue, serializeData } from './format.js';
import type { Broker } from './broker.js';
import type { EventToStore, ReplayStore } from './replay-store.js';
import type { EventStream } from './event-stream.js';

/** An event to publish. */
export interface PublishInput {
  /** Event type (clients dispatch it as `message` when omitted). No CR, LF or NUL. */
  event?: string;
  /** A string is sent as is; anything else as JSON. `undefined` is refused. */
  data: unknown;
  /**
   * Id, unique within the stream; assigned by the replay store when omitted. No CR, LF or NUL,
   * and no space or tab at either end (the `Last-Event-ID` header could not bring it back).
   */
  id?: string;
}

/** Reported when a reader that fell too far behind is disconnected. */
export interface SlowReaderInfo {
  key: string;
  /**
   * `queue-full`: live events waiting for it would have passed `maxQueueBytes`;
   * `behind-buffer`: the next event it needed had already left the replay buffer.
   */
  reason: 'queue-full' | 'behind-buffer';
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
  /**
   * Where events are appended, kept for resume and fanned out: `redisBroker` from
   * `@progress-stream/core/server/redis` shares streams between server instances and worker
   * processes. Default: this process's memory (`replay`, `bufferSize` and `bufferBytes` apply
   * to it and are ignored with a broker).
   */
  broker?: Broker;
  /** Where the default broker keeps recent events. Default: a {@link MemoryReplayStore} of `bufferSize` events. */
  replay?: ReplayStore;
  /** Events kept for resume by the default store (ignored with `replay`). Default 1000. */
  bufferSize?: number;
  /**
   * Bytes kept for resume by the default store (UTF-8 size of data, id and event name; the
   * newest event is always kept). Ignored with `replay`. Default 4 MiB.
   */
  bufferBytes?: number;
  /**
   * Interval of `: keepalive` comments on every connection; 0 disables. Default 15000. Values
   * above 2^31−1 (what a timer can hold) are clamped to it.
   */
  heartbeatMs?: number;
  /**
   * Reconnection delay sent to clients as `retry:` when they connect. Default: none sent. Values
   * above 2^31−1 are sent as 2^31−1.
   */
  retryMs?: number;
  /**
   * Bytes of live events a connection may have waiting for a slow reader before it is dropped
   * (the client then resumes from the replay buffer). The replay itself is read from the buffer
   * only as the connection has room, so it does not count. Keep it above your largest event.
   * Default 1 MiB.
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
  /**
   * Called when a connection could not start because the broker failed (Redis unreachable, a
   * custom replay store throwing). The client has been answered 503 with `Retry-After` and
   * retries; `handleNode` and `response` do not reject. Default: nothing is reported.
   */
  onError?: (error: unknown, info: { key: string }) => void;
  /** Called when a slow reader is disconnected. */
  onSlowReader?: (info: SlowReaderInfo) => void;
  /** Called once, when `end()` has completed. */
  onEnd?: (stream: EventStream) => void;
}

/**
 * What the replay store keeps of a published event.
 * @throws TypeError for data without a JSON form, or an invalid id or event name.
 */
export function toStore(input: PublishInput): EventToStore {
  if (input.data === undefined) throw new TypeError('progress-stream: an event needs data');
  if (input.id !== undefined) {
    assertEventId(input.id);
    if (input.id === '') throw new TypeError('progress-stream: an event id must not be empty');
  }
  if (input.event !== undefined) assertFieldValue('event', input.event);
  const stored: EventToStore = { data: serializeData(input.data) };
  if (input.id !== undefined) stored.id = input.id;
  if (input.event !== undefined && input.event !== '') stored.event = input.event;
  return stored;
}

export function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`progress-stream: ${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}
