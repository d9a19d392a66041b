// progressStream(): a progress session behind the plain store contract (`subscribe(run)` calls
// `run` with the current value at once and after every change, and returns the unsubscriber),
// which is all that Svelte's `$store` needs. It imports nothing from Svelte, so it works with
// any version and needs no peer dependency; the Vue composable reads the same store.
import type { StreamErrorDetail } from '../client/types.js';
import { createProgressSession } from '../session/progress-session.js';
import {
  controlsOf,
  sessionCallbacks,
  sessionOptions,
  snapshotOf,
  stableMapping,
  type ProgressStreamControls,
  type ProgressStreamOptions,
  type ProgressStreamSnapshot,
} from '../session/view-options.js';

/**
 * A store of the live progress of one event stream. `cancel()`/`pause()`/`resume()` and
 * `clearHistory()` act on the job (see `control` and `typical` in the value).
 */
export interface ProgressStreamStore extends ProgressStreamControls {
  /**
   * Calls `run` with the current value now and after every change (at most once per
   * animation frame). The first subscriber opens the connection; when the last one leaves, it
   * closes (the state stays, and the next subscriber resumes from the last event id).
   */
  subscribe(run: (value: ProgressStreamSnapshot) => void, invalidate?: () => void): () => void;
  /** The current value, without subscribing (and so without connecting). */
  getSnapshot(): ProgressStreamSnapshot;
  /**
   * Takes the whole option set (an option left out is back to its default). A different `url`
   * or declarative `mapping` starts from a fresh state; connection options reconnect and
   * resume; `headers`, `onUnauthorized`, `body` and the callbacks apply without reconnecting.
   */
  update(options: ProgressStreamOptions): void;
  /** Tries again now: skips a pending backoff wait, or starts again after `offline` or `closed`. */
  retry(): void;
  /** Opens the connection again after `disconnect()` (or after `offline`), resuming. */
  connect(): void;
  /** Closes the connection; the state stays. */
  disconnect(): void;
  /** Forgets the progress shown (the connection stays as it is). */
  reset(): void;
}

/**
 * The live progress of an event stream as a store.
 *
 * ```svelte
 * <script lang="ts">
 *   import { progressStream } from '@progress-stream/core/svelte';
 *   const job = progressStream({ url: '/jobs/42/events', headers: () => ({ Authorization: `Bearer ${token}` }) });
 * </script>
 *
 * <progress max="100" value={$job.state.percent ?? undefined}></progress>
 * <p>{$job.status}</p>
 * {#if $job.status === 'offline'}<button onclick={() => job.retry()}>Retry</button>{/if}
 * ```
 *
 * The connection opens a microtask after the first subscription, so a subscription that ends
 * at once (server rendering, `get(store)`) opens nothing.
 */
export function progressStream(options: ProgressStreamOptions): ProgressStreamStore {
  let latest = options;
  const read = (): ProgressStreamOptions => latest;
  const mapping = stableMapping(read);
  // One entry per subscription (the same function may subscribe twice, as with Svelte's stores).
  const subscribers = new Set<{ run: (value: ProgressStreamSnapshot) => void }>();
  let active = false;
  /** A mapping error reported while nobody listened: handed to `onError` once someone does. */
  let missed: StreamErrorDetail | undefined;
  const callbacks = sessionCallbacks(read, () => active);
  const session = createProgressSession(sessionOptions(latest, mapping, false), {
    ...callbacks,
    error: (detail) => {
      if (!active && detail.kind === 'mapping') missed = detail;
      callbacks.error?.(detail);
    },
  });
  let value = snapshotOf(session.getSnapshot());
  let stopListening: (() => void) | undefined;

  const publish = (): void => {
    value = snapshotOf(session.getSnapshot());
    for (const subscriber of [...subscribers]) subscriber.run(value);
  };

  const activate = (): void => {
    if (active || subscribers.size === 0) return;
    active = true;
    session.update(sessionOptions(latest, mapping, true));
    const error = missed;
    missed = undefined;
    if (error !== undefined && session.connection.error === error) latest.onError?.(error);
  };

  const deactivate = (): void => {
    if (active) {
      active = false;
      // Not close(): a later subscriber resumes this session. Inactive, it holds no
      // connection, no timer and no listener, so a store nobody uses any more is collected.
      session.update(sessionOptions(latest, mapping, false));
      session.flush(); // getSnapshot() shows the closed connection
    }
    stopListening?.();
    stopListening = undefined;
  };

  return {
    subscribe(run) {
      const subscriber = { run };
      subscribers.add(subscriber);
      if (subscribers.size === 1) {
        stopListening = session.subscribe(publish);
        queueMicrotask(activate);
      }
      run(value);
      return () => {
        if (!subscribers.delete(subscriber)) return;
        if (subscribers.size === 0) deactivate();
      };
    },
    getSnapshot: () => value,
    update(next) {
      latest = next;
      session.update(sessionOptions(next, mapping, active));
    },
    retry: () => session.retry(),
    connect: () => session.connect(),
    disconnect: () => session.disconnect(),
    reset: () => session.reset(),
    ...controlsOf(session),
  };
}
