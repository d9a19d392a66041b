// Appends that may have happened. When an append fails after it was sent (no answer in time,
// the connection dropped, Redis exited right after running it), nobody can tell whether Redis
// appended the event. A publisher retries it, as it should; the retry carries the token of the
// failed attempt, and the APPEND script answers with the entry that attempt made, if it made
// one, instead of appending the event twice.
//
// A retry is recognised as the next append to the same key with the same event (name and data):
// an event published again after a rejection. Progress events carry values, not increments, so
// an identical event right after a rejected one is the same event.

export type AppendMode = 'event' | 'end' | 'end-event';

interface Unanswered {
  token: string;
  mode: AppendMode;
  name: string;
  data: string;
}

/** Keys with an unanswered append kept at most; the oldest is forgotten first. */
const LIMIT = 10_000;

function newToken(): string {
  let token = '';
  while (token.length < 16) token += Math.random().toString(36).slice(2);
  return token.slice(0, 16);
}

export class UnansweredAppends {
  readonly #byKey = new Map<string, Unanswered>();

  /** The token of this append: the failed attempt's when it is the same event again, else a new one. */
  tokenFor(key: string, mode: AppendMode, name: string, data: string): string {
    const previous = this.#byKey.get(key);
    this.#byKey.delete(key);
    const same = previous !== undefined && previous.mode === mode && previous.name === name && previous.data === data;
    return same ? previous.token : newToken();
  }

  /** An append failed without a definite answer: a retry of the same event reuses its token. */
  remember(key: string, append: Unanswered): void {
    this.#byKey.delete(key);
    this.#byKey.set(key, append);
    if (this.#byKey.size > LIMIT) {
      const oldest = this.#byKey.keys().next();
      if (oldest.done !== true) this.#byKey.delete(oldest.value);
    }
  }
}
