// An in-browser stand-in for StreamClient: it replays a recorded stream in real time and goes
// through the same connection states, so that the element's connection handling can be seen
// (and tested) without a server, in the static Storybook too.
//
// The "server" runs the job on its own clock from the first connect. While the connection is
// up, events arrive when the server sends them; while it is down they are kept, and the next
// connection receives them at once, as a server with a replay buffer answers `Last-Event-ID`.
import type { ConnectionStatus, StatusDetail, StreamErrorDetail, StreamMessage } from '../../src/client/types.js';
import type { ProgressClient } from '../../src/session/types.js';
import type { RecordedEvent } from './recordings.js';

/**
 * What goes wrong, once, after `faultAfter` events:
 * - `drop`: the connection is lost; the client reconnects after its backoff delay.
 * - `stall`: the connection stays open but goes silent; the heartbeat timeout notices.
 * - `503`: the connection is lost and the next `failedAttempts` reconnection attempts are
 *   answered 503 (a deploy); more than `maxRetries` of them end `offline`.
 * - `401`: the connection is lost and the reconnection is refused (HTTP 401): `offline` at
 *   once, as with static headers. Retry (credentials refreshed) reconnects.
 */
export type Fault = 'none' | 'drop' | 'stall' | '503' | '401';

export interface MockStreamOptions {
  events: readonly RecordedEvent[];
  /** 1 is real time, 2 twice as fast. Default 1. */
  speed?: number;
  /** Time to open a connection, in ms. Default 250. */
  latencyMs?: number;
  fault?: Fault;
  /** Events delivered before the fault. Default: half of them. */
  faultAfter?: number;
  /** For `503`: reconnection attempts answered 503 before one succeeds. Default 2. */
  failedAttempts?: number;
  /** Consecutive failed reconnection attempts before `offline`. Default 10. */
  maxRetries?: number;
  /** First reconnection delay. Default 1000. */
  retryDelayMs?: number;
  /** Backoff cap. Default 30000. */
  maxRetryDelayMs?: number;
  /** Silence that counts as a dead connection. Default 45000; 0 disables. */
  heartbeatTimeoutMs?: number;
  /** Events after which the server sends nothing more (as `clientOptionsFor(preset)` says). */
  terminalEvents?: readonly string[];
  isTerminal?: (message: StreamMessage) => boolean;
}

type Timer = ReturnType<typeof setTimeout>;

export class MockStreamClient extends EventTarget implements ProgressClient {
  readonly #options: Required<Omit<MockStreamOptions, 'isTerminal' | 'terminalEvents'>> &
    Pick<MockStreamOptions, 'isTerminal' | 'terminalEvents'>;
  readonly #messages: StreamMessage[];
  #status: ConnectionStatus = 'idle';
  #lastEventId: string | undefined;
  /** Index of the next event to deliver. */
  #cursor = 0;
  /** Server clock: epoch ms at which the job started (first connect). */
  #serverStart: number | undefined;
  #failures = 0;
  #faultDone = false;
  #failingAttempts = 0;
  #refuseAuth = false;
  #stalled = false;
  #timers = new Set<Timer>();
  #deliveryTimer: Timer | undefined;
  #heartbeatTimer: Timer | undefined;
  #retryTimer: Timer | undefined;
  /** Incremented per connection attempt so that callbacks of an old one stop. */
  #generation = 0;

  constructor(options: MockStreamOptions) {
    super();
    this.#options = {
      speed: 1,
      latencyMs: 250,
      fault: 'none',
      faultAfter: Math.floor(options.events.length / 2),
      failedAttempts: 2,
      maxRetries: 10,
      retryDelayMs: 1000,
      maxRetryDelayMs: 30_000,
      heartbeatTimeoutMs: 45_000,
      ...options,
    };
    this.#messages = options.events.map((e, i) => ({ id: String(i + 1), event: e.event, data: JSON.stringify(e.data) }));
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  connect(): void {
    if (this.#status !== 'idle' && this.#status !== 'offline') return;
    this.#failures = 0;
    this.#setStatus('connecting', 0);
    this.#attempt();
  }

  retry(): void {
    if (this.#status === 'offline') {
      // The person fixed what was wrong (signed in again, the network is back).
      this.#refuseAuth = false;
      this.#failingAttempts = 0;
      this.connect();
    } else if (this.#status === 'reconnecting' && this.#retryTimer !== undefined) {
      this.#clear(this.#retryTimer);
      this.#retryTimer = undefined;
      this.#setStatus('reconnecting', this.#failures);
      this.#attempt();
    }
  }

  close(): void {
    if (this.#status === 'closed') return;
    this.#shutdown();
    this.#setStatus('closed', 0);
  }

  // --- one connection ----------------------------------------------------------------------

  #attempt(): void {
    const generation = ++this.#generation;
    this.#later(() => {
      if (generation !== this.#generation) return;
      if (this.#refuseAuth) {
        this.#stopOffline({ kind: 'auth', status: 401, message: 'The server requires authentication (HTTP 401)', fatal: true });
      } else if (this.#failingAttempts > 0) {
        this.#failingAttempts -= 1;
        this.#fail({ kind: 'http', status: 503, message: 'The server answered HTTP 503', fatal: false });
      } else {
        this.#open(generation);
      }
    }, this.#options.latencyMs);
  }

  #open(generation: number): void {
    this.#serverStart ??= Date.now();
    this.#stalled = false;
    this.#setStatus('open', 0);
    this.#deliverDue(generation);
  }

  /** Delivers every event the server has sent by now, then waits for the next one. */
  #deliverDue(generation: number): void {
    if (generation !== this.#generation || this.#status !== 'open' || this.#stalled) return;
    const elapsed = (Date.now() - (this.#serverStart ?? Date.now())) * this.#options.speed;
    while (this.#cursor < this.#messages.length && (this.#options.events[this.#cursor]?.at ?? 0) <= elapsed) {
      if (this.#injectFault(generation)) return;
      const message = this.#messages[this.#cursor]!;
      this.#cursor += 1;
      this.#deliver(message);
      if (generation !== this.#generation || this.#status !== 'open') return;
    }
    if (this.#injectFault(generation)) return;
    const next = this.#options.events[this.#cursor];
    if (next === undefined) return; // The script is over; the channel stays open.
    const wait = Math.max(0, next.at / this.#options.speed - (Date.now() - (this.#serverStart ?? Date.now())));
    this.#clear(this.#deliveryTimer);
    this.#deliveryTimer = this.#later(() => this.#deliverDue(generation), wait);
  }

  #deliver(message: StreamMessage): void {
    this.#lastEventId = message.id;
    // A connection that delivers an event is healthy: earlier failures are forgotten. (While
    // the server is not silent it also sends heartbeat comments, so only a stall times out.)
    this.#failures = 0;
    this.dispatchEvent(new CustomEvent('message', { detail: message }));
    if (this.#status === 'closed') return;
    if (this.#options.terminalEvents?.includes(message.event) || this.#options.isTerminal?.(message)) {
      this.#shutdown();
      this.#setStatus('closed', 0);
    }
  }

  /** Starts the configured fault once its moment has come. True when delivery must stop. */
  #injectFault(generation: number): boolean {
    const { fault, faultAfter } = this.#options;
    if (fault === 'none' || this.#faultDone || this.#cursor < faultAfter) return false;
    this.#faultDone = true;
    switch (fault) {
      case 'drop':
        this.#fail({ kind: 'network', message: 'The connection was lost', fatal: false });
        return true;
      case '503':
        this.#failingAttempts = this.#options.failedAttempts;
        this.#fail({ kind: 'network', message: 'The connection was lost', fatal: false });
        return true;
      case '401':
        this.#refuseAuth = true;
        this.#fail({ kind: 'network', message: 'The connection was lost', fatal: false });
        return true;
      case 'stall':
        // Silence: no events, no comments. Only the heartbeat timer can notice.
        this.#stalled = true;
        this.#clear(this.#deliveryTimer);
        this.#awaitHeartbeat(generation);
        return true;
    }
  }

  /** A silent connection: after `heartbeatTimeoutMs` without a byte it is presumed dead. */
  #awaitHeartbeat(generation: number): void {
    const timeout = this.#options.heartbeatTimeoutMs;
    if (timeout <= 0) return; // Nothing notices: the bar would freeze, as with a hand-made client.
    this.#heartbeatTimer = this.#later(() => {
      if (generation !== this.#generation || this.#status !== 'open') return;
      this.#fail({ kind: 'heartbeat', message: `No data for ${timeout} ms: the connection was presumed dead`, fatal: false });
    }, timeout);
  }

  // --- failure and backoff, as StreamClient does it --------------------------------------------

  #fail(error: StreamErrorDetail): void {
    this.#endConnection();
    this.#failures += 1;
    if (this.#failures > this.#options.maxRetries) {
      this.#stopOffline({ ...error, fatal: true });
      return;
    }
    this.#emitError(error);
    const { retryDelayMs, maxRetryDelayMs } = this.#options;
    const delay = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** (this.#failures - 1));
    this.#setStatus('reconnecting', this.#failures, delay, error);
    this.#retryTimer = this.#later(() => {
      this.#retryTimer = undefined;
      this.#setStatus('reconnecting', this.#failures);
      this.#attempt();
    }, delay);
  }

  #stopOffline(error: StreamErrorDetail): void {
    this.#endConnection();
    this.#emitError(error);
    this.#setStatus('offline', Math.max(this.#failures, 1), undefined, error);
  }

  #endConnection(): void {
    this.#generation += 1;
    this.#clear(this.#deliveryTimer);
    this.#clear(this.#heartbeatTimer);
    this.#deliveryTimer = undefined;
    this.#heartbeatTimer = undefined;
  }

  #shutdown(): void {
    this.#endConnection();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#retryTimer = undefined;
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

  #later(callback: () => void, ms: number): Timer {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      callback();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  #clear(timer: Timer | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(timer);
  }
}
