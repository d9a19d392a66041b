// Shared helpers for the mapping tests: building messages and a controllable clock.
import type { StreamMessage } from '../../src/client/types.js';
import type { ProgressState } from '../../src/mapping/index.js';

/** A message whose data is `data` as JSON (or the string itself when it is one). */
export function message(event: string, data: unknown, id?: string): StreamMessage {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return id === undefined ? { event, data: text } : { id, event, data: text };
}

/** A clock that advances by `stepMs` on every read, starting at `start + stepMs`. */
export function steppingClock(start: number, stepMs: number): () => number {
  let now = start;
  return () => (now += stepMs);
}

/** A clock the test sets by hand. */
export class ManualClock {
  now = 0;
  readonly read = (): number => this.now;
}

/** Applies messages in order and returns every intermediate state. */
export function run(
  reducer: (state: ProgressState, message: StreamMessage) => ProgressState,
  initial: ProgressState,
  messages: readonly StreamMessage[],
): ProgressState[] {
  const states: ProgressState[] = [];
  let state = initial;
  for (const m of messages) {
    state = reducer(state, m);
    states.push(state);
  }
  return states;
}

/** mulberry32: a tiny seeded PRNG, so property tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
