// The session's one-second clock: one interval for whatever needs time to pass visibly: the
// reconnection countdown ("Reconnecting in 3 s"), and a running job's state re-read at the
// current time (an ETA that grows during a stall, "Stalled" after `stallAfterMs`). No timer for
// a session that is idle, ended, paused, closed, suspended, or that nobody listens to.

export const TICK_MS = 1000;

export interface ClockEnv {
  /** Not closed, not suspended: the session may show anything at all. */
  live(): boolean;
  /** A reconnection is pending: views count down (whether anyone listens yet or not, as before). */
  counting(): boolean;
  /** Someone listens and a job runs: time passing changes the state. */
  timing(): boolean;
  /** Re-reads the state at `now`; true when it is a new one. */
  retime(now: number): boolean;
  /** Notifies now (the countdown: every second, not when the next frame comes). */
  notify(): void;
  /** Notifies with the next frame (a new state). */
  schedule(): void;
}

export class SessionClock {
  readonly #env: ClockEnv;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(env: ClockEnv) {
    this.#env = env;
  }

  /** Starts (once) or stops the clock as the session now needs it. */
  sync(): void {
    const env = this.#env;
    const wanted = env.live() && (env.counting() || env.timing());
    if (wanted && this.#timer === undefined) this.#timer = setInterval(() => this.#tick(), TICK_MS);
    else if (!wanted) this.stop();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(): void {
    const env = this.#env;
    const changed = env.timing() && env.retime(Date.now());
    if (env.counting()) env.notify();
    else if (changed) env.schedule();
    else this.sync();
  }
}
