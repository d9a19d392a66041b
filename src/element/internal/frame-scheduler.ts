/**
 * Coalesces any number of `schedule()` calls into one callback on the next animation frame,
 * so that a burst of thousands of events per second renders at most once per frame.
 * Browsers pause animation frames in hidden tabs; a slower timer then takes over so that state
 * and framework events still advance in the background.
 */
export class FrameScheduler {
  readonly #callback: () => void;
  #pending = false;
  #frame = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(callback: () => void, readonly hiddenTabDelayMs = 250) {
    this.#callback = callback;
  }

  get pending(): boolean {
    return this.#pending;
  }

  schedule(): void {
    if (this.#pending) return;
    this.#pending = true;
    if (typeof requestAnimationFrame === 'function') this.#frame = requestAnimationFrame(this.#run);
    this.#timer = setTimeout(this.#run, this.hiddenTabDelayMs);
  }

  /** Runs a pending callback now (e.g. before the element is removed). */
  flush(): void {
    if (this.#pending) this.#run();
  }

  cancel(): void {
    this.#pending = false;
    this.#clear();
  }

  #clear(): void {
    if (this.#frame !== 0 && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  readonly #run = (): void => {
    if (!this.#pending) return;
    this.#pending = false;
    this.#clear();
    this.#callback();
  };
}
