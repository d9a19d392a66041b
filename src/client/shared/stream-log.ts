// What one tab knows of a shared stream's messages: a bounded history (for newcomers: elements
// that join mid-job and tabs that say `hello`), the keys of the messages already applied (so
// that nothing is applied twice when holders change) and the newest id (where a new holder
// resumes).
import type { StreamMessage } from '../types.js';

/**
 * A message as it is kept and relayed. `n` counts the messages before it that carried the same
 * id: a server that sets `id:` once and sends several events after it gives them all that id
 * (the spec's id persists), and they are still different messages.
 */
export interface LoggedMessage {
  m: StreamMessage;
  n: number;
}

/** The event @progress-stream/core/server sends when it cannot resume: what came before is void. */
const RESET_EVENT = 'reset';
const MAX_MESSAGES = 1_000;
/** Characters of data kept in the history, so that a `hello` reply stays a reasonable size. */
const MAX_CHARS = 2 * 1024 * 1024;
/** Keys remembered for deduplication: more than the history, for the relays around a hand-over. */
const MAX_KEYS = 4_096;

const keyOf = (entry: LoggedMessage): string | undefined => (entry.m.id === undefined ? undefined : `${entry.n}:${entry.m.id}`);

export class StreamLog {
  #entries: LoggedMessage[] = [];
  #chars = 0;
  readonly #seen = new Set<string>();
  #lastKey: string | undefined;
  /** The id of the newest message applied, or the resume id this tab started from. */
  newestId: string | undefined;

  constructor(resumeId: string | undefined) {
    this.newestId = resumeId;
  }

  get entries(): readonly LoggedMessage[] {
    return this.#entries;
  }

  /** How a message read from the connection is logged (see `LoggedMessage.n`). */
  entryFor(message: StreamMessage): LoggedMessage {
    const last = this.#entries.at(-1);
    const n = last !== undefined && message.id !== undefined && last.m.id === message.id ? last.n + 1 : 0;
    return { m: message, n };
  }

  /** Records a message; false when it was applied before (skip it). Messages without id are always new. */
  accept(entry: LoggedMessage): boolean {
    const key = keyOf(entry);
    if (key !== undefined && this.#seen.has(key)) return false;
    if (entry.m.event === RESET_EVENT) {
      // The server starts over: the ids before the reset may come again and must apply again.
      this.#entries = [];
      this.#chars = 0;
      this.#seen.clear();
    }
    if (key !== undefined) this.#remember(key);
    this.#lastKey = key ?? this.#lastKey;
    this.newestId = entry.m.id;
    this.#entries.push(entry);
    this.#chars += entry.m.data.length;
    while (this.#entries.length > MAX_MESSAGES || (this.#chars > MAX_CHARS && this.#entries.length > 1)) {
      this.#chars -= this.#entries.shift()?.m.data.length ?? 0;
    }
    return true;
  }

  /** What a member resuming from `id` has not applied: everything when the id is unknown. */
  after(id: string | undefined): readonly LoggedMessage[] {
    if (id === undefined) return this.#entries;
    for (let i = this.#entries.length - 1; i >= 0; i--) if (this.#entries[i]?.m.id === id) return this.#entries.slice(i + 1);
    return this.#entries;
  }

  /**
   * Takes another tab's history: records and returns, in order, the messages this tab has not
   * applied. It starts after the newest message this tab applied, as a server resuming would,
   * so that an old message is never applied after a newer one.
   */
  catchUp(history: readonly LoggedMessage[]): LoggedMessage[] {
    let start = 0;
    for (let i = history.length - 1; i >= 0; i--) {
      const entry = history[i];
      if (entry === undefined) continue;
      const known = this.#lastKey === undefined ? entry.m.id !== undefined && entry.m.id === this.newestId : keyOf(entry) === this.#lastKey;
      if (known) {
        start = i + 1;
        break;
      }
    }
    return history.slice(start).filter((entry) => this.accept(entry));
  }

  #remember(key: string): void {
    this.#seen.add(key);
    if (this.#seen.size <= MAX_KEYS) return;
    // Sets iterate in insertion order: the first key is the oldest.
    for (const oldest of this.#seen) {
      this.#seen.delete(oldest);
      break;
    }
  }
}
