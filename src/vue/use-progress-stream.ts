// useProgressStream for Vue 3: the live progress of one event stream as refs, for apps that
// render their own UI. The store of @progress-stream/core/svelte does the work (it is plain: no
// Svelte inside); this composable hands it the latest options and mirrors its value into a
// shallow ref, so a component re-renders at most once per animation frame.
import {
  computed,
  getCurrentInstance,
  onMounted,
  onScopeDispose,
  shallowRef,
  toRaw,
  toValue,
  watch,
  type ComputedRef,
  type MaybeRefOrGetter,
} from 'vue';
import type { StreamClient } from '../client/stream-client.js';
import type { ConnectionStatus, StatusDetail, StreamErrorDetail } from '../client/types.js';
import type { ProgressState } from '../mapping/state.js';
import { progressStream } from '../svelte/progress-stream-store.js';
import type { ControlView } from '../session/job-control.js';
import type { TypicalDuration } from '../session/typical-duration.js';
import type { ProgressStreamControls, ProgressStreamOptions } from '../session/view-options.js';

/** The same options as React's `useProgressStream`. */
export type UseProgressStreamOptions = ProgressStreamOptions;

export interface UseProgressStreamResult extends ProgressStreamControls {
  /** The progress of the job (or jobs) as the mapping sees it. */
  readonly state: ComputedRef<ProgressState>;
  /** Where the connection stands: `idle` until connected and after `enabled: false`. */
  readonly status: ComputedRef<ConnectionStatus>;
  /** The latest status change (attempt count and the delay before the next try). */
  readonly connection: ComputedRef<StatusDetail | null>;
  /** The latest error; cleared when the stream is live again. */
  readonly error: ComputedRef<StreamErrorDetail | null>;
  /** The client of the current connection, if any. */
  readonly client: ComputedRef<StreamClient | null>;
  /** What `cancel()`/`pause()`/`resume()` can do now, the one pending, the last refusal. */
  readonly control: ComputedRef<ControlView>;
  /** How long runs under `historyKey` usually take (null without a key or a recorded run). */
  readonly typical: ComputedRef<TypicalDuration | null>;
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
 * The live progress of an event stream, without the element.
 *
 * ```vue
 * <script setup lang="ts">
 * import { useProgressStream } from '@progress-stream/core/vue';
 * const props = defineProps<{ jobId: string }>();
 * const { state, status, retry } = useProgressStream(() => ({
 *   url: `/jobs/${props.jobId}/events`,
 *   headers: async () => ({ Authorization: `Bearer ${await getToken()}` }),
 *   onComplete: () => toast('Done'),
 * }));
 * </script>
 * <template><progress max="100" :value="state.percent ?? undefined" /> {{ status }}</template>
 * ```
 *
 * `options` may be an object, a ref or a getter; it is watched (deeply), and every change is
 * handed to the session, which restarts only what changed: a different `url` or declarative
 * `mapping` starts from a fresh state, connection options reconnect and resume, `headers` and
 * the callbacks apply without reconnecting. In a component it connects once mounted, so server
 * rendering returns the initial state and opens nothing; outside one (an `effectScope`, a
 * store) it connects at once. It closes when its scope is disposed (the component unmounts).
 */
export function useProgressStream(options: MaybeRefOrGetter<UseProgressStreamOptions>): UseProgressStreamResult {
  const store = progressStream(toRaw(toValue(options)));
  const snapshot = shallowRef(store.getSnapshot());
  let unsubscribe: (() => void) | undefined;
  const start = (): void => {
    unsubscribe ??= store.subscribe((value) => (snapshot.value = value));
  };

  // Reactive options hand over their raw object: the session keeps what it is given.
  watch(
    () => toValue(options),
    (next) => store.update(toRaw(next)),
    { deep: true },
  );
  if (getCurrentInstance() === null) start();
  else onMounted(start);
  onScopeDispose(() => {
    unsubscribe?.();
    unsubscribe = undefined;
  });

  return {
    state: computed(() => snapshot.value.state),
    status: computed(() => snapshot.value.status),
    connection: computed(() => snapshot.value.connection),
    error: computed(() => snapshot.value.error),
    client: computed(() => snapshot.value.client),
    control: computed(() => snapshot.value.control),
    typical: computed(() => snapshot.value.typical),
    retry: () => store.retry(),
    connect: () => store.connect(),
    disconnect: () => store.disconnect(),
    reset: () => store.reset(),
    cancel: () => store.cancel(),
    pause: () => store.pause(),
    resume: () => store.resume(),
    clearHistory: () => store.clearHistory(),
  };
}
