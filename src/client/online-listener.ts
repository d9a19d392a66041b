/**
 * The global `online` event (pages and Workers; Node has none), listened to only while a
 * client may need it, so that a closed client leaves no listener behind.
 */
export class OnlineListener {
  readonly #enabled: boolean;
  readonly #onOnline: () => void;
  #listening = false;

  /** @param enabled false when the caller opted out (`reconnectOnOnline: false`). */
  constructor(enabled: boolean, onOnline: () => void) {
    this.#enabled = enabled;
    this.#onOnline = onOnline;
  }

  listen(on: boolean): void {
    if (!this.#enabled || on === this.#listening) return;
    const target = globalThis as {
      addEventListener?: EventTarget['addEventListener'];
      removeEventListener?: EventTarget['removeEventListener'];
    };
    if (typeof target.addEventListener !== 'function' || typeof target.removeEventListener !== 'function') return;
    if (on) target.addEventListener('online', this.#onOnline);
    else target.removeEventListener('online', this.#onOnline);
    this.#listening = on;
  }
}
