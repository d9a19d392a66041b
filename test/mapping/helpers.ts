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

export { seededRandom } from '../support/seeded-random.mjs';
