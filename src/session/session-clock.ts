// The session's one-second clock, for whatever needs time to pass visibly: the reconnection
// countdown ("Reconnecting in 3 s"), and a running job's state re-read at the current time (an
// ETA that grows during a stall, "Stalled" after `stallAfterMs`). Nothing ticks for a session
// that is idle, ended, paused, closed, suspended, or that nobody listens to.
//
// One interval per page, not per session: 50 running elements tick together (one timer task a
// second, their renders in one frame) instead of 50 timers spread over the second.

export const TICK_MS = 1000;

/** The sessions that need the clock now, and the page's one interval while there are any. */
const ticking = new Set<SessionClock>();
let interval: ReturnType<typeof setInterval> | undefined;

function join(clock: SessionClock): void {
  ticking.add(clock);
  interval ??= setInterval(() => {
    for (const member of [...ticking]) member.tick();
  }, TICK_MS);
}

function leave(clock: SessionClock): void {
  ticking.delete(clock);
  if (ticking.size === 0 && interval !== undefined) {
    clearInterval(interval);
    interval = undefined;
  }
}

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

  constructor(env: ClockEnv) {
    this.#env = env;
  }

  /** Joins (once) or leaves the page's clock as the session now needs it. */
  sync(): void {
    const env = this.#env;
    if (env.live() && (env.counting() || env.timing())) join(this);
    else leave(this);
  }

  stop(): void {
    leave(this);
  }

  /** Called by the page's interval, once a second. */
  tick(): void {
    const env = this.#env;
    const changed = env.timing() && env.retime(Date.now());
    if (env.counting()) env.notify();
    else if (changed) env.schedule();
    else this.sync();
  }
}
