// One running simulated job that the page can pause, resume and cancel. The simulation sleeps
// through `run.sleep`, which rejects once the job is cancelled and holds while it is paused, so
// a paused job publishes nothing until it is resumed: pausing takes effect at the job's next
// checkpoint, as it does in real workers. What a pause, a resume or a cancellation looks like on
// the wire is the simulation's business (its format): it tells the run with `onControl`.
import { Cancelled } from '../simulations.mjs';

/** What `pause()`, `resume()` and `cancel()` report: the demo answers 202, 200 or 409 by it. */
export const ControlResult = Object.freeze({ done: 'done', unchanged: 'unchanged', ended: 'ended' });

export class JobRun {
  #paused = false;
  #wakers = new Set();
  #describe = () => undefined;

  /** @param {{ sleep(ms: number, signal?: AbortSignal): Promise<void> }} clock */
  constructor(clock, publish) {
    this.clock = clock;
    this.publish = publish;
    this.controller = new AbortController();
    this.running = true;
    /** Why it was cancelled: `user` (the page's cancel), `restart` (the fault button) or `stop`. */
    this.cancelReason = undefined;
  }

  get signal() {
    return this.controller.signal;
  }

  get paused() {
    return this.#paused;
  }

  /** The simulation's events for `paused`, `resumed` and `cancelled` (undefined: none). */
  onControl(describe) {
    this.#describe = describe;
  }

  /** The event the simulation gives for `what`, if any. */
  describe(what) {
    return this.#describe(what);
  }

  /** Waits `ms` job milliseconds, then as long as the job is paused; rejects with `Cancelled`. */
  async sleep(ms) {
    await this.clock.sleep(ms, this.signal);
    while (this.#paused) await this.#resumed();
  }

  #resumed() {
    return new Promise((resolve, reject) => {
      if (this.signal.aborted) return reject(new Cancelled());
      const onAbort = () => {
        this.#wakers.delete(wake);
        reject(new Cancelled());
      };
      const wake = () => {
        this.signal.removeEventListener('abort', onAbort);
        resolve();
      };
      this.#wakers.add(wake);
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  pause() {
    if (!this.running) return ControlResult.ended;
    if (this.#paused) return ControlResult.unchanged;
    this.#paused = true;
    this.#announce('paused');
    return ControlResult.done;
  }

  resume() {
    if (!this.running) return ControlResult.ended;
    if (!this.#paused) return ControlResult.unchanged;
    this.#paused = false;
    this.#announce('resumed');
    for (const wake of this.#wakers) wake();
    this.#wakers.clear();
    return ControlResult.done;
  }

  /** Stops the job: its `sleep` rejects, and whoever runs it ends the stream (see `cancelReason`). */
  cancel(reason = 'user') {
    if (!this.running || this.signal.aborted) return ControlResult.ended;
    this.cancelReason = reason;
    this.controller.abort();
    return ControlResult.done;
  }

  #announce(what) {
    const event = this.#describe(what);
    if (event !== undefined) this.publish(event);
  }
}
