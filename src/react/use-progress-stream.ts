// useProgressStream: the progress state of one event stream, for React apps that render their
// own UI. A progress session (src/session) does the work; this hook hands it the latest props
// and reads its snapshot with useSyncExternalStore, so the component re-renders at most once
// per animation frame. No Lit and no element: only the session, the client and the mapping.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { MappingFunction } from '../mapping/mapping-types.js';
import { createProgressSession, type ProgressSession } from '../session/progress-session.js';
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

export type { ProgressStreamControls, ProgressStreamSnapshot } from '../session/view-options.js';

/** The hook's options: those of every framework adapter (see src/session/view-options.ts). */
export type UseProgressStreamOptions = ProgressStreamOptions;

/** The value, and `cancel()`/`pause()`/`resume()`/`clearHistory()` (stable functions). */
export interface UseProgressStreamResult extends ProgressStreamSnapshot, ProgressStreamControls {
  /** Tries again now: skips a pending backoff wait, or starts again after `offline` or `closed`. */
  retry(): void;
  /** Forgets the progress shown (the connection stays as it is). */
  reset(): void;
}

/**
 * The live progress of an event stream, without the element.
 *
 * ```tsx
 * const { state, status } = useProgressStream({
 *   url: `/jobs/${jobId}/events`,
 *   mapping: 'batch-enrichment',
 *   headers: async () => ({ Authorization: `Bearer ${await getToken()}` }),
 *   onComplete: (state) => toast('Done'),
 * });
 * return <progress value={state.percent ?? undefined} max={100} />;
 * ```
 *
 * It connects in an effect, so server rendering returns the initial state and opens nothing.
 * A different `url` or declarative `mapping` (compared by content) starts from a fresh state;
 * a function `mapping` may be a new function on every render (the latest one is called).
 * Changes to the connection options reconnect and resume from the last event id; `headers`,
 * `onUnauthorized`, `body` and the callbacks are read when needed, so changing them does not.
 */
export function useProgressStream(options: UseProgressStreamOptions): UseProgressStreamResult {
  const latest = useRef(options);
  latest.current = options;
  const live = useRef(false);
  const [session] = useState((): { session: ProgressSession; mapping: MappingFunction } => {
    // A function mapping written inline is a new function on every render: the session gets
    // one stable function that calls the latest, so that it keeps its state.
    const mapping = stableMapping(() => latest.current);
    const callbacks = sessionCallbacks(
      () => latest.current,
      () => live.current,
    );
    return { session: createProgressSession(sessionOptions(options, mapping, false), callbacks), mapping };
  });
  const snapshot = useSyncExternalStore(session.session.subscribe, session.session.getSnapshot, session.session.getSnapshot);

  useEffect(() => {
    live.current = true;
    // A mapping that was already invalid at the first render is reported once mounted.
    const error = session.session.connection.error;
    if (error?.kind === 'mapping') latest.current.onError?.(error);
    return () => {
      live.current = false;
      // Not close(): StrictMode mounts again with the same session, which then resumes.
      session.session.update(sessionOptions(latest.current, session.mapping, false));
    };
  }, [session]);

  // Every commit hands the session the latest props; it restarts only what changed.
  useEffect(() => {
    session.session.update(sessionOptions(latest.current, session.mapping, true));
  });

  const retry = useCallback(() => session.session.retry(), [session]);
  const reset = useCallback(() => session.session.reset(), [session]);
  const controls = useMemo(() => controlsOf(session.session), [session]);
  return { ...snapshotOf(snapshot), retry, reset, ...controls };
}
