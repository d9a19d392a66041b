// useProgressStream: the progress state of one event stream, for React apps that render their
// own UI. A progress session (src/session) does the work; this hook hands it the latest props
// and reads its snapshot with useSyncExternalStore, so the component re-renders at most once
// per animation frame. No Lit and no element: only the session, the client and the mapping.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type MutableRefObject } from 'react';
import type { StreamClient } from '../client/stream-client.js';
import type {
  ConnectionStatus,
  HeadersProvider,
  StatusDetail,
  StreamClientOptions,
  StreamErrorDetail,
  StreamMessage,
  UnauthorizedContext,
} from '../client/types.js';
import type { Mapping, MappingFunction } from '../mapping/mapping-types.js';
import type { PresetName } from '../mapping/presets/index.js';
import type { ProgressState } from '../mapping/state.js';
import { isEnded } from '../mapping/statuses.js';
import { createProgressSession, type ProgressSession } from '../session/progress-session.js';
import type { ProgressSessionCallbacks, ProgressSessionOptions, ProgressSessionSnapshot } from '../session/types.js';

export interface UseProgressStreamOptions extends Pick<
  StreamClientOptions,
  | 'method'
  | 'credentials'
  | 'heartbeatTimeoutMs'
  | 'maxRetries'
  | 'retryDelayMs'
  | 'maxRetryDelayMs'
  | 'lastEventId'
  | 'persistKey'
  | 'terminalEvents'
  | 'isTerminal'
  | 'reconnectOnOnline'
  | 'polling'
  | 'fetch'
> {
  /** The event stream's URL. `null` or `undefined`: no connection (yet). */
  url: string | URL | null | undefined;
  /** How events become progress: a preset name, a declarative mapping or a function. Default `step-percent`. */
  mapping?: Mapping | MappingFunction | PresetName;
  /**
   * Request headers, or a (possibly async) function asked before every connection attempt.
   * The latest value is used; changing it does not reconnect.
   */
  headers?: HeadersProvider;
  /**
   * Called on 401: refresh credentials and return true to retry at once. Without it, a
   * `headers` function is asked again once; static headers make 401 final.
   */
  onUnauthorized?: (context: UnauthorizedContext) => boolean | Promise<boolean>;
  /** Request body for POST-style streams (the latest value is sent on every attempt). */
  body?: BodyInit | null | (() => BodyInit | null);
  /** Activity entries kept. Default 50. */
  activityLimit?: number;
  /**
   * The event a server sends when it cannot resume from the Last-Event-ID: the state then
   * starts over, with a feed line saying so. Default: none (`'reset'` is what
   * progress-stream/server sends).
   */
  resetEvent?: string;
  /** Set to false to close the connection (the state stays). Default true. */
  enabled?: boolean;
  /** Every message as it arrives, after it was applied to the state. */
  onMessage?: (message: StreamMessage, state: ProgressState) => void;
  /** The job (every job, for multi-job streams) completed. */
  onComplete?: (state: ProgressState) => void;
  /** The job failed. */
  onFailed?: (state: ProgressState) => void;
  /** The connection status changed. */
  onStatus?: (detail: StatusDetail) => void;
  /** The client or the mapping reported an error (see `detail.fatal`). */
  onError?: (detail: StreamErrorDetail) => void;
}

export interface ProgressStreamSnapshot {
  /** The progress of the job (or jobs) as the mapping sees it. */
  state: ProgressState;
  /** Where the connection stands: `idle` until connected and after `enabled: false`. */
  status: ConnectionStatus;
  /** The latest status change (attempt count and the delay before the next try). */
  connection: StatusDetail | null;
  /** The latest error; cleared when the stream is live again. */
  error: StreamErrorDetail | null;
}

export interface UseProgressStreamResult extends ProgressStreamSnapshot {
  /** The client of the current connection, if any. */
  client: StreamClient | null;
  /** Tries again now: skips a pending backoff wait, or starts again after `offline` or `closed`. */
  retry(): void;
  /** Forgets the progress shown (the connection stays as it is). */
  reset(): void;
}

type Latest = MutableRefObject<UseProgressStreamOptions>;

/** The hook's props as session options; `mounted` false keeps everything closed (render, SSR). */
function sessionOptions(options: UseProgressStreamOptions, mapping: MappingFunction, mounted: boolean): ProgressSessionOptions {
  const { url, activityLimit, enabled = true, resetEvent, headers, onUnauthorized, body, polling, terminalEvents, isTerminal } = options;
  return {
    src: url,
    // A function mapping written inline is a new function on every render: the session gets
    // one stable function that calls the latest, so that it keeps its state.
    mapping: typeof options.mapping === 'function' ? mapping : (options.mapping ?? 'step-percent'),
    feedLimit: activityLimit,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs,
    maxRetries: options.maxRetries,
    retryDelayMs: options.retryDelayMs,
    maxRetryDelayMs: options.maxRetryDelayMs,
    headers,
    onUnauthorized,
    body,
    polling,
    terminalEvents,
    isTerminal,
    method: options.method,
    credentials: options.credentials,
    lastEventId: options.lastEventId,
    persistKey: options.persistKey,
    reconnectOnOnline: options.reconnectOnOnline,
    fetch: options.fetch,
    resetEvent: resetEvent ?? '',
    text: { invalidMapping: 'Invalid mapping' },
    ready: enabled,
    active: mounted,
  };
}

/** The user's callbacks, read when they are due; none while not mounted (no calls during render). */
function sessionCallbacks(latest: Latest, live: MutableRefObject<boolean>): ProgressSessionCallbacks {
  return {
    message: (message, state, previous) => {
      if (!live.current) return;
      const callbacks = latest.current;
      callbacks.onMessage?.(message, state);
      if (state.status === previous.status || !isEnded(state.status)) return;
      if (state.status === 'complete') callbacks.onComplete?.(state);
      else if (state.status === 'failed') callbacks.onFailed?.(state);
    },
    status: (detail) => {
      if (live.current) latest.current.onStatus?.(detail);
    },
    error: (detail) => {
      if (live.current) latest.current.onError?.(detail);
    },
  };
}

function resultOf(snapshot: ProgressSessionSnapshot): ProgressStreamSnapshot & { client: StreamClient | null } {
  return {
    state: snapshot.state,
    // A mapping that cannot be built means no live updates at all.
    status: snapshot.issues.length > 0 ? 'offline' : snapshot.connection.status,
    connection: snapshot.statusDetail,
    error: snapshot.connection.error,
    // The hook never gives the session a client: the one it has is the StreamClient it made.
    client: (snapshot.client as StreamClient | undefined) ?? null,
  };
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
    const mapping: MappingFunction = (state, message, context) => {
      const current = latest.current.mapping;
      return typeof current === 'function' ? current(state, message, context) : state;
    };
    return { session: createProgressSession(sessionOptions(options, mapping, false), sessionCallbacks(latest, live)), mapping };
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
  return { ...resultOf(snapshot), retry, reset };
}
