// useProgressStream: the progress state of one event stream, for React apps that render their
// own UI. A StreamClient feeds a reducer built from a mapping or preset; the component
// re-renders at most once per animation frame while the job runs, and at once when the
// connection changes or the job ends. No Lit and no element: only the client and the mapping.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { StreamClient } from '../client/stream-client.js';
import type {
  ConnectionStatus,
  HeadersProvider,
  StatusDetail,
  StreamClientOptions,
  StreamErrorDetail,
  StreamMessage,
  UnauthorizedContext,
} from '../client/types.js';
import { FrameScheduler } from '../element/internal/frame-scheduler.js';
import { clientOptionsFor } from '../mapping/client-options.js';
import type { Mapping, MappingFunction } from '../mapping/mapping-types.js';
import type { PresetName } from '../mapping/presets/index.js';
import { createReducer, type Reducer } from '../mapping/reducer.js';
import { createInitialState, type ProgressState } from '../mapping/state.js';
import { MappingValidationError } from '../mapping/validate.js';

export interface UseProgressStreamOptions
  extends Pick<
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

const IDLE: Omit<ProgressStreamSnapshot, 'state'> = { status: 'idle', connection: null, error: null };
const ENDED = new Set<ProgressState['status']>(['complete', 'failed', 'cancelled']);

/**
 * A value that stays the same while the mapping means the same: inline object literals are
 * compared by content, and any function counts as one (the latest is called, see below).
 */
function mappingKey(mapping: Mapping | MappingFunction | PresetName): unknown {
  if (typeof mapping === 'function') return 'function';
  if (typeof mapping !== 'object' || mapping === null) return mapping;
  try {
    return `json:${JSON.stringify(mapping)}`;
  } catch {
    return mapping;
  }
}

/** Holds the snapshot React reads; renders are coalesced to one per frame while the job runs. */
class ProgressStore {
  snapshot: ProgressStreamSnapshot;
  /** The latest reduced state, possibly not yet published. */
  current: ProgressState;
  readonly #listeners = new Set<() => void>();
  readonly #frames = new FrameScheduler(() => this.publish());

  constructor(initial: ProgressState) {
    this.current = initial;
    this.snapshot = { state: initial, ...IDLE };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#frames.cancel();
    };
  };

  readonly getSnapshot = (): ProgressStreamSnapshot => this.snapshot;

  /** A new state: published on the next frame, or now when `urgent`. */
  setState(state: ProgressState, urgent: boolean): void {
    this.current = state;
    if (urgent) this.publish();
    else this.#frames.schedule();
  }

  /** Connection changes are published at once, with the latest state. */
  update(change: Partial<Omit<ProgressStreamSnapshot, 'state'>>): void {
    this.snapshot = { ...this.snapshot, ...change };
    this.publish();
  }

  publish(): void {
    this.#frames.cancel();
    const next = this.snapshot.state === this.current ? this.snapshot : { ...this.snapshot, state: this.current };
    this.snapshot = next;
    for (const listener of [...this.#listeners]) listener();
  }
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
  const { url, mapping = 'step-percent', activityLimit, enabled = true } = options;
  const latest = useRef(options);
  latest.current = options;

  const mapKey = mappingKey(mapping);
  // The mapping's identity is its key: an inline object literal does not rebuild the reducer.
  const built = useMemo((): { reducer?: Reducer; terminal?: ReturnType<typeof clientOptionsFor>; error?: StreamErrorDetail } => {
    try {
      // A function mapping written inline is a new function on every render: call the latest one.
      const source: Mapping | MappingFunction | PresetName =
        typeof mapping === 'function'
          ? (state, message, context) => {
              const current = latest.current.mapping;
              return typeof current === 'function' ? current(state, message, context) : state;
            }
          : mapping;
      const reducer = createReducer(source, activityLimit === undefined ? {} : { activityLimit });
      return { reducer, terminal: clientOptionsFor(mapping) };
    } catch (error) {
      const first = error instanceof MappingValidationError ? error.errors[0] : undefined;
      const message = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : error instanceof Error ? error.message : String(error);
      return { error: { kind: 'mapping', message: `Invalid mapping: ${message}`, fatal: true } };
    }
  }, [mapKey, activityLimit]);

  const [store] = useState(() => new ProgressStore(built.reducer?.initialState() ?? createInitialState()));
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const [client, setClient] = useState<StreamClient | null>(null);
  const [generation, setGeneration] = useState(0);
  const clientRef = useRef<StreamClient | null>(null);
  const resumeId = useRef<string | undefined>(undefined);
  const stateKeyRef = useRef<unknown[] | undefined>(undefined);

  const href = url === null || url === undefined ? undefined : String(url);
  const stateKey = [href, mapKey, activityLimit];
  const connectionKey = JSON.stringify([
    href,
    options.method,
    options.credentials,
    options.heartbeatTimeoutMs,
    options.maxRetries,
    options.retryDelayMs,
    options.maxRetryDelayMs,
    options.lastEventId,
    options.persistKey,
    options.terminalEvents,
    options.reconnectOnOnline,
    options.polling === undefined ? undefined : [String(options.polling.url), options.polling.intervalMs, options.polling.event],
  ]);

  useEffect(() => {
    // A different stream or mapping is a different job: start from nothing, do not resume.
    const previous = stateKeyRef.current;
    if (previous !== undefined && !stateKey.every((value, i) => Object.is(value, previous[i]))) {
      resumeId.current = undefined;
      store.setState(built.reducer?.initialState() ?? createInitialState(), true);
    }
    stateKeyRef.current = stateKey;

    const { reducer, terminal } = built;
    if (built.error) {
      store.update({ status: 'offline', error: built.error });
      latest.current.onError?.(built.error);
      return;
    }
    if (!enabled || href === undefined || reducer === undefined) return;

    const opts = latest.current;
    const userTerminal = opts.isTerminal;
    const mappingTerminal = terminal?.isTerminal;
    const terminalEvents = [...(terminal?.terminalEvents ?? []), ...(opts.terminalEvents ?? [])];
    const lastEventId = resumeId.current ?? opts.lastEventId;
    const stream = new StreamClient({
      url: href,
      headers: () => {
        const headers = latest.current.headers;
        return typeof headers === 'function' ? headers() : (headers ?? {});
      },
      // Same rule as the client's own: a headers function gets one refresh-and-retry on 401.
      onUnauthorized: (context) => {
        const current = latest.current;
        return current.onUnauthorized ? current.onUnauthorized(context) : typeof current.headers === 'function';
      },
      ...(opts.body !== undefined
        ? {
            body: () => {
              const body = latest.current.body;
              return typeof body === 'function' ? body() : (body ?? null);
            },
          }
        : {}),
      ...(opts.method !== undefined ? { method: opts.method } : {}),
      ...(opts.credentials !== undefined ? { credentials: opts.credentials } : {}),
      ...(opts.heartbeatTimeoutMs !== undefined ? { heartbeatTimeoutMs: opts.heartbeatTimeoutMs } : {}),
      ...(opts.maxRetries !== undefined ? { maxRetries: opts.maxRetries } : {}),
      ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
      ...(opts.maxRetryDelayMs !== undefined ? { maxRetryDelayMs: opts.maxRetryDelayMs } : {}),
      ...(lastEventId !== undefined ? { lastEventId } : {}),
      ...(opts.persistKey !== undefined ? { persistKey: opts.persistKey } : {}),
      ...(opts.reconnectOnOnline !== undefined ? { reconnectOnOnline: opts.reconnectOnOnline } : {}),
      ...(opts.polling !== undefined ? { polling: opts.polling } : {}),
      ...(opts.fetch !== undefined ? { fetch: opts.fetch } : {}),
      ...(terminalEvents.length > 0 ? { terminalEvents } : {}),
      ...(userTerminal || mappingTerminal
        ? { isTerminal: (message: StreamMessage) => (mappingTerminal?.(message) ?? false) || (userTerminal?.(message) ?? false) }
        : {}),
    });

    const onMessage = (event: CustomEvent<StreamMessage>): void => {
      const before = store.current;
      const next = reducer(before, event.detail);
      const ended = next.status !== before.status && ENDED.has(next.status);
      store.setState(next, ended);
      const callbacks = latest.current;
      callbacks.onMessage?.(event.detail, next);
      if (ended && next.status === 'complete') callbacks.onComplete?.(next);
      if (ended && next.status === 'failed') callbacks.onFailed?.(next);
    };
    const onStatus = (event: CustomEvent<StatusDetail>): void => {
      const detail = event.detail;
      store.update({
        status: detail.status,
        connection: detail,
        ...(detail.status === 'open' ? { error: null } : {}),
      });
      latest.current.onStatus?.(detail);
    };
    const onError = (event: CustomEvent<StreamErrorDetail>): void => {
      store.update({ error: event.detail });
      latest.current.onError?.(event.detail);
    };
    stream.addEventListener('message', onMessage);
    stream.addEventListener('status', onStatus);
    stream.addEventListener('error', onError);
    clientRef.current = stream;
    setClient(stream);
    stream.connect();

    return () => {
      stream.removeEventListener('message', onMessage);
      stream.removeEventListener('status', onStatus);
      stream.removeEventListener('error', onError);
      // Reconnecting with other options (or re-enabling) resumes where this one stopped.
      resumeId.current = stream.lastEventId;
      stream.close();
      if (clientRef.current === stream) clientRef.current = null;
      setClient((current) => (current === stream ? null : current));
      store.update({ status: 'idle', connection: null });
    };
    // connectionKey and `built` stand for the options; functions are read through `latest`.
  }, [connectionKey, built, enabled, generation, store]);

  const retry = useCallback((): void => {
    const current = clientRef.current;
    if (current === null || current.status === 'closed') setGeneration((n) => n + 1);
    else current.retry();
  }, []);

  const reset = useCallback((): void => {
    store.setState(built.reducer?.initialState() ?? createInitialState(), true);
  }, [store, built]);

  return { ...snapshot, client, retry, reset };
}
