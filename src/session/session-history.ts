// A session's run history (see `historyKey`): which storage and key it uses, the typical
// duration read from them, and the recording of completed runs (see run-watch.ts for which).
//
// Most pages set no `historyKey`, so the storage code and the statistics (run-store.ts) are
// loaded by the first session that has one, as the stream client loads its rarely needed parts.
// What must not wait is the watching: a run counts only if it was seen from its start, so
// RunWatch follows every state from the moment a key is set, and a run that completes before
// the code is there is recorded once it is. Until the code is loaded `typical` is null; when it
// arrives the session hears of it through `changed`. Once loaded (by any session of the page),
// everything happens at once, as if it had always been there.
import type { ProgressState } from '../mapping/state.js';
import type { HistoryStorage, RunRecord } from './run-history.js';
import type * as RunStore from './run-store.js';
import { RunWatch } from './run-watch.js';
import { sameTypical, type TypicalDuration } from './typical-duration.js';

type StoreCode = typeof RunStore;

/** The storage code once loaded (shared by the page's sessions), and its loading. */
let loaded: StoreCode | undefined;
let loading: Promise<StoreCode> | undefined;

/** Loads the storage code (once per page; a failed load is tried again by the next caller). */
export function loadRunStore(): Promise<StoreCode> {
  if (loading === undefined) {
    loading = import('./run-store.js').then((code) => (loaded = code));
    loading.catch(() => (loading = undefined));
  }
  return loading;
}

export class SessionHistory {
  #key: string | undefined;
  #given: HistoryStorage | null | undefined;
  /** The storage in use; undefined while the code that finds and reads it is loading. */
  #storage: HistoryStorage | null | undefined = null;
  #typical: TypicalDuration | null = null;
  readonly #watch = new RunWatch();
  readonly #changed: () => void;
  /** Bumped by every configuration: what the loaded code finishes for an older one is dropped. */
  #epoch = 0;

  /** `changed`: the typical duration changed after the code loaded (the session re-renders). */
  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** The typical duration under the current key (null without a key, storage or any run). */
  get typical(): TypicalDuration | null {
    return this.#typical;
  }

  /**
   * The time the watched run spent paused within [from, to), up to its latest resume (0 without
   * a watched run): what the ETA blend leaves out of elapsed times.
   */
  pausedWithin(from: number, to: number): number {
    return this.#watch.pausedWithin(from, to);
  }

  /**
   * Uses `key` in `storage` (undefined: localStorage when usable; null: none). Returns true
   * when the typical duration changed now; when the storage code is still loading, `changed`
   * follows once it is read (and differs).
   *
   * A storage object other than the last one is read again, but counts as a change only when
   * what it holds makes another typical duration: a view that writes `historyStorage` inline
   * passes a new object on every render, and calls this after every commit. Were every new
   * object a change, each commit would notify, re-render and commit again, without end. (Such a
   * view still costs one storage read per render: the object should be stable.)
   */
  configure(key: string | undefined, storage: HistoryStorage | null | undefined): boolean {
    const usable = typeof key === 'string' && key !== '' ? key : undefined;
    if (usable === this.#key && storage === this.#given) return false;
    // Work queued for another key is dropped; for the same key it goes on (it reads the
    // storage in use when it runs), so a run that completed while the code loads is kept.
    if (usable !== this.#key) this.#epoch++;
    this.#key = usable;
    this.#given = storage;
    const before = this.#typical;
    if (usable === undefined || storage === null) {
      // No key, no storage access (and no code loaded).
      this.#storage = null;
      this.#typical = null;
      return before !== null;
    }
    if (loaded !== undefined) {
      this.#open(loaded, usable);
      return !sameTypical(before, this.#typical);
    }
    this.#storage = undefined;
    this.#typical = null;
    this.#later((code) => {
      const was = this.#typical;
      this.#open(code, usable);
      return !sameTypical(was, this.#typical);
    });
    return before !== null;
  }

  /** A new job or stream: the next run is watched from scratch. */
  reset(): void {
    this.#watch.reset();
  }

  /** Follows a state; returns true when it completed a run that was recorded (the typical changed). */
  observe(state: ProgressState): boolean {
    // Without a place to record, nothing is watched (a key set mid-run then never saw its start).
    const key = this.#key;
    if (this.#storage === null || key === undefined) return false;
    const run = this.#watch.observe(state);
    if (run === undefined) return false;
    if (loaded !== undefined && this.#storage !== undefined) return this.#record(loaded, this.#storage, key, run);
    // The code is still loading: the run is recorded once it is there (after the read above).
    this.#later((code) => this.#storage !== null && this.#storage !== undefined && this.#record(code, this.#storage, key, run));
    return false;
  }

  /** Forgets the runs under the current key. */
  clear(): void {
    this.#typical = null;
    const key = this.#key;
    if (this.#storage === null || key === undefined) return;
    const forget = (code: StoreCode): boolean => {
      if (this.#storage) code.clearRuns(this.#storage, key);
      this.#typical = null;
      return true;
    };
    if (loaded !== undefined && this.#storage !== undefined) forget(loaded);
    else this.#later(forget);
  }

  #open(code: StoreCode, key: string): void {
    const storage = this.#given === undefined ? code.defaultHistoryStorage() : this.#given;
    this.#storage = storage;
    this.#typical = storage === null ? null : code.typicalDuration(code.readRuns(storage, key));
  }

  #record(code: StoreCode, storage: HistoryStorage, key: string, run: RunRecord): boolean {
    const runs = code.appendRun(storage, key, run);
    if (runs === undefined) return false;
    this.#typical = code.typicalDuration(runs);
    return true;
  }

  /**
   * Runs `then` with the code once it is loaded, unless the configuration changed meanwhile;
   * `changed` follows when it returns true. Calls queued in order run in that order (one
   * promise). A failed load is "no history" for this configuration.
   */
  #later(then: (code: StoreCode) => boolean): void {
    const epoch = this.#epoch;
    loadRunStore().then(
      (code) => {
        if (epoch === this.#epoch && then(code)) this.#changed();
      },
      () => {
        if (epoch === this.#epoch) this.#storage = null;
      },
    );
  }
}
