/**
 * Detects a half-open connection: no byte (comments included) for `timeoutMs` calls `onSilence`.
 * One timer per request, re-armed lazily: bytes only stamp the time (`touch`), so a fast stream
 * does not pay for a clearTimeout/setTimeout pair per chunk. `timeoutMs` is already clamped to
 * what a timer can hold (a longer wait would fire at once, over and over).
 */
export class HeartbeatWatch {
  readonly #timeoutMs: number;
  readonly #onSilence: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastActivity = 0;

  constructor(timeoutMs: number, onSilence: () => void) {
    this.#timeoutMs = timeoutMs;
    this.#onSilence = onSilence;
  }

  /** Starts watching (again) from now. Does nothing when the timeout is 0 (disabled). */
  start(): void {
    this.stop();
    if (this.#timeoutMs <= 0) return;
    this.#lastActivity = Date.now();
    this.#timer = setTimeout(this.#check, this.#timeoutMs);
  }

  /** A sign of life. */
  touch(now: number): void {
    this.#lastActivity = now;
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  readonly #check = (): void => {
    const idle = Date.now() - this.#lastActivity;
    if (idle < this.#timeoutMs) {
      this.#timer = setTimeout(this.#check, this.#timeoutMs - idle);
      return;
    }
    this.#timer = undefined;
    this.#onSilence();
  };
}
