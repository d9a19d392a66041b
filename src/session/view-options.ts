// The options and the value of a progress stream as the framework adapters (the React hook, the
// Svelte store, the Vue composable) take and give them, and their translation to and from a
// progress session: written once here, so the adapters differ only in how they subscribe.
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
import type { ControlView, JobActions } from './job-control.js';
import type { HistoryStorage } from './run-history.js';
import type { TypicalDuration } from './typical-duration.js';
import type { ProgressSessionCallbacks, ProgressSessionOptions, ProgressSessionSnapshot } from './types.js';

export interface ProgressStreamOptions extends Pick<
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
  | 'share'
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
   * @progress-stream/core/server sends).
   */
  resetEvent?: string;
  /** Set to false to close the connection (the state stays). Default true. */
  enabled?: boolean;
  /** A running job without progress for this long is `stalled` (no ETA then). Default 30000; 0 = never. */
  stallAfterMs?: number;
  /** Keep the durations of completed runs under this key: `typical`, and an early ETA from them. */
  historyKey?: string;
  /** Where `historyKey` keeps them. Default `localStorage` when usable; null: nowhere. */
  historyStorage?: HistoryStorage | null;
  /** `cancel()`/`pause()`/`resume()` POST here, with `headers` and `credentials` (no body). */
  cancelUrl?: string | URL;
  pauseUrl?: string | URL;
  resumeUrl?: string | URL;
  /** The app's own cancel/pause/resume (each wins over its URL). */
  actions?: JobActions;
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

/** What the adapters show: the same fields as React's useProgressStream returns. */
export interface ProgressStreamSnapshot {
  /** The progress of the job (or jobs) as the mapping sees it. */
  readonly state: ProgressState;
  /** Where the connection stands: `idle` until connected and after `enabled: false`. */
  readonly status: ConnectionStatus;
  /** The latest status change (attempt count and the delay before the next try). */
  readonly connection: StatusDetail | null;
  /** The latest error; cleared when the stream is live again. */
  readonly error: StreamErrorDetail | null;
  /** The client of the current connection, if any. */
  readonly client: StreamClient | null;
  /** What `cancel()`/`pause()`/`resume()` can do now, the one pending, the last refusal. */
  readonly control: ControlView;
  /** How long runs under `historyKey` usually take (null without a key or a recorded run). */
  readonly typical: TypicalDuration | null;
}

/** What every adapter offers besides its value: the session's job control and history. */
export interface ProgressStreamControls {
  /** Asks for the job to be cancelled: true when the server (2xx) or `actions.cancel` accepted it. */
  cancel(): Promise<boolean>;
  pause(): Promise<boolean>;
  resume(): Promise<boolean>;
  /** Forgets the recorded runs under `historyKey`. */
  clearHistory(): void;
}

/** The adapter methods of a session. */
export function controlsOf(session: ProgressStreamControls): ProgressStreamControls {
  return {
    cancel: () => session.cancel(),
    pause: () => session.pause(),
    resume: () => session.resume(),
    clearHistory: () => session.clearHistory(),
  };
}

/**
 * The adapter's options as session options. `mapping` is the adapter's one stable function
 * that calls the latest function mapping (see `stableMapping`); `active` false keeps
 * everything closed (no subscriber yet, server rendering, after the last one left).
 */
export function sessionOptions(options: ProgressStreamOptions, mapping: MappingFunction, active: boolean): ProgressSessionOptions {
  const { url, activityLimit, enabled = true, resetEvent } = options;
  return {
    src: url,
    mapping: typeof options.mapping === 'function' ? mapping : (options.mapping ?? 'step-percent'),
    feedLimit: activityLimit,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs,
    maxRetries: options.maxRetries,
    retryDelayMs: options.retryDelayMs,
    maxRetryDelayMs: options.maxRetryDelayMs,
    headers: options.headers,
    onUnauthorized: options.onUnauthorized,
    body: options.body,
    polling: options.polling,
    terminalEvents: options.terminalEvents,
    isTerminal: options.isTerminal,
    method: options.method,
    credentials: options.credentials,
    lastEventId: options.lastEventId,
    persistKey: options.persistKey,
    reconnectOnOnline: options.reconnectOnOnline,
    fetch: options.fetch,
    share: options.share,
    resetEvent: resetEvent ?? '',
    stallAfterMs: options.stallAfterMs,
    historyKey: options.historyKey,
    historyStorage: options.historyStorage,
    cancelUrl: options.cancelUrl,
    pauseUrl: options.pauseUrl,
    resumeUrl: options.resumeUrl,
    actions: options.actions,
    text: { invalidMapping: 'Invalid mapping' },
    ready: enabled,
    active,
  };
}

/**
 * One function that calls the latest function mapping. A function written inline in a getter
 * or a component is a new function on every change: the session, which compares functions by
 * identity, keeps its state because it always sees this one.
 */
export function stableMapping(latest: () => ProgressStreamOptions): MappingFunction {
  return (state, message, context) => {
    const current = latest().mapping;
    return typeof current === 'function' ? current(state, message, context) : state;
  };
}

/** The user's callbacks, read when they are due, and only while `live()` (someone is listening). */
export function sessionCallbacks(latest: () => ProgressStreamOptions, live: () => boolean): ProgressSessionCallbacks {
  return {
    message: (message, state, previous) => {
      if (!live()) return;
      const callbacks = latest();
      callbacks.onMessage?.(message, state);
      if (state.status === previous.status || !isEnded(state.status)) return;
      if (state.status === 'complete') callbacks.onComplete?.(state);
      else if (state.status === 'failed') callbacks.onFailed?.(state);
    },
    status: (detail) => {
      if (live()) latest().onStatus?.(detail);
    },
    error: (detail) => {
      if (live()) latest().onError?.(detail);
    },
  };
}

/** The adapter's value for one session snapshot. */
export function snapshotOf(snapshot: ProgressSessionSnapshot): ProgressStreamSnapshot {
  return {
    state: snapshot.state,
    // A mapping that cannot be built means no live updates at all.
    status: snapshot.issues.length > 0 ? 'offline' : snapshot.connection.status,
    connection: snapshot.statusDetail,
    error: snapshot.connection.error,
    // The adapters never give the session a client: the one it has is the StreamClient it made.
    client: (snapshot.client as StreamClient | undefined) ?? null,
    control: snapshot.control,
    typical: snapshot.typical,
  };
}
