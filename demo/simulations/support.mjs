// What every simulation shares: randomness, job-time pacing (the clock) and cancellation.
// Times are in "job milliseconds": the clock divides them by the speed factor, so a job that
// takes 40 s at speed 1 takes 2 s at speed 20.

/** A random number in [min, max). */
export function rand(min, max) {
  return min + Math.random() * (max - min);
}

/** A random integer in [min, max]. */
export function int(min, max) {
  return Math.floor(rand(min, max + 1));
}

export function pick(list) {
  return list[Math.floor(Math.random() * list.length)];
}

/** Splits `total` into `parts` uneven shares (some steps are slow, some quick). */
export function unevenSplit(total, parts) {
  const weights = Array.from({ length: parts }, () => rand(0.35, 1.65) ** 1.6);
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (total * w) / sum);
}

export const round1 = (n) => Math.round(n * 10) / 10;
export const iso = () => new Date().toISOString();

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/**
 * The demo's clock: `sleep(ms, signal)` waits `ms / speed` real milliseconds and rejects with
 * `Cancelled` when the signal aborts (a restarted job, a server shutting down).
 */
export function createClock(speed) {
  return {
    speed,
    /** Real milliseconds for `ms` job milliseconds. */
    real: (ms) => ms / speed,
    sleep(ms, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new Cancelled());
        const timer = setTimeout(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          Math.max(0, ms / speed),
        );
        const onAbort = () => {
          clearTimeout(timer);
          reject(new Cancelled());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

/** A job lasts 20–60 s (job time). */
export const jobDuration = () => rand(20_000, 60_000);
