/** Where there are no animation frames (Node), about one frame's time. */
const FRAME_MS = 16;

/**
 * Coalesces any number of `schedule()` calls into one callback on the next animation frame,
 * so that a burst of thousands of events per second renders at most once per frame.
 * Browsers pause animation frames in hidden tabs; a slower timer then takes over so that state
 * and framework events still advance in the background. Where there are no frames at all (Node,
 * some Workers), the timer stands in for them.
 */
export class FrameScheduler {
  readonly #callback: () => void;
  #pending = false;
  #frame = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    callback: () => void,
    readonly hiddenTabDelayMs = 250,
  ) {
    this.#callback = callback;
  }

  schedule(): void {
    if (this.#pending) return;
    this.#pending = true;
    const frames = typeof requestAnimationFrame === 'function';
    if (frames) this.#frame = requestAnimationFrame(this.#run);
    this.#timer = setTimeout(this.#run, frames ? this.hiddenTabDelayMs : FRAME_MS);
  }

  /** Runs a pending callback now (e.g. before a view goes away). */
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
