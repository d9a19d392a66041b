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
  /**
   * An event (or a line) longer than `maxEventSize`. Always fatal: the connection is aborted,
   * and the client does not reconnect by itself, because a server resuming from the same id
   * would send the same event again. `retry()` or `connect()` tries anyway.
   */
  | 'too-large'
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

// The fetch types below are read off `RequestInit`, which both the DOM lib and @types/node
// declare, so that these declarations type-check in a Node project without the DOM lib (names
// such as HeadersInit or BodyInit exist only in the DOM lib).

/** What `fetch` accepts as headers: a `Headers`, pairs or a record. */
export type HeadersInitLike = NonNullable<RequestInit['headers']>;

/** What `fetch` accepts as a request body. */
export type BodyInitLike = NonNullable<RequestInit['body']>;

/** A fetch credentials mode: `omit`, `same-origin` or `include`. */
export type CredentialsMode = NonNullable<RequestInit['credentials']>;

/** A listener as `addEventListener` takes it (the DOM lib's EventListenerOrEventListenerObject). */
export type ClientEventListener = ((event: Event) => void) | { handleEvent(event: Event): void };

/** `addEventListener` options (the DOM lib's AddEventListenerOptions). */
export interface ClientListenerOptions {
  capture?: boolean;
  once?: boolean;
  passive?: boolean;
  signal?: AbortSignal;
}

/**
 * Header values: anything `Headers` accepts, or a record whose `undefined`/`null` entries are
 * left out (`{ Authorization: token ? `Bearer ${token}` : undefined }`).
 */
export type HeaderValues = HeadersInitLike | Record<string, string | null | undefined>;

/**
 * Headers, or a function asked before every attempt. `undefined`/`null` (a function with nothing
 * to add) means no headers. A function that throws or rejects is an `auth` error (retried); values
 * that cannot be sent (a line break, a character above U+00FF, an invalid name) are a fatal
 * `config` error whose message names the header, never its value.
 */
export type HeadersProvider = HeaderValues | (() => HeaderValues | null | undefined | Promise<HeaderValues | null | undefined>);

export interface UnauthorizedContext {
  /** The HTTP status that triggered the hook (401). */
  status: number;
  /** The response, its body unread. */
  response: Response;
}

export interface PollingOptions {
  /**
   * A URL that answers with the job's current status as JSON. Same rule as the stream's URL:
   * http(s) only, no credentials in it; any other URL is never fetched, and reported once as a
   * non-fatal `config` error (the stream itself carries on).
   */
  url: string | URL;
  /** How often to poll while the stream is down. Default 5000 (clamped to 2^31−1). */
  intervalMs?: number;
  /** The event name the polled data is dispatched under. Default `message`. */
  event?: string;
}

export interface StreamClientOptions {
  /**
   * The event stream's URL (http or https). Never put credentials in it: use `headers`. Any other
   * URL, and one with `user:password@`, is a fatal `config` error before any request.
   */
  url: string | URL;
  /** Request headers, or a function asked again before every attempt (token refresh). */
  headers?: HeadersProvider;
  /** HTTP method. Default `GET`. */
  method?: string;
  /** Request body for `POST`-style streams, or a function producing a fresh one per attempt. */
  body?: BodyInitLike | null | (() => BodyInitLike | null);
  /** Fetch credentials mode. Default `same-origin`. */
  credentials?: CredentialsMode;
  /**
   * No byte (comments included) for this long means the connection is dead. Default 45000;
   * 0 disables. Like every wait, clamped to 2^31−1 ms (what a timer can hold).
   */
  heartbeatTimeoutMs?: number;
  /**
   * Consecutive failed reconnection attempts before `offline`. Default 10. A connection that
   * delivered an event resets the count, but only a connection that stayed open 5 s or delivered
   * 5 events resets the backoff delay: a server that ends every response after an event gets
   * slower and slower reconnects (up to `maxRetryDelayMs`), not a request storm.
   */
  maxRetries?: number;
  /**
   * First reconnection delay; the server's `retry:` replaces it. Default 1000. No computed
   * delay is shorter than 500 ms (or this value, when it is shorter: tests, local tools), so a
   * server's `retry: 0` cannot cause a storm. `Retry-After: 0`, `retry()` and `online` still
   * retry at once.
   */
  retryDelayMs?: number;
  /**
   * Cap for the exponential backoff, and for the server's `Retry-After` (a server asking for
   * an hour waits this long; the status event's `delayMs` is the real wait). Default 30000.
   */
  maxRetryDelayMs?: number;
  /**
   * The id to resume from on the first request (sent as `Last-Event-ID`). Any text without NUL
   * survives: ids travel as UTF-8 header bytes, as native EventSource sends them, which
   * `@progress-stream/core/server` decodes. HTTP cannot carry leading/trailing spaces or tabs in a
   * header (fetch trims them), nor a line break (a fatal `config` error).
   */
  lastEventId?: string;
  /**
   * Remember the last event id in `sessionStorage` under this key, so that a page reload resumes
   * instead of restarting. The key is removed when a terminal event ends the stream.
   */
  persistKey?: string;
  /**
   * Called on 401. Refresh credentials and return `true` to retry at once (a second 401 in a row
   * is then fatal); return `false` to give up. Without it, a `headers` function is asked again
   * and the request retried once; static headers make 401 fatal. A hook that throws declines; a
   * hook that has not answered within `heartbeatTimeoutMs` (45000 when that is 0), and at least
   * 10 s, is given up on: a fatal `auth` error that says so.
   */
  onUnauthorized?: (context: UnauthorizedContext) => boolean | Promise<boolean>;
  /**
   * The longest event the client accepts, in characters (UTF-16 code units: what a string
   * holds; for ASCII text such as JSON, bytes) of data: its `data` lines joined with `\n`, with
   * the line being read added (field names such as `data: ` do not count; an id, event name or
   * comment counts while it is read). A longer one (or a line that never ends) aborts the
   * connection with a fatal `too-large` error instead of buffering without bound. Default 16 Mi
   * (16,777,216): a 16 MiB JSON value passes; `Infinity` removes the limit; a value that is not
   * a positive number gets the default.
   */
  maxEventSize?: number;
  /** Event types that end the job for good: seeing one closes the client instead of reconnecting. */
  terminalEvents?: readonly string[];
  /** A predicate for terminal messages, for formats that mark the end in the data. */
  isTerminal?: (message: StreamMessage) => boolean;
  /** Reconnect at once when the browser reports that the network is back. Default true. */
  reconnectOnOnline?: boolean;
  /** While the stream is down, poll a JSON status URL and dispatch what it returns. */
  polling?: PollingOptions;
  /**
   * Send the caller's `headers` on to another origin when a redirect leads there. Default false:
   * `fetch` itself only drops `Authorization` on such a redirect, and any other credential header
   * (`X-Api-Key`…) would reach the other origin. Where a redirect can be inspected (Node, Deno),
   * the client follows redirects itself (at most 20) and drops the caller's headers at the
   * first hop to another origin. In a page (or Worker), a stream on the page's origin follows
   * same-origin redirects with the headers (`mode: 'same-origin'`), and a hop to another origin
   * is refused by the browser before anything is sent there; a stream on another origin does
   * not follow redirects at all (the browser hides where they lead). Either refusal is a fatal
   * `config` error. Point `url` at the final address, or set this to true if every redirect
   * target may see the headers. Requests without caller headers follow redirects as `fetch` does.
   */
  crossOriginRedirectHeaders?: boolean;
  /** A `fetch` implementation. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Source of randomness for backoff jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /**
   * Share one connection with every other client of the same stream: in this page (or Worker,
   * or Node process), and across the tabs of this origin where `BroadcastChannel` and
   * `navigator.locks` exist. Streams are the same when their resolved URL, method, credentials
   * mode and `key` are equal (give POST streams with different bodies different keys). This
   * client stays a view of the shared stream: it dispatches the same events as an unshared one,
   * `connect()` joins, `close()` leaves (the last one out closes the connection), `retry()` asks
   * the connection to retry. The connection is made with the settings of the first client of the
   * tab that holds it; its `headers` are asked for every attempt and never leave that tab.
   * Default: not shared.
   */
  share?: boolean | ShareOptions;
}

/** How a stream is shared (see `StreamClientOptions.share`). */
export interface ShareOptions {
  /** Only clients with the same key share (in addition to URL, method and credentials mode). */
  key?: string;
}

/**
 * Where the connection of a shared client is: `holder` (this tab, Worker or process makes the
 * request) or `follower` (another tab does, and relays it). `undefined` when not shared or not
 * joined.
 */
export type ShareRole = 'holder' | 'follower';

/** The events a `StreamClient` dispatches. */
export interface StreamClientEventMap {
  message: CustomEvent<StreamMessage>;
  status: CustomEvent<StatusDetail>;
  error: CustomEvent<StreamErrorDetail>;
  /** A shared client's role changed (see `StreamClient.role`). */
  role: CustomEvent<ShareRole | undefined>;
}
