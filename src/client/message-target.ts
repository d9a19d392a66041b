import type { ClientEventListener, ClientListenerOptions, StreamMessage } from './types.js';

/** Receives a client's messages without a DOM event each (see `tapMessages`). */
export type MessageTap = (message: StreamMessage) => void;

/**
 * Not public (the package exports only index.ts): lets the session receive a client's messages
 * by a plain call. Returns the function that stops it. Set up by MessageTarget's static block.
 */
export let tapMessages: (target: MessageTarget, tap: MessageTap) => () => void;

/**
 * An EventTarget whose `message` events cost nothing while nobody listens. At 100,000 events a
 * second a `CustomEvent` costs more than parsing the event it carries, so none is built until
 * someone calls `addEventListener('message')`; internal receivers (taps) get each message by a
 * plain call, before the event.
 */
export class MessageTarget extends EventTarget {
  #taps: MessageTap[] = [];
  /** Never reset: exact bookkeeping of `once`, `signal` and duplicate listeners is not worth it. */
  #listened = false;

  static {
    tapMessages = (target, tap) => {
      target.#taps = [...target.#taps, tap];
      return () => {
        target.#taps = target.#taps.filter((t) => t !== tap);
      };
    };
  }

  override addEventListener(type: string, listener: ClientEventListener | null, options?: boolean | ClientListenerOptions): void {
    if (type === 'message' && listener) this.#listened = true;
    super.addEventListener(type, listener, options);
  }

  /** Hands `message` to the taps, then dispatches it as a `message` event if anyone listens. */
  protected emitMessage(message: StreamMessage): void {
    for (const tap of this.#taps) {
      try {
        tap(message);
      } catch (error) {
        // As a throwing event listener would be: reported, and no business of the stream's.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    if (this.#listened) this.dispatchEvent(new CustomEvent('message', { detail: message }));
  }
}
