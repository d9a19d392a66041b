import { pumpBody } from './body-pump.js';
import { isEventStream } from './event-stream-type.js';
import { HeartbeatWatch } from './heartbeat-watch.js';
import { LazyPoller } from './lazy-poller.js';
import { lastEventIdStore, type LastEventIdStore } from './last-event-id-store.js';
import { MessageParser } from './message-parser.js';
import { MessageTarget } from './message-target.js';
import { OnlineListener } from './online-listener.js';
import { ReconnectPacing } from './reconnect-pacing.js';
import { RequestSender } from './request-sender.js';
import { resolveOptions, type ResolvedOptions } from './resolved-options.js';
import { ShareLink } from './shared/share-link.js';
import type * as Refusals from './refusals.js';
import type {
  ClientEventListener,
  ClientListenerOptions,
  ConnectionStatus,
  ShareRole,
  StatusDetail,
  StreamClientEventMap,
  StreamClientOptions,
  StreamErrorDetail,
  StreamMessage,
} from './types.js';

type Timer = ReturnType<typeof setTimeout>;

/**
 * One server-sent-events connection over `fetch`, with the resilience a progress UI needs:
 * headers asked for on every attempt (token refresh), a 401 hook, heartbeat-timeout detection
 * of half-open connections, capped exponential backoff with full jitter, the server's `retry:`,
 * `Last-Event-ID` resume, terminal events, a bound on event size, and optional fallback polling.
 * Its parts live in their own modules (pacing, polling, requests, parsing, `message` events);
 * this class keeps the request lifecycle and the state machine.
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
export class StreamClient extends MessageTarget {
  readonly #options: ResolvedOptions;
  readonly #store: LastEventIdStore | undefined;
  #status: ConnectionStatus = 'idle';
  #lastEventId: string | undefined;
  /** Failure count and backoff (see ReconnectPacing for the two rules). */
  readonly #pacing: ReconnectPacing;
  readonly #sender: RequestSender;
  /** Incremented by every attempt and every teardown, so callbacks of a stale attempt stop. */
  #generation = 0;
  #controller: AbortController | undefined;
  #retryTimer: Timer | undefined;
  readonly #heartbeat: HeartbeatWatch;
  /** The previous request was answered 401 and this one retries with refreshed credentials. */
  #authRetry = false;
  #lastFailureKind: StreamErrorDetail['kind'] | undefined;
  readonly #poller: LazyPoller | undefined;
  readonly #online: OnlineListener;
  /** With `share`: this client is a member (a view) of a shared stream, and makes no request. */
  readonly #link: ShareLink | undefined;
  #role: ShareRole | undefined;

  constructor(options: StreamClientOptions) {
    super();
    this.#options = resolveOptions(options);
    this.#online = new OnlineListener(options.reconnectOnOnline !== false, () => this.#onOnline());
    this.#pacing = new ReconnectPacing(this.#options);
    this.#sender = new RequestSender(options);
    const timeout = this.#options.heartbeatTimeoutMs;
    this.#heartbeat = new HeartbeatWatch(timeout, () =>
      this.#fail({ kind: 'heartbeat', message: `No data for ${timeout} ms: the connection was presumed dead`, fatal: false }),
    );
    this.#poller =
      options.polling &&
      new LazyPoller(options.polling, {
        sender: this.#sender,
        dispatch: (message) => this.#dispatchMessage(message),
        emitError: (error) => this.#emitError(error),
        stillDown: () => this.#status === 'reconnecting' || this.#status === 'offline',
      });
    this.#store = options.persistKey === undefined ? undefined : lastEventIdStore(options.persistKey);
    const stored = this.#store?.read();
    this.#lastEventId = options.lastEventId || stored || undefined;
    this.#link = options.share ? this.#shareLink(options) : undefined;
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
   * With `share`: `holder` when this tab (Worker, process) makes the shared stream's request,
   * `follower` when another tab does and relays it. `undefined` when not shared or not joined.
   */
  get role(): ShareRole | undefined {
    return this.#role;
  }

  /**
   * Opens the stream. Idempotent while connecting or connected; after `offline` it starts
   * again with a fresh retry count. Does nothing once `closed`.
   */
  connect(): void {
    if (this.#status !== 'idle' && this.#status !== 'offline') return;
    if (this.#link) {
      if (this.#status === 'offline') {
        this.#link.retry();
        return;
      }
      this.#setStatus('connecting', 0);
      this.#link.join();
      return;
    }
    this.#online.listen(true);
    this.#pacing.reset();
    this.#setStatus('connecting', 0);
    void this.#attempt();
  }

  /** Tries again now: skips a pending backoff wait, or restarts after `offline`. */
  retry(): void {
    if (this.#link) {
      if (this.#status === 'offline' || this.#status === 'reconnecting') this.#link.retry();
    } else if (this.#status === 'offline') {
      this.#poller?.stop();
      this.connect();
    } else if (this.#status === 'reconnecting' && this.#retryTimer !== undefined) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
      this.#setStatus('reconnecting', this.#pacing.failures);
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
    this.#pacing.attemptStarted();
    this.#heartbeat.start();

    const result = await this.#sender.openStream(this.#lastEventId, controller.signal);
    if ('abandoned' in result || generation !== this.#generation) {
      if ('response' in result) void result.response.body?.cancel().catch(() => undefined);
      return;
    }
    if ('error' in result) {
      if (result.error.fatal) this.#stop('offline', result.error);
      else this.#fail(result.error);
      return;
    }
    const { response } = result;
    this.#heartbeat.touch(Date.now());
    if (response.status === 200 && isEventStream(response.headers.get('content-type'))) await this.#read(response, generation);
    else await this.#refused(response, retryingAfter401, generation);
  }

  /**
   * A response that is not an event stream: an error status, a 204, a 401. What it means is code
   * that a client whose streams open never needs (refusals.ts), loaded by the first such response.
   */
  async #refused(response: Response, retryingAfter401: boolean, generation: number): Promise<void> {
    void response.body?.cancel().catch(() => undefined);
    const current = () => generation === this.#generation;
    const signal = this.#controller?.signal ?? new AbortController().signal;
    let code: typeof Refusals;
    try {
      code = await import('./refusals.js');
    } catch {
      if (current()) this.#fail({ kind: 'network', message: 'The request failed before a response arrived', fatal: false });
      return;
    }
    if (!current()) return;
    await code.handleRefusal(response, retryingAfter401, {
      options: this.#options,
      signal,
      current,
      stopHeartbeat: () => this.#heartbeat.stop(),
      stop: (status, error) => this.#stop(status, error),
      fail: (error, retryAfterMs) => this.#fail(error, retryAfterMs),
      retryAuthorized: () => {
        this.#authRetry = true;
        void this.#attempt();
      },
    });
  }

  async #read(response: Response, generation: number): Promise<void> {
    this.#setStatus('open', 0);
    this.#pacing.opened(Date.now());
    this.#poller?.stop();
    const parser = new MessageParser(
      {
        onLastEventId: (id) => {
          if (generation === this.#generation) this.#setLastEventId(id === '' ? undefined : id);
        },
        onRetry: (ms) => {
          if (generation === this.#generation) this.#pacing.setServerRetry(ms);
        },
        // Fatal: the server would send the same event again on resume. Stopping also ends the
        // read (the generation moves on), so nothing more of this body is buffered.
        onTooLarge: (max) => {
          const message = `An event longer than ${max} characters was refused (maxEventSize)`;
          if (generation === this.#generation) this.#stop('offline', { kind: 'too-large', message, fatal: true });
        },
      },
      (message) => {
        if (generation !== this.#generation) return;
        this.#pacing.delivered(); // a connection that delivers an event is healthy: failures start over
        this.#dispatchMessage(message);
      },
      this.#lastEventId ?? '',
      { maxEventSize: this.#options.maxEventSize },
    );
    const body = response.body;
    if (body === null) {
      this.#fail(undefined);
      return;
    }
    const result = await pumpBody(body.getReader(), {
      push: (bytes) => parser.pushBytes(bytes),
      onBytes: (now) => this.#heartbeat.touch(now),
      isCurrent: () => generation === this.#generation,
    });
    if (result === 'abandoned') return;
    parser.end();
    if (result === 'broken') this.#fail({ kind: 'network', message: 'The connection was lost', fatal: false });
    else this.#fail(undefined); // the server ended the response normally: reconnect, as the spec says
  }

  #dispatchMessage(message: StreamMessage): void {
    this.emitMessage(message);
    if (this.#status === 'closed') return;
    if (this.#options.terminalEvents?.includes(message.event) || this.#options.isTerminal?.(message)) {
      this.#store?.write(undefined);
      this.#shutdown();
      this.#setStatus('closed', 0);
    }
  }

  // --- failure, backoff and the state machine ------------------------------------------------

  /** A request failed or ended: schedule a retry, or go offline when retries are used up. */
  #fail(error: StreamErrorDetail | undefined, retryAfterMs?: number): void {
    this.#teardownRequest();
    if (error) this.#lastFailureKind = error.kind;
    const delay = this.#pacing.failed(Date.now(), retryAfterMs);
    const failures = this.#pacing.failures;
    if (delay === undefined) {
      const finalError: StreamErrorDetail = error
        ? { ...error, fatal: true }
        : { kind: 'network', message: 'The stream ended and could not be resumed', fatal: true };
      this.#emitError(finalError);
      this.#setStatus('offline', failures, undefined, finalError);
      this.#poller?.start();
      return;
    }
    if (error) this.#emitError(error);
    this.#setStatus('reconnecting', failures, delay, error);
    this.#poller?.start();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#setStatus('reconnecting', this.#pacing.failures);
      void this.#attempt();
    }, delay);
  }

  /** Stops without retrying: `offline` (fatal error) or `closed` (204). */
  #stop(status: 'offline' | 'closed', error: StreamErrorDetail): void {
    this.#lastFailureKind = error.kind;
    if (status === 'closed') this.#shutdown();
    else this.#teardownRequest();
    this.#emitError(error);
    this.#setStatus(status, status === 'offline' ? Math.max(this.#pacing.failures, 1) : 0, undefined, error);
    if (status === 'offline') this.#poller?.start();
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

  /** Ends the current request (if any) and invalidates its callbacks. */
  #teardownRequest(): void {
    this.#generation += 1;
    this.#controller?.abort();
    this.#controller = undefined;
    this.#heartbeat.stop();
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  /** Everything `close()` promises: no request, no timer, no listener left behind. */
  #shutdown(): void {
    this.#teardownRequest();
    this.#poller?.stop();
    this.#online.listen(false);
    this.#link?.leave();
    this.#setRole(undefined);
  }

  // --- a member of a shared stream (see shared/) -------------------------------------------------

  /** The member this client is: it shows the shared stream's messages, status and errors as its own. */
  #shareLink(options: StreamClientOptions): ShareLink {
    return new ShareLink({
      options,
      resumeId: () => this.#lastEventId,
      message: (message) => {
        if (this.#status === 'closed') return;
        this.#setLastEventId(message.id);
        this.#dispatchMessage(message);
      },
      status: (detail) => {
        // Joining: this client said `connecting` itself already.
        if (this.#status === 'closed' || (detail.status === 'connecting' && this.#status === 'connecting')) return;
        if (detail.status === 'closed') this.#shutdown();
        this.#setStatus(detail.status, detail.attempt, detail.delayMs, detail.error);
      },
      error: (error) => {
        if (this.#status !== 'closed') this.#emitError(error);
      },
      role: (role) => this.#setRole(role),
    });
  }

  #setRole(role: ShareRole | undefined): void {
    if (role === this.#role) return;
    this.#role = role;
    this.dispatchEvent(new CustomEvent('role', { detail: role }));
  }

  /** The network is back: skip a backoff wait, or leave `offline` if the network was the cause. */
  #onOnline(): void {
    if (this.#status === 'reconnecting' && this.#retryTimer !== undefined) this.retry();
    else if (this.#status === 'offline' && (this.#lastFailureKind === 'network' || this.#lastFailureKind === 'heartbeat')) {
      this.retry();
    }
  }
}

// Typed listeners: `client.addEventListener('status', (e) => e.detail.status)`.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface StreamClient {
  addEventListener<K extends keyof StreamClientEventMap>(
    type: K,
    listener: (this: StreamClient, event: StreamClientEventMap[K]) => unknown,
    options?: boolean | ClientListenerOptions,
  ): void;
  addEventListener(type: string, listener: ClientEventListener | null, options?: boolean | ClientListenerOptions): void;
  removeEventListener<K extends keyof StreamClientEventMap>(
    type: K,
    listener: (this: StreamClient, event: StreamClientEventMap[K]) => unknown,
    options?: boolean | Pick<ClientListenerOptions, 'capture'>,
  ): void;
  removeEventListener(type: string, listener: ClientEventListener | null, options?: boolean | Pick<ClientListenerOptions, 'capture'>): void;
}
