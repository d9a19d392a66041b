// A plain in-memory HistoryStorage for the Node tests: the data the library reads and writes,
// not a stand-in for the behaviour under test (the browser tests use the real localStorage).
import type { HistoryStorage } from '../../../src/session/run-history.js';

export class MemoryStorage implements HistoryStorage {
  readonly items = new Map<string, string>();
  /** getItem calls so far. */
  reads = 0;
  getItem(key: string): string | null {
    this.reads++;
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}
