/** One dispatched server-sent event. */
export interface StreamMessage {
  /** The stream's last event ID when this event was dispatched; absent when it was empty. */
  id?: string;
  /** The event type: the `event:` field, or `message` when the server named none. */
  event: string;
  /** The event's data, multi-line data joined with `\n`. */
  data: string;
}

/**
 * Where the connection stands.
 * `idle` before `connect()`; `connecting` for the first request; `open` while a stream is
 * flowing; `reconnecting` while waiting for or making a retry; `offline` when the client has
 * given up (retries exhausted or a fatal error) until `connect()`/`retry()`; `closed` for good
 * (`close()`, a terminal event or HTTP 204).
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed';

/** What went wrong. */
export type StreamErrorKind =
  /** The request failed before a response (DNS, refused, reset, CORS) or the body broke. */
  | 'network'
  /** The server answered with a status that is not 200. */
  | 'http'
  /** 200, but not `text/event-stream`. */
  | 'content-type'
  /** 401 or 403 that no credential refresh could fix. */
  | 'auth'
  /** No byte arrived within `heartbeatTimeoutMs`: the connection was presumed dead. */
  | 'heartbeat'
  /** The fallback status poll failed. */
  | 'polling'
  /** The options cannot work (e.g. a URL that is not http or https). */
  | 'config'
  /** The mapping is invalid, or a function mapping threw (reported by the element). */
  | 'mapping';

export interface StreamErrorDetail {
  kind: StreamErrorKind;
  /** A human-readable explanation. Never contains request headers. */
  message: string;
  /** True when the client stopped because of this error and will not retry by itself. */
  fatal: boolean;
  /** The HTTP status, when there was a response. */
  status?: number;
}

export interface StatusDetail {
  status: ConnectionStatus;
  previous: ConnectionStatus;
  /**
   * The number of the reconnection attempt (1 … `maxRetries`) while `reconnecting`, the number
   * of consecutive failures when `offline`, otherwise 0.
   */
  attempt: number;
  /** While `reconnecting` and waiting: milliseconds until the next try. Absent while the try runs. */
  delayMs?: number;
  /** The error that caused this transition, if any. */
  error?: StreamErrorDetail;
}

export type HeadersProvider = HeadersInit | (() => HeadersInit | Promise<HeadersInit>);

export interface UnauthorizedContext {
  /** The HTTP status that triggered the hook (401). */
  status: number;
  /** The response, its body unread. */
  response: Response;
}

export interface PollingOptions {
  /** A URL that answers with the job's current status as JSON. */
  url: string | URL;
  /** How often to poll while the stream is down. Default 5000. */
  intervalMs?: number;
  /** The event name the polled data is dispatched under. Default `message`. */
  event?: string;
}

export interface StreamClientOptions {
  /** The event stream's URL (http or https). Never put credentials in it: use `headers`. */
  url: string | URL;
  /** Request headers, or a function asked again before every attempt (token refresh). */
  headers?: HeadersProvider;
  /** HTTP method. Default `GET`. */
  method?: string;
  /** Request body for `POST`-style streams, or a function producing a fresh one per attempt. */
  body?: BodyInit | null | (() => BodyInit | null);
  /** Fetch credentials mode. Default `same-origin`. */
  credentials?: RequestCredentials;
  /** No byte (comments included) for this long means the connection is dead. Default 45000; 0 disables. */
  heartbeatTimeoutMs?: number;
  /** Consecutive failed reconnection attempts before `offline`. Default 10. */
  maxRetries?: number;
  /** First reconnection delay; the server's `retry:` replaces it. Default 1000. */
  retryDelayMs?: number;
  /** Cap for the exponential backoff. Default 30000. */
  maxRetryDelayMs?: number;
  /** The id to resume from on the first request (sent as `Last-Event-ID`). */
  lastEventId?: string;
  /**
   * Remember the last event id in `sessionStorage` under this key, so that a page reload resumes
   * instead of restarting. The key is removed when a terminal event ends the stream.
   */
  persistKey?: string;
  /**
   * Called on 401. Refresh credentials and return `true` to retry at once (a second 401 in a row
   * is then fatal); return `false` to give up. Without it, a `headers` function is asked again
   * and the request retried once; static headers make 401 fatal.
   */
  onUnauthorized?: (context: UnauthorizedContext) => boolean | Promise<boolean>;
  /** Event types that end the job for good: seeing one closes the client instead of reconnecting. */
  terminalEvents?: readonly string[];
  /** A predicate for terminal messages, for formats that mark the end in the data. */
  isTerminal?: (message: StreamMessage) => boolean;
  /** Reconnect at once when the browser reports that the network is back. Default true. */
  reconnectOnOnline?: boolean;
  /** While the stream is down, poll a JSON status URL and dispatch what it returns. */
  polling?: PollingOptions;
  /** A `fetch` implementation. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Source of randomness for backoff jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** The events a `StreamClient` dispatches. */
export interface StreamClientEventMap {
  message: CustomEvent<StreamMessage>;
  status: CustomEvent<StatusDetail>;
  error: CustomEvent<StreamErrorDetail>;
}
