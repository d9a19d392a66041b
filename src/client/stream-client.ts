import { EventStreamContentType } from '@microsoft/fetch-event-source';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { EventStreamParser, type ParsedEvent } from './event-stream-parser.js';
import { lastEventIdStore, type LastEventIdStore } from './last-event-id-store.js';
import { classifyResponse } from './response-outcome.js';
import type {
  ConnectionStatus,
  StatusDetail,
  StreamClientEventMap,
  StreamClientOptions,
  StreamErrorDetail,
  StreamMessage,
} from './types.js';

const DEFAULT_HEARTBEAT_TIMEOUT_MS = 45_000;
const DEFAULT_MAX_RETRIES = 10;
const DEFAULT_RETRY_DELAY_MS = 1_000;
const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;
const DEFAULT_POLL_INTERVAL_MS = 5_000;
/** A flood is parsed in slices this big… */
const SLICE_BYTES = 64 * 1024;
/** …and after this long without a break, the page gets a turn (frames, timers, input). */
const BUSY_MS = 50;

type Timer = ReturnType<typeof setTimeout>;

/** Options with every default applied. */
interface ResolvedOptions extends StreamClientOptions {
  heartbeatTimeoutMs: number;
  maxRetries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  random: () => number;
}

/** The page URL relative URLs resolve against; undefined outside a page (Workers without one, Node). */
function pageBase(): string | undefined {
  return (globalThis as { location?: { href: string } }).location?.href;
}

function nonNegative(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/**
 * One server-sent-events connection over `fetch`, with the resilience a progress UI needs:
 * headers asked for on every attempt (token refresh), a 401 hook, heartbeat-timeout detection
 * of half-open connections, capped exponential backoff with full jitter, the server's `retry:`,
 * `Last-Event-ID` resume, terminal events, and optional fallback polling.
 *
 * It needs no DOM: it runs on a page, in a Web Worker and in Node 20.
 *
 * @example
 * const client = new StreamClient({
 *   url: '/jobs/42/events',
 *   headers: async () => ({ Authorization: `Bearer ${await getToken()}` }),
 * });
 * client.addEventListener('message', (e) => console.log(e.detail.event, e.detail.data));
 * client.addEventListener('status', (e) => console.log(e.detail.status));
 * client.connect();
 */
// The interface of the same name below adds typed addEventListener overloads, with no runtime code.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class StreamClient extends EventTarget {
  readonly #options: ResolvedOptions;
  readonly #store: LastEventIdStore | undefined;
  #status: ConnectionStatus = 'idle';
  #lastEventId: string | undefined;
  /** Consecutive failed requests since the last healthy connection. */
  #failures = 0;
  #retryBaseMs: number;
  /** Incremented by every attempt and every teardown, so callbacks of a stale attempt stop. */
  #generation = 0;
  #controller: AbortController | undefined;
  #retryTimer: Timer | undefined;
  #heartbeatTimer: Timer | undefined;
  #lastActivity = 0;
  #healthy = false;
  /** The previous request was answered 401 and this one retries with refreshed credentials. */
  #authRetry = false;
  #lastFailureKind: StreamErrorDetail['kind'] | undefined;
  #pollTimer: Timer | undefined;
  #pollController: AbortController | undefined;
  #listensForOnline = false;
  readonly #onOnline = (): void => {
    if (this.#status === 'reconnecting' && this.#retryTimer !== undefined) this.retry();
    else if (this.#status === 'offline' && (this.#lastFailureKind === 'network' || this.#lastFailureKind === 'heartbeat')) {
      this.retry();
    }
  };

  constructor(options: StreamClientOptions) {
    super();
    this.#options = {
      ...options,
      heartbeatTimeoutMs: nonNegative(options.heartbeatTimeoutMs, DEFAULT_HEARTBEAT_TIMEOUT_MS),
      maxRetries: Math.floor(nonNegative(options.maxRetries, DEFAULT_MAX_RETRIES)),
      retryDelayMs: nonNegative(options.retryDelayMs, DEFAULT_RETRY_DELAY_MS),
      maxRetryDelayMs: nonNegative(options.maxRetryDelayMs, DEFAULT_MAX_RETRY_DELAY_MS),
      random: options.random ?? Math.random,
    };
    this.#retryBaseMs = this.#options.retryDelayMs;
    this.#store = options.persistKey === undefined ? undefined : lastEventIdStore(options.persistKey);
    const stored = this.#store?.read();
    this.#lastEventId = options.lastEventId || stored || undefined;
  }

  /** Where the connection stands. */
  get status(): ConnectionStatus {
    return this.#status;
  }

  /** The id the next reconnect sends as `Last-Event-ID`. */
  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  /**
   * Opens the stream. Idempotent while connecting or connected; after `offline` it starts
   * again with a fresh retry count. Does nothing once `closed`.
   */
  connect(): void {
    if (this.#status !== 'idle' && this.#status !== 'offline') return;
    this.#listenForOnline(true);
    this.#failures = 0;
    this.#setStatus('connecting', 0);
    void this.#attempt();
  }

  /** Tries again now: skips a pending backoff wait, or restarts after `offline`. */
  retry(): void {
    if (this.#status === 'offline') {
      this.#stopPolling();
      this.connect();
    } else if (this.#status === 'reconnecting' && this.#retryTimer !== undefined) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
      this.#setStatus('reconnecting', this.#failures);
      void this.#attempt();
    }
  }

  /** Final: aborts the request and clears every timer and listener. The client cannot reopen. */
  close(): void {
    if (this.#status === 'closed') return;
    this.#shutdown();
    this.#setStatus('closed', 0);
  }

  // --- one request -------------------------------------------------------------------------

  async #attempt(): Promise<void> {
    this.#teardownRequest();
    // Only the attempt made right after a refreshed 401 may not refresh again: any other
    // outcome in between (a timeout, a dropped connection) makes the next 401 a new one.
    const retryingAfter401 = this.#authRetry;
    this.#authRetry = false;
    const generation = this.#generation;
    const controller = new AbortController();
    this.#controller = controller;
    this.#healthy = false;
    this.#armHeartbeat();

    const url = this.#resolveUrl();
    if (url === undefined) {
      this.#stop('offline', {
        kind: 'config',
        message: 'The stream URL must be an http(s) URL',
        fatal: true,
      });
      return;
    }

    let headers: Headers;
    try {
      headers = await this.#requestHeaders();
    } catch {
      if (generation === this.#generation) {
        this.#fail({ kind: 'auth', message: 'The headers function failed', fatal: false });
      }
      return;
    }
    if (generation !== this.#generation) return;

    let response: Response;
    try {
      const body = typeof this.#options.body === 'function' ? this.#options.body() : this.#options.body;
      response = await this.#fetch(url, { method: this.#options.method ?? 'GET', headers, body: body ?? null, signal: controller.signal });
    } catch {
      if (generation === this.#generation) {
        this.#fail({ kind: 'network', message: 'The request failed before a response arrived', fatal: false });
      }
      return;
    }
    if (generation !== this.#generation) {
      void response.body?.cancel().catch(() => undefined);
      return;
    }
    this.#lastActivity = Date.now();

    const outcome = classifyResponse(response);
    if (outcome.type !== 'open') void response.body?.cancel().catch(() => undefined);

    switch (outcome.type) {
      case 'open':
        await this.#read(response, generation);
        return;
      case 'done':
        this.#stop('closed', {
          kind: 'http',
          status: 204,
          message: 'The server has nothing more to send (HTTP 204)',
          fatal: true,
        });
        return;
      case 'unauthorized':
        if (!retryingAfter401 && (await this.#mayRetryUnauthorized(response))) {
          if (generation !== this.#generation) return;
          this.#authRetry = true;
          void this.#attempt();
        } else if (generation === this.#generation) {
          this.#stop('offline', {
            kind: 'auth',
            status: 401,
            message: 'The server requires authentication (HTTP 401)',
            fatal: true,
          });
        }
        return;
      case 'retry':
        this.#fail(
          { kind: 'http', status: outcome.status, message: outcome.message, fatal: false },
          parseRetryAfter(response.headers.get('retry-after'), Date.now()),
        );
        return;
      case 'fatal':
        this.#stop('offline', { kind: outcome.kind, status: outcome.status, message: outcome.message, fatal: true });
        return;
    }
  }

  async #read(response: Response, generation: number): Promise<void> {
    this.#setStatus('open', 0);
    this.#stopPolling();
    const parser = new EventStreamParser({
      onEvent: (event) => this.#deliver(event, generation),
      onLastEventId: (id) => {
        if (generation === this.#generation) this.#setLastEventId(id === '' ? undefined : id);
      },
      onRetry: (ms) => {
        if (generation === this.#generation) this.#retryBaseMs = ms;
      },
    }, this.#lastEventId ?? '');
    const body = response.body;
    if (body === null) {
      this.#fail(undefined);
      return;
    }
    const reader = body.getReader();
    let busySince = Date.now();
    try {
      for (;;) {
        const waitedSince = Date.now();
        const { done, value } = await reader.read();
        if (generation !== this.#generation) return;
        if (done) break;
        this.#lastActivity = Date.now();
        if (this.#lastActivity > waitedSince) busySince = this.#lastActivity; // the network kept us waiting
        // Reads of buffered data resolve as microtasks: a flood would hold the thread until it
        // is all parsed, with no frame rendered and no timer run. Parse in slices, and give the
        // page a turn after every BUSY_MS of continuous work.
        for (let offset = 0; offset < value.length; offset += SLICE_BYTES) {
          parser.pushBytes(value.subarray(offset, offset + SLICE_BYTES));
          if (generation !== this.#generation) return; // a listener closed us, or a terminal event
          if (Date.now() - busySince >= BUSY_MS) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            if (generation !== this.#generation) return;
            busySince = Date.now();
          }
        }
      }
    } catch {
      if (generation === this.#generation) {
        parser.end();
        this.#fail({ kind: 'network', message: 'The connection was lost', fatal: false });
      }
      return;
    } finally {
      if (generation !== this.#generation) void reader.cancel().catch(() => undefined);
    }
    parser.end();
    // The server ended the response normally: reconnect, as the spec says.
    this.#fail(undefined);
  }

  #deliver(event: ParsedEvent, generation: number): void {
    if (generation !== this.#generation) return;
    if (!this.#healthy) {
      // A connection that delivers an event is healthy: forget earlier failures.
      this.#healthy = true;
      this.#failures = 0;
    }
    const message: StreamMessage =
      event.lastEventId === ''
        ? { event: event.type, data: event.data }
        : { id: event.lastEventId, event: event.type, data: event.data };
    this.#dispatchMessage(message);
  }

  #dispatchMessage(message: StreamMessage): void {
    this.dispatchEvent(new CustomEvent('message', { detail: message }));
    if (this.#status === 'closed') return;
    if (this.#options.terminalEvents?.includes(message.event) || this.#options.isTerminal?.(message)) {
      this.#store?.write(undefined);
      this.#shutdown();
      this.#setStatus('closed', 0);
    }
  }

  /** Every request of the client: its fetch, its credentials mode, never from the HTTP cache. */
  #fetch(url: URL, init: RequestInit): Promise<Response> {
    return (this.#options.fetch ?? globalThis.fetch)(url, {
      ...init,
      credentials: this.#options.credentials ?? 'same-origin',
      cache: 'no-store',
    });
  }

  async #mayRetryUnauthorized(response: Response): Promise<boolean> {
    const hook = this.#options.onUnauthorized;
    if (hook === undefined) return typeof this.#options.headers === 'function';
    try {
      return (await hook({ status: response.status, response })) === true;
    } catch {
      return false;
    }
  }

  async #requestHeaders(): Promise<Headers> {
    const provided = this.#options.headers;
    const headers = new Headers(typeof provided === 'function' ? await provided() : provided);
    headers.set('accept', EventStreamContentType);
    headers.set('cache-control', 'no-cache');
    if (this.#lastEventId !== undefined) headers.set('last-event-id', this.#lastEventId);
    return headers;
  }

  #resolveUrl(): URL | undefined {
    try {
      const url = new URL(this.#options.url, pageBase());
      return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
    } catch {
      return undefined;
    }
  }

  // --- failure, backoff and the state machine ------------------------------------------------

  /** A request failed or ended: schedule a retry, or go offline when retries are used up. */
  #fail(error: StreamErrorDetail | undefined, retryAfterMs?: number): void {
    this.#teardownRequest();
    if (error) this.#lastFailureKind = error.kind;
    this.#failures += 1;
    if (this.#failures > this.#options.maxRetries) {
      const finalError: StreamErrorDetail = error
        ? { ...error, fatal: true }
        : { kind: 'network', message: 'The stream ended and could not be resumed', fatal: true };
      this.#emitError(finalError);
      this.#setStatus('offline', this.#failures, undefined, finalError);
      this.#startPolling();
      return;
    }
    if (error) this.#emitError(error);
    const delay =
      retryAfterMs ?? backoffDelay(this.#failures, this.#retryBaseMs, this.#options.maxRetryDelayMs, this.#options.random);
    this.#setStatus('reconnecting', this.#failures, delay, error);
    this.#startPolling();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#setStatus('reconnecting', this.#failures);
      void this.#attempt();
    }, delay);
  }

  /** Stops without retrying: `offline` (fatal error) or `closed` (204). */
  #stop(status: 'offline' | 'closed', error: StreamErrorDetail): void {
    this.#lastFailureKind = error.kind;
    if (status === 'closed') this.#shutdown();
    else this.#teardownRequest();
    this.#emitError(error);
    this.#setStatus(status, status === 'offline' ? Math.max(this.#failures, 1) : 0, undefined, error);
    if (status === 'offline') this.#startPolling();
  }

  #setStatus(status: ConnectionStatus, attempt: number, delayMs?: number, error?: StreamErrorDetail): void {
    const previous = this.#status;
    this.#status = status;
    const detail: StatusDetail = { status, previous, attempt };
    if (delayMs !== undefined) detail.delayMs = delayMs;
    if (error !== undefined) detail.error = error;
    this.dispatchEvent(new CustomEvent('status', { detail }));
  }

  #emitError(error: StreamErrorDetail): void {
    this.dispatchEvent(new CustomEvent('error', { detail: error }));
  }

  #setLastEventId(id: string | undefined): void {
    this.#lastEventId = id;
    this.#store?.write(id);
  }

  // --- timers and teardown ---------------------------------------------------------------------

  /**
   * One timer per request, re-armed lazily: bytes only stamp `#lastActivity`, so a fast stream
   * does not pay for a clearTimeout/setTimeout pair per chunk.
   */
  #armHeartbeat(): void {
    const timeout = this.#options.heartbeatTimeoutMs;
    if (timeout <= 0) return;
    this.#lastActivity = Date.now();
    const generation = this.#generation;
    const check = (): void => {
      if (generation !== this.#generation) return;
      const idle = Date.now() - this.#lastActivity;
      if (idle < timeout) {
        this.#heartbeatTimer = setTimeout(check, timeout - idle);
        return;
      }
      this.#heartbeatTimer = undefined;
      this.#fail({
        kind: 'heartbeat',
        message: `No data for ${timeout} ms: the connection was presumed dead`,
        fatal: false,
      });
    };
    this.#heartbeatTimer = setTimeout(check, timeout);
  }

  /** Ends the current request (if any) and invalidates its callbacks. */
  #teardownRequest(): void {
    this.#generation += 1;
    this.#controller?.abort();
    this.#controller = undefined;
    if (this.#heartbeatTimer !== undefined) clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = undefined;
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  /** Everything `close()` promises: no request, no timer, no listener left behind. */
  #shutdown(): void {
    this.#teardownRequest();
    this.#stopPolling();
    this.#listenForOnline(false);
  }

  #listenForOnline(on: boolean): void {
    if (this.#options.reconnectOnOnline === false || on === this.#listensForOnline) return;
    const target = globalThis as { addEventListener?: EventTarget['addEventListener']; removeEventListener?: EventTarget['removeEventListener'] };
    if (typeof target.addEventListener !== 'function' || typeof target.removeEventListener !== 'function') return;
    if (on) target.addEventListener('online', this.#onOnline);
    else target.removeEventListener('online', this.#onOnline);
    this.#listensForOnline = on;
  }

  // --- fallback polling --------------------------------------------------------------------------

  #startPolling(): void {
    const polling = this.#options.polling;
    if (polling === undefined || this.#pollTimer !== undefined || this.#pollController !== undefined) return;
    void this.#poll();
  }

  #stopPolling(): void {
    if (this.#pollTimer !== undefined) clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
    this.#pollController?.abort();
    this.#pollController = undefined;
  }

  async #poll(): Promise<void> {
    const polling = this.#options.polling;
    if (polling === undefined) return;
    this.#pollTimer = undefined;
    const controller = new AbortController();
    this.#pollController = controller;
    try {
      const provided = this.#options.headers;
      const headers = new Headers(typeof provided === 'function' ? await provided() : provided);
      headers.set('accept', 'application/json');
      const response = await this.#fetch(new URL(polling.url, pageBase()), { headers, signal: controller.signal });
      const text = await response.text();
      if (controller.signal.aborted) return;
      if (!response.ok) {
        this.#emitError({ kind: 'polling', status: response.status, message: `The status poll answered HTTP ${response.status}`, fatal: false });
      } else {
        JSON.parse(text); // only well-formed JSON reaches listeners (a parse error lands below)
        this.#dispatchMessage({ event: polling.event ?? 'message', data: text });
      }
    } catch {
      if (controller.signal.aborted) return;
      this.#emitError({ kind: 'polling', message: 'The status poll failed', fatal: false });
    }
    if (this.#pollController !== controller) return;
    this.#pollController = undefined;
    if (this.#status === 'reconnecting' || this.#status === 'offline') {
      this.#pollTimer = setTimeout(() => void this.#poll(), nonNegative(polling.intervalMs, DEFAULT_POLL_INTERVAL_MS));
    }
  }
}

// Typed listeners: `client.addEventListener('status', (e) => e.detail.status)`.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface StreamClient {
  addEventListener<K extends keyof StreamClientEventMap>(
    type: K,
    listener: (this: StreamClient, event: StreamClientEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof StreamClientEventMap>(
    type: K,
    listener: (this: StreamClient, event: StreamClientEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
}
