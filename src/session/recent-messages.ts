import type { StreamMessage } from '../client/types.js';

const RECENT_LIMIT = 30;
const RECENT_DATA_LIMIT = 2000;

/**
 * The most recent raw messages for a debug panel, newest last, their data cut to
 * `RECENT_DATA_LIMIT` characters. A session keeps them only while debug is on, so that large
 * events are not held in memory for a panel nobody looks at.
 */
export class RecentMessages {
  #items: StreamMessage[] = [];

  get items(): readonly StreamMessage[] {
    return this.#items;
  }

  add(message: StreamMessage): void {
    const { data } = message;
    this.#items.push(data.length > RECENT_DATA_LIMIT ? { ...message, data: `${data.slice(0, RECENT_DATA_LIMIT)}…` } : message);
    if (this.#items.length > RECENT_LIMIT) this.#items.shift();
  }

  clear(): void {
    if (this.#items.length > 0) this.#items = [];
  }
}
