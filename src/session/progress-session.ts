// One progress session: a stream (a client it owns, or one it is given), a reducer built from a
// mapping, and the state and connection status they produce, published at most once per frame.
// The element and the React hook are views over it; nothing here knows Lit, React or the DOM.
import type { StatusDetail, StreamErrorDetail, StreamMessage } from '../client/types.js';
import type { DiagnosticsReport } from '../mapping/diagnostics.js';
import type { MappingIssue } from '../mapping/mapping-types.js';
import { createInitialState, type ProgressState } from '../mapping/state.js';
import { FrameScheduler } from './frame-scheduler.js';
import { buildMapping, DEFAULT_PRESET, mappingErrorText, mappingIdentity, type BuiltMapping } from './mapping-choice.js';
import { appliedNumbers } from './numbers.js';
import { RecentMessages } from './recent-messages.js';
import { SessionConnection, sourceOf } from './session-connection.js';
import type {
  ConnectionView,
  ProgressClient,
  ProgressSessionCallbacks,
  ProgressSessionOptions,
  ProgressSessionSnapshot,
  SessionListener,
  SessionText,
} from './types.js';

const DEFAULT_TEXT: SessionText = {
  invalidMapping: 'The mapping is invalid',
  startingOver: 'The server could not resume this stream; starting over',
  invalidSource: 'The stream URL must be an http(s) URL',
};
const COUNTDOWN_TICK_MS = 1000;

export class ProgressSession {
  #options: ProgressSessionOptions = {};
  readonly #callbacks: ProgressSessionCallbacks;
  #state: ProgressState = createInitialState();
  #built: BuiltMapping = { reducer: undefined, issues: [], terminal: {} };
  /** What the reducer was built from: [mapping identity, feed limit, debug]. */
  #builtFrom: readonly unknown[] = [];
  readonly #recent = new RecentMessages();
  readonly #connection: SessionConnection;
  #src: string | undefined;
  #closed = false;
  readonly #listeners = new Set<SessionListener>();
  readonly #frames = new FrameScheduler(() => this.#notify());
  /** Something changed since the last notification. */
  #dirty = false;
  #snapshot: ProgressSessionSnapshot;
  #countdown: ReturnType<typeof setInterval> | undefined;

  constructor(options: ProgressSessionOptions, callbacks: ProgressSessionCallbacks = {}) {
    this.#callbacks = callbacks;
    this.#connection = new SessionConnection({
      options: () => this.#options,
      text: () => this.text(),
      mappingInvalid: () => this.#built.issues.length > 0,
      isTerminal: (message) => this.#isTerminal(message),
      message: (message) => this.push(message),
      status: (detail) => this.#applyStatus(detail),
      error: (error) => this.#reportError(error),
      changed: () => this.#schedule(),
    });
    this.update(options);
    this.#snapshot = this.#buildSnapshot();
    this.#dirty = false;
  }

  /** The latest state (possibly not yet notified). */
  get state(): ProgressState {
    return this.#state;
  }

  /** The latest connection view (possibly not yet notified). */
  get connection(): ConnectionView {
    return this.#connection.binding.connection;
  }

  get issues(): readonly MappingIssue[] {
    return this.#built.issues;
  }

  get awaitingCredentials(): boolean {
    return this.#connection.gate.waiting;
  }

  /** The client feeding the session: the given one, or the one it created. */
  get client(): ProgressClient | undefined {
    return this.#connection.client;
  }

  get recent(): readonly StreamMessage[] {
    return this.#recent.items;
  }

  /** What the mapping's diagnostics recorded (only while `debug` is on). */
  diagnostics(): DiagnosticsReport | undefined {
    return this.#built.reducer?.diagnostics();
  }

  /**
   * Applies a new set of options. Only what changed restarts anything: an equal mapping keeps
   * the state; a new `src` is a new job (fresh state, resuming nothing); `headers` and
   * `onUnauthorized` apply from the next attempt; other connection options restart the
   * connection, resuming from the last event id.
   */
  update(options: ProgressSessionOptions): void {
    if (this.#closed) return;
    const previous = this.#options;
    this.#options = options;
    this.#ensureReducer();
    if (!options.debug) this.#recent.clear();
    const src = sourceOf(options);
    if (src !== this.#src) {
      const hadSource = this.#src !== undefined;
      this.#src = src;
      // A different stream is a different job: start from nothing, do not resume.
      if (hadSource) {
        this.#connection.forgetStream();
        this.reset();
      }
    }
    if (options.headers !== previous.headers || options.onUnauthorized !== previous.onUnauthorized) this.#connection.credentialsChanged();
    this.#connection.useExternal(options.client);
    this.#connection.setActive(options.active !== false);
    // A reconnection shown while the view was away (not on a page yet) counts down once it is.
    if (options.active === false) this.#stopCountdown();
    else this.#updateCountdown();
    this.#connection.sync();
  }

  /** Opens the stream (or re-opens it after `disconnect()`, or starts again when offline). */
  connect(): void {
    this.#connection.connect();
  }

  /** Closes the stream; the state stays. `connect()` resumes from the last event id. */
  disconnect(): void {
    this.#connection.disconnect();
  }

  /** Tries to reconnect now: skips a backoff wait, or starts again after `offline` or `closed`. */
  retry(): void {
    this.#connection.retry();
  }

  /** Applies one message, from the client or by hand (other transports, tests, stories). */
  push(message: StreamMessage): void {
    if (this.#options.debug) this.#recent.add(message);
    const resetEvent = this.#options.resetEvent ?? 'reset';
    if (resetEvent !== '' && message.event === resetEvent) {
      // Never mix the old job's state with what the server sends next: start over, visibly.
      const fresh = this.#initialState();
      this.#state = { ...fresh, activity: [{ seq: 1, at: Date.now(), level: 'warning', message: this.text().startingOver }] };
      this.#schedule();
      return;
    }
    const reducer = this.#built.reducer;
    if (reducer !== undefined) {
      const before = this.#state;
      try {
        this.#state = reducer(before, message);
      } catch (error) {
        // A function mapping threw: keep the last good state and say so.
        const reason = error instanceof Error ? `: ${error.message}` : '';
        this.#reportError({ kind: 'mapping', message: `The mapping failed on a "${message.event}" event${reason}`, fatal: false });
        this.#schedule();
        return;
      }
      this.#callbacks.message?.(message, this.#state, before);
    }
    this.#schedule();
  }

  /** Forgets the state (not the connection). */
  reset(): void {
    this.#state = this.#initialState();
    this.#recent.clear();
    this.#callbacks.reset?.();
    this.#schedule();
  }

  /** Shows a connection status without a client (stories, transports without `status` events). */
  showConnection(detail: StatusDetail): void {
    this.#applyStatus(detail);
  }

  /** Final: closes the own client, stops listening, clears every timer. */
  close(): void {
    this.#connection.closeOwnClient();
    this.#connection.binding.detach();
    this.#closed = true;
    this.#frames.cancel();
    this.#stopCountdown();
    this.#listeners.clear();
  }

  /** Calls `listener` after changes, at most once per animation frame (or timer, without frames). */
  readonly subscribe = (listener: SessionListener): (() => void) => {
    this.#listeners.add(listener);
    if (this.#dirty) this.#frames.schedule(!this.#connection.suspended);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#frames.cancel();
    };
  };

  /** The session as of the latest notification: the same object until the next one. */
  readonly getSnapshot = (): ProgressSessionSnapshot => this.#snapshot;

  /** Notifies now if a notification is pending (e.g. before a view goes away). */
  flush(): void {
    this.#frames.flush();
  }

  // --- mapping ---------------------------------------------------------------------------------

  /** The text in use (defaults for what the view does not word itself). */
  text(): SessionText {
    return { ...DEFAULT_TEXT, ...this.#options.text };
  }

  #initialState(): ProgressState {
    return this.#built.reducer?.initialState() ?? createInitialState();
  }

  /** Builds the reducer when what it depends on changed since it was built. */
  #ensureReducer(): void {
    const choice = this.#options.mapping ?? DEFAULT_PRESET;
    const activityLimit = appliedNumbers(this.#options).feedLimit;
    const diagnostics = this.#options.debug === true;
    const inputs = [mappingIdentity(choice), activityLimit, diagnostics];
    const previous = this.#builtFrom;
    if (previous.length > 0 && inputs.every((value, i) => Object.is(value, previous[i]))) return;
    // Only a different mapping invalidates the state; a new feed limit or debug flag keeps it.
    const sameMapping = previous.length > 0 && Object.is(inputs[0], previous[0]);
    this.#builtFrom = inputs;
    this.#built = buildMapping(choice, { activityLimit, diagnostics });
    if (!sameMapping || this.#built.reducer === undefined) this.reset();
    const { issues } = this.#built;
    if (issues.length > 0)
      this.#reportError({ kind: 'mapping', message: mappingErrorText(issues, this.text().invalidMapping), fatal: true });
  }

  #isTerminal(message: StreamMessage): boolean {
    const { terminal } = this.#built;
    const { terminalEvents, isTerminal } = this.#options;
    return (
      (terminal.terminalEvents?.includes(message.event) ?? false) ||
      (terminal.isTerminal?.(message) ?? false) ||
      (terminalEvents?.includes(message.event) ?? false) ||
      (isTerminal?.(message) ?? false)
    );
  }

  // --- connection ------------------------------------------------------------------------------

  #applyStatus(detail: StatusDetail): void {
    const previous = this.connection.status;
    this.#connection.binding.applyStatus(detail);
    this.#callbacks.status?.(detail, previous);
    this.#schedule();
  }

  #reportError(error: StreamErrorDetail): void {
    this.#connection.binding.showError(error);
    this.#callbacks.error?.(error);
    this.#schedule();
  }

  // --- notifications ---------------------------------------------------------------------------

  #schedule(): void {
    this.#dirty = true;
    // At once only while active: a view that is not on a page yet (an element given events
    // before it is inserted) hears of them with the next frame, once it is there to listen.
    if (this.#listeners.size > 0) this.#frames.schedule(!this.#connection.suspended);
  }

  #buildSnapshot(): ProgressSessionSnapshot {
    return {
      state: this.#state,
      connection: this.connection,
      statusDetail: this.#connection.binding.statusDetail,
      issues: this.#built.issues,
      awaitingCredentials: this.awaitingCredentials,
      recent: [...this.#recent.items],
      client: this.client,
      role: this.client?.role,
    };
  }

  #notify(): void {
    this.#dirty = false;
    this.#snapshot = this.#buildSnapshot();
    for (const listener of [...this.#listeners]) listener();
    this.#updateCountdown();
  }

  /** While a reconnection is pending, notify every second so that views can count down. */
  #updateCountdown(): void {
    const { status, retryAt } = this.connection;
    const counting = !this.#closed && !this.#connection.suspended && status === 'reconnecting' && retryAt !== null && retryAt > Date.now();
    if (counting && this.#countdown === undefined) {
      this.#countdown = setInterval(() => this.#notify(), COUNTDOWN_TICK_MS);
    } else if (!counting) {
      this.#stopCountdown();
    }
  }

  #stopCountdown(): void {
    if (this.#countdown !== undefined) clearInterval(this.#countdown);
    this.#countdown = undefined;
  }
}

/** A framework-neutral progress session (see `ProgressSession`). */
export function createProgressSession(options: ProgressSessionOptions = {}, callbacks: ProgressSessionCallbacks = {}): ProgressSession {
  return new ProgressSession(options, callbacks);
}
