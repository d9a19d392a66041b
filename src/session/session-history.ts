// A session's run history (see `historyKey`): which storage and key it uses, the typical
// duration read from them, and the recording of completed runs (see run-watch.ts for which).
import type { ProgressState } from '../mapping/state.js';
import { appendRun, clearRuns, defaultHistoryStorage, readRuns, type HistoryStorage } from './run-history.js';
import { RunWatch } from './run-watch.js';
import { typicalDuration, type TypicalDuration } from './typical-duration.js';

export class SessionHistory {
  #key: string | undefined;
  #given: HistoryStorage | null | undefined;
  #storage: HistoryStorage | null = null;
  #typical: TypicalDuration | null = null;
  readonly #watch = new RunWatch();

  /** The typical duration under the current key (null without a key, storage or any run). */
  get typical(): TypicalDuration | null {
    return this.#typical;
  }

  /**
   * Uses `key` in `storage` (undefined: localStorage when usable; null: none). Returns true
   * when the typical duration may have changed (a different key or storage: read again).
   */
  configure(key: string | undefined, storage: HistoryStorage | null | undefined): boolean {
    const usable = typeof key === 'string' && key !== '' ? key : undefined;
    if (usable === this.#key && storage === this.#given) return false;
    this.#key = usable;
    this.#given = storage;
    // The default storage is looked up only when there is a key: no key, no storage access.
    this.#storage = usable === undefined ? null : storage === undefined ? defaultHistoryStorage() : storage;
    this.#typical = this.#storage === null || usable === undefined ? null : typicalDuration(readRuns(this.#storage, usable));
    return true;
  }

  /** A new job or stream: the next run is watched from scratch. */
  reset(): void {
    this.#watch.reset();
  }

  /** Follows a state; returns true when it completed a run that was recorded (the typical changed). */
  observe(state: ProgressState): boolean {
    // Without a place to record, nothing is watched (a key set mid-run then never saw its start).
    if (this.#storage === null || this.#key === undefined) return false;
    const run = this.#watch.observe(state);
    if (run === undefined) return false;
    const runs = appendRun(this.#storage, this.#key, run);
    if (runs === undefined) return false;
    this.#typical = typicalDuration(runs);
    return true;
  }

  /** Forgets the runs under the current key. */
  clear(): void {
    if (this.#storage !== null && this.#key !== undefined) clearRuns(this.#storage, this.#key);
    this.#typical = null;
  }
}
