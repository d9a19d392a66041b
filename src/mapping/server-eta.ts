// A server's ETA, smoothed. Servers recompute their estimate on every event and it jumps back
// and forth (a slow item, a fast batch); shown as sent, the view flickers between "2 min" and
// "40 s". So the shown estimate is counted down to the new event's time and moved towards the
// new value by 1 − e^(−dt/τ), dt being the time since the previous estimate: after a long quiet
// spell the new value is taken almost as sent, a flurry of events barely moves it. The newest
// value is kept as the target: between events what is shown keeps closing the gap to it with
// the same time constant, while both count down with the clock. So a server whose ETA counts
// down as time passes is followed exactly, one that jumps is followed within a few τ, and a
// burst of events in one millisecond (a replay after a reconnection) changes nothing at that
// instant, then converges to the newest of them rather than to the first. The very first
// estimate is taken as sent, and so is the newest of a burst arriving with it (within
// FIRST_BURST_MS: a page pushing recorded events, a late tab receiving the history at once).

export interface ServerEta {
  /** Epoch ms of the newest estimate. */
  at: number;
  /** The server's newest estimate: milliseconds left as of `at`. */
  target: number;
  /** What was shown at `at` minus `target`: the gap still to close. */
  gap: number;
  /** The time constant of closing the gap, in ms. */
  tau: number;
  /** Epoch ms of the first estimate: estimates within FIRST_BURST_MS of it replace it. */
  since: number;
}

/** Estimates this close to the first one arrived with it: the newest of them is taken as sent. */
const FIRST_BURST_MS = 250;

/** What is shown at `now` (never below zero). */
export function serverEtaAt(eta: ServerEta, now: number): number {
  const dt = Math.max(0, now - eta.at);
  const left = Math.max(0, eta.target - dt);
  return Math.max(0, Math.round(left + eta.gap * Math.exp(-dt / eta.tau)));
}

/** The smoothed estimate after the server said `ms` at `now`. */
export function smoothServerEta(previous: ServerEta | undefined, ms: number, now: number, tauMs: number): ServerEta {
  const tau = Math.max(1, tauMs);
  if (previous === undefined || now - previous.since < FIRST_BURST_MS)
    return { at: now, target: ms, gap: 0, tau, since: previous?.since ?? now };
  const at = Math.max(now, previous.at);
  const shown = serverEtaAt(previous, at);
  const moved = shown + -Math.expm1(-(at - previous.at) / tau) * (ms - shown);
  return { at, target: ms, gap: moved - ms, tau, since: previous.since };
}
